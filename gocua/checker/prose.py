"""Shares written the long way round, read sentence by sentence after the plain ratios.

Real letters rarely write ``1.328/1.929 (68,84%)``. They write:

- a count and its total joined by ``/`` with words on both sides:
  ``1.204 cụm loa/1.310 thôn, bản, tổ dân phố, đạt tỷ lệ 91,9%``;
- the total first and the part later: ``đã cấp 1.500 tài khoản … chỉ có 1.020 tài khoản
  được kích hoạt, đạt tỉ lệ 68%`` (the same noun, the larger count first);
- a share of the figure just before: ``1.204 cụm loa, trong đó có 1.105 cụm loa hoạt
  động, đạt 91,8%`` (1.105 over 1.204, not over the thôn counted earlier);
- ``trong số 3.245 người …, có 2.108 người …, chiếm 65,0%``;
- a percent first and its ratio later in the sentence: ``có 76,3% hộ … (1.526 hộ trên
  tổng số 2.000 hộ)``;
- what is left: ``còn 120 thôn chưa có, chiếm 9,2%`` beside 1.204 of 1.310 (checked:
  1.310 − 1.204 = 106);
- parts of a stated total: ``35 buổi, gồm: 12 buổi …, 10 buổi … và 11 buổi …``.

Each rule needs the words that make it unambiguous; a percent none of them explains
stays *unverifiable* (listed as such, never counted as right). Pure, no database.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from gocua.checker.ratios import (
    CONNECTOR_END,
    Figure,
    Parts,
    Reading,
    StatedPercent,
    age_of,
    clause_bounds,
    tight,
    window,
)
from gocua.checker.vocabulary import (
    HOUSEHOLD_NOUNS,
    INT,
    INT_END,
    PEOPLE_NOUNS,
    indicator_of,
    parse_int,
)

# A number and the noun after it: "1.204 cụm loa", "3.245 người" (not a ratio's part).
_COUNTED = re.compile(
    rf"(?<![\w.,/-])(?P<n>{INT}){INT_END}(?!\s*/)\s+(?P<noun>[a-z]+(?:\s+[a-z]+)?)"
)
# Nouns of two words: the first alone would say something else ("hồ sơ" is not "hộ").
_TWO_WORD_NOUNS = {
    "ho so",
    "tai khoan",
    "cum loa",
    "thue bao",
    "hoc sinh",
    "tin bai",
    "khu pho",
    "ho gia",
    "ho dan",
    "nguoi dan",
    "cong dan",
    "nhan khau",
    "truong hop",
    "thanh vien",
    "doanh nghiep",
    "diem truy",
    "may tinh",
    "dien thoai",
}
_WORDY_RATIO = re.compile(
    rf"(?<![\w.,/-])(?P<num>{INT}){INT_END}\s+(?P<w1>[a-z]+(?:\s+[a-z]+){{0,3}})\s*/\s*"
    rf"(?P<den>{INT}){INT_END}(?P<w2>(?:,?\s+[a-z]+){{0,8}})"
)
_SENTENCE_BREAK = re.compile(r"\.(?=\s)|\.$")
_LEFT_WORD = re.compile(r"(?<![a-z])con(?:\s+lai)?\s*:?\s*$")  # "còn 120 thôn"
_NOT_YET = re.compile(r"(?<![a-z])(?:chua|khong)(?![a-z])")
_OF_WHICH = re.compile(r"(?<![a-z])trong do\s*:?\s*(?:(?:chi\s+)?co\s+|co\s+tong\s+(?:so\s+)?)?$")
_AMONG = re.compile(r"(?<![a-z])trong\s+(?:tong\s+)?so\s*$")
_INCLUDES = re.compile(r"(?<![a-z])(?P<word>bao gom|gom|trong do)\s*:?")
# "3/5 khu phố đạt 100%": the neighbourhoods reached 100%, 3/5 is not that share
_UNITS_AT_END = re.compile(r"(?:khu phố|thôn|tổ dân phố|thành viên|khu pho|thon|to dan pho)\s*$")
_OTHER_BASE = re.compile(r"\s*(?:dan so|tong so|so dan|tong dan so|cua (?:tong|toan))(?![a-z])")
_POWERS_OF_TEN = {100, 1_000, 10_000, 100_000}
_RANK = re.compile(r"(?<![a-z])(?:xep|dung|vi)\s+(?:thu|hang)(?:\s+thu)?\s*:?\s*$")


# "Tổng số hộ: 2.350; số hộ có tài khoản thanh toán: 1.880, đạt 80%": counts named first.
_LABELLED_TOTAL = re.compile(
    rf"(?<![a-z])tong so\s+(?P<noun>[a-z]+(?:\s+[a-z]+)?)[^:;\d]{{0,40}}?(?::|\s+la)\s*"
    rf"(?P<n>{INT}){INT_END}"
)
_LABELLED_PART = re.compile(
    rf"(?<![a-z])so\s+(?P<noun>[a-z]+(?:\s+[a-z]+)?)[^:;\d]{{0,80}}?(?::|\s+la)\s*"
    rf"(?P<n>{INT}){INT_END}"
)


@dataclass
class _Count:
    value: int
    noun: str  # the noun's key: "nguoi", "ho", "cum loa", "ho so"
    start: int
    end: int


def read_prose(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    spans: list[tuple[int, int]],
    first_figure: int,
    first_percent: int,
) -> list[tuple[int, int]]:
    """Add the figures this line states the long way round; return the new spans.

    ``first_figure`` and ``first_percent`` say where the line's own figures and percents
    start in the reading (work stays proportional to the line, not the letter)."""
    on_line = [p for p in reading.percents[first_percent:] if p.start >= 0]
    if not on_line:
        return _parts(reading, line, low, number, spans)
    counts = _counts(low, spans)
    taken: list[StatedPercent] = []
    new_spans: list[tuple[int, int]] = []
    for stated in on_line:
        if stated.relative:
            continue
        figure = (
            _wordy_ratio(reading, line, low, number, stated, spans + new_spans)
            or _orphan_ratio(low, stated, on_line, reading.figures[first_figure:])
            or _left_over(
                reading, line, low, number, stated, counts, reading.figures[first_figure:]
            )
            or _share(reading, line, low, number, stated, counts)
            or _labelled(reading, line, low, number, stated)
        )
        if figure is None:
            continue
        taken.append(stated)
        if figure.start >= 0:
            new_spans.append((figure.start, figure.end))
    if taken:
        kept = [p for p in reading.percents[first_percent:] if not any(p is t for t in taken)]
        reading.percents[first_percent:] = kept
    return new_spans + _parts(reading, line, low, number, spans + new_spans)


def _tail(low: str, end: int, width: int = 40) -> str:
    """The words just before ``end`` (the patterns ending in ``$`` look at these only)."""
    return low[max(0, end - width) : end]


def _key(noun: str) -> str:
    words = noun.split()
    if len(words) > 1 and " ".join(words[:2]) in _TWO_WORD_NOUNS:
        key = " ".join(words[:2])
    else:
        key = words[0]
    if key in PEOPLE_NOUNS or key == "nguoi":
        return "nguoi"
    if key in HOUSEHOLD_NOUNS or key == "ho gia":
        return "ho"
    return key


def _counts(low: str, spans: list[tuple[int, int]]) -> list[_Count]:
    found = []
    for match in _COUNTED.finditer(low):
        if any(start <= match.start() < end for start, end in spans):
            continue
        if low[match.end("noun") : match.end("noun") + 1] == "/":
            continue
        found.append(
            _Count(parse_int(match["n"]), _key(match["noun"]), match.start(), match.end("n"))
        )
    return found


def _sentence(low: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start..end`` (its breaks found once per line)."""
    starts, ends = _sentence_breaks(low)
    before = bisect.bisect_right(ends, start)
    after = bisect.bisect_left(starts, end)
    left = ends[before - 1] if before else 0
    if start > 0 and low[start - 1] == ".":
        left = start
    return left, (starts[after] if after < len(starts) else len(low))


@functools.lru_cache(maxsize=8)
def _sentence_breaks(low: str) -> tuple[list[int], list[int]]:
    matches = list(_SENTENCE_BREAK.finditer(low))
    return [m.start() for m in matches], [m.end() for m in matches]


def _percent_follows(low: str, end: int, stated: StatedPercent) -> bool:
    """Only words that lead to a share stand between a count and the percent."""
    gap = low[end : stated.start]
    if re.search(r"\d|;", gap) or len(gap) > 140:
        return False
    return tight(gap) or bool(CONNECTOR_END.search(gap))


def _new_figure(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    numerator: int,
    denominator: int,
    stated: StatedPercent,
    start: int,
    *,
    noun: str,
    span: bool = True,
) -> Figure:
    left, _ = _sentence(low, start, stated.end)
    topic = low[left : stated.end]
    indicator = indicator_of(topic)
    text = line[start : stated.end].strip(" ,;:(")
    if len(text) > 160:
        text = text[:70].rstrip() + " … " + text[-70:].lstrip()
    figure = Figure(
        text=text,
        numerator=numerator,
        denominator=denominator,
        stated_percent=stated.value,
        stated_decimals=stated.decimals,
        indicator=indicator,
        line=number,
        excerpt=window(line, start, stated.end),
        age=age_of(topic, indicator),
        population="households"
        if noun == "ho" or indicator == "household_skills"
        else "residents"
        if noun == "nguoi"
        else "other",
        start=start if span else -1,
        end=stated.end if span else -1,
    )
    reading.figures.append(figure)
    return figure


def _wordy_ratio(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    stated: StatedPercent,
    spans: list[tuple[int, int]],
) -> Figure | None:
    """``1.204 cụm loa/1.310 thôn, bản, đạt tỷ lệ 91,9%``: words around the slash."""
    left, _ = clause_bounds(low, stated.start, stated.start)
    best = None
    for match in _WORDY_RATIO.finditer(low, left, stated.start):
        if any(s <= match.start() < e for s, e in spans):
            continue
        best = match
    if best is None:
        return None
    denominator = parse_int(best["den"])
    if denominator in _POWERS_OF_TEN or _RANK.search(_tail(low, best.start())):
        return None  # "2.150 thuê bao/10.000 dân" is a density
    # the words after the total may run into the connector: "thôn, bản, đạt tỷ lệ"
    if not _percent_follows(low, best.end("den"), stated):
        return None
    return _new_figure(
        reading,
        line,
        low,
        number,
        parse_int(best["num"]),
        denominator,
        stated,
        best.start(),
        noun=_key(best["w1"]),
    )


def _orphan_ratio(
    low: str,
    stated: StatedPercent,
    on_line: list[StatedPercent],
    line_figures: list[Figure],
) -> Figure | None:
    """``Có 76,3% hộ … (1.526 hộ trên tổng số 2.000 hộ)``: the sentence's one ratio without
    a percent and its one percent belong together."""
    left, right = _sentence(low, stated.start, stated.end)
    shares = [p for p in on_line if not p.relative and left <= p.start < right]
    orphans = [f for f in line_figures if f.start >= 0 and left <= f.start < right]
    lonely = [
        f for f in orphans if f.stated_percent is None and not _UNITS_AT_END.search(f.text.lower())
    ]
    if len(shares) != 1 or len(orphans) != 1 or len(lonely) != 1:
        return None
    figure = lonely[0]
    figure.stated_percent, figure.stated_decimals = stated.value, stated.decimals
    return figure


def _left_over(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    stated: StatedPercent,
    counts: list[_Count],
    line_figures: list[Figure],
) -> Figure | None:
    """``còn 120 thôn chưa có, chiếm 9,2%``: what is left of the figure before it."""
    part = _count_before(low, stated, counts)
    if part is None or not _LEFT_WORD.search(_tail(low, part.start)):
        return None
    if not _NOT_YET.search(low, part.end, stated.start):
        return None
    left, _ = _sentence(low, part.start, part.end)
    before = [f for f in line_figures if f.start >= 0 and left <= f.start < part.start]
    if not before:
        return None
    whole = before[-1]
    figure = _new_figure(
        reading,
        line,
        low,
        number,
        part.value,
        whole.denominator,
        stated,
        part.start,
        noun=part.noun,
    )
    figure.complement_of = (whole.numerator, whole.denominator)
    return figure


def _labelled(
    reading: Reading, line: str, low: str, number: int, stated: StatedPercent
) -> Figure | None:
    """``Tổng số hộ: 2.350; số hộ có tài khoản: 1.880, đạt 80%``: the same noun named
    before each number, the total first."""
    left, _ = _sentence(low, stated.start, stated.end)
    clause_left, _ = clause_bounds(low, stated.start, stated.start)
    parts = [
        m
        for m in _LABELLED_PART.finditer(low, clause_left, stated.start)
        if _percent_follows(low, m.end("n"), stated)
    ]
    if not parts:
        return None
    part = parts[-1]
    totals = [
        m
        for m in _LABELLED_TOTAL.finditer(low, left, part.start())
        if _key(m["noun"]) == _key(part["noun"])
    ]
    if not totals or parse_int(totals[-1]["n"]) <= parse_int(part["n"]):
        return None
    total = totals[-1]
    return _new_figure(
        reading,
        line,
        low,
        number,
        parse_int(part["n"]),
        parse_int(total["n"]),
        stated,
        total.start(),
        noun=_key(part["noun"]),
    )


def _count_before(low: str, stated: StatedPercent, counts: list[_Count]) -> _Count | None:
    left, _ = clause_bounds(low, stated.start, stated.start)
    before = [c for c in counts if left <= c.start and c.end <= stated.start]
    if not before or not _percent_follows(low, before[-1].end, stated):
        return None
    return before[-1]


def _share(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    stated: StatedPercent,
    counts: list[_Count],
) -> Figure | None:
    """A part and its total written apart: ``trong số D …, có K``, ``D …, trong đó có K``,
    or the same noun counted twice, the total first."""
    part = _count_before(low, stated, counts)
    if part is None or _LEFT_WORD.search(_tail(low, part.start)):
        return None  # what is left is read by _left_over, or not at all
    if _OTHER_BASE.match(low, stated.end):
        return None  # "chiếm 0,5% dân số": a share of a base the sentence does not count
    left, _ = _sentence(low, part.start, part.end)
    earlier = [c for c in counts if left <= c.start and c.end <= part.start]
    if not earlier:
        return None
    among = [c for c in earlier if _AMONG.search(_tail(low, c.start))]
    whole = None
    if among:
        whole = among[-1]
    elif _OF_WHICH.search(_tail(low, part.start)):
        whole = earlier[-1]
    else:
        same = [c for c in earlier if c.noun == part.noun and c.value > part.value]
        whole = same[-1] if same else None
    if whole is None or whole.value == 0:
        return None
    return _new_figure(
        reading,
        line,
        low,
        number,
        part.value,
        whole.value,
        stated,
        whole.start,
        noun=part.noun,
    )


def _parts(
    reading: Reading, line: str, low: str, number: int, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    counts = _counts(low, spans)
    for match in _INCLUDES.finditer(low):
        left, right = _sentence(low, match.start(), match.end())
        _, clause_end = clause_bounds(low, match.end(), match.end())
        before = [c for c in counts if left <= c.start and c.end <= match.start()]
        if not before:
            continue
        total = before[-1]
        if re.search(r"\d", low[total.end : match.start()]) or "%" in low[match.end() : clause_end]:
            continue
        parts = [
            c
            for c in counts
            if match.end() <= c.start and c.end <= min(right, clause_end) and c.noun == total.noun
        ]
        if len(parts) < 2:
            continue
        reading.parts.append(
            Parts(
                total=total.value,
                parts=[c.value for c in parts],
                complete=match["word"] != "trong do",
                noun=total.noun,
                line=number,
                excerpt=window(line, total.start, parts[-1].end, before=60, after=60),
            )
        )
    return []
