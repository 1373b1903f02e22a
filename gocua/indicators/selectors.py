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

Findings
--------
``findings(*, unit, as_of, start=None) -> list[Finding]``
    Validation rules and registry checks over the subtree, errors first.
    ``Finding.blocking`` (importance high) is what must be fixed before a report
    is submitted: ``blocking_findings(...)`` returns those only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from gocua.indicators import engines
from gocua.indicators.computation import (
    Computation,
    UnitFigures,
    active_definitions,
    compute,
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
    return compute(
        root=unit,
        as_of=as_of,
        start=_period(as_of, start),
        codes=codes,
        definitions=definitions,
        backend=backend or engines.configured(),
    )


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
    if computation is None:
        computation = indicator_tree(unit=unit, as_of=as_of, start=start)
    found = evaluate(computation, active_rules())
    found += entered_missing(computation)
    found += registry_checks(computation, unit)
    paths = {r.unit.code: r.unit.path for r in computation.results.values()}
    found.sort(key=lambda f: (f.severity != ERROR, paths.get(f.unit_code, ""), f.code))
    return found


def blocking_findings(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date | None = None
) -> list[Finding]:
    return [f for f in findings(unit=unit, as_of=as_of, start=start) if f.blocking]


def unit_source(*, unit: OrgUnit) -> tuple[str, OrgUnit | None]:
    """The unit's data source and the unit that declared it (None: the default)."""
    codes = [*unit.ancestor_codes(), unit.code]
    declared = {
        s.unit.code: s
        for s in UnitSource.objects.filter(unit__code__in=codes).select_related("unit")
    }
    for code in reversed(codes):
        if code in declared:
            return declared[code].source, declared[code].unit
    return DataSource.REGISTRY, None


def entry_for(*, unit: OrgUnit, as_of: dt.date, start: dt.date) -> AggregateEntry | None:
    return (
        AggregateEntry.objects.filter(unit=unit, as_of=as_of, start=start)
        .prefetch_related("values")
        .first()
    )


def entries_of(*, unit: OrgUnit) -> QuerySet[AggregateEntry]:
    """The periods entered for the unit, latest first."""
    return AggregateEntry.objects.filter(unit=unit).order_by("-as_of", "-start")
