"""The configurable catalogue of services and channels."""

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.outreach import selectors
from gocua.outreach.models import ActivityChannel, Service
from gocua.outreach.services.catalogue import channel_create, service_create, service_set_active
from gocua.outreach.services.sessions import activity_create
from gocua.outreach.tests.helpers import OutreachTestCase, channel, service


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class CatalogueTestCase(OutreachTestCase):
    def test_the_defaults_are_installed(self) -> None:
        channel("meeting")  # puts back the defaults if a transactional test flushed them
        self.assertIn("vneid", Service.objects.values_list("code", flat=True))
        self.assertTrue(channel("door_to_door").in_person)
        self.assertFalse(channel("facebook").in_person)

    def test_a_ward_officer_adds_a_service_and_a_channel(self) -> None:
        service = service_create(name_vi="Ứng dụng Quảng Ninh số", name_en="", user=self.alice)
        self.assertEqual(
            (service.code, service.name_en), ("ung_dung_quang_ninh_so", service.name_vi)
        )
        channel_create(name_vi="Tin nhắn SMS", name_en="Text messages", user=self.alice)
        self.assertTrue(ActivityChannel.objects.filter(code="text_messages").exists())
        with self.assertRaises(Problem):
            service_create(name_vi="Trùng", code="vneid", user=self.alice)
        with self.assertRaises(Problem):
            service_create(name_vi="Sai", fact="nonsense", user=self.alice)

    def test_members_and_upper_officers_cannot_change_it(self) -> None:
        for user in (self.bob, self.dave):
            with self.assertRaises(Problem):
                service_create(name_vi="X", user=user)

    def test_a_retired_service_keeps_its_history(self) -> None:
        vssid = service("vssid")
        activity_create(
            unit=self.kp1, date=dt.date(2023, 3, 1), channel=channel("meeting"), services=[vssid]
        )
        service_set_active(service=vssid, active=False, user=self.alice)
        covered = selectors.sessions_by_service(
            root=self.ward, start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 30)
        )
        self.assertEqual([s.code for s in covered], ["vssid"])
        self.assertTrue(AuditEvent.objects.filter(action="outreach.service.deactivate").exists())
        self.login(self.bob)
        form = self.client.get(reverse("outreach:session_add", args=["L06700.01"]))
        self.assertNotContains(form, "VssID")

    def test_the_page_lets_officers_edit_and_others_read(self) -> None:
        url = reverse("outreach:catalogue", args=["L06700"])
        self.login(self.alice)
        response = self.client.post(
            url,
            {"action": "service", "service-name_vi": "Ví điện tử", "service-name_en": "E-wallet"},
        )
        self.assertRedirects(response, url)
        self.assertTrue(Service.objects.filter(code="e_wallet").exists())
        duplicate = self.client.post(
            url, {"action": "service", "service-name_vi": "Ví", "service-code": "e_wallet"}
        )
        self.assertContains(duplicate, "đã có")
        zalo = channel("zalo")
        self.client.post(url, {"action": "channel_active", "pk": zalo.pk, "active": "0"})
        self.assertFalse(ActivityChannel.objects.get(pk=zalo.pk).active)
        self.login(self.dave)
        page = self.client.get(url)
        self.assertContains(page, "Ví điện tử")
        self.assertNotContains(page, 'name="action"')
        self.assertNotFoundFor(self.dave, url, method="post", action="service")
