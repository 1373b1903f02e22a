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
from collections import Counter
from dataclasses import dataclass, field

from gocua.indicators import selectors as indicators
from gocua.indicators.computation import Computation, Figure, UnitResult
from gocua.indicators.selectors import SiblingOutlier
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
    computation: Computation
    headlines: list[Headline]
    rows: list[Row]
    total: list[Cell]
    trend: list[TrendPoint]
    outliers: list[SiblingOutlier]
    findings_total: int
    reporting: Reporting | None
    codes: list[str] = field(default_factory=list)

    @property
    def ranked(self) -> list[tuple[Row, Cell]]:
        """The units below by the charted indicator, best first, those without a value last."""
        index = self.codes.index(self.indicator) if self.indicator in self.codes else 0
        pairs = [(row, row.cells[index]) for row in self.rows if row.cells]
        return sorted(pairs, key=lambda p: (value_of(p[1].figure) is None, -p[1].sort_value))


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
    counts: Counter[int] = Counter()
    for finding in found:
        path = paths.get(finding.unit_code, "")
        for kid in kids:
            if path.startswith(kid.unit.path):
                counts[kid.unit.id] += 1
                break
    return dict(counts), len(found)


def overview_series(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date, months: int, indicator: str = ""
) -> list[Computation]:
    """The figures of the overview in one pass of the engine (a fixed number of queries):
    every indicator as of the end of last month and the as-of date (the table, the
    headlines and their change), and the charted indicator alone as of the month ends
    before (the trend: a resident is evaluated once per day and column, so the earlier
    months count only what the chart shows). Oldest first; the last is as of ``as_of``."""
    codes = [d.code for d in indicators.definitions_in_force(as_of=as_of)]
    chosen = indicator if indicator in codes else (codes[0] if codes else "")
    # Kept by the indicators cache like the figures of a day (same key: unit, dates, data
    # version), so that a page seen again, or sorted, costs no pass of the engine.
    return indicators.cached(
        f"overview-{months}",
        unit=unit,
        as_of=as_of,
        start=start,
        codes=[chosen],
        build=lambda: indicators.indicator_series(
            unit=unit,
            as_of=as_of,
            start=start,
            months=max(months, 2),
            full=2,
            trend=[chosen] if chosen else [],
        ),
    )


def unit_overview(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    indicator: str = "",
    months: int = TREND_MONTHS,
) -> Overview:
    """The overview of ``unit`` as of ``as_of`` over ``start``..``as_of`` (see the module)."""
    series = overview_series(
        unit=unit, as_of=as_of, start=start, months=months, indicator=indicator
    )
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
    request = reports.current_request(unit=unit, as_of=as_of) if unit.pk else None
    reporting, statuses = _reporting(request)

    rows = [
        Row(
            code=kid.unit.code,
            name=kid.unit.name,
            level=kid.unit.level,
            source=kid.source,
            cells=[
                Cell(
                    kid.figures[code],
                    attainment(kid.figures[code]),
                    (kid.unit.code, code) in flagged,
                )
                for code in codes
            ],
            findings=findings.get(kid.unit.id, 0),
            reporting=statuses.get(kid.unit.code, ""),
        )
        for kid in kids
    ]
    total = [Cell(root.figures[code], attainment(root.figures[code]), False) for code in codes]
    trend = (
        [TrendPoint(c.as_of, c.root.figures[chosen]) for c in series[-months:]] if chosen else []
    )
    return Overview(
        unit=unit,
        as_of=as_of,
        start=start,
        indicator=chosen,
        computation=computation,
        headlines=headlines,
        rows=rows,
        total=total,
        trend=trend,
        outliers=outliers,
        findings_total=findings_total,
        reporting=reporting,
        codes=codes,
    )
