"""Entered aggregates: the service, locks, matching a query, mixing with the registry."""

from __future__ import annotations

import time_machine

from gocua.audit.models import AuditEvent
from gocua.indicators.models import AggregateEntry, AggregateValue, DataSource
from gocua.indicators.selectors import indicator_values, unit_source
from gocua.indicators.services import (
    aggregates_enter,
    aggregates_lock,
    aggregates_unlock,
    unit_source_set,
)
from gocua.indicators.tests.factories import D, Roster, setup_catalogue, survey
from gocua.lib.errors import Problem
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)
JAN = D(2023, 1, 1)


class EnteredTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()

    def setUp(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)

    def figure(
        self, code: str, *, unit: object = None, as_of: object = AS_OF, start: object = None
    ):  # type: ignore[no-untyped-def]
        values = indicator_values(unit=unit or self.ward, as_of=as_of, start=start)  # type: ignore[arg-type]
        return values.figure(code)

    def test_it_stores_figures_and_logs_them(self) -> None:
        entry = aggregates_enter(
            unit=self.ward,
            as_of=AS_OF,
            start=JAN,
            values={"eid": (1328, 1929), "guided": (1_246_000, None), "residents": (2600, None)},
            user=self.alice,
        )
        self.assertEqual(entry.entered_by, self.alice)
        self.assertEqual(AggregateValue.objects.filter(entry=entry).count(), 3)
        event = AuditEvent.objects.get(action="indicators.aggregates_enter")
        self.assertEqual(event.detail["values"]["eid"], [1328, 1929])
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (1330, 1929)})
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"residents": (None, None)})
        self.assertEqual(
            dict(entry.values.values_list("code", "numerator")), {"eid": 1330, "guided": 1_246_000}
        )
        last = AuditEvent.objects.filter(action="indicators.aggregates_enter").latest("id")
        self.assertEqual(last.detail["before"], {"residents": [2600, None]})

    def test_it_refuses_malformed_figures_and_writes_nothing(self) -> None:
        bad = [
            {"nope": (1, 2)},
            {"eid": (1, None)},
            {"eid": (-1, 2)},
            {"eid": ("12", 20)},
            {"eid": (True, 20)},
            {"guided": (5, 10)},
            {"residents": (5, 10)},
            {"eid": (1, 2, 3)},
            {},
            {"eid": (1, 2), "cashless": (5, -1)},
        ]
        for values in bad:
            with self.subTest(values=values), self.assertRaises(Problem) as caught:
                aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values=values)  # type: ignore[arg-type]
            self.assertIn(" / ", str(caught.exception))
        with self.assertRaises(Problem):
            aggregates_enter(unit=self.ward, as_of=JAN, start=AS_OF, values={"eid": (1, 2)})
        with time_machine.travel("2023-06-20 10:00 +0700"), self.assertRaises(Problem):
            aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (1, 2)})
        self.assertFalse(AggregateEntry.objects.exists())

    def test_it_keeps_figures_that_break_rules(self) -> None:
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (3000, 1929)})
        self.assertEqual(self.figure("eid").numerator, 3000)

    def test_a_locked_period_cannot_change(self) -> None:
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (1, 2)})
        aggregates_lock(unit=self.ward, as_of=AS_OF, start=JAN, user=self.dave)
        with self.assertRaises(Problem) as caught:
            aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (2, 2)})
        self.assertIn("locked", caught.exception.en)
        # Another period is free; unlocking (an administrator) frees this one again.
        aggregates_enter(unit=self.ward, as_of=D(2023, 6, 30), start=JAN, values={"eid": (2, 2)})
        aggregates_unlock(unit=self.ward, as_of=AS_OF, start=JAN, user=self.root)
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (2, 2)})
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertTrue({"indicators.aggregates_lock", "indicators.aggregates_unlock"} <= actions)

    def test_locking_a_period_before_any_figure_keeps_it_closed(self) -> None:
        aggregates_lock(unit=self.ward, as_of=AS_OF, start=JAN)
        with self.assertRaises(Problem):
            aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (1, 2)})

    def test_a_stock_figure_is_the_latest_entered_within_the_period(self) -> None:
        aggregates_enter(
            unit=self.ward, as_of=D(2022, 12, 31), start=D(2022, 1, 1), values={"eid": (1, 10)}
        )
        aggregates_enter(unit=self.ward, as_of=D(2023, 3, 31), start=JAN, values={"eid": (2, 10)})
        aggregates_enter(
            unit=self.ward, as_of=D(2023, 5, 31), start=D(2023, 5, 1), values={"eid": (3, 10)}
        )
        self.assertEqual(self.figure("eid").numerator, 3)
        self.assertEqual(self.figure("eid").entered_as_of, D(2023, 5, 31))
        self.assertEqual(self.figure("eid", as_of=D(2023, 4, 30)).numerator, 2)
        # Nothing entered in 1 January..15 March 2023: no figure (2022's is not carried over).
        self.assertIsNone(self.figure("eid", as_of=D(2023, 3, 15)).numerator)
        self.assertEqual(self.figure("eid", as_of=D(2023, 3, 15)).source, "entered")

    def test_a_period_figure_needs_the_same_period(self) -> None:
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"online_services": (5, 9)})
        self.assertEqual(self.figure("online_services").numerator, 5)
        self.assertIsNone(self.figure("online_services", start=D(2023, 2, 1)).numerator)
        self.assertIsNone(self.figure("online_services", as_of=D(2023, 6, 27)).numerator)
        self.assertEqual(self.figure("guided").numerator, 0)  # activity: the records (none)

    def test_a_registry_unit_ignores_entered_figures(self) -> None:
        Roster(self.ward2).person(self.units["ward2_kp1"], eid_since=D(2022, 1, 1))
        aggregates_enter(unit=self.ward2, as_of=AS_OF, start=JAN, values={"eid": (7, 9)})
        figure = self.figure("eid", unit=self.ward2)
        self.assertEqual((figure.numerator, figure.denominator, figure.source), (1, 1, "registry"))

    def test_a_parent_mixes_entered_and_registry_figures(self) -> None:
        roster = Roster(self.ward2)
        for index in range(4):
            person = roster.person(
                self.units["ward2_kp1"], eid_since=D(2022, 1, 1) if index else None
            )
            survey(person, D(2023, 2, 1))
        aggregates_enter(
            unit=self.ward,
            as_of=AS_OF,
            start=JAN,
            values={"eid": (1328, 1929), "civic_engagement": (10, 20)},
        )
        city = indicator_values(unit=self.units["city"], as_of=AS_OF)
        eid = city.figure("eid")
        assert eid is not None
        self.assertEqual((eid.numerator, eid.denominator), (1331, 1933))
        self.assertEqual(eid.percent, 68.86)
        self.assertEqual(eid.source, "mixed")
        self.assertEqual(eid.entered_units, ("L06700",))
        self.assertEqual(eid.to_json()["entered_units"], ["L06700"])
        # cashless was not entered: only the registry's part counts, and says so.
        cashless = city.figure("cashless")
        assert cashless is not None
        self.assertEqual(
            (cashless.numerator, cashless.denominator, cashless.source), (0, 4, "registry")
        )
        children = {c.unit.code: c for c in city.children}
        self.assertEqual(children["L06700"].figure("eid").source, "entered")  # type: ignore[union-attr]
        self.assertEqual(children["L06679"].figure("eid").source, "registry")  # type: ignore[union-attr]

    def test_entered_neighbourhoods_add_up_when_the_ward_has_no_figure(self) -> None:
        aggregates_enter(unit=self.kp1, as_of=AS_OF, start=JAN, values={"eid": (10, 20)})
        aggregates_enter(unit=self.kp2, as_of=AS_OF, start=JAN, values={"eid": (5, 20)})
        eid = self.figure("eid")
        self.assertEqual((eid.numerator, eid.denominator, eid.source), (15, 40, "entered"))
        self.assertEqual(eid.entered_units, ("L06700.01", "L06700.02"))

    def test_the_ward_figure_wins_over_its_neighbourhoods(self) -> None:
        aggregates_enter(unit=self.kp1, as_of=AS_OF, start=JAN, values={"eid": (10, 20)})
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"eid": (100, 200)})
        values = indicator_values(unit=self.ward, as_of=AS_OF)
        self.assertEqual(values.figure("eid").numerator, 100)  # type: ignore[union-attr]
        self.assertEqual(values.children[0].figure("eid").numerator, 10)  # type: ignore[union-attr]

    def test_sources_are_inherited_and_overridden(self) -> None:
        self.assertEqual(unit_source(unit=self.kp1), ("entered", self.ward))
        unit_source_set(unit=self.kp1, source=DataSource.REGISTRY)
        self.assertEqual(unit_source(unit=self.kp1), ("registry", self.kp1))
        self.assertEqual(unit_source(unit=self.ward2), ("registry", None))
        Roster(self.ward).person(self.kp1, eid_since=D(2022, 1, 1))
        figure = self.figure("eid", unit=self.kp1)
        self.assertEqual((figure.numerator, figure.source), (1, "registry"))
        with self.assertRaises(Problem):
            unit_source_set(unit=self.kp1, source="guess")

    def test_populations_come_from_entered_figures(self) -> None:
        aggregates_enter(
            unit=self.ward,
            as_of=AS_OF,
            start=JAN,
            values={"eid": (1328, 1929), "cashless": (1412, 2525), "household_skills": (9, 800)},
        )
        values = indicator_values(unit=self.ward, as_of=AS_OF)
        self.assertEqual(
            values.populations,
            {"residents": 2525, "households": 800, "residents_14": 1929, "residents_18": 2525},
        )
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=JAN, values={"residents": (3000, None)})
        self.assertEqual(
            indicator_values(unit=self.ward, as_of=AS_OF).populations["residents"], 3000
        )
