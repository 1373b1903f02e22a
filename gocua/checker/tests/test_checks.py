"""The checks: each finding, the seed (text and Word), correct letters give no error."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path

from django.test import SimpleTestCase

from gocua.checker.checks import (
    CODES,
    CheckResult,
    check_file,
    check_letter,
    check_lines,
    figures_for_entry,
)
from gocua.checker.tests.helpers import (
    LETTERS,
    docx_bytes,
    pdf_bytes,
    seed_text,
    without_diacritics,
)
from gocua.lib.errors import Problem

HEADER = [
    "ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU",
    "Số: 297/UBND-VHTT",
    "Tuần Châu, ngày 26 tháng 6 năm 2023",
    "Kính gửi: UBND thành phố Hạ Long.",
]


def check(*body: str, header: list[str] | None = None) -> CheckResult:
    return check_lines([*(HEADER if header is None else header), *body], file="test.txt")


def codes(result: CheckResult, severity: str | None = None) -> Counter[str]:
    return Counter(f.code for f in result.findings if severity in (None, f.severity))


class SeedTestCase(SimpleTestCase):
    def assertSeedFindings(self, result: CheckResult) -> None:
        errors = {(f.code, f.excerpt.split("Tỷ lệ ")[-1]) for f in result.errors}
        self.assertEqual(len(result.errors), 3, result.errors)
        self.assertIn(("percent_mismatch", "1.412/2.525 (đạt 55%)"), errors)
        self.assertIn(("population_contradiction", "1.412/2.525 (đạt 55%)"), errors)
        guided = next(f for f in result.errors if f.code == "guided_above_population")
        self.assertIn("1.246.000 người dân", guided.excerpt)
        mismatch = next(f for f in result.errors if f.code == "percent_mismatch")
        self.assertIn("55,92%", mismatch.text)
        self.assertIn("56%", mismatch.text)
        contradiction = next(f for f in result.errors if f.code == "population_contradiction")
        self.assertIn("2.525", contradiction.text)
        self.assertIn("1.929", contradiction.text)
        for finding in result.errors:  # nothing about the right ratios
            self.assertNotIn("1.328/1.929", finding.excerpt)
            self.assertNotIn("1.246/2.525", finding.excerpt)
        self.assertEqual(
            codes(result, "warning"),
            Counter(households_equal_residents=1, number_form=1, misspelling=2),
        )

    def test_the_seed_as_text(self) -> None:
        self.assertSeedFindings(check_lines(seed_text().split("\n"), file="seed.txt"))

    def test_the_seed_saved_as_docx(self) -> None:
        result = check_letter("seed.docx", docx_bytes(seed_text().split("\n")))
        self.assertSeedFindings(result)

    def test_the_seed_without_diacritics_in_nfd_or_as_pdf(self) -> None:
        plain = check_lines(without_diacritics(seed_text()).split("\n"), file="plain.txt")
        self.assertEqual(
            codes(plain, "error"), codes(check_file(LETTERS / "seed_297_tuan_chau.txt"), "error")
        )
        nfd = check_lines(unicodedata.normalize("NFD", seed_text()).split("\n"), file="nfd.txt")
        self.assertSeedFindings(nfd)
        pdf = check_letter("seed.pdf", pdf_bytes(without_diacritics(seed_text()).split("\n")))
        self.assertEqual(len(pdf.errors), 3)

    def test_the_seed_json(self) -> None:
        data = check_lines(seed_text().split("\n"), file="seed.txt").as_json()
        self.assertEqual(data["file"], "seed.txt")
        cashless = next(f for f in data["figures"] if f["text"] == "1.412/2.525 (đạt 55%)")
        self.assertEqual(
            {
                k: cashless[k]
                for k in ("numerator", "denominator", "stated_percent", "computed_percent")
            },
            {
                "numerator": 1412,
                "denominator": 2525,
                "stated_percent": 55,
                "computed_percent": 55.92,
            },
        )
        self.assertIsInstance(cashless["stated_percent"], int)
        eid = data["figures"][0]
        self.assertEqual((eid["stated_percent"], eid["computed_percent"]), (68.84, 68.84))
        for finding in data["findings"]:
            self.assertEqual(set(finding) - {"line"}, {"severity", "code", "text", "excerpt"})
            self.assertRegex(finding["text"], r".+ / .+")


class LettersTestCase(SimpleTestCase):
    """The letters of ``letters/``: correct ones give nothing, wrong ones what is wrong."""

    EXPECTED: dict[str, Counter[str]] = {
        "correct_tuan_chau.txt": Counter(),
        "correct_hung_thang.md": Counter(),
        "correct_bai_chay.txt": Counter(),
        "wrong_percents.txt": Counter(
            percent_mismatch=2, numerator_above_denominator=1, percent_above_100=2
        ),
        "wrong_populations.md": Counter(
            guided_above_population=1,
            population_contradiction=2,
            population_mismatch=1,
            households_equal_residents=1,
        ),
        "wrong_table.md": Counter(percent_mismatch=1, total_mismatch=1),
        "wrong_breakdown.txt": Counter(total_mismatch=1),
        "wrong_form.txt": Counter(number_form=2, date_form=1, misspelling=1),
        "wrong_numeric_date.txt": Counter(number_form=1, date_form=1),
    }

    def test_every_letter_gives_what_it_should(self) -> None:
        seen = {p.name for p in LETTERS.iterdir()} - {"seed_297_tuan_chau.txt", "no_figures.txt"}
        self.assertEqual(seen, set(self.EXPECTED))
        for name, expected in self.EXPECTED.items():
            with self.subTest(letter=name):
                self.assertEqual(codes(check_file(LETTERS / name)), expected)

    def test_correct_letters_in_every_form_give_no_finding(self) -> None:
        for name in ("correct_tuan_chau.txt", "correct_hung_thang.md", "correct_bai_chay.txt"):
            text = (LETTERS / name).read_text(encoding="utf-8")
            variants = {
                "text": text.encode(),
                "nfd": unicodedata.normalize("NFD", text).encode(),
                "crlf": text.replace("\n", "\r\n").encode("utf-16"),
                "plain": without_diacritics(text).encode(),
            }
            for variant, data in variants.items():
                with self.subTest(letter=name, variant=variant):
                    result = check_letter(name, data)
                    self.assertEqual(result.findings, [])
                    self.assertGreaterEqual(len(result.reading.figures), 6)
            with self.subTest(letter=name, variant="docx"):
                result = check_letter("letter.docx", docx_bytes(text.split("\n")))
                self.assertEqual(result.findings, [])

    def test_a_correct_word_letter_with_tables(self) -> None:
        data = docx_bytes(
            [
                "Kính gửi: Phòng Văn hoá - Thông tin thành phố Hạ Long.",
                "Thực hiện Kế hoạch số 48/KH-UBND ngày 10/3/2023, UBND phường Hà Tu báo cáo:",
                "Tổ đã tổ chức 24 buổi tuyên truyền, đã hướng dẫn 1.502 người dân.",
                "Kết quả các chỉ tiêu:",
            ],
            header=[
                (
                    ["UBND THÀNH PHỐ HẠ LONG", "ỦY BAN NHÂN DÂN PHƯỜNG HÀ TU", "Số: 08/UBND-VHTT"],
                    [
                        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                        "Độc lập - Tự do - Hạnh phúc",
                        "Hà Tu, ngày 09 tháng 01 năm 2025",
                    ],
                )
            ],
            table=[
                ["STT", "Chỉ tiêu", "Số đạt", "Tổng số", "Tỷ lệ (%)"],
                ["1", "Người từ 14 tuổi trở lên có định danh điện tử", "2.871", "3.150", "91,14"],
                [
                    "2",
                    "Người từ 18 tuổi trở lên có tài khoản thanh toán",
                    "1.960",
                    "2.904",
                    "67,49",
                ],
                ["3", "Hộ gia đình có kỹ năng số", "691", "820", "84,27"],
            ],
        )
        result = check_letter("ha_tu.docx", data)
        self.assertEqual(result.findings, [])
        self.assertEqual(
            [(f.indicator, f.numerator, f.denominator) for f in result.reading.figures],
            [("eid", 2871, 3150), ("cashless", 1960, 2904), ("household_skills", 691, 820)],
        )
        self.assertEqual(result.reading.facts.ward, "Phường Hà Tu")
        self.assertEqual(result.reading.facts.date, dt.date(2025, 1, 9))

    def test_a_letter_with_no_figures_is_refused(self) -> None:
        with self.assertRaises(Problem) as caught:
            check_file(LETTERS / "no_figures.txt")
        self.assertIn("no figures", str(caught.exception))
        self.assertEqual(caught.exception.exit_status, 1)


class FigureChecksTestCase(SimpleTestCase):
    def test_percent_mismatch_at_the_stated_precision_half_up(self) -> None:
        cases = {
            "1.412/2.525 (đạt 55%)": True,  # 55.92 → 56
            "1.412/2.525 (đạt 56%)": False,
            "1.412/2.525 (đạt 55,9%)": False,
            "1.412/2.525 (đạt 55,92%)": False,
            "1.412/2.525 (đạt 55,93%)": True,
            "1.328/1.929 (đạt 68,84%)": False,
            "1.246/2.525 (đạt 49%)": False,  # 49.35 → 49
            "2.525/2.525 (đạt 100%)": False,
            "1/8 (12,5%)": False,
            "1/8 (13%)": False,  # 12.5 rounds half up
            "1/8 (12%)": True,
            "2.524/2.525 (đạt 100%)": False,  # 99.96 → 100
            "2.524/2.525 (đạt 99,96%)": False,
            "1.328/1.929 (đạt 68,8%)": False,
            "1.328/1.929 (đạt 68,9%)": True,
        }
        for ratio, wrong in cases.items():
            with self.subTest(ratio=ratio):
                result = check(f"Tỷ lệ {ratio}")
                self.assertEqual(codes(result)["percent_mismatch"], int(wrong), result.findings)

    def test_numerator_above_denominator_and_percent_above_100(self) -> None:
        result = check("Người có tài khoản ngân hàng: 2.600/2.525 (đạt 102,97%)")
        self.assertEqual(codes(result), Counter(numerator_above_denominator=1, percent_above_100=1))
        result = check("Tỷ lệ người dân từ 14 tuổi có định danh điện tử đạt 105%.")
        self.assertEqual(codes(result), Counter(percent_above_100=1))
        result = check("Số hồ sơ trực tuyến đạt 112% kế hoạch, tăng 150% so với năm 2022.")
        self.assertEqual(codes(result), Counter())

    def test_a_zero_denominator_is_a_warning(self) -> None:
        result = check("Người dân có tài khoản ngân hàng: 0/0 (0%)")
        self.assertEqual(codes(result), Counter())
        result = check("Người dân có tài khoản ngân hàng: 50/0 người")
        self.assertEqual(codes(result), Counter(numerator_above_denominator=1, zero_denominator=1))


class PopulationChecksTestCase(SimpleTestCase):
    def test_residents_18_plus_cannot_outnumber_residents_14_plus(self) -> None:
        result = check(
            "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/1.929 (68,84%)",
            "Người từ 18 tuổi trở lên có mobile money: 1.412/2.525 (55,92%)",
        )
        self.assertEqual(codes(result), Counter(population_contradiction=1))
        result = check(
            "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/1.929 (68,84%)",
            "Người từ 18 tuổi trở lên có mobile money: 1.412/1.850 (76,32%)",
        )
        self.assertEqual(codes(result), Counter())

    def test_a_neighbourhood_figure_is_not_compared_with_the_ward(self) -> None:
        result = check(
            "Người từ 18 tuổi trở lên có tài khoản ngân hàng: 1.412/1.850 (76,32%)",
            "Trong đó Khu phố 1 người từ 14 tuổi có định danh điện tử: 300/400 (75%)",
        )
        self.assertEqual(codes(result), Counter())

    def test_one_population_with_two_figures_is_a_warning(self) -> None:
        result = check(
            "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/1.929 (68,84%)",
            "Người từ 14 tuổi trở lên tham gia khảo sát: 1.012/1.950 (51,9%)",
        )
        self.assertEqual(codes(result), Counter(population_mismatch=1))

    def test_smartphone_owners_are_not_an_age_group(self) -> None:
        result = check(
            "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/1.929 (68,84%)",
            "Người từ 14 tuổi trở lên có điện thoại thông minh cài ứng dụng thiết yếu: "
            "1.246/1.702 (73,21%)",
        )
        self.assertEqual(codes(result), Counter())

    def test_households_equal_to_residents_is_a_warning(self) -> None:
        result = check(
            "Người dân có giao dịch thủ tục hành chính trực tuyến: 2.525/2.525 (100%)",
            "Hộ gia đình có kỹ năng số: 2.525/2.525 (100%)",
        )
        self.assertEqual(codes(result), Counter(households_equal_residents=1))

    def test_a_stated_population_bounds_the_others(self) -> None:
        result = check(
            "Phường có 900 hộ, dân số 2.000 người.",
            "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/2.100 (63,24%)",
        )
        self.assertEqual(codes(result), Counter(population_contradiction=1))
        result = check(
            "Phường có 2.100 hộ, dân số 2.000 người.",
            "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/1.929 (68,84%)",
        )
        self.assertEqual(codes(result), Counter(households_above_residents=1))

    def test_guided_residents_above_every_population(self) -> None:
        figures = "Người từ 14 tuổi trở lên có định danh điện tử: 1.328/1.929 (68,84%)"
        result = check("Tổ đã hướng dẫn 1.246.000 người dân cài đặt ứng dụng.", figures)
        self.assertEqual(codes(result), Counter(guided_above_population=1))
        result = check("Tổ đã hướng dẫn 1.246 người dân cài đặt ứng dụng.", figures)
        self.assertEqual(codes(result), Counter())
        result = check("Tổ đã hỗ trợ 12.000 lượt người dân.", figures)
        self.assertEqual(codes(result), Counter())
        result = check("Tổ đã hỗ trợ 25.000 lượt người dân.", figures)
        self.assertEqual(codes(result), Counter(guided_visits_high=1))
        result = check("Đã hướng dẫn 2.000 hộ cài đặt.", "Hộ có kỹ năng số: 731/812 (90,02%)")
        self.assertEqual(codes(result), Counter(guided_above_population=1))

    def test_a_table_total_is_the_sum_of_its_rows(self) -> None:
        rows = [
            "| Khu phố | Số hộ có kỹ năng số | Tổng số hộ | Tỷ lệ |",
            "| Khu phố 1 | 210 | 250 | 84% |",
            "| Khu phố 2 | 180 | 240 | 75% |",
        ]
        self.assertEqual(codes(check(*rows, "| Tổng cộng | 390 | 490 | 79,59% |")), Counter())
        self.assertEqual(
            codes(check(*rows, "| Tổng cộng | 391 | 490 | 79,8% |")), Counter(total_mismatch=1)
        )


class FormChecksTestCase(SimpleTestCase):
    BODY = "Tổ đã tổ chức 35 buổi tuyên truyền."

    def test_the_date_line(self) -> None:
        cases = {
            "Tuần Châu, ngày 26 tháng 6 năm 2023": None,
            "Tuần Châu, ngày 05 tháng 02 năm 2022": None,
            "Tuần Châu, ngày 05 tháng 8 năm 2025": None,
            "Tuần Châu, ngày 15 tháng 12 năm 2025": None,
            "Tuần Châu, ngày 5 tháng 8 năm 2025": "date_form",
            "Tuần Châu, ngày 15 tháng 2 năm 2025": "date_form",
            "Tuần Châu, ngày 15 tháng 1 năm 2025": "date_form",
            "Tuần Châu, 26/6/2023": "date_form",
            "Tuần Châu, ngày 26/6/2023": "date_form",
            "Tuần Châu, ngày 31 tháng 02 năm 2023": "date_invalid",
            "Kính gửi: UBND thành phố Hạ Long.": "date_missing",
        }
        for line, code in cases.items():
            with self.subTest(line=line):
                result = check(self.BODY, header=["Số: 297/UBND-VHTT", line])
                self.assertEqual(list(codes(result)), [code] if code else [])

    def test_the_number(self) -> None:
        cases = {
            "Số: 297/UBND-VHTT": [],
            "Số: 05/BC-UBND": [],
            "Số:      /UBND-VHTT": [],
            "Số: 297/UBND": ["number_form"],
            "Số: 5/UBND-VHTT": ["number_form"],
            "Số: 297": ["number_form"],
            "V/v báo cáo": ["number_missing"],
        }
        for line, expected in cases.items():
            with self.subTest(line=line):
                result = check(self.BODY, header=[line, "Tuần Châu, ngày 26 tháng 6 năm 2023"])
                self.assertEqual(list(codes(result)), expected)

    def test_known_misspellings(self) -> None:
        result = check(
            "Trên Công Dịch vụ công quốc gia và Công thông tin điện tử; 35 buổi.",
            "Các cơ quan chuyển môi tiếp tục; chuyển môi trường học tập.",
        )
        self.assertEqual(codes(result), Counter(misspelling=2))
        self.assertIn("Cổng", next(f for f in result.findings if f.line == 5).text)
        correct = check("Trên Cổng Dịch vụ công quốc gia; Công an phường; Công thông báo; 35 buổi.")
        self.assertEqual(codes(correct), Counter())


class EntryTestCase(SimpleTestCase):
    def test_the_seed_figures_as_aggregates(self) -> None:
        result = check_lines(seed_text().split("\n"), file="seed.txt")
        as_of, values = figures_for_entry(result)
        self.assertEqual(as_of, dt.date(2023, 6, 26))
        self.assertEqual(
            values,
            {
                "eid": (1328, 1929),
                "online_services": (2525, 2525),
                "cashless": (1412, 2525),
                "essential_apps": (1246, 2525),
                "civic_engagement": (1246, 2525),
                "household_skills": (2525, 2525),
                "sessions": (35, None),
                "guided": (1246000, None),
            },
        )

    def test_a_table_by_neighbourhood_gives_its_total(self) -> None:
        result = check_file(LETTERS / "correct_hung_thang.md")
        _, values = figures_for_entry(result)
        self.assertEqual(values["household_skills"], (691, 820))
        self.assertEqual(values["guided"], (980, None))  # residents, not the visits before


class CodesDocumentedTestCase(SimpleTestCase):
    def test_every_code_is_in_the_readme_table(self) -> None:
        readme = (Path(__file__).resolve().parents[3] / "README.md").read_text(encoding="utf-8")
        documented = set(re.findall(r"^\| `([a-z_0-9]+)` \| (error|warning) \|", readme, re.M))
        self.assertEqual(documented, {(code, sev) for code, (sev, _) in CODES.items()})
