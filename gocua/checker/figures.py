"""The figures of a letter, read from its lines: pure functions, no database.

- ratios with the percent stated beside them (``Tỷ lệ 1.328/1.929 (đạt 68,84%)``,
  ``1.412 người/2.525 người, đạt 55%``, ``1328/1929 = 68.84%``, ``đạt 49% (1.246/2.525)``,
  ``1.328 người trên tổng số 1.929 người``) and the indicator each speaks of;
- counts with their nouns (``35 buổi``, ``1.246.000 người dân``, ``2.525 hộ``), and which
  of them are the sessions held, the residents guided or a population;
- percents stated without a ratio (``đạt 55%``);
- the letter's issuing unit, place and date line, and number.

Every pattern runs on a *folded* copy of each line: lower case, no diacritics, one
character for one character, so that positions in the folded copy are positions in
the original (excerpts come from the original). Letters typed without diacritics,
in NFD or in capitals read the same. Nothing is invented: a date (``26/6/2023``,
``tháng 6/2023``), a document symbol (``389/UBND-VHTT``, ``09-NQ/TU``), ``24/7`` or
``mức độ 3, 4`` is not a figure.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from gocua.lib.numbers import percent

# Indicators -------------------------------------------------------------------------------

INDICATORS: dict[str, tuple[str, str]] = {
    "eid": ("Định danh điện tử (từ 14 tuổi)", "e-ID accounts (aged 14+)"),
    "online_services": ("Dịch vụ công trực tuyến", "Online public services"),
    "cashless": ("Tài khoản thanh toán (từ 18 tuổi)", "Payment accounts (aged 18+)"),
    "essential_apps": ("Ứng dụng thiết yếu", "Essential apps"),
    "civic_engagement": ("Tham gia khảo sát, góp ý", "Civic engagement (surveys)"),
    "household_skills": ("Hộ gia đình có kỹ năng số", "Households with digital skills"),
    "sessions": ("Buổi tuyên truyền", "Outreach sessions"),
    "guided": ("Người dân được hướng dẫn", "Residents guided"),
}
RATIO_INDICATORS = [
    "eid",
    "online_services",
    "cashless",
    "essential_apps",
    "civic_engagement",
    "household_skills",
]

# Folded keywords and their weights; the indicator with the highest sum wins, ties go to
# the earlier one in this order (the more specific wordings first).
_KEYWORDS: dict[str, dict[str, int]] = {
    "civic_engagement": {
        "khao sat": 5,
        "thu thap y kien": 5,
        "lay y kien": 5,
        "gop y": 3,
        "y kien cua nguoi dan": 3,
        "tuong tac voi chinh quyen": 2,
        "phan anh": 2,
    },
    "household_skills": {
        "ho gia dinh": 4,
        "so ho": 3,
        "ky nang so": 3,
        "internet an toan": 3,
        "mang an toan": 2,
    },
    "essential_apps": {
        "ung dung thiet yeu": 6,
        "ung dung so thiet yeu": 6,
        "dien thoai thong minh": 4,
        "smartphone": 4,
        "vssid": 3,
        "so suc khoe dien tu": 2,
        "bao hiem xa hoi so": 2,
        "cai dat": 1,
    },
    "cashless": {
        "18 tuoi": 4,
        "mobile money": 4,
        "mobile-money": 4,
        "tai khoan ngan hang": 4,
        "tai khoan giao dich tai ngan hang": 4,
        "tai khoan thanh toan": 4,
        "khong dung tien mat": 4,
        "vi dien tu": 3,
        "ngan hang": 2,
        "thanh toan": 2,
    },
    "online_services": {
        "dich vu cong truc tuyen": 4,
        "thu tuc hanh chinh": 4,
        "buu chinh cong ich": 4,
        "dvctt": 3,
        "tthc": 3,
        "bcci": 3,
        "ho so truc tuyen": 3,
        "dich vu cong": 2,
    },
    "eid": {
        "dinh danh dien tu": 4,
        "dinh danh": 2,
        "14 tuoi": 2,
        "vneid": 1,
        "xac thuc dien tu": 2,
        "kich hoat tai khoan": 1,
        "muc do 1, 2": 1,
        "muc do 2": 1,
    },
}
_MIN_SCORE = 2

# Numbers ------------------------------------------------------------------------------------

# An integer as letters write it: 1.246.000 (Vietnamese), 1,246,000 (English), 1246000.
_INT = r"(?:\d{1,3}(?:\.\d{3})+|\d{1,3}(?:,\d{3})+|\d+)"
_INT_END = r"(?!\d|[.,]\d)"
# Nouns a ratio may carry (folded → as written with diacritics).
_RATIO_NOUNS = {
    "nguoi dan": "người dân",
    "nguoi": "người",
    "cong dan": "công dân",
    "nhan khau": "nhân khẩu",
    "ho gia dinh": "hộ gia đình",
    "ho dan": "hộ dân",
    "ho": "hộ",
    "khu pho": "khu phố",
    "thon": "thôn",
    "to dan pho": "tổ dân phố",
    "thanh vien": "thành viên",
    "ho so": "hồ sơ",
    "tai khoan": "tài khoản",
    "truong hop": "trường hợp",
}
_HOUSEHOLD_NOUNS = {"ho gia dinh", "ho dan", "ho"}
_PEOPLE_NOUNS = {"nguoi dan", "nguoi", "cong dan", "nhan khau"}


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NOUN_RE = _alternatives(list(_RATIO_NOUNS))
_RATIO = re.compile(
    rf"(?<![\w.,/-])(?P<num>{_INT}){_INT_END}"
    rf"(?:\s*(?P<noun1>{_NOUN_RE})(?![a-z]))?"
    r"(?P<sep>\s*/\s*|\s*,?\s*(?:tren tong so|tren tong|trong tong so|trong so|tren)\s+)"
    r"(?:(?:tong so|tong)\s*:?\s*)?"
    rf"(?P<den>{_INT}){_INT_END}(?!\s*/\s*\d|-\d)"
    rf"(?:\s*(?P<noun2>{_NOUN_RE})(?![a-z]))?"
)
_PERCENT = re.compile(r"(?<![\w.,+±-])(?P<value>\d{1,3}(?:[.,]\d+)?)\s*(?:%|phan tram(?![a-z]))")
_AGE = re.compile(r"(?<!\d)(\d{1,2})\s*tuoi(?![a-z])")
_NOT_FIGURES = re.compile(
    r"(?<!\d)\d{1,2}\s*tuoi(?![a-z])|muc(?: do)?\s*\d(?:\s*[,;]\s*\d)*(?:\s*(?:va|,)\s*\d)?"
)
_TIGHT_PERCENT = re.compile(r"\s*\(?\s*(?:dat\s*)?\d{1,3}(?:[.,]\d+)?\s*%")
_DATE_WORD_BEFORE = re.compile(r"(?:ngay|thang|hom|sang|chieu|toi)\s*:?\s*$")
_RANGE_WORD_BEFORE = re.compile(r"(?:tu|den)\s*:?\s*$")
_EVIDENCE_BEFORE = re.compile(r"(?:ty le|ti le|dat|ket qua|so lieu)\s*[:=(]?\s*$")
_SUB_UNIT = re.compile(
    r"(?<![a-z])(?P<word>khu pho|kp|thon|to dan pho|to|ap|ban|khu)\s*(?:so\s*)?(?=\w)"
)
_NAMED_SUB_UNITS = {"khu pho", "thon", "to dan pho", "kp"}
_COUNT_NOUNS = {
    # folded: (as written, kind)
    "luot nguoi dan": ("lượt người dân", "visits"),
    "luot nguoi": ("lượt người", "visits"),
    "luot": ("lượt", "visits"),
    "nguoi dan": ("người dân", "residents"),
    "nguoi": ("người", "residents"),
    "cong dan": ("công dân", "residents"),
    "nhan khau": ("nhân khẩu", "residents"),
    "ho gia dinh": ("hộ gia đình", "households"),
    "ho dan": ("hộ dân", "households"),
    "ho": ("hộ", "households"),
    "buoi": ("buổi", "sessions"),
    "cuoc": ("cuộc", "meetings"),
    "hoi nghi": ("hội nghị", "meetings"),
    "thanh vien": ("thành viên", "members"),
    "to cong nghe so": ("tổ công nghệ số", "teams"),
    "khu pho": ("khu phố", "neighbourhoods"),
    "thon": ("thôn", "neighbourhoods"),
    "tin bai": ("tin bài", "articles"),
}
_COUNT = re.compile(
    rf"(?<![\w.,/-])(?P<n>{_INT}){_INT_END}(?!\s*/\s*\d)\s*"
    rf"(?P<noun>{_alternatives(list(_COUNT_NOUNS))})(?![a-z])"
)
_GUIDED_WORDS = ("huong dan", "ho tro", "giup")
_POPULATION_WORDS = ("dan so", "tong so", "toan phuong", "toan xa", "tren dia ban co", "quy mo")
# A percent against a plan or a past figure, not a share: "đạt 112% kế hoạch", "tăng 15%".
_RELATIVE = re.compile(
    r"(?<![a-z])(?:ke hoach|chi tieu|muc tieu|so voi|cung ky|tang|giam|vuot)(?![a-z])"
)
_RELATIVE_SHORT = {"tang": "tăng", "giam": "giảm", "vuot": "vượt"}


def _is_relative(line: str, low: str, start: int, end: int) -> bool:
    """Does ``line[start:end]`` speak of a plan, a target or a change? ("nền tảng" does not)."""
    for match in _RELATIVE.finditer(low, start, end):
        word = match.group()
        written = _RELATIVE_SHORT.get(word)
        if written is None or _diacritics_agree(line[match.start() : match.end()], word, written):
            return True
    return False


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


@dataclass
class LetterFacts:
    unit: str | None = None  # "UBND phường Tuần Châu"
    ward: str | None = None  # "Phường Tuần Châu", to find the unit
    place: str | None = None  # "Tuần Châu"
    date: dt.date | None = None
    date_text: str | None = None  # the place-and-date line as written
    date_line: int | None = None
    date_numeric: bool = False  # written 26/6/2023 instead of in words
    date_has_ngay: bool = True
    day_text: str = ""
    month_text: str = ""
    date_invalid: bool = False
    number: str | None = None  # "297/UBND"
    number_line: int | None = None
    number_text: str | None = None


@dataclass
class Reading:
    lines: list[str]
    figures: list[Figure] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    percents: list[StatedPercent] = field(default_factory=list)
    facts: LetterFacts = field(default_factory=LetterFacts)
    plain: bool = False  # typed without diacritics


# Folding --------------------------------------------------------------------------------------

_FOLD_EXTRA = {"đ": "d", "Đ": "d", "％": "%", "–": "-", "—": "-", "‐": "-", "−": "-", "⁄": "/"}
_FOLD_EXTRA |= {"∕": "/", "／": "/", "“": '"', "”": '"'}


def fold_keep_length(text: str) -> str:
    """``"Tỷ lệ ĐẠT"`` → ``"ty le dat"``: one character for one, so positions match."""
    out = []
    for ch in text:
        extra = _FOLD_EXTRA.get(ch)
        if extra is not None:
            out.append(extra)
            continue
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


def parse_int(text: str) -> int:
    """``1.246.000``, ``1,246,000`` or ``1246000`` → 1246000."""
    return int(text.replace(".", "").replace(",", ""))


def parse_percent(text: str) -> tuple[Decimal, int]:
    """``68,84`` or ``68.84`` → (68.84, 2 decimals); ``55`` → (55, 0)."""
    value = text.replace(",", ".")
    decimals = len(value.partition(".")[2])
    return Decimal(value), decimals


def _diacritics_agree(original: str, folded_word: str, written: str) -> bool:
    """The original word is the expected one, with its diacritics or with none at all.

    ``hộ`` and ``ho`` are households; ``họ`` (they) is not.
    """
    low = original.lower()
    return low in (written, folded_word)


def _is_plain(lines: list[str]) -> bool:
    marked = 0
    for line in lines:
        for ch in line:
            if ord(ch) > 127 and (ch in "đĐ" or unicodedata.normalize("NFD", ch) != ch):
                marked += 1
                if marked >= 8:
                    return False
    return True


# The reading -----------------------------------------------------------------------------------


def read_figures(lines: list[str]) -> Reading:
    """Everything the checks need from the letter's lines."""
    lines = [unicodedata.normalize("NFC", line) for line in lines]
    reading = Reading(lines=lines, plain=_is_plain(lines))
    folded = [fold_keep_length(line) for line in lines]
    tables = _table_blocks(lines)
    previous_topic = ""
    for index, (line, low) in enumerate(zip(lines, folded, strict=True)):
        if not line.strip():
            continue
        number = index + 1
        table = tables.get(index)
        spans = _line_figures(reading, line, low, number, table, previous_topic)
        if table is not None and not spans and table[1] is not None:
            spans = _table_row_figure(reading, line, low, number, table)
        _line_percents(reading, line, low, number, spans, previous_topic)
        _line_counts(reading, line, low, number, spans)
        has_own_figure = any(f.line == number for f in reading.figures)
        previous_topic = "" if has_own_figure else low
    reading.facts = read_facts(lines, folded, plain=reading.plain)
    return reading


def _table_blocks(lines: list[str]) -> dict[int, tuple[int, str | None, bool]]:
    """Line index → (block id, its header row or None, is this the header) for ``|`` rows."""
    blocks: dict[int, tuple[int, str | None, bool]] = {}
    block = -1
    header: str | None = None
    for index, line in enumerate(lines):
        if not line.startswith("|"):
            continue
        if index == 0 or not lines[index - 1].startswith("|"):
            block += 1
            numeric = any(_NUMERIC_CELL.fullmatch(cell) for cell in _cells(line))
            header = None if numeric else line
            blocks[index] = (block, header, True)
            continue
        blocks[index] = (block, header, False)
    return blocks


_NUMERIC_CELL = re.compile(r"[\s.,/%()]*\d[\d\s.,/%()]*")


def _cells(line: str) -> list[str]:
    parts = line.strip().strip("|").split("|")
    return [p.strip() for p in parts]


def _clause_bounds(low: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``start..end``: cut at ``;`` and at a full stop that ends a sentence."""
    left = 0
    for match in _CLAUSE_BREAK.finditer(low, 0, start):
        left = match.end()
    following = _CLAUSE_BREAK.search(low, end)
    return left, following.start() if following else len(low)


# A sentence ends at ';' or at a '.' followed by space (not inside 1.328), or at '|'.
_CLAUSE_BREAK = re.compile(r";|\.(?=\s)|\.$|\|")


def _line_figures(
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
            indicator = indicator or _indicator(fold_keep_length(table[1]))
        reading.figures.append(
            Figure(
                text=line[start:end].strip(" ,;:("),
                numerator=numerator,
                denominator=denominator,
                stated_percent=value,
                stated_decimals=decimals,
                indicator=indicator,
                line=number,
                excerpt=_window(line, start, end),
                age=_age(topic, indicator),
                population=_population(match, indicator),
                sub_unit=_mentions_sub_unit(line, low, table, previous_end, match.start()),
                table=table[0] if table else None,
                column=low[: match.start()].count("|") if table else 0,
                total_row=_is_total_row(line) if table else False,
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
    clause_start, clause_end = _clause_bounds(low, match.start(), match.end())
    candidates = [
        low[max(previous_end, clause_start) : match.start()],
        low[match.end() : min(next_start, max(clause_end, match.end()))],
        low[previous_end : match.start()],
        low[: match.start()],
        previous_topic,
    ]
    for text in candidates:
        indicator = _indicator(text)
        if indicator is not None:
            return text, indicator
    return candidates[0], None


def _is_ratio(match: re.Match[str], low: str) -> bool:
    """Not a date, a document symbol or 24/7."""
    numerator, denominator = parse_int(match["num"]), parse_int(match["den"])
    before = low[max(0, match.start() - 14) : match.start()]
    after = low[match.end() : match.end() + 60]
    has_percent = bool(re.match(r"[^\d]{0,60}?\d{1,3}(?:[.,]\d+)?\s*%", after))
    plain_numbers = "." not in match["num"] + match["den"] and "," not in match["den"]
    if _DATE_WORD_BEFORE.search(before):
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
_CONNECTOR_END = re.compile(r"(?:dat|ty le|ti le|chiem|bang|la|tuong duong|tuong ung|=|:|\()\s*$")
_PEOPLE_WORDS = re.compile(r"(?<![a-z])(?:nguoi dan|nguoi|cong dan|ho gia dinh|ho dan|ho)(?![a-z])")
_PLAN_AFTER = re.compile(r"\s*(?:so voi\s*)?(?:ke hoach|chi tieu|muc tieu|cung ky)")
_UNIT_NOUNS = {"khu pho", "thon", "to dan pho", "thanh vien"}
_Stated = tuple[re.Match[str], bool]  # the percent, and whether nothing but connectors separate it


def _tight(gap: str) -> bool:
    return not re.sub(r"[\s()\[\]:=,\-]", "", _CONNECTORS.sub("", gap))


def _pick_percent(after: _Stated | None, before: _Stated | None) -> _Stated | None:
    """A percent right beside the ratio wins; after it before before it."""
    for candidate in (after, before):
        if candidate is not None and candidate[1]:
            return candidate
    return after or before


def _percent_after(line: str, low: str, ratio: re.Match[str], next_start: int) -> _Stated | None:
    end = ratio.end()
    _, clause_end = _clause_bounds(low, end, end)
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
    if _tight(gap.replace("|", "")):
        return match, True
    gap = _NOT_FIGURES.sub("", gap)
    if re.search(r"\d", gap) or len(gap) > 160 or not _CONNECTOR_END.search(gap):
        return None
    if _is_relative(line, low, end, match.start()):
        return None  # "(so với kế hoạch đạt 95%)" is not the ratio's share
    return match, False


def _clause_end_skipping_cell(low: str, bar: int) -> int:
    match = _CLAUSE_BREAK.search(low, bar + 1)
    return match.start() if match else len(low)


def _percent_before(low: str, previous_end: int, start: int) -> _Stated | None:
    clause_start, _ = _clause_bounds(low, start, start)
    begin = max(previous_end, clause_start)
    last = None
    for match in _PERCENT.finditer(low, begin, start):
        last = match
    if last is None:
        return None
    gap = low[last.end() : start]
    if _tight(_PEOPLE_WORDS.sub("", gap)):  # "95% người dân (1.833/1.929)"
        return last, True
    gap = _NOT_FIGURES.sub("", gap)
    lead = low[max(begin, last.start() - 14) : last.start()]
    if re.search(r"\d", gap) or len(gap) > 60 or not _CONNECTOR_END.search(lead):
        return None
    return last, False


def _has_evidence(
    match: re.Match[str], line: str, low: str, previous_end: int, previous_topic: str
) -> bool:
    """A ratio without a percent counts if it has a noun, says "tỷ lệ"/"đạt" or an indicator."""
    for group in ("noun1", "noun2"):
        word = match[group]
        if word and _diacritics_agree(
            line[match.start(group) : match.end(group)], word, _RATIO_NOUNS[word]
        ):
            return True
    before = low[max(previous_end, match.start() - 30) : match.start()]
    if _EVIDENCE_BEFORE.search(before):
        return True
    return _indicator(low[previous_end : match.start()]) is not None or (
        previous_end == 0
        and not low[: match.start()].strip(" -+:")
        and _indicator(previous_topic) is not None
    )


def _indicator(text: str) -> str | None:
    best, best_score = None, 0
    for code, keywords in _KEYWORDS.items():
        score = sum(weight for word, weight in keywords.items() if word in text)
        if score > best_score:
            best, best_score = code, score
    return best if best_score >= _MIN_SCORE else None


def _age(topic: str, indicator: str | None) -> int | None:
    """The minimum age of the ratio's population: stated, or the indicator's own."""
    if indicator not in (None, "eid", "cashless", "civic_engagement"):
        return None  # smartphones, transactions, households: not an age group
    match = _AGE.search(topic)
    if match:
        return int(match.group(1))
    return {"eid": 14, "cashless": 18}.get(indicator or "")


def _population(match: re.Match[str], indicator: str | None) -> str:
    nouns = {match["noun1"], match["noun2"]} - {None}
    if indicator == "household_skills" or nouns & _HOUSEHOLD_NOUNS:
        return "households"
    if indicator in RATIO_INDICATORS or nouns & _PEOPLE_NOUNS:
        return "residents"
    return "other"


def _mentions_sub_unit(
    line: str, low: str, table: tuple[int, str | None, bool] | None, start: int, end: int
) -> bool:
    """Is the figure about one neighbourhood ("Khu phố 1", "thôn Đồng Tâm", "KP2")?"""
    if table is not None:
        if _is_total_row(low):
            return False
        start, end = 0, len(low)
    for match in _SUB_UNIT.finditer(low, start, end):
        after = line[match.end() : match.end() + 1]
        if after.isdigit() or (match["word"] in _NAMED_SUB_UNITS and after.isupper()):
            return True
    return False


def _is_total_row(line: str) -> bool:
    cells = [c for c in _cells(fold_keep_length(line)) if c and not re.fullmatch(r"[\d.]+", c)]
    return (
        bool(cells)
        and len(cells[0]) <= 25
        and bool(re.match(r"(?:tong|cong|toan (?:phuong|xa|thi tran))(?![a-z])", cells[0]))
    )


def _table_row_figure(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    table: tuple[int, str | None, bool],
) -> list[tuple[int, int]]:
    """A table row with numerator, denominator and percent in separate columns."""
    block, header, is_header = table
    if is_header or header is None:
        return []
    columns = [fold_keep_length(c) for c in _cells(header)]
    cells = _cells(line)
    if len(cells) != len(columns):
        return []
    den_col = _column(columns, ("tong so", "mau so", "tong"))
    pct_col = _column(columns, ("ty le", "ti le", "%"))
    num_col = _column(columns, ("so dat", "ket qua", "dat duoc", "tu so", "so nguoi co", "da "))
    if num_col in (den_col, pct_col):
        num_col = None
    if num_col is None:  # the one other column of whole numbers
        others = [
            i
            for i, cell in enumerate(cells)
            if i not in (den_col, pct_col)
            and re.fullmatch(_INT, cell)
            and not re.fullmatch(r"(?:stt|tt|so tt|so thu tu)", columns[i].strip())
        ]
        num_col = others[0] if len(others) == 1 else None
    if num_col is None or den_col is None or num_col == den_col:
        return []
    try:
        numerator, denominator = parse_int(cells[num_col]), parse_int(cells[den_col])
    except ValueError:
        return []
    if not re.fullmatch(_INT, cells[num_col]) or not re.fullmatch(_INT, cells[den_col]):
        return []
    value, decimals = None, 0
    if pct_col is not None and pct_col not in (num_col, den_col):
        match = re.fullmatch(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*", cells[pct_col])
        if match:
            value, decimals = parse_percent(match.group(1))
    label = " ".join(
        fold_keep_length(c) for i, c in enumerate(cells) if i not in (num_col, den_col, pct_col)
    )
    indicator = _indicator(label) or _indicator(" ".join(columns))
    text = f"{cells[num_col]}/{cells[den_col]}" + (
        f" ({cells[pct_col]})" if value is not None and pct_col is not None else ""
    )
    population = "households" if indicator == "household_skills" else "residents"
    if indicator is None and not re.search(r"nguoi|ho|dan", label + " ".join(columns)):
        population = "other"
    reading.figures.append(
        Figure(
            text=text,
            numerator=numerator,
            denominator=denominator,
            stated_percent=value,
            stated_decimals=decimals,
            indicator=indicator,
            line=number,
            excerpt=_excerpt(line),
            age=_age(label, indicator),
            population=population,
            sub_unit=_mentions_sub_unit(line, low, table, 0, len(low)),
            table=block,
            column=num_col,
            total_row=_is_total_row(line),
        )
    )
    return [(0, len(line))]


def _column(columns: list[str], words: tuple[str, ...]) -> int | None:
    for word in words:
        for index, column in enumerate(columns):
            if word in column:
                return index
    return None


def _line_percents(
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
        left, right = _clause_bounds(low, match.start(), match.end())
        clause = low[left:right]
        indicator = _indicator(low[: match.start()]) or _indicator(clause)
        if indicator is None and not low[: match.start()].strip(" -+:"):
            indicator = _indicator(previous_topic)
        reading.percents.append(
            StatedPercent(
                text=line[max(left, match.start() - 12) : match.end()].strip(" ,;:("),
                value=value,
                decimals=decimals,
                indicator=indicator,
                relative=_is_relative(line, low, left, right),
                line=number,
                excerpt=_window(line, match.start(), match.end()),
            )
        )


def _line_counts(
    reading: Reading, line: str, low: str, number: int, spans: list[tuple[int, int]]
) -> None:
    for match in _COUNT.finditer(low):
        if _inside(match.start(), spans):
            continue
        noun = match["noun"]
        written, kind = _COUNT_NOUNS[noun]
        if not _diacritics_agree(line[match.start("noun") : match.end("noun")], noun, written):
            continue
        left, right = _clause_bounds(low, match.start(), match.end())
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
                excerpt=_window(line, match.start(), match.end()),
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


def _window(line: str, start: int, end: int, before: int = 120, after: int = 40) -> str:
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


def _excerpt(line: str, limit: int = 240) -> str:
    text = line.strip(" |-+")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Unit, date, number ------------------------------------------------------------------------------

_HEADER_END = re.compile(r"^(?:kinh gui|thuc hien|can cu|theo |noi nhan)")
_DATE_WORDS = re.compile(
    r"(?P<ngay>ngay\s*)?(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+(?P<y>\d{4})"
)
_DATE_NUMERIC = re.compile(
    r"(?:ngay\s*)?(?P<d>\d{1,2})\s*([/.-])\s*(?P<m>\d{1,2})\s*\2\s*(?P<y>\d{4})"
)
_SYMBOL = r"\d*\s*/\s*[a-z0-9.&]+(?:\s*-\s*[a-z0-9.&]+)*"
_NUMBER = re.compile(
    rf"^so\s*:\s*(?P<v>{_SYMBOL}|\d+(?![\w/])|[^\s|]*)|^so\s+(?P<w>{_SYMBOL}|\d+(?![\w.,/]))"
)
_AUTHORITY = re.compile(
    r"(?:uy ban nhan dan|ubnd)\s+(?P<level>phuong|xa|thi tran|dac khu)\s+(?P<rest>.*)"
)
_LEVEL_WORDS = {"phuong": "phường", "xa": "xã", "thi tran": "thị trấn", "dac khu": "đặc khu"}


def read_facts(lines: list[str], folded: list[str], *, plain: bool = False) -> LetterFacts:
    facts = LetterFacts()
    header = _header_segments(lines, folded)
    _read_date(facts, header)
    if facts.date_text is None:  # "Kính gửi" before the date, or the date at the end
        _read_date(facts, _whole_lines(lines, folded, _PLACE_DATE_LINE))
    _read_number(facts, header)
    if facts.number is None:
        _read_number(facts, _whole_lines(lines[:60], folded[:60], re.compile(r"so\s*:")))
    _read_unit(facts, lines, folded, header, plain=plain)
    return facts


_PLACE_DATE_LINE = re.compile(
    r"[^\d,|:;]{2,60},\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\s*\.?$"
)


def _whole_lines(
    lines: list[str], folded: list[str], pattern: re.Pattern[str]
) -> list[tuple[int, str, str]]:
    """(line number, original, folded) of the lines that match ``pattern`` from their start."""
    return [
        (index + 1, line.strip(), low.strip())
        for index, (line, low) in enumerate(zip(lines, folded, strict=False))
        if pattern.match(low.strip())
    ]


def _header_segments(lines: list[str], folded: list[str]) -> list[tuple[int, str, str]]:
    """(line number, original, folded) of each cell of the lines before the body."""
    segments = []
    for index, (line, low) in enumerate(zip(lines[:40], folded[:40], strict=False)):
        start = low.lstrip(" -+|")
        if _HEADER_END.match(start) or len(line) > 200:
            break
        offset = 0
        for part in line.split("|"):
            piece = part.strip()
            position = line.find(piece, offset) if piece else offset
            offset = position + len(piece)
            if piece:
                segments.append((index + 1, piece, low[position : position + len(piece)]))
    return segments


def _read_date(facts: LetterFacts, header: list[tuple[int, str, str]]) -> None:
    candidates: list[tuple[int, int, str, re.Match[str], bool]] = []
    for number, original, low in header:
        words = _DATE_WORDS.search(low)
        found = words or _DATE_NUMERIC.search(low)
        if found is None:
            continue
        place = low[: found.start()].strip()
        has_place = place.endswith(",") and not re.search(r"\d", place)
        candidates.append((0 if has_place else 1, number, original, found, words is None))
    if not candidates:
        return
    candidates.sort(key=lambda c: (c[0], c[1]))
    _, number, original, match, numeric = candidates[0]
    facts.date_text = original
    facts.date_line = number
    facts.date_numeric = numeric
    facts.date_has_ngay = numeric or bool(match.group("ngay"))
    facts.day_text, facts.month_text = (
        original[match.start("d") : match.end("d")],
        original[match.start("m") : match.end("m")],
    )
    place = original[: match.start()].strip().rstrip(",").strip()
    facts.place = place or None
    try:
        facts.date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        facts.date_invalid = True


def _read_number(facts: LetterFacts, header: list[tuple[int, str, str]]) -> None:
    for number, original, low in header:
        match = _NUMBER.match(low)
        if match is None:
            continue
        group = "v" if match["v"] is not None else "w"
        facts.number = original[match.start(group) : match.end(group)].replace(" ", "")
        facts.number_line = number
        facts.number_text = original
        return


def _read_unit(
    facts: LetterFacts,
    lines: list[str],
    folded: list[str],
    header: list[tuple[int, str, str]],
    *,
    plain: bool,
) -> None:
    # 1. The header's issuing authority: "ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU".
    pairs = [(f"{a[1]} {b[1]}", f"{a[2]} {b[2]}") for a, b in itertools.pairwise(header)]
    for original, low in [(o, f) for _n, o, f in header] + pairs:
        match = _AUTHORITY.fullmatch(low)
        if match and match["rest"].strip() and not _AUTHORITY.search(match["rest"]):
            name = original[match.start("rest") :].strip()
            _set_unit(facts, match["level"], _title(name), plain=plain)
            return
    # 2. The body: "UBND phường Tuần Châu báo cáo", the most frequent wins.
    found: dict[tuple[str, str], int] = {}
    for line, low in zip(lines, folded, strict=True):
        for match in _AUTHORITY.finditer(low):
            name = _name_after(line, match.start("rest"), plain=plain)
            if name:
                key = (match["level"], _title(name))
                found[key] = found.get(key, 0) + 1
    if found:
        level, name = max(found, key=lambda k: found[k])
        _set_unit(facts, level, name, plain=plain)
        return
    # 3. The place of the date line, if the letter names a ward of that name.
    if facts.place:
        place = fold_keep_length(facts.place)
        for low in folded:
            for level in _LEVEL_WORDS:
                if f"{level} {place}" in low:
                    _set_unit(facts, level, facts.place, plain=plain)
                    return


def _name_after(line: str, start: int, *, plain: bool) -> str:
    """The capitalized words (or a number) that make a unit's name: "Tuần Châu", "12"."""
    words = []
    for word in line[start:].split():
        token = word.strip(",.;:()")
        if not token:
            break
        if token[0].isupper() or token.isdigit():
            words.append(token)
            if word[-1] in ",.;:)" or len(words) == 4:
                break
            continue
        break
    if not words and plain:
        return ""
    return " ".join(words)


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


def _set_unit(facts: LetterFacts, level: str, name: str, *, plain: bool) -> None:
    written = level if plain else _LEVEL_WORDS[level]
    facts.unit = f"UBND {written} {name}"
    facts.ward = f"{written.capitalize()} {name}"


def figures_by_indicator(reading: Reading) -> Iterator[tuple[str, Figure]]:
    """The first whole-ward figure of each indicator, in the order of the letter."""
    seen: set[str] = set()
    for figure in reading.figures:
        code = figure.indicator
        if code and code not in seen and not figure.sub_unit:
            seen.add(code)
            yield code, figure
