"""The overview of a unit (its page) against figures worked out by hand on a small tree.

Hạ Long (the city) has four wards here: Tuần Châu (KP1, KP2) and Hùng Thắng (KP1) keep
a registry; two more wards are added for the reporting cases. As of 26 June 2023:

- Tuần Châu: KP1 three adults, two with an e-ID (one since 10 June 2023), KP2 one adult
  without: eid 2/4 = 50%; as of 31 May 1/4.
- Hùng Thắng: three adults, all with an e-ID: 3/3 = 100%.
- The city: (2 + 3)/(4 + 3) = 5/7 = 71,43% (the average of the percents would be 75%);
  as of 31 May 4/7 = 57,14%, so +14,29 points since the end of last month.
- Targets: the city sets 80% for eid, inherited by Tuần Châu (50%: below, 30 to go);
  Hùng Thắng sets its own 90% (100%: met); the city is 8,57 under 80: near.
"""

from __future__ import annotations

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gocua.audit.models import AuditEvent
from gocua.front.selectors import BELOW, MET, NEAR_TARGET, Overview, unit_overview
from gocua.indicators.services import target_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.orgunits.models import OrgUnit
from gocua.orgunits.services import orgunit_add
from gocua.reports.models import Report, ReportEvent, ReportRequest
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)
START = D(2023, 1, 1)
QUERY = "?as_of=2023-06-26&from=2023-01-01"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


class OverviewTestCase(BaseTestCase):
    city: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        cls.city = cls.units["city"]
        roster = Roster(cls.ward)
        roster.person(cls.kp1, eid_since=D(2022, 1, 1))
        roster.person(cls.kp1, eid_since=D(2023, 6, 10))
        roster.person(cls.kp1)
        roster.person(cls.kp2)
        other = Roster(cls.ward2)
        for _ in range(3):
            other.person(cls.units["ward2_kp1"], eid_since=D(2021, 3, 1))
        target_set(code="eid", unit=cls.city, value=80)
        target_set(code="eid", unit=cls.ward2, value=90)

    def overview(self, unit: OrgUnit | None = None, indicator: str = "") -> Overview:
        return unit_overview(unit=unit or self.city, as_of=AS_OF, start=START, indicator=indicator)

    def test_the_child_table_the_total_and_the_gaps(self) -> None:
        overview = self.overview()
        index = overview.codes.index("eid")
        rows = {row.name: row.cells[index] for row in overview.rows}
        tuan_chau, hung_thang = rows["Phường Tuần Châu"], rows["Phường Hùng Thắng"]
        self.assertEqual((tuan_chau.figure.numerator, tuan_chau.figure.denominator), (2, 4))
        self.assertEqual(tuan_chau.figure.percent, 50.0)
        self.assertEqual(tuan_chau.figure.target, 80.0)  # inherited from the city
        self.assertEqual(tuan_chau.attainment, BELOW)
        self.assertEqual(hung_thang.figure.target, 90.0)  # its own
        self.assertEqual(hung_thang.attainment, MET)
        total = overview.total[index]
        # Sum over sum: 5/7, not the average of 50% and 100%.
        self.assertEqual((total.figure.numerator, total.figure.denominator), (5, 7))
        self.assertEqual(total.figure.percent, 71.43)
        self.assertEqual(total.attainment, NEAR_TARGET)
        head = overview.headlines[index]
        self.assertEqual(head.gap, 8.57)
        self.assertEqual(head.previous.numerator, 4)  # type: ignore[union-attr]
        self.assertEqual(head.change, 14.29)
        # The ward's own page: the neighbourhoods, gap 30 to its inherited 80%.
        ward = self.overview(self.ward)
        self.assertEqual([r.name for r in ward.rows], ["Khu phố 1", "Khu phố 2"])
        self.assertEqual(ward.headlines[index].gap, 30.0)
        self.assertEqual(
            [
                (r.cells[index].figure.numerator, r.cells[index].figure.denominator)
                for r in ward.rows
            ],
            [(2, 3), (0, 1)],
        )

    def test_the_trend_has_twelve_month_ends_ending_on_the_as_of_date(self) -> None:
        overview = self.overview(indicator="eid")
        self.assertEqual(len(overview.trend), 12)
        self.assertEqual(overview.trend[0].as_of, D(2022, 7, 31))
        self.assertEqual(overview.trend[-2].as_of, D(2023, 5, 31))
        self.assertEqual(overview.trend[-1].as_of, AS_OF)
        # Before 1 January 2022 only Hùng Thắng's three: all points from July 2022 to May
        # 2023 are 4/7 (one e-ID since 2022), then 5/7.
        self.assertEqual(
            [(p.figure.numerator, p.figure.denominator) for p in overview.trend],
            [(4, 7)] * 11 + [(5, 7)],
        )

    def test_the_number_of_queries_does_not_grow_with_units_or_residents(self) -> None:
        with CaptureQueriesContext(connection) as small:
            self.overview()
        extra = orgunit_add(name="Phường Mới", parent=self.city)
        hood = orgunit_add(name="Khu phố 9", parent=extra)
        roster = Roster(extra)
        for _ in range(20):
            roster.person(hood, eid_since=D(2022, 1, 1))
        with CaptureQueriesContext(connection) as big:
            overview = self.overview()
        self.assertIn("Phường Mới", [r.name for r in overview.rows])
        self.assertEqual(len(small), len(big))

    def test_the_number_of_queries_does_not_grow_with_the_months_of_the_trend(self) -> None:
        # A trend of an outreach figure reads sessions and guided residents as of each
        # month end: three queries for all the months, not three a month.
        for indicator in ("guided", "sessions", "eid"):
            with CaptureQueriesContext(connection) as two:
                short = unit_overview(
                    unit=self.city, as_of=AS_OF, start=START, indicator=indicator, months=2
                )
            with CaptureQueriesContext(connection) as twelve:
                overview = unit_overview(
                    unit=self.city, as_of=AS_OF, start=START, indicator=indicator, months=12
                )
            self.assertEqual((short.indicator, overview.indicator), (indicator, indicator))
            self.assertEqual((len(short.trend), len(overview.trend)), (2, 12))
            self.assertEqual(len(two), len(twelve), indicator)
            outreach = [q for q in twelve.captured_queries if "outreach_" in q["sql"]]
            self.assertLessEqual(len(outreach), 3 + 2, indicator)  # + the catalogue's

    def test_reporting_completeness_and_timeliness_follow_the_first_submission(self) -> None:
        late_ward = self.ward2
        missing_ward = orgunit_add(name="Phường Chưa Gửi", parent=self.city)
        returned_ward = orgunit_add(name="Phường Trả Lại", parent=self.city)
        request = ReportRequest.objects.create(
            from_unit=self.city,
            number="389/UBND-VHTT",
            date=D(2023, 6, 1),
            subject="báo cáo",
            start=START,
            end=AS_OF,
            deadline=D(2023, 6, 30),
        )
        request.units.set([self.ward, late_ward, missing_ward, returned_ward])

        def report(unit: OrgUnit, status: str, steps: list[tuple[str, dt.date]]) -> None:
            r = Report.objects.create(request=request, unit=unit, status=status)
            for action, day in steps:
                event = ReportEvent.objects.create(report=r, action=action)
                ReportEvent.objects.filter(pk=event.pk).update(at=_at(day))
            last = [day for action, day in steps if action == "submit"][-1]
            Report.objects.filter(pk=r.pk).update(submitted_at=_at(last))

        # Tuần Châu: first sent on 28 June, returned, sent again on 3 July: on time.
        report(
            self.ward,
            "submitted",
            [("submit", D(2023, 6, 28)), ("return", D(2023, 7, 1)), ("submit", D(2023, 7, 3))],
        )
        report(late_ward, "accepted", [("submit", D(2023, 7, 2))])  # late
        report(returned_ward, "returned", [("submit", D(2023, 6, 29)), ("return", D(2023, 7, 1))])
        overview = unit_overview(unit=self.city, as_of=D(2023, 7, 5), start=START)
        statuses = {row.name: row.reporting for row in overview.rows}
        self.assertEqual(
            statuses,
            {
                "Phường Tuần Châu": "on_time",
                "Phường Hùng Thắng": "late",
                "Phường Chưa Gửi": "missing",
                "Phường Trả Lại": "returned",
            },
        )
        r = overview.reporting
        assert r is not None
        self.assertEqual((r.expected, r.received, r.on_time), (4, 2, 1))
        self.assertEqual((r.late, r.missing, r.returned), (1, 1, 1))
        self.assertEqual((r.completeness, r.timeliness), (50.0, 25.0))
        # A request dated after the as-of date is not yet the current one.
        self.assertIsNone(
            unit_overview(unit=self.city, as_of=D(2023, 5, 31), start=START).reporting
        )

    def test_the_page_shows_it_and_takes_its_dates_from_the_address(self) -> None:
        self.login(self.dave)
        response = self.client.get(reverse("unit", args=["L193"]) + QUERY + "&indicator=eid")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="children"')
        self.assertContains(response, "71,43%")
        self.assertContains(response, "5/7")
        self.assertContains(response, "<svg", count=2)
        self.assertContains(response, 'value="2023-06-26"')
        self.assertContains(response, '<option value="eid" selected>')
        self.assertContains(response, "· mã L193</span>")  # the code says what it is

    def test_the_xlsx_holds_the_table_as_numbers_and_is_logged(self) -> None:
        from openpyxl import load_workbook

        self.login(self.dave)
        response = self.client.get(reverse("unit-xlsx", args=["L193"]) + QUERY)
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        names = [row[0] for row in values]
        self.assertIn("Phường Tuần Châu", names)
        row = values[names.index("Phường Tuần Châu")]
        self.assertEqual(row[2:6], [2, 4, 0.5, 0.8])  # eid: numerator, denominator, %, target
        total = values[-1]
        self.assertEqual(total[2:5], [5, 7, 0.7143])
        self.assertTrue(
            AuditEvent.objects.filter(action="front.overview_export", unit_code="L193").exists()
        )

    def test_outsiders_get_404_on_the_page_and_the_xlsx(self) -> None:
        for name in ("unit", "unit-xlsx"):
            self.assertNotFoundFor(self.charlie, reverse(name, args=["L06700"]))
            self.assertNotFoundFor(self.charlie, reverse(name, args=["L193"]))
            self.assertNotFoundFor(self.bob, reverse(name, args=["L06700.02"]))
        # A ward officer sees their ward and below.
        self.login(self.alice)
        self.assertEqual(self.client.get(reverse("unit", args=["L06700"]) + QUERY).status_code, 200)

    def test_a_bad_date_is_said_and_replaced(self) -> None:
        self.login(self.dave)
        response = self.client.get(reverse("unit", args=["L193"]) + "?as_of=2023-02-30")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "2023-02-30")


class NationalTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        roster = Roster(cls.ward)
        roster.person(cls.kp1, eid_since=D(2022, 1, 1))
        roster.person(cls.kp2)

    def test_the_administrator_sees_the_whole_country_and_nobody_else_does(self) -> None:
        from gocua.front.selectors import national_unit

        overview = unit_overview(unit=national_unit(), as_of=AS_OF, start=START)
        self.assertEqual([row.code for row in overview.rows], ["L22"])
        index = overview.codes.index("eid")
        self.assertEqual(
            (overview.total[index].figure.numerator, overview.total[index].figure.denominator),
            (1, 2),
        )
        self.login(self.root)
        response = self.client.get(reverse("unit", args=["VN"]) + QUERY)
        self.assertContains(response, "Việt Nam")
        self.assertContains(response, "Tỉnh Quảng Ninh")
        xlsx = self.client.get(reverse("unit-xlsx", args=["VN"]) + QUERY)
        self.assertEqual(xlsx.status_code, 200)
        self.assertContains(self.client.get(reverse("home")), 'data-testid="national"')
        for user in (self.dave, self.alice, self.bob):
            self.assertNotFoundFor(user, reverse("unit", args=["VN"]))
            self.assertNotFoundFor(user, reverse("unit-xlsx", args=["VN"]))
