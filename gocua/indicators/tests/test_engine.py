"""The SQL engine against domain.md: edge cases one by one."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gocua.indicators import engine
from gocua.indicators.computation import compute
from gocua.indicators.selectors import findings, indicator_tree, indicator_values
from gocua.indicators.tests.factories import D, Roster, setup_catalogue, survey, transaction
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)
START = D(2023, 1, 1)


class EngineTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()

    def setUp(self) -> None:
        self.roster = Roster(self.ward)

    def pair(
        self, code: str, *, unit: object = None, as_of: dt.date = AS_OF, **kw: object
    ) -> tuple:
        root = unit or self.ward
        values = indicator_values(unit=root, as_of=as_of, **kw)  # type: ignore[arg-type]
        figure = values.figure(code)
        assert figure is not None
        return figure.numerator, figure.denominator

    def test_it_counts_a_birthday_on_the_as_of_date(self) -> None:
        self.roster.person(self.kp1, born=D(2009, 6, 26), eid_since=D(2023, 6, 26))
        self.roster.person(self.kp1, born=D(2009, 6, 27), eid_since=D(2023, 6, 1))
        self.assertEqual(self.pair("eid"), (1, 1))
        self.assertEqual(self.pair("eid", as_of=D(2023, 6, 25)), (0, 0))
        self.assertEqual(self.pair("eid", as_of=D(2023, 6, 27)), (2, 2))

    def test_it_turns_18_on_the_birthday(self) -> None:
        self.roster.person(self.kp1, born=D(2005, 6, 26), payment_since=D(2023, 1, 2))
        self.assertEqual(self.pair("cashless"), (1, 1))
        self.assertEqual(self.pair("cashless", as_of=D(2023, 6, 25)), (0, 0))

    def test_it_handles_29_february(self) -> None:
        # Born on 29 February 2008: 14 on 1 March 2022 (28 February 2022 is still 13).
        self.roster.person(self.kp1, born=D(2008, 2, 29))
        self.assertEqual(self.pair("eid", as_of=D(2022, 2, 28)), (0, 0))
        self.assertEqual(self.pair("eid", as_of=D(2022, 3, 1)), (0, 1))
        # As of 29 February 2024, those born on 28 February 2010 are 14, 1 March 2010 not.
        self.roster.person(self.kp2, born=D(2010, 2, 28))
        self.roster.person(self.kp2, born=D(2010, 3, 1))
        self.assertEqual(self.pair("eid", unit=self.kp2, as_of=D(2024, 2, 29)), (0, 1))
        # 29 February as of 29 February: 16 years exactly.
        self.assertEqual(self.pair("eid", unit=self.kp1, as_of=D(2024, 2, 29)), (0, 1))

    def test_it_takes_a_birth_year_alone_as_1_january(self) -> None:
        self.roster.person(self.kp1, born=D(2009, 1, 1), birth_year_only=True)
        self.assertEqual(self.pair("eid", as_of=D(2022, 12, 31)), (0, 0))
        self.assertEqual(self.pair("eid", as_of=D(2023, 1, 1)), (0, 1))

    def test_it_counts_moving_in_on_the_day_and_not_moving_out_on_it(self) -> None:
        self.roster.person(self.kp1, moved_in=AS_OF)
        self.roster.person(self.kp1, moved_out=AS_OF)
        self.roster.person(self.kp1, moved_in=D(2023, 6, 27))
        self.roster.person(self.kp1, moved_out=D(2023, 6, 27))
        values = indicator_values(unit=self.ward, as_of=AS_OF)
        self.assertEqual(values.populations["residents"], 2)
        self.assertEqual(values.figure("eid").denominator, 2)  # type: ignore[union-attr]

    def test_it_counts_events_on_the_first_and_last_day_of_the_period(self) -> None:
        first = self.roster.person(self.kp1)
        last = self.roster.person(self.kp1)
        before = self.roster.person(self.kp1)
        after = self.roster.person(self.kp1)
        transaction(first, START, "postal")
        transaction(last, AS_OF, "in_person")
        transaction(before, D(2022, 12, 31), "online")
        transaction(after, D(2023, 6, 27), "online")
        survey(first, START)
        survey(last, AS_OF)
        survey(before, D(2022, 12, 31))
        survey(after, D(2023, 6, 27))
        self.assertEqual(self.pair("online_services"), (1, 2))
        self.assertEqual(self.pair("civic_engagement"), (2, 4))
        self.assertEqual(self.pair("online_services", start=D(2022, 12, 31)), (2, 3))

    def test_it_counts_a_resident_with_several_transactions_once(self) -> None:
        person = self.roster.person(self.kp1)
        transaction(person, D(2023, 2, 1), "in_person")
        transaction(person, D(2023, 3, 1), "online")
        transaction(person, D(2023, 3, 1), "postal")
        self.assertEqual(self.pair("online_services"), (1, 1))

    def test_it_counts_a_household_present_through_one_member(self) -> None:
        household = self.roster.household(self.kp1, skills=D(2023, 1, 1))
        self.roster.resident(household, moved_out=D(2023, 3, 1))
        self.roster.resident(household)
        gone = self.roster.household(self.kp1, skills=D(2023, 1, 1))
        self.roster.resident(gone, moved_out=D(2023, 3, 1))
        empty = self.roster.household(self.kp2)
        del empty
        later = self.roster.household(self.kp2, skills=D(2023, 7, 1))
        self.roster.resident(later)
        self.assertEqual(self.pair("household_skills"), (1, 2))
        self.assertEqual(self.pair("household_skills", unit=self.kp1), (1, 1))
        self.assertEqual(self.pair("household_skills", unit=self.kp2), (0, 1))
        self.assertEqual(self.pair("household_skills", as_of=D(2023, 2, 1)), (2, 3))

    def test_it_leaves_a_resident_without_birth_date_out_of_age_groups(self) -> None:
        self.roster.person(
            self.kp1, born=None, eid_since=D(2022, 1, 1), smartphone_since=D(2022, 1, 1)
        )
        values = indicator_values(unit=self.ward, as_of=AS_OF)
        self.assertEqual(values.populations["residents"], 1)
        self.assertEqual(values.populations["residents_14"], 0)
        self.assertEqual(values.figure("eid").denominator, 0)  # type: ignore[union-attr]
        self.assertIsNone(values.figure("eid").percent)  # type: ignore[union-attr]
        self.assertEqual(values.figure("essential_apps").denominator, 1)  # type: ignore[union-attr]
        codes = [f.code for f in findings(unit=self.ward, as_of=AS_OF)]
        self.assertIn("birth_date_unknown", codes)

    def test_it_needs_every_app_and_a_smartphone(self) -> None:
        everything = {
            "smartphone_since": D(2022, 1, 1),
            "eid_since": D(2022, 1, 1),
            "vssid_since": D(2022, 1, 1),
            "ehealth_since": D(2023, 6, 26),
        }
        self.roster.person(self.kp1, **everything)
        self.roster.person(self.kp1, **{**everything, "ehealth_since": D(2023, 6, 27)})
        self.roster.person(self.kp1, **{**everything, "smartphone_since": None})
        self.roster.person(self.kp1, **{**everything, "eid_since": None})
        self.assertEqual(self.pair("essential_apps"), (1, 3))

    def test_it_rolls_up_as_sum_over_sum(self) -> None:
        for _ in range(3):
            self.roster.person(self.kp1, eid_since=D(2022, 1, 1))
        self.roster.person(self.kp2, eid_since=D(2022, 1, 1))
        for _ in range(9):
            self.roster.person(self.kp2)
        values = indicator_values(unit=self.ward, as_of=AS_OF)
        eid = values.figure("eid")
        assert eid is not None
        self.assertEqual((eid.numerator, eid.denominator, eid.percent), (4, 13, 30.77))
        kids = {c.unit.code: c.figure("eid") for c in values.children}
        self.assertEqual(kids["L06700.01"].percent, 100.0)  # type: ignore[union-attr]
        self.assertEqual(kids["L06700.02"].percent, 10.0)  # type: ignore[union-attr]
        city = indicator_values(unit=self.units["city"], as_of=AS_OF)
        self.assertEqual(city.figure("eid").numerator, 4)  # type: ignore[union-attr]
        self.assertEqual([c.unit.code for c in city.children], ["L06679", "L06700"])
        self.assertEqual(city.figure("eid").source, "registry")  # type: ignore[union-attr]

    def test_a_resident_of_another_ward_does_not_count(self) -> None:
        self.roster.person(self.kp1)
        other = Roster(self.ward2)
        other.person(self.units["ward2_kp1"])
        self.assertEqual(self.pair("eid"), (0, 1))
        self.assertEqual(self.pair("eid", unit=self.kp2), (0, 0))
        self.assertEqual(self.pair("eid", unit=self.units["city"]), (0, 2))

    def test_the_number_of_queries_does_not_grow_with_residents(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                indicator_values(unit=self.ward, as_of=AS_OF)
            return len(captured)

        for _ in range(10):
            person = self.roster.person(self.kp1, eid_since=D(2022, 1, 1))
            transaction(person, D(2023, 2, 2))
        few = queries()
        for index in range(190):
            person = self.roster.person(self.kp1 if index % 2 else self.kp2)
            survey(person, D(2023, 2, 2))
        self.assertEqual(queries(), few)
        with self.assertNumQueries(few):
            indicator_values(unit=self.ward, as_of=AS_OF)
        self.assertLessEqual(few, 12)

    def test_both_strategies_agree(self) -> None:
        for index in range(12):
            person = self.roster.person(
                self.kp1 if index % 2 else self.kp2,
                born=D(1990 + index, 6, 26),
                eid_since=D(2023, 1, index + 1) if index % 3 else None,
                smartphone_since=D(2022, 1, 1),
                vssid_since=D(2022, 1, 1),
                ehealth_since=D(2022, 1, 1) if index % 4 else None,
            )
            if index % 2:
                transaction(
                    person, D(2023, 2, index + 1), ("online", "in_person", "postal")[index % 3]
                )
            if index % 5:
                survey(person, D(2023, 3, index + 1))
        joined = compute(root=self.ward, as_of=AS_OF, strategy=engine.JOIN)
        probed = compute(root=self.ward, as_of=AS_OF, strategy=engine.EXISTS)
        for unit_id, result in joined.results.items():
            self.assertEqual(result.figures, probed.results[unit_id].figures)
            self.assertEqual(result.populations, probed.results[unit_id].populations)

    def test_the_sql_binds_every_value(self) -> None:
        tree = indicator_tree(unit=self.ward, as_of=AS_OF)
        queries = engine.explain(
            root=self.ward,
            as_of=AS_OF,
            start=START,
            definitions=[d.compiled() for d in tree.definitions],
        )
        for sql in queries:
            self.assertNotIn("20230626", sql.text)
            self.assertNotIn("L06700", sql.text)
            self.assertIn(20230626, sql.params)
            self.assertEqual(sql.text.count("%s"), len(sql.params))
