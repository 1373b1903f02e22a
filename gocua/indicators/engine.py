"""The SQL engine: every active indicator of a population in ONE query.

:func:`registry_counts` compiles the definitions' rules (:mod:`.rules`) into
conditional aggregates, ``COUNT(*) FILTER (WHERE <denominator> AND <numerator>)``,
grouped by the lowest unit (``Resident.unit_id``, or
``Household.unit_id`` for households) over the subtree of the root (``unit_id
IN (SELECT id FROM orgunit WHERE path >= %s AND path < %s)``). One query for
residents, one for households, whatever the number of residents, units or
indicators; the caller rolls the lowest units up the tree in Python.

Portability: dates are ``YYYYMMDD`` integers (:class:`~gocua.lib.fields.DayField`)
and age limits become cutoff integers computed in Python
(:func:`~gocua.lib.dates.years_before`), so the SQL compares integers only and
uses nothing beyond ``CASE``, ``SUM``, ``MAX``, ``COUNT(*) FILTER (WHERE …)``, ``IN``,
``EXISTS``, ``LEFT JOIN`` and derived tables: SQLite (3.30+), PostgreSQL, DuckDB and
Spark SQL (3.0+) all accept it.
Every value is a bound parameter; no user text reaches the SQL (the rules are
parsed into a closed set of nodes, and the only identifiers are our own
tables and columns).

Events (transactions, survey participation, guidance) are folded in one of
two ways (``strategy``):

- ``join`` (default): one derived table per event table, pre-aggregated per
  resident over F..D (``MAX(CASE WHEN channel IN (...) THEN 1 ELSE 0 END)``
  for each filter the rules use), joined once with ``LEFT JOIN``;
- ``exists``: a correlated ``EXISTS`` per event condition.

``bench/indicators.py`` measures both on SQLite and PostgreSQL; ``join`` won on
both (see README).
"""

# ruff: noqa: S608 - the SQL is assembled from our own fragments; every value is bound

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, models

from gocua.indicators import rules
from gocua.lib.dates import years_before
from gocua.lib.fields import day_number
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Guidance
from gocua.registry.facts import HEAD
from gocua.registry.models import Household, Resident, SurveyParticipation, Transaction

JOIN = "join"
EXISTS = "exists"

UNITS_TABLE = OrgUnit._meta.db_table
RESIDENTS_TABLE = Resident._meta.db_table
HOUSEHOLDS_TABLE = Household._meta.db_table
EVENT_TABLES = {
    "transaction": Transaction._meta.db_table,
    "survey": SurveyParticipation._meta.db_table,
    "guidance": Guidance._meta.db_table,
}
# What the engine reads, table by table: the snapshot (``analytics export``) writes exactly
# these columns, named as here, and the snapshot engines (``engines``) read them back under
# the database's table names, so that the same SQL runs everywhere. The facts' columns come
# from the rules' description (``rules.RESIDENT_FACTS``), never from a hand list.
SNAPSHOT_TABLES: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "units": (OrgUnit, ("id", "path")),
    "households": (
        Household,
        ("id", "unit_id", *(column for column, _, _ in rules.HOUSEHOLD_FACTS.values())),
    ),
    "residents": (
        Resident,
        (
            "id",
            "unit_id",
            "household_id",
            "birth_date",
            "sex",
            "relationship",  # {"head": true}
            "moved_in",
            "moved_out",
            *(column for column, _, _ in rules.RESIDENT_FACTS.values()),
        ),
    ),
    "transactions": (Transaction, ("resident_id", "unit_id", "day", "channel")),
    "surveys": (SurveyParticipation, ("resident_id", "unit_id", "day")),
    "guidance": (Guidance, ("resident_id", "unit_id", "day", "service_id")),
}
# Population columns computed beside the indicators (for validation and the letter).
POPULATION_AGES = {"residents_14": 14, "residents_18": 18}


@dataclass(frozen=True)
class Compiled:
    """One indicator's rules, ready for the engine."""

    code: str
    population: str
    numerator: rules.Condition
    denominator: rules.Condition | None


@dataclass
class Sql:
    text: str
    params: list[Any] = field(default_factory=list)


def _join(parts: Iterable[Sql], separator: str) -> Sql:
    items = list(parts)
    return Sql(separator.join(p.text for p in items), [x for p in items for x in p.params])


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass(frozen=True)
class Scope:
    """The residents and households a statement reads: those of root's subtree (``units``
    None), or only those of the lowest units ``units`` (a part of the subtree: the wards
    whose figures changed, :mod:`.partial`). One description of "in the subtree" for the
    engine and the registry's checks."""

    low: str
    high: str
    units: tuple[int, ...] | None = None
    whole_wards: bool = False  # the subtree is whole wards (its root a ward or above)

    @classmethod
    def of(cls, root: OrgUnit, units: Sequence[int] | None = None) -> Scope:
        low, high = root.subtree_bounds()
        whole = root.level != "neighbourhood"
        return cls(low, high, None if units is None else tuple(units), whole)

    def rows(self, alias: str) -> Sql:
        """The rows of ``alias`` (residents or households: both carry ``unit_id``) in scope."""
        if self.units is not None:
            return Sql(f"{alias}.unit_id IN ({_placeholders(self.units)})", list(self.units))
        return Sql(
            f"{alias}.unit_id IN (SELECT id FROM {UNITS_TABLE} WHERE path >= %s AND path < %s)",
            [self.low, self.high],
        )

    def by_ward(self, alias: str) -> Sql | None:
        """The residents in scope through their ward (``ward_id``), when that says the same
        (whole wards): on SQLite, reading them in (ward, household) order from the
        ``resident_ward_household`` index groups them by household without sorting."""
        if self.units is not None or not self.whole_wards:
            return None
        return Sql(
            f"{alias}.ward_id IN (SELECT id FROM {UNITS_TABLE} WHERE path >= %s AND path < %s)",
            [self.low, self.high],
        )


class Backend(Protocol):
    """Where the compiled SQL runs: the configured database, or a snapshot engine
    (:mod:`gocua.indicators.engines`: DuckDB, Spark). ``vendor`` picks the few
    plans that differ (see ``_Households.source``)."""

    @property
    def vendor(self) -> str: ...

    def run(self, sql: Sql) -> tuple[list[str], list[tuple[Any, ...]]]: ...


# The statement for a part of root's subtree: the residents of these lowest units (None:
# the whole subtree). Whoever runs it (:data:`Reader`) may ask for a part only.
Statement = Callable[[Sequence[int] | None], Sql]


class Reader(Protocol):
    """Runs a statement: the whole subtree, or (:mod:`.partial`) only the wards whose data
    changed since their rows were kept. ``label`` names the statement among the pass's."""

    def __call__(
        self, label: str, statement: Statement
    ) -> tuple[list[str], list[tuple[Any, ...]]]: ...


def read_all(backend: Backend) -> Reader:
    """The plain reader: the whole subtree, on ``backend``."""

    def read(label: str, statement: Statement) -> tuple[list[str], list[tuple[Any, ...]]]:
        return backend.run(statement(None))

    return read


class DatabaseBackend:
    """The configured database, through Django's connection."""

    @property
    def vendor(self) -> str:
        return connection.vendor

    def run(self, sql: Sql) -> tuple[list[str], list[tuple[Any, ...]]]:
        return _run(sql)


class _Context:
    def __init__(
        self,
        *,
        root: OrgUnit,
        as_of: dt.date,
        start: dt.date,
        strategy: str,
        service_ids: dict[str, int],
        days: Sequence[dt.date] = (),
        populations: bool = True,
        vendor: str = "",
        day_codes: Sequence[frozenset[str] | None] = (),
        units: Sequence[int] | None = None,
    ) -> None:
        self.vendor = vendor or connection.vendor
        self.as_of = as_of
        self.day = day_number(as_of)
        self.first = day_number(start)
        self.strategy = strategy
        self.service_ids = service_ids
        # A series: several as-of days in one statement, one set of columns per day
        # (``at`` switches the day the conditions are compiled for); events are read
        # once over F..(the last day).
        self.days = list(days)
        self.series = bool(self.days)
        self.populations = populations  # count the population columns too
        # A series may count fewer indicators on some days (``None``: all of them; a set:
        # those codes only, and no population columns): one pass for a table as of two
        # days and a trend of one indicator over twelve.
        self.day_codes = list(day_codes) or [None] * len(self.days)
        self.all_populations = populations
        self.last = day_number(max(self.days)) if self.series else self.day
        if self.series:
            assert strategy == JOIN, "a series needs the join strategy"
        self.scope = Scope.of(root, units)
        # Events are narrowed by their own unit to the root's ward (or the root itself
        # above wards): a resident's events carry the resident's unit, and the ward
        # bound stays right even if a household moved between neighbourhoods.
        path = root.path
        if root.level == "neighbourhood":
            path = path.rstrip("/").rsplit("/", 1)[0] + "/"
        self.event_low, self.event_high = path, path + "~"

    def at(self, day: dt.date) -> None:
        """Compile what follows as of ``day`` (a series)."""
        self.as_of = day
        self.day = day_number(day)
        if self.series:
            self.populations = self.all_populations and self.codes_on(day) is None

    def codes_on(self, day: dt.date) -> frozenset[str] | None:
        return self.day_codes[self.days.index(day)]

    def on_day(self, day: dt.date, definitions: Sequence[Compiled]) -> list[Compiled]:
        """The definitions counted as of ``day`` (a series may count fewer on some days)."""
        wanted = self.codes_on(day)
        return [d for d in definitions if wanted is None or d.code in wanted]

    def living_in_series(self, alias: str) -> Sql:
        """Living there on at least one day of the series (a resident living on none
        is not read)."""
        first, last = day_number(min(self.days)), day_number(max(self.days))
        return Sql(
            f"({alias}.moved_in IS NULL OR {alias}.moved_in <= %s) "
            f"AND ({alias}.moved_out IS NULL OR {alias}.moved_out > %s)",
            [last, first],
        )

    def cutoff(self, years: int) -> int:
        """Born on or before this day ⇔ aged ``years`` or more on the as-of date."""
        return day_number(years_before(self.as_of, years))

    def living(self, alias: str) -> Sql:
        return living_sql(alias, self.day)

    def event_filter(self, event: rules.Event, alias: str) -> Sql:
        """The condition an event row must meet besides its period (empty text: none)."""
        if event.channels:
            return Sql(
                f"{alias}.channel IN ({_placeholders(event.channels)})", list(event.channels)
            )
        if event.services:
            ids = [self.service_ids[c] for c in event.services if c in self.service_ids] or [0]
            return Sql(f"{alias}.service_id IN ({_placeholders(ids)})", ids)
        return Sql("")

    def event_period(self, alias: str) -> Sql:
        return Sql(f"{alias}.day >= %s AND {alias}.day <= %s", [self.first, self.last])

    def event_scope(self, alias: str) -> Sql:
        return Sql(
            f"{alias}.unit_id IN (SELECT id FROM {UNITS_TABLE} WHERE path >= %s AND path < %s)",
            [self.event_low, self.event_high],
        )


def living_sql(alias: str, day: int) -> Sql:
    """Living in the unit on ``day`` (a day number), as domain.md says: born on or before
    it (no birth date: assumed born), moved in on or before it (or always there), not
    moved out or died on or before it. The SQL twin of ``registry.selectors.living_on``."""
    return Sql(
        f"({alias}.birth_date IS NULL OR {alias}.birth_date <= %s) "
        f"AND ({alias}.moved_in IS NULL OR {alias}.moved_in <= %s) "
        f"AND ({alias}.moved_out IS NULL OR {alias}.moved_out > %s)",
        [day, day, day],
    )


def _not(inner: Sql) -> Sql:
    # Two-valued NOT: a NULL inside (no birth date, no fact, no event) is "not true".
    return Sql(f"(CASE WHEN {inner.text} THEN 0 ELSE 1 END) = 1", inner.params)


def _without_events(c: rules.Condition) -> bool | None:
    """The condition's value when the resident has no event at all in the period:
    True, False, or None when it depends on other things."""
    if isinstance(c, rules.Event):
        return False
    if isinstance(c, rules.All):
        values = [_without_events(i) for i in c.items]
        if False in values:
            return False
        return True if all(v is True for v in values) else None
    if isinstance(c, rules.AnyOf):
        values = [_without_events(i) for i in c.items]
        if True in values:
            return True
        return False if all(v is False for v in values) else None
    if isinstance(c, rules.Not):
        inner = _without_events(c.item)
        return None if inner is None else not inner
    return None


def needs_an_event(c: rules.Condition) -> bool:
    """False for every resident without an event in the period (so only residents with
    one need to be looked at)."""
    return _without_events(c) is False


class _Residents:
    """Compiles resident conditions over the table alias ``alias``.

    Events (join strategy) come from one derived table, ``<alias>_ev``: every event
    table the conditions use, narrowed to the period, ``UNION ALL``-ed and grouped
    by resident, with one 0/1 column per event filter (``f0``, ``f1``, …)."""

    def __init__(self, ctx: _Context, alias: str) -> None:
        self.ctx = ctx
        self.alias = alias
        self.events = f"{alias}_ev"
        # (kind, channels, services) → (column, filter sql)
        self.flags: dict[tuple[Any, ...], tuple[str, Sql]] = {}
        self.exists_count = 0

    def condition(self, c: rules.Condition) -> Sql:
        a, ctx = self.alias, self.ctx
        if isinstance(c, rules.All):
            if not c.items:
                return Sql("1 = 1")
            return _join((self._wrapped(i) for i in c.items), " AND ")
        if isinstance(c, rules.AnyOf):
            inner = _join((self._wrapped(i) for i in c.items), " OR ")
            return Sql(f"({inner.text})", inner.params)
        if isinstance(c, rules.Not):
            return _not(self._wrapped(c.item))
        if isinstance(c, rules.AgeAtLeast):
            return Sql(f"{a}.birth_date <= %s", [ctx.cutoff(c.years)])
        if isinstance(c, rules.AgeBelow):
            return Sql(f"{a}.birth_date > %s", [ctx.cutoff(c.years)])
        if isinstance(c, rules.Sex):
            return Sql(f"{a}.sex = %s", [c.value])
        if isinstance(c, rules.Head):
            return Sql(f"{a}.relationship = %s", [HEAD])
        if isinstance(c, rules.Fact):
            return Sql(f"{a}.{rules.RESIDENT_FACTS[c.name][0]} <= %s", [ctx.day])
        if isinstance(c, rules.Apps):
            return _join(
                (Sql(f"{a}.{rules.RESIDENT_FACTS[f][0]} <= %s", [ctx.day]) for f in c.facts),
                " AND ",
            )
        if isinstance(c, rules.Event):
            return self._event(c)
        raise TypeError(f"not a resident condition: {c!r}")

    def _wrapped(self, c: rules.Condition) -> Sql:
        inner = self.condition(c)
        return Sql(f"({inner.text})", inner.params)

    def _event(self, event: rules.Event) -> Sql:
        ctx = self.ctx
        table = EVENT_TABLES[event.kind]
        if ctx.strategy == EXISTS:
            self.exists_count += 1
            e = f"{self.alias}_e{self.exists_count}"
            parts = [
                Sql(f"{e}.resident_id = {self.alias}.id"),
                ctx.event_period(e),
                ctx.event_filter(event, e),
            ]
            where = _join((p for p in parts if p.text), " AND ")
            return Sql(f"EXISTS (SELECT 1 FROM {table} {e} WHERE {where.text})", where.params)
        key = (event.kind, event.channels, event.services)
        if key not in self.flags:
            self.flags[key] = (f"f{len(self.flags)}", ctx.event_filter(event, "e"))
        if ctx.series:
            # The flag is the first day of such an event in F..(last day): within F..D
            # when that day is on or before D.
            return Sql(f"{self.events}.{self.flags[key][0]} <= %s", [ctx.day])
        return Sql(f"{self.events}.{self.flags[key][0]} = 1")

    def events_table(self) -> Sql:
        """The derived table of events per resident (join strategy); empty if none used."""
        ctx = self.ctx
        kinds = list(dict.fromkeys(key[0] for key in self.flags))
        if not kinds:
            return Sql("")
        parts = []
        for kind in kinds:
            columns = []
            held, absent = ("e.day", "NULL") if ctx.series else ("1", "0")
            for key, (column, condition) in self.flags.items():
                if key[0] != kind:
                    columns.append(Sql(f"{absent} AS {column}"))
                elif condition.text:
                    columns.append(
                        Sql(
                            f"CASE WHEN {condition.text} THEN {held} ELSE {absent} END AS {column}",
                            condition.params,
                        )
                    )
                else:
                    columns.append(Sql(f"{held} AS {column}"))
            select = _join(columns, ", ")
            where = _join([ctx.event_period("e"), ctx.event_scope("e")], " AND ")
            parts.append(
                Sql(
                    f"SELECT e.resident_id AS resident_id, {select.text} "
                    f"FROM {EVENT_TABLES[kind]} e WHERE {where.text}",
                    select.params + where.params,
                )
            )
        union = _join(parts, " UNION ALL ")
        fold = "MIN" if ctx.series else "MAX"
        maxima = ", ".join(f"{fold}(u.{column}) AS {column}" for column, _ in self.flags.values())
        return Sql(
            f"(SELECT u.resident_id AS resident_id, {maxima} FROM ({union.text}) u "
            f"GROUP BY u.resident_id) {self.events}",
            union.params,
        )

    def joins(self) -> Sql:
        """``LEFT JOIN`` of the events table, if the conditions used events (join strategy)."""
        table = self.events_table()
        if not table.text:
            return table
        return Sql(
            f" LEFT JOIN {table.text} ON {self.events}.resident_id = {self.alias}.id", table.params
        )


class _Households:
    """Compiles household conditions over ``h``; members' conditions over ``m``."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.members = _Residents(ctx, "m")
        self.member_flags: dict[tuple[str, tuple[Any, ...]], str] = {}
        self.member_columns: list[Sql] = []
        self.exists_count = 0
        self.alive_days: set[int] = set()  # a series: the days something is counted

    def condition(self, c: rules.Condition) -> Sql:
        if isinstance(c, rules.All):
            if not c.items:
                return Sql("1 = 1")
            return _join((self._wrapped(i) for i in c.items), " AND ")
        if isinstance(c, rules.AnyOf):
            inner = _join((self._wrapped(i) for i in c.items), " OR ")
            return Sql(f"({inner.text})", inner.params)
        if isinstance(c, rules.Not):
            return _not(self._wrapped(c.item))
        if isinstance(c, rules.HouseholdFact):
            return Sql(f"h.{rules.HOUSEHOLD_FACTS[c.name][0]} <= %s", [self.ctx.day])
        if isinstance(c, rules.Member):
            return self._member(c.item)
        raise TypeError(f"not a household condition: {c!r}")

    def _wrapped(self, c: rules.Condition) -> Sql:
        inner = self.condition(c)
        return Sql(f"({inner.text})", inner.params)

    def _member(self, c: rules.Condition) -> Sql:
        ctx = self.ctx
        if ctx.strategy == EXISTS:
            self.exists_count += 1
            alias = f"m{self.exists_count}"
            scope = _Residents(ctx, alias)
            inner = scope.condition(c)
            where = _join([ctx.living(alias), inner], " AND ")
            return Sql(
                f"EXISTS (SELECT 1 FROM {RESIDENTS_TABLE} {alias} "
                f"WHERE {alias}.household_id = h.id AND {where.text})",
                where.params,
            )
        sql = self.members.condition(c)
        if ctx.series:
            sql = _join([Sql(f"({sql.text})", sql.params), ctx.living("m")], " AND ")
        key = (sql.text, tuple(sql.params))
        if key not in self.member_flags:
            column = f"m{len(self.member_flags)}"
            self.member_flags[key] = column
            self.member_columns.append(
                Sql(f"MAX(CASE WHEN {sql.text} THEN 1 ELSE 0 END) AS {column}", sql.params)
            )
        return Sql(f"hm.{self.member_flags[key]} = 1")

    def source(self) -> Sql:
        """FROM … WHERE …: households of the subtree with someone living there on D.

        Without member conditions on PostgreSQL, ``h.id IN (SELECT household_id FROM
        residents living there)``: a semi-join (hashed). Otherwise a derived table of the
        living members (and their flags) grouped by household, joined once: on SQLite
        that is faster, as it reads the residents in household order instead of
        building a list of household ids through the unit index (bench/indicators.py)."""
        ctx = self.ctx
        outer = ctx.scope.rows("h")
        if ctx.series:
            return self._series_source(outer)
        if not self.member_columns and ctx.vendor != "sqlite":
            living = _join([ctx.living("m0"), ctx.scope.rows("m0")], " AND ")
            return Sql(
                f"FROM {HOUSEHOLDS_TABLE} h WHERE {outer.text} AND h.id IN "
                f"(SELECT m0.household_id FROM {RESIDENTS_TABLE} m0 WHERE {living.text})",
                outer.params + living.params,
            )
        columns = _join([Sql("m.household_id AS household_id"), *self.member_columns], ", ")
        joins = self.members.joins()
        scope, key = self.members_in_scope()
        where = _join([ctx.living("m"), scope], " AND ")
        return Sql(
            f"FROM {HOUSEHOLDS_TABLE} h JOIN (SELECT {columns.text} FROM {RESIDENTS_TABLE} m"
            f"{joins.text} WHERE {where.text} GROUP BY {key}) hm "
            f"ON hm.household_id = h.id WHERE {outer.text}",
            columns.params + joins.params + where.params + outer.params,
        )

    def members_in_scope(self) -> tuple[Sql, str]:
        """The members' filter and what they are grouped by. On SQLite, whole wards: by
        ward and household, read in that order from the ``resident_ward_household`` index,
        so no sort (a city of 1,000,000 residents: 1.13 s → 0.71 s). Otherwise on SQLite,
        ``+m.household_id``: the unary plus keeps the planner off the household index, so
        that it reads the subtree's residents through the unit index instead of every
        resident of the database in household order (EXPLAIN: a ward of a 100,000-resident
        city 0.11 s → 0.02 s, a province of entered figures without residents 0.11 s →
        0.01 s)."""
        scope = self.ctx.scope
        if self.ctx.vendor != "sqlite":
            return scope.rows("m"), "m.household_id"
        by_ward = scope.by_ward("m")
        if by_ward is not None:
            return by_ward, "m.ward_id, m.household_id"
        return scope.rows("m"), "+m.household_id"

    def _series_source(self, outer: Sql) -> Sql:
        """The members living there on some day of the series, grouped by household,
        with ``alive<i>`` (someone lives there on day i) and the member flags per day."""
        ctx = self.ctx
        alive = []
        for i, day in enumerate(ctx.days):
            ctx.at(day)
            if i not in self.alive_days:
                continue  # nothing of households counted that day
            living = ctx.living("m")
            alive.append(
                Sql(f"MAX(CASE WHEN {living.text} THEN 1 ELSE 0 END) AS alive{i}", living.params)
            )
        columns = _join([Sql("m.household_id AS household_id"), *alive, *self.member_columns], ", ")
        joins = self.members.joins()
        scope, key = self.members_in_scope()
        where = _join([ctx.living_in_series("m"), scope], " AND ")
        return Sql(
            f"FROM {HOUSEHOLDS_TABLE} h JOIN (SELECT {columns.text} FROM {RESIDENTS_TABLE} m"
            f"{joins.text} WHERE {where.text} GROUP BY {key}) hm "
            f"ON hm.household_id = h.id WHERE {outer.text}",
            columns.params + joins.params + where.params + outer.params,
        )


class _Columns:
    """Aggregate columns, each distinct condition once (``c0``, ``c1``, …); a column whose
    condition needs an event in the period is marked, to be counted from the events."""

    def __init__(self) -> None:
        self.conditions: list[tuple[str, Sql, bool]] = []  # name, condition, needs an event
        self.names: dict[tuple[str, tuple[Any, ...]], str] = {}

    def add(self, condition: Sql, needs_event: bool = False) -> str:
        key = (condition.text, tuple(condition.params))
        if key not in self.names:
            name = f"c{len(self.names)}"
            self.names[key] = name
            self.conditions.append((name, condition, needs_event))
        return self.names[key]


def counted(name: str, condition: Sql) -> Sql:
    """The column ``name``: how many rows meet ``condition``.

    ``COUNT(*) FILTER (WHERE …)`` rather than ``SUM(CASE WHEN … THEN 1 ELSE 0 END)``: the
    same count (0 when none), and the condition is a jump, not a value summed: 17% less
    on SQLite for the overview's 40 columns over 1,000,000 residents."""
    return Sql(f"COUNT(*) FILTER (WHERE {condition.text}) AS {name}", condition.params)


@dataclass
class UnitCounts:
    """Counts of one lowest unit: ``numerators``/``denominators`` by code, and populations."""

    numerators: dict[str, int] = field(default_factory=dict)
    denominators: dict[str, int] = field(default_factory=dict)
    populations: dict[str, int] = field(default_factory=dict)


def _run(sql: Sql) -> tuple[list[str], list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        cursor.execute(sql.text, sql.params)
        names = [d[0] for d in cursor.description]
        return names, cursor.fetchall()


def residents_sql(
    ctx: _Context, definitions: Sequence[Compiled]
) -> tuple[Sql, dict[str, tuple[str, str]]]:
    """One statement. With the join strategy and conditions that need an event (the
    numerator and denominator of online_services, the numerator of civic_engagement), two
    branches added up by ``UNION ALL``: one scan of the residents for everything else,
    and the residents with an event in the period, found from the events (far fewer)."""
    full = _Residents(ctx, "r")
    evented = _Residents(ctx, "r")
    columns = _Columns()
    wanted: dict[str, tuple[str, str]] = {}
    split = ctx.strategy == JOIN

    def add(condition: rules.Condition) -> str:
        needs = split and needs_an_event(condition)
        return columns.add((evented if needs else full).condition(condition), needs)

    def add_all(prefix: str, add: Any, definitions: Sequence[Compiled] = definitions) -> None:
        if ctx.populations:
            wanted[f"{prefix}population:residents"] = ("", add(rules.EVERYONE))
            for name, years in POPULATION_AGES.items():
                wanted[f"{prefix}population:{name}"] = ("", add(rules.AgeAtLeast(years)))
        for d in definitions:
            assert d.denominator is not None
            both = rules.All((d.denominator, d.numerator))
            wanted[f"{prefix}{d.code}"] = (add(both), add(d.denominator))

    if not ctx.series:
        add_all("", add)
        living = _join([ctx.scope.rows("r"), ctx.living("r")], " AND ")
    else:
        # One set of columns per day ("<i>|<code>"), each condition with living on that
        # day; the rows read are those living on some day of the series.
        for i, day in enumerate(ctx.days):
            ctx.at(day)
            alive = ctx.living("r")

            def add_on_day(condition: rules.Condition, alive: Sql = alive) -> str:
                needs = split and needs_an_event(condition)
                compiled = (evented if needs else full).condition(condition)
                # The condition before living there: most residents fail it at its first
                # test (no such fact, too young), so living's six tests are skipped
                # (AND stops at the first false; 20% less on SQLite over 1,000,000).
                return columns.add(
                    _join([Sql(f"({compiled.text})", compiled.params), alive], " AND "), needs
                )

            add_all(f"{i}|", add_on_day, ctx.on_day(day, definitions))
        living = _join([ctx.scope.rows("r"), ctx.living_in_series("r")], " AND ")
    from_events = [(n, c) for n, c, needs in columns.conditions if needs]
    first = _join(
        [Sql("r.unit_id AS unit_id")]
        + [counted(n, c) if not needs else Sql(f"0 AS {n}") for n, c, needs in columns.conditions],
        ", ",
    )
    joins = full.joins()
    scan = Sql(
        f"SELECT {first.text} FROM {RESIDENTS_TABLE} r{joins.text} WHERE {living.text} "
        "GROUP BY r.unit_id",
        first.params + joins.params + living.params,
    )
    if not from_events:
        return scan, wanted
    second = _join(
        [Sql("r.unit_id AS unit_id")]
        + [counted(n, c) if needs else Sql(f"0 AS {n}") for n, c, needs in columns.conditions],
        ", ",
    )
    events = evented.events_table()
    found = Sql(
        f"SELECT {second.text} FROM {events.text} JOIN {RESIDENTS_TABLE} r "
        f"ON r.id = {evented.events}.resident_id WHERE {living.text} GROUP BY r.unit_id",
        second.params + events.params + living.params,
    )
    totals = ", ".join(f"SUM(x.{n}) AS {n}" for n, _, _ in columns.conditions)
    return (
        Sql(
            f"SELECT x.unit_id AS unit_id, {totals} FROM ({scan.text} UNION ALL {found.text}) x "
            "GROUP BY x.unit_id",
            scan.params + found.params,
        ),
        wanted,
    )


def households_sql(
    ctx: _Context, definitions: Sequence[Compiled]
) -> tuple[Sql, dict[str, tuple[str, str]]]:
    scope = _Households(ctx)
    columns = _Columns()
    wanted: dict[str, tuple[str, str]] = {}
    for i, day in enumerate(ctx.days or [ctx.as_of]):
        # A series: one set of columns per day ("<i>|<code>"), a household counting on
        # day i when someone lives there then (``hm.alive<i>``).
        prefix, alive = (f"{i}|", f"hm.alive{i} = 1") if ctx.series else ("", "1 = 1")
        if ctx.series:
            ctx.at(day)
        that_day = ctx.on_day(day, definitions) if ctx.series else definitions
        if ctx.populations or that_day:
            scope.alive_days.add(i)
        if ctx.populations:
            wanted[f"{prefix}population:households"] = ("", columns.add(Sql(alive)))
        for d in that_day:
            assert d.denominator is not None
            den = scope.condition(d.denominator)
            num = scope.condition(d.numerator)
            if ctx.series:
                den = Sql(f"{alive} AND ({den.text})", den.params)
            both = Sql(f"({den.text}) AND ({num.text})", den.params + num.params)
            wanted[f"{prefix}{d.code}"] = (columns.add(both), columns.add(den))
    select = _join(
        [Sql("h.unit_id AS unit_id")] + [counted(n, c) for n, c, _ in columns.conditions],
        ", ",
    )
    source = scope.source()
    sql = Sql(
        f"SELECT {select.text} {source.text} GROUP BY h.unit_id",
        select.params + source.params,
    )
    return sql, wanted


def registry_counts(
    *,
    root: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    definitions: Sequence[Compiled],
    service_ids: dict[str, int] | None = None,
    strategy: str = JOIN,
    backend: Backend | None = None,
    reader: Reader | None = None,
) -> dict[int, UnitCounts]:
    """Numerators, denominators and populations of every lowest unit of root's subtree
    that has someone living there on ``as_of``: two queries (residents, households),
    run on ``backend`` (the configured database by default), through ``reader`` (default:
    the whole subtree at once)."""
    runner: Backend = backend or DatabaseBackend()
    read = reader or read_all(runner)

    def context(units: Sequence[int] | None = None) -> _Context:
        return _Context(
            root=root,
            as_of=as_of,
            start=start,
            strategy=strategy,
            service_ids=service_ids or {},
            vendor=runner.vendor,
            units=units,
        )

    counts: dict[int, UnitCounts] = {}
    for population, build in ((rules.RESIDENTS, residents_sql), (rules.HOUSEHOLDS, households_sql)):
        defs = [d for d in definitions if d.population == population]
        names, rows, wanted = _read(read, population, context, build, defs)
        index = {name: i for i, name in enumerate(names)}
        for row in rows:
            _fill(counts.setdefault(int(row[0]), UnitCounts()), row, index, wanted)
    return counts


def _read(
    read: Reader,
    label: str,
    context: Callable[[Sequence[int] | None], _Context],
    build: Callable[[_Context, Sequence[Compiled]], tuple[Sql, dict[str, tuple[str, str]]]],
    definitions: Sequence[Compiled],
) -> tuple[list[str], list[tuple[Any, ...]], dict[str, tuple[str, str]]]:
    """Compile ``build`` for the whole subtree, and for a part when the reader asks, and read."""
    whole, wanted = build(context(None), definitions)

    def statement(units: Sequence[int] | None) -> Sql:
        return whole if units is None else build(context(units), definitions)[0]

    names, rows = read(label, statement)
    return names, rows, wanted


def registry_series(
    *,
    root: OrgUnit,
    days: Sequence[dt.date],
    start: dt.date,
    definitions: Sequence[Compiled],
    service_ids: dict[str, int] | None = None,
    populations: bool = True,
    day_codes: Sequence[frozenset[str] | None] = (),
    reader: Reader | None = None,
) -> list[dict[int, UnitCounts]]:
    """:func:`registry_counts` as of each of ``days`` (each over ``start``..that day),
    still two queries reading each resident once: every condition becomes one column
    per day. One dict per day, in the order given. ``populations=False`` leaves out
    the population columns (and the households' query if no definition needs it).
    ``day_codes`` (one per day, ``None``: every definition): the codes counted that
    day; a day with a set counts no populations."""
    if not days:
        return []

    def context(units: Sequence[int] | None = None) -> _Context:
        return _Context(
            root=root,
            as_of=max(days),
            start=start,
            strategy=JOIN,
            service_ids=service_ids or {},
            days=days,
            populations=populations,
            day_codes=day_codes,
            units=units,
        )

    read = reader or read_all(DatabaseBackend())
    ctx = context()
    series: list[dict[int, UnitCounts]] = [{} for _ in days]
    used = {d.code for day in days for d in ctx.on_day(day, definitions)}
    any_populations = populations and any(c is None for c in ctx.day_codes)
    by_population = {
        rules.RESIDENTS: [d for d in definitions if d.population == rules.RESIDENTS],
        rules.HOUSEHOLDS: [d for d in definitions if d.population == rules.HOUSEHOLDS],
    }
    for population, build in ((rules.RESIDENTS, residents_sql), (rules.HOUSEHOLDS, households_sql)):
        if not any_populations and not any(d.code in used for d in by_population[population]):
            continue
        names, rows, wanted = _read(read, population, context, build, by_population[population])
        index = {name: i for i, name in enumerate(names)}
        by_day: dict[int, dict[str, tuple[str, str]]] = {}
        for key, pair in wanted.items():
            number, code = key.split("|", 1)
            by_day.setdefault(int(number), {})[code] = pair
        for row in rows:
            for i, day_wanted in by_day.items():
                _fill(series[i].setdefault(row[0], UnitCounts()), row, index, day_wanted)
    return series


def _fill(
    unit: UnitCounts,
    row: tuple[Any, ...],
    index: dict[str, int],
    wanted: dict[str, tuple[str, str]],
) -> None:
    for code, (num, den) in wanted.items():
        if code.startswith("population:"):
            unit.populations[code.split(":", 1)[1]] = int(row[index[den]] or 0)
        else:
            unit.numerators[code] = int(row[index[num]] or 0)
            unit.denominators[code] = int(row[index[den]] or 0)


def explain(
    *,
    root: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    definitions: Sequence[Compiled],
    strategy: str = JOIN,
) -> list[Sql]:
    """The two queries, for the bench and for reading."""
    ctx = _Context(root=root, as_of=as_of, start=start, strategy=strategy, service_ids={})
    residents = [d for d in definitions if d.population == rules.RESIDENTS]
    households = [d for d in definitions if d.population == rules.HOUSEHOLDS]
    return [residents_sql(ctx, residents)[0], households_sql(ctx, households)[0]]
