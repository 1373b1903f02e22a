"""The SQL engine: every active indicator of a population in ONE query.

:func:`registry_counts` compiles the definitions' rules (:mod:`.rules`) into
conditional aggregates, ``SUM(CASE WHEN <denominator> AND <numerator> THEN 1
ELSE 0 END)``, grouped by the lowest unit (``Resident.unit_id``, or
``Household.unit_id`` for households) over the subtree of the root (``unit_id
IN (SELECT id FROM orgunit WHERE path >= %s AND path < %s)``). One query for
residents, one for households, whatever the number of residents, units or
indicators; the caller rolls the lowest units up the tree in Python.

Portability: dates are ``YYYYMMDD`` integers (:class:`~gocua.lib.fields.DayField`)
and age limits become cutoff integers computed in Python
(:func:`~gocua.lib.dates.years_before`), so the SQL compares integers only and
uses nothing beyond ``CASE``, ``SUM``, ``MAX``, ``IN``, ``EXISTS``, ``LEFT JOIN``
and derived tables: SQLite, PostgreSQL, DuckDB and Spark SQL all accept it.
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from gocua.indicators import rules
from gocua.lib.dates import years_before
from gocua.lib.fields import day_number
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Guidance
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


class _Context:
    def __init__(
        self,
        *,
        root: OrgUnit,
        as_of: dt.date,
        start: dt.date,
        strategy: str,
        service_ids: dict[str, int],
    ) -> None:
        self.as_of = as_of
        self.day = day_number(as_of)
        self.first = day_number(start)
        self.strategy = strategy
        self.service_ids = service_ids
        self.low, self.high = root.subtree_bounds()
        # Events are narrowed by their own unit to the root's ward (or the root itself
        # above wards): a resident's events carry the resident's unit, and the ward
        # bound stays right even if a household moved between neighbourhoods.
        path = root.path
        if root.level == "neighbourhood":
            path = path.rstrip("/").rsplit("/", 1)[0] + "/"
        self.event_low, self.event_high = path, path + "~"

    def cutoff(self, years: int) -> int:
        """Born on or before this day ⇔ aged ``years`` or more on the as-of date."""
        return day_number(years_before(self.as_of, years))

    def in_subtree(self, column: str) -> Sql:
        return Sql(
            f"{column} IN (SELECT id FROM {UNITS_TABLE} WHERE path >= %s AND path < %s)",
            [self.low, self.high],
        )

    def living(self, alias: str) -> Sql:
        return Sql(
            f"({alias}.moved_in IS NULL OR {alias}.moved_in <= %s) "
            f"AND ({alias}.moved_out IS NULL OR {alias}.moved_out > %s)",
            [self.day, self.day],
        )

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
        return Sql(f"{alias}.day >= %s AND {alias}.day <= %s", [self.first, self.day])

    def event_scope(self, alias: str) -> Sql:
        return Sql(
            f"{alias}.unit_id IN (SELECT id FROM {UNITS_TABLE} WHERE path >= %s AND path < %s)",
            [self.event_low, self.event_high],
        )


def _not(inner: Sql) -> Sql:
    # Two-valued NOT: a NULL inside (no birth date, no fact, no event) is "not true".
    return Sql(f"(CASE WHEN {inner.text} THEN 0 ELSE 1 END) = 1", inner.params)


class _Residents:
    """Compiles resident conditions over the table alias ``alias``."""

    def __init__(self, ctx: _Context, alias: str) -> None:
        self.ctx = ctx
        self.alias = alias
        # event kind → {filter key: (column, filter sql)}
        self.flags: dict[str, dict[tuple[Any, ...], tuple[str, Sql]]] = {}
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
        flags = self.flags.setdefault(event.kind, {})
        key = (event.channels, event.services)
        if key not in flags:
            flags[key] = (f"f{len(flags)}", ctx.event_filter(event, "e"))
        return Sql(f"{self._event_alias(event.kind)}.{flags[key][0]} = 1")

    def _event_alias(self, kind: str) -> str:
        return f"{self.alias}_{kind}"

    def joins(self) -> Sql:
        """The LEFT JOINs of the derived event tables the conditions used (join strategy)."""
        ctx = self.ctx
        parts = []
        for kind, flags in self.flags.items():
            columns = [
                Sql(f"MAX(CASE WHEN {f.text} THEN 1 ELSE 0 END) AS {col}", f.params)
                if f.text
                else Sql(f"1 AS {col}")
                for col, f in flags.values()
            ]
            where = _join([ctx.event_period("e"), ctx.event_scope("e")], " AND ")
            select = _join(columns, ", ")
            alias = self._event_alias(kind)
            parts.append(
                Sql(
                    f" LEFT JOIN (SELECT e.resident_id AS resident_id, {select.text} "
                    f"FROM {EVENT_TABLES[kind]} e WHERE {where.text} GROUP BY e.resident_id) "
                    f"{alias} ON {alias}.resident_id = {self.alias}.id",
                    select.params + where.params,
                )
            )
        return _join(parts, "")


class _Households:
    """Compiles household conditions over ``h``; members' conditions over ``m``."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.members = _Residents(ctx, "m")
        self.member_flags: dict[tuple[str, tuple[Any, ...]], str] = {}
        self.member_columns: list[Sql] = []
        self.exists_count = 0

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
        key = (sql.text, tuple(sql.params))
        if key not in self.member_flags:
            column = f"m{len(self.member_flags)}"
            self.member_flags[key] = column
            self.member_columns.append(
                Sql(f"MAX(CASE WHEN {sql.text} THEN 1 ELSE 0 END) AS {column}", sql.params)
            )
        return Sql(f"hm.{self.member_flags[key]} = 1")

    def source(self) -> Sql:
        """FROM … WHERE …: households of the subtree with someone living there on D."""
        ctx = self.ctx
        if ctx.strategy == EXISTS:
            subtree, living = ctx.in_subtree("h.unit_id"), ctx.living("m0")
            return Sql(
                f"FROM {HOUSEHOLDS_TABLE} h WHERE {subtree.text} AND EXISTS "
                f"(SELECT 1 FROM {RESIDENTS_TABLE} m0 WHERE m0.household_id = h.id "
                f"AND {living.text})",
                subtree.params + living.params,
            )
        columns = _join([Sql("m.household_id AS household_id"), *self.member_columns], ", ")
        joins = self.members.joins()
        where = _join([ctx.living("m"), ctx.in_subtree("m.unit_id")], " AND ")
        outer = ctx.in_subtree("h.unit_id")
        return Sql(
            f"FROM {HOUSEHOLDS_TABLE} h JOIN (SELECT {columns.text} FROM {RESIDENTS_TABLE} m"
            f"{joins.text} WHERE {where.text} GROUP BY m.household_id) hm "
            f"ON hm.household_id = h.id WHERE {outer.text}",
            columns.params + joins.params + where.params + outer.params,
        )


class _Columns:
    """Aggregate columns, each distinct condition once (``d0``, ``n3``, …)."""

    def __init__(self) -> None:
        self.sql: list[Sql] = []
        self.names: dict[tuple[str, tuple[Any, ...]], str] = {}

    def add(self, condition: Sql, prefix: str = "c") -> str:
        key = (condition.text, tuple(condition.params))
        if key not in self.names:
            name = f"{prefix}{len(self.names)}"
            self.names[key] = name
            self.sql.append(
                Sql(
                    f"SUM(CASE WHEN {condition.text} THEN 1 ELSE 0 END) AS {name}", condition.params
                )
            )
        return self.names[key]


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
    scope = _Residents(ctx, "r")
    columns = _Columns()
    wanted: dict[str, tuple[str, str]] = {}  # code → (numerator column, denominator column)
    columns.add(Sql("1 = 1"), "p")  # residents
    for name, years in POPULATION_AGES.items():
        wanted[f"population:{name}"] = ("", columns.add(scope.condition(rules.AgeAtLeast(years))))
    for d in definitions:
        assert d.denominator is not None
        den = scope.condition(d.denominator)
        num = scope.condition(d.numerator)
        both = Sql(f"({den.text}) AND ({num.text})", den.params + num.params)
        wanted[d.code] = (columns.add(both), columns.add(den))
    select = _join([Sql("r.unit_id AS unit_id"), *columns.sql], ", ")
    joins = scope.joins()
    where = _join([ctx.in_subtree("r.unit_id"), ctx.living("r")], " AND ")
    sql = Sql(
        f"SELECT {select.text} FROM {RESIDENTS_TABLE} r{joins.text} WHERE {where.text} "
        "GROUP BY r.unit_id",
        select.params + joins.params + where.params,
    )
    wanted["population:residents"] = ("", "p0")
    return sql, wanted


def households_sql(
    ctx: _Context, definitions: Sequence[Compiled]
) -> tuple[Sql, dict[str, tuple[str, str]]]:
    scope = _Households(ctx)
    columns = _Columns()
    columns.add(Sql("1 = 1"), "p")
    wanted: dict[str, tuple[str, str]] = {"population:households": ("", "p0")}
    compiled = []
    for d in definitions:
        assert d.denominator is not None
        den = scope.condition(d.denominator)
        num = scope.condition(d.numerator)
        compiled.append((d.code, den, num))
    for code, den, num in compiled:
        both = Sql(f"({den.text}) AND ({num.text})", den.params + num.params)
        wanted[code] = (columns.add(both), columns.add(den))
    select = _join([Sql("h.unit_id AS unit_id"), *columns.sql], ", ")
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
) -> dict[int, UnitCounts]:
    """Numerators, denominators and populations of every lowest unit of root's subtree
    that has someone living there on ``as_of``: two queries (residents, households)."""
    ctx = _Context(
        root=root, as_of=as_of, start=start, strategy=strategy, service_ids=service_ids or {}
    )
    counts: dict[int, UnitCounts] = {}
    by_population = {
        rules.RESIDENTS: [d for d in definitions if d.population == rules.RESIDENTS],
        rules.HOUSEHOLDS: [d for d in definitions if d.population == rules.HOUSEHOLDS],
    }
    for population, build in ((rules.RESIDENTS, residents_sql), (rules.HOUSEHOLDS, households_sql)):
        sql, wanted = build(ctx, by_population[population])
        names, rows = _run(sql)
        index = {name: i for i, name in enumerate(names)}
        for row in rows:
            unit = counts.setdefault(row[0], UnitCounts())
            for code, (num, den) in wanted.items():
                if code.startswith("population:"):
                    unit.populations[code.split(":", 1)[1]] = int(row[index[den]] or 0)
                else:
                    unit.numerators[code] = int(row[index[num]] or 0)
                    unit.denominators[code] = int(row[index[den]] or 0)
    return counts


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
