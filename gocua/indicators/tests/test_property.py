"""Property: on random rosters, the SQL engine agrees with plain-Python readings of
domain.md, for the ward and each neighbourhood, at several dates, with both ways of
folding events in:

- the six default indicators against ``tests/factories.reference``;
- random rule trees (every kind of condition of ``indicators/rules.py``'s format, nested
  with all/any/not, households through ``member``) against :func:`interpret` below: a
  small interpreter of the rule format over the drawn roster itself (plain dicts, no
  database, no engine code), with e-ID levels and guidance events in the drawn data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from gocua.indicators import engine
from gocua.indicators.computation import compute
from gocua.indicators.tests.factories import (
    D,
    Roster,
    reference,
    setup_catalogue,
    survey,
    transaction,
)
from gocua.indicators.tests.snapshots import GUIDANCE_SERVICES, frozen_rules, rule_set
from gocua.lib.dates import years_before
from gocua.outreach.models import Guidance, Service
from gocua.testing import make_hierarchy

AS_OF_DAYS = [D(2023, 6, 26), D(2024, 2, 29), D(2023, 2, 28), D(2023, 12, 31)]
CODES = [
    "eid",
    "online_services",
    "cashless",
    "essential_apps",
    "civic_engagement",
    "household_skills",
]


def _near(day: dt.date) -> list[dt.date]:
    return [day - dt.timedelta(days=1), day, day + dt.timedelta(days=1)]


# Days that sit on the edges: birthdays at the 14 and 18 cutoffs, 29 February, period ends.
EDGE_DAYS = sorted(
    {
        d
        for as_of in AS_OF_DAYS
        for years in (14, 18, 121)
        for d in _near(years_before(as_of, years))
    }
    | {D(2008, 2, 29), D(2004, 2, 29), D(2009, 1, 1), D(2005, 1, 1)}
)
EVENT_DAYS = sorted({d for as_of in AS_OF_DAYS for d in _near(as_of)} | set(_near(D(2023, 1, 1))))

birth = st.one_of(st.none(), st.sampled_from(EDGE_DAYS), st.dates(D(1900, 1, 1), D(2024, 3, 1)))
maybe_day = st.one_of(
    st.none(), st.sampled_from(EVENT_DAYS), st.dates(D(2020, 1, 1), D(2024, 3, 1))
)
a_day = st.one_of(st.sampled_from(EVENT_DAYS), st.dates(D(2020, 1, 1), D(2024, 3, 1)))
# (level, level 1 since, level 2 since): no account, level 1, or level 2 reached on or after
# level 1 (VNeID).
eid = st.one_of(
    st.just((0, None, None)),
    a_day.map(lambda day: (1, day, None)),
    st.tuples(a_day, a_day).map(lambda days: (2, min(days), max(days))),
)
HEAD = "Chủ hộ"
resident = st.fixed_dictionaries(
    {
        "household": st.integers(0, 5),
        "born": birth,
        "sex": st.sampled_from(["M", "F", "X", ""]),
        "relationship": st.sampled_from([HEAD, "Vợ", "Con", ""]),
        "moved_in": st.one_of(st.none(), st.sampled_from(EVENT_DAYS)),
        "moved_out": st.one_of(st.none(), st.sampled_from(EVENT_DAYS)),
        "smartphone_since": maybe_day,
        "eid": eid,
        "vssid_since": maybe_day,
        "ehealth_since": maybe_day,
        "payment_since": maybe_day,
        "transactions": st.lists(
            st.tuples(
                st.sampled_from(EVENT_DAYS), st.sampled_from(["online", "postal", "in_person"])
            ),
            max_size=3,
            unique_by=lambda t: t,
        ),
        "surveys": st.lists(st.sampled_from(EVENT_DAYS), max_size=2, unique=True),
        "guidance": st.lists(
            st.tuples(st.sampled_from(EVENT_DAYS), st.sampled_from(GUIDANCE_SERVICES)),
            max_size=3,
            unique=True,
        ),
    }
)
roster = st.tuples(
    st.lists(resident, max_size=14),
    st.lists(st.one_of(st.none(), st.sampled_from(EVENT_DAYS)), min_size=6, max_size=6),
)
period = st.tuples(
    st.sampled_from(AS_OF_DAYS),
    st.sampled_from([None, D(2022, 12, 31), D(2023, 1, 1), D(2023, 6, 26)]),
)


# The interpreter: the rule format read literally, over the drawn roster ---------------------

# domain.md: VNeID counts as installed once the e-ID account is activated; the other apps of
# the catalogue by the fact of the same name (mobile money and bank apps: a payment account).
APP_FACT = {
    "vneid": "eid",
    "vssid": "vssid",
    "ehealth": "ehealth",
    "mobile_money": "payment",
    "bank_app": "payment",
}


def _since(person: dict[str, Any], fact: str) -> dt.date | None:
    """The day a resident fact became true (None: never)."""
    level, eid_since, eid2_since = person["eid"]
    if fact == "eid":
        return eid_since if level >= 1 else None
    if fact == "eid2":
        return eid2_since if level == 2 else None
    return person[f"{fact}_since"]  # type: ignore[no-any-return]


def _aged(person: dict[str, Any], years: int, day: dt.date) -> bool:
    """Aged ``years`` or more on ``day``: born on or before the same day ``years`` earlier
    (29 February → 28 February); no birth date: never."""
    born = person["born"]
    if born is None:
        return False
    try:
        limit = day.replace(year=day.year - years)
    except ValueError:
        limit = day.replace(year=day.year - years, day=28)
    return born <= limit  # type: ignore[no-any-return]


def _resident_holds(rule: Any, person: dict[str, Any], day: dt.date, first: dt.date) -> bool:
    def held(fact: str) -> bool:
        since = _since(person, fact)
        return since is not None and since <= day

    def within(when: dt.date) -> bool:
        return first <= when <= day

    if rule is True:
        return True
    ((key, value),) = [(k, v) for k, v in rule.items() if k not in ("channels", "services")]
    if key == "all":
        return all(_resident_holds(r, person, day, first) for r in value)
    if key == "any":
        return any(_resident_holds(r, person, day, first) for r in value)
    if key == "not":
        return not _resident_holds(value, person, day, first)
    if key == "age_at_least":
        return _aged(person, value, day)
    if key == "age_below":
        return person["born"] is not None and not _aged(person, value, day)
    if key == "sex":
        return person["sex"] == value  # type: ignore[no-any-return]
    if key == "head":
        return person["relationship"] == HEAD  # type: ignore[no-any-return]
    if key == "fact":
        return held(value)
    if key == "apps":
        return all(held(APP_FACT[code]) for code in value)
    if key == "event" and value == "transaction":
        channels = rule.get("channels")
        return any(within(d) and (not channels or c in channels) for d, c in person["transactions"])
    if key == "event" and value == "survey":
        return any(within(d) for d in person["surveys"])
    if key == "event" and value == "guidance":
        services = rule.get("services")
        return any(within(d) and (not services or s in services) for d, s in person["guidance"])
    raise AssertionError(f"the interpreter does not know {rule}")


def _household_holds(
    rule: Any, skills: dt.date | None, members: list[dict[str, Any]], day: dt.date, first: dt.date
) -> bool:
    if rule is True:
        return True
    ((key, value),) = rule.items()
    if key == "all":
        return all(_household_holds(r, skills, members, day, first) for r in value)
    if key == "any":
        return any(_household_holds(r, skills, members, day, first) for r in value)
    if key == "not":
        return not _household_holds(value, skills, members, day, first)
    if key == "fact" and value == "digital_skills":
        return skills is not None and skills <= day
    if key == "member":
        return any(_resident_holds(value, m, day, first) for m in members)
    raise AssertionError(f"the interpreter does not know {rule}")


def _living(person: dict[str, Any], day: dt.date) -> bool:
    """domain.md: born on or before D (no birth date: assumed born), moved in on or before
    D or always there, not moved out or died on or before D."""
    return (
        (person["born"] is None or person["born"] <= day)
        and (person["moved_in"] is None or person["moved_in"] <= day)
        and (person["moved_out"] is None or person["moved_out"] > day)
    )


def interpret(
    people: list[dict[str, Any]],
    skills: list[dt.date | None],
    definitions: list[tuple[str, Any, Any]],
    day: dt.date,
    first: dt.date,
) -> dict[str, dict[str, tuple[int, int]]]:
    """{"kp1" | "kp2" | "ward": {code: (numerator, denominator)}}: the numerator counts who
    meets both rules, the denominator who meets the denominator's; residents living there on
    D; households with someone living there, in their neighbourhood (household i in kp1 when
    i is even); the ward is the sum of its neighbourhoods."""
    codes = [f"rule{i}" for i in range(len(definitions))]  # frozen_rules' codes
    figures = {place: {code: [0, 0] for code in codes} for place in ("kp1", "kp2")}
    living = [p for p in people if _living(p, day)]
    members = {h: [p for p in living if p["household"] == h] for h in range(len(skills))}
    for code, (population, numerator, denominator) in zip(codes, definitions, strict=True):
        cases: list[tuple[str, bool, bool]]  # (neighbourhood, denominator, numerator)
        if population == "residents":
            cases = [
                (
                    f"kp{p['household'] % 2 + 1}",
                    _resident_holds(denominator, p, day, first),
                    _resident_holds(numerator, p, day, first),
                )
                for p in living
            ]
        else:
            cases = [
                (
                    f"kp{h % 2 + 1}",
                    _household_holds(denominator, skills[h], members[h], day, first),
                    _household_holds(numerator, skills[h], members[h], day, first),
                )
                for h in members
                if members[h]
            ]
        for place, counted, achieved in cases:
            if counted:
                figures[place][code][1] += 1
                figures[place][code][0] += achieved
    result = {place: {c: (n, d) for c, (n, d) in f.items()} for place, f in figures.items()}
    result["ward"] = {
        code: (
            result["kp1"][code][0] + result["kp2"][code][0],
            result["kp1"][code][1] + result["kp2"][code][1],
        )
        for code in codes
    }
    return result


def _drawn_people(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The drawn residents as the registry may hold them: nobody moves out before moving in."""
    people = []
    for row in rows:
        person = dict(row)
        if person["moved_in"] and person["moved_out"] and person["moved_out"] < person["moved_in"]:
            person["moved_out"] = None
        people.append(person)
    return people


class PropertyTestCase(TestCase):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        roster=roster,
        periods=st.lists(period, min_size=2, max_size=3),
        rules=rule_set,
    )
    def test_it_agrees_with_the_reference(
        self,
        roster: tuple[list[dict[str, Any]], list[dt.date | None]],
        periods: list[Any],
        rules: list[tuple[str, Any, Any]],
    ) -> None:
        units = make_hierarchy()
        setup_catalogue()
        ward, kps = units["ward"], [units["kp1"], units["kp2"]]
        services = {s.code: s for s in Service.objects.all()}
        build = Roster(ward)
        rows, skills = roster
        people = _drawn_people(rows)
        households = [build.household(kps[i % 2], skills=skills[i]) for i in range(6)]
        for row in people:
            level, eid_since, eid2_since = row["eid"]
            fields = {
                k: v
                for k, v in row.items()
                if k not in ("household", "transactions", "surveys", "guidance", "eid")
            }
            person = build.resident(
                households[row["household"]],
                eid_level=level,
                eid_since=eid_since,
                eid2_since=eid2_since,
                **fields,
            )
            for day, channel in row["transactions"]:
                transaction(person, day, channel)
            for day in row["surveys"]:
                survey(person, day)
            for day, code in row["guidance"]:
                Guidance.objects.create(
                    resident=person, unit=person.unit, service=services[code], day=day
                )
        definitions = frozen_rules(rules)
        for as_of, start in periods:
            if start is not None and start > as_of:
                continue
            first = start or D(as_of.year, 1, 1)
            expected = reference(ward, as_of, first)
            plain = interpret(people, skills, rules, as_of, first)
            for strategy in (engine.JOIN, engine.EXISTS):
                tree = compute(root=ward, as_of=as_of, start=first, strategy=strategy)
                drawn = compute(
                    root=ward, as_of=as_of, start=first, strategy=strategy, definitions=definitions
                )
                for unit, place in [(ward, "ward"), (kps[0], "kp1"), (kps[1], "kp2")]:
                    result = tree.results[unit.pk]
                    wanted = expected.get(unit.pk, {})
                    for code in CODES:
                        figure = result.figures[code]
                        self.assertEqual(
                            (figure.numerator, figure.denominator),
                            wanted.get(code, (0, 0)),
                            f"{code} {unit.code} {as_of} {first} {strategy}",
                        )
                    for name in ("residents", "residents_14", "residents_18", "households"):
                        self.assertEqual(
                            result.populations[name].value,
                            wanted.get(f"population:{name}", (0, 0))[1],
                            f"{name} {unit.code} {as_of}",
                        )
                    for code, (numerator, denominator) in plain[place].items():
                        figure = drawn.results[unit.pk].figures[code]
                        self.assertEqual(
                            (figure.numerator, figure.denominator),
                            (numerator, denominator),
                            f"{code} {rules[int(code[4:])]} {unit.code} {as_of} {first} {strategy}",
                        )
