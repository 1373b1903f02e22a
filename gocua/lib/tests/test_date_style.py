"""One date style on every page: day_text and its template filters, and "from" before "to"."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

from gocua.lib.dates import check_period, day_text, day_time_text
from gocua.lib.errors import Problem
from gocua.lib.forms import period_checked


class _Period(forms.Form):
    start = forms.DateField()
    end = forms.DateField(required=False)

    def clean(self) -> dict:
        return period_checked(self, super().clean() or {}, "start", "end")


class DateStyleTestCase(SimpleTestCase):
    def test_it_writes_every_date_the_same_way(self) -> None:
        self.assertEqual(day_text(dt.date(2022, 2, 5)), "05/02/2022")
        self.assertEqual(day_text(dt.date(2023, 6, 26)), "26/06/2023")
        self.assertEqual(day_text(None), "—")

    def test_it_writes_a_moment_in_vietnam_time(self) -> None:
        utc = dt.datetime(2023, 6, 26, 17, 5, tzinfo=dt.UTC)  # 00:05 the next day in Hà Nội
        self.assertEqual(day_time_text(utc), "27/06/2023 00:05")
        self.assertEqual(day_text(utc), "27/06/2023")
        hanoi = dt.datetime(2023, 6, 26, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
        self.assertEqual(day_time_text(hanoi), "26/06/2023 09:30")

    def test_every_template_has_the_filters(self) -> None:
        page = Template(
            "{{ d|day }} {{ m|day_time }} {{ iso|day }} [{{ none|day }}] {{ none|day|default:'—' }}"
        )
        text = page.render(
            Context(
                {
                    "d": dt.date(2024, 1, 5),
                    "m": dt.datetime(2024, 1, 5, 1, 2, tzinfo=dt.UTC),
                    "iso": "2023-06-26",
                    "none": None,
                }
            )
        )
        self.assertEqual(text, "05/01/2024 05/01/2024 08:02 26/06/2023 [] —")

    def test_from_must_not_come_after_to(self) -> None:
        check_period(dt.date(2023, 1, 1), dt.date(2023, 1, 1))
        check_period(None, dt.date(2023, 1, 1))
        check_period(dt.date(2023, 1, 1), None)
        with self.assertRaises(Problem) as caught:
            check_period(dt.date(2023, 6, 2), dt.date(2023, 6, 1))
        self.assertIn("02/06/2023", caught.exception.vi)
        self.assertIn("01/06/2023", caught.exception.en)
        self.assertIn(" / ", str(caught.exception))

    def test_a_form_says_it_in_the_users_language(self) -> None:
        for language, words in (("vi", "Ngày bắt đầu 02/06/2023 sau"), ("en", "is after")):
            with translation.override(language):
                form = _Period({"start": "2023-06-02", "end": "2023-06-01"})
                self.assertFalse(form.is_valid())
                self.assertIn(words, form.non_field_errors()[0])
        self.assertTrue(_Period({"start": "2023-06-01", "end": "2023-06-01"}).is_valid())
        self.assertTrue(_Period({"start": "2023-06-01"}).is_valid())
