"""The indicator pages: who sees what (outsiders get 404), results, downloads, data entry."""

from __future__ import annotations

import io
import json

from django.urls import reverse
from openpyxl import load_workbook

from gocua.accounts.models import Role
from gocua.audit.models import AuditEvent
from gocua.indicators.demo import SEED_FIGURES
from gocua.indicators.models import AggregateEntry, DataSource, UnitSource
from gocua.indicators.services import aggregates_enter, aggregates_lock, unit_source_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.orgunits.models import OrgUnit
from gocua.testing import BaseTestCase, make_user

AS_OF = D(2023, 6, 26)
QUERY = {"as_of": "2023-06-26", "from": "2023-01-01"}
SEED = SEED_FIGURES  # the seed letter's figures, as the demo enters them


class ViewsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        roster = Roster(cls.ward2)
        for index in range(4):
            roster.person(cls.units["ward2_kp1"], eid_since=D(2022, 1, 1) if index else None)

    def seed(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=D(2023, 1, 1), values=SEED)

    def url(self, name: str, unit: OrgUnit | None = None, *args: object) -> str:
        code = (unit or self.ward).code
        return reverse(f"indicators:{name}", args=[code, *args])

    def test_outsiders_get_404_on_every_view(self) -> None:
        reads = [
            self.url("results"),
            self.url("export", None, "csv"),
            self.url("export", None, "xlsx"),
            self.url("definitions"),
        ]
        writes = [self.url("entry")]
        for url in reads + writes:
            self.assertNotFoundFor(self.charlie, url)
        self.assertNotFoundFor(self.charlie, self.url("check"), "post")
        self.assertNotFoundFor(self.charlie, self.url("source"), "post", source="entered")
        kp1_urls = [
            self.url("results", self.kp1),
            self.url("export", self.kp1, "csv"),
            self.url("definitions", self.kp1),
            self.url("entry", self.kp1),
        ]
        for url in kp1_urls:
            self.assertNotFoundFor(self.carol, url)
        # Reading is not entering: members and upper officers get 404 on data entry.
        for user in (self.bob, self.dave):
            self.assertNotFoundFor(user, self.url("entry"))
            self.assertNotFoundFor(user, self.url("check"), "post")
            self.assertNotFoundFor(user, self.url("source"), "post", source="registry")
        self.assertNotFoundFor(self.alice, self.url("export", None, "pdf"))
        self.client.logout()
        response = self.client.get(self.url("results"))
        self.assertEqual(response.status_code, 302)

    def test_the_results_page_shows_ratios_percents_children_and_findings(self) -> None:
        self.seed()
        self.login(self.dave)
        response = self.client.get(self.url("results", self.units["city"]), QUERY)
        self.assertContains(response, "1.328/1.929")
        self.assertContains(response, "68,84%")
        self.assertContains(response, "<th data-sort")
        self.assertContains(response, "Phường Hùng Thắng")
        self.assertContains(response, 'data-code="adults_above_14"')
        self.assertContains(response, "1.246.000")
        self.login(self.alice)
        page = self.client.get(self.url("results"), QUERY)
        self.assertContains(page, "55,92%")
        self.assertContains(page, "Khu phố 1")
        self.assertContains(page, 'data-code="guided_above_residents"')
        self.assertContains(page, reverse("indicators:entry", args=[self.ward.code]))
        self.client.cookies["django_language"] = "en"
        english = self.client.get(self.url("results"), QUERY)
        self.assertContains(english, "68.84%")
        self.assertContains(english, "1,246,000")

    def test_the_page_reads_bad_dates_as_defaults(self) -> None:
        self.login(self.alice)
        response = self.client.get(self.url("results"), {"as_of": "31/02/2023", "from": "x"})
        self.assertEqual(response.status_code, 200)
        response = self.client.get(
            self.url("results"), {"as_of": "2023-01-01", "from": "2023-06-01"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="2023-01-01"')

    def test_the_results_page_runs_a_constant_number_of_queries(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.dave)
        url = self.url("results", self.units["city"])
        self.client.get(url, QUERY)

        def count() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url, QUERY).status_code, 200)
            return len(captured)

        few = count()
        roster = Roster(self.ward)
        for _ in range(30):
            roster.person(self.kp2, eid_since=D(2022, 1, 1))
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 22)

    def test_downloads_are_logged(self) -> None:
        self.seed()
        self.login(self.alice)
        response = self.client.get(self.url("export", None, "csv"), QUERY)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        text = response.content.decode("utf-8-sig")
        self.assertIn("L06700,Phường Tuần Châu,commune,2023-06-26,2023-01-01,eid,", text)
        self.assertIn(",1328,1929,68.84,,entered", text)
        response = self.client.get(self.url("export", None, "xlsx"), QUERY)
        book = load_workbook(io.BytesIO(response.content))
        rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
        self.assertEqual(rows[0][0], "unit_code")
        self.assertIn(
            ("L06700", "eid", 1328, 1929, 68.84), [(r[0], r[5], r[7], r[8], r[9]) for r in rows]
        )
        events = AuditEvent.objects.filter(action="indicators.export", unit_code="L06700")
        self.assertEqual(sorted(e.detail["format"] for e in events), ["csv", "xlsx"])

    def test_the_definitions_page_reads_the_rules_aloud(self) -> None:
        self.login(self.bob)
        response = self.client.get(self.url("definitions", self.kp1))
        self.assertContains(response, "từ 14 tuổi trở lên")
        self.assertContains(response, "eid")
        self.assertNotContains(response, "/admin/indicators/")
        self.login(self.root)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url("definitions"))
        self.assertContains(response, "aged 14+")
        self.assertContains(response, "/admin/indicators/indicatordefinition/")

    def test_an_entered_unit_links_the_periods_it_entered(self) -> None:
        self.seed()
        aggregates_enter(unit=self.ward, as_of=AS_OF, start=D(2022, 6, 1), values=SEED)
        self.login(self.alice)
        page = self.client.get(self.url("results"))  # today: nothing entered
        self.assertContains(page, 'data-testid="entered-periods"')
        self.assertContains(page, "?as_of=2023-06-26&amp;from=2023-01-01")
        self.assertContains(page, "?as_of=2023-06-26&amp;from=2022-06-01")
        self.assertContains(page, "01/06/2022–26/06/2023")
        self.login(self.dave)
        page = self.client.get(self.url("results", self.ward2))  # a registry ward: none
        self.assertNotContains(page, 'data-testid="entered-periods"')

    def test_the_officer_enters_figures(self) -> None:
        self.login(self.alice)
        page = self.client.get(self.url("entry"), QUERY)
        self.assertContains(page, 'name="eid__n"')
        self.assertContains(page, 'name="eid__d"')
        self.assertNotContains(page, 'name="guided__d"')
        data = {"as_of": "2023-06-26", "start": "2023-01-01", "eid__n": "1328", "eid__d": "1929"}
        data |= {"cashless__n": "1412", "cashless__d": "2525", "residents__n": "2600"}
        response = self.client.post(self.url("entry"), data)
        self.assertRedirects(response, self.url("entry") + "?as_of=2023-06-26&from=2023-01-01")
        entry = AggregateEntry.objects.get(unit=self.ward)
        self.assertEqual(
            {v.code: (v.numerator, v.denominator) for v in entry.values.all()},
            {"eid": (1328, 1929), "cashless": (1412, 2525), "residents": (2600, None)},
        )
        self.assertTrue(AuditEvent.objects.filter(action="indicators.aggregates_enter").exists())
        page = self.client.get(self.url("entry"), QUERY)
        self.assertContains(page, 'value="1929"')
        self.assertContains(page, 'data-code="adults_above_14"')

    def test_a_half_typed_figure_is_refused(self) -> None:
        self.login(self.alice)
        data = {"as_of": "2023-06-26", "start": "2023-01-01", "eid__n": "1328"}
        response = self.client.post(self.url("entry"), data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "thiếu mẫu số", status_code=400)
        data = {"as_of": "2023-06-26", "start": "2023-07-01", "eid__n": "1", "eid__d": "2"}
        response = self.client.post(self.url("entry"), data)
        # "From" after "to": one clear line, and "from" is the first date of the form.
        self.assertContains(
            response, "Ngày bắt đầu 01/07/2023 sau ngày kết thúc 26/06/2023", status_code=400
        )
        html = response.content.decode()
        self.assertLess(html.index('name="start"'), html.index('name="as_of"'))
        self.assertFalse(AggregateEntry.objects.exists())

    def test_locked_figures_cannot_be_changed_on_the_page(self) -> None:
        self.seed()
        aggregates_lock(unit=self.ward, as_of=AS_OF, start=D(2023, 1, 1))
        self.login(self.alice)
        page = self.client.get(self.url("entry"), QUERY)
        self.assertContains(page, 'data-testid="locked"')
        data = {"as_of": "2023-06-26", "start": "2023-01-01", "eid__n": "1", "eid__d": "2"}
        response = self.client.post(self.url("entry"), data)
        self.assertContains(response, "khóa", status_code=400)

    def test_the_live_check_reports_rule_violations(self) -> None:
        self.login(self.alice)
        body = {
            "as_of": "2023-06-26",
            "from": "2023-01-01",
            "values": {k: list(v) for k, v in SEED.items()},
        }
        response = self.client.post(
            self.url("check"), json.dumps(body), content_type="application/json"
        )
        codes = [f["code"] for f in response.json()["findings"]]
        self.assertIn("adults_above_14", codes)
        self.assertIn("guided_above_residents", codes)
        body["values"] = {"eid": [1328, 1929], "cashless": [1412, 1900]}
        response = self.client.post(
            self.url("check"), json.dumps(body), content_type="application/json"
        )
        self.assertEqual(response.json()["findings"], [])
        body["values"] = {"eid": [2000, 1929]}
        self.client.cookies["django_language"] = "en"
        response = self.client.post(
            self.url("check"), json.dumps(body), content_type="application/json"
        )
        [finding] = response.json()["findings"]
        self.assertEqual(
            (finding["code"], finding["indicator"]), ("numerator_above_denominator", "eid")
        )
        self.assertIn("2,000", finding["text"])
        bad = self.client.post(self.url("check"), "{nope", content_type="application/json")
        self.assertEqual(bad.status_code, 400)
        bad = self.client.post(
            self.url("check"),
            json.dumps({"values": {"eid": [-1, 2]}}),
            content_type="application/json",
        )
        self.assertEqual(bad.status_code, 400)

    def test_the_officer_declares_the_data_source(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url("source"), {"source": "entered"})
        self.assertRedirects(response, self.url("entry"))
        self.assertEqual(UnitSource.objects.get(unit=self.ward).source, "entered")
        self.client.post(self.url("source"), {"source": ""})
        self.assertFalse(UnitSource.objects.filter(unit=self.ward).exists())
        self.assertEqual(AuditEvent.objects.filter(action="indicators.source").count(), 2)

    def test_the_unit_page_offers_the_indicators(self) -> None:
        self.login(self.bob)
        page = self.client.get(reverse("unit", args=[self.kp1.code]))
        self.assertContains(page, self.url("results", self.kp1))
        self.assertNotContains(page, self.url("entry", self.kp1))
        self.login(self.alice)
        page = self.client.get(reverse("unit", args=[self.ward.code]))
        self.assertContains(page, self.url("entry"))
        officer = make_user("erin", Role.UPPER_OFFICER, self.units["province"])
        self.login(officer)
        page = self.client.get(reverse("unit", args=[self.ward.code]))
        self.assertNotContains(page, self.url("entry"))
