"""Shared by the engine tests: random registries and rule sets (hypothesis), and every
figure of a computation as plain data, to compare one engine with another."""

from __future__ import annotations

import datetime as dt
import tempfile
import unittest
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from gocua.indicators import engine, rules, snapshot
from gocua.indicators.computation import Computation, compute
from gocua.indicators.tests.factories import D, Roster, setup_catalogue, survey, transaction
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Service
from gocua.registry.models import Resident
from gocua.testing import make_hierarchy

DAYS = [D(2022, 12, 31), D(2023, 1, 1), D(2023, 3, 1), D(2023, 6, 26), D(2023, 6, 27)]
BIRTHS = [None, D(1950, 1, 1), D(2005, 6, 26), D(2005, 6, 27), D(2009, 6, 26), D(2015, 1, 1)]

maybe_day = st.one_of(st.none(), st.sampled_from(DAYS))
resident = st.fixed_dictionaries(
    {
        "household": st.integers(0, 3),
        "born": st.sampled_from(BIRTHS),
        "sex": st.sampled_from(["M", "F", ""]),
        "moved_out": st.one_of(st.none(), st.sampled_from(DAYS)),
        **{column: maybe_day for column, _, _ in rules.RESIDENT_FACTS.values()},
        "transactions": st.lists(
            st.tuples(st.sampled_from(DAYS), st.sampled_from(["online", "postal", "in_person"])),
            max_size=2,
            unique_by=lambda t: t,
        ),
        "surveys": st.lists(st.sampled_from(DAYS), max_size=1, unique=True),
        "guided": st.lists(st.sampled_from(DAYS), max_size=1, unique=True),
    }
)
registry = st.tuples(
    st.lists(resident, max_size=10),
    st.lists(maybe_day, min_size=4, max_size=4),  # the households' digital skills
)

# Catalogue services with a registry fact (an app list may name only those), and others.
APP_SERVICES = ["vneid", "vssid", "ehealth", "mobile_money", "bank_app"]
GUIDANCE_SERVICES = ["vneid", "vssid", "dvc_national", "survey"]

resident_leaf = st.one_of(
    st.sampled_from([{"fact": name} for name in rules.RESIDENT_FACTS]),
    st.sampled_from(
        [{"age_at_least": n} for n in (0, 14, 18)] + [{"age_below": n} for n in (14, 16, 60)]
    ),
    st.sampled_from([{"sex": "F"}, {"sex": "M"}, {"sex": "X"}, {"head": True}]),
    st.lists(st.sampled_from(APP_SERVICES), min_size=1, max_size=3).map(lambda a: {"apps": a}),
    st.sampled_from(
        [
            {"event": "transaction"},
            {"event": "transaction", "channels": ["online", "postal"]},
            {"event": "transaction", "channels": ["in_person"]},
            {"event": "survey"},
            {"event": "guidance"},
        ]
    ),
    st.lists(st.sampled_from(GUIDANCE_SERVICES), min_size=1, max_size=2).map(
        lambda codes: {"event": "guidance", "services": codes}
    ),
)


def _combined(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda items: {"all": items}),
            st.lists(inner, min_size=1, max_size=3).map(lambda items: {"any": items}),
            inner.map(lambda item: {"not": item}),
        ),
        max_leaves=4,
    )


resident_rule = _combined(resident_leaf)
household_rule = _combined(
    st.one_of(
        st.just({"fact": "digital_skills"}),
        resident_rule.map(lambda item: {"member": item}),
    )
)
definition = st.one_of(
    st.tuples(st.just("residents"), resident_rule, resident_rule),
    st.tuples(st.just("households"), household_rule, household_rule),
)
rule_set = st.lists(definition, min_size=1, max_size=4)


def frozen_rules(drawn: list[tuple[str, Any, Any]]) -> list[dict[str, Any]]:
    """The drawn rules as frozen definitions (what ``compute(definitions=...)`` takes)."""
    return [
        {
            "code": f"rule{i}",
            "name_vi": f"Quy tắc {i}",
            "name_en": f"Rule {i}",
            "population": population,
            "numerator": numerator,
            "denominator": denominator,
            "measure": "percent",
            "order": i,
        }
        for i, (population, numerator, denominator) in enumerate(drawn)
    ]


def build_registry(units: dict[str, OrgUnit], drawn: tuple[list[Any], list[Any]]) -> None:
    """The drawn residents in two wards (Tuần Châu's neighbourhoods and Hùng Thắng)."""
    from gocua.outreach.models import Guidance

    people, skills = drawn
    places = [units["kp1"], units["kp2"], units["kp1"], units["ward2_kp1"]]
    rosters = {
        "ward": Roster(units["ward"]),
        "ward2": Roster(units["ward2"]),
    }
    households = []
    for i, place in enumerate(places):
        roster = rosters["ward2" if place == units["ward2_kp1"] else "ward"]
        households.append(roster.household(place, skills=skills[i]))
    service = Service.objects.get(code="vneid")
    for row in people:
        household = households[row["household"]]
        roster = rosters["ward2" if household.unit == units["ward2_kp1"] else "ward"]
        fields = {
            k: v
            for k, v in row.items()
            if k not in ("household", "transactions", "surveys", "guided")
        }
        person: Resident = roster.resident(household, **fields)
        for day, channel in row["transactions"]:
            transaction(person, day, channel)
        for day in row["surveys"]:
            survey(person, day)
        for day in row["guided"]:
            Guidance.objects.create(resident=person, unit=person.unit, service=service, day=day)


def figures(computation: Computation) -> dict[str, Any]:
    """Every unit's figures and populations, as the JSON shows them."""
    return {
        result.unit.code: (
            [f.to_json() for f in result.figures.values()],
            {name: (p.value, p.source) for name, p in result.populations.items()},
        )
        for result in computation.results.values()
    }


AS_OF = dt.date(2023, 6, 26)
START = dt.date(2023, 1, 1)


def assert_engines_agree(
    test: unittest.TestCase,
    drawn: tuple[list[Any], list[Any]],
    drawn_rules: list[tuple[str, Any, Any]],
    *,
    roots: Sequence[str],
    backends: Callable[[Path], list[engine.Backend]],
) -> None:
    """The drawn registry and rules, exported as a snapshot: every backend gives the
    database's figures for each of ``roots`` (names of :func:`make_hierarchy`'s units)."""
    units = make_hierarchy()
    setup_catalogue()
    build_registry(units, drawn)
    definitions = frozen_rules(drawn_rules)
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / "snap"
        snapshot.snapshot_export(out=data)
        over_snapshot = backends(data)
        for root in roots:
            kwargs: dict[str, Any] = {
                "root": units[root],
                "as_of": AS_OF,
                "start": START,
                "definitions": definitions,
            }
            expected = figures(compute(**kwargs))
            for backend in over_snapshot:
                test.assertEqual(
                    figures(compute(**kwargs, backend=backend)),
                    expected,
                    f"{backend.vendor} {root}",
                )
