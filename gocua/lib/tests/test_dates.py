import datetime as dt

from django.test import SimpleTestCase

from gocua.lib.dates import date_in_words, parse_date, short_date, years_before
from gocua.lib.errors import Problem


class DatesTestCase(SimpleTestCase):
    def test_it_reads_both_forms(self) -> None:
        self.assertEqual(parse_date("2023-06-26"), dt.date(2023, 6, 26))
        self.assertEqual(parse_date("26/06/2023"), dt.date(2023, 6, 26))
        self.assertEqual(parse_date(" 5/2/2022 "), dt.date(2022, 2, 5))

    def test_it_refuses_bad_dates_in_both_languages(self) -> None:
        for text in ("2023-02-30", "31/04/2023", "26.06.2023", "yesterday", ""):
            with self.assertRaises(Problem) as caught:
                parse_date(text)
            self.assertIn(" / ", str(caught.exception))

    def test_it_writes_decree_30_dates(self) -> None:
        self.assertEqual(date_in_words(dt.date(2022, 2, 5)), "ngày 05 tháng 02 năm 2022")
        self.assertEqual(date_in_words(dt.date(2023, 6, 26)), "ngày 26 tháng 6 năm 2023")
        self.assertEqual(date_in_words(dt.date(2025, 8, 5)), "ngày 05 tháng 8 năm 2025")
        self.assertEqual(date_in_words(dt.date(2024, 1, 15)), "ngày 15 tháng 01 năm 2024")

    def test_it_cites_documents_as_the_seed_does(self) -> None:
        self.assertEqual(short_date(dt.date(2023, 3, 10)), "10/3/2023")
        self.assertEqual(short_date(dt.date(2022, 4, 1)), "01/4/2022")
        self.assertEqual(short_date(dt.date(2022, 2, 5)), "05/02/2022")

    def test_it_counts_years_back_with_29_february(self) -> None:
        self.assertEqual(years_before(dt.date(2024, 2, 29), 14), dt.date(2010, 2, 28))
        self.assertEqual(years_before(dt.date(2023, 6, 26), 18), dt.date(2005, 6, 26))
