"""Members' levels per service: who sets them, their history, the training rule, and what
the team page shows; every page tried by people who must not write (or see) it."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.outreach.models import Member, MemberSkill, Service, Training, TrainingSession
from gocua.outreach.selectors import member_skill_levels, skills_by_service
from gocua.outreach.services.catalogue import service_set_active
from gocua.outreach.services.skills import member_skills_set, training_session_record
from gocua.outreach.services.teams import member_create
from gocua.outreach.tests.helpers import OutreachTestCase, service, team

D = dt.date
TODAY = dt.datetime(2023, 7, 1, 9, 0)
NEEDS_TRAINING, CAN_USE, CAN_GUIDE = 1, 2, 3


@time_machine.travel(TODAY, tick=False)
class SkillsTestCase(OutreachTestCase):
    vneid: Service
    vssid: Service
    ehealth: Service
    bobs: Member  # Bob's own membership (login bob), in Khu phố 1
    lan: Member  # another member of Khu phố 1, no login
    hoa: Member  # a member of Khu phố 2 (carol's)
    xuan: Member  # a member of Hùng Thắng

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.vneid, cls.vssid, cls.ehealth = service("vneid"), service("vssid"), service("ehealth")
        kp1, kp2 = team(cls.kp1), team(cls.kp2)
        since = D(2023, 1, 1)
        cls.bobs = member_create(team=kp1, full_name="Bob Nguyễn", login=cls.bob, active_from=since)
        cls.lan = member_create(team=kp1, full_name="Trần Thị Lan", active_from=since)
        cls.hoa = member_create(team=kp2, full_name="Ngô Thị Hoa", active_from=since)
        cls.xuan = member_create(team=team(cls.ward2), full_name="Lê Xuân", active_from=since)

    def levels(self, member: Member, on: dt.date | None = None) -> dict[str, int]:
        rows = member_skill_levels(member=member, on=on)
        return {row.service.code: row.level for row in rows.values()}

    # Services --------------------------------------------------------------------------

    def test_only_changes_are_written_and_the_history_stays(self) -> None:
        first = member_skills_set(
            member=self.lan, levels={self.vneid: CAN_GUIDE, self.vssid: None}, day=D(2023, 3, 1)
        )
        self.assertEqual(len(first), 1)
        again = member_skills_set(
            member=self.lan, levels={self.vneid: CAN_GUIDE, self.vssid: NEEDS_TRAINING}
        )
        self.assertEqual([r.service.code for r in again], ["vssid"])
        member_skills_set(member=self.lan, levels={self.vneid: CAN_USE}, user=self.alice)
        self.assertEqual(self.levels(self.lan), {"vneid": CAN_USE, "vssid": NEEDS_TRAINING})
        self.assertEqual(self.levels(self.lan, D(2023, 6, 30)), {"vneid": CAN_GUIDE})
        self.assertEqual(MemberSkill.objects.filter(member=self.lan).count(), 3)
        event = AuditEvent.objects.filter(action="outreach.member_skills.set").latest("id")
        self.assertEqual(event.username, "alice")
        self.assertEqual(event.detail["levels"], {"vneid": {"before": CAN_GUIDE, "after": CAN_USE}})
        self.assertEqual(event.detail["source"], "officer")

    def test_a_member_setting_their_own_levels_is_said_so(self) -> None:
        member_skills_set(member=self.bobs, levels={self.vneid: CAN_USE}, user=self.bob)
        self.assertEqual(MemberSkill.objects.get(member=self.bobs).source, "self")

    def test_bad_levels_are_refused_before_anything_is_written(self) -> None:
        with self.assertRaises(Problem):
            member_skills_set(member=self.lan, levels={self.vneid: CAN_USE, self.vssid: 4})
        with self.assertRaises(Problem):
            member_skills_set(member=self.lan, levels={self.vneid: CAN_USE}, day=D(2023, 7, 2))
        with self.assertRaises(Problem):  # before the member joined
            member_skills_set(member=self.lan, levels={self.vneid: CAN_USE}, day=D(2022, 12, 1))
        service_set_active(service=self.ehealth, active=False)
        with self.assertRaises(Problem):
            member_skills_set(member=self.lan, levels={self.vneid: CAN_USE, self.ehealth: 2})
        self.assertFalse(MemberSkill.objects.exists())

    def test_a_level_given_after_the_training_day_stands(self) -> None:
        member_skills_set(member=self.lan, levels={self.vssid: NEEDS_TRAINING}, day=D(2023, 6, 1))
        training_session_record(
            unit=self.kp1, date=D(2023, 5, 2), service=self.vssid, attendees=[self.lan]
        )
        self.assertEqual(self.levels(self.lan, D(2023, 5, 31)), {"vssid": CAN_USE})
        self.assertEqual(self.levels(self.lan), {"vssid": NEEDS_TRAINING})

    def test_a_training_raises_needs_training_and_no_level_to_can_use_only(self) -> None:
        march = D(2023, 3, 1)
        member_skills_set(member=self.lan, levels={self.vssid: NEEDS_TRAINING}, day=march)
        member_skills_set(member=self.hoa, levels={self.vssid: CAN_GUIDE}, day=march)
        session = training_session_record(
            unit=self.ward,
            date=D(2023, 5, 2),
            service=self.vssid,
            attendees=[self.lan, self.hoa, self.bobs],
            user=self.alice,
        )
        self.assertEqual(session.topic, "Tập huấn sử dụng Bảo hiểm xã hội số (VssID)")
        self.assertEqual(self.levels(self.lan), {"vssid": CAN_USE})
        self.assertEqual(self.levels(self.bobs), {"vssid": CAN_USE})
        self.assertEqual(self.levels(self.hoa), {"vssid": CAN_GUIDE})
        self.assertEqual(self.levels(self.lan, D(2023, 5, 1)), {"vssid": NEEDS_TRAINING})
        self.assertEqual(Training.objects.filter(session=session).count(), 3)
        event = AuditEvent.objects.get(action="outreach.training_session.create")
        self.assertEqual(
            sorted(event.detail["raised_to_can_use"]), sorted([self.lan.pk, self.bobs.pk])
        )

    def test_a_training_of_another_ward_or_of_nobody_is_refused(self) -> None:
        for attendees in ([self.xuan], [self.lan, self.xuan], []):
            with self.subTest(attendees=attendees), self.assertRaises(Problem):
                training_session_record(
                    unit=self.ward, date=D(2023, 5, 2), service=self.vssid, attendees=attendees
                )
        with self.assertRaises(Problem):  # Khu phố 1's training: Hoa is of Khu phố 2
            training_session_record(
                unit=self.kp1, date=D(2023, 5, 2), service=self.vssid, attendees=[self.hoa]
            )
        self.assertFalse(TrainingSession.objects.exists())
        self.assertFalse(MemberSkill.objects.exists())

    def test_the_team_figures_count_and_name_the_members(self) -> None:
        member_skills_set(member=self.lan, levels={self.vneid: CAN_GUIDE, self.vssid: 1})
        member_skills_set(member=self.bobs, levels={self.vneid: CAN_GUIDE})
        member_skills_set(member=self.hoa, levels={self.vssid: NEEDS_TRAINING})
        member_skills_set(member=self.xuan, levels={self.vssid: NEEDS_TRAINING})
        by_code = {e.service.code: e for e in skills_by_service(root=self.ward, on=D(2023, 7, 1))}
        vneid, vssid = by_code["vneid"], by_code["vssid"]
        self.assertEqual([m.full_name for m in vneid.guide], ["Bob Nguyễn", "Trần Thị Lan"])
        self.assertEqual((len(vneid.training), vneid.unassessed), (0, 1))  # Hoa
        self.assertEqual([m.full_name for m in vssid.training], ["Ngô Thị Hoa", "Trần Thị Lan"])
        self.assertEqual(vssid.unassessed, 1)  # Bob; Xuân is of Hùng Thắng
        kp1 = {e.service.code: e for e in skills_by_service(root=self.kp1, on=D(2023, 7, 1))}
        self.assertEqual([m.full_name for m in kp1["vssid"].training], ["Trần Thị Lan"])

    # Pages -----------------------------------------------------------------------------

    def skills_url(self, member: Member, code: str = "L06700.01") -> str:
        return reverse("outreach:member_skills", args=[code, member.pk])

    def post_levels(self, member: Member, code: str = "L06700.01", **levels: int) -> HttpResponse:
        data = {f"service_{service(c).pk}": str(v) for c, v in levels.items()}
        return self.client.post(self.skills_url(member, code), data)  # type: ignore[return-value]

    def test_a_member_sets_their_own_levels_on_their_page(self) -> None:
        self.login(self.bob)
        page = self.client.get(self.skills_url(self.bobs))
        self.assertContains(page, 'data-testid="skills-form"')
        self.assertContains(page, "Cần tập huấn")
        response = self.post_levels(self.bobs, vneid=CAN_GUIDE, vssid=NEEDS_TRAINING)
        self.assertRedirects(response, self.skills_url(self.bobs))
        self.assertEqual(self.levels(self.bobs), {"vneid": CAN_GUIDE, "vssid": NEEDS_TRAINING})
        team_page = self.client.get(reverse("outreach:team", args=["L06700.01"]))
        self.assertContains(team_page, self.skills_url(self.bobs))  # "My skills"

    def test_a_member_reads_but_does_not_set_another_members_levels(self) -> None:
        self.login(self.bob)
        page = self.client.get(self.skills_url(self.lan))
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'data-testid="skills-form"')
        self.assertEqual(self.post_levels(self.lan, vneid=CAN_GUIDE).status_code, 404)
        self.assertFalse(MemberSkill.objects.exists())

    def test_the_ward_officer_sets_anyones_levels(self) -> None:
        self.login(self.alice)
        for member, code in ((self.lan, "L06700.01"), (self.hoa, "L06700")):
            response = self.post_levels(member, code, vssid=NEEDS_TRAINING)
            self.assertEqual(response.status_code, 302)
            self.assertEqual(self.levels(member), {"vssid": NEEDS_TRAINING})

    def test_a_level_once_given_cannot_be_emptied(self) -> None:
        member_skills_set(member=self.lan, levels={self.vneid: CAN_USE})
        self.login(self.alice)
        response = self.client.post(self.skills_url(self.lan), {f"service_{self.vneid.pk}": ""})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.levels(self.lan), {"vneid": CAN_USE})

    def test_others_get_404(self) -> None:
        self.assertNotFoundFor(self.carol, self.skills_url(self.lan))  # Khu phố 2
        self.assertNotFoundFor(self.carol, self.skills_url(self.lan, "L06700.02"))
        self.assertNotFoundFor(self.charlie, self.skills_url(self.lan, "L06679"))
        self.assertNotFoundFor(self.charlie, self.skills_url(self.lan, "L06700"))
        self.login(self.dave)  # the city reads, writes nothing
        self.assertEqual(self.client.get(self.skills_url(self.lan, "L06700")).status_code, 200)
        self.assertNotFoundFor(self.dave, self.skills_url(self.lan, "L06700"), "post", x="1")
        add = reverse("outreach:training_session_add", args=["L06700"])
        for user in (self.bob, self.dave, self.charlie):
            self.assertNotFoundFor(user, add)
            self.assertNotFoundFor(user, add, "post", x="1")
        self.assertFalse(MemberSkill.objects.exists())

    def test_the_officer_records_a_training_and_the_team_page_shows_who_needs_one(self) -> None:
        june = D(2023, 6, 1)
        member_skills_set(member=self.lan, levels={self.vssid: NEEDS_TRAINING}, day=june)
        member_skills_set(member=self.hoa, levels={self.vssid: NEEDS_TRAINING}, day=june)
        self.login(self.alice)
        team_url = reverse("outreach:team", args=["L06700"])
        page = self.client.get(team_url)
        self.assertContains(page, "Ngô Thị Hoa, Trần Thị Lan")
        add = reverse("outreach:training_session_add", args=["L06700"])
        form = self.client.get(add)
        self.assertContains(form, "Biết sử dụng")  # the rule, said on the form
        self.assertNotContains(form, "Lê Xuân")
        response = self.client.post(
            add,
            {"date": "2023-06-20", "service": self.vssid.pk, "attendees": [self.lan.pk]},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.levels(self.lan), {"vssid": CAN_USE})
        page = self.client.get(team_url)
        needs = page.content.decode().split('data-service="vssid"')[1].split("</li>")[0]
        self.assertIn("Ngô Thị Hoa", needs)
        self.assertNotIn("Trần Thị Lan", needs.split('data-testid="needs-training"')[1])
        self.assertContains(page, 'data-testid="training-sessions"')

    def test_the_pages_run_a_fixed_number_of_queries(self) -> None:
        kp1 = self.lan.team
        added: list[Member] = []

        def grow(n: int) -> None:
            for i in range(2):
                member = member_create(
                    team=kp1, full_name=f"Người {n}-{i}", active_from=D(2023, 1, 1)
                )
                member_skills_set(member=member, levels={self.vneid: CAN_GUIDE, self.vssid: 1})
                added.append(member)
            training_session_record(
                unit=self.ward, date=D(2023, 6, n), service=self.vssid, attendees=added
            )

        self.login(self.alice)
        team_url = reverse("outreach:team", args=["L06700"])
        grow(1)
        with CaptureQueriesContext(connection) as first:
            self.client.get(team_url)
        member_first = CaptureQueriesContext(connection)
        with member_first:
            self.client.get(self.skills_url(added[0]))
        grow(2)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(team_url)
        with self.assertNumQueries(len(member_first.captured_queries)):
            self.client.get(self.skills_url(added[0]))
