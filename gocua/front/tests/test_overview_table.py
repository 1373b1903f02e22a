"""A unit's page with more units directly below than ``OVERVIEW_PAGED_ABOVE`` (a province
of 3,321 communes): the table is paged, sorted and filtered on the server; below the
threshold it is the table of every unit sorted in the browser, as before.

The province (Quảng Ninh) enters its figures; its units below, with the threshold
lowered to 3 and pages of 3 (seven units, three pages), the e-ID figures worked out by
hand against the province's target of 70%:

=================  ==========  ===========  =======================  ========
unit               e-ID        attainment   other                    concerns
=================  ==========  ===========  =======================  ========
Xã Đồng Tâm        90/100 90%  met          report missing           1
Xã Hải Hòa         30/100 30%  below        report on time           1
Xã Quảng Đức       55/100 55%  below                                 1
Xã Cẩm Hải         75/100 75%  met                                   0
Xã Hòa Bình        45/100 45%  below        a finding (entered only  2
                                            the e-ID, declares its
                                            own entered source)
Xã Bình Dân        —           —            a finding (nothing       1
                                            entered)
Thành phố Hạ Long  —           —            (registry, no residents) 0
=================  ==========  ===========  =======================  ========

No outlier among 90, 30, 55, 75, 45 (mean 59, standard deviation 21.3: none is two away).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from gocua.front import views
from gocua.front.charts import Bar, ranked_bars
from gocua.front.selectors import Overview, concerns, overview_table, unit_overview
from gocua.indicators.services import aggregates_enter, target_set, unit_source_set
from gocua.indicators.tests.factories import D, setup_catalogue
from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.services import orgunit_add
from gocua.reports.models import Report, ReportEvent, ReportRequest
from gocua.testing import BaseTestCase
from gocua.tests.test_no_english import _read, leftovers

AS_OF = D(2023, 6, 26)
START = D(2023, 1, 1)
QUERY = "as_of=2023-06-26&from=2023-01-01"
PAGED = override_settings(OVERVIEW_PAGED_ABOVE=3, OVERVIEW_PAGE_SIZE=3)

DONG_TAM, HAI_HOA, QUANG_DUC, CAM_HAI, HOA_BINH, BINH_DAN = (
    "Xã Đồng Tâm",
    "Xã Hải Hòa",
    "Xã Quảng Đức",
    "Xã Cẩm Hải",
    "Xã Hòa Bình",
    "Xã Bình Dân",
)
HA_LONG = "Thành phố Hạ Long"


class PagedTableTestCase(BaseTestCase):
    province: OrgUnit
    codes: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        cls.province = cls.units["province"]
        unit_source_set(unit=cls.province, source="entered")
        unit_source_set(unit=cls.units["city"], source="registry")
        target_set(code="eid", unit=cls.province, value=70)
        cls.codes = {HA_LONG: cls.units["city"].code}
        for name, got in (
            (DONG_TAM, 90),
            (HAI_HOA, 30),
            (QUANG_DUC, 55),
            (CAM_HAI, 75),
            (HOA_BINH, 45),
            (BINH_DAN, None),
        ):
            commune = orgunit_add(name=name, parent=cls.province, level=Level.COMMUNE)
            cls.codes[name] = commune.code
            if name in (HOA_BINH, BINH_DAN):  # declared itself: what is not entered is a finding
                unit_source_set(unit=commune, source="entered")
            if got is not None:
                aggregates_enter(
                    unit=commune, as_of=D(2023, 6, 20), start=START, values={"eid": (got, 100)}
                )
        # The province's open request: Hải Hòa sent on time, Đồng Tâm did not.
        request = ReportRequest.objects.create(
            from_unit=cls.province,
            number="12/UBND",
            date=D(2023, 6, 1),
            subject="báo cáo",
            start=START,
            end=AS_OF,
            deadline=D(2023, 6, 30),
        )
        sent = OrgUnit.objects.get(code=cls.codes[HAI_HOA])
        request.units.set([sent, OrgUnit.objects.get(code=cls.codes[DONG_TAM])])
        report = Report.objects.create(request=request, unit=sent, status="submitted")
        ReportEvent.objects.create(report=report, action="submit")
        at = timezone.make_aware(dt.datetime(2023, 6, 25, 10))
        Report.objects.filter(pk=report.pk).update(submitted_at=at)
        ReportEvent.objects.filter(report=report).update(at=at)

    def names(self, codes: list[str]) -> list[str]:
        by_code = {code: name for name, code in self.codes.items()}
        return [by_code[code] for code in codes]

    def page(self, extra: str = "", code: str = "L22") -> tuple[list[str], str]:
        """The units of the table in the order shown, and the page."""
        response = self.client.get(f"{reverse('unit', args=[code])}?{QUERY}{extra}")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        return re.findall(r'<tr data-unit="([^"]+)"', html), html

    def test_the_figures_and_concerns_are_those_worked_out_by_hand(self) -> None:
        overview = unit_overview(unit=self.province, as_of=AS_OF, start=START, indicator="eid")
        index = overview.codes.index("eid")
        found = {
            line.name: (line.values[index], concerns(line, overview.statuses.get(line.code, "")))
            for line in overview.lines
        }
        self.assertEqual(
            found,
            {
                DONG_TAM: (90.0, 1),
                HAI_HOA: (30.0, 1),
                QUANG_DUC: (55.0, 1),
                CAM_HAI: (75.0, 0),
                HOA_BINH: (45.0, 2),
                BINH_DAN: (None, 1),
                HA_LONG: (None, 0),
            },
        )
        self.assertEqual(overview.outliers, [])

    @PAGED
    def test_by_default_the_units_needing_attention_come_first(self) -> None:
        self.login(self.root)
        shown, html = self.page("&indicator=eid")
        # Most concerns first; equal ones: no value first, then the furthest behind.
        self.assertEqual(self.names(shown), [HOA_BINH, BINH_DAN, HAI_HOA])
        self.assertIn("Đơn vị 1–3 trong số 7, trang 1/3", html)
        self.assertIn("xếp theo Cần chú ý trước, giảm dần", html)
        shown, _ = self.page("&indicator=eid&page=2")
        self.assertEqual(self.names(shown), [QUANG_DUC, DONG_TAM, HA_LONG])
        shown, html = self.page("&indicator=eid&page=3")
        self.assertEqual(self.names(shown), [CAM_HAI])
        self.assertIn("Đơn vị 7–7 trong số 7, trang 3/3", html)
        # A page past the last shows the last; a number that is not one, the first.
        self.assertEqual(self.names(self.page("&indicator=eid&page=9")[0]), [CAM_HAI])
        self.assertEqual(self.names(self.page("&indicator=eid&page=x")[0])[0], HOA_BINH)

    @PAGED
    def test_a_column_sorts_both_ways_on_the_server_units_without_a_value_last(self) -> None:
        self.login(self.root)
        order = []
        for page in (1, 2, 3):
            order += self.page(f"&sort=eid&dir=asc&page={page}")[0]
        self.assertEqual(
            self.names(order), [HAI_HOA, HOA_BINH, QUANG_DUC, CAM_HAI, DONG_TAM, HA_LONG, BINH_DAN]
        )
        order = []
        for page in (1, 2, 3):
            order += self.page(f"&sort=eid&dir=desc&page={page}")[0]
        self.assertEqual(
            self.names(order), [DONG_TAM, CAM_HAI, QUANG_DUC, HOA_BINH, HAI_HOA, HA_LONG, BINH_DAN]
        )
        # By name (Vietnamese letters folded: "Đ" sorts with "D"), by findings, by report.
        self.assertEqual(self.names(self.page("&sort=name")[0]), [HA_LONG, BINH_DAN, CAM_HAI])
        self.assertEqual(
            self.names(self.page("&sort=name&dir=desc")[0]), [QUANG_DUC, HOA_BINH, HAI_HOA]
        )
        self.assertEqual(
            self.names(self.page("&sort=findings&dir=desc")[0]), [BINH_DAN, HOA_BINH, HA_LONG]
        )
        self.assertEqual(self.names(self.page("&sort=report")[0]), [DONG_TAM, HAI_HOA, HA_LONG])
        # An unknown column falls back on the default order.
        self.assertEqual(self.names(self.page("&sort=password")[0])[0], HOA_BINH)

    @PAGED
    def test_the_headers_and_the_pager_are_links_that_keep_the_dates_and_the_filter(
        self,
    ) -> None:
        self.login(self.root)
        _, html = self.page("&indicator=eid&q=xa&sort=eid&dir=asc")
        head = html[html.index("<thead>") : html.index("</thead>")]
        self.assertNotIn("data-sort", head)  # not sorted again in the browser, page by page
        base = "?" + QUERY.replace("&", "&amp;") + "&amp;indicator=eid&amp;q=xa"
        self.assertIn(f'href="{base}&amp;sort=eid&amp;dir=desc"', head)  # again: the other way
        self.assertIn(f'href="{base}&amp;sort=name&amp;dir=asc"', head)
        self.assertIn('aria-sort="ascending"', head)
        self.assertIn(f'href="{base}&amp;sort=eid&amp;dir=asc&amp;page=2" rel="next"', html)
        # Six communes hold "xa" (the city does not): two pages.
        self.assertIn("Trang 1/2", html)
        # The period form keeps the order and the filter when the dates change.
        self.assertIn('<input type="hidden" name="sort" value="eid">', html)
        self.assertIn('<input type="hidden" name="q" value="xa">', html)

    @PAGED
    def test_the_filter_ignores_accents_and_case(self) -> None:
        self.login(self.root)
        for typed, expected in (
            ("hoa", {HAI_HOA, HOA_BINH}),
            ("HẢI", {HAI_HOA, CAM_HAI}),
            ("dong", {DONG_TAM}),
            ("Đồng", {DONG_TAM}),
            (self.codes[HA_LONG].lower(), {HA_LONG}),
        ):
            shown, _ = self.page(f"&q={typed}")
            self.assertEqual(set(self.names(shown)), expected, typed)
        shown, html = self.page("&q=zzz")
        self.assertEqual(shown, [])
        self.assertIn("Không có đơn vị trực thuộc nào khớp.", html)
        self.assertIn('data-testid="total"', html)  # the province's own total stays

    @PAGED
    def test_the_paged_page_is_in_vietnamese(self) -> None:
        self.login(self.root)
        for extra in ("", "&q=hoa&sort=eid&dir=desc", "&q=zzz"):
            _, html = self.page(extra)
            self.assertEqual(leftovers("\n".join(_read(html).text), {"eid", "cashless"}), [])

    @PAGED
    def test_the_xlsx_still_has_every_unit(self) -> None:
        from openpyxl import load_workbook

        self.login(self.root)
        response = self.client.get(
            f"{reverse('unit-xlsx', args=['L22'])}?{QUERY}&q=hoa&sort=eid&page=2"
        )
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        names = [row[0].value for row in sheet.iter_rows(min_row=5)]
        self.assertEqual(len(names), 8)  # seven units and the total
        self.assertEqual(set(names[:-1]), set(self.codes))
        self.assertEqual(names[-1], "Tổng: Tỉnh Quảng Ninh")

    def test_up_to_the_threshold_the_table_is_whole_and_sorted_in_the_browser(self) -> None:
        self.login(self.root)
        shown, html = self.page("&sort=eid&dir=desc&page=2&q=hoa")  # ignored: not paged
        self.assertEqual(len(shown), 7)
        self.assertEqual(shown, [line.code for line in self._overview().lines])  # engine order
        head = html[html.index("<thead>") : html.index("</thead>")]
        self.assertEqual(head.count("data-sort"), 3 + len(self._overview().codes))
        self.assertNotIn('data-testid="pager"', html)
        self.assertNotIn('data-testid="table-filter"', html)
        self.assertNotIn('data-testid="ranked-note"', html)

    def _overview(self) -> Overview:
        return unit_overview(unit=self.province, as_of=AS_OF, start=START)

    def test_the_selector_pages_at_the_threshold_given(self) -> None:
        overview = self._overview()
        whole = overview_table(overview, paged_above=7, per_page=3)
        self.assertFalse(whole.paged)
        self.assertEqual(len(whole.rows), 7)
        paged = overview_table(overview, paged_above=6, per_page=3, sort="eid", page=2)
        self.assertTrue(paged.paged)
        self.assertEqual(
            (paged.number, paged.pages, paged.first, paged.last, paged.matched), (2, 3, 4, 6, 7)
        )
        self.assertEqual([r.name for r in paged.rows], [CAM_HAI, DONG_TAM, HA_LONG])
        # A paged row is the same row as the whole table's (figures, colours, report).
        rows = {r.code: r for r in whole.rows}
        for row in paged.rows:
            self.assertEqual(row, rows[row.code])

    def test_the_ranked_chart_keeps_the_best_and_the_worst_and_says_how_many_are_left_out(
        self,
    ) -> None:
        overview = unit_overview(unit=self.province, as_of=AS_OF, start=START, indicator="eid")
        everything, left_out, gap_after = overview.ranked()
        self.assertEqual((left_out, gap_after), (0, None))
        self.assertEqual(
            [line.name for line, _ in everything],
            [DONG_TAM, CAM_HAI, QUANG_DUC, HOA_BINH, HAI_HOA, HA_LONG, BINH_DAN],
        )  # those without a value in the engine's order, as before
        ends, left_out, gap_after = overview.ranked(2)
        self.assertEqual([line.name for line, _ in ends], [DONG_TAM, CAM_HAI, HOA_BINH, HAI_HOA])
        # Quảng Đức between the best two and the worst two, and the two without a value.
        self.assertEqual((left_out, gap_after), (3, 2))
        # Three at each end: the five with a value are all shown, the gap after them.
        valued, left_out, gap_after = overview.ranked(3)
        self.assertEqual(len(valued), 5)
        self.assertEqual((left_out, gap_after), (2, 5))
        self.assertEqual(overview.ranked(4)[1:], (0, None))  # seven: no more than 2 × 4
        svg = ranked_bars(
            [Bar(line.name, cell.figure.percent, "x") for line, cell in ends],
            target=70,
            scale=100,
            title="t",
            gap_after=2,
            gap_text="⋯ và 3 đơn vị khác",
        )
        self.assertIn("⋯ và 3 đơn vị khác", svg)
        self.assertEqual(svg.count("<rect"), 4)

    @PAGED
    def test_the_page_charts_the_ends_of_a_paged_table(self) -> None:
        self.login(self.root)
        with mock.patch.object(views, "RANKED_ENDS", 2):
            _, html = self.page("&indicator=eid")
        chart = html[html.index('data-testid="ranked"') :]
        chart = chart[: chart.index("</section>")]
        self.assertEqual(chart.count("<rect"), 4)
        self.assertIn("⋯ và 3 đơn vị khác", chart)
        self.assertIn(
            "2 đơn vị cao nhất và 2 đơn vị thấp nhất; 3 đơn vị khác xem trong bảng.", chart
        )
        with mock.patch.object(views, "RANKED_ENDS", 3):
            _, html = self.page("&indicator=eid")
        chart = html[html.index('data-testid="ranked"') :]
        chart = chart[: chart.index("</section>")]
        self.assertEqual(chart.count("<rect"), 5)
        self.assertIn("Mọi đơn vị đã có số liệu; 2 đơn vị khác chưa có, xem trong bảng.", chart)
        self.assertIn("⋯ và 2 đơn vị khác", chart)


@override_settings(OVERVIEW_PAGED_ABOVE=1, OVERVIEW_PAGE_SIZE=1)
class PagedScopeTestCase(BaseTestCase):
    def test_a_ward_officer_pages_their_own_neighbourhoods_only(self) -> None:
        setup_catalogue()
        self.login(self.alice)
        url = reverse("unit", args=[self.ward.code])
        seen = []
        for page in (1, 2, 3):
            html = self.client.get(f"{url}?{QUERY}&sort=name&page={page}").content.decode()
            seen += re.findall(r'<tr data-unit="([^"]+)"', html)
        self.assertEqual(seen, [self.kp1.code, self.kp2.code, self.kp2.code])  # 3rd: the last
        # Hùng Thắng also has a "Khu phố 1": never found from Tuần Châu's page.
        html = self.client.get(f"{url}?{QUERY}&q=khu").content.decode()
        self.assertIn("trong số 2,", html)
        self.assertNotIn(self.units["ward2_kp1"].code, html)
        # Another ward's page, its table sorted or filtered, is not found.
        for code in (self.ward2.code, self.units["ward2_kp1"].code, "L193", "L22"):
            self.assertNotFoundFor(self.alice, f"{reverse('unit', args=[code])}?{QUERY}&q=khu")
            self.assertNotFoundFor(self.alice, f"{reverse('unit-xlsx', args=[code])}?{QUERY}")
        self.assertNotFoundFor(self.charlie, f"{url}?{QUERY}&sort=eid&page=2")


@override_settings(INDICATORS_CACHE_SECONDS=60)
class CachedTableTestCase(PagedTableTestCase):
    """Every test above again with the indicators cache on (the page's figures stored and
    read back); and another page, order or filter of the same table reads them from the
    cache (no pass of the engine), and a write shows at once."""

    def setUp(self) -> None:
        super().setUp()
        cache.clear()
        self.addCleanup(cache.clear)

    @PAGED
    def test_turning_sorting_and_filtering_reuse_the_figures_and_a_write_shows(self) -> None:
        self.login(self.root)
        with CaptureQueriesContext(connection) as first:
            self.page("&indicator=eid")
        counts = set()
        for extra in ("&page=2", "&sort=eid&dir=desc&page=3", "&q=hoa", "&sort=report"):
            with CaptureQueriesContext(connection) as again:
                self.page("&indicator=eid" + extra)
            counts.add(len(again))
        self.assertEqual(len(counts), 1, counts)  # the same few: session, user, request…
        self.assertLess(counts.pop(), len(first) - 5)
        # Quảng Đức enters 95/100: the table shows it on the next view, first by e-ID.
        aggregates_enter(
            unit=OrgUnit.objects.get(code=self.codes[QUANG_DUC]),
            as_of=D(2023, 6, 25),
            start=START,
            values={"eid": (95, 100)},
        )
        shown, html = self.page("&indicator=eid&sort=eid&dir=desc")
        self.assertEqual(self.names(shown)[0], QUANG_DUC)
        self.assertIn("95%", html)
