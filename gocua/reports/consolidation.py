"""The city's consolidation of its wards' reports: who reported, on time, and the sums.

Inputs are plain data (:class:`WardSubmission`), so whoever keeps the reports feeds
it from its own rows; nothing here reads the database.

- Reporting rate and timeliness as DHIS2 computes them: *reporting rate* = reports
  received / reports expected × 100; *reporting rate on time* = reports received on or
  before the deadline (the end of the deadline day in Vietnam's time zone) / reports
  expected × 100. Every submission row given is expected; only ``submitted`` and
  ``accepted`` reports are received (a draft or a returned report is not).
- Figures: one row per ward; the total of an indicator is the sum of the numerators
  over the sum of the denominators of the received reports, never an average of
  percents. Activity figures (denominator ``None``: sessions, guided) are summed. A
  ward without a figure for a code adds nothing to it; each total says how many
  wards it covers. The figures of a report not received are not shown at all.
- Ranks per indicator by the percent as shown (2 decimals), highest first, standard
  competition ranking (1, 2, 2, 4); no figure or a zero denominator: unranked.
  Activity figures are not ranked.

:func:`consolidation_xlsx` writes it as a workbook; :func:`city_letter_content` turns
it into the city's letter to the province, in the ward letter's layout.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from gocua.lib.numbers import format_percent, group, percent
from gocua.lib.sheets import xlsx_text
from gocua.lib.text import fold
from gocua.reports.letters.compose import (
    INDICATOR_SHORT,
    AnsweredRequest,
    IndicatorFigure,
    NeighbourhoodFigures,
    ReportContent,
)
from gocua.reports.letters.model import Signature
from gocua.reports.letters.texts import committee, lower_first

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
RECEIVED_STATUSES = frozenset({"submitted", "accepted"})
SESSIONS = "sessions"
GUIDED = "guided"
# Default names of the activity figures (the indicators' come from the letters).
ACTIVITY_NAMES = {SESSIONS: "Số buổi tuyên truyền", GUIDED: "Số người dân được hướng dẫn"}


@dataclass(frozen=True)
class WardSubmission:
    """One ward's answer to a request, as plain values."""

    unit_code: str
    unit_name: str
    submitted_at: dt.datetime | None  # None: not submitted; naive: Vietnam's time
    # code -> (numerator, denominator); denominator None for activity figures
    figures: Mapping[str, tuple[int, int | None]]
    status: str = "submitted"  # draft/submitted/returned/accepted
    # The first submission (None: ``submitted_at`` is the first). Timeliness follows it;
    # a later ``submitted_at`` (sent again after a return) is a correction.
    first_submitted_at: dt.datetime | None = None

    @property
    def first_sent(self) -> dt.datetime | None:
        return self.first_submitted_at or self.submitted_at


class Timeliness(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class Cell:
    """One ward's figure for one code; all None when the ward gave none."""

    numerator: int | None = None
    denominator: int | None = None
    percent: float | None = None
    rank: int | None = None

    @property
    def present(self) -> bool:
        return self.numerator is not None


NO_FIGURE = Cell()


@dataclass(frozen=True)
class WardRow:
    unit_code: str
    unit_name: str
    status: str
    submitted_at: dt.datetime | None  # the first submission, which decides timeliness
    timeliness: Timeliness
    cells: Mapping[str, Cell]
    corrected_at: dt.datetime | None = None  # sent again after a return: a correction

    @property
    def received(self) -> bool:
        return self.timeliness is not Timeliness.MISSING

    def cell(self, code: str) -> Cell:
        return self.cells.get(code, NO_FIGURE)


@dataclass(frozen=True)
class Total:
    """Sum over sum for a ratio; the plain sum for an activity figure."""

    code: str
    name: str
    numerator: int
    denominator: int | None  # None: an activity figure
    percent: float | None
    wards: int  # how many received reports carry the code

    @property
    def activity(self) -> bool:
        return self.denominator is None


@dataclass(frozen=True)
class Consolidation:
    deadline: dt.date
    codes: tuple[str, ...]
    names: Mapping[str, str]
    activity_codes: frozenset[str]
    rows: tuple[WardRow, ...]  # in the order given
    totals: Mapping[str, Total]
    expected: int
    received: int
    on_time: int
    reporting_rate: float | None  # percent; None when nothing is expected
    timeliness: float | None  # "reporting rate on time", percent
    _by_code: Mapping[str, WardRow] = field(default_factory=dict, repr=False)

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def ratio_codes(self) -> tuple[str, ...]:
        return tuple(c for c in self.codes if c not in self.activity_codes)

    def name(self, code: str) -> str:
        return default_name(code, self.names)

    def row(self, unit_code: str) -> WardRow:
        return self._by_code[unit_code]

    def ranked(self, code: str) -> list[WardRow]:
        """The rows by rank for ``code`` (best first), equal ranks by unit name, the
        unranked last."""
        return sorted(self.rows, key=lambda row: _rank_key(row, code))

    def columns(self) -> list[dict[str, Any]]:
        """For templates: each code with its name, kind and total."""
        return [
            {
                "code": code,
                "name": self.name(code),
                "activity": code in self.activity_codes,
                "total": self.totals[code],
            }
            for code in self.codes
        ]

    def table(self) -> list[tuple[WardRow, list[tuple[bool, Cell]]]]:
        """For templates: each row with its cells in the order of the codes, each cell
        with whether its code is an activity figure."""
        return [
            (row, [(code in self.activity_codes, row.cell(code)) for code in self.codes])
            for row in self.rows
        ]


def default_name(code: str, names: Mapping[str, str]) -> str:
    return names.get(code) or INDICATOR_SHORT.get(code) or ACTIVITY_NAMES.get(code) or code


def _rank_key(row: WardRow, code: str) -> tuple[int, int, str, str]:
    rank = row.cell(code).rank
    return (rank is None, rank or 0, fold(row.unit_name), row.unit_code)


def local_day(moment: dt.datetime) -> dt.date:
    """The calendar day in Vietnam of a moment; a naive moment is Vietnam's time."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(VIETNAM).date()


def timeliness_of(submission: WardSubmission, deadline: dt.date) -> Timeliness:
    """On time when first received on or before the end of the deadline day in Vietnam,
    even if returned and sent again later (domain.md); a received report without a time
    is late (it cannot be shown on time)."""
    if submission.status not in RECEIVED_STATUSES:
        return Timeliness.MISSING
    first = submission.first_sent
    if first is not None and local_day(first) <= deadline:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def consolidate(
    *,
    submissions: Sequence[WardSubmission],
    deadline: dt.date,
    codes: Sequence[str],
    names: Mapping[str, str] | None = None,
) -> Consolidation:
    """The consolidation of ``submissions`` for ``codes`` (see the module's docstring).

    ``sessions`` and ``guided`` are activity figures, and so is a code that some report
    gives without a denominator and none with one (drafts included: the shape of the
    data, not what was received, decides the columns); for a ratio code, a figure without
    a denominator is ignored. Raises ``ValueError`` when a unit appears twice."""
    codes = tuple(dict.fromkeys(codes))
    seen: set[str] = set()
    for submission in submissions:
        if submission.unit_code in seen:
            raise ValueError(f"unit {submission.unit_code} is given twice")
        seen.add(submission.unit_code)
    states = [timeliness_of(s, deadline) for s in submissions]
    received = [s for s, t in zip(submissions, states, strict=True) if t is not Timeliness.MISSING]
    activity = frozenset(code for code in codes if _is_activity(code, submissions))
    cells: list[dict[str, Cell]] = [{} for _ in submissions]
    totals: dict[str, Total] = {}
    display_names = dict(names or {})
    for code in codes:
        numerator = 0
        denominator = 0
        wards = 0
        scored: list[tuple[int, float]] = []
        for index, (submission, state) in enumerate(zip(submissions, states, strict=True)):
            if state is Timeliness.MISSING or code not in submission.figures:
                continue
            num, den = submission.figures[code]
            if code in activity:
                cells[index][code] = Cell(numerator=num)
                numerator += num
                wards += 1
                continue
            if den is None:
                continue
            share = percent(num, den)
            cells[index][code] = Cell(numerator=num, denominator=den, percent=share)
            numerator += num
            denominator += den
            wards += 1
            if share is not None:
                scored.append((index, share))
        for index, rank in _competition_ranks(scored).items():
            cells[index][code] = _with_rank(cells[index][code], rank)
        is_activity = code in activity
        totals[code] = Total(
            code=code,
            name=default_name(code, display_names),
            numerator=numerator,
            denominator=None if is_activity else denominator,
            percent=None if is_activity else percent(numerator, denominator),
            wards=wards,
        )
    rows = tuple(
        WardRow(
            unit_code=s.unit_code,
            unit_name=s.unit_name,
            status=s.status,
            submitted_at=s.first_sent,
            timeliness=state,
            cells=cells[index],
            corrected_at=_correction(s),
        )
        for index, (s, state) in enumerate(zip(submissions, states, strict=True))
    )
    expected = len(submissions)
    on_time = sum(1 for t in states if t is Timeliness.ON_TIME)
    return Consolidation(
        deadline=deadline,
        codes=codes,
        names=display_names,
        activity_codes=activity,
        rows=rows,
        totals=totals,
        expected=expected,
        received=len(received),
        on_time=on_time,
        reporting_rate=percent(len(received), expected),
        timeliness=percent(on_time, expected),
        _by_code={row.unit_code: row for row in rows},
    )


def _correction(submission: WardSubmission) -> dt.datetime | None:
    first, last = submission.first_submitted_at, submission.submitted_at
    if first is None or last is None or last <= first:
        return None
    return last


def _is_activity(code: str, submissions: Sequence[WardSubmission]) -> bool:
    if code in ACTIVITY_NAMES:
        return True
    given = [s.figures[code][1] for s in submissions if code in s.figures]
    return bool(given) and all(denominator is None for denominator in given)


def _with_rank(cell: Cell, rank: int) -> Cell:
    return Cell(cell.numerator, cell.denominator, cell.percent, rank)


def _competition_ranks(scored: list[tuple[int, float]]) -> dict[int, int]:
    """index -> 1 + how many scored strictly higher (1, 2, 2, 4)."""
    ordered = sorted(scored, key=lambda pair: -pair[1])
    ranks: dict[int, int] = {}
    previous: float | None = None
    rank = 0
    for position, (index, share) in enumerate(ordered, start=1):
        if share != previous:
            rank, previous = position, share
        ranks[index] = rank
    return ranks


# The workbook ----------------------------------------------------------------------------

# The same words as the page's status badges (reports/_status.html in the Vietnamese catalogue).
STATUS_VI = {
    "draft": "Dự thảo",
    "submitted": "Đã gửi",
    "returned": "Bị trả lại",
    "accepted": "Đã chấp nhận",
}
TIMELINESS_VI = {
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Muộn",
    Timeliness.MISSING: "Chưa gửi",
}
TIMELINESS_EN = {
    Timeliness.ON_TIME: "on time",
    Timeliness.LATE: "late",
    Timeliness.MISSING: "missing",
}


def consolidation_xlsx(c: Consolidation, *, title: str) -> bytes:
    """The sheet "Tổng hợp": the title, the header row, a row per ward, the totals, then the
    reporting rate and timeliness, all in Vietnamese; the sheet "English" gives each header
    and label in English. Numbers are numbers (percents with format ``0.00``); every text
    is a text cell, never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng hợp"
    bold = Font(bold=True)
    italic = Font(italic=True, color="555555")
    fixed_vi = ["Đơn vị", "Mã", "Trạng thái", "Thời điểm gửi", "Đúng hạn/muộn"]
    fixed_en = ["Unit", "Code", "Status", "Submitted at", "On time/late"]
    header_vi: list[str] = list(fixed_vi)
    header_en: list[str] = list(fixed_en)
    for code in c.codes:
        name = c.name(code)
        if code in c.activity_codes:
            header_vi.append(name)
            header_en.append(code)
        else:
            header_vi += [f"{name}: tử số", "mẫu số", "tỷ lệ (%)", "xếp hạng"]
            header_en += [f"{code}: numerator", "denominator", "percent", "rank"]
    width = len(header_vi)

    _text(sheet.cell(row=1, column=1), title).font = Font(bold=True, size=13)
    for column, vi in enumerate(header_vi, start=1):
        _text(sheet.cell(row=2, column=column), vi).font = bold
        sheet.cell(row=2, column=column).alignment = Alignment(wrap_text=True, vertical="top")
    row_number = 3
    for ward in c.rows:
        _text(sheet.cell(row=row_number, column=1), ward.unit_name)
        _text(sheet.cell(row=row_number, column=2), ward.unit_code)
        _text(sheet.cell(row=row_number, column=3), STATUS_VI.get(ward.status, ward.status))
        if ward.submitted_at is not None:
            moment = ward.submitted_at
            if moment.tzinfo is not None:
                moment = moment.astimezone(VIETNAM).replace(tzinfo=None)
            stamp = sheet.cell(row=row_number, column=4, value=moment)
            stamp.number_format = "dd/mm/yyyy hh:mm"
        timeliness = TIMELINESS_VI[ward.timeliness]
        if ward.corrected_at is not None:
            when = ward.corrected_at
            if when.tzinfo is not None:
                when = when.astimezone(VIETNAM)
            timeliness += f" (sửa lại / corrected {when:%d/%m/%Y %H:%M})"
        _text(sheet.cell(row=row_number, column=5), timeliness)
        column = 6
        for code in c.codes:
            cell = ward.cell(code)
            if code in c.activity_codes:
                _number(sheet, row_number, column, cell.numerator)
                column += 1
                continue
            _number(sheet, row_number, column, cell.numerator)
            _number(sheet, row_number, column + 1, cell.denominator)
            _number(sheet, row_number, column + 2, cell.percent, "0.00")
            _number(sheet, row_number, column + 3, cell.rank)
            column += 4
        row_number += 1
    _text(sheet.cell(row=row_number, column=1), "Tổng cộng").font = bold
    _text(sheet.cell(row=row_number, column=3), f"{c.received}/{c.expected} báo cáo").font = bold
    column = 6
    for code in c.codes:
        total = c.totals[code]
        _number(sheet, row_number, column, total.numerator).font = bold
        if code in c.activity_codes:
            column += 1
            continue
        _number(sheet, row_number, column + 1, total.denominator).font = bold
        _number(sheet, row_number, column + 2, total.percent, "0.00").font = bold
        column += 4
    row_number += 2
    for label, value in (
        ("Tỷ lệ báo cáo (%)", c.reporting_rate),
        ("Tỷ lệ báo cáo đúng hạn (%)", c.timeliness),
    ):
        _text(sheet.cell(row=row_number, column=1), label).font = bold
        _number(sheet, row_number, 3, value, "0.00")
        row_number += 1
    _text(
        sheet.cell(row=row_number, column=1),
        f"Hạn gửi: {c.deadline:%d/%m/%Y}",
    )
    sheet.freeze_panes = "B3"
    widths = [32, 12, 12, 17, 11] + [12] * (width - 5)
    for index, value in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = value
    english = book.create_sheet("English")
    _text(english.cell(row=1, column=1), "Tiếng Việt").font = bold
    _text(english.cell(row=1, column=2), "English").font = bold
    glossary = list(zip(header_vi, header_en, strict=True)) + [
        (STATUS_VI[status], status) for status in STATUS_VI
    ]
    glossary += [(TIMELINESS_VI[t], TIMELINESS_EN[t]) for t in TIMELINESS_VI]
    glossary += [
        ("Tổng cộng", "Total"),
        ("báo cáo", "reports"),
        ("Tỷ lệ báo cáo (%)", "Reporting rate (%)"),
        ("Tỷ lệ báo cáo đúng hạn (%)", "Reporting rate on time (%)"),
        ("Hạn gửi", "Deadline"),
    ]
    for row, (vi, en) in enumerate(glossary, start=2):
        _text(english.cell(row=row, column=1), vi)
        _text(english.cell(row=row, column=2), en).font = italic
    english.column_dimensions["A"].width = 40
    english.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell: Any, value: str) -> Any:
    """A text cell whatever the text (see gocua.lib.sheets)."""
    return xlsx_text(cell, value)


def _number(sheet: Any, row: int, column: int, value: float | None, fmt: str = "0") -> Any:
    cell = sheet.cell(row=row, column=column, value=value)
    if value is not None:
        cell.number_format = fmt if fmt != "0" else "#,##0"
    return cell


# The city's letter -----------------------------------------------------------------------

_DIVISIONS = ("phường", "xã", "thị trấn", "đặc khu")


def division_words(names: Sequence[str]) -> str:
    """``phường, xã`` for a city of wards and communes: what the units are called;
    ``đơn vị`` when some name starts with none of them."""
    prefixes = {word: fold(word) + " " for word in _DIVISIONS}
    found: dict[str, None] = {}
    for folded in {fold(name) for name in names}:
        word = next((w for w, prefix in prefixes.items() if folded.startswith(prefix)), None)
        if word is None:
            return "đơn vị"
        found[word] = None
    if not found:
        return "đơn vị"
    return ", ".join(word for word in _DIVISIONS if word in found)


def short_place(name: str) -> str:
    """``Phường Tuần Châu`` → ``Tuần Châu``: a chart's label."""
    folded = fold(name)
    for word in _DIVISIONS:
        prefix = fold(word) + " "
        if folded.startswith(prefix) and len(name) > len(word) + 1:
            return name[len(word) + 1 :].strip()
    return name


def wards_sentence(c: Consolidation, *, as_of: dt.date | None = None) -> str:
    """``Đến ngày 30/6/2023, 2/3 phường đã gửi báo cáo (tỷ lệ báo cáo 66,67%), trong
    đó 1 đơn vị gửi đúng hạn (tỷ lệ báo cáo đúng hạn 33,33%); chưa gửi báo cáo:
    Phường Hà Khẩu.``"""
    from gocua.lib.dates import short_date

    kind = division_words([row.unit_name for row in c.rows])
    when = f"Đến ngày {short_date(as_of)}, " if as_of is not None else ""
    rate = (
        f" (tỷ lệ báo cáo {format_percent(c.reporting_rate)})"
        if c.reporting_rate is not None
        else ""
    )
    timely = (
        f" (tỷ lệ báo cáo đúng hạn {format_percent(c.timeliness)})"
        if c.timeliness is not None
        else ""
    )
    text = (
        f"{when}{group(c.received)}/{group(c.expected)} {kind} đã gửi báo cáo{rate}, "
        f"trong đó {group(c.on_time)} đơn vị gửi đúng hạn{timely}"
    )
    missing = [row.unit_name for row in c.rows if not row.received]
    if missing:
        text += f"; chưa gửi báo cáo: {', '.join(missing)}"
    return text[:1].upper() + text[1:] + "."


def city_letter_content(
    *,
    c: Consolidation,
    unit_name: str,
    parent_name: str,
    place: str,
    number: str,
    day: dt.date,
    signature: Signature,
    recipients: Sequence[str],
    request: AnsweredRequest | None = None,
    subject: str = "",
    plans: Sequence[str] = (),
    decisions: Sequence[str] = (),
    lessons: Sequence[str] = (),
    difficulties: Sequence[str] = (),
    proposals: Sequence[str] = (),
    copies: Sequence[str] = (),
    as_of: dt.date | None = None,
    chart: bool = True,
) -> ReportContent:
    """The city's letter to the province in the ward letter's layout: the totals of the
    received reports (sum over sum), the sessions and residents guided summed, a
    sentence on who reported and on time, and a chart of the indicators by ward."""
    figures = [
        IndicatorFigure(
            code=code,
            numerator=c.totals[code].numerator,
            denominator=c.totals[code].denominator or 0,
            name=c.names.get(code, ""),
            short_name=c.names.get(code, ""),
        )
        for code in c.ratio_codes
        if code not in (SESSIONS, GUIDED) and c.totals[code].denominator
    ]
    received = [row for row in c.rows if row.received]
    wards = (
        [
            NeighbourhoodFigures(
                short_place(row.unit_name),
                {f.code: row.cell(f.code).percent for f in figures},
            )
            for row in received
        ]
        if chart
        else []
    )
    kind = division_words([row.unit_name for row in c.rows])
    return ReportContent(
        unit_name=unit_name,
        parent_name=parent_name,
        place=place,
        number=number,
        day=day,
        signature=signature,
        recipients=recipients,
        request=request,
        subject=subject,
        plans=plans,
        decisions=decisions,
        sessions=_activity_total(c, SESSIONS),
        guided=_activity_total(c, GUIDED),
        indicators=figures,
        neighbourhoods=wards,
        chart_groups=kind,
        as_of=as_of,
        lessons=lessons,
        difficulties=difficulties,
        proposals=proposals,
        copies=copies,
        preamble=[wards_sentence(c, as_of=as_of or day)],
        team=f"Các Tổ Công nghệ số cộng đồng trên địa bàn {lower_first(unit_name)}",
        authority=committee(unit_name),
    )


def _activity_total(c: Consolidation, code: str) -> int | None:
    total = c.totals.get(code)
    if total is None or total.wards == 0:
        return None
    return total.numerator
