"""Figures of every unit of a subtree: the registry's counts, entered aggregates, roll-up.

:func:`compute` runs a constant number of queries (units, definitions and the
catalogue, the two engine queries, the outreach figures, data sources,
entered values, targets) and rolls the lowest units up the tree in Python.

How a unit's figure is found (``source``):

1. If the unit's data source is ``entered`` (declared on it or inherited from
   the nearest unit above that declares one) and an entered figure *matches*
   the query, that figure: ``entered``.
2. Otherwise its own registry counts (residents attached to the unit itself)
   plus the figures of the units directly below it: ``registry`` when every
   part came from the registry, ``entered`` when every part was entered,
   ``mixed`` when both (the units whose entered figures went in are listed in
   ``entered_units``).
3. A unit using entered figures with no match and nothing below it has no
   figure (numerator and denominator ``None``). Activity figures (sessions,
   guided) fall back to the outreach records, which every unit keeps.

Matching an entered figure to a query (as of D, from F):

- stock indicators (facts held on D: ``eid``, ``cashless``, ``essential_apps``,
  ``household_skills``) and entered population figures: the entry dated
  (``as_of``) within F..D, the latest one; on a tie, the one starting on F;
- period indicators (events within F..D: ``online_services``,
  ``civic_engagement``) and activity figures (``sessions``, ``guided``): the
  entry for exactly that period, ``start`` = F and ``as_of`` = D.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gocua.indicators import engine, rules
from gocua.indicators.models import (
    POPULATION_CODES,
    AggregateValue,
    DataSource,
    IndicatorDefinition,
    IndicatorTarget,
    Measure,
    UnitSource,
    valid_on,
)
from gocua.indicators.partial import ward_reader
from gocua.lib.dates import start_of_year
from gocua.lib.errors import Problem
from gocua.lib.numbers import percent
from gocua.orgunits.models import OrgUnit

REGISTRY = "registry"
ENTERED = "entered"
MIXED = "mixed"


# Definitions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    code: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    population: str
    measure: str
    kind: str  # stock, period, activity
    order: int
    numerator: rules.Condition
    denominator: rules.Condition | None
    frozen: dict[str, Any]

    def name(self, language: str = "vi") -> str:
        return self.name_en if language == "en" else self.name_vi

    def compiled(self) -> engine.Compiled:
        return engine.Compiled(self.code, self.population, self.numerator, self.denominator)


def _catalogue() -> tuple[dict[str, str], dict[str, int]]:
    from gocua.outreach.models import Service

    rows = list(Service.objects.values_list("code", "fact", "id"))
    return {c: f for c, f, _ in rows}, {c: i for c, _, i in rows}


def _definition(frozen: dict[str, Any], services: dict[str, str]) -> Definition:
    try:
        parsed = rules.parse_rules(
            population=frozen["population"],
            numerator=frozen["numerator"],
            denominator=frozen["denominator"],
            services=services,
        )
    except rules.RuleProblem as problem:
        raise Problem(
            f"Chỉ tiêu “{frozen['code']}” có quy tắc không dùng được: {problem.vi}",
            f"indicator “{frozen['code']}” has an unusable rule: {problem.en}",
        ) from None
    return Definition(
        code=frozen["code"],
        name_vi=frozen["name_vi"],
        name_en=frozen["name_en"],
        short_vi=frozen.get("short_vi") or frozen["code"],
        short_en=frozen.get("short_en") or frozen["code"],
        population=frozen["population"],
        measure=frozen.get("measure", Measure.PERCENT),
        kind=parsed.kind,
        order=int(frozen.get("order", 100)),
        numerator=parsed.numerator,
        denominator=parsed.denominator,
        frozen={**frozen, "kind": parsed.kind},
    )


def active_definitions(
    *, as_of: dt.date, codes: Sequence[str] | None = None
) -> tuple[list[Definition], dict[str, int]]:
    """The definitions in force on ``as_of`` (in order) and the service ids. Two queries."""
    facts, ids = _catalogue()
    rows = IndicatorDefinition.objects.filter(valid_on(as_of)).order_by("order", "code")
    if codes is not None:
        rows = rows.filter(code__in=list(codes))
    definitions = []
    for row in rows:
        try:
            frozen = row.frozen(facts)
        except rules.RuleProblem as problem:
            raise Problem(
                f"Chỉ tiêu “{row.code}” có quy tắc không dùng được: {problem.vi}",
                f"indicator “{row.code}” has an unusable rule: {problem.en}",
            ) from None
        definitions.append(_definition(frozen, facts))
    return definitions, ids


def frozen_definitions(frozen: Iterable[dict[str, Any]]) -> tuple[list[Definition], dict[str, int]]:
    """Definitions frozen earlier (a submitted report), with their app lists' facts as then."""
    facts, ids = _catalogue()
    result = []
    for item in frozen:
        services = {**facts, **item.get("app_facts", {})}
        result.append(_definition(item, services))
    return sorted(result, key=lambda d: (d.order, d.code)), ids


# Results ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRef:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    path: str
    depth: int
    valid_from: dt.date | None
    valid_until: dt.date | None

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "level": self.level}


@dataclass(frozen=True)
class Figure:
    """One indicator's value at one unit."""

    code: str
    name_vi: str
    name_en: str
    numerator: int | None
    denominator: int | None
    percent: float | None
    target: float | None
    source: str  # registry, entered, mixed
    short_vi: str = ""
    short_en: str = ""
    measure: str = Measure.PERCENT
    kind: str = "stock"
    entered_units: tuple[str, ...] = ()  # units whose entered figures went in
    entered_as_of: dt.date | None = None  # the entry's as-of date (source "entered")

    def name(self, language: str = "vi") -> str:
        return self.name_en if language == "en" else self.name_vi

    def short(self, language: str = "vi") -> str:
        return (self.short_en if language == "en" else self.short_vi) or self.code

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "name": self.name_vi,
            "name_en": self.name_en,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "percent": self.percent,
            "target": self.target,
            "source": self.source,
        }
        if self.entered_as_of is not None:
            data["entered_as_of"] = self.entered_as_of.isoformat()
        if self.source == MIXED:
            data["entered_units"] = list(self.entered_units)
        return data


@dataclass(frozen=True)
class PopulationFigure:
    value: int | None
    source: str
    estimated: bool = False  # derived from entered denominators (a lower bound)


@dataclass(frozen=True)
class EnteredValue:
    unit_id: int
    as_of: dt.date
    start: dt.date
    code: str
    numerator: int
    denominator: int | None


@dataclass
class UnitResult:
    unit: UnitRef
    source: str  # the unit's data source (declared or inherited)
    declared: str | None  # declared on the unit itself
    figures: dict[str, Figure] = field(default_factory=dict)
    populations: dict[str, PopulationFigure] = field(default_factory=dict)
    own: set[str] = field(default_factory=set)  # codes/populations with data of its own
    previous: dict[str, EnteredValue] = field(default_factory=dict)  # last entered period


@dataclass
class Computation:
    root_id: int
    as_of: dt.date
    start: dt.date
    definitions: list[Definition]
    results: dict[int, UnitResult]  # every unit of the subtree
    children: dict[int, list[int]]

    @property
    def root(self) -> UnitResult:
        return self.results[self.root_id]

    def in_order(self) -> list[UnitResult]:
        return sorted(self.results.values(), key=lambda r: r.unit.path)


def _ancestor_codes(unit: OrgUnit) -> list[str]:
    return unit.ancestor_codes()


def _by_path(items: Iterable[tuple[str, Any]], path: str) -> Any:
    """The value of the longest path that is a prefix of ``path`` ("" matches all)."""
    best, found = -1, None
    for prefix, value in items:
        if path.startswith(prefix) and len(prefix) > best:
            best, found = len(prefix), value
    return found


def _match(
    values: list[EnteredValue], kind: str, as_of: dt.date, start: dt.date
) -> EnteredValue | None:
    if kind == "stock":
        candidates = [v for v in values if start <= v.as_of <= as_of]
        if not candidates:
            return None
        return max(candidates, key=lambda v: (v.as_of, v.start == start, v.start))
    return next((v for v in values if v.as_of == as_of and v.start == start), None)


def compute(
    *,
    root: OrgUnit,
    as_of: dt.date,
    start: dt.date | None = None,
    codes: Sequence[str] | None = None,
    definitions: Sequence[dict[str, Any]] | None = None,
    strategy: str = engine.JOIN,
    backend: engine.Backend | None = None,
) -> Computation:
    """Every figure of every unit of root's subtree as of ``as_of`` over ``start``..``as_of``."""
    start = start or start_of_year(as_of)
    loaded = _load(root=root, as_of=as_of, start=start, codes=codes, definitions=definitions)
    counts = engine.registry_counts(
        root=root,
        as_of=as_of,
        start=start,
        definitions=loaded.compiled(),
        service_ids=loaded.service_ids,
        strategy=strategy,
        backend=backend,
        reader=ward_reader(root=root, units=loaded.units, backend=backend),
    )
    return _roll_up(loaded, as_of, counts, _activity(loaded, root, start, as_of))


def compute_series(
    *,
    root: OrgUnit,
    days: Sequence[dt.date],
    start: dt.date,
    codes: Sequence[str] | None = None,
    populations: bool = True,
    full: int | None = None,
    trend: Sequence[str] = (),
) -> list[Computation]:
    """:func:`compute` as of each of ``days`` (ascending), every one over ``start``..that
    day, with the definitions in force on the last day. The registry is read by two
    queries for all the days (:func:`engine.registry_series`); units, sources, entered
    figures and targets once; the outreach figures twice a day (they are small).
    ``populations=False``: the registry's population figures are not counted (a trend
    of one indicator needs none of them).

    ``full`` (default: every day): only the last ``full`` days are computed for every
    indicator (and populations); the days before them for the codes of ``trend`` only
    (their computations' ``definitions`` are those), in the same pass: the overview's
    table as of two days and its trend of one indicator read the residents once."""
    days = sorted(days)
    loaded = _load(root=root, as_of=days[-1], start=start, codes=codes, definitions=None)
    full = len(days) if full is None else full
    only = frozenset(trend)
    day_codes = [None if i >= len(days) - full else only for i in range(len(days))]
    series = engine.registry_series(
        root=root,
        days=days,
        start=start,
        definitions=loaded.compiled(),
        service_ids=loaded.service_ids,
        populations=populations,
        day_codes=day_codes,
        reader=ward_reader(root=root, units=loaded.units),
    )
    result = []
    for day, counts, wanted in zip(days, series, day_codes, strict=True):
        defs = loaded.defs if wanted is None else [d for d in loaded.defs if d.code in wanted]
        result.append(
            _roll_up(
                loaded,
                day,
                counts,
                _activity(loaded, root, start, day, defs),
                populations and wanted is None,
                defs,
            )
        )
    return result


@dataclass
class _Loaded:
    """What :func:`compute` reads besides the registry's counts."""

    root_id: int
    start: dt.date
    defs: list[Definition]
    service_ids: dict[str, int]
    units: list[UnitRef]
    children: dict[int, list[int]]
    declared: list[tuple[str, str]]
    entered: dict[int, dict[str, list[EnteredValue]]]
    # code → (unit path or "", value, valid_from, valid_until)
    targets: dict[str, list[tuple[str, float, dt.date | None, dt.date | None]]]
    _sources: dict[int, str] | None = None
    _deepest: list[UnitRef] | None = None

    def compiled(self) -> list[engine.Compiled]:
        return [d.compiled() for d in self.defs if d.population != rules.ACTIVITY]

    def sources(self) -> dict[int, str]:
        """Each unit's data source (:func:`source_of`), found once for every day of a series:
        the declaration nearest above, walking down the tree."""
        if self._sources is None:
            declared_on = dict(self.declared)
            by_id = {u.id: u for u in self.units}
            found: dict[int, str] = {}
            for u in sorted(self.units, key=lambda x: x.depth):
                own = declared_on.get(u.path)
                if own is not None:
                    found[u.id] = own
                elif u.parent_id in found and u.parent_id in by_id:
                    found[u.id] = found[u.parent_id]
                else:
                    found[u.id] = source_of(self.declared, u.path)
            self._sources = found
        return self._sources

    def deepest_first(self) -> list[UnitRef]:
        if self._deepest is None:
            self._deepest = sorted(self.units, key=lambda x: -x.depth)
        return self._deepest


def _load(
    *,
    root: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    codes: Sequence[str] | None,
    definitions: Sequence[dict[str, Any]] | None,
) -> _Loaded:
    if definitions is not None:
        defs, service_ids = frozen_definitions(definitions)
        if codes is not None:
            defs = [d for d in defs if d.code in codes]
    else:
        defs, service_ids = active_definitions(as_of=as_of, codes=codes)
    ancestors = _ancestor_codes(root)
    units = [
        UnitRef(*row)
        for row in OrgUnit.objects.filter(root.subtree_q())
        .order_by("path")
        .values_list(
            "id", "code", "name", "level", "parent_id", "path", "depth", "valid_from", "valid_until"
        )
    ]
    children: dict[int, list[int]] = defaultdict(list)
    # A root that is not stored (the whole country, path "/") is the parent of the roots.
    virtual = not any(u.id == root.pk for u in units)
    if virtual:
        units.insert(
            0, UnitRef(root.pk, root.code, root.name, root.level, None, root.path, -1, None, None)
        )
    for u in units:
        parent = u.parent_id if u.parent_id is not None or u.id == root.pk else None
        if virtual and u.id != root.pk and u.parent_id is None:
            parent = root.pk
        if u.id != root.pk and parent is not None:
            children[parent].append(u.id)

    declared = list(
        UnitSource.objects.filter(root.subtree_q("unit") | Q(unit__code__in=ancestors)).values_list(
            "unit__path", "source"
        )
    )

    entered: dict[int, dict[str, list[EnteredValue]]] = defaultdict(lambda: defaultdict(list))
    for row in AggregateValue.objects.filter(
        root.subtree_q("entry__unit"), entry__as_of__lte=as_of
    ).values_list(
        "entry__unit_id", "entry__as_of", "entry__start", "code", "numerator", "denominator"
    ):
        entered_value = EnteredValue(*row)
        entered[entered_value.unit_id][entered_value.code].append(entered_value)

    targets: dict[str, list[tuple[str, float, dt.date | None, dt.date | None]]] = defaultdict(list)
    for code, path, amount, valid_from, valid_until in (
        IndicatorTarget.objects.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=as_of))
        .filter(Q(unit__isnull=True) | root.subtree_q("unit") | Q(unit__code__in=ancestors))
        .values_list("code", "unit__path", "value", "valid_from", "valid_until")
    ):
        targets[code].append((path or "", float(Decimal(amount)), valid_from, valid_until))
    return _Loaded(
        root.pk, start, list(defs), service_ids, units, children, declared, entered, targets
    )


def _activity(
    loaded: _Loaded,
    root: OrgUnit,
    start: dt.date,
    as_of: dt.date,
    defs: Sequence[Definition] | None = None,
) -> dict[str, dict[int, int]]:
    from gocua.outreach.selectors import guided_by_unit, sessions_by_unit

    kinds = {
        d.numerator.kind
        for d in (loaded.defs if defs is None else defs)
        if isinstance(d.numerator, rules.Activity)
    }
    activity: dict[str, dict[int, int]] = {}
    if "sessions" in kinds:
        activity["sessions"] = sessions_by_unit(root=root, start=start, end=as_of)
    if "guided" in kinds:
        activity["guided"] = guided_by_unit(root=root, start=start, end=as_of)
    return activity


def _targets_valid(
    items: list[tuple[str, float, dt.date | None, dt.date | None]], day: dt.date
) -> float | list[tuple[str, float]] | None:
    """The targets valid on ``day`` as (path prefix, value) pairs for :func:`_by_path`, or
    the value itself (None: no target) when none is narrower than the whole country."""
    valid = [
        (prefix, value)
        for prefix, value, valid_from, valid_until in items
        if (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)
    ]
    if all(prefix == "" for prefix, _ in valid):
        return valid[0][1] if valid else None
    return valid


def _target_on(
    items: list[tuple[str, float, dt.date | None, dt.date | None]], path: str, day: dt.date
) -> float | None:
    """The most specific target valid on ``day`` for the unit at ``path``."""
    valid = [
        (prefix, value)
        for prefix, value, valid_from, valid_until in items
        if (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)
    ]
    return _by_path(valid, path)  # type: ignore[no-any-return]


def _roll_up(
    loaded: _Loaded,
    as_of: dt.date,
    counts: dict[int, engine.UnitCounts],
    activity: dict[str, dict[int, int]],
    populations: bool = True,
    only: Sequence[Definition] | None = None,
) -> Computation:
    start, units, children = loaded.start, loaded.units, loaded.children
    defs = loaded.defs if only is None else list(only)
    declared_on = dict(loaded.declared)
    sources = loaded.sources()
    results: dict[int, UnitResult] = {}
    for u in units:
        results[u.id] = UnitResult(unit=u, source=sources[u.id], declared=declared_on.get(u.path))
    # The targets valid on the day, per indicator: one value for every unit when only
    # national defaults apply (the usual case), else the most specific per unit.
    valid_targets = {d.code: _targets_valid(loaded.targets.get(d.code, []), as_of) for d in defs}

    for u in loaded.deepest_first():
        result = results[u.id]
        kids = [results[c] for c in children.get(u.id, [])]
        mine = counts.get(u.id)
        unit_entered: dict[str, list[EnteredValue]] = (
            _entered_until(loaded.entered.get(u.id, {}), as_of)
            if result.source == DataSource.ENTERED
            else {}
        )
        for d in defs:
            matched = _match(unit_entered.get(d.code, []), d.kind, as_of, start)
            valid = valid_targets[d.code]
            target = valid if not isinstance(valid, list) else _by_path(valid, u.path)
            figure = _figure(d, u, result, kids, mine, activity, matched, target)
            result.figures[d.code] = figure
            if matched is not None:
                result.own.add(d.code)
                earlier = [v for v in unit_entered[d.code] if v.as_of < matched.as_of]
                if earlier:
                    result.previous[d.code] = max(earlier, key=lambda v: (v.as_of, v.start))
            elif (
                figure.source == REGISTRY
                and _has_own(d, u, mine, activity)
                and uses_registry(d, result.source)
            ):
                result.own.add(d.code)
        if populations:
            fill_populations(result, kids, mine, unit_entered, defs, as_of, start)

    return Computation(loaded.root_id, as_of, start, list(defs), results, dict(children))


def _entered_until(
    values: dict[str, list[EnteredValue]], as_of: dt.date
) -> dict[str, list[EnteredValue]]:
    """The unit's entered values dated on or before ``as_of`` (a series loads them once)."""
    return {code: [v for v in items if v.as_of <= as_of] for code, items in values.items()}


def source_of(declared: Iterable[tuple[str, str]], path: str) -> str:
    """One unit, one period, one source: the data source of the unit at ``path`` is the one
    declared on it or on the nearest unit above it (``declared``: (path, source) pairs),
    else the registry. Every view of a unit's figures goes through :func:`compute`, which
    takes each unit's source from here (``selectors.unit_source`` says the same for one
    unit)."""
    return _by_path(declared, path) or DataSource.REGISTRY


def uses_registry(d: Definition, source: str) -> bool:
    """Whether a unit of that source counts its own registry for ``d``: a unit that enters
    its figures never mixes in registry counts (activity figures come from the outreach
    records, which every unit keeps)."""
    return d.population == rules.ACTIVITY or source != DataSource.ENTERED


def in_breakdown(parent: Figure, child: Figure, parent_entered_own: bool) -> Figure:
    """The child's figure as a part of the parent's breakdown (the page's table, the
    letter's chart, the workbook): a parent whose figure is its own entered figure is
    broken down only by children whose figures were entered too; any other child shows
    no figure there ("no breakdown"). A parent that sums its children shows each in its
    own source."""
    if parent_entered_own and parent.source == ENTERED and child.source != ENTERED:
        return replace(child, numerator=None, denominator=None, percent=None)
    return child


def _has_own(
    d: Definition, u: UnitRef, mine: engine.UnitCounts | None, activity: dict[str, dict[int, int]]
) -> bool:
    if d.population == rules.ACTIVITY:
        assert isinstance(d.numerator, rules.Activity)
        return u.id in activity.get(d.numerator.kind, {})
    return mine is not None and d.code in mine.denominators


def _figure(
    d: Definition,
    u: UnitRef,
    result: UnitResult,
    kids: list[UnitResult],
    mine: engine.UnitCounts | None,
    activity: dict[str, dict[int, int]],
    matched: EnteredValue | None,
    target: float | None = None,
) -> Figure:
    is_count = d.population == rules.ACTIVITY or d.measure == Measure.COUNT
    base: dict[str, Any] = {
        "code": d.code,
        "name_vi": d.name_vi,
        "name_en": d.name_en,
        "short_vi": d.short_vi,
        "short_en": d.short_en,
        "measure": d.measure,
        "kind": d.kind,
        "target": target,
    }
    if matched is not None:
        denominator = None if d.population == rules.ACTIVITY else matched.denominator
        return Figure(
            numerator=matched.numerator,
            denominator=denominator,
            percent=None if is_count else percent(matched.numerator, denominator),
            source=ENTERED,
            entered_units=(u.code,),
            entered_as_of=matched.as_of,
            **base,
        )
    numerator = 0
    denominator = 0
    sources: set[str] = set()
    entered_units: list[str] = []
    if _has_own(d, u, mine, activity) and uses_registry(d, result.source):
        sources.add(REGISTRY)
        if d.population == rules.ACTIVITY:
            assert isinstance(d.numerator, rules.Activity)
            numerator += activity[d.numerator.kind][u.id]
        else:
            assert mine is not None
            numerator += mine.numerators[d.code]
            denominator += mine.denominators[d.code]
    for kid in kids:
        f = kid.figures[d.code]
        if f.numerator is None:
            continue
        numerator += f.numerator
        denominator += f.denominator or 0
        sources.update((REGISTRY, ENTERED) if f.source == MIXED else (f.source,))
        entered_units.extend(f.entered_units)
    if not sources:
        if d.population != rules.ACTIVITY and result.source == DataSource.ENTERED:
            return Figure(numerator=None, denominator=None, percent=None, source=ENTERED, **base)
        sources.add(REGISTRY)
    source = sources.pop() if len(sources) == 1 else MIXED
    final_denominator = None if d.population == rules.ACTIVITY else denominator
    return Figure(
        numerator=numerator,
        denominator=final_denominator,
        percent=None if is_count else percent(numerator, final_denominator),
        source=source,
        entered_units=tuple(entered_units),
        **base,
    )


def fill_populations(
    result: UnitResult,
    kids: list[UnitResult],
    mine: engine.UnitCounts | None,
    unit_entered: dict[str, list[EnteredValue]],
    defs: list[Definition],
    as_of: dt.date,
    start: dt.date,
) -> None:
    """Residents, households, residents 14+ and 18+ of the unit.

    Entered units: the population figures entered, else the denominators entered
    whose rule is that population (``eid`` → residents 14+, ``cashless`` → 18+,
    ``household_skills`` → households); residents: the largest resident denominator
    entered. Those derived figures are lower bounds, marked ``estimated``.
    """
    if result.source == DataSource.ENTERED:
        found: dict[str, PopulationFigure] = {}
        for name in POPULATION_CODES:
            matched = _match(unit_entered.get(name, []), "stock", as_of, start)
            if matched is not None:
                found[name] = PopulationFigure(matched.numerator, ENTERED)
        derived: dict[str, list[int]] = defaultdict(list)
        for d in defs:
            figure = result.figures[d.code]
            if figure.source != ENTERED or figure.denominator is None or d.code not in result.own:
                continue
            if d.population == rules.RESIDENTS:
                derived["residents"].append(figure.denominator)
                for name, years in engine.POPULATION_AGES.items():
                    if d.denominator == rules.AgeAtLeast(years):
                        derived[name].append(figure.denominator)
            elif d.population == rules.HOUSEHOLDS and d.denominator == rules.EVERYONE:
                derived["households"].append(figure.denominator)
        if found or derived:
            derived["residents"].extend(
                f.value for n, f in found.items() if n != "households" and f.value is not None
            )
            for name in POPULATION_CODES:
                if name not in found and derived.get(name):
                    found[name] = PopulationFigure(max(derived[name]), ENTERED, estimated=True)
            result.populations = found
            result.own.update(f"population:{name}" for name in found)
            return
    for name in POPULATION_CODES:
        value = 0
        sources: set[str] = set()
        estimated = False
        if mine is not None and name in mine.populations and result.source != DataSource.ENTERED:
            value += mine.populations[name]
            sources.add(REGISTRY)
            result.own.add(f"population:{name}")
        for kid in kids:
            p = kid.populations.get(name)
            if p is None or p.value is None:
                continue
            value += p.value
            estimated = estimated or p.estimated
            sources.update((REGISTRY, ENTERED) if p.source == MIXED else (p.source,))
        if not sources:
            if result.source == DataSource.ENTERED:
                continue
            sources.add(REGISTRY)
        source = sources.pop() if len(sources) == 1 else MIXED
        result.populations[name] = PopulationFigure(value, source, estimated)


# The public shape ------------------------------------------------------------------------------


@dataclass
class UnitFigures:
    """A unit's figures and those of the units directly below it (see ``selectors``)."""

    unit: UnitRef
    as_of: dt.date
    start: dt.date
    source: str  # the unit's data source: registry or entered
    figures: list[Figure]
    populations: dict[str, int | None]
    children: list[UnitFigures] = field(default_factory=list)
    definitions: list[dict[str, Any]] = field(default_factory=list)

    def figure(self, code: str) -> Figure | None:
        return next((f for f in self.figures if f.code == code), None)

    def to_json(self, *, top: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {"unit": self.unit.to_json()}
        if top:
            data["as_of"] = self.as_of.isoformat()
            data["from"] = self.start.isoformat()
        data["data_source"] = self.source
        data["indicators"] = [f.to_json() for f in self.figures]
        data["populations"] = self.populations
        if top:
            data["children"] = [c.to_json(top=False) for c in self.children]
        return data


def unit_figures(computation: Computation, unit_id: int, *, depth: int = 1) -> UnitFigures:
    result = computation.results[unit_id]
    kids: list[UnitFigures] = []
    if depth > 0:
        for child_id in computation.children.get(unit_id, []):
            child = computation.results[child_id]
            if child.unit.exists_on(computation.as_of) or any(
                f.numerator for f in child.figures.values()
            ):
                kid = unit_figures(computation, child_id, depth=depth - 1)
                kid.figures = [
                    in_breakdown(result.figures[f.code], f, f.code in result.own)
                    for f in kid.figures
                ]
                kids.append(kid)
    return UnitFigures(
        unit=result.unit,
        as_of=computation.as_of,
        start=computation.start,
        source=result.source,
        figures=[result.figures[d.code] for d in computation.definitions],
        populations={k: v.value for k, v in result.populations.items()},
        children=kids,
        definitions=[d.frozen for d in computation.definitions]
        if unit_id == computation.root_id
        else [],
    )
