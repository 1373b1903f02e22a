"""An import and a save in another ward racing on one personal ID (issue 12's closing note:
"an import's version check covers only its own unit").

The import matches its file outside the write lock; if, before it writes, a person with
one of its personal IDs is saved as living in another ward (the web form, another import),
the write meets the database's rule (one living resident per personal ID) and matches the
file again: the row is "registered elsewhere" as in any import, the file refused (or the
row skipped with ``--skip-invalid``), nothing half-written, never a 500 or a traceback.
The other way round, a save that meets an ID an import has just written gets the form's
usual "registered elsewhere" message.

On SQLite the writers take turns (``BEGIN IMMEDIATE``), so the save between matching and
writing is exactly the race; PostgreSQL's own interleaving (the import's insert waiting
for the other ward's uncommitted one) is :class:`WaitingOnAnUncommittedWriteTestCase`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test import Client, TransactionTestCase
from django.urls import reverse

from gocua.accounts.models import Role
from gocua.audit.models import AuditEvent
from gocua.registry import services
from gocua.registry.importer import RosterImport
from gocua.registry.models import Household, ImportJob, Resident
from gocua.registry.privacy import ACTION
from gocua.registry.tests.helpers import HEADER, RosterTestCase, make_household
from gocua.testing import make_hierarchy, make_user, run_console

NUMBER = "022090000777"
COLUMNS = HEADER.count(",") + 1


def line(*values: str) -> str:
    return ",".join([*values, *[""] * (COLUMNS - len(values))]) + "\n"


# Phan Văn Nam (line 2) carries the ID the other ward saves meanwhile; Hoa (line 3) does not.
ROSTER = (
    HEADER
    + "\n"
    + line("H9", "Khu phố 1", "", "Phan Văn Nam", "1990-02-03", "Nam", NUMBER)
    + line("H9", "Khu phố 1", "", "Phan Thị Hoa", "1992-04-05", "Nữ")
)


class RaceTestCase(RosterTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.b_home = make_household(self.units["ward2_kp1"], "B1", "Lê Văn Bảy")
        self.runs = 0

    @contextlib.contextmanager
    def saved_meanwhile(self, save: Callable[[], Any]) -> Iterator[None]:
        """``save`` runs once, after the first (written) import has matched its file and
        before it writes: the seam between the two phases of :func:`roster_import`."""
        real_run = RosterImport.run
        state = {"done": False, "inside": False}

        def run(job: RosterImport) -> Any:
            if state["inside"]:  # the save is itself an import
                return real_run(job)
            result = real_run(job)
            if not job.dry_run:
                self.runs += 1
                if not state["done"]:
                    state["done"] = state["inside"] = True
                    try:
                        save()
                    finally:
                        state["inside"] = False
            return result

        with mock.patch.object(RosterImport, "run", run):
            yield

    def web_save_in_b(self) -> None:
        """Charlie, officer of Hùng Thắng, adds a newcomer with the ID through the form (in
        a browser of his own)."""
        charlie = Client()
        charlie.force_login(self.charlie)
        response = charlie.post(
            reverse("registry:resident_add", args=["L06679", self.b_home.pk]),
            {
                "kind": "newcomer",
                "full_name": "Phan Văn Nam",
                "birth": "03/02/1990",
                "personal_id": NUMBER,
                "moved_in": "01/06/2023",
            },
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[-2000:])

    def living_in_b(self) -> Resident:
        return Resident.objects.get(personal_id=NUMBER, moved_out__isnull=True)

    def h9(self) -> int:
        return Resident.objects.filter(household__code="H9").count()


class ImportMeetsASaveInAnotherWardTestCase(RaceTestCase):
    def test_the_file_is_matched_again_and_refused_as_registered_elsewhere(self) -> None:
        households, residents = self.counts()
        with self.saved_meanwhile(self.web_save_in_b):
            result = self.load(ROSTER, user=self.alice)
        self.assertEqual(self.runs, 2)  # matched, met the other ward's save, matched again
        self.assertTrue(result.refused)
        self.assertFalse(result.written)
        self.assertEqual(result.error_count, 1)
        # The message of any import naming a number registered elsewhere; alice (officer of
        # Tuần Châu) is not told which ward.
        self.assertIssue(result, 2, "so_dinh_danh", "đã được đăng ký cho một người ở nơi khác")
        self.assertIssue(result, 2, "so_dinh_danh", "registered to someone elsewhere")
        self.assertNotIn("Hùng Thắng", str(result.errors[0]))
        # All or nothing: only the other ward's save is there.
        self.assertEqual(self.counts(), (households, residents + 1))
        self.assertEqual(self.living_in_b().ward, self.ward2)
        self.assertEqual(self.h9(), 0)
        self.assertFalse(AuditEvent.objects.filter(action="roster.import"))
        # The lookup of the second matching is logged, as in any import.
        event = AuditEvent.objects.get(action=ACTION, username="alice")
        self.assertEqual(event.detail, {"ids": [NUMBER], "units": ["L06679"]})

    def test_with_skip_invalid_the_rest_of_the_file_goes_in(self) -> None:
        with self.saved_meanwhile(self.web_save_in_b):
            result = self.load(ROSTER, user=self.alice, skip_invalid=True)
        self.assertEqual(self.runs, 2)
        self.assertTrue(result.written)
        self.assertEqual((result.created, result.skipped), (1, 1))
        self.assertIssue(result, 2, "so_dinh_danh", "nơi khác")
        self.assertEqual(
            list(Resident.objects.filter(household__code="H9").values_list("full_name", flat=True)),
            ["Phan Thị Hoa"],
        )
        self.assertEqual(self.living_in_b().ward, self.ward2)

    def test_the_other_save_may_be_an_import_too(self) -> None:
        other = HEADER + "\n" + line("B7", "Khu phố 1", "", "Phan Văn Nam", "1990", "", NUMBER)

        def import_in_b() -> None:
            done = self.load(other, name="b.csv", unit=self.ward2, user=self.charlie)
            self.assertTrue(done.written, done.errors)

        with self.saved_meanwhile(import_in_b):
            result = self.load(ROSTER, user=self.alice)
        self.assertTrue(result.refused)
        self.assertIssue(result, 2, "so_dinh_danh", "nơi khác")
        self.assertEqual(self.living_in_b().household.code, "B7")
        self.assertEqual(self.h9(), 0)

    def test_the_command_line_exits_1_naming_the_row(self) -> None:
        path = str(self.write(ROSTER))
        with self.saved_meanwhile(self.web_save_in_b):
            status, _out, err = run_console(
                "import-roster", path, "--unit", "L06700", "--as-of", "2023-06-26"
            )
        self.assertEqual(status, 1, err)
        self.assertIn("line 2, column so_dinh_danh", err)
        # The command line is the machine's operator: it is told where the number lives.
        self.assertIn("Phường Hùng Thắng (L06679); hãy ghi chuyển đi ở đó trước", err)
        self.assertIn("record the move out there first", err)
        self.assertIn("bị từ chối, không ghi gì", err)
        self.assertNotIn("Traceback", err)
        self.assertEqual(self.h9(), 0)

    def test_the_web_import_job_ends_with_the_reason(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            reverse("registry:import", args=["L06700"]),
            {"file": SimpleUploadedFile("ds.csv", ROSTER.encode()), "as_of": "2023-06-26"},
        )
        self.assertContains(response, "confirm-import")  # the check found nothing wrong
        with self.saved_meanwhile(self.web_save_in_b):
            confirmed = self.client.post(
                reverse("registry:import_confirm", args=["L06700"]), {"confirm": "1"}
            )
        self.assertEqual(confirmed.status_code, 302, confirmed.content.decode()[-3000:])
        job = ImportJob.objects.get()
        self.assertEqual(job.status, ImportJob.Status.FAILED)
        self.assertIsNotNone(job.finished_at)
        ended = self.client.get(confirmed["Location"], follow=True)
        self.assertRedirects(ended, reverse("registry:index", args=["L06700"]))
        page = ended.content.decode()
        self.assertIn("bị từ chối, không ghi gì", page)
        self.assertIn("Dòng 2, cột so_dinh_danh", page)
        self.assertIn("đã được đăng ký cho một người ở nơi khác", page)
        self.assertNotIn("Hùng Thắng", page)
        self.assertNotIn("Lỗi không mong đợi", page)
        self.assertEqual(self.h9(), 0)

    def test_an_import_the_other_ward_changed_three_times_is_one_clear_line(self) -> None:
        """Each write meets a new number saved meanwhile (a busy ward) and each matching
        skips one more row: after three the import stops with one line, nothing written."""
        numbers = [f"02209000088{n}" for n in range(3)]
        roster = (
            HEADER
            + "\n"
            + "".join(
                line(f"H{n}", "Khu phố 1", "", f"Người {n}", "1990", "", number)
                for n, number in enumerate(numbers)
            )
        )
        real_run = RosterImport.run
        saved = iter(numbers)

        def run(job: RosterImport) -> Any:
            result = real_run(job)
            number = next(saved, None)
            if number is not None:
                Resident.objects.create(
                    household=self.b_home,
                    ward=self.ward2,
                    unit=self.b_home.unit,
                    full_name="Người khác",
                    personal_id=number,
                )
            return result

        # (without --skip-invalid the second matching refuses the file: above)
        with (
            mock.patch.object(RosterImport, "run", run),
            self.assertRaises(services.Problem) as raised,
        ):
            self.load(roster, user=self.alice, skip_invalid=True)
        self.assertIn("hãy nhập lại sau ít phút", str(raised.exception))
        self.assertIn("import it again in a few minutes", str(raised.exception))
        self.assertFalse(Resident.objects.filter(ward=self.ward, full_name__startswith="Người"))


class SaveMeetsAnImportedIdTestCase(RaceTestCase):
    """Ward B's forms after (or while) ward A's import wrote the ID."""

    def imported_in_a(self) -> None:
        done = self.load(ROSTER, user=self.alice)
        self.assertTrue(done.written, done.errors)

    def add_in_b(self) -> Any:
        self.client.force_login(self.charlie)
        return self.client.post(
            reverse("registry:resident_add", args=["L06679", self.b_home.pk]),
            {
                "kind": "newcomer",
                "full_name": "Phan Văn Nam",
                "birth": "1990",
                "personal_id": NUMBER,
                "moved_in": "01/06/2023",
            },
        )

    @contextlib.contextmanager
    def imported_after_the_check(self) -> Iterator[None]:
        """Ward A's import commits after the save looked for the ID elsewhere and before it
        writes (a web save and an import racing on PostgreSQL)."""
        real = services._living_elsewhere
        state = {"done": False}

        def check(resident: Resident, user: Any) -> None:
            real(resident, user)
            if not state["done"]:
                state["done"] = True
                self.imported_in_a()

        with mock.patch.object(services, "_living_elsewhere", check):
            yield
        self.assertTrue(state["done"])

    def assertElsewhere(self, response: Any) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "đã được đăng ký cho một người ở nơi khác")
        self.assertNotContains(response, "Tuần Châu")

    def test_after_the_import_the_form_says_registered_elsewhere(self) -> None:
        self.imported_in_a()
        self.assertElsewhere(self.add_in_b())

    def test_a_save_racing_the_import_gets_the_same_message_not_a_500(self) -> None:
        with self.imported_after_the_check():
            response = self.add_in_b()
        self.assertElsewhere(response)
        self.assertFalse(self.b_home.residents.filter(personal_id=NUMBER))
        # The second look, after the database refused the save, is logged like the first.
        looks = AuditEvent.objects.filter(action=ACTION, username="charlie")
        self.assertEqual([e.detail["ids"] for e in looks], [[NUMBER]])

    def test_an_edit_racing_the_import_gets_the_same_message(self) -> None:
        bay = self.b_home.residents.get()
        self.client.force_login(self.charlie)
        with self.imported_after_the_check():
            response = self.client.post(
                reverse("registry:resident_edit", args=["L06679", bay.pk]),
                {
                    "version": bay.version,
                    "full_name": bay.full_name,
                    "birth": "02/01/1980",
                    "sex": "M",
                    "personal_id": NUMBER,
                    "phone": bay.phone,
                    "eid_level": "0",
                },
            )
        self.assertElsewhere(response)
        bay.refresh_from_db()
        self.assertNotEqual(bay.personal_id, NUMBER)

    def test_an_undone_move_out_racing_the_import_is_refused_the_same_way(self) -> None:
        bay = self.b_home.residents.get()
        Resident.objects.filter(pk=bay.pk).update(personal_id=NUMBER)
        bay.refresh_from_db()
        bay = services.resident_move_out(
            resident=bay, version=bay.version, day=dt.date(2023, 5, 1), user=self.charlie
        )
        with self.imported_after_the_check(), self.assertRaises(services.Problem) as raised:
            services.resident_move_out_undo(resident=bay, version=bay.version, user=self.charlie)
        self.assertIn("đã được đăng ký cho một người ở nơi khác", str(raised.exception))
        bay.refresh_from_db()
        self.assertIsNotNone(bay.moved_out)


class WaitingOnAnUncommittedWriteTestCase(TransactionTestCase):
    """PostgreSQL, two connections: one side has written the ID and not yet committed when
    the other writes it; the second waits, then meets the rule once the first commits."""

    def setUp(self) -> None:
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's row locks; on SQLite writers take turns (above)")
        self.units = make_hierarchy()
        self.alice = make_user("alice", Role.WARD_OFFICER, self.units["ward"])
        self.charlie = make_user("charlie", Role.WARD_OFFICER, self.units["ward2"])
        self.b_home = make_household(self.units["ward2_kp1"], "B1", "Lê Văn Bảy")
        scratch = tempfile.TemporaryDirectory()
        self.addCleanup(scratch.cleanup)
        self.path = Path(scratch.name) / "ds.csv"
        self.path.write_text(ROSTER, encoding="utf-8")
        self.out: dict[str, Any] = {}
        self.runs = 0

    def in_thread(self, name: str, work: Callable[[], Any]) -> threading.Thread:
        def run() -> None:
            try:
                self.out[name] = work()
            except Exception as error:
                self.out[name] = error
            finally:
                connections.close_all()

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    def save_in_b(self) -> Resident:
        return services.resident_add(
            household=self.b_home,
            full_name="Phan Văn Nam",
            personal_id=NUMBER,
            moved_in=dt.date(2023, 6, 1),
            user=self.charlie,
        )

    def import_in_a(self) -> Any:
        return services.roster_import(
            path=self.path, unit=self.units["ward"], as_of=dt.date(2023, 6, 26), user=self.alice
        )

    def test_the_import_waits_for_the_save_then_refuses_the_row(self) -> None:
        inserted, release, matched = threading.Event(), threading.Event(), threading.Event()

        def held_save() -> Resident:
            with transaction.atomic():
                saved = self.save_in_b()
                inserted.set()
                release.wait(30)
            return saved

        real_run = RosterImport.run

        def run(job: RosterImport) -> Any:
            done = real_run(job)
            self.runs += 1
            matched.set()
            return done

        b = self.in_thread("save", held_save)
        self.assertTrue(inserted.wait(30))
        with mock.patch.object(RosterImport, "run", run):
            a = self.in_thread("import", self.import_in_a)
            self.assertTrue(matched.wait(30))
            waited = _wait_for_a_lock_wait(10)  # the import's insert, on B's row
            release.set()
            b.join(30)
            a.join(60)
        self.assertTrue(waited, "the import never waited on the other ward's row")
        self.assertIsInstance(self.out["save"], Resident)
        result = self.out["import"]
        self.assertNotIsInstance(result, Exception, result)
        self.assertEqual(self.runs, 2)
        self.assertTrue(result.refused)
        self.assertIn("đã được đăng ký cho một người ở nơi khác", str(result.errors[0]))
        self.assertEqual(Household.objects.filter(code="H9").count(), 0)
        self.assertEqual(Resident.objects.get(personal_id=NUMBER).ward, self.units["ward2"])

    def test_the_save_waits_for_the_import_then_gets_the_form_message(self) -> None:
        written, release = threading.Event(), threading.Event()
        real_write = RosterImport.write

        def write(job: RosterImport) -> None:
            real_write(job)  # in the import's transaction, not yet committed
            written.set()
            release.wait(30)

        with mock.patch.object(RosterImport, "write", write):
            a = self.in_thread("import", self.import_in_a)
            self.assertTrue(written.wait(30))
            b = self.in_thread("save", self.save_in_b)
            waited = _wait_for_a_lock_wait(10)  # the save's insert, on the import's row
            release.set()
            a.join(60)
            b.join(30)
        self.assertTrue(waited, "the save never waited on the import's row")
        self.assertTrue(self.out["import"].written)
        problem = self.out["save"]
        self.assertIsInstance(problem, services.Problem, problem)
        # charlie (officer of Hùng Thắng) is not told which ward: the form's usual message
        self.assertIn("đã được đăng ký cho một người ở nơi khác", str(problem))
        self.assertEqual(Resident.objects.get(personal_id=NUMBER).ward, self.units["ward"])
        self.assertFalse(self.b_home.residents.filter(full_name="Phan Văn Nam"))


def _wait_for_a_lock_wait(seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False
