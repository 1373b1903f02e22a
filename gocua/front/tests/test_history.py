"""A ward's "Lịch sử thay đổi": who recorded what, when; filters, paging, 404 outside."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gocua.accounts.services import account_create
from gocua.audit.models import AuditEvent
from gocua.audit.services import audit_log
from gocua.registry.models import Resident
from gocua.registry.services import household_add, resident_add
from gocua.testing import BaseTestCase

URL = "/u/L06700/history/"


class HistoryPageTestCase(BaseTestCase):
    resident: Resident

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        household = household_add(unit=cls.kp1, code="H-01", user=cls.bob)
        cls.resident = resident_add(
            household=household,
            full_name="Đinh Thị Mai",
            personal_id="022190001234",
            phone="0987654321",
            user=cls.bob,
        )
        household_add(unit=cls.units["ward2_kp1"], code="H-99", user=cls.charlie)
        account_create(unit=cls.kp2, full_name="Lý Văn Sơn", user=cls.alice)

    def rows(self, query: str = "") -> list[str]:
        response = self.client.get(URL + query)
        self.assertEqual(response.status_code, 200)
        return [
            r.split("</li>")[0]
            for r in response.content.decode().split('data-testid="history-row"')[1:]
        ]

    def test_it_says_who_recorded_what(self) -> None:
        self.login(self.alice)
        rows = self.rows()
        self.assertEqual(len(rows), 3)
        page = "".join(rows)
        self.assertIn("Đinh Thị Mai", page)  # the resident's page, linked
        self.assertIn(f"/u/L06700/registry/r/{self.resident.pk}/", page)
        self.assertIn("Bob", page)
        self.assertNotIn("H-99", page)  # another ward's
        self.assertNotIn("022190001234", page)
        self.assertNotIn("0987654321", page)

    def test_it_filters_by_person_kind_and_day(self) -> None:
        self.login(self.alice)
        self.assertEqual(len(self.rows(f"?person={self.bob.pk}")), 2)
        self.assertEqual(len(self.rows(f"?person={self.alice.pk}")), 1)
        self.assertEqual(len(self.rows("?kind=login")), 1)
        self.assertEqual(len(self.rows("?kind=registry")), 2)
        self.assertEqual(len(self.rows("?kind=visit")), 0)
        today = timezone.localdate(AuditEvent.objects.first().at)  # type: ignore[union-attr]
        self.assertEqual(len(self.rows(f"?day={today.isoformat()}")), 3)
        self.assertEqual(len(self.rows(f"?day={today - dt.timedelta(days=1)}")), 0)
        # A person of another ward is no filter here: everyone's rows stay.
        self.assertEqual(len(self.rows(f"?person={self.charlie.pk}")), 3)
        response = self.client.get(URL + "?day=31/02/2026")
        self.assertEqual(response.status_code, 200)

    def test_it_pages(self) -> None:
        for n in range(35):
            audit_log(
                action="outreach.session.create", user=self.bob, unit_code="L06700.01", object_id=n
            )
        self.login(self.alice)
        self.assertEqual(len(self.rows("?kind=session")), 30)
        self.assertEqual(len(self.rows("?kind=session&page=2")), 5)
        self.assertContains(self.client.get(URL + "?kind=session"), "kind=session&amp;page=2")

    def test_every_action_is_named_in_words(self) -> None:
        """The undo and the restore are not "recorded a session" or "changed the registry"."""
        actions = {
            "outreach.session.restore": "khôi phục một buổi tuyên truyền đã xóa",
            "registry.resident_move_out_undo": "hoàn tác việc ghi chuyển đi",
            "outreach.member_skills.set": "ghi mức kỹ năng của thành viên",
            "guides.guide.edit": "sửa một hướng dẫn",
        }
        for action in actions:
            audit_log(action=action, user=self.alice, unit_code="L06700")
        self.login(self.alice)
        page = "".join(self.rows())
        for words in actions.values():
            self.assertIn(words, page)
        self.assertNotIn("title=", page)  # no raw action code, even on hover

    def test_it_says_when_the_filters_find_nothing(self) -> None:
        self.login(self.alice)
        response = self.client.get(URL + "?kind=visit")
        self.assertContains(response, "Không có việc nào khớp với bộ lọc này.")
        self.assertContains(response, f'href="{URL}"')  # the way back to everything
        self.assertContains(response, "Lọc</button>")  # the verb, not Django's "Bộ lọc"

    def test_it_is_404_outside_the_scope(self) -> None:
        for user in (self.charlie, self.bob, self.carol):
            self.assertNotFoundFor(user, URL)
        self.assertNotFoundFor(self.bob, "/u/L06700.01/history/")
        self.assertNotFoundFor(self.alice, "/u/L06679/history/")
        self.assertNotFoundFor(self.alice, "/u/L193/history/")
        self.login(self.dave)
        self.assertEqual(len(self.rows()), 3)

    def test_its_queries_do_not_grow_with_the_rows(self) -> None:
        self.login(self.alice)
        self.client.get(URL)  # sessions, caches
        for n in range(20):
            household = household_add(unit=self.kp2, code=f"Q-{n}", user=self.carol)
            resident_add(household=household, full_name=f"Người {n}", user=self.carol)
        # At most: session, user, unit, its parent, people, count, crumbs, events, and one
        # query each for the residents, households and logins the page's rows are about.
        with CaptureQueriesContext(connection) as queries:
            self.client.get(URL)
        self.assertLessEqual(len(queries), 11)
