"""The door-to-door visit form of a household (outreach's, at the registry's address):
who may open it, what one save writes, a stale page refused whole."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.outreach.models import Guidance, Member, Service, Team
from gocua.registry.models import Change, Household
from gocua.registry.tests.helpers import HouseholdsTestCase

TODAY = dt.date(2024, 3, 15)


@time_machine.travel(dt.datetime(2024, 3, 15, 9, 0, tzinfo=dt.UTC), tick=False)
class VisitFormTestCase(HouseholdsTestCase):
    def visit_url(self, code: str, pk: int) -> str:
        return reverse("household_visit", args=[code, pk])

    def test_the_url_stays_at_the_household_in_the_registry(self) -> None:
        self.assertEqual(
            self.visit_url("L06700.01", self.h1.pk), f"/u/L06700.01/registry/h/{self.h1.pk}/visit/"
        )

    def test_only_members_and_officers_of_the_unit_open_it(self) -> None:
        url = self.visit_url("L06700.01", self.h1.pk)
        for user in (self.charlie, self.carol, self.dave):  # other ward, other KP, read only
            self.assertNotFoundFor(user, url)
            self.assertNotFoundFor(user, url, method="post")
        # KP2's household through bob's own neighbourhood code, or through its own.
        self.assertNotFoundFor(self.bob, self.visit_url("L06700.01", self.h2.pk))
        self.assertNotFoundFor(self.bob, self.visit_url("L06700.02", self.h2.pk))
        self.assertNotFoundFor(self.alice, self.visit_url("L06700", self.h2.pk + 10_000))
        self.assertNotFoundFor(self.alice, self.visit_url("L193", self.h1.pk))  # not a registry
        for user in (self.bob, self.alice):
            self.login(user)
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200, user.username)
            self.assertContains(page, "Nguyễn Văn An")
            self.assertContains(page, 'data-testid="visit-form"')
        self.login(self.alice)
        self.assertContains(self.client.get(self.visit_url("L06700", self.h2.pk)), "Lê Văn Cường")

    def visit_data(self, household: Household, **extra: object) -> dict[str, object]:
        members = list(household.residents.filter(moved_out__isnull=True))
        data: dict[str, object] = {"version": household.version, "member": [m.pk for m in members]}
        for member in members:
            data[f"m{member.pk}-version"] = member.version
            data[f"m{member.pk}-eid"] = member.eid_level
        data.update(extra)
        return data

    def test_a_visit_saves_facts_dated_today_and_guidance(self) -> None:
        team = Team.objects.create(unit=self.kp1, name="Tổ CNSCĐ Khu phố 1")
        member = Member.objects.create(team=team, full_name="Bob", user=self.bob)
        self.login(self.bob)
        binh = self.h1.residents.get(full_name="Trần Thị Bình")
        data = self.visit_data(
            self.h1,
            skills="on",
            **{
                f"m{self.an.pk}-smartphone": "on",
                f"m{self.an.pk}-eid": "2",
                f"m{binh.pk}-guided": ["vneid", "vssid"],
            },
        )
        response = self.client.post(self.visit_url("L06700.01", self.h1.pk), data)
        self.assertRedirects(
            response,
            reverse("registry:household", args=["L06700.01", self.h1.pk]),
            fetch_redirect_response=False,
        )
        self.an.refresh_from_db()
        self.assertEqual(
            (self.an.smartphone_since, self.an.eid_level, self.an.eid_since, self.an.eid2_since),
            (TODAY, 2, TODAY, TODAY),
        )
        self.h1.refresh_from_db()
        self.assertEqual(self.h1.digital_skills_since, TODAY)
        guidance = Guidance.objects.filter(resident=binh)
        self.assertEqual(
            set(guidance.values_list("service__code", "day", "member", "unit")),
            {("vneid", TODAY, member.pk, self.kp1.pk), ("vssid", TODAY, member.pk, self.kp1.pk)},
        )
        self.assertEqual(set(self.an.changes.values_list("source", flat=True)), {"visit"})
        self.assertTrue(Service.objects.filter(code="vneid").exists())
        # The page shows it, and saving the same state again changes nothing.
        page = self.client.get(self.visit_url("L06700.01", self.h1.pk))
        self.assertContains(page, 'value="vneid" checked disabled')
        changes = Change.objects.count()
        self.client.post(
            self.visit_url("L06700.01", self.h1.pk),
            self.visit_data(
                self.h1,
                skills="on",
                **{f"m{self.an.pk}-smartphone": "on", f"m{self.an.pk}-eid": "2"},
            ),
        )
        self.assertEqual(Change.objects.count(), changes)

    def test_a_visit_on_a_stale_page_is_refused_whole(self) -> None:
        self.login(self.bob)
        stale = self.visit_data(self.h1, **{f"m{self.an.pk}-vssid": "on"})
        self.an.full_name = "Nguyễn Văn Anh"
        self.an.version = 2
        self.an.save()
        binh = self.h1.residents.get(full_name="Trần Thị Bình")
        stale[f"m{binh.pk}-payment"] = "on"
        response = self.client.post(self.visit_url("L06700.01", self.h1.pk), stale)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Nguyễn Văn Anh", status_code=409)
        binh.refresh_from_db()
        self.assertIsNone(binh.payment_since)
        self.an.refresh_from_db()
        self.assertIsNone(self.an.vssid_since)
