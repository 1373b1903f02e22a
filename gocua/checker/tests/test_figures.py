"""Reading figures: ratios in the wordings wards use, what is not a figure, counts, facts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from django.test import SimpleTestCase

from gocua.checker.reading import read_figures
from gocua.checker.tests.helpers import seed_text, without_diacritics
from gocua.checker.vocabulary import fold_keep_length, parse_int, parse_percent


def ratios(*lines: str) -> list[tuple[int, int, Decimal | None]]:
    return [
        (f.numerator, f.denominator, f.stated_percent) for f in read_figures(list(lines)).figures
    ]


class NumbersTestCase(SimpleTestCase):
    def test_it_parses_vietnamese_english_and_plain_integers(self) -> None:
        self.assertEqual(parse_int("1.246.000"), 1246000)
        self.assertEqual(parse_int("1,246,000"), 1246000)
        self.assertEqual(parse_int("1328"), 1328)

    def test_it_parses_percents_with_their_precision(self) -> None:
        self.assertEqual(parse_percent("68,84"), (Decimal("68.84"), 2))
        self.assertEqual(parse_percent("68.84"), (Decimal("68.84"), 2))
        self.assertEqual(parse_percent("55,9"), (Decimal("55.9"), 1))
        self.assertEqual(parse_percent("55"), (Decimal("55"), 0))

    def test_folding_keeps_every_position(self) -> None:
        text = "Tỷ lệ ĐẠT 68,84％ – Hạ Long"
        folded = fold_keep_length(text)
        self.assertEqual(folded, "ty le dat 68,84% - ha long")
        self.assertEqual(len(folded), len(text))


class RatioWordingsTestCase(SimpleTestCase):
    def test_it_reads_every_wording(self) -> None:
        cases = {
            "Tỷ lệ 1.328/1.929 (đạt 68,84%)": (1328, 1929, "68.84"),
            "Tỉ lệ 1.328/1.929 (đạt 68,84%)": (1328, 1929, "68.84"),
            "1.328/1.929 (68,84%)": (1328, 1929, "68.84"),
            "1328/1929 = 68.84%": (1328, 1929, "68.84"),
            "1,328/1,929 (68.84%)": (1328, 1929, "68.84"),
            "1.328 / 1.929 (đạt 68,84 %)": (1328, 1929, "68.84"),
            "1.412 người/2.525 người, đạt tỷ lệ 55,9 %": (1412, 2525, "55.9"),
            "1.412 người/2.525 người": (1412, 2525, None),
            "đạt 55% (1.412/2.525)": (1412, 2525, "55"),
            "Tỷ lệ đạt 55% (1.412 người/2.525 người)": (1412, 2525, "55"),
            "1.412 người trên tổng số 2.525 người, đạt 55,92%": (1412, 2525, "55.92"),
            "1.246 người trong tổng số 2.525 người (49%)": (1246, 2525, "49"),
            "1.328/1.929 người (tương đương 68,84 phần trăm)": (1328, 1929, "68.84"),
            "Tỷ lệ: 2.525/2.525 (đạt 100%).": (2525, 2525, "100"),
            "Ty le 1.328/1.929 (dat 68,84%)": (1328, 1929, "68.84"),
            "TỶ LỆ 1.328/1.929 (ĐẠT 68,84%)": (1328, 1929, "68.84"),
            "| Khu phố 1 | 640/700 | 91,43% |": (640, 700, "91.43"),
            "95% người dân (1.833/1.929)": (1833, 1929, "95"),
            "Tỷ lệ **1.328/1.929** (đạt 68,84%)": (1328, 1929, "68.84"),
            "Tỷ lệ 1.328/1.929 (đạt 100% kế hoạch)": (1328, 1929, None),
            "Có 3/5 khu phố đạt 100% chỉ tiêu": (3, 5, None),
            "1.328/1.929 người (so với kế hoạch đạt 95%)": (1328, 1929, None),
            "Tỷ lệ 1.328/1.929 (-5%)": (1328, 1929, None),
            "Có 1.960 người trên tổng số 2.904 người từ 18 tuổi trở lên có tài khoản, đạt 67,49%": (
                1960,
                2904,
                "67.49",
            ),
        }
        for line, (numerator, denominator, stated) in cases.items():
            with self.subTest(line=line):
                expected = Decimal(stated) if stated else None
                self.assertEqual(ratios(line), [(numerator, denominator, expected)])

    def test_it_reads_nfd_text_as_nfc(self) -> None:
        line = unicodedata.normalize("NFD", "Tỷ lệ 1.412/2.525 (đạt 55%)")
        self.assertEqual(ratios(line), [(1412, 2525, Decimal("55"))])

    def test_it_keeps_the_figure_text_as_written(self) -> None:
        reading = read_figures(["- Số người dân ... ngân hàng. Tỷ lệ 1.412/2.525 (đạt 55%)"])
        self.assertEqual(reading.figures[0].text, "1.412/2.525 (đạt 55%)")
        self.assertIn("1.412/2.525 (đạt 55%)", reading.figures[0].excerpt)

    def test_a_percent_next_to_the_ratio_wins_over_a_change_after_it(self) -> None:
        line = "đạt 68,84% (1.328/1.929), tăng 5% so với năm 2022"
        self.assertEqual(ratios(line), [(1328, 1929, Decimal("68.84"))])

    def test_several_ratios_on_one_line_each_take_their_own_percent(self) -> None:
        line = (
            "Tỷ lệ 68,84% người dân từ 14 tuổi trở lên có định danh điện tử (1.328/1.929); "
            "tỷ lệ 76,32% người từ 18 tuổi trở lên có tài khoản ngân hàng (1.412/1.850)."
        )
        reading = read_figures([line])
        self.assertEqual(
            [(f.numerator, f.stated_percent, f.indicator, f.age) for f in reading.figures],
            [(1328, Decimal("68.84"), "eid", 14), (1412, Decimal("76.32"), "cashless", 18)],
        )

    def test_it_reads_a_table_with_separate_columns(self) -> None:
        reading = read_figures(
            [
                "| STT | Khu phố | Số người đã kích hoạt | Tổng số người từ 14 tuổi | Tỷ lệ (%) |",
                "| 1 | Khu phố 1 | 640 | 700 | 91,43 |",
                "| | Tổng cộng | 1.295 | 1.400 | 92,5 |",
            ]
        )
        self.assertEqual(
            [
                (f.numerator, f.denominator, f.stated_percent, f.sub_unit, f.total_row)
                for f in reading.figures
            ],
            [(640, 700, Decimal("91.43"), True, False), (1295, 1400, Decimal("92.5"), False, True)],
        )
        self.assertEqual({f.indicator for f in reading.figures}, {"eid"})


class NotFiguresTestCase(SimpleTestCase):
    def test_dates_symbols_and_levels_are_not_figures(self) -> None:
        lines = [
            "Thực hiện Công văn Số: 389/UBND-VHTT ngày 26/6/2023 về việc báo cáo",
            "Nghị quyết số 09-NQ/TU ngày 05/02/2022; Nghị định 30/2020/NĐ-CP; Luật 24/2018",
            "dịch vụ công trực tuyến mức độ 3, 4; tài khoản định danh điện tử mức độ 1, 2",
            "hỗ trợ 24/7 cho người dân; dịp 30/4 - 1/5; từ 15/3 đến 15/6",
            "Trong tháng 6/2023 và năm học 2022/2023 tại phường",
            "Các Quyết định số 237, 238, 239, 240, 241/QĐ-UBND ngày 04/4/2022",
            "Tỷ lệ 1 328/1 929 (68,84%)",
            "Số điện thoại 0203.3846.123; Số: 297/UBND",
            "Tổ dân phố 5 có 1 300/400 hộ",
        ]
        self.assertEqual(read_figures(lines).figures, [])

    def test_the_seed_has_exactly_its_six_ratios(self) -> None:
        reading = read_figures(seed_text().split("\n"))
        self.assertEqual(
            [(f.text, f.indicator) for f in reading.figures],
            [
                ("1.328/1.929 (đạt 68,84%)", "eid"),
                ("2.525/2.525 (đạt 100%)", "online_services"),
                ("1.412/2.525 (đạt 55%)", "cashless"),
                ("1.246/2.525 (đạt 49%)", "essential_apps"),
                ("1.246/2.525 (đạt 49%)", "civic_engagement"),
                ("2.525/2.525 (đạt 100%)", "household_skills"),
            ],
        )


class IndicatorsTestCase(SimpleTestCase):
    def test_it_names_the_indicator_of_each_wording(self) -> None:
        cases = {
            "Người từ 14 tuổi trở lên có tài khoản VNeID mức 2: 1.328/1.929": "eid",
            "Số công dân kích hoạt định danh điện tử: 1.328/1.929": "eid",
            "Người dân từ 18 tuổi có tài khoản thanh toán: 1.412/1.850": "cashless",
            "Người dân có mobile money: 1.412/1.850": "cashless",
            "Người có smartphone cài VssID, sổ sức khỏe điện tử, VNeID: 1.246/1.702": (
                "essential_apps"
            ),
            "Hồ sơ thủ tục hành chính nộp trực tuyến, qua bưu chính công ích: 1.187/1.204": (
                "online_services"
            ),
            "Người dân tham gia khảo sát, lấy ý kiến: 1.012/1.929": "civic_engagement",
            "Hộ gia đình có kỹ năng số: 731/812": "household_skills",
            "Số hộ biết sử dụng Internet an toàn: 731/812 hộ": "household_skills",
            "Tỷ lệ 1.328/1.929 (68,84%)": None,
        }
        for line, code in cases.items():
            with self.subTest(line=line):
                self.assertEqual([f.indicator for f in read_figures([line]).figures], [code])

    def test_keywords_on_the_line_before_count(self) -> None:
        reading = read_figures(
            [
                "- Số người dân từ 14 tuổi trở lên có định danh điện tử:",
                "Tỷ lệ 1.328/1.929 (68,84%)",
            ]
        )
        self.assertEqual(reading.figures[0].indicator, "eid")
        self.assertEqual(reading.figures[0].age, 14)

    def test_a_letter_without_diacritics_reads_the_same(self) -> None:
        plain = read_figures(without_diacritics(seed_text()).split("\n"))
        marked = read_figures(seed_text().split("\n"))
        self.assertTrue(plain.plain)
        self.assertEqual(
            [(f.numerator, f.denominator, f.indicator) for f in plain.figures],
            [(f.numerator, f.denominator, f.indicator) for f in marked.figures],
        )
        self.assertEqual(plain.facts.date, dt.date(2023, 6, 26))
        self.assertEqual(plain.facts.ward, "Phuong Tuan Chau")


class CountsTestCase(SimpleTestCase):
    def test_it_reads_counts_with_their_nouns(self) -> None:
        reading = read_figures(seed_text().split("\n"))
        self.assertEqual(
            [(c.value, c.noun, c.role) for c in reading.counts],
            [(35, "buổi", "sessions"), (1246000, "người dân", "guided")],
        )

    def test_guided_population_and_visits(self) -> None:
        reading = read_figures(
            [
                "Trên địa bàn có 2.525 người dân, Tổ đã hướng dẫn 1.200 người.",
                "Đã hỗ trợ 3.400 lượt người dân; 812 hộ được hướng dẫn cài đặt.",
                "Tổ có 45 thành viên; phát 500 tờ rơi; họ 3 người.",
            ]
        )
        self.assertEqual(
            [(c.value, c.kind, c.role) for c in reading.counts],
            [
                (2525, "residents", "population"),
                (1200, "residents", "guided"),
                (3400, "visits", "guided"),
                (812, "households", "guided"),
                (45, "members", None),
                (3, "residents", None),
            ],
        )

    def test_standalone_percents_are_kept_apart(self) -> None:
        reading = read_figures(
            ["Tỷ lệ người từ 18 tuổi có tài khoản ngân hàng đạt 55%; tăng 15% so với năm 2022."]
        )
        self.assertEqual(reading.figures, [])
        self.assertEqual(
            [(p.value, p.relative) for p in reading.percents],
            [(Decimal("55"), False), (Decimal("15"), True)],
        )
        self.assertEqual(reading.percents[0].indicator, "cashless")


class FactsTestCase(SimpleTestCase):
    def test_the_seed_unit_date_and_number(self) -> None:
        facts = read_figures(seed_text().split("\n")).facts
        self.assertEqual(facts.unit, "UBND phường Tuần Châu")
        self.assertEqual(facts.ward, "Phường Tuần Châu")
        self.assertEqual(facts.date, dt.date(2023, 6, 26))
        self.assertEqual(facts.date_text, "Tuần Châu, ngày 26 tháng 6 năm 2023")
        self.assertEqual(facts.number, "297/UBND")

    def test_a_header_in_capitals_and_a_table(self) -> None:
        facts = read_figures(
            [
                "| UBND THÀNH PHỐ HẠ LONG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
                "| ỦY BAN NHÂN DÂN XÃ THỐNG NHẤT | Độc lập - Tự do - Hạnh phúc |",
                "| Số: 05/UBND-VP | Thống Nhất, ngày 05 tháng 02 năm 2024 |",
                "Kính gửi: UBND huyện.",
                "UBND xã Thống Nhất báo cáo 12 buổi.",
            ]
        ).facts
        self.assertEqual(facts.unit, "UBND xã Thống Nhất")
        self.assertEqual(facts.ward, "Xã Thống Nhất")
        self.assertEqual(facts.number, "05/UBND-VP")
        self.assertEqual(facts.date, dt.date(2024, 2, 5))
        self.assertEqual(facts.place, "Thống Nhất")

    def test_a_numeric_date_and_a_number_without_colon(self) -> None:
        facts = read_figures(["Số 297", "Giếng Đáy, 26/6/2023", "Kính gửi: UBND thành phố."]).facts
        self.assertEqual(facts.number, "297")
        self.assertEqual(facts.date, dt.date(2023, 6, 26))
        self.assertTrue(facts.date_numeric)

    def test_the_body_does_not_give_the_letter_its_number_or_date(self) -> None:
        facts = read_figures(
            ["Kính gửi: UBND thành phố.", "Thực hiện Công văn Số: 389/UBND-VHTT ngày 26/6/2023"]
        ).facts
        self.assertIsNone(facts.number)
        self.assertIsNone(facts.date)
