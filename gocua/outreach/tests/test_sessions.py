"""Outreach sessions, people helped in bulk and door-to-door visits."""

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.outreach.models import Activity, BulkGuidance
from gocua.outreach.services.catalogue import channel_set_active
from gocua.outreach.services.sessions import (
    activity_create,
    bulk_guidance_record,
    household_visits_record,
)
from gocua.outreach.tests.helpers import OutreachTestCase, channel, household, service, team
from gocua.registry.models import Resident


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class SessionServicesTestCase(OutreachTestCase):
    def test_it_logs_a_session_with_its_team_and_services(self) -> None:
        kp1_team = team(self.kp1, "315/QĐ-UBND")
        session = activity_create(
            unit=self.kp1,
            date=dt.date(2023, 6, 30),
            channel=channel("meeting"),
            services=[service("vneid"), service("vssid")],
            people_reached=45,
            notes="Họp khu phố",
            user=self.bob,
        )
        self.assertEqual(session.team, kp1_team)
        self.assertEqual(session.created_by, self.bob)
        self.assertEqual({s.code for s in session.services.all()}, {"vneid", "vssid"})
        event = AuditEvent.objects.get(action="outreach.session.create")
        self.assertEqual((event.username, event.unit_code), ("bob", "L06700.01"))

    def test_a_session_in_the_future_is_refused(self) -> None:
        with self.assertRaises(Problem) as caught:
            activity_create(unit=self.kp1, date=dt.date(2023, 7, 2), channel=channel("zalo"))
        self.assertIn("ở tương lai", caught.exception.vi)
        self.assertIn("in the future", caught.exception.en)
        self.assertFalse(Activity.objects.exists())

    def test_people_reached_must_be_plausible(self) -> None:
        with self.assertRaises(Problem) as caught:
            activity_create(
                unit=self.ward,
                date=dt.date(2023, 6, 1),
                channel=channel("meeting"),
                people_reached=1_246_000,
            )
        self.assertIn("not plausible", caught.exception.en)
        self.assertIn("1.246.000", caught.exception.vi)
        # With a registry, a meeting reaches at most the residents living there...
        home = household(self.kp1, "H1", "An")
        Resident.objects.bulk_create(
            Resident(household=home, ward=self.ward, unit=self.kp1, full_name=f"Người {i}")
            for i in range(119)
        )
        with self.assertRaises(Problem) as caught:
            activity_create(
                unit=self.kp1,
                date=dt.date(2023, 6, 1),
                channel=channel("meeting"),
                people_reached=121,
            )
        self.assertIn("at most 120 (residents living there)", caught.exception.en)
        # ... but a small registry (being filled) does not refuse small sessions.
        household(self.kp2, "H2", "Bình")
        activity_create(
            unit=self.kp2, date=dt.date(2023, 6, 1), channel=channel("meeting"), people_reached=100
        )
        with self.assertRaises(Problem) as caught:
            activity_create(
                unit=self.kp2,
                date=dt.date(2023, 6, 1),
                channel=channel("meeting"),
                people_reached=101,
            )
        self.assertIn("at most 100", caught.exception.en)
        # A broadcast may reach more people than live there.
        activity_create(
            unit=self.kp1, date=dt.date(2023, 6, 1), channel=channel("facebook"), people_reached=900
        )

    def test_a_retired_channel_is_refused_but_its_sessions_stay(self) -> None:
        zalo = channel("zalo")
        old = activity_create(unit=self.kp1, date=dt.date(2023, 1, 1), channel=zalo)
        channel_set_active(channel=zalo, active=False, user=self.root)
        with self.assertRaises(Problem):
            activity_create(unit=self.kp1, date=dt.date(2023, 2, 1), channel=zalo)
        self.assertTrue(Activity.objects.filter(pk=old.pk).exists())

    def test_bulk_guidance_takes_the_sessions_date_and_place(self) -> None:
        meeting = activity_create(
            unit=self.kp1, date=dt.date(2023, 5, 1), channel=channel("meeting"), people_reached=50
        )
        rows = bulk_guidance_record(
            unit=self.ward,
            date=dt.date(2023, 6, 1),
            activity=meeting,
            counts={service("vneid"): 40, service("vssid"): 0},
        )
        self.assertEqual([(r.unit, r.date, r.people) for r in rows], [(self.kp1, meeting.date, 40)])
        with self.assertRaises(Problem) as caught:
            bulk_guidance_record(
                unit=self.ward, date=meeting.date, activity=meeting, counts={service("vneid"): 60}
            )
        self.assertIn("outnumber", caught.exception.en)
        with self.assertRaises(Problem):
            bulk_guidance_record(unit=self.ward, date=meeting.date, counts={service("vneid"): 0})
        with self.assertRaises(Problem):
            bulk_guidance_record(
                unit=self.ward2, date=meeting.date, activity=meeting, counts={service("vneid"): 5}
            )

    def test_visits_outside_the_unit_are_refused(self) -> None:
        theirs = household(self.units["ward2_kp1"], "X1")
        with self.assertRaises(Problem):
            household_visits_record(
                unit=self.ward, day=dt.date(2023, 6, 1), household_ids=[theirs.pk]
            )
        self.assertFalse(Activity.objects.exists())


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class SessionPagesTestCase(OutreachTestCase):
    def test_a_member_logs_a_session_in_their_neighbourhood(self) -> None:
        self.login(self.bob)
        response = self.client.post(
            reverse("outreach:session_add", args=["L06700.01"]),
            {
                "date": "2023-06-30",
                "unit": self.kp1.pk,
                "channel": channel("meeting").pk,
                "services": [service("vneid").pk, service("ehealth").pk],
                "people_reached": "35",
                "notes": "Họp tổ dân phố",
            },
        )
        self.assertRedirects(response, reverse("outreach:sessions", args=["L06700.01"]))
        page = self.client.get(reverse("outreach:sessions", args=["L06700.01"]))
        self.assertContains(page, "Họp tổ dân phố")
        self.assertContains(page, "Sổ sức khỏe điện tử")

    def test_a_member_cannot_log_a_session_in_the_ward_through_the_form(self) -> None:
        self.login(self.bob)
        response = self.client.post(
            reverse("outreach:session_add", args=["L06700.01"]),
            {"date": "2023-06-30", "unit": self.ward.pk, "channel": channel("meeting").pk},
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Activity.objects.exists())

    def test_a_session_in_the_future_is_refused_on_the_form(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            reverse("outreach:session_add", args=["L06700"]),
            {"date": "02/07/2023", "unit": self.ward.pk, "channel": channel("zalo").pk},
        )
        self.assertContains(response, "ở tương lai", status_code=400)
        self.assertFalse(Activity.objects.exists())

    def test_the_bulk_form_records_people_by_service(self) -> None:
        meeting = activity_create(
            unit=self.kp1, date=dt.date(2023, 6, 1), channel=channel("meeting"), people_reached=50
        )
        self.login(self.bob)
        form = self.client.get(
            reverse("outreach:bulk_add", args=["L06700.01"]), {"session": meeting.pk}
        )
        self.assertContains(form, "Định danh điện tử (VNeID)")
        response = self.client.post(
            reverse("outreach:bulk_add", args=["L06700.01"]),
            {
                "unit": self.kp1.pk,
                "activity": meeting.pk,
                f"service_{service('vneid').pk}": "40",
                f"service_{service('vssid').pk}": "12",
            },
        )
        self.assertRedirects(response, reverse("outreach:team", args=["L06700.01"]))
        self.assertEqual(sorted(BulkGuidance.objects.values_list("people", flat=True)), [12, 40])

    def test_the_visit_list_records_ticked_households_and_is_logged(self) -> None:
        first = household(self.kp1, "H1", "Nguyễn Văn An")
        household(self.kp1, "H2", "Trần Thị Bình")
        self.login(self.bob)
        url = reverse("outreach:visits", args=["L06700.01"])
        page = self.client.get(url, {"year": "2023"})
        self.assertContains(page, "Nguyễn Văn An")
        self.assertContains(page, "@media print", count=0)  # the print CSS is a static file
        self.assertTrue(AuditEvent.objects.filter(action="outreach.visit_list.view").exists())
        response = self.client.post(
            f"{url}?year=2023", {"household": [first.pk], "day": "2023-06-30"}
        )
        self.assertEqual(response.status_code, 302)
        page = self.client.get(url, {"year": "2023"})
        self.assertNotContains(page, "Nguyễn Văn An")
        self.assertContains(page, "Trần Thị Bình")
        self.assertEqual(Activity.objects.get().channel.code, "door_to_door")

    def test_an_upper_officer_reads_but_cannot_log(self) -> None:
        self.login(self.dave)
        page = self.client.get(reverse("outreach:sessions", args=["L06700"]))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, reverse("outreach:session_add", args=["L06700"]))
        self.assertNotFoundFor(self.dave, reverse("outreach:session_add", args=["L06700"]))
        self.assertNotFoundFor(
            self.dave,
            reverse("outreach:visits", args=["L06700"]),
            method="post",
            household="1",
        )
