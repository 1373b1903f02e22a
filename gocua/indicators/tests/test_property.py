"""Property: on random rosters, the SQL engine agrees with a plain-Python reading of
domain.md (tests/factories.reference), for the ward and each neighbourhood, at several
dates, with both ways of folding events in."""

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
from gocua.lib.dates import years_before
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
resident = st.fixed_dictionaries(
    {
        "household": st.integers(0, 5),
        "born": birth,
        "moved_in": st.one_of(st.none(), st.sampled_from(EVENT_DAYS)),
        "moved_out": st.one_of(st.none(), st.sampled_from(EVENT_DAYS)),
        "smartphone_since": maybe_day,
        "eid_since": maybe_day,
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


class PropertyTestCase(TestCase):
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(roster=roster, periods=st.lists(period, min_size=2, max_size=3))
    def test_it_agrees_with_the_reference(
        self, roster: tuple[list[dict[str, Any]], list[dt.date | None]], periods: list[Any]
    ) -> None:
        units = make_hierarchy()
        setup_catalogue()
        ward, kps = units["ward"], [units["kp1"], units["kp2"]]
        build = Roster(ward)
        people, skills = roster
        households = [build.household(kps[i % 2], skills=skills[i]) for i in range(6)]
        for row in people:
            fields = {
                k: v for k, v in row.items() if k not in ("household", "transactions", "surveys")
            }
            if (
                fields["moved_in"]
                and fields["moved_out"]
                and fields["moved_out"] < fields["moved_in"]
            ):
                fields["moved_out"] = None
            person = build.resident(households[row["household"]], **fields)
            for day, channel in row["transactions"]:
                transaction(person, day, channel)
            for day in row["surveys"]:
                survey(person, day)
        for as_of, start in periods:
            if start is not None and start > as_of:
                continue
            first = start or D(as_of.year, 1, 1)
            expected = reference(ward, as_of, first)
            for strategy in (engine.JOIN, engine.EXISTS):
                tree = compute(root=ward, as_of=as_of, start=first, strategy=strategy)
                for unit in [ward, *kps]:
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
