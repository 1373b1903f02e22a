from django.test import SimpleTestCase

from gocua.lib.numbers import (
    format_percent,
    format_ratio,
    group,
    number_text,
    percent,
    percent_text,
)


class NumbersTestCase(SimpleTestCase):
    def test_it_rounds_half_up_to_two_decimals(self) -> None:
        self.assertEqual(percent(1328, 1929), 68.84)
        self.assertEqual(percent(1412, 2525), 55.92)
        self.assertEqual(percent(1, 8), 12.5)
        # 0.125% is exactly half way: half-up gives 0.13 (banker's rounding would give 0.12)
        self.assertEqual(percent(1, 800), 0.13)

    def test_it_has_no_percent_without_denominator(self) -> None:
        self.assertIsNone(percent(5, 0))
        self.assertIsNone(percent(5, None))

    def test_it_groups_thousands_with_dots(self) -> None:
        self.assertEqual(group(1246000), "1.246.000")
        self.assertEqual(group(999), "999")
        self.assertEqual(group(0), "0")

    def test_it_writes_percent_the_vietnamese_way(self) -> None:
        self.assertEqual(format_percent(68.84), "68,84%")
        self.assertEqual(format_percent(100.0), "100%")
        self.assertEqual(format_percent(55.9), "55,90%")

    def test_it_writes_the_seed_ratio_lines(self) -> None:
        self.assertEqual(format_ratio(1328, 1929), "1.328/1.929 (đạt 68,84%)")
        self.assertEqual(format_ratio(2525, 2525), "2.525/2.525 (đạt 100%)")
        self.assertEqual(format_ratio(1412, 2525), "1.412/2.525 (đạt 55,92%)")

    def test_it_writes_figures_in_the_readers_language(self) -> None:
        self.assertEqual(number_text(1246000, "vi"), "1.246.000")
        self.assertEqual(number_text(1246000, "en"), "1,246,000")
        self.assertEqual(number_text(2.5, "vi"), "2,50")
        self.assertEqual(number_text(2.5, "en-gb"), "2.50")
        self.assertEqual(number_text(3.0, "vi"), "3")
        self.assertEqual(number_text(None, "vi"), "—")
        self.assertEqual(percent_text(1234.5, "vi"), "1.234,50%")
        self.assertEqual(percent_text(1234.5, "en"), "1234.50%")
        self.assertEqual(percent_text(None, "en"), "—")
