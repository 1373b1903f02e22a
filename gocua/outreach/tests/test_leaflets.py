"""Leaflets handed out: a channel of the catalogue whose sessions say how many sheets."""

from __future__ import annotations

import datetime as dt
import importlib

import time_machine
from django.apps import apps
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.outreach.models import Activity, ActivityChannel
from gocua.outreach.selectors import leaflets_handed_out
from gocua.outreach.services.sessions import activity_create
from gocua.outreach.tests.helpers import OutreachTestCase, channel, household, service

D = dt.date
migration = importlib.import_module("gocua.outreach.migrations.0009_leaflets_channel")


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class LeafletsTestCase(OutreachTestCase):
    def test_the_channel_is_in_the_catalogue_in_person_before_other(self) -> None:
        leaflets = channel("leaflets")
        self.assertEqual(leaflets.name_vi, "Phát tờ rơi")
        self.assertTrue(leaflets.in_person)
        self.assertLess(leaflets.order, channel("other").order)
        self.assertGreater(leaflets.order, channel("door_to_door").order)

    def test_the_migration_installs_it_once_and_keeps_a_wards_own(self) -> None:
        ActivityChannel.objects.filter(code="leaflets").delete()
        migration.install(apps, None)
        self.assertEqual(ActivityChannel.objects.get(code="leaflets").order, 75)
        ActivityChannel.objects.filter(code="leaflets").update(name_vi="Tờ rơi, áp phích")
        migration.install(apps, None)
        self.assertEqual(ActivityChannel.objects.get(code="leaflets").name_vi, "Tờ rơi, áp phích")

    def test_a_leaflet_session_records_its_count(self) -> None:
        session = activity_create(
            unit=self.kp1, date=D(2023, 6, 1), channel=channel("leaflets"), leaflets=250
        )
        self.assertEqual(session.leaflets, 250)
        event = AuditEvent.objects.get(action="outreach.session.create")
        self.assertEqual(event.detail["leaflets"], 250)

    def test_counts_that_make_no_sense_are_refused(self) -> None:
        leaflets = channel("leaflets")
        cases = [
            (leaflets, None),  # a leaflet session without its count
            (leaflets, 0),
            (leaflets, -5),
            (leaflets, 2_001),  # no registry: at most 2,000 at one in-person session
            (channel("loudspeaker"), 50),  # not handed out over loudspeakers
        ]
        for chosen, count in cases:
            with self.subTest(channel=chosen.code, count=count), self.assertRaises(Problem):
                activity_create(unit=self.kp1, date=D(2023, 6, 1), channel=chosen, leaflets=count)
        home = household(self.kp1, "H1", *[f"Người {i}" for i in range(120)])
        del home  # 120 residents: at most 120 sheets at one session of Khu phố 1
        with self.assertRaises(Problem):
            activity_create(unit=self.kp1, date=D(2023, 6, 1), channel=leaflets, leaflets=121)
        activity_create(unit=self.kp1, date=D(2023, 6, 1), channel=leaflets, leaflets=120)
        self.assertEqual(Activity.objects.count(), 1)

    def test_a_meeting_may_hand_some_out_and_they_add_up(self) -> None:
        activity_create(
            unit=self.ward, date=D(2023, 2, 1), channel=channel("meeting"), leaflets=40,
            services=[service("ehealth")],
        )  # fmt: skip
        activity_create(
            unit=self.kp1, date=D(2023, 3, 1), channel=channel("leaflets"), leaflets=1_200,
            services=[service("vneid")],
        )  # fmt: skip
        activity_create(
            unit=self.ward2, date=D(2023, 3, 1), channel=channel("leaflets"), leaflets=7
        )
        figure = leaflets_handed_out(root=self.ward, start=D(2023, 1, 1), end=D(2023, 6, 30))
        self.assertEqual((figure.leaflets, figure.sessions), (1_240, 2))
        self.assertEqual([s.code for s in figure.services], ["vneid", "ehealth"])
        kp1 = leaflets_handed_out(root=self.kp1, start=D(2023, 1, 1), end=D(2023, 6, 30))
        self.assertEqual(kp1.leaflets, 1_200)

    def test_the_session_form_and_the_pages_show_them(self) -> None:
        self.login(self.bob)
        add = reverse("outreach:session_add", args=["L06700.01"])
        data = {"date": "2023-06-02", "unit": self.kp1.pk, "channel": channel("leaflets").pk}
        refused = self.client.post(add, data)
        self.assertEqual(refused.status_code, 400)
        self.assertContains(refused, "Nhập số tờ rơi đã phát", status_code=400)
        self.assertEqual(self.client.post(add, {**data, "leaflets": "1200"}).status_code, 302)
        sessions = self.client.get(reverse("outreach:sessions", args=["L06700.01"]) + "?year=2023")
        self.assertContains(sessions, "1.200 tờ rơi")
        team = self.client.get(reverse("outreach:team", args=["L06700.01"]) + "?year=2023")
        self.assertContains(team, "Phát tờ rơi")
        self.assertContains(team, "<strong>1.200</strong> tờ rơi đã phát", html=False)
