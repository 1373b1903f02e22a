"""The ward officer's "to resolve" list of visits' conflicts: scoped, side by side, one tap."""

from __future__ import annotations

import datetime as dt
import uuid

import time_machine

from gocua.audit.models import AuditEvent
from gocua.lib.text import fold
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import ConflictStatus, Guidance, VisitConflict
from gocua.outreach.visits import ResidentVisit, VisitInput, visit_record
from gocua.registry.models import Household, Resident
from gocua.testing import BaseTestCase


@time_machine.travel(dt.datetime(2024, 3, 15, 10, 0), tick=False)
class ConflictPageTests(BaseTestCase):
    household: Household
    hung: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        install_defaults()
        cls.household = Household.objects.create(ward=cls.ward, unit=cls.kp1, code="H001")
        cls.hung = Resident.objects.create(
            household=cls.household,
            ward=cls.ward,
            unit=cls.kp1,
            full_name="Nguyễn Văn Hùng",
            search_name=fold("Nguyễn Văn Hùng"),
            birth_date=dt.date(1980, 1, 2),
        )

    def make_conflict(self) -> VisitConflict:
        # the officer recorded VssID since 1 March (version 2); the phone saw version 1
        Resident.objects.filter(pk=self.hung.pk).update(vssid_since=dt.date(2024, 3, 1), version=2)
        outcome = visit_record(
            visit=VisitInput(
                household=self.household,
                day=dt.date(2024, 3, 14),
                key=uuid.uuid4(),
                residents=[
                    ResidentVisit(
                        id=self.hung.pk,
                        version=1,
                        facts={"vssid": False, "smartphone": True},
                        seen={"vssid": None, "smartphone": None},
                        guided=["vneid"],
                    )
                ],
            ),
            user=self.bob,
        )
        self.assertEqual(outcome.status, "conflict")
        return VisitConflict.objects.get()

    def url(self, code: str = "L06700", pk: int | None = None) -> str:
        base = f"/u/{code}/outreach/conflicts/"
        return f"{base}{pk}/" if pk else base

    def test_list_side_by_side_and_take_the_visits_value(self) -> None:
        conflict = self.make_conflict()
        self.login(self.alice)
        page = self.client.get(self.url())
        self.assertContains(page, "Lượt đến hộ cần xử lý")
        self.assertContains(page, "Nguyễn Văn Hùng")
        self.assertContains(page, "Có, từ 01/03/2024")  # recorded now
        self.assertContains(page, "<td>Không</td>", html=False)  # the visit says
        self.assertContains(page, "Lấy giá trị của lượt đến hộ")
        response = self.client.post(self.url(pk=conflict.pk), {"choice": "take"})
        self.assertRedirects(response, self.url(), fetch_redirect_response=False)
        self.hung.refresh_from_db()
        self.assertIsNone(self.hung.vssid_since)
        self.assertEqual(self.hung.smartphone_since, dt.date(2024, 3, 14))  # pending applied
        self.assertTrue(Guidance.objects.filter(resident=self.hung, service__code="vneid").exists())
        conflict.refresh_from_db()
        self.assertEqual(
            (conflict.status, conflict.resolved_by), (ConflictStatus.TAKEN, self.alice)
        )
        self.assertTrue(
            AuditEvent.objects.filter(
                action="outreach.visit_conflict_resolve", user=self.alice
            ).exists()
        )
        self.assertEqual(set(self.hung.changes.values_list("source", flat=True)), {"visit"})
        self.assertContains(self.client.get(self.url()), "Không có gì cần xử lý.")
        # resolving twice is refused, nothing changes
        self.client.post(self.url(pk=conflict.pk), {"choice": "keep"})
        conflict.refresh_from_db()
        self.assertEqual(conflict.status, ConflictStatus.TAKEN)

    def test_keep_the_recorded_value(self) -> None:
        conflict = self.make_conflict()
        self.login(self.alice)
        self.client.post(self.url("L06700.01", conflict.pk), {"choice": "keep"})
        self.hung.refresh_from_db()
        self.assertEqual(self.hung.vssid_since, dt.date(2024, 3, 1))
        self.assertEqual(self.hung.smartphone_since, dt.date(2024, 3, 14))
        conflict.refresh_from_db()
        self.assertEqual(conflict.status, ConflictStatus.KEPT)

    def test_outsiders_get_404(self) -> None:
        conflict = self.make_conflict()
        for user in (self.charlie, self.bob, self.carol, self.dave):
            self.assertNotFoundFor(user, self.url())
            self.assertNotFoundFor(user, self.url(pk=conflict.pk), "post", choice="take")
        self.login(self.charlie)
        self.assertEqual(
            self.client.post(
                f"/u/L06679/outreach/conflicts/{conflict.pk}/", {"choice": "take"}
            ).status_code,
            404,
        )
        conflict.refresh_from_db()
        self.assertEqual(conflict.status, ConflictStatus.OPEN)
        self.hung.refresh_from_db()
        self.assertEqual(self.hung.vssid_since, dt.date(2024, 3, 1))

    def test_csrf_required(self) -> None:
        from django.test import Client

        conflict = self.make_conflict()
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(self.url(pk=conflict.pk), {"choice": "take"})
        self.assertEqual(response.status_code, 403)
