"""A move-out: a confirmation page that says what it does, and an undo that restores the
resident exactly as before, logged; refused once something else changed."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.indicators.selectors import indicator_values
from gocua.lib.errors import Problem
from gocua.registry import facts, services
from gocua.registry.models import Change, Resident
from gocua.registry.tests.test_views import make_household
from gocua.testing import BaseTestCase

DAY = dt.date(2024, 3, 10)


def state(resident: Resident) -> dict[str, object]:
    """Every value of the resident the registry describes (facts.py), besides the lock."""
    resident.refresh_from_db()
    names = [*facts.RESIDENT_VALUES, "household_id", "unit_id", "ward_id", "search_name"]
    return {name: getattr(resident, name) for name in names}


@time_machine.travel(dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC), tick=False)
class MoveOutUndoTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.home = make_household(self.kp1, "H1", "Nguyễn Văn An", "Trần Thị Bình")
        self.an = self.home.residents.get(full_name="Nguyễn Văn An")
        Resident.objects.filter(pk=self.an.pk).update(vssid_since=dt.date(2023, 1, 1))
        self.an.refresh_from_db()

    def test_undo_restores_the_resident_exactly_and_is_logged(self) -> None:
        before = state(self.an)
        figures = indicator_values(unit=self.ward, as_of=dt.date(2024, 3, 15))
        moved = services.resident_move_out(
            resident=self.an, version=self.an.version, day=DAY, user=self.alice
        )
        self.assertEqual(moved.moved_out, DAY)
        self.assertTrue(services.move_out_undoable(moved))
        self.assertNotEqual(indicator_values(unit=self.ward, as_of=dt.date(2024, 3, 15)), figures)
        services.resident_move_out_undo(resident=moved, version=moved.version, user=self.alice)
        self.assertEqual(state(self.an), before)
        self.assertEqual(indicator_values(unit=self.ward, as_of=dt.date(2024, 3, 15)), figures)
        rows = list(Change.objects.filter(resident=self.an, field="moved_out").order_by("id"))
        self.assertEqual([(c.old, c.new) for c in rows], [("", "2024-03-10"), ("2024-03-10", "")])
        event = AuditEvent.objects.get(action="registry.resident_move_out_undo")
        self.assertEqual((event.username, event.unit_code), ("alice", "L06700.01"))

    def test_undo_after_another_change_is_refused_with_a_clear_message(self) -> None:
        moved = services.resident_move_out(
            resident=self.an, version=self.an.version, day=DAY, user=self.alice
        )
        version = moved.version
        services.resident_update(resident=moved, version=version, user=self.alice, phone="")
        with self.assertRaises(Problem) as refused:
            services.resident_move_out_undo(resident=moved, version=version, user=self.alice)
        self.assertIn("Không thể hoàn tác", str(refused.exception))
        self.assertIn("cannot undo", str(refused.exception))
        self.an.refresh_from_db()
        self.assertEqual(self.an.moved_out, DAY)
        # Even with the current version: the last change is not the move-out any more.
        with self.assertRaises(Problem):
            services.resident_move_out_undo(
                resident=self.an, version=self.an.version, user=self.alice
            )
        # A resident who never moved out has nothing to undo.
        binh = self.home.residents.get(full_name="Trần Thị Bình")
        with self.assertRaises(Problem):
            services.resident_move_out_undo(resident=binh, version=binh.version, user=self.alice)

    def test_the_pages_confirm_then_offer_the_undo(self) -> None:
        self.login(self.bob)  # a team member of the neighbourhood records move-outs
        resident_page = self.client.get(
            reverse("registry:resident", args=["L06700.01", self.an.pk])
        )
        url = reverse("registry:resident_move_out", args=["L06700.01", self.an.pk])
        self.assertContains(resident_page, f'href="{url}"')
        confirm = self.client.get(url)
        self.assertContains(confirm, "không còn sinh sống trong hộ H1")
        self.assertContains(confirm, "Có thể hoàn tác")
        self.assertContains(confirm, 'data-testid="confirm-button"')
        self.assertIsNone(Resident.objects.get(pk=self.an.pk).moved_out)  # a GET writes nothing
        done = self.client.post(url, {"version": self.an.version, "day": "2024-03-10"})
        household_url = reverse("registry:household", args=["L06700.01", self.home.pk])
        self.assertRedirects(done, f"{household_url}?moved={self.an.pk}&v={self.an.version + 1}")
        page = self.client.get(done["Location"])
        undo = reverse("registry:resident_move_out_undo", args=["L06700.01", self.an.pk])
        self.assertContains(page, f'action="{undo}"')
        back = self.client.post(undo, {"version": self.an.version + 1}, follow=True)
        self.assertContains(back, "Đã hoàn tác")
        self.assertIsNone(Resident.objects.get(pk=self.an.pk).moved_out)
        # The banner is not offered once it no longer applies.
        self.assertNotContains(self.client.get(done["Location"]), f'action="{undo}"')
        again = self.client.post(undo, {"version": self.an.version + 2}, follow=True)
        self.assertContains(again, "Không thể hoàn tác")

    def test_a_resident_already_moved_out_keeps_the_date(self) -> None:
        services.resident_move_out(resident=self.an, version=self.an.version, day=DAY)
        self.an.refresh_from_db()
        self.login(self.bob)
        url = reverse("registry:resident_move_out", args=["L06700.01", self.an.pk])
        resident_url = reverse("registry:resident", args=["L06700.01", self.an.pk])
        for response in (
            self.client.get(url, follow=True),
            self.client.post(url, {"version": self.an.version, "day": "2024-03-15"}, follow=True),
        ):
            self.assertRedirects(response, resident_url)
            self.assertContains(response, "đã được ghi là chuyển đi từ ngày 10/03/2024")
        self.assertEqual(Resident.objects.get(pk=self.an.pk).moved_out, DAY)

    def test_others_get_404(self) -> None:
        services.resident_move_out(
            resident=self.an, version=self.an.version, day=DAY, user=self.alice
        )
        url = reverse("registry:resident_move_out", args=["L06700.01", self.an.pk])
        undo = reverse("registry:resident_move_out_undo", args=["L06700.01", self.an.pk])
        # another ward's officer, another neighbourhood's member, a reader above (404, not 403)
        for user in (self.charlie, self.carol, self.dave):
            self.assertNotFoundFor(user, url)
            self.assertNotFoundFor(user, undo, method="post", version="2")
        # the resident through another neighbourhood's address is not found either
        other = reverse("registry:resident_move_out_undo", args=["L06700.02", self.an.pk])
        self.assertNotFoundFor(self.alice, other, method="post", version="2")
        self.assertEqual(Resident.objects.get(pk=self.an.pk).moved_out, DAY)
