"""The figures of a letter's prose, read from its lines: pure functions, no database.

- ratios with the percent stated beside them (``Tỷ lệ 1.328/1.929 (đạt 68,84%)``,
  ``1.412 người/2.525 người, đạt 55%``, ``1328/1929 = 68.84%``, ``đạt 49% (1.246/2.525)``,
  ``1.328 người trên tổng số 1.929 người``) and the indicator each speaks of;
- counts with their nouns (``35 buổi``, ``1.246.000 người dân``, ``2.525 hộ``), and which
  of them are the sessions held, the residents guided or a population;
- percents stated without a ratio (``đạt 55%``).

Nothing is invented: a date (``26/6/2023``, ``tháng 6/2023``), a document symbol
(``389/UBND-VHTT``, ``09-NQ/TU``), ``24/7`` or ``mức độ 3, 4`` is not a figure.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from gocua.checker.letter_header import LetterFacts
from gocua.checker.vocabulary import (
    COUNT_NOUNS,
    HOUSEHOLD_NOUNS,
    INT,
    INT_END,
    NOUN_ALTERNATIVES,
    PEOPLE_NOUNS,
    RATIO_INDICATORS,
    RATIO_NOUNS,
    alternatives,
    diacritics_agree,
    fold_keep_length,
    indicator_of,
    is_relative,
    parse_int,
    parse_percent,
)
from gocua.lib.numbers import percent

_RATIO = re.compile(
    rf"(?<![\w.,/-])(?P<num>{INT}){INT_END}"
    rf"(?:\s*(?P<noun1>{NOUN_ALTERNATIVES})(?![a-z]))?"
    r"(?P<sep>\s*/\s*|\s*,?\s*(?:tren tong so|tren tong|trong tong so|trong so|tren)\s+)"
    r"(?:(?:tong so|tong)\s*:?\s*)?"
    rf"(?P<den>{INT}){INT_END}(?!\s*/\s*\d|-\d)"
    rf"(?:\s*(?P<noun2>{NOUN_ALTERNATIVES})(?![a-z]))?"
)
_PERCENT = re.compile(r"(?<![\w.,+±-])(?P<value>\d{1,3}(?:[.,]\d+)?)\s*(?:%|phan tram(?![a-z]))")
_AGE = re.compile(r"(?<!\d)(\d{1,2})\s*tuoi(?![a-z])")
_NOT_FIGURES = re.compile(
    r"(?<!\d)\d{1,2}\s*tuoi(?![a-z])|muc(?: do)?\s*\d(?:\s*[,;]\s*\d)*(?:\s*(?:va|,)\s*\d)?"
)
_TIGHT_PERCENT = re.compile(r"\s*\(?\s*(?:dat\s*)?\d{1,3}(?:[.,]\d+)?\s*%")
_DATE_WORD_BEFORE = re.compile(r"(?:ngay|thang|hom|sang|chieu|toi)\s*:?\s*$")
# "xếp thứ 7/34", "đứng thứ 3/18", "xếp hạng 12/63": a rank, not a share
_RANK_BEFORE = re.compile(r"(?<![a-z])(?:xep|dung|vi)\s+(?:thu|hang)(?:\s+thu)?\s*:?\s*$")
_RANGE_WORD_BEFORE = re.compile(r"(?:tu|den)\s*:?\s*$")
_EVIDENCE_BEFORE = re.compile(r"(?:ty le|ti le|dat|ket qua|so lieu)\s*[:=(]?\s*$")
_SUB_UNIT = re.compile(
    r"(?<![a-z])(?P<word>khu pho|kp|thon|to dan pho|to|ap|ban|khu)\s*(?:so\s*)?(?=\w)"
)
_NAMED_SUB_UNITS = {"khu pho", "thon", "to dan pho", "kp"}
_COUNT = re.compile(
    rf"(?<![\w.,/-])(?P<n>{INT}){INT_END}(?!\s*/\s*\d)\s*"
    rf"(?P<noun>{alternatives(list(COUNT_NOUNS))})(?![a-z])"
)
_GUIDED_WORDS = ("huong dan", "ho tro", "giup")
_POPULATION_WORDS = ("dan so", "tong so", "toan phuong", "toan xa", "tren dia ban co", "quy mo")

# What the reading gives --------------------------------------------------------------------


@dataclass
class Figure:
    """A ratio ``numerator/denominator`` and the percent the letter states for it."""

    text: str
    numerator: int
    denominator: int
    stated_percent: Decimal | None
    stated_decimals: int
    indicator: str | None
    line: int
    excerpt: str
    age: int | None = None  # the population's minimum age, when the letter says it
    population: str = "other"  # residents, households or other
    sub_unit: bool = False  # about one neighbourhood, not the whole ward
    table: int | None = None  # which table block, for the sums of its rows
    column: int = 0  # the ratio's place in its table row
    total_row: bool = False
    start: int = -1  # where it stands on its line (-1: a table row)
    end: int = -1
    # a share stated for what is left ("còn 120 thôn chưa có"): the part and total beside it
    complement_of: tuple[int, int] | None = None

    @property
    def computed_percent(self) -> float | None:
        return percent(self.numerator, self.denominator)


@dataclass
class Count:
    """A number with its noun: ``35 buổi``, ``1.246.000 người dân``."""

    text: str
    value: int
    noun: str
    kind: str  # residents, visits, households, sessions, meetings, members, ...
    role: str | None  # guided, sessions, population, or None
    line: int
    excerpt: str


@dataclass
class StatedPercent:
    """A percent stated without a ratio beside it: ``đạt 55%``."""

    text: str
    value: Decimal
    decimals: int
    indicator: str | None
    relative: bool  # against a plan or target ("đạt 105% kế hoạch"), not a share
    line: int
    excerpt: str
    start: int = -1
    end: int = -1


@dataclass
class Parts:
    """A total and the parts listed after it (``35 buổi, gồm: 12 buổi …, 10 buổi …``)."""

    total: int
    parts: list[int]
    complete: bool  # "gồm": the parts make the whole; "trong đó": some of it
    noun: str
    line: int
    excerpt: str


@dataclass
class Reading:
    lines: list[str]
    figures: list[Figure] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    percents: list[StatedPercent] = field(default_factory=list)
    parts: list[Parts] = field(default_factory=list)
    facts: LetterFacts = field(default_factory=LetterFacts)
    plain: bool = False  # typed without diacritics


def cells(line: str) -> list[str]:
    parts = line.strip().strip("|").split("|")
    return [p.strip() for p in parts]


def clause_bounds(low: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``start..end``: cut at ``;`` and at a full stop that ends a sentence
    (a ``.`` just before ``start`` ends one too). The breaks of a line are found once."""
    starts, ends = _clause_breaks(low)
    before = bisect.bisect_right(ends, start)
    left = ends[before - 1] if before else 0
    if start > 0 and low[start - 1] == ".":
        left = start
    after = bisect.bisect_left(starts, end)
    return left, starts[after] if after < len(starts) else len(low)


@functools.lru_cache(maxsize=8)
def _clause_breaks(low: str) -> tuple[list[int], list[int]]:
    matches = list(_CLAUSE_BREAK.finditer(low))
    return [m.start() for m in matches], [m.end() for m in matches]


# A sentence ends at ';' or at a '.' followed by space (not inside 1.328), or at '|'.
_CLAUSE_BREAK = re.compile(r";|\.(?=\s)|\.$|\|")


def line_figures(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    table: tuple[int, str | None, bool] | None,
    previous_topic: str,
) -> list[tuple[int, int]]:
    """Ratios on the line; returns the spans they (and their percents) cover."""
    spans: list[tuple[int, int]] = []
    matches = [m for m in _RATIO.finditer(low) if _is_ratio(m, low)]
    previous_end = 0
    for position, match in enumerate(matches):
        next_start = matches[position + 1].start() if position + 1 < len(matches) else len(low)
        after = _percent_after(line, low, match, next_start)
        before = _percent_before(low, previous_end, match.start())
        start, end = match.start(), match.end()
        stated = _pick_percent(after, before)
        if stated is not None and stated is before:
            start = stated[0].start()
        elif stated is not None:
            end = stated[0].end()
        if stated is None and not _has_evidence(match, line, low, previous_end, previous_topic):
            continue
        if end < len(line) and line[end : end + 1] == ")" and "(" in line[start:end]:
            end += 1
        numerator, denominator = parse_int(match["num"]), parse_int(match["den"])
        value, decimals = parse_percent(stated[0]["value"]) if stated else (None, 0)
        topic, indicator = _topic(low, match, previous_end, next_start, previous_topic)
        if table is not None and table[1] is not None:
            indicator = indicator or indicator_of(fold_keep_length(table[1]))
        reading.figures.append(
            Figure(
                text=line[start:end].strip(" ,;:("),
                numerator=numerator,
                denominator=denominator,
                stated_percent=value,
                stated_decimals=decimals,
                indicator=indicator,
                line=number,
                excerpt=window(line, start, end),
                age=age_of(topic, indicator),
                population=_population(match, indicator),
                sub_unit=mentions_sub_unit(line, low, table, previous_end, match.start()),
                table=table[0] if table else None,
                column=low[: match.start()].count("|") if table else 0,
                total_row=is_total_row(line) if table else False,
                start=start,
                end=end,
            )
        )
        spans.append((start, end))
        previous_end = end
    return spans


def _topic(
    low: str, match: re.Match[str], previous_end: int, next_start: int, previous_topic: str
) -> tuple[str, str | None]:
    """The words that say what a ratio measures, and the indicator they name.

    First the clause before the ratio, then the clause after it (``Tỷ lệ 68,84% người
    dân từ 14 tuổi…``), then everything before it on the line, then the line before.
    """
    clause_start, clause_end = clause_bounds(low, match.start(), match.end())
    candidates = [
        low[max(previous_end, clause_start) : match.start()],
        low[match.end() : min(next_start, max(clause_end, match.end()))],
        low[previous_end : match.start()],
        low[: match.start()],
        previous_topic if _heading_of(previous_topic, low[: match.start()]) else "",
    ]
    for text in candidates:
        indicator = indicator_of(text)
        if indicator is not None:
            return text, indicator
    return candidates[0], None


def _heading_of(previous: str, before: str) -> bool:
    """The line before names the figure's topic only as its heading: it ends with ``:``, or
    the figure opens its own line (a list under it). Never from a paragraph of its own."""
    return previous.rstrip().endswith(":") or not before.strip(" -+:")


def _is_ratio(match: re.Match[str], low: str) -> bool:
    """Not a date, a document symbol or 24/7."""
    numerator, denominator = parse_int(match["num"]), parse_int(match["den"])
    before = low[max(0, match.start() - 14) : match.start()]
    after = low[match.end() : match.end() + 60]
    has_percent = bool(re.match(r"[^\d]{0,60}?\d{1,3}(?:[.,]\d+)?\s*%", after))
    plain_numbers = "." not in match["num"] + match["den"] and "," not in match["den"]
    if _DATE_WORD_BEFORE.search(before) or _RANK_BEFORE.search(before):
        return False
    if (  # 26/6, 5/5: a day and a month unless a percent says otherwise
        plain_numbers
        and numerator <= 31
        and denominator <= 12
        and (not has_percent or _RANGE_WORD_BEFORE.search(before))
    ):
        return False
    if plain_numbers and 1900 <= denominator <= 2100 and numerator <= 31 and not has_percent:
        return False  # tháng 6/2023, số 15/2023
    if (numerator, denominator) == (24, 7):
        return False
    if re.search(r"\d[ ]$", low[: match.start()]) or re.match(r" \d{3}(?!\d)", low[match.end() :]):
        return False  # "1 328/1 929" or "Khu phố 1 300/400": which number is which?
    years = 1900 <= numerator <= 2100 and 1900 <= denominator <= 2100
    if (
        plain_numbers
        and years
        and not re.match(r"\s*\(?\s*(?:dat\s*)?\d{1,3}(?:[.,]\d+)?\s*%", after)
    ):
        return False  # năm học 2022/2023
    return denominator > 0 or numerator > 0


# What may stand between a ratio and its percent: "(đạt 68,84%)", "= 68.84%", ", tương ứng".
_CONNECTORS = re.compile(
    r"dat ty le|dat ti le|dat duoc|dat|ty le|ti le|chiem|bang|la|tuong duong|tuong ung|tuc"
)
CONNECTOR_END = re.compile(r"(?:dat|ty le|ti le|chiem|bang|la|tuong duong|tuong ung|=|:|\()\s*$")
_PEOPLE_WORDS = re.compile(r"(?<![a-z])(?:nguoi dan|nguoi|cong dan|ho gia dinh|ho dan|ho)(?![a-z])")
_PLAN_AFTER = re.compile(r"\s*(?:so voi\s*)?(?:ke hoach|chi tieu|muc tieu|cung ky)")
_UNIT_NOUNS = {"khu pho", "thon", "to dan pho", "thanh vien"}
_Stated = tuple[re.Match[str], bool]  # the percent, and whether nothing but connectors separate it


def tight(gap: str) -> bool:
    return not re.sub(r"[\s()\[\]:=,\-]", "", _CONNECTORS.sub("", gap))


def _pick_percent(after: _Stated | None, before: _Stated | None) -> _Stated | None:
    """A percent right beside the ratio wins; after it before before it."""
    for candidate in (after, before):
        if candidate is not None and candidate[1]:
            return candidate
    return after or before


def _percent_after(line: str, low: str, ratio: re.Match[str], next_start: int) -> _Stated | None:
    end = ratio.end()
    _, clause_end = clause_bounds(low, end, end)
    limit = min(next_start, clause_end if clause_end > end else len(low))
    # a table row: the percent may sit in the next cell
    if low[end:limit].strip() == "" and low[limit : limit + 1] == "|":
        limit = min(next_start, _clause_end_skipping_cell(low, limit))
    match = _PERCENT.search(low, end, limit)
    if match is None:
        return None
    gap = low[end : match.start()]
    if _PLAN_AFTER.match(low, match.end()):
        return None  # "đạt 100% kế hoạch": against a plan, not the ratio's share
    if ratio["noun2"] in _UNIT_NOUNS and not re.search(r"[(,=:|]", gap):
        return None  # "3/5 khu phố đạt 100%": the neighbourhoods reached 100%
    if tight(gap.replace("|", "")):
        return match, True
    gap = _NOT_FIGURES.sub("", gap)
    if re.search(r"\d", gap) or len(gap) > 160 or not CONNECTOR_END.search(gap):
        return None
    if is_relative(line, low, end, match.start()):
        return None  # "(so với kế hoạch đạt 95%)" is not the ratio's share
    return match, False


def _clause_end_skipping_cell(low: str, bar: int) -> int:
    match = _CLAUSE_BREAK.search(low, bar + 1)
    return match.start() if match else len(low)


def _percent_before(low: str, previous_end: int, start: int) -> _Stated | None:
    clause_start, _ = clause_bounds(low, start, start)
    begin = max(previous_end, clause_start)
    last = None
    for match in _PERCENT.finditer(low, begin, start):
        last = match
    if last is None:
        return None
    gap = low[last.end() : start]
    if tight(_PEOPLE_WORDS.sub("", gap)):  # "95% người dân (1.833/1.929)"
        return last, True
    gap = _NOT_FIGURES.sub("", gap)
    lead = low[max(begin, last.start() - 14) : last.start()]
    if re.search(r"\d", gap) or len(gap) > 60 or not CONNECTOR_END.search(lead):
        return None
    return last, False


def _has_evidence(
    match: re.Match[str], line: str, low: str, previous_end: int, previous_topic: str
) -> bool:
    """A ratio without a percent counts if it has a noun, says "tỷ lệ"/"đạt" or an indicator."""
    for group in ("noun1", "noun2"):
        word = match[group]
        if word and diacritics_agree(
            line[match.start(group) : match.end(group)], word, RATIO_NOUNS[word]
        ):
            return True
    before = low[max(previous_end, match.start() - 30) : match.start()]
    if _EVIDENCE_BEFORE.search(before):
        return True
    return indicator_of(low[previous_end : match.start()]) is not None or (
        previous_end == 0
        and not low[: match.start()].strip(" -+:")
        and indicator_of(previous_topic) is not None
    )


def age_of(topic: str, indicator: str | None) -> int | None:
    """The minimum age of the ratio's population: stated, or the indicator's own."""
    if indicator not in (None, "eid", "cashless", "civic_engagement"):
        return None  # smartphones, transactions, households: not an age group
    match = _AGE.search(topic)
    if match:
        return int(match.group(1))
    return {"eid": 14, "cashless": 18}.get(indicator or "")


def _population(match: re.Match[str], indicator: str | None) -> str:
    nouns = {match["noun1"], match["noun2"]} - {None}
    if indicator == "household_skills" or nouns & HOUSEHOLD_NOUNS:
        return "households"
    if indicator in RATIO_INDICATORS or nouns & PEOPLE_NOUNS:
        return "residents"
    return "other"


def mentions_sub_unit(
    line: str, low: str, table: tuple[int, str | None, bool] | None, start: int, end: int
) -> bool:
    """Is the figure about one neighbourhood ("Khu phố 1", "thôn Đồng Tâm", "KP2")?"""
    if table is not None:
        if is_total_row(low):
            return False
        start, end = 0, len(low)
    for match in _SUB_UNIT.finditer(low, start, end):
        after = line[match.end() : match.end() + 1]
        if after.isdigit() or (match["word"] in _NAMED_SUB_UNITS and after.isupper()):
            return True
    return False


def is_total_row(line: str) -> bool:
    words = [c for c in cells(fold_keep_length(line)) if c and not re.fullmatch(r"[\d.]+", c)]
    return (
        bool(words)
        and len(words[0]) <= 25
        and bool(re.match(r"(?:tong|cong|toan (?:phuong|xa|thi tran))(?![a-z])", words[0]))
    )


def line_percents(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    spans: list[tuple[int, int]],
    previous_topic: str,
) -> None:
    for match in _PERCENT.finditer(low):
        if _inside(match.start(), spans):
            continue
        value, decimals = parse_percent(match["value"])
        left, right = clause_bounds(low, match.start(), match.end())
        clause = low[left:right]
        indicator = indicator_of(low[: match.start()]) or indicator_of(clause)
        if indicator is None and not low[: match.start()].strip(" -+:"):
            indicator = indicator_of(previous_topic)
        reading.percents.append(
            StatedPercent(
                text=_words_before(line, max(left, match.start() - 24), match.end()),
                value=value,
                decimals=decimals,
                indicator=indicator,
                relative=is_relative(line, low, left, right),
                line=number,
                excerpt=window(line, match.start(), match.end()),
                start=match.start(),
                end=match.end(),
            )
        )


def _words_before(line: str, start: int, end: int) -> str:
    """``line[start:end]`` from the first whole word: "tăng 3,1%", not "ền mặt tăng 3,1%"."""
    if start > 0 and line[start - 1 : start].strip():
        space = line.find(" ", start, end)
        start = space + 1 if space != -1 else start
    return line[start:end].strip(" ,;:(")


def line_counts(
    reading: Reading, line: str, low: str, number: int, spans: list[tuple[int, int]]
) -> None:
    for match in _COUNT.finditer(low):
        if _inside(match.start(), spans):
            continue
        noun = match["noun"]
        written, kind = COUNT_NOUNS[noun]
        if not diacritics_agree(line[match.start("noun") : match.end("noun")], noun, written):
            continue
        left, right = clause_bounds(low, match.start(), match.end())
        clause = low[left:right]
        role = None
        if kind == "sessions":
            role = "sessions"
        elif kind in ("residents", "visits", "households") and not spans:
            role = _count_role(low[left : match.start()], low[match.end() : right], clause, kind)
        reading.counts.append(
            Count(
                text=line[match.start() : match.end()],
                value=parse_int(match["n"]),
                noun=line[match.start("noun") : match.end("noun")],
                kind=kind,
                role=role,
                line=number,
                excerpt=window(line, match.start(), match.end()),
            )
        )


def _count_role(before: str, after: str, clause: str, kind: str) -> str | None:
    """Residents guided ("đã hướng dẫn 1.246 người", "1.246 người được hướng dẫn"), or a
    population ("dân số 2.525 người"), or neither."""
    guided_at = max(before.rfind(word) for word in _GUIDED_WORDS)
    if guided_at >= 0 and not any(word in before[guided_at:] for word in _POPULATION_WORDS):
        return "guided"
    if re.match(r"[^\d]{0,25}?duoc (?:huong dan|ho tro)", after):
        return "guided"
    if kind != "visits" and any(word in clause for word in _POPULATION_WORDS):
        return "population"
    return None


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def window(line: str, start: int, end: int, before: int = 120, after: int = 40) -> str:
    """The figure with the words before it that say what it is, cut at word boundaries."""
    left = max(0, start - before)
    if left:
        space = line.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(len(line), end + after)
    if right < len(line):
        space = line.rfind(" ", end, right)
        right = space if space != -1 else right
    text = line[left:right].strip(" |")
    return ("…" if left else "") + text + ("…" if right < len(line) else "")


def excerpt_of(line: str, limit: int = 240) -> str:
    text = line.strip(" |-+")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
