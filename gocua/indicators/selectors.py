"""Reads of the indicator engine: the public API for the letter (issue 6) and the checker.

Every selector takes the unit whose subtree it reads (obtained by the caller
through ``accounts.selectors.access_unit`` or ``find_unit``), so scoping cannot
be forgotten.

Figures
-------
``indicator_values(*, unit, as_of, start=None, codes=None, definitions=None)
-> UnitFigures``
    The unit's figures as of ``as_of`` over ``start``..``as_of`` (``start``
    defaults to 1 January of the as-of year) and those of each unit directly
    below it (``.children``). ``UnitFigures.figures`` is a list of
    :class:`~gocua.indicators.computation.Figure` (``code, name_vi, name_en,
    numerator, denominator, percent, target, source``; ``source`` is
    ``registry``, ``entered`` or ``mixed``); ``.figure(code)`` picks one;
    ``.populations`` gives residents, households, residents_14, residents_18;
    ``.definitions`` the definitions used, frozen as plain JSON (store them with
    a submitted report and pass them back as ``definitions=`` to recompute the
    same way later); ``.to_json()`` is the shape of ``gocua indicators --format
    json``. A constant number of queries, whatever the number of residents or units.
    ``backend=`` (``engines.backend(...)``) runs the registry counts on DuckDB or Spark
    over a snapshot; by default the settings decide (``GOCUA_ANALYTICS_ENGINE`` and
    ``GOCUA_ANALYTICS_DATA``: a national instance), else the database.

``snapshot_time() -> datetime | None``
    When the snapshot the figures come from was taken; None: the database itself.

``indicator_tree(*, unit, as_of, start=None, codes=None, definitions=None)
-> Computation``
    The same for every unit of the subtree (``.results[unit_id]``).

``definitions_frozen(*, as_of, codes=None) -> list[dict]``
    The definitions in force on ``as_of``, frozen.

Series and outliers
-------------------
``indicator_series(*, unit, as_of, start=None, months=12) -> list[Computation]``
    The subtree's figures as of the last day of each of the ``months`` months
    ending with the as-of date's month (the last one as of the as-of date itself),
    oldest first, each over the same ``start``: two registry queries for all of
    them. ``series_json(...)`` is the API's ``series`` list of that.

``sibling_outliers(computation, unit_id) -> list[SiblingOutlier]``
    The units directly below ``unit_id`` whose percent lies far from their
    siblings' (:mod:`.outliers`), per indicator.

Findings
--------
``findings(*, unit, as_of, start=None) -> list[Finding]``
    Validation rules and registry checks over the subtree, errors first.
    ``Finding.blocking`` (importance high) is what must be fixed before a report
    is submitted: ``blocking_findings(...)`` returns those only.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q, QuerySet

from gocua.audit.services import data_version
from gocua.indicators import engines
from gocua.indicators.computation import (
    Computation,
    UnitFigures,
    active_definitions,
    compute,
    compute_series,
    source_of,
    unit_figures,
)
from gocua.indicators.models import (
    AggregateEntry,
    DataSource,
    IndicatorDefinition,
    IndicatorTarget,
    UnitSource,
    valid_on,
)
from gocua.indicators.outliers import Outlier, outliers
from gocua.indicators.registry_checks import registry_checks
from gocua.indicators.validation import (
    ERROR,
    Finding,
    active_rules,
    entered_missing,
    evaluate,
)
from gocua.lib.dates import start_of_year
from gocua.lib.errors import UsageProblem
from gocua.orgunits.models import OrgUnit


def _period(as_of: dt.date, start: dt.date | None) -> dt.date:
    start = start or start_of_year(as_of)
    if start > as_of:
        raise UsageProblem(
            "Ngày bắt đầu (--from) sau ngày số liệu (--as-of)",
            "the start (--from) is after the as-of date (--as-of)",
        )
    return start


def indicator_tree(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date | None = None,
    codes: Sequence[str] | None = None,
    definitions: Sequence[dict[str, Any]] | None = None,
    backend: Any = None,
) -> Computation:
    start = _period(as_of, start)
    backend = backend or engines.configured()
    if definitions is not None or backend is not None:
        # Frozen definitions of a submitted report, or a snapshot engine (the CLI's
        # --engine, a national instance): not cached, the data version is the database's.
        return compute(
            root=unit,
            as_of=as_of,
            start=start,
            codes=codes,
            definitions=definitions,
            backend=backend,
        )
    return cached(
        "tree",
        unit=unit,
        as_of=as_of,
        start=start,
        codes=codes,
        build=lambda: compute(root=unit, as_of=as_of, start=start, codes=codes),
    )


def cached[T](
    kind: str,
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    codes: Sequence[str] | None = None,
    build: Callable[[], T],
) -> T:
    """``build()``, kept per unit, dates, codes and data version (``INDICATORS_CACHE_SECONDS``).

    Every change of data bumps the data version of its commune and the units above it, or
    the global one (``audit.services.data_changed``, called by every service's audit log):
    a write in ward A leaves ward B's figures cached, and drops A's and its ancestors'; so
    a cached value is never older than the data; the lifetime bounds what a write outside
    the services (the admin) may leave stale.
    Other apps' pages computing from the same data use it with their own ``kind``.
    """
    seconds = settings.INDICATORS_CACHE_SECONDS
    if seconds <= 0:
        return build()
    key = ":".join(
        [
            "gocua",
            kind,
            data_version(unit),
            str(unit.pk),
            as_of.isoformat(),
            start.isoformat(),
            ",".join(codes or []),
        ]
    )
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, seconds)
    return found


def indicator_values(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date | None = None,
    codes: Sequence[str] | None = None,
    definitions: Sequence[dict[str, Any]] | None = None,
    backend: Any = None,
) -> UnitFigures:
    computation = indicator_tree(
        unit=unit, as_of=as_of, start=start, codes=codes, definitions=definitions, backend=backend
    )
    return unit_figures(computation, unit.pk)


def snapshot_time() -> dt.datetime | None:
    """When the snapshot the figures come from was taken (``GOCUA_ANALYTICS_ENGINE`` and
    ``GOCUA_ANALYTICS_DATA`` set, a national instance), to show beside them; None when
    the figures come from the database itself."""
    configured = engines.configured()
    if configured is None:
        return None
    return dt.datetime.fromisoformat(configured.manifest["snapshot_at"])


MAX_MONTHS = 36


def month_ends(as_of: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the ``months`` months ending with ``as_of``'s month, the
    last one replaced by ``as_of`` itself; oldest first."""
    if not 1 <= months <= MAX_MONTHS:
        raise UsageProblem(
            f"Số tháng phải từ 1 đến {MAX_MONTHS}", f"months must be between 1 and {MAX_MONTHS}"
        )
    days = []
    year, month = as_of.year, as_of.month
    for _ in range(months - 1):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        days.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    return [*reversed(days), as_of]


def indicator_series(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date | None = None,
    months: int = 12,
    codes: Sequence[str] | None = None,
    populations: bool = True,
    full: int | None = None,
    trend: Sequence[str] = (),
) -> list[Computation]:
    """The subtree's figures as of each month end (see :func:`month_ends`), oldest
    first, every one over ``start``..that day (a month ending before ``start`` has an
    empty period: its events count nothing). ``full``/``trend``: only the last ``full``
    months for every indicator, the months before for the codes of ``trend`` only
    (:func:`~gocua.indicators.computation.compute_series`), in the same pass."""
    start = _period(as_of, start)
    return compute_series(
        root=unit,
        days=month_ends(as_of, months),
        start=start,
        codes=codes,
        populations=populations,
        full=full,
        trend=trend,
    )


def series_json(computations: Sequence[Computation]) -> list[dict[str, Any]]:
    """The API's ``series``: ``[{"as_of": DATE, "indicators": [...]}, ...]``, the root's
    own indicators in the shape of ``gocua indicators --format json``."""
    return [
        {
            "as_of": c.as_of.isoformat(),
            "indicators": [c.root.figures[d.code].to_json() for d in c.definitions],
        }
        for c in computations
    ]


@dataclass(frozen=True)
class SiblingOutlier:
    code: str  # the indicator
    unit_code: str
    unit_name: str
    outlier: Outlier


def sibling_outliers(computation: Computation, unit_id: int) -> list[SiblingOutlier]:
    """Per indicator with a percent, the units directly below ``unit_id`` whose percent
    is an outlier among theirs; indicators in order, then largest deviation first."""
    kids = [computation.results[k] for k in computation.children.get(unit_id, [])]
    found = []
    for d in computation.definitions:
        values = {
            k.unit.code: k.figures[d.code].percent
            for k in kids
            if k.figures[d.code].percent is not None
        }
        names = {k.unit.code: k.unit.name for k in kids}
        for o in outliers({c: float(v) for c, v in values.items() if v is not None}):
            found.append(SiblingOutlier(d.code, o.key, names[o.key], o))
    return found


def definitions_frozen(
    *, as_of: dt.date, codes: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    definitions, _ = active_definitions(as_of=as_of, codes=codes)
    return [d.frozen for d in definitions]


def definitions_list() -> QuerySet[IndicatorDefinition]:
    """Every version of every definition, by order and validity."""
    return IndicatorDefinition.objects.order_by("order", "code", "valid_from")


def definitions_in_force(*, as_of: dt.date) -> QuerySet[IndicatorDefinition]:
    return IndicatorDefinition.objects.filter(valid_on(as_of)).order_by("order", "code")


def targets_for(*, unit: OrgUnit) -> QuerySet[IndicatorTarget]:
    """Targets set on the unit itself."""
    return IndicatorTarget.objects.filter(unit=unit).order_by("code", "valid_from")


@dataclass(frozen=True)
class TargetInForce:
    """The target that applies to a unit for one indicator on a day, and where it is set
    (``unit_code`` empty: the national default)."""

    code: str
    value: float | None
    unit_code: str
    unit_name: str
    own: bool  # set on the unit itself


def targets_in_force(*, unit: OrgUnit, as_of: dt.date) -> dict[str, TargetInForce]:
    """Per indicator in force, the most specific target valid on ``as_of`` among the
    unit's, its ancestors' and the national default (the rule the figures use). One
    query besides the definitions."""
    codes = [*unit.ancestor_codes(), unit.code]
    depth = {code: i for i, code in enumerate(codes)}
    best: dict[str, tuple[int, IndicatorTarget]] = {}
    rows = (
        IndicatorTarget.objects.filter(valid_on(as_of))
        .filter(Q(unit__isnull=True) | Q(unit__code__in=codes))
        .select_related("unit")
    )
    for target in rows:
        level = -1 if target.unit is None else depth[target.unit.code]
        if target.code not in best or level > best[target.code][0]:
            best[target.code] = (level, target)
    found = {}
    for definition in definitions_in_force(as_of=as_of):
        item = best.get(definition.code)
        chosen = item[1] if item else None
        found[definition.code] = TargetInForce(
            code=definition.code,
            value=float(chosen.value) if chosen else None,
            unit_code=chosen.unit.code if chosen and chosen.unit else "",
            unit_name=chosen.unit.name if chosen and chosen.unit else "",
            own=bool(chosen and chosen.unit_id == unit.pk),
        )
    return found


def findings(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date | None = None,
    computation: Computation | None = None,
) -> list[Finding]:
    """Validation rules, entered figures missing, registry checks: errors first, then by
    unit and code. Pass ``computation`` (of the same unit and dates) to avoid
    computing the figures twice."""
    start = _period(as_of, start)

    def build() -> list[Finding]:
        tree = computation or indicator_tree(unit=unit, as_of=as_of, start=start)
        found = evaluate(tree, active_rules())
        found += entered_missing(tree)
        found += registry_checks(tree, unit)
        paths = {r.unit.code: r.unit.path for r in tree.results.values()}
        found.sort(key=lambda f: (f.severity != ERROR, paths.get(f.unit_code, ""), f.code))
        return found

    return cached("findings", unit=unit, as_of=as_of, start=start, build=build)


def blocking_findings(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date | None = None
) -> list[Finding]:
    return [f for f in findings(unit=unit, as_of=as_of, start=start) if f.blocking]


def unit_source(*, unit: OrgUnit) -> tuple[str, OrgUnit | None]:
    """The unit's data source and the unit that declared it (None: the default), by the
    rule every figure follows (:func:`~gocua.indicators.computation.source_of`)."""
    codes = [*unit.ancestor_codes(), unit.code]
    declared = {
        s.unit.path: s
        for s in UnitSource.objects.filter(unit__code__in=codes).select_related("unit")
    }
    source = source_of(((p, s.source) for p, s in declared.items()), unit.path)
    nearest = [p for p in declared if unit.path.startswith(p)]
    if not nearest:
        return DataSource.REGISTRY, None
    return source, declared[max(nearest, key=len)].unit


def entry_for(*, unit: OrgUnit, as_of: dt.date, start: dt.date) -> AggregateEntry | None:
    return (
        AggregateEntry.objects.filter(unit=unit, as_of=as_of, start=start)
        .prefetch_related("values")
        .first()
    )


def entries_of(*, unit: OrgUnit) -> QuerySet[AggregateEntry]:
    """The periods entered for the unit, latest first."""
    return AggregateEntry.objects.filter(unit=unit).order_by("-as_of", "-start")
