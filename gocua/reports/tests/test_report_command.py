"""`gocua report` on the demo, as interfaces.md and issue 6 say: the seed's letter
rebuilt from data, a draft from live data, frozen submissions, and refusals."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from docx import Document

from gocua.indicators.selectors import indicator_values
from gocua.indicators.services import aggregates_enter
from gocua.orgunits.models import OrgUnit
from gocua.reports.content import content_from_json, content_to_json, report_content
from gocua.reports.letters.examples import seed_content
from gocua.reports.letters.texts import printable
from gocua.reports.models import IssuedNumber, Report, ReportRequest, Signatory
from gocua.reports.tests.helpers import HOSTILE, flat, pdf_texts
from gocua.testing import run_console

SEED = ["tuan chau", "--as-of", "2023-06-26", "--request", "389/UBND-VHTT"]
DAY = dt.date(2023, 6, 26)


def docx_text(path: Path) -> str:
    """Every paragraph of the body and of the header/footer tables, one per line."""
    document = Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines += [p.text for p in cell.paragraphs]
    return "\n".join(lines)


class ReportCommandTestCase(TestCase):
    ward: OrgUnit
    ward2: OrgUnit
    request: ReportRequest

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=io.StringIO())
        cls.ward = OrgUnit.objects.get(code="L06700")
        cls.ward2 = OrgUnit.objects.get(code="L06679")
        cls.request = ReportRequest.objects.get(number="389/UBND-VHTT")

    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())

    def report(self, unit: str, *args: str, out: str = "r.docx") -> tuple[int, str, Path]:
        path = self.folder / out
        status, _, err = run_console("report", "--unit", unit, *args, "--out", str(path))
        return status, err, path

    def test_it_rebuilds_the_seed_letter_from_the_demo(self) -> None:
        status, err, path = self.report(*SEED)
        self.assertEqual(status, 0, err)
        text = docx_text(path)
        for expected in [
            "UBND THÀNH PHỐ HẠ LONG",
            "ỦY BAN NHÂN DÂN",
            "PHƯỜNG TUẦN CHÂU",
            "Số: 297/UBND-VHTT",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Tuần Châu, ngày 26 tháng 6 năm 2023",
            "Kính gửi:",
            "Thực hiện Công văn số 389/UBND-VHTT ngày 26/6/2023",
            "Kế hoạch số 48/UBND ngày 10/3/2023",
            "Quyết định số 235/QĐ-UBND ngày 01/4/2022",
            "đã tổ chức 35 buổi tuyên truyền",
            "Tỷ lệ 1.328/1.929 (đạt 68,84%)",
            "Tỷ lệ 1.412/2.525 (đạt 55,92%)",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Nguyễn Song Giang",
        ]:
            self.assertIn(expected, text)
        self.assertNotIn("(đạt 55%)", text)

    def test_the_pdf_says_the_same_on_a4_pages(self) -> None:
        status, err, path = self.report(*SEED, out="r.pdf")
        self.assertEqual(status, 0, err)
        pages = pdf_texts(path.read_bytes())
        self.assertGreaterEqual(len(pages), 2)
        whole = flat(" ".join(pages))
        self.assertIn("Số: 297/UBND-VHTT", whole)
        self.assertIn("1.412/2.525 (đạt 55,92%)", whole)
        self.assertIn("Nguyễn Song Giang", flat(pages[-1]))

    def test_a_submitted_report_is_printed_as_it_was_sent(self) -> None:
        report = Report.objects.get(request=self.request, unit=self.ward)
        before = content_to_json(report_content(report))
        # The data change afterwards: a new signer, other figures for the period.
        Signatory.objects.filter(unit=self.ward).update(name="Người Khác")
        aggregates_enter(
            unit=self.ward, as_of=DAY, start=self.request.start, values={"eid": (1500, 1929)}
        )
        report.refresh_from_db()
        self.assertEqual(content_to_json(report_content(report)), before)
        status, err, path = self.report(*SEED)
        self.assertEqual(status, 0, err)
        text = docx_text(path)
        self.assertIn("Nguyễn Song Giang", text)
        self.assertIn("1.328/1.929", text)
        # Another as-of date is a new draft from the live data.
        status, err, path = self.report(
            "tuan chau", "--as-of", "2023-06-27", "--request", "389/UBND-VHTT", out="d.docx"
        )
        self.assertEqual(status, 0, err)
        self.assertIn("Người Khác", docx_text(path))

    def test_a_ward_that_has_not_answered_gets_a_draft_from_its_registry(self) -> None:
        status, err, path = self.report(
            "hung thang", "--as-of", "2023-06-26", "--request", "389/UBND-VHTT"
        )
        self.assertEqual(status, 0, err)
        text = docx_text(path)
        self.assertIn("Số: …/UBND-VHTT", text)
        self.assertIn("PHƯỜNG HÙNG THẮNG", text)
        eid = indicator_values(unit=self.ward2, as_of=DAY, start=self.request.start).figure("eid")
        assert eid is not None and eid.numerator is not None and eid.denominator is not None
        self.assertIn(f"Tỷ lệ {eid.numerator:,}/{eid.denominator:,}".replace(",", "."), text)
        # A registry ward's letter carries the chart by neighbourhood.
        self.assertEqual(len(Document(str(path)).inline_shapes), 1)

    def test_the_letter_date_and_html(self) -> None:
        status, err, path = self.report(
            "hung thang",
            "--as-of", "26/06/2023", "--date", "2023-06-29", "--request", "389/ubnd-vhtt",
            out="r.html",
        )  # fmt: skip
        self.assertEqual(status, 0, err)
        html = path.read_text(encoding="utf-8")
        self.assertIn("Hùng Thắng, ngày 29 tháng 6 năm 2023", html)
        self.assertIn("số liệu đến ngày 26/6/2023", html)

    def test_narrative_holding_html_is_text_in_the_letter(self) -> None:
        report = Report.objects.create(
            # What a form can store (no NUL, no lone surrogates): the markup stays.
            request=self.request,
            unit=self.ward2,
            lessons=printable(HOSTILE),
            proposals="<b>đề xuất</b>",
        )
        self.assertFalse(report.received)
        status, err, path = self.report(
            "hung thang", "--as-of", "2023-06-26", "--request", "389/UBND-VHTT", out="r.html"
        )
        self.assertEqual(status, 0, err)
        html = path.read_text(encoding="utf-8")
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("&lt;b&gt;đề xuất&lt;/b&gt;", html)
        status, err, path = self.report(
            "hung thang", "--as-of", "2023-06-26", "--request", "389/UBND-VHTT"
        )
        self.assertEqual(status, 0, err)
        self.assertIn("<script>alert", docx_text(path))  # as text

    def test_without_a_request_it_reports_the_year_so_far(self) -> None:
        status, err, path = self.report("tuan chau", "--as-of", "2023-06-26")
        self.assertEqual(status, 0, err)
        text = docx_text(path)
        self.assertNotIn("Thực hiện Công văn", text)
        self.assertIn("UBND phường Tuần Châu báo cáo đánh giá", text)

    def test_refusals_write_nothing(self) -> None:
        unit = OrgUnit.objects.get(code="L06700")
        cases = [
            (["tuan chau", "--request", "999/UBND"], 2, "999/UBND"),
            (["tuan chau", "--request", "not a number"], 2, "not a number"),
            (["tuan chau", "--as-of", "2022-05-01", "--request", "389/UBND-VHTT"], 2, "--as-of"),
            (["nowhere at all"], 2, "nowhere at all"),
            (["tuan chau", "--as-of", "2023-13-45"], 2, "2023-13-45"),
        ]
        for args, expected, mentioned in cases:
            with self.subTest(args=args):
                status, err, path = self.report(*args)
                self.assertEqual(status, expected, err)
                self.assertIn(mentioned, err)
                self.assertIn(" / ", err)
                self.assertEqual(len(err.strip().splitlines()), 1, err)
                self.assertFalse(path.exists())
        status, err, path = self.report("tuan chau", out="r.txt")
        self.assertEqual(status, 2)
        self.assertIn(".docx", err)
        Signatory.objects.filter(unit=unit).delete()
        status, err, path = self.report(*SEED[:1], "--as-of", "2023-06-26")
        self.assertEqual(status, 1)
        self.assertIn("Chưa đặt người ký", err)
        self.assertIn("no signer is set", err)
        self.assertFalse(path.exists())
        self.assertEqual(list(self.folder.iterdir()), [])  # no half-written file either

    def test_content_survives_freezing_whole(self) -> None:
        for content in (seed_content(), seed_content(with_chart=True)):
            data = content_to_json(content)
            self.assertEqual(content_to_json(content_from_json(data)), data)

    def test_the_demo_twice_keeps_one_number_one_request_one_report(self) -> None:
        call_command("demo", stdout=io.StringIO())
        (seed,) = IssuedNumber.objects.filter(unit=self.ward)
        self.assertEqual((seed.text, seed.year, seed.reserved), ("297/UBND-VHTT", 2023, True))
        self.assertEqual(ReportRequest.objects.count(), 1)
        self.assertEqual(set(self.request.units.all()), {self.ward, self.ward2})
        (report,) = Report.objects.all()
        self.assertEqual((report.unit, report.version, report.number), (self.ward, 1, seed))
        self.assertEqual(report.events.count(), 1)
        self.assertEqual(report.figure_pairs["cashless"], (1412, 2525))
        self.assertEqual(report.figure_pairs["sessions"], (35, None))

    def test_a_city_reports_its_wards_teams_and_charts_them_by_ward(self) -> None:
        status, err, path = self.report("ha long", "--as-of", "2023-06-26", out="c.html")
        self.assertEqual(status, 0, err)
        html = flat(path.read_text(encoding="utf-8"))
        self.assertIn("UBND TỈNH QUẢNG NINH", html)
        self.assertIn("Các Tổ Công nghệ số cộng đồng trên địa bàn thành phố Hạ Long", html)
        self.assertIn("Tỷ lệ đạt các chỉ tiêu theo phường", html)
        self.assertIn("Nguyễn Văn A", html)
