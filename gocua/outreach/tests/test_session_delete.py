"""Deleting a session: a confirmation page, a soft delete hidden from every reading, an undo
within the window, refused after it, and the purge."""

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.indicators.selectors import indicator_values
from gocua.lib.errors import Problem
from gocua.outreach import selectors
from gocua.outreach.models import Activity, BulkGuidance, Guidance
from gocua.outreach.services.sessions import (
    UNDO_WINDOW,
    activity_create,
    activity_delete,
    activity_purge_expired,
    activity_restore,
    bulk_guidance_record,
    guidance_record,
    household_visits_record,
)
from gocua.outreach.tests.helpers import OutreachTestCase, channel, household, service

NOW = dt.datetime(2023, 7, 1, 9, 0, tzinfo=dt.UTC)
START, END = dt.date(2023, 1, 1), dt.date(2023, 6, 30)


def readings(case: "SessionDeleteTestCase") -> dict[str, object]:
    """Everything that reads sessions: figures, the letter's summary, coverage, lists."""
    figures = indicator_values(unit=case.ward, as_of=END, start=START)
    summary = selectors.outreach_summary(root=case.ward, start=START, end=END)
    return {
        "sessions": figures.figure("sessions").numerator,  # type: ignore[union-attr]
        "guided": figures.figure("guided").numerator,  # type: ignore[union-attr]
        "summary": (summary.sessions, summary.guided, [s.code for s in summary.by_service]),
        "by_channel": [(c.code, c.sessions) for c in summary.by_channel],
        "coverage": [
            (c.unit.code, c.visited)
            for c in selectors.door_to_door_coverage(root=case.ward, start=START, end=END)
        ],
        "not_visited": [
            h.code for h in selectors.households_not_visited(root=case.ward, start=START, end=END)
        ],
        "list": [a.pk for a in selectors.sessions_list(root=case.ward, start=START, end=END)],
        "recent": [a.pk for a in selectors.recent_sessions(unit=case.ward, days=365)],
        "years": selectors.session_years(root=case.ward),
    }


@time_machine.travel(NOW, tick=False)
class SessionDeleteTestCase(OutreachTestCase):
    def setUp(self) -> None:
        self.h1 = household(self.kp1, "H1", "Nguyễn Văn An")
        self.h2 = household(self.kp1, "H2", "Trần Thị Bình")
        self.kept = activity_create(
            unit=self.kp1, date=dt.date(2023, 2, 1), channel=channel("zalo")
        )
        self.meeting = activity_create(
            unit=self.kp1,
            date=dt.date(2023, 3, 1),
            channel=channel("meeting"),
            services=[service("vssid")],
            people_reached=40,
        )
        bulk_guidance_record(
            unit=self.kp1,
            date=dt.date(2023, 3, 1),
            counts={service("vneid"): 25},
            activity=self.meeting,
        )
        [self.knock] = household_visits_record(
            unit=self.kp1, day=dt.date(2023, 4, 1), household_ids=[self.h2.pk]
        )
        an = self.h1.residents.get()
        guidance_record(resident=an, service=service("vneid"), day=dt.date(2023, 3, 1))
        Guidance.objects.filter(resident=an).update(activity=self.meeting)

    def test_a_deleted_session_is_hidden_everywhere_and_undo_restores_it_exactly(self) -> None:
        before = readings(self)
        self.assertEqual(before["sessions"], 3)
        for session in (self.meeting, self.knock):
            activity_delete(activity=session, user=self.alice)
        after = readings(self)
        self.assertEqual(after["sessions"], 1)
        self.assertEqual(after["guided"], 1)  # the one resident guided stays, the 25 go
        self.assertEqual(after["summary"], (1, 1, []))
        self.assertEqual(after["coverage"], [("L06700.01", 1), ("L06700.02", 0)])  # An was guided
        self.assertEqual(after["list"], [self.kept.pk])
        self.assertNotIn(self.meeting.pk, after["recent"])  # type: ignore[arg-type]
        self.assertEqual(Activity.all_objects.count(), 3)
        self.assertEqual(BulkGuidance.all_objects.count(), 1)
        event = AuditEvent.objects.get(
            action="outreach.session.delete", object_id=str(self.meeting.pk)
        )
        self.assertEqual(event.username, "alice")
        with time_machine.travel(NOW + UNDO_WINDOW - dt.timedelta(seconds=1), tick=False):
            for session in (self.meeting, self.knock):
                activity_restore(activity=session, user=self.alice)
        self.assertEqual(readings(self), before)
        self.assertEqual(Guidance.objects.get().activity_id, self.meeting.pk)
        self.assertTrue(AuditEvent.objects.filter(action="outreach.session.restore").exists())

    def test_undo_after_the_window_is_refused_and_the_session_is_purged_later(self) -> None:
        activity_delete(activity=self.meeting, user=self.alice)
        later = NOW + UNDO_WINDOW + dt.timedelta(seconds=1)
        with self.assertRaises(Problem) as refused:
            activity_restore(activity=self.meeting, user=self.alice, now=later)
        self.assertIn("quá 10 phút", str(refused.exception))
        self.assertIn("more than 10 minutes", str(refused.exception))
        self.assertEqual(activity_purge_expired(now=NOW), 0)  # still within the window
        self.assertEqual(activity_purge_expired(now=later), 1)
        self.assertFalse(Activity.all_objects.filter(pk=self.meeting.pk).exists())
        self.assertEqual(BulkGuidance.all_objects.count(), 0)
        self.assertIsNone(Guidance.objects.get().activity_id)  # the resident's guidance stays

    def test_twice_is_refused(self) -> None:
        activity_delete(activity=self.meeting, user=self.alice)
        with self.assertRaises(Problem):
            activity_delete(activity=self.meeting, user=self.alice)
        activity_restore(activity=self.meeting, user=self.alice)
        with self.assertRaises(Problem):
            activity_restore(activity=self.meeting, user=self.alice)

    def test_the_pages_confirm_then_offer_the_undo(self) -> None:
        self.login(self.alice)
        log = reverse("outreach:sessions", args=["L06700"])
        page = self.client.get(log)
        delete = reverse("outreach:session_delete", args=["L06700", self.meeting.pk])
        self.assertContains(page, f'href="{delete}"')
        confirm = self.client.get(delete)
        self.assertContains(confirm, "Xóa buổi tuyên truyền ngày 01/03/2023?")
        self.assertContains(confirm, "trong vòng 10 phút")
        self.assertTrue(
            Activity.objects.filter(pk=self.meeting.pk).exists()
        )  # a GET writes nothing
        done = self.client.post(delete)
        self.assertRedirects(done, f"{log}?deleted={self.meeting.pk}")
        banner = self.client.get(done["Location"])
        restore = reverse("outreach:session_restore", args=["L06700", self.meeting.pk])
        self.assertContains(banner, f'action="{restore}"')
        self.assertContains(banner, "Hoàn tác")
        self.assertEqual(banner.context["page"].paginator.count, 2)
        # Gone from its own page while deleted.
        self.assertEqual(self.client.get(delete).status_code, 404)
        back = self.client.post(restore, follow=True)
        self.assertContains(back, "đã được khôi phục")
        self.assertEqual(back.context["page"].paginator.count, 3)
        # After the window, the banner is gone and the undo says why.
        self.client.post(delete)
        with time_machine.travel(NOW + UNDO_WINDOW + dt.timedelta(minutes=1), tick=False):
            self.assertNotContains(self.client.get(f"{log}?deleted={self.meeting.pk}"), restore)
            late = self.client.post(restore, follow=True)
            self.assertContains(late, "không thể hoàn tác")

    def test_others_get_404(self) -> None:
        delete = reverse("outreach:session_delete", args=["L06700", self.meeting.pk])
        restore = reverse("outreach:session_restore", args=["L06700", self.meeting.pk])
        # another ward's officer, a member of the neighbourhood (not an officer), a reader above
        for user in (self.charlie, self.bob, self.dave):
            self.assertNotFoundFor(user, delete)
            self.assertNotFoundFor(user, delete, method="post")
        activity_delete(activity=self.meeting, user=self.alice)
        for user in (self.charlie, self.bob, self.dave):
            self.assertNotFoundFor(user, restore, method="post")
        # through another ward's URL, the session is not found either
        other = reverse("outreach:session_restore", args=["L06679", self.meeting.pk])
        self.assertNotFoundFor(self.charlie, other, method="post")
        self.assertTrue(Activity.all_objects.get(pk=self.meeting.pk).deleted_at)
