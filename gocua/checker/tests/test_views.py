"""The checker's pages: upload several letters, findings per ward, take figures in; scoping."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gocua.accounts.models import Role, User
from gocua.audit.models import AuditEvent
from gocua.checker.models import CheckBatch, CheckedLetter
from gocua.checker.services import letters_check
from gocua.checker.tests.helpers import LETTERS, docx_bytes, seed_text
from gocua.indicators.models import AggregateEntry, AggregateValue
from gocua.indicators.services import aggregates_lock
from gocua.orgunits.models import Level, OrgUnit, Source
from gocua.orgunits.services import UnitRow, orgunits_upsert
from gocua.testing import BaseTestCase, make_user


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


class CheckerPagesTestCase(BaseTestCase):
    city: OrgUnit
    other_city: OrgUnit
    erin: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        orgunits_upsert(
            [
                UnitRow(
                    "L195",
                    "Thành phố Cẩm Phả",
                    Level.DISTRICT,
                    "thành phố",
                    "L22",
                    Source.LEGACY,
                    "195",
                    None,
                    None,
                )
            ]
        )
        cls.other_city = OrgUnit.objects.get(code="L195")
        cls.erin = make_user("erin", Role.UPPER_OFFICER, cls.other_city)
        cls.city = cls.units["city"]

    def seed_batch(self) -> CheckBatch:
        return letters_check(
            scope=self.city,
            files=[("seed.txt", seed_text().encode())],
            user=self.dave,
        )

    def test_it_checks_several_letters_and_shows_findings_per_ward(self) -> None:
        self.login(self.dave)
        url = reverse("checker:upload", args=[self.city.code])
        self.assertContains(self.client.get(url), 'type="file"')
        hung_thang = (LETTERS / "correct_hung_thang.md").read_bytes()
        response = self.client.post(
            url,
            {
                "letters": [
                    upload("297.docx", docx_bytes(seed_text().split("\n"))),
                    upload("15.md", hung_thang),
                    upload("broken.docx", b"not a zip"),
                ]
            },
        )
        batch = CheckBatch.objects.get()
        self.assertRedirects(response, reverse("checker:batch", args=[batch.pk]))
        letters = {letter.file_name: letter for letter in batch.letters.all()}
        self.assertEqual(letters["297.docx"].ward, self.ward)
        self.assertTrue(letters["297.docx"].ward_detected)
        self.assertEqual(letters["297.docx"].errors, 3)
        self.assertEqual(letters["297.docx"].letter_date, dt.date(2023, 6, 26))
        self.assertEqual(letters["297.docx"].letter_number, "297/UBND")
        self.assertEqual(letters["15.md"].ward, self.ward2)
        self.assertEqual((letters["15.md"].errors, letters["15.md"].warnings), (0, 0))
        self.assertTrue(letters["broken.docx"].refused)
        event = AuditEvent.objects.get(action="checker.upload")
        self.assertEqual((event.unit_code, event.rows), ("L193", 3))

        with self.assertNumQueries(7):  # session, user, unit, batch, letters, wards, crumbs
            page = self.client.get(reverse("checker:batch", args=[batch.pk]))
        self.assertContains(page, "Phường Tuần Châu")
        self.assertContains(page, "Phường Hùng Thắng")
        # The finding's code is a tooltip in the Vietnamese page, not its text.
        self.assertContains(page, 'title="percent_mismatch"')
        self.assertNotContains(page, "(percent_mismatch)")
        self.assertContains(page, "1.412/2.525 (đạt 55%)")
        self.assertContains(page, "không phải tệp Word")

    def test_the_file_is_not_kept(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        self.assertNotIn("Nguyễn Song Giang", str(letter.result))
        self.assertEqual(len(letter.sha256), 64)

    def test_a_chosen_ward_wins_and_can_be_changed(self) -> None:
        self.login(self.dave)
        self.client.post(
            reverse("checker:upload", args=[self.city.code]),
            {"letters": [upload("seed.txt", seed_text().encode())], "ward": self.ward2.code},
        )
        letter = CheckedLetter.objects.get()
        self.assertEqual((letter.ward, letter.ward_detected), (self.ward2, False))
        response = self.client.post(
            reverse("checker:set_ward", args=[letter.batch_id, letter.pk]),
            {"ward": self.ward.code},
        )
        self.assertRedirects(response, reverse("checker:batch", args=[letter.batch_id]))
        letter.refresh_from_db()
        self.assertEqual(letter.ward, self.ward)
        self.client.post(  # a neighbourhood is not a ward: refused
            reverse("checker:set_ward", args=[letter.batch_id, letter.pk]), {"ward": "L06700.01"}
        )
        letter.refresh_from_db()
        self.assertEqual(letter.ward, self.ward)

    def test_upload_errors_are_shown(self) -> None:
        self.login(self.dave)
        url = reverse("checker:upload", args=[self.city.code])
        response = self.client.post(url, {})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CheckBatch.objects.exists())
        files = [upload(f"{n}.txt", b"35 buoi") for n in range(21)]
        response = self.client.post(url, {"letters": files})
        self.assertContains(response, "20")
        self.assertFalse(CheckBatch.objects.exists())

    def test_outsiders_get_404(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        urls = [
            reverse("checker:index"),
            reverse("checker:upload", args=[self.city.code]),
            reverse("checker:batch", args=[batch.pk]),
            reverse("checker:take_in", args=[batch.pk, letter.pk]),
        ]
        for user in (self.alice, self.bob, self.carol, self.charlie):
            for url in urls:
                self.assertNotFoundFor(user, url)
        for url in urls[2:]:  # an officer of another city
            self.assertNotFoundFor(self.erin, url)
        self.assertNotFoundFor(self.erin, reverse("checker:upload", args=[self.city.code]))
        self.assertNotFoundFor(self.dave, reverse("checker:upload", args=[self.ward.code]))
        self.assertNotFoundFor(self.dave, reverse("checker:batch", args=[batch.pk + 1]))
        self.assertNotFoundFor(
            self.erin,
            reverse("checker:set_ward", args=[batch.pk, letter.pk]),
            "post",
            ward=self.ward.code,
        )
        self.login(self.erin)
        self.assertNotContains(self.client.get(reverse("checker:index")), "Hạ Long")

    def test_the_city_the_province_and_the_admin_see_the_batch(self) -> None:
        batch = self.seed_batch()
        province_officer = make_user("tinh", Role.UPPER_OFFICER, self.units["province"])
        for user in (self.dave, province_officer, self.root):
            self.login(user)
            response = self.client.get(reverse("checker:batch", args=[batch.pk]))
            self.assertEqual(response.status_code, 200, user.username)
            index = self.client.get(reverse("checker:index"))
            self.assertContains(index, reverse("checker:batch", args=[batch.pk]))

    def test_the_city_page_links_to_the_checker(self) -> None:
        self.login(self.dave)
        response = self.client.get(reverse("unit", args=[self.city.code]))
        self.assertContains(response, reverse("checker:upload", args=[self.city.code]))
        self.login(self.alice)
        response = self.client.get(reverse("unit", args=[self.ward.code]))
        self.assertNotContains(response, "/checker/")

    def test_the_confirmation_screen_shows_the_letters_figures(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        self.login(self.dave)
        page = self.client.get(reverse("checker:take_in", args=[batch.pk, letter.pk]))
        self.assertContains(page, "1412")
        self.assertContains(page, 'value="2023-06-26"')
        self.assertContains(page, 'value="2023-01-01"')
        self.assertNotContains(page, "disabled")

    def test_taking_the_figures_in_writes_the_wards_entered_figures(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        url = reverse("checker:take_in", args=[batch.pk, letter.pk])
        self.login(self.dave)
        response = self.client.post(
            url,
            {"as_of": "2023-06-26", "start": "2023-01-01", "codes": ["eid", "sessions", "guided"]},
        )
        self.assertRedirects(response, reverse("checker:batch", args=[batch.pk]))
        entry = AggregateEntry.objects.get(
            unit=self.ward, as_of=dt.date(2023, 6, 26), start=dt.date(2023, 1, 1)
        )
        self.assertEqual(
            {v.code: (v.numerator, v.denominator) for v in entry.values.all()},
            {"eid": (1328, 1929), "sessions": (35, None), "guided": (1246000, None)},
        )
        letter.refresh_from_db()
        self.assertEqual(letter.taken_in_by, self.dave)
        self.assertTrue(
            AuditEvent.objects.filter(action="checker.take_in", unit_code="L06700").exists()
        )

    def test_a_locked_period_is_refused_and_nothing_is_written(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        aggregates_lock(unit=self.ward, as_of=dt.date(2023, 6, 26), start=dt.date(2023, 1, 1))
        self.login(self.dave)
        response = self.client.post(
            reverse("checker:take_in", args=[batch.pk, letter.pk]),
            {"as_of": "2023-06-26", "start": "2023-01-01", "codes": ["eid"]},
            follow=True,
        )
        self.assertContains(response, "đã khóa")
        self.assertFalse(AggregateValue.objects.filter(entry__unit=self.ward).exists())
        letter.refresh_from_db()
        self.assertIsNone(letter.taken_in_at)
        self.assertFalse(AuditEvent.objects.filter(action="checker.take_in").exists())

    def test_the_take_in_form_validates_dates(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        self.login(self.dave)
        response = self.client.post(
            reverse("checker:take_in", args=[batch.pk, letter.pk]),
            {"as_of": "2023-01-01", "start": "2023-06-26", "codes": ["eid"]},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "errorlist")

    def test_every_page_renders_in_english(self) -> None:
        batch = self.seed_batch()
        letter = batch.letters.get()
        self.login(self.dave)
        self.client.cookies["django_language"] = "en"
        for url in (
            reverse("checker:index"),
            reverse("checker:upload", args=[self.city.code]),
            reverse("checker:batch", args=[batch.pk]),
            reverse("checker:take_in", args=[batch.pk, letter.pk]),
        ):
            response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            self.assertEqual(response.status_code, 200, url)
        self.assertContains(response, "Take the figures in")
        page = self.client.get(reverse("checker:batch", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "stated 55% but")
