"""The monthly series: every point equals the engine run alone as of that day, for every
unit and indicator, from a constant number of queries; outliers among siblings."""

from __future__ import annotations

import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gocua.indicators.outliers import outliers
from gocua.indicators.selectors import (
    indicator_series,
    indicator_tree,
    month_ends,
    series_json,
    sibling_outliers,
)
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue, survey, transaction
from gocua.lib.errors import UsageProblem
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)


class SeriesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()

    def setUp(self) -> None:
        self.roster = Roster(self.ward)

    def test_it_lists_month_ends_oldest_first_ending_on_the_as_of_date(self) -> None:
        self.assertEqual(
            month_ends(D(2024, 3, 10), 4),
            [D(2023, 12, 31), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 10)],
        )
        self.assertEqual(month_ends(AS_OF, 1), [AS_OF])
        with self.assertRaises(UsageProblem):
            month_ends(AS_OF, 0)

    def test_it_counts_a_resident_who_moved_in_mid_month_from_that_month_end(self) -> None:
        # Two adults always here with an e-ID since 2022; a third moved in on 15 March
        # 2023 and activated the e-ID on 10 May. Hand-worked eid (14+) as of each month end:
        # Jan 2/2, Feb 2/2, Mar 2/3 (moved in before 31 March), Apr 2/3, May 3/3, 26 Jun 3/3.
        self.roster.person(self.kp1, eid_since=D(2022, 1, 1))
        self.roster.person(self.kp2, eid_since=D(2022, 1, 1))
        self.roster.person(self.kp1, moved_in=D(2023, 3, 15), eid_since=D(2023, 5, 10))
        points = indicator_series(unit=self.ward, as_of=AS_OF, months=6)
        self.assertEqual(
            [p.as_of for p in points],
            [D(2023, 1, 31), D(2023, 2, 28), D(2023, 3, 31), D(2023, 4, 30), D(2023, 5, 31), AS_OF],
        )
        eid = [(p.root.figures["eid"].numerator, p.root.figures["eid"].denominator) for p in points]
        self.assertEqual(eid, [(2, 2), (2, 2), (2, 3), (2, 3), (3, 3), (3, 3)])
        # Per neighbourhood too: Khu phố 1 goes 1/1 → 1/2 → 2/2.
        kp1 = [p.results[self.kp1.pk].figures["eid"] for p in points]
        self.assertEqual([(f.numerator, f.denominator) for f in kp1][1:4], [(1, 1), (1, 2), (1, 2)])

    def test_every_point_equals_the_engine_alone_for_every_unit(self) -> None:
        rng = random.Random(7)

        def day() -> object:
            return rng.choice([None, D(2022, 6, 1), D(2023, 2, 14), D(2023, 4, 30), D(2023, 6, 2)])

        for i in range(40):
            unit = self.kp1 if i % 2 else self.kp2
            household = self.roster.household(unit, skills=day())  # type: ignore[arg-type]
            for _ in range(rng.randint(1, 3)):
                born = rng.choice([D(1970, 1, 1), D(2005, 4, 30), D(2009, 3, 31), D(2012, 5, 5)])
                r = self.roster.resident(
                    household,
                    born=born,
                    moved_in=rng.choice([None, None, D(2023, 3, 15)]),
                    moved_out=rng.choice([None, None, None, D(2023, 5, 1)]),
                    eid_since=day(),
                    smartphone_since=day(),
                    vssid_since=day(),
                    ehealth_since=day(),
                    payment_since=day(),
                )
                if rng.random() < 0.5:
                    transaction(r, rng.choice([D(2023, 1, 5), D(2023, 4, 1), D(2023, 6, 20)]))
                if rng.random() < 0.3:
                    survey(r, rng.choice([D(2023, 2, 1), D(2023, 5, 31)]))
        points = indicator_series(unit=self.units["city"], as_of=AS_OF, months=6)
        for point in points:
            alone = indicator_tree(unit=self.units["city"], as_of=point.as_of)
            for unit_id, result in alone.results.items():
                got = point.results[unit_id]
                for code, figure in result.figures.items():
                    self.assertEqual(got.figures[code], figure, (point.as_of, unit_id, code))
                self.assertEqual(got.populations, result.populations, (point.as_of, unit_id))

    def test_the_number_of_queries_does_not_grow_with_months_units_or_residents(self) -> None:
        self.roster.person(self.kp1, eid_since=D(2022, 1, 1))
        with CaptureQueriesContext(connection) as small:
            indicator_series(unit=self.units["city"], as_of=AS_OF, months=3)
        for i in range(30):
            self.roster.person(self.kp2 if i % 2 else self.units["ward2_kp1"])
        with CaptureQueriesContext(connection) as big:
            indicator_series(unit=self.units["city"], as_of=AS_OF, months=3)
        self.assertEqual(len(small), len(big))
        # Two registry queries for all the months, and the outreach figures (sessions;
        # guided one by one and in bulk) by three queries for all the months too.
        with CaptureQueriesContext(connection) as longer:
            indicator_series(unit=self.units["city"], as_of=AS_OF, months=12)
        self.assertEqual(len(longer), len(big))

    def test_entered_figures_take_the_entry_in_force_at_each_month_end(self) -> None:
        unit_source_set(unit=self.ward2, source="entered")
        aggregates_enter(
            unit=self.ward2,
            as_of=D(2023, 3, 31),
            start=D(2023, 1, 1),
            values={"eid": (30, 100)},
        )
        aggregates_enter(
            unit=self.ward2,
            as_of=D(2023, 5, 31),
            start=D(2023, 1, 1),
            values={"eid": (60, 100)},
        )
        points = series_json(indicator_series(unit=self.ward2, as_of=AS_OF, months=6))
        eid = [next(i for i in p["indicators"] if i["code"] == "eid") for p in points]
        self.assertEqual(
            [(e["numerator"], e["denominator"]) for e in eid],
            [(None, None), (None, None), (30, 100), (30, 100), (60, 100), (60, 100)],
        )
        self.assertEqual(points[0]["as_of"], "2023-01-31")
        self.assertEqual(eid[-1]["source"], "entered")


class OutliersTestCase(BaseTestCase):
    def test_it_finds_a_value_more_than_two_standard_deviations_away(self) -> None:
        # 50, 52, 48, 51, 49, 90: mean 56.67, population SD 14.96, z(90) = 33.33/14.96 = 2.23.
        found = outliers({"a": 50, "b": 52, "c": 48, "d": 51, "e": 49, "f": 90})
        self.assertEqual([o.key for o in found], ["f"])
        assert found[0].z is not None
        self.assertAlmostEqual(found[0].z, 2.2277, places=3)

    def test_it_finds_by_modified_z_score_what_the_mean_rule_misses(self) -> None:
        # 60, 62, 64, 66, 100: z(100) = 29.6/14.93 = 1.98 (not above 2), but median 64,
        # MAD 2, modified z = 0.6745 × 36 / 2 = 12.14 > 3.5.
        found = outliers({"a": 60, "b": 62, "c": 64, "d": 66, "e": 100})
        self.assertEqual([o.key for o in found], ["e"])
        assert found[0].z is not None and found[0].modified_z is not None
        self.assertLess(found[0].z, 2)
        self.assertAlmostEqual(found[0].modified_z, 12.141, places=3)

    def test_it_finds_nothing_among_two_or_equal_values(self) -> None:
        self.assertEqual(outliers({"a": 0, "b": 100}), [])
        self.assertEqual(outliers({"a": 5, "b": 5, "c": 5}), [])

    def test_siblings_are_the_units_directly_below(self) -> None:
        setup_catalogue()
        roster = Roster(self.ward)
        for _ in range(4):
            roster.person(self.kp1, eid_since=D(2022, 1, 1))
        roster.person(self.kp2)
        tree = indicator_tree(unit=self.ward, as_of=AS_OF)
        # Two neighbourhoods only: never an outlier.
        self.assertEqual(sibling_outliers(tree, self.ward.pk), [])
