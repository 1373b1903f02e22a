"""The reports pages: the ward answers, the city reviews and consolidates; every view
as an outsider (a ward officer of another ward, a neighbourhood's member) gets 404."""

from __future__ import annotations

import io
import zipfile

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gocua.audit.models import AuditEvent
from gocua.indicators.services import aggregates_enter
from gocua.orgunits.models import Level, Source
from gocua.orgunits.services import UnitRow, orgunits_upsert
from gocua.reports.models import Report, ReportRequest, ReportStatus, Signatory
from gocua.reports.services import report_start, report_submit, signatory_set
from gocua.reports.tests.workflow import END, SEED_ERRORS, START, WorkflowBase


def url(name: str, *args: object) -> str:
    return reverse(f"reports:{name}", args=args)


class ReportViewsTestCase(WorkflowBase):
    report: Report
    other: Report

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.report = report_start(request=cls.request, unit=cls.ward, user=cls.alice)
        cls.other = report_start(request=cls.request, unit=cls.ward2, user=cls.charlie)

    def ward_urls(self) -> list[tuple[str, str]]:
        ward, pk = self.ward.code, self.report.pk
        return [
            ("get", url("index", ward)),
            ("get", url("signer", ward)),
            ("post", url("report_start", ward, self.request.pk)),
            ("get", url("report", ward, pk)),
            ("post", url("report", ward, pk)),
            ("post", url("report_submit", ward, pk)),
            ("post", url("report_return", ward, pk)),
            ("post", url("report_accept", ward, pk)),
            ("get", url("report_letter", ward, pk, "docx")),
            ("get", url("report_letter", ward, pk, "pdf")),
        ]

    def city_urls(self) -> list[tuple[str, str]]:
        city, pk = self.city.code, self.request.pk
        return [
            ("get", url("index", city)),
            ("get", url("request_add", city)),
            ("post", url("request_add", city)),
            ("get", url("request", city, pk)),
            ("get", url("request_xlsx", city, pk)),
            ("get", url("request_letter", city, pk, "docx")),
        ]

    # Who sees what --------------------------------------------------------------------------

    def test_outsiders_get_404_everywhere(self) -> None:
        for method, address in self.ward_urls() + self.city_urls():
            self.assertNotFoundFor(self.charlie, address, method)
            self.assertNotFoundFor(self.bob, address, method)
        # Alice cannot reach the city's pages, nor Hùng Thắng's report through her ward.
        for method, address in self.city_urls():
            self.assertNotFoundFor(self.alice, address, method)
        self.assertNotFoundFor(self.alice, url("report", self.ward.code, self.other.pk))
        self.assertNotFoundFor(self.alice, url("report", self.ward2.code, self.other.pk))

    def test_the_ward_cannot_review_and_the_city_cannot_write(self) -> None:
        report_submit(report=self.report, user=self.alice)
        ward, pk = self.ward.code, self.report.pk
        self.assertNotFoundFor(self.alice, url("report_accept", ward, pk), "post")
        self.assertNotFoundFor(self.alice, url("report_return", ward, pk), "post", comment="x")
        for name in ("report_submit",):
            self.assertNotFoundFor(self.dave, url(name, ward, pk), "post")
        self.assertNotFoundFor(self.dave, url("report_start", ward, self.request.pk), "post")
        self.assertNotFoundFor(self.dave, url("signer", ward))
        self.assertEqual(Report.objects.get(pk=pk).status, ReportStatus.SUBMITTED)

    def test_anonymous_people_are_sent_to_log_in(self) -> None:
        for _, address in self.ward_urls() + self.city_urls():
            response = self.client.get(address)
            self.assertEqual(response.status_code, 302, address)
            self.assertIn("/accounts/login/", response["Location"])

    def test_posts_need_the_csrf_token(self) -> None:
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(url("report_submit", self.ward.code, self.report.pk))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, ReportStatus.DRAFT)

    def test_the_unit_pages_link_to_the_reports(self) -> None:
        self.login(self.alice)
        self.assertContains(self.client.get(f"/u/{self.ward.code}/"), url("index", self.ward.code))
        self.login(self.dave)
        self.assertContains(self.client.get(f"/u/{self.city.code}/"), url("index", self.city.code))

    # The ward ------------------------------------------------------------------------------

    def test_the_ward_answers_saves_previews_submits_and_downloads(self) -> None:
        self.login(self.alice)
        Report.objects.filter(pk=self.report.pk).delete()
        inbox = self.client.get(url("index", self.ward.code))
        self.assertContains(inbox, "389/UBND-VHTT")
        self.assertContains(inbox, url("report_start", self.ward.code, self.request.pk))
        response = self.client.post(url("report_start", self.ward.code, self.request.pk))
        report = Report.objects.get(request=self.request, unit=self.ward)
        self.assertRedirects(response, url("report", self.ward.code, report.pk))
        page = self.client.get(url("report", self.ward.code, report.pk))
        self.assertContains(page, 'data-testid="preview"')
        self.assertContains(page, "UBND thành phố Hạ Long")
        response = self.client.post(
            url("report", self.ward.code, report.pk),
            {
                "day": "2023-06-27",
                "recipients": "UBND thành phố Hạ Long",
                "lessons": 'Đi từng ngõ <script>alert("x")</script> & <b>gõ</b>',
                "difficulties": "",
                "proposals": "Cấp thêm điện thoại",
                "copies": "",
            },
        )
        self.assertRedirects(response, url("report", self.ward.code, report.pk))
        page = self.client.get(url("report", self.ward.code, report.pk))
        html = page.content.decode()
        self.assertNotIn('<script>alert("x")</script>', html)
        self.assertNotIn("<b>gõ</b>", html)
        self.assertIn("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html)
        self.assertIn("ngày 27 tháng 6 năm 2023", html)
        response = self.client.post(url("report_submit", self.ward.code, report.pk), follow=True)
        self.assertContains(response, "01/UBND-VHTT")
        report.refresh_from_db()
        self.assertEqual((report.status, report.version), (ReportStatus.SUBMITTED, 1))
        # A second click is refused with a clear message, not a second version.
        response = self.client.post(url("report_submit", self.ward.code, report.pk), follow=True)
        self.assertContains(response, "đã được gửi")
        report.refresh_from_db()
        self.assertEqual(report.version, 1)
        self.assertNotContains(response, 'data-testid="report-form"')
        for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF")):
            download = self.client.get(url("report_letter", self.ward.code, report.pk, fmt))
            self.assertEqual(download.status_code, 200)
            self.assertTrue(download.content.startswith(magic))
            self.assertIn("attachment;", download["Content-Disposition"])
        docx = self.client.get(url("report_letter", self.ward.code, report.pk, "docx"))
        with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
            text = archive.read("word/document.xml").decode()
        self.assertIn("01/UBND-VHTT", text)
        self.assertIn("&lt;script&gt;", text)  # a text in Word, not markup
        self.assertEqual(
            AuditEvent.objects.filter(action="reports.report.export", unit_code="L06700").count(),
            3,
        )

    def test_blocking_findings_show_a_reason_field(self) -> None:
        aggregates_enter(unit=self.ward, as_of=END, start=START, values=SEED_ERRORS)
        self.login(self.alice)
        address = url("report", self.ward.code, self.report.pk)
        page = self.client.get(address)
        self.assertContains(page, 'data-testid="blocking"')
        self.assertContains(page, 'name="reason"')
        self.assertContains(page, 'data-code="adults_above_14"')
        response = self.client.post(url("report_submit", self.ward.code, self.report.pk))
        self.assertRedirects(response, address, fetch_redirect_response=False)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, ReportStatus.DRAFT)
        self.assertContains(self.client.get(address), "lỗi phải xử lý")
        self.client.post(
            url("report_submit", self.ward.code, self.report.pk),
            {"reason": "Khu phố 3 báo cáo chậm"},
        )
        report = Report.objects.get(pk=self.report.pk)
        self.assertEqual(report.status, ReportStatus.SUBMITTED)
        self.assertEqual(report.override_reason, "Khu phố 3 báo cáo chậm")

    def test_a_ward_without_a_signer_is_told_so_not_a_500(self) -> None:
        self.login(self.charlie)
        address = url("report", self.ward2.code, self.other.pk)
        page = self.client.get(address)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, 'data-testid="preview-problem"')
        self.assertContains(page, 'data-testid="no-signer"')
        self.assertContains(page, "Chưa đặt người ký")
        response = self.client.post(url("report_submit", self.ward2.code, self.other.pk))
        self.assertRedirects(response, address, fetch_redirect_response=False)
        # the refusal names what to do, and nothing was sent or numbered
        self.assertContains(self.client.get(address), '<li class="error">Chưa đặt người ký')
        self.other.refresh_from_db()
        self.assertEqual((self.other.status, self.other.number), (ReportStatus.DRAFT, None))
        download = self.client.get(url("report_letter", self.ward2.code, self.other.pk, "pdf"))
        self.assertRedirects(download, address, fetch_redirect_response=False)
        # the message of the refused download, the banner and the preview
        self.assertContains(self.client.get(address), "Chưa đặt người ký", count=3)

    def test_the_ward_officer_sets_the_signer(self) -> None:
        self.login(self.charlie)
        address = url("signer", self.ward2.code)
        self.assertEqual(self.client.get(address).status_code, 200)
        bad = self.client.post(
            address, {"name": "Lê C", "title": "Chủ tịch", "signing": "KT.", "symbol": "UBND"}
        )
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "Phó Chủ tịch", status_code=400)
        response = self.client.post(
            address,
            {
                "name": "Lê Văn C",
                "title": "Chủ tịch",
                "collective": "Ủy ban nhân dân",
                "signing": "KT.",
                "signer_title": "Phó Chủ tịch",
                "symbol": "ubnd-vp",
            },
        )
        self.assertRedirects(response, url("index", self.ward2.code))
        signer = Signatory.objects.get(unit=self.ward2)
        self.assertEqual((signer.prefix, signer.symbol), ("KT.", "UBND-VP"))
        page = self.client.get(url("report", self.ward2.code, self.other.pk))
        self.assertContains(page, "KT. CHỦ TỊCH")

    # The city ------------------------------------------------------------------------------

    def test_the_city_sends_a_request_to_the_wards_it_ticks(self) -> None:
        self.login(self.dave)
        form = self.client.get(url("request_add", self.city.code))
        self.assertContains(form, "Phường Hùng Thắng")
        data = {
            "number": "400/UBND-VHTT",
            "date": "2023-06-20",
            "subject": "V/v báo cáo Tổ CNSCĐ",
            "start": "2023-01-01",
            "end": "2023-06-20",
            "deadline": "2023-06-25",
            "codes": ["eid", "cashless"],
            "units": [self.ward2.pk],
        }
        bad = self.client.post(url("request_add", self.city.code), {**data, "start": "2023-07-01"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, 'data-testid="form-error"', status_code=400)
        response = self.client.post(url("request_add", self.city.code), data)
        created = ReportRequest.objects.get(number="400/UBND-VHTT")
        self.assertRedirects(response, url("request", self.city.code, created.pk))
        self.assertEqual(created.subject, "báo cáo Tổ CNSCĐ")
        self.assertEqual(list(created.units.all()), [self.ward2])
        self.assertEqual(created.codes, ["eid", "cashless"])
        self.login(self.alice)
        self.assertNotContains(self.client.get(url("index", self.ward.code)), "400/UBND-VHTT")
        self.login(self.charlie)
        self.assertContains(self.client.get(url("index", self.ward2.code)), "400/UBND-VHTT")

    def test_the_city_returns_accepts_and_consolidates(self) -> None:
        report_submit(report=self.report, user=self.alice)
        self.login(self.dave)
        page_url = url("request", self.city.code, self.request.pk)
        page = self.client.get(page_url)
        self.assertContains(page, 'data-testid="consolidated-table"')
        self.assertContains(page, 'data-testid="accept-L06700"')
        self.assertContains(page, url("report", self.ward.code, self.report.pk))
        empty = self.client.post(
            url("report_return", self.ward.code, self.report.pk),
            {"comment": " ", "next": page_url},
        )
        self.assertRedirects(empty, page_url, fetch_redirect_response=False)
        self.assertEqual(Report.objects.get(pk=self.report.pk).status, ReportStatus.SUBMITTED)
        returned = self.client.post(
            url("report_return", self.ward.code, self.report.pk),
            {"comment": "Bổ sung số buổi", "next": "https://evil.example/"},
        )
        self.assertEqual(returned["Location"], url("report", self.ward.code, self.report.pk))
        report = Report.objects.get(pk=self.report.pk)
        self.assertEqual(report.status, ReportStatus.RETURNED)
        self.login(self.alice)
        ward_page = self.client.get(url("report", self.ward.code, report.pk))
        self.assertContains(ward_page, "Bổ sung số buổi")
        self.assertContains(ward_page, 'data-testid="report-form"')
        self.client.post(url("report_submit", self.ward.code, report.pk))
        self.login(self.dave)
        response = self.client.post(
            url("report_accept", self.ward.code, report.pk), {"next": page_url}
        )
        self.assertRedirects(response, page_url)
        report.refresh_from_db()
        self.assertEqual((report.status, report.version), (ReportStatus.ACCEPTED, 2))
        page = self.client.get(page_url)
        self.assertContains(page, 'data-unit="L06700" data-status="accepted"')
        self.assertContains(page, 'data-timeliness="late"')  # resubmitted today, after 2023
        xlsx = self.client.get(url("request_xlsx", self.city.code, self.request.pk))
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        assert sheet is not None
        names = [row[0] for row in sheet.iter_rows(min_row=3, max_row=4, values_only=True)]
        self.assertEqual(names, ["Phường Hùng Thắng", "Phường Tuần Châu"])  # by code
        self.assertTrue(AuditEvent.objects.filter(action="reports.consolidation.export").exists())

    def test_the_city_letter_needs_the_city_signer(self) -> None:
        report_submit(report=self.report, user=self.alice)
        self.login(self.dave)
        page_url = url("request", self.city.code, self.request.pk)
        self.assertContains(self.client.get(page_url), 'data-testid="no-signer"')
        response = self.client.get(url("request_letter", self.city.code, self.request.pk, "docx"))
        self.assertRedirects(response, page_url, fetch_redirect_response=False)
        self.assertContains(self.client.get(page_url), "Chưa đặt người ký")
        signatory_set(unit=self.city, name="Nguyễn Văn A", title="Chủ tịch", user=self.dave)
        docx = self.client.get(url("request_letter", self.city.code, self.request.pk, "docx"))
        self.assertEqual(docx.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
            text = archive.read("word/document.xml").decode()
        self.assertIn("UBND tỉnh Quảng Ninh", text)
        self.assertIn("1/2", text)  # one of the two wards reported
        self.assertTrue(AuditEvent.objects.filter(action="reports.city_letter.export").exists())

    def test_the_request_page_does_not_query_per_ward(self) -> None:
        self.login(self.dave)
        address = url("request", self.city.code, self.request.pk)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(address).status_code, 200)
            return len(captured)

        report_submit(report=self.report, user=self.alice)
        one = queries()
        signatory_set(unit=self.ward2, name="Trần Thị B", title="Chủ tịch")
        report_submit(report=self.other, user=self.charlie)
        orgunits_upsert(
            [
                UnitRow(
                    "L06701",
                    "Phường Hà Khẩu",
                    Level.COMMUNE,
                    "phường",
                    "L193",
                    Source.LEGACY,
                    "06701",
                    None,
                    None,
                )
            ]
        )
        self.request.units.add(*self.city.children.filter(code="L06701"))
        self.assertEqual(queries(), one)
