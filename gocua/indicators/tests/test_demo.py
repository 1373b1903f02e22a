"""The indicators part of `gocua demo`: the seed's figures entered for Tuần Châu, twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from gocua.audit.models import AuditEvent
from gocua.indicators.models import AggregateEntry, AggregateValue, UnitSource
from gocua.indicators.selectors import findings, indicator_values
from gocua.orgunits.models import OrgUnit

SEED_DAY = dt.date(2023, 6, 26)


class IndicatorsDemoTestCase(TestCase):
    ward: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())
        cls.ward = OrgUnit.objects.get(code="L06700")

    def test_tuan_chau_shows_the_seeds_figures(self) -> None:
        values = indicator_values(unit=self.ward, as_of=SEED_DAY)
        eid, cashless, guided, sessions = (
            values.figure(c) for c in ("eid", "cashless", "guided", "sessions")
        )
        assert eid and cashless and guided and sessions
        self.assertEqual((eid.numerator, eid.denominator, eid.percent), (1328, 1929, 68.84))
        self.assertEqual(cashless.percent, 55.92)
        self.assertEqual((guided.numerator, guided.source), (1_246_000, "entered"))
        self.assertEqual(sessions.source, "registry")  # the outreach records
        since_june_2022 = indicator_values(
            unit=self.ward, as_of=SEED_DAY, start=dt.date(2022, 6, 1), codes=["sessions"]
        )
        self.assertEqual(since_june_2022.figure("sessions").numerator, 35)  # type: ignore[union-attr]

    def test_validation_shows_the_seeds_mistakes(self) -> None:
        codes = {f.code for f in findings(unit=self.ward, as_of=SEED_DAY) if f.severity == "error"}
        self.assertEqual(codes, {"adults_above_14", "guided_above_residents"})

    def test_the_demo_twice_changes_nothing(self) -> None:
        def state() -> tuple[object, ...]:
            return (
                list(
                    AggregateValue.objects.order_by("code").values_list(
                        "code", "numerator", "denominator"
                    )
                ),
                list(UnitSource.objects.order_by("unit__code").values_list("unit__code", "source")),
                AggregateEntry.objects.count(),
                AuditEvent.objects.filter(action__startswith="indicators.").count(),
            )

        before = state()
        call_command("demo", stdout=StringIO())
        self.assertEqual(state(), before)
        self.assertEqual(before[1], [("L06679", "registry"), ("L06700", "entered")])
