"""Registry pages: who sees what, masking, history, optimistic locking, import and export.

The visit form on a household is outreach's: gocua/outreach/tests/test_visit_form.py."""

from __future__ import annotations

import datetime as dt
import io

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.registry import services
from gocua.registry.models import Household, ImportJob, Resident
from gocua.registry.tests.helpers import GOOD, HEADER, HouseholdsTestCase, make_household

TODAY = dt.date(2024, 3, 15)


@time_machine.travel(dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC), tick=False)
class RegistryPagesTestCase(HouseholdsTestCase):
    def url(self, name: str, code: str = "L06700.01", *args: object) -> str:
        return reverse(f"registry:{name}", args=[code, *args])

    # Scoping ---------------------------------------------------------------------

    def test_outsiders_get_404_on_every_page(self) -> None:
        pages = [
            self.url("index"),
            self.url("household", "L06700.01", self.h1.pk),
            self.url("household_edit", "L06700.01", self.h1.pk),
            self.url("resident_add", "L06700.01", self.h1.pk),
            self.url("household_add"),
            self.url("resident", "L06700.01", self.an.pk),
            self.url("resident_edit", "L06700.01", self.an.pk),
            self.url("resident_move_out", "L06700.01", self.an.pk),
        ]
        for url in pages:
            self.assertNotFoundFor(self.charlie, url)
            self.assertNotFoundFor(self.carol, url)
            self.assertNotFoundFor(self.carol, url, method="post")
        for url in [
            self.url("index", "L06700"),
            self.url("import", "L06700"),
            self.url("export", "L06700"),
        ]:
            self.assertNotFoundFor(self.charlie, url)
            self.assertNotFoundFor(self.carol, url)
            self.assertNotFoundFor(self.bob, url)

    def test_a_member_sees_only_their_neighbourhood_even_through_another_code(self) -> None:
        self.login(self.bob)
        self.assertEqual(self.client.get(self.url("index")).status_code, 200)
        # KP2's household through bob's own neighbourhood code: not in the subtree.
        self.assertNotFoundFor(self.bob, self.url("household", "L06700.01", self.h2.pk))
        self.assertNotFoundFor(self.bob, self.url("household", "L06700.02", self.h2.pk))

    def test_ward_officers_see_their_ward_and_upper_officers_only_read(self) -> None:
        self.login(self.alice)
        page = self.client.get(self.url("index", "L06700"))
        self.assertContains(page, "H1")
        self.assertContains(page, "H2")
        self.assertContains(page, self.url("import", "L06700"))
        self.login(self.dave)
        page = self.client.get(self.url("household", "L06700", self.h1.pk))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("household_visit", args=["L06700", self.h1.pk]))
        for url in (
            self.url("resident_edit", "L06700", self.an.pk),
            self.url("import", "L06700"),
            self.url("export", "L06700"),
        ):
            self.assertNotFoundFor(self.dave, url)

    def test_the_unit_page_offers_the_registry(self) -> None:
        self.login(self.bob)
        page = self.client.get(reverse("unit", args=["L06700.01"]))
        self.assertContains(page, self.url("index"))

    # Search and lists -----------------------------------------------------------------

    def test_search_by_code_address_or_name_without_diacritics(self) -> None:
        self.login(self.alice)
        for query in ("nguyen van an", "TRAN THI", "ngo hoa", "h1"):
            page = self.client.get(self.url("index", "L06700"), {"q": query})
            self.assertContains(page, "Nguyễn Văn An", msg_prefix=query)
            self.assertNotContains(page, "Lê Văn Cường", msg_prefix=query)

    def test_list_pages_make_a_fixed_number_of_queries(self) -> None:
        self.login(self.alice)
        url = self.url("index", "L06700")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(10):
            make_household(self.kp1, f"X{n}", f"Người {n}", f"Người khác {n}")
        with self.assertNumQueries(len(few)):
            self.client.get(url)
        household = self.url("household", "L06700", self.h1.pk)
        with CaptureQueriesContext(connection) as few:
            self.client.get(household)
        make_household(self.kp1, "Y", "A", "B", "C", "D")
        for resident in Resident.objects.filter(household__code="Y"):
            resident.household = self.h1
            resident.save()
        with self.assertNumQueries(len(few)):
            self.client.get(household)

    def test_pages_show_the_history_of_an_import_from_the_command_line(self) -> None:
        from gocua.registry.services import roster_import

        roster_import(file=io.BytesIO(GOOD.encode()), name="r.csv", unit=self.ward)
        household = Household.objects.get(code="H001")
        self.login(self.alice)
        page = self.client.get(self.url("household", "L06700", household.pk))
        self.assertContains(page, "dòng lệnh")  # who: the command line
        self.assertContains(page, "nhập danh sách")  # source: roster import
        resident = household.residents.get(full_name="Nguyễn Văn An")
        self.assertEqual(
            self.client.get(self.url("resident", "L06700", resident.pk)).status_code, 200
        )

    # Masking -----------------------------------------------------------------------

    def test_full_numbers_only_for_ward_officers_on_the_resident_page(self) -> None:
        number = self.an.personal_id
        assert number
        resident = self.url("resident", "L06700", self.an.pk)
        self.login(self.alice)
        page = self.client.get(resident)
        self.assertContains(page, number)
        self.assertContains(page, "0912345678")
        household = self.client.get(self.url("household", "L06700", self.h1.pk))
        self.assertNotContains(household, number)
        self.assertContains(household, "••••••••" + number[-4:])
        self.assertNotContains(household, "0912345678")
        for user, code in ((self.bob, "L06700.01"), (self.dave, "L06700")):
            self.login(user)
            page = self.client.get(self.url("resident", code, self.an.pk))
            self.assertNotContains(page, number)
            self.assertNotContains(page, "0912345678")
            self.assertContains(page, "••••••••5678")
        self.login(self.bob)
        form = self.client.get(self.url("resident_edit", "L06700.01", self.an.pk))
        self.assertNotContains(form, number)
        self.assertNotContains(form, "0912345678")

    def test_the_resident_page_says_each_e_id_level_once(self) -> None:
        self.login(self.alice)
        page = self.url("resident", "L06700", self.an.pk)
        Resident.objects.filter(pk=self.an.pk).update(
            eid_level=2, eid_since=dt.date(2023, 1, 5), eid2_since=dt.date(2023, 6, 26)
        )
        text = self.client.get(page).content.decode()
        self.assertIn("mức 2 · 26/06/2023 (mức 1 05/01/2023)", text)
        self.assertEqual(text.count("mức 2"), 1)
        Resident.objects.filter(pk=self.an.pk).update(eid_since=dt.date(2023, 6, 26))
        text = self.client.get(page).content.decode()  # level 2 at once: no level 1 date
        self.assertIn("mức 2 · 26/06/2023</dd>", text)
        self.assertNotIn("mức 1", text)
        Resident.objects.filter(pk=self.an.pk).update(eid_level=1, eid2_since=None)
        self.assertContains(self.client.get(page), "mức 1 · 26/06/2023</dd>")

    # Edits, history, locking ------------------------------------------------------------

    def edit_data(self, resident: Resident, **changes: object) -> dict[str, object]:
        data: dict[str, object] = {
            "version": resident.version,
            "full_name": resident.full_name,
            "birth": resident.birth_date.isoformat() if resident.birth_date else "",
            "sex": resident.sex,
            "personal_id": resident.personal_id or "",
            "phone": resident.phone,
            "eid_level": resident.eid_level,
        }
        data.update(changes)
        return data

    def test_an_edit_is_kept_in_the_history(self) -> None:
        self.login(self.bob)
        url = self.url("resident_edit", "L06700.01", self.an.pk)
        response = self.client.post(
            url,
            self.edit_data(
                self.an,
                full_name="Nguyễn Văn Ân",
                personal_id="",
                phone="",
                smartphone_since="2024-03-01",
            ),
        )
        self.assertRedirects(response, self.url("resident", "L06700.01", self.an.pk))
        self.an.refresh_from_db()
        self.assertEqual((self.an.full_name, self.an.version), ("Nguyễn Văn Ân", 2))
        self.assertEqual(self.an.phone, "0912345678")  # empty: kept, for a member
        self.assertEqual(
            set(self.an.changes.values_list("field", "old", "new", "user__username", "source")),
            {
                ("full_name", "Nguyễn Văn An", "Nguyễn Văn Ân", "bob", "web"),
                ("smartphone_since", "", "2024-03-01", "bob", "web"),
            },
        )
        page = self.client.get(self.url("resident", "L06700.01", self.an.pk))
        self.assertContains(page, "Nguyễn Văn An")  # the old value in the history
        self.assertTrue(AuditEvent.objects.filter(action="registry.resident_update").exists())

    def test_the_later_of_two_concurrent_edits_is_refused(self) -> None:
        url = self.url("resident_edit", "L06700", self.an.pk)
        first = self.edit_data(self.an, full_name="Nguyễn Văn Anh")
        second = self.edit_data(self.an, full_name="Nguyễn Văn Ánh")
        self.login(self.alice)
        self.assertEqual(self.client.post(url, first).status_code, 302)
        response = self.client.post(url, second)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "tải lại trang", status_code=409)
        self.an.refresh_from_db()
        self.assertEqual((self.an.full_name, self.an.version), ("Nguyễn Văn Anh", 2))
        self.assertEqual(self.an.changes.count(), 1)

    def test_household_edit_is_locked_and_recorded(self) -> None:
        self.login(self.alice)
        url = self.url("household_edit", "L06700", self.h1.pk)
        data = {"version": 1, "code": "H1", "unit": str(self.kp2.pk), "address": "Số 7"}
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.h1.refresh_from_db()
        self.assertEqual((self.h1.unit, self.h1.address, self.h1.version), (self.kp2, "Số 7", 2))
        self.assertEqual(set(self.h1.residents.values_list("unit", flat=True)), {self.kp2.pk})
        self.assertEqual(self.client.post(url, {**data, "address": "Số 8"}).status_code, 409)
        self.assertEqual(
            set(self.h1.changes.values_list("field", "new")),
            {("unit", "Khu phố 2"), ("address", "Số 7")},
        )

    def test_add_a_newborn_and_mark_someone_moved_out(self) -> None:
        self.login(self.bob)
        response = self.client.post(
            self.url("resident_add", "L06700.01", self.h1.pk),
            {"kind": "newborn", "full_name": "Nguyễn Bé Na", "birth": "10/03/2024", "sex": "F"},
        )
        self.assertEqual(response.status_code, 302)
        baby = Resident.objects.get(full_name="Nguyễn Bé Na")
        self.assertEqual(
            (baby.birth_date, baby.moved_in, baby.unit), (dt.date(2024, 3, 10), None, self.kp1)
        )
        self.assertTrue(baby.changes.filter(field="created", user=self.bob).exists())
        response = self.client.post(
            self.url("resident_add", "L06700.01", self.h1.pk),
            {"kind": "newcomer", "full_name": "Phạm Văn Mới", "birth": "1990"},
        )
        newcomer = Resident.objects.get(full_name="Phạm Văn Mới")
        self.assertEqual((newcomer.moved_in, newcomer.birth_year_only), (TODAY, True))
        response = self.client.post(
            self.url("resident_move_out", "L06700.01", self.an.pk),
            {"version": 1, "day": "2024-03-14"},
        )
        self.assertEqual(response.status_code, 302)
        self.an.refresh_from_db()
        self.assertEqual(self.an.moved_out, dt.date(2024, 3, 14))
        future = self.client.post(
            self.url("resident_move_out", "L06700.01", newcomer.pk),
            {"version": 1, "day": "2024-03-16"},
        )
        self.assertEqual(future.status_code, 200)
        newcomer.refresh_from_db()
        self.assertIsNone(newcomer.moved_out)

    def test_a_bad_personal_id_in_a_form_is_explained(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            self.url("resident_edit", "L06700", self.an.pk),
            self.edit_data(self.an, personal_id="123"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "12 chữ số")
        self.an.refresh_from_db()
        self.assertEqual(self.an.version, 1)

    # Import and export on the web ----------------------------------------------------------

    def upload(self, content: bytes, name: str = "roster.csv") -> HttpResponse:
        return self.client.post(  # type: ignore[return-value]
            self.url("import", "L06700"),
            {"file": SimpleUploadedFile(name, content), "as_of": "2023-06-26"},
        )

    def test_the_web_import_lists_every_error_before_writing(self) -> None:
        self.login(self.alice)
        before = Resident.objects.count()
        bad = (
            f"{HEADER}\nH9,Khu phố 1,,Lý Văn A,2099,,,,,,,,,,,,,,,\n"
            "H9,Khu phố 1,,,1990,,,,,,,,,,,,,,,\nH8,Khu phố 1,,Lý Văn C,1990,,,,,,,,,,,,,,,\n"
        )
        response = self.upload(bad.encode())
        self.assertContains(response, "Dòng 2, cột ngay_sinh")
        self.assertContains(response, "Dòng 3, cột ho_ten")
        self.assertEqual(Resident.objects.count(), before)
        confirmed = self.client.post(self.url("import_confirm", "L06700"), {"skip_invalid": "1"})
        job = ImportJob.objects.get()
        self.assertRedirects(
            confirmed, self.url("import_job", "L06700", job.pk), target_status_code=302
        )
        ended = self.client.get(confirmed["Location"], follow=True)
        self.assertRedirects(ended, self.url("index", "L06700"))
        self.assertContains(ended, "thêm 1")  # the result, on the registry
        self.assertEqual(Resident.objects.count(), before + 1)
        self.assertEqual(job.status, ImportJob.Status.DONE)
        # another ward's officer does not see it
        self.login(self.charlie)
        self.assertEqual(self.client.get(confirmed["Location"]).status_code, 404)
        self.assertEqual(self.client.get(self.url("import_job", "L06679", job.pk)).status_code, 404)

    def test_a_running_import_has_a_page_that_refreshes_itself(self) -> None:
        self.login(self.alice)
        job = ImportJob.objects.create(
            unit=self.ward, user=self.alice, name="ds.xlsx", token="x", as_of=dt.date(2024, 3, 1)
        )
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
        response = self.client.get(self.url("import_job", "L06700", job.pk))
        self.assertContains(response, '<meta http-equiv="refresh" content="2">', html=False)
        self.assertContains(response, "Đang nhập")
        # the server stopped while it ran: marked failed when it starts again
        self.assertEqual(services.import_jobs_recover(), 1)
        ended = self.client.get(self.url("import_job", "L06700", job.pk), follow=True)
        self.assertRedirects(ended, self.url("index", "L06700"))
        self.assertContains(ended, "bị ngắt khi máy chủ dừng")

    def test_the_web_import_of_a_good_file_after_confirming(self) -> None:
        self.login(self.alice)
        response = self.upload(GOOD.encode())
        self.assertContains(response, "confirm-import")
        self.assertFalse(
            Resident.objects.filter(full_name="Trần Thị Bình", household__code="H001").exists()
        )
        confirmed = self.client.post(self.url("import_confirm", "L06700"), {"confirm": "1"})
        self.assertEqual(self.client.get(confirmed["Location"]).status_code, 302)
        self.assertTrue(Resident.objects.filter(household__code="H001").count() == 3)
        self.assertEqual(AuditEvent.objects.get(action="roster.import").username, "alice")

    def test_an_unreadable_file_is_one_clear_line(self) -> None:
        self.login(self.alice)
        response = self.upload(b"\n\n", "empty.csv")
        self.assertContains(response, "rỗng", status_code=400)

    def test_export_is_for_ward_officers_and_logged(self) -> None:
        self.login(self.alice)
        response = self.client.post(self.url("export", "L06700"), {"format": "csv"})
        content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        self.assertTrue(content.startswith(b"\xef\xbb\xbfma_ho,"))
        self.assertIn("Nguyễn Văn An".encode(), content)
        self.assertEqual(AuditEvent.objects.get(action="roster.export").rows, 3)
        response = self.client.post(self.url("export", "L06700"), {"format": "xlsx"})
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet is not None
        self.assertEqual(sheet.max_row, 4)
