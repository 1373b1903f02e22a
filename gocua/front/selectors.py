"""The overview of a unit (its page, ``/u/<code>/``): reads only, for the view and the XLSX.

:func:`unit_overview` gathers, for a unit the caller got through ``access_unit``:

- the unit's own figure per active indicator, with its target, the gap to it and the
  change since the end of the previous month (same ``from``);
- one row per unit directly below (a cell per indicator, coloured by attainment of the
  target), the findings of data quality in each, outliers among them, and the
  reporting status of the unit's current request; the unit's own figures as the total
  row (the engine's roll-up: the sum of the numerators over the sum of the
  denominators, never an average of percents);
- the 12-month trend of the unit (as of each month end) and the units below ranked
  for one indicator, as data for server-rendered charts.

The figures come from :func:`gocua.indicators.selectors.indicator_series`: the months
and the as-of date in one pass of the engine, so the number of queries stays the same
whatever the number of units below or residents.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from django.conf import settings

from gocua.indicators import selectors as indicators
from gocua.indicators.computation import Computation, Figure, UnitResult
from gocua.indicators.selectors import SiblingOutlier
from gocua.lib.text import fold
from gocua.orgunits.models import OrgUnit
from gocua.reports import selectors as reports
from gocua.reports.models import ReportRequest
from gocua.reports.selectors import RequestRow

TREND_MONTHS = 12
NATIONAL = "VN"  # /u/VN/: the whole country, for administrators


def national_unit() -> OrgUnit:
    """The whole country as a unit that is not stored: its subtree is every unit (path
    "/"), the provinces are the units directly below it."""
    return OrgUnit(pk=0, code=NATIONAL, name="Việt Nam", level="country", path="/", depth=-1)


NEAR = 10.0  # within this many points below the target: "near"

MET, NEAR_TARGET, BELOW = "met", "near", "below"
ON_TIME, LATE, MISSING, RETURNED = "on_time", "late", "missing", "returned"


def attainment(figure: Figure) -> str:
    """met / near / below the target; "" without a target or a value."""
    if figure.target is None:
        return ""
    value = figure.percent if figure.measure == "percent" else figure.numerator
    if value is None:
        return ""
    if value >= figure.target:
        return MET
    if figure.measure == "percent" and value >= figure.target - NEAR:
        return NEAR_TARGET
    return BELOW


def value_of(figure: Figure) -> float | None:
    """What a figure is compared, ranked and charted by: its percent, or its count."""
    if figure.measure == "percent" and figure.denominator is not None:
        return figure.percent
    return None if figure.numerator is None else float(figure.numerator)


def gap(figure: Figure) -> float | None:
    """Target minus value (positive: still to go; 0 or less: reached)."""
    value = value_of(figure)
    if figure.target is None or value is None:
        return None
    return round(figure.target - value, 2)


@dataclass(frozen=True)
class Headline:
    figure: Figure
    previous: Figure | None  # as of the end of the previous month
    gap: float | None
    change: float | None  # points of percent, or the count's difference
    attainment: str


@dataclass(frozen=True)
class Cell:
    figure: Figure
    attainment: str
    outlier: bool

    @property
    def sort_value(self) -> float:
        value = value_of(self.figure)
        return -1.0 if value is None else value


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    level: str
    source: str
    cells: list[Cell]
    findings: int
    reporting: str  # on_time, late, missing, returned; "" when not asked


FIGURE_FIELDS = tuple(f.name for f in fields(Figure))
_packed = attrgetter(*FIGURE_FIELDS)  # a Figure → the tuple of its fields, in order


class Line(NamedTuple):
    """A unit directly below, as the overview keeps it in the cache: plain values (a
    province has thousands; a tuple of numbers loads ten times faster than the objects),
    made into a :class:`Row` only when shown or exported."""

    code: str
    name: str
    folded: str  # the name folded (gocua.lib.text.fold), for the filter and the sort
    level: str
    source: str
    findings: int
    figures: tuple[tuple[Any, ...], ...]  # per indicator, the Figure's fields in order
    attainments: tuple[str, ...]
    outliers: tuple[bool, ...]
    values: tuple[float | None, ...]  # value_of each figure: what is sorted and ranked

    def cell(self, index: int) -> Cell:
        return Cell(Figure(*self.figures[index]), self.attainments[index], self.outliers[index])

    def row(self, reporting: str = "") -> Row:
        return Row(
            code=self.code,
            name=self.name,
            level=self.level,
            source=self.source,
            cells=[self.cell(i) for i in range(len(self.figures))],
            findings=self.findings,
            reporting=reporting,
        )


@dataclass(frozen=True)
class TrendPoint:
    as_of: dt.date
    figure: Figure


@dataclass(frozen=True)
class Reporting:
    """Completeness and timeliness of a request, as DHIS2 counts them."""

    request: ReportRequest
    expected: int
    received: int
    on_time: int
    late: int
    missing: int
    returned: int

    @property
    def completeness(self) -> float | None:
        return round(100 * self.received / self.expected, 2) if self.expected else None

    @property
    def timeliness(self) -> float | None:
        return round(100 * self.on_time / self.expected, 2) if self.expected else None


@dataclass
class Overview:
    unit: OrgUnit
    as_of: dt.date
    start: dt.date
    indicator: str  # the indicator charted
    headlines: list[Headline]
    lines: list[Line]  # the units below, in the engine's order (by path)
    total: list[Cell]
    trend: list[TrendPoint]
    outliers: list[SiblingOutlier]
    findings_total: int
    reporting: Reporting | None
    codes: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)  # unit code → reporting status

    @cached_property
    def rows(self) -> list[Row]:
        """Every unit below as a row, in the engine's order (the XLSX, a small table)."""
        return [line.row(self.statuses.get(line.code, "")) for line in self.lines]

    @property
    def index(self) -> int:
        """The charted indicator's column."""
        return self.codes.index(self.indicator) if self.indicator in self.codes else 0

    def ranked(self, ends: int | None = None) -> tuple[list[tuple[Line, Cell]], int, int | None]:
        """The units below by the charted indicator, best first, those without a value
        last; the number left out, and after how many of those shown they are (None:
        none left out). With ``ends``, when there are more than twice as many units:
        only the best ``ends`` and the worst ``ends`` with a value, or every unit with a
        value when there are no more than that."""
        index = self.index
        ranked = [line for line in self.lines if line.figures]
        ranked.sort(key=lambda line: _descending_none_last(line.values[index]))
        if ends is None or len(ranked) <= 2 * ends:
            return [(line, line.cell(index)) for line in ranked], 0, None
        valued = [line for line in ranked if line.values[index] is not None]
        shown = valued[:ends] + valued[ends:][-ends:]
        gap_after = ends if len(valued) > 2 * ends else len(shown)
        return [(line, line.cell(index)) for line in shown], len(ranked) - len(shown), gap_after


def _descending_none_last(value: float | None) -> tuple[bool, float]:
    return (value is None, -(value or 0.0))


def _reporting(request: ReportRequest | None) -> tuple[Reporting | None, dict[str, str]]:
    if request is None:
        return None, {}
    rows: list[RequestRow] = reports.request_rows(request)
    statuses = {row.unit.code: row.reporting for row in rows}
    counted = Counter(statuses.values())
    return (
        Reporting(
            request=request,
            expected=len(rows),
            received=counted[ON_TIME] + counted[LATE],
            on_time=counted[ON_TIME],
            late=counted[LATE],
            missing=counted[MISSING],
            returned=counted[RETURNED],
        ),
        statuses,
    )


def _findings_by_child(
    unit: OrgUnit, computation: Computation, kids: list[UnitResult]
) -> tuple[dict[int, int], int]:
    found = indicators.findings(
        unit=unit, as_of=computation.as_of, start=computation.start, computation=computation
    )
    paths = {r.unit.code: r.unit.path for r in computation.results.values()}
    # A unit's path begins with its ancestors' ("/P99/P99C0001/…"): the child it is under
    # is the prefix one segment longer than the unit's own (a dict, not a scan of the
    # children for each finding: a province has thousands of both).
    by_path = {kid.unit.path: kid.unit.id for kid in kids}
    segments = unit.path.count("/") + 1  # "/P99/" → "/P99/X/" has one "/" more
    counts: Counter[int] = Counter()
    for finding in found:
        path = paths.get(finding.unit_code, "")
        head = "/".join(path.split("/", segments)[:segments]) + "/"
        if head in by_path:
            counts[by_path[head]] += 1
    return dict(counts), len(found)


def _chosen(as_of: dt.date, indicator: str) -> str:
    """The indicator to chart: the one asked for if in force, else the first."""
    codes = [d.code for d in indicators.definitions_in_force(as_of=as_of)]
    return indicator if indicator in codes else (codes[0] if codes else "")


def overview_series(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date, months: int, indicator: str = ""
) -> list[Computation]:
    """The figures of the overview in one pass of the engine (a fixed number of queries):
    every indicator as of the end of last month and the as-of date (the table, the
    headlines and their change), and the charted indicator alone as of the month ends
    before (the trend: a resident is evaluated once per day and column, so the earlier
    months count only what the chart shows). Oldest first; the last is as of ``as_of``."""
    return _series(
        unit=unit, as_of=as_of, start=start, months=months, chosen=_chosen(as_of, indicator)
    )


def _series(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date, months: int, chosen: str
) -> list[Computation]:
    # Not cached itself: the page keeps its digest (:func:`unit_overview`), a tenth of the
    # size; keeping these too would pickle 10 MB a province each time the data changed.
    return indicators.indicator_series(
        unit=unit,
        as_of=as_of,
        start=start,
        months=max(months, 2),
        full=2,
        trend=[chosen] if chosen else [],
    )


# The cached digest's shape (the fields of a Figure and of a Line): a cache that outlives a
# change of either (a file or shared cache across a deploy) is not read back into it.
_SHAPE = zlib.crc32(",".join(FIGURE_FIELDS + Line._fields).encode())


@dataclass(frozen=True)
class _Digest:
    """What the page needs of the engine's figures, without the figures of every unit
    of the subtree at every month end (10 MB for a province of 3,321 communes; this is
    a tenth of it and loads from the cache in a fiftieth of the time)."""

    indicator: str
    codes: list[str]
    headlines: list[Headline]
    lines: list[Line]
    total: list[Cell]
    trend: list[TrendPoint]
    outliers: list[SiblingOutlier]
    findings_total: int


def _digest(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date, indicator: str, months: int
) -> _Digest:
    series = _series(unit=unit, as_of=as_of, start=start, months=months, chosen=indicator)
    computation = series[-1]
    previous = series[-2] if len(series) > 1 else None
    codes = [d.code for d in computation.definitions]
    chosen = indicator if indicator in codes else (codes[0] if codes else "")
    root = computation.root

    headlines = []
    for code in codes:
        figure = root.figures[code]
        before = previous.root.figures[code] if previous else None
        now_value = value_of(figure)
        before_value = value_of(before) if before else None
        change = (
            round(now_value - before_value, 2)
            if now_value is not None and before_value is not None
            else None
        )
        headlines.append(Headline(figure, before, gap(figure), change, attainment(figure)))

    kids = [
        computation.results[k]
        for k in computation.children.get(unit.pk, [])
        if computation.results[k].unit.exists_on(as_of)
        or any(f.numerator for f in computation.results[k].figures.values())
    ]
    outliers = indicators.sibling_outliers(computation, unit.pk)
    flagged = {(o.unit_code, o.code) for o in outliers}
    findings, findings_total = _findings_by_child(unit, computation, kids)
    lines = []
    for kid in kids:
        figures = [kid.figures[code] for code in codes]
        lines.append(
            Line(
                code=kid.unit.code,
                name=kid.unit.name,
                folded=fold(kid.unit.name),
                level=kid.unit.level,
                source=kid.source,
                findings=findings.get(kid.unit.id, 0),
                figures=tuple(_packed(f) for f in figures),
                attainments=tuple(attainment(f) for f in figures),
                outliers=tuple((kid.unit.code, code) in flagged for code in codes),
                values=tuple(value_of(f) for f in figures),
            )
        )
    total = [Cell(root.figures[code], attainment(root.figures[code]), False) for code in codes]
    trend = (
        [TrendPoint(c.as_of, c.root.figures[chosen]) for c in series[-months:]] if chosen else []
    )
    return _Digest(chosen, codes, headlines, lines, total, trend, outliers, findings_total)


def unit_overview(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    indicator: str = "",
    months: int = TREND_MONTHS,
) -> Overview:
    """The overview of ``unit`` as of ``as_of`` over ``start``..``as_of`` (see the module).

    The engine's figures reduced to what the page shows are kept by the indicators cache
    (same key as the figures: unit, dates, data version), so that a page seen again,
    sorted or turned costs no pass of the engine and loads little; the reporting status
    is read each time."""
    chosen = _chosen(as_of, indicator)
    digest = indicators.cached(
        f"overview-digest-{_SHAPE}-{months}",
        unit=unit,
        as_of=as_of,
        start=start,
        codes=[chosen],
        build=lambda: _digest(unit=unit, as_of=as_of, start=start, indicator=chosen, months=months),
    )
    request = reports.current_request(unit=unit, as_of=as_of) if unit.pk else None
    reporting, statuses = _reporting(request)
    return Overview(
        unit=unit,
        as_of=as_of,
        start=start,
        indicator=digest.indicator,
        headlines=digest.headlines,
        lines=digest.lines,
        total=digest.total,
        trend=digest.trend,
        outliers=digest.outliers,
        findings_total=digest.findings_total,
        reporting=reporting,
        codes=digest.codes,
        statuses=statuses,
    )


# The table of units below, paged and sorted on the server ------------------------------

ATTENTION, NAME, FINDINGS, REPORT = "attention", "name", "findings", "report"
ASC, DESC = "asc", "desc"
# A report's status, the most worrying first (ascending).
REPORT_ORDER = {MISSING: 0, RETURNED: 1, LATE: 2, ON_TIME: 3, "": 4}


@dataclass(frozen=True)
class TablePage:
    """The rows of the table shown. ``paged`` False: every unit below in the engine's
    order, sorted in the browser (a city's 30 wards); True (more than
    ``OVERVIEW_PAGED_ABOVE`` units): one page of the units that match ``query``, in the
    order of ``sort`` and ``direction``, sorted here."""

    rows: list[Row]
    paged: bool
    sort: str = ATTENTION
    direction: str = DESC
    query: str = ""
    number: int = 1  # the page, from 1
    pages: int = 1
    matched: int = 0  # units that match the filter
    count: int = 0  # every unit below
    first: int = 0  # the position of the first row shown, from 1 (0: none)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def concerns(line: Line, reporting: str) -> int:
    """How many things about a unit call for a look: each indicator below its target,
    each outlier, any finding of data quality, a report missing, returned or late."""
    return (
        sum(a == BELOW for a in line.attainments)
        + sum(line.outliers)
        + (line.findings > 0)
        + (reporting in (MISSING, RETURNED, LATE))
    )


def sort_columns(overview: Overview) -> list[str]:
    """The orders the table can be read in: attention first, the name, each indicator,
    the findings, the report's status when a request is open."""
    return [ATTENTION, NAME, *overview.codes, FINDINGS] + ([REPORT] if overview.reporting else [])


def _sort_key(overview: Overview, sort: str) -> Callable[[Line], Any]:
    statuses = overview.statuses
    if sort == FINDINGS:
        return lambda line: line.findings
    if sort == REPORT:
        return lambda line: REPORT_ORDER.get(statuses.get(line.code, ""), len(REPORT_ORDER))
    index = overview.index  # attention: the charted indicator's value breaks ties

    def attention(line: Line) -> tuple[int, bool, float]:
        # Descending (the default): the most concerns first, then no value, then lowest.
        value = line.values[index]
        return (concerns(line, statuses.get(line.code, "")), value is None, -(value or 0.0))

    return attention


def overview_table(
    overview: Overview,
    *,
    sort: str = "",
    direction: str = "",
    page: int = 1,
    query: str = "",
    paged_above: int | None = None,
    per_page: int | None = None,
) -> TablePage:
    """The table's rows: all of them as today up to ``paged_above`` units below
    (settings.OVERVIEW_PAGED_ABOVE), else page ``page`` of ``per_page``
    (settings.OVERVIEW_PAGE_SIZE) of the units whose name or code holds ``query``
    (accents and case ignored), by ``sort`` (:func:`sort_columns`) in ``direction`` (asc,
    desc). By default the units that need attention first: the most :func:`concerns`,
    then those without a value of the charted indicator, then the furthest behind. A
    unit without a value in a column sorted by is last either way; equal ones by name."""
    lines = overview.lines
    paged_above = settings.OVERVIEW_PAGED_ABOVE if paged_above is None else paged_above
    if len(lines) <= paged_above:
        return TablePage(
            rows=overview.rows,
            paged=False,
            matched=len(lines),
            count=len(lines),
            first=1 if lines else 0,
        )
    per_page = max(1, settings.OVERVIEW_PAGE_SIZE if per_page is None else per_page)
    sort = sort if sort in sort_columns(overview) else ATTENTION
    if direction not in (ASC, DESC):
        direction = DESC if sort == ATTENTION else ASC
    statuses = overview.statuses
    wanted = fold(query)
    if wanted:
        lines = [line for line in lines if wanted in line.folded or wanted in line.code.lower()]
    lines = sorted(lines, key=lambda line: (line.folded, line.code))  # equal ones by name
    descending = direction == DESC
    if sort == NAME:
        if descending:
            lines.reverse()
    elif sort in overview.codes:
        index = overview.codes.index(sort)
        valued = [line for line in lines if line.values[index] is not None]
        valued.sort(key=lambda line: line.values[index] or 0.0, reverse=descending)
        lines = valued + [line for line in lines if line.values[index] is None]
    else:
        lines.sort(key=_sort_key(overview, sort), reverse=descending)
    matched = len(lines)
    pages = max(1, -(-matched // per_page))
    number = min(max(1, page), pages)
    shown = lines[(number - 1) * per_page : number * per_page]
    return TablePage(
        rows=[line.row(statuses.get(line.code, "")) for line in shown],
        paged=True,
        sort=sort,
        direction=direction,
        query=query,
        number=number,
        pages=pages,
        matched=matched,
        count=len(overview.lines),
        first=(number - 1) * per_page + 1 if shown else 0,
    )
