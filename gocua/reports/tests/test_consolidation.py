"""The city's consolidation of its wards' reports: DHIS2 reporting rate and timeliness,
sums over sums, competition ranks, the workbook, the city's letter and the table."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import docx
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from gocua.lib.numbers import percent
from gocua.reports.consolidation import (
    Consolidation,
    Timeliness,
    WardSubmission,
    city_letter_content,
    consolidate,
    consolidation_xlsx,
    division_words,
    short_place,
)
from gocua.reports.letters import (
    AnsweredRequest,
    Image,
    Paragraph,
    Signature,
    compose_report_letter,
    render_docx,
    render_pdf,
    write_docx,
)
from gocua.reports.tests.helpers import flat, pdf_texts

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
DEADLINE = dt.date(2023, 6, 30)
CODES = ["eid", "cashless", "sessions", "guided"]


def at(day: int, hour: int, minute: int = 0, *, month: int = 6, tz: Any = VN) -> dt.datetime:
    return dt.datetime(2023, month, day, hour, minute, tzinfo=tz)


def ward(
    code: str,
    name: str,
    when: dt.datetime | None,
    figures: Mapping[str, tuple[int, int | None]] | None = None,
    status: str = "submitted",
) -> WardSubmission:
    return WardSubmission(code, name, when, figures or {}, status)


def city() -> Consolidation:
    """Four wards asked: two on time (one accepted), one late, one still a draft."""
    return consolidate(
        submissions=[
            ward(
                "L06700",
                "Phường Tuần Châu",
                at(30, 23, 59),
                {"eid": (1328, 1929), "cashless": (1412, 2525), "sessions": (35, None)},
            ),
            ward(
                "L06679",
                "Phường Hùng Thắng",
                at(29, 9),
                {
                    "eid": (1591, 2386),
                    "cashless": (900, 1800),
                    "sessions": (20, None),
                    "guided": (410, None),
                },
                status="accepted",
            ),
            ward(
                "L06673",
                "Phường Bãi Cháy",
                at(1, 0, 0, month=7),
                {"eid": (1, 2), "sessions": (5, None), "guided": (90, None)},
            ),
            ward(
                "L06652",
                "Xã Thống Nhất",
                None,
                {"eid": (999, 1000), "cashless": (999, 1000), "sessions": (99, None)},
                status="draft",
            ),
        ],
        deadline=DEADLINE,
        codes=CODES,
    )


class RatesTestCase(SimpleTestCase):
    def test_it_computes_the_reporting_rate_and_timeliness_over_all_expected(self) -> None:
        c = city()
        self.assertEqual((c.expected, c.received, c.on_time, c.late, c.missing), (4, 3, 2, 1, 1))
        self.assertEqual(c.reporting_rate, 75.0)
        self.assertEqual(c.timeliness, 50.0)
        self.assertEqual(
            [row.timeliness for row in c.rows],
            [Timeliness.ON_TIME, Timeliness.ON_TIME, Timeliness.LATE, Timeliness.MISSING],
        )

    def test_it_ends_the_deadline_day_in_vietnam_not_in_utc(self) -> None:
        cases = [
            (at(30, 23, 59), Timeliness.ON_TIME),
            (at(1, 0, 0, month=7), Timeliness.LATE),
            (dt.datetime(2023, 6, 30, 16, 59, tzinfo=UTC), Timeliness.ON_TIME),  # 23:59 VN
            (dt.datetime(2023, 6, 30, 17, 1, tzinfo=UTC), Timeliness.LATE),  # 00:01 VN
            (dt.datetime(2023, 6, 30, 23, 0), Timeliness.ON_TIME),  # naive: Vietnam's time
            (None, Timeliness.LATE),  # received, but when cannot be shown
        ]
        c = consolidate(
            submissions=[ward(f"U{i}", f"U{i}", when) for i, (when, _) in enumerate(cases)],
            deadline=DEADLINE,
            codes=[],
        )
        self.assertEqual([row.timeliness for row in c.rows], [t for _, t in cases])
        self.assertEqual(c.timeliness, percent(3, 6))

    def test_it_counts_only_submitted_and_accepted_reports_as_received(self) -> None:
        statuses = ["draft", "submitted", "returned", "accepted"]
        c = consolidate(
            submissions=[ward(s, s, at(20, 8), {"eid": (1, 2)}, status=s) for s in statuses],
            deadline=DEADLINE,
            codes=["eid"],
        )
        self.assertEqual([row.received for row in c.rows], [False, True, False, True])
        self.assertEqual(c.reporting_rate, 50.0)
        self.assertEqual(c.totals["eid"].numerator, 2)
        self.assertFalse(c.row("draft").cell("eid").present)  # not shown either

    def test_it_keeps_an_indicator_a_ratio_when_no_report_came_in(self) -> None:
        c = consolidate(
            submissions=[ward("A", "A", None, {"eid": (1, 2), "sessions": (3, None)}, "draft")],
            deadline=DEADLINE,
            codes=["eid", "sessions", "guided", "visits"],
        )
        self.assertEqual(c.activity_codes, frozenset({"sessions", "guided"}))
        self.assertEqual((c.totals["eid"].denominator, c.totals["eid"].percent), (0, None))
        self.assertEqual(c.totals["sessions"].denominator, None)
        self.assertEqual(c.received, 0)
        self.assertEqual(c.reporting_rate, 0)

    def test_it_gives_no_rate_when_nothing_is_expected(self) -> None:
        c = consolidate(submissions=[], deadline=DEADLINE, codes=["eid"])
        self.assertIsNone(c.reporting_rate)
        self.assertIsNone(c.timeliness)
        self.assertEqual(c.totals["eid"].percent, None)
        self.assertEqual(c.totals["eid"].wards, 0)

    def test_it_refuses_a_unit_given_twice(self) -> None:
        with self.assertRaises(ValueError):
            consolidate(
                submissions=[ward("A", "A", None), ward("A", "A", None)],
                deadline=DEADLINE,
                codes=[],
            )


class TotalsAndRanksTestCase(SimpleTestCase):
    def test_it_sums_numerators_over_denominators_of_received_reports(self) -> None:
        c = city()
        eid = c.totals["eid"]
        # 1328 + 1591 + 1 over 1929 + 2386 + 2: not the average of the percents.
        self.assertEqual((eid.numerator, eid.denominator, eid.wards), (2920, 4317, 3))
        self.assertEqual(eid.percent, percent(2920, 4317))
        average = (68.84 + 66.68 + 50) / 3
        self.assertNotAlmostEqual(eid.percent or 0, average, places=1)
        cashless = c.totals["cashless"]  # Bãi Cháy gave none: two wards
        self.assertEqual((cashless.numerator, cashless.denominator), (2312, 4325))
        self.assertEqual(cashless.wards, 2)

    def test_it_sums_activity_figures_and_does_not_rank_them(self) -> None:
        c = city()
        self.assertEqual(c.activity_codes, frozenset({"sessions", "guided"}))
        sessions = c.totals["sessions"]
        self.assertEqual(
            (sessions.numerator, sessions.denominator, sessions.percent), (60, None, None)
        )
        self.assertTrue(sessions.activity)
        self.assertEqual((c.totals["guided"].numerator, c.totals["guided"].wards), (500, 2))
        self.assertIsNone(c.row("L06700").cell("sessions").rank)
        self.assertEqual(c.ratio_codes, ("eid", "cashless"))

    def test_it_ranks_by_competition_with_equal_percents_sharing_a_rank(self) -> None:
        c = consolidate(
            submissions=[
                ward("A", "Phường Yết Kiêu", at(1, 8), {"eid": (50, 100)}),
                ward("B", "Phường Bạch Đằng", at(1, 8), {"eid": (9, 10)}),
                ward("C", "Phường Ấp Bắc", at(1, 8), {"eid": (1, 2)}),
                ward("D", "Phường Đông Ngũ", at(1, 8), {"eid": (1, 10)}),
                ward("E", "Phường Cao Xanh", at(1, 8), {"eid": (0, 0)}),
                ward("F", "Phường Hà Lầm", at(1, 8), {}),
                ward("G", "Xã Đồng Lâm", at(1, 8), {"eid": (2, 3)}),
                ward("H", "Xã Đồng Sơn", at(1, 8), {"eid": (6667, 10000)}),
            ],
            deadline=DEADLINE,
            codes=["eid"],
        )
        ranks = {row.unit_code: row.cell("eid").rank for row in c.rows}
        # 90 → 1; 66.67 (2/3 and 6667/10000 shown alike) → 2, 2; 50 → 4, 4; 10 → 6.
        self.assertEqual(
            ranks, {"B": 1, "G": 2, "H": 2, "A": 4, "C": 4, "D": 6, "E": None, "F": None}
        )
        # Shown best first, equal ranks by name (Vietnamese letters folded), unranked last.
        self.assertEqual(
            [row.unit_code for row in c.ranked("eid")], ["B", "G", "H", "C", "A", "D", "E", "F"]
        )
        self.assertEqual(c.totals["eid"].wards, 7)  # a zero denominator is still a figure


class XlsxTestCase(SimpleTestCase):
    def read(self, c: Consolidation) -> Any:
        from openpyxl import load_workbook

        return load_workbook(io.BytesIO(consolidation_xlsx(c, title="Tổng hợp 389/UBND-VHTT")))

    def test_it_writes_numbers_as_numbers_with_headers_totals_and_rates(self) -> None:
        book = self.read(city())
        sheet = book.active
        self.assertEqual(sheet.title, "Tổng hợp")
        self.assertEqual(sheet["A1"].value, "Tổng hợp 389/UBND-VHTT")
        vi = [cell.value for cell in sheet[2]]
        self.assertEqual(vi[:5], ["Đơn vị", "Mã", "Trạng thái", "Thời điểm gửi", "Đúng hạn/muộn"])
        self.assertEqual(vi[-2:], ["Số buổi tuyên truyền", "Số người dân được hướng dẫn"])
        tuan_chau = [cell.value for cell in sheet[3]]
        self.assertEqual(tuan_chau[:3], ["Phường Tuần Châu", "L06700", "Đã gửi"])
        self.assertEqual(tuan_chau[3], dt.datetime(2023, 6, 30, 23, 59))  # Vietnam's time
        self.assertEqual(tuan_chau[4], "Đúng hạn")
        self.assertEqual(tuan_chau[5:9], [1328, 1929, 68.84, 1])
        self.assertEqual(sheet.cell(row=3, column=8).number_format, "0.00")
        self.assertIsInstance(sheet.cell(row=3, column=7).value, int)
        self.assertEqual(
            [cell.value for cell in sheet[6]][:5],
            ["Xã Thống Nhất", "L06652", "Dự thảo", None, "Chưa gửi"],
        )
        self.assertEqual([cell.value for cell in sheet[6]][5:], [None] * 10)
        totals = [cell.value for cell in sheet[7]]
        self.assertEqual(totals[0], "Tổng cộng")
        self.assertEqual(totals[5:9], [2920, 4317, percent(2920, 4317), None])
        self.assertEqual(totals[-2:], [60, 500])
        self.assertEqual(sheet["A9"].value, "Tỷ lệ báo cáo (%)")
        self.assertEqual(sheet["C9"].value, 75)
        self.assertEqual(sheet["C10"].value, 50)
        self.assertEqual(sheet["C9"].number_format, "0.00")
        self.assertEqual(sheet.freeze_panes, "B3")
        self.assertEqual(sheet.column_dimensions["A"].width, 32)
        texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.data_type == "s"]
        self.assertFalse([t for t in texts if re.search(r"\b(Total|reports|Deadline)\b|_", t)])
        # English lives in its own sheet, one line per header and label.
        english = dict(book["English"].iter_rows(min_row=2, values_only=True))
        self.assertEqual(english["Đơn vị"], "Unit")
        self.assertEqual(english["Số buổi tuyên truyền"], "sessions")
        self.assertEqual(english["Tổng cộng"], "Total")
        self.assertEqual(english["Đã chấp nhận"], "accepted")

    def test_it_writes_a_hostile_unit_name_as_text_not_a_formula(self) -> None:
        names = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1:A2)"]
        c = consolidate(
            submissions=[ward(f"U{i}", n, at(1, 8), {"eid": (1, 2)}) for i, n in enumerate(names)],
            deadline=DEADLINE,
            codes=["eid"],
        )
        data = consolidation_xlsx(c, title="=1+1")
        sheet = self.read(c).active
        for offset, name in enumerate(names):
            cell = sheet.cell(row=3 + offset, column=1)
            self.assertEqual(cell.value, name)
            self.assertEqual(cell.data_type, "s")
            self.assertTrue(cell.quotePrefix)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", xml)  # no formula anywhere


def city_content(c: Consolidation | None = None, **changes: Any) -> Any:
    values: dict[str, Any] = {
        "c": c or city(),
        "unit_name": "Thành phố Hạ Long",
        "parent_name": "Tỉnh Quảng Ninh",
        "place": "Hạ Long",
        "number": "412/UBND-VHTT",
        "day": dt.date(2023, 7, 3),
        "signature": Signature(name="Nguyễn Văn Long"),
        "recipients": ["UBND tỉnh Quảng Ninh", "Sở Thông tin và Truyền thông"],
        "request": AnsweredRequest(
            number="120/UBND-VX",
            day=dt.date(2023, 6, 20),
            subject="báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng",
            issuer="UBND tỉnh Quảng Ninh",
        ),
    }
    values.update(changes)
    return city_letter_content(**values)


class CityLetterTestCase(SimpleTestCase):
    def test_it_states_the_totals_sessions_and_who_reported(self) -> None:
        two = consolidate(
            submissions=[
                ward(
                    "A",
                    "Phường Tuần Châu",
                    at(30, 8),
                    {"eid": (1328, 1929), "sessions": (35, None), "guided": (980, None)},
                ),
                ward(
                    "B",
                    "Phường Hùng Thắng",
                    at(2, 8, month=7),
                    {"eid": (1591, 2386), "sessions": (12, None), "guided": (20, None)},
                ),
                ward("C", "Xã Thống Nhất", None, status="returned"),
            ],
            deadline=DEADLINE,
            codes=["eid", "sessions", "guided"],
        )
        letter = compose_report_letter(city_content(two))
        texts = [b.text for b in letter.body if isinstance(b, Paragraph)]
        self.assertEqual(letter.header.authority, "Ủy ban nhân dân thành phố Hạ Long")
        self.assertEqual(letter.header.parent_authority, "UBND tỉnh Quảng Ninh")
        self.assertTrue(texts[0].startswith("Thực hiện Công văn số 120/UBND-VX ngày 20/6/2023"))
        self.assertEqual(
            texts[1],
            "Đến ngày 03/7/2023, 2/3 phường, xã đã gửi báo cáo (tỷ lệ báo cáo 66,67%), trong "
            "đó 1 đơn vị gửi đúng hạn (tỷ lệ báo cáo đúng hạn 33,33%); chưa gửi báo cáo: Xã "
            "Thống Nhất.",
        )
        self.assertIn(
            "- Các Tổ Công nghệ số cộng đồng trên địa bàn thành phố Hạ Long đã tổ chức 47 buổi "
            "tuyên truyền.",
            texts,
        )
        self.assertTrue(
            any(
                t.startswith(
                    "- Các Tổ Công nghệ số cộng đồng trên địa bàn thành phố Hạ Long đã hướng "
                    "dẫn 1.000 người dân"
                )
                for t in texts
            )
        )
        self.assertTrue(any(t.endswith("Tỷ lệ 2.919/4.315 (đạt 67,65%).") for t in texts), texts)
        image = next(b for b in letter.body if isinstance(b, Image))
        self.assertEqual(
            image.caption,
            "Biểu đồ: Tỷ lệ đạt các chỉ tiêu theo phường, xã (số liệu đến ngày 03/7/2023)",
        )
        self.assertTrue(
            letter.closing.startswith("UBND thành phố Hạ Long báo cáo UBND tỉnh Quảng Ninh")
        )

    def test_it_charts_the_received_wards_by_their_short_names(self) -> None:
        content = city_content()
        self.assertEqual(
            [n.name for n in content.neighbourhoods], ["Tuần Châu", "Hùng Thắng", "Bãi Cháy"]
        )
        self.assertEqual(content.neighbourhoods[2].percents, {"eid": 50.0, "cashless": None})
        self.assertEqual(city_content(chart=False).neighbourhoods, [])
        self.assertEqual(division_words(["Phường A", "Phường B"]), "phường")
        self.assertEqual(division_words(["Phường A", "Khu B"]), "đơn vị")
        self.assertEqual(short_place("Xã Đồng Sơn"), "Đồng Sơn")

    def test_it_reads_back_through_the_report_checker_without_a_form_finding(self) -> None:
        from gocua.checker.checks import check_letter

        letter = compose_report_letter(city_content())
        result = check_letter("city.docx", render_docx(letter))
        # The one finding is the test data's own: more people aged 18+ than aged 14+.
        self.assertEqual({f.code for f in result.findings}, {"population_contradiction"})
        figures = {f.indicator: (f.numerator, f.denominator) for f in result.reading.figures}
        self.assertEqual(figures, {"eid": (2920, 4317), "cashless": (2312, 4325)})
        self.assertEqual(result.reading.facts.number, "412/UBND-VHTT")

    def test_it_renders_to_word_and_pdf_with_the_figures(self) -> None:
        import tempfile
        from pathlib import Path

        letter = compose_report_letter(city_content())
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "city.docx"
            write_docx(letter, path)
            document = docx.Document(str(path))
        paragraphs = [p.text for p in document.paragraphs]
        cells = [
            p.text
            for t in document.tables
            for r in t.rows
            for cell in r.cells
            for p in cell.paragraphs
        ]
        self.assertIn("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HẠ LONG", cells)
        self.assertIn("UBND TỈNH QUẢNG NINH", cells)
        self.assertIn("Hạ Long, ngày 03 tháng 7 năm 2023", cells)
        self.assertTrue(any("Tỷ lệ 2.920/4.317 (đạt 67,64%)" in p for p in paragraphs), paragraphs)
        self.assertTrue(
            any("3/4 phường, xã đã gửi báo cáo (tỷ lệ báo cáo 75%)" in p for p in paragraphs)
        )
        whole = flat(" ".join(pdf_texts(render_pdf(letter))))
        for text in (
            "UBND TỈNH QUẢNG NINH",
            "Số: 412/UBND-VHTT",
            "Tỷ lệ 2.920/4.317 (đạt 67,64%)",
            "Tỷ lệ 2.312/4.325 (đạt 53,46%)",
            "đã tổ chức 60 buổi tuyên truyền",
            "trong đó 2 đơn vị gửi đúng hạn (tỷ lệ báo cáo đúng hạn 50%)",
            "Biểu đồ: Tỷ lệ đạt các chỉ tiêu theo phường, xã",
        ):
            self.assertIn(text, whole)


class FragmentTestCase(SimpleTestCase):
    def render(self, c: Consolidation, language: str = "vi") -> str:
        with translation.override(language):
            return render_to_string("reports/_consolidated.html", {"consolidation": c})

    def test_it_draws_rates_a_sortable_table_and_totals_in_vietnamese(self) -> None:
        html = self.render(city())
        self.assertIn("Tỷ lệ báo cáo: <strong>75%</strong> (3/4)", html)
        self.assertIn("Tỷ lệ báo cáo đúng hạn: <strong>50%</strong> (2/4)", html)
        self.assertIn("Hạn gửi 30/06/2023", html)
        self.assertEqual(html.count("<th data-sort"), 2 + 2 * 2 + 2)
        self.assertIn("68,84%", html)
        self.assertIn("1.328/1.929", html)
        self.assertIn('data-value="68.84"', html)
        self.assertIn('<span class="badge warning">muộn</span>', html)
        self.assertIn('<span class="badge error">chưa gửi</span>', html)
        self.assertIn("dự thảo", html)
        self.assertIn("67,64%", html)  # the total, sum over sum
        self.assertIn("2.920/4.317", html)
        self.assertIn("30/06/2023 23:59", html)  # Vietnam's time
        self.assertNotIn("99,9%", html)  # the draft's figures stay unseen

    def test_it_speaks_english_on_the_switch(self) -> None:
        html = self.render(city(), "en")
        self.assertIn("Reporting rate on time: <strong>50%</strong>", html)
        self.assertIn('<span class="badge warning">late</span>', html)
        self.assertIn("68.84%", html)

    def test_it_escapes_a_hostile_unit_name(self) -> None:
        hostile = '<script>alert("x")</script><b onmouseover=1>'
        c = consolidate(
            submissions=[ward("X1", hostile, at(1, 8), {"eid": (1, 2)})],
            deadline=DEADLINE,
            codes=["eid"],
            names={"eid": "<i>e-ID</i>"},
        )
        html = self.render(c)
        self.assertNotIn("<script>", html)
        self.assertNotIn("<b onmouseover", html)
        self.assertNotIn("<i>e-ID", html)
        self.assertIn("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html)


def _submissions() -> st.SearchStrategy[list[WardSubmission]]:
    figure = st.tuples(st.integers(0, 5000), st.integers(0, 5000)).map(
        lambda pair: (min(pair), max(pair))
    )
    one = st.builds(
        lambda index, when, eid, cashless, sessions, status: WardSubmission(
            f"U{index:04d}",
            f"Phường {index % 7}",
            when,
            {
                k: v
                for k, v in (("eid", eid), ("cashless", cashless), ("sessions", sessions))
                if v is not None
            },
            status,
        ),
        st.integers(0, 9999),
        st.none()
        | st.datetimes(
            min_value=dt.datetime(2023, 6, 25),
            max_value=dt.datetime(2023, 7, 5),
            timezones=st.just(UTC),
        ),
        st.none() | figure,
        st.none() | figure,
        st.none() | st.integers(0, 100).map(lambda n: (n, None)),
        st.sampled_from(["draft", "submitted", "returned", "accepted"]),
    )
    return st.lists(one, max_size=25, unique_by=lambda s: s.unit_code)


class PropertyTestCase(SimpleTestCase):
    @settings(max_examples=150, deadline=None)
    @given(_submissions())
    def test_it_keeps_sums_rates_and_ranks_right(self, submissions: list[WardSubmission]) -> None:
        c = consolidate(
            submissions=submissions, deadline=DEADLINE, codes=["eid", "cashless", "sessions"]
        )
        received = [s for s in submissions if s.status in ("submitted", "accepted")]
        for code in ("eid", "cashless"):
            given_figures = [s.figures[code] for s in received if code in s.figures]
            numerator = sum(n for n, _ in given_figures)
            denominator = sum(d or 0 for _, d in given_figures)
            total = c.totals[code]
            self.assertNotIn(code, c.activity_codes)
            self.assertEqual((total.numerator, total.denominator), (numerator, denominator))
            self.assertEqual(total.wards, len(given_figures))
            if denominator:
                exact = Fraction(numerator * 100, denominator)
                self.assertLessEqual(abs(Fraction(str(total.percent)) - exact), Fraction(1, 200))
            else:
                self.assertIsNone(total.percent)
            self._check_ranks(c, code)
        self.assertEqual(
            c.totals["sessions"].numerator,
            sum(s.figures["sessions"][0] for s in received if "sessions" in s.figures),
        )
        self.assertEqual(c.expected, len(submissions))
        for rate in (c.reporting_rate, c.timeliness):
            if submissions:
                assert rate is not None
                self.assertTrue(0 <= rate <= 100)
            else:
                self.assertIsNone(rate)
        if c.timeliness is not None and c.reporting_rate is not None:
            self.assertLessEqual(c.timeliness, c.reporting_rate)

    def _check_ranks(self, c: Consolidation, code: str) -> None:
        ranked = [(row.cell(code).percent, row.cell(code).rank) for row in c.rows]
        for share, rank in ranked:
            self.assertEqual(rank is None, share is None)
        scored = [(share, rank) for share, rank in ranked if share is not None]
        for share, rank in scored:
            # Competition ranking: 1 + how many scored strictly higher.
            self.assertEqual(rank, 1 + sum(1 for other, _ in scored if other > share))
        order = c.ranked(code)
        ranks = [row.cell(code).rank for row in order]
        known = [r for r in ranks if r is not None]
        self.assertEqual(known, sorted(known))
        self.assertEqual(ranks[len(known) :], [None] * (len(ranks) - len(known)))
