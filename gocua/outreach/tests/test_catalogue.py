"""The shared catalogue of services and channels: national or provincial, hidden per ward."""

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.accounts.models import Role, User
from gocua.audit.models import AuditEvent
from gocua.indicators.selectors import indicator_values
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit, Source
from gocua.orgunits.services import UnitRow, orgunits_upsert
from gocua.outreach import selectors
from gocua.outreach.models import ActivityChannel, Service, ServiceHidden
from gocua.outreach.services.catalogue import (
    channel_create,
    service_create,
    service_hide,
    service_set_active,
)
from gocua.outreach.services.sessions import activity_create
from gocua.outreach.tests.helpers import OutreachTestCase, channel, household, service
from gocua.registry.models import Resident
from gocua.testing import make_user


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class CatalogueTestCase(OutreachTestCase):
    province: OrgUnit
    tinh: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.province = cls.units["province"]
        cls.tinh = make_user("tinh", Role.UPPER_OFFICER, cls.province)

    def test_the_defaults_are_installed(self) -> None:
        channel("meeting")  # puts back the defaults if a transactional test flushed them
        self.assertIn("vneid", Service.objects.values_list("code", flat=True))
        self.assertTrue(channel("door_to_door").in_person)
        self.assertFalse(channel("facebook").in_person)

    def test_an_administrator_adds_national_entries(self) -> None:
        added = service_create(name_vi="Ứng dụng Quảng Ninh số", name_en="", user=self.root)
        self.assertEqual(
            (added.code, added.name_en, added.unit), ("ung_dung_quang_ninh_so", added.name_vi, None)
        )
        channel_create(name_vi="Tin nhắn SMS", name_en="Text messages", user=self.root)
        self.assertTrue(ActivityChannel.objects.filter(code="text_messages").exists())
        with self.assertRaises(Problem):
            service_create(name_vi="Trùng", code="vneid", user=self.root)
        with self.assertRaises(Problem):
            service_create(name_vi="Sai", fact="nonsense", user=self.root)

    def test_a_province_officer_adds_and_retires_the_provinces_own(self) -> None:
        own = service_create(name_vi="Quảng Ninh số", name_en="Quang Ninh digital", user=self.tinh)
        self.assertEqual(own.unit, self.province)
        self.assertIn(own, Service.objects.offered_in(self.kp1))
        service_set_active(service=own, active=False, user=self.tinh)
        self.assertNotIn(own, Service.objects.offered_in(self.kp1))
        service_set_active(service=own, active=True, user=self.tinh)
        # ... but not the national catalogue every unit uses.
        with self.assertRaises(Problem) as refused:
            service_set_active(service=service("vssid"), active=False, user=self.tinh)
        self.assertIn("quản trị viên", str(refused.exception))
        self.assertTrue(service("vssid").active)

    def test_a_ward_officer_cannot_add_or_retire_a_shared_service(self) -> None:
        for user in (self.alice, self.bob, self.dave):
            with self.subTest(user=user.username), self.assertRaises(Problem):
                service_create(name_vi="X", user=user)
            with self.subTest(user=user.username), self.assertRaises(Problem) as refused:
                service_set_active(service=service("vssid"), active=False, user=user)
        self.assertIn("ẩn một dịch vụ", str(refused.exception))
        provincial = service_create(name_vi="Quảng Ninh số", user=self.tinh)
        with self.assertRaises(Problem):
            service_set_active(service=provincial, active=False, user=self.alice)
        self.assertTrue(service("vssid").active)

    def test_a_provinces_services_are_not_seen_elsewhere(self) -> None:
        orgunits_upsert(
            [
                UnitRow(
                    "L01",
                    "Thành phố Hà Nội",
                    Level.PROVINCE,
                    "",
                    None,
                    Source.LEGACY,
                    "01",
                    None,
                    None,
                )
            ]
        )
        hanoi = OrgUnit.objects.get(code="L01")
        own = service_create(name_vi="Quảng Ninh số", user=self.tinh)
        self.assertIn(own, Service.objects.visible_in(self.ward2))
        self.assertNotIn(own, Service.objects.visible_in(hanoi))
        self.assertIn(service("vneid"), Service.objects.offered_in(hanoi))
        # A province given by an administrator must be a province.
        with self.assertRaises(Problem):
            service_create(name_vi="Y", province=self.ward, user=self.root)
        # The province officer's catalogue page of another province: 404.
        self.assertNotFoundFor(self.tinh, reverse("outreach:catalogue", args=["L01"]))

    def test_a_ward_hides_a_service_for_itself_and_the_indicators_do_not_change(self) -> None:
        home = household(self.kp1, "H1", "Nguyễn Văn An")
        Resident.objects.filter(household=home).update(vssid_since=dt.date(2023, 1, 1))
        day = dt.date(2023, 6, 30)
        before = indicator_values(unit=self.ward, as_of=day)
        vssid = service("vssid")
        service_hide(unit=self.ward, service=vssid, hidden=True, user=self.alice)
        self.assertTrue(ServiceHidden.objects.filter(unit=self.ward, service=vssid).exists())
        # Left out of the ward's forms, its neighbourhoods' and the field app's list...
        for unit in (self.ward, self.kp1):
            self.assertNotIn(vssid, selectors.active_services(unit=unit))
        self.assertIn(vssid, selectors.active_services(unit=self.ward2))
        self.login(self.bob)
        form = self.client.get(reverse("outreach:session_add", args=["L06700.01"]))
        self.assertNotContains(form, "VssID")
        self.assertContains(form, "VNeID")
        bulk = self.client.get(reverse("outreach:bulk_add", args=["L06700.01"]))
        self.assertNotContains(bulk, "VssID")
        visit = self.client.get(reverse("household_visit", args=["L06700.01", home.pk]))
        self.assertNotContains(visit, 'value="vssid"')
        self.assertContains(visit, 'value="vneid"')
        caseload = self.client.get("/api/v1/caseload", {"unit": "L06700.01"}).json()
        self.assertNotIn("vssid", [s["code"] for s in caseload["services"]])
        session = self.client.get(reverse("field:session")).json()
        self.assertNotIn("vssid", [s["code"] for s in session["services"]])
        # ... the other ward still offers it ...
        self.login(self.charlie)
        other = self.client.get(reverse("outreach:session_add", args=["L06679"]))
        self.assertContains(other, "VssID")
        # ... and the indicators are those of before.
        self.assertEqual(indicator_values(unit=self.ward, as_of=day), before)
        self.assertTrue(AuditEvent.objects.filter(action="outreach.service.hide").exists())
        service_hide(unit=self.ward, service=vssid, hidden=False, user=self.alice)
        self.assertIn(vssid, selectors.active_services(unit=self.kp1))
        # Only the ward's officers hide, and only for a ward.
        for user, unit in (
            (self.bob, self.ward),
            (self.charlie, self.ward),
            (self.alice, self.kp1),
        ):
            with self.subTest(user=user.username), self.assertRaises(Problem):
                service_hide(unit=unit, service=vssid, hidden=True, user=user)

    def test_a_retired_service_keeps_its_history(self) -> None:
        vssid = service("vssid")
        activity_create(
            unit=self.kp1, date=dt.date(2023, 3, 1), channel=channel("meeting"), services=[vssid]
        )
        service_set_active(service=vssid, active=False, user=self.root)
        covered = selectors.sessions_by_service(
            root=self.ward, start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 30)
        )
        self.assertEqual([s.code for s in covered], ["vssid"])
        self.assertTrue(AuditEvent.objects.filter(action="outreach.service.deactivate").exists())
        self.login(self.bob)
        form = self.client.get(reverse("outreach:session_add", args=["L06700.01"]))
        self.assertNotContains(form, "VssID")

    def test_retiring_goes_through_a_page_that_says_what_happens(self) -> None:
        url = reverse("outreach:catalogue", args=["L06700"])
        zalo = channel("zalo")
        vssid = service("vssid")
        self.login(self.root)
        retire = reverse("outreach:catalogue_retire", args=["L06700", "service", vssid.pk])
        page = self.client.get(retire)
        self.assertContains(page, "không còn được đưa ra")
        self.assertContains(page, 'data-testid="confirm-button"')
        # A post without the confirmation only leads to that page.
        early = self.client.post(url, {"action": "service_active", "pk": vssid.pk, "active": "0"})
        self.assertRedirects(early, retire)
        self.assertTrue(Service.objects.get(pk=vssid.pk).active)
        done = self.client.post(
            url, {"action": "channel_active", "pk": zalo.pk, "active": "0", "confirm": "1"}
        )
        self.assertRedirects(done, url)
        self.assertFalse(ActivityChannel.objects.get(pk=zalo.pk).active)

    def test_the_page_lets_each_role_do_its_part_only(self) -> None:
        url = reverse("outreach:catalogue", args=["L06700"])
        self.login(self.root)
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
        # The ward officer hides, and neither adds nor retires.
        self.login(self.alice)
        page = self.client.get(url)
        self.assertContains(page, 'data-testid="hide-vssid"')
        self.assertNotContains(page, 'data-testid="retire-vssid"')
        self.assertNotContains(page, 'value="service"')
        vssid = service("vssid")
        self.client.post(url, {"action": "hide", "pk": vssid.pk})
        self.assertContains(self.client.get(url), 'data-testid="show-vssid"')
        self.assertNotFoundFor(self.alice, url, method="post", action="service")
        self.assertNotFoundFor(
            self.alice, url, method="post", action="service_active", pk=vssid.pk, active="0"
        )
        retire = reverse("outreach:catalogue_retire", args=["L06700", "service", vssid.pk])
        self.assertNotFoundFor(self.alice, retire)
        # The province officer retires the province's own from any page of the province.
        self.login(self.tinh)
        own = service_create(name_vi="Quảng Ninh số", user=self.tinh)
        page = self.client.get(url)
        self.assertContains(page, f'data-testid="retire-{own.code}"')
        self.assertNotContains(page, 'data-testid="retire-vssid"')
        # Readers read; another ward's officer cannot hide here (404).
        self.login(self.dave)
        page = self.client.get(url)
        self.assertContains(page, "Ví điện tử")
        self.assertNotContains(page, 'name="action"')
        self.assertNotFoundFor(self.dave, url, method="post", action="service")
        self.assertNotFoundFor(self.charlie, url)
        self.assertNotFoundFor(self.charlie, url, method="post", action="hide", pk=vssid.pk)
