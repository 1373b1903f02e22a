"""Teams set up by decisions, re-constituted with history, and their members."""

import datetime as dt

import time_machine
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.outreach.models import (
    DocumentKind,
    LegalDocument,
    Member,
    Team,
    TeamReconstitution,
    Training,
)
from gocua.outreach.services.documents import document_create
from gocua.outreach.services.teams import (
    member_create,
    member_update,
    team_create,
    team_reconstitute,
    team_update,
    training_create,
)
from gocua.outreach.tests.helpers import OutreachTestCase, decision


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class TeamServicesTestCase(OutreachTestCase):
    def test_it_sets_up_one_team_per_ward_or_neighbourhood(self) -> None:
        founding = decision(self.ward, "315/QĐ-UBND", dt.date(2022, 5, 24))
        team = team_create(unit=self.kp1, name="", decision=founding, user=self.alice)
        self.assertEqual(team.name, "Tổ Công nghệ số cộng đồng Khu phố 1")
        self.assertEqual(team.active_from, dt.date(2022, 5, 24))
        with self.assertRaises(Problem) as caught:
            team_create(unit=self.kp1, name="Tổ thứ hai")
        self.assertIn("one team per unit", caught.exception.en)
        with self.assertRaises(Problem) as caught:
            team_create(unit=self.units["city"], name="Tổ thành phố")
        self.assertIn("wards and neighbourhoods only", caught.exception.en)
        self.assertTrue(AuditEvent.objects.filter(action="outreach.team.create").exists())

    def test_a_team_without_a_decision_is_kept_but_flagged(self) -> None:
        team = team_create(unit=self.kp2, name="Tổ Khu phố 2")
        self.assertTrue(team.lacks_decision)
        team_update(
            team=team,
            name=team.name,
            decision=decision(self.ward, "316/QĐ-UBND", dt.date(2022, 5, 24)),
            active_from=None,
            active_until=None,
        )
        self.assertFalse(Team.objects.get(pk=team.pk).lacks_decision)

    def test_the_decision_must_be_a_decision_of_the_unit_or_above(self) -> None:
        plan = document_create(
            unit=self.ward,
            kind=DocumentKind.PLAN,
            number="48/UBND",
            date=dt.date(2023, 3, 10),
            issuer="UBND phường Tuần Châu",
            summary="kế hoạch",
        )
        with self.assertRaises(Problem) as caught:
            team_create(unit=self.kp1, name="Tổ", decision=plan)
        self.assertIn("not a decision", caught.exception.en)
        other_ward = decision(self.ward2, "130/QĐ-UBND", dt.date(2022, 5, 20))
        with self.assertRaises(Problem) as caught:
            team_create(unit=self.kp1, name="Tổ", decision=other_ward)
        self.assertIn("not in the register", caught.exception.en)

    def test_reconstitution_keeps_the_team_and_its_history(self) -> None:
        team = team_create(
            unit=self.kp2,
            name="Tổ Khu phố 2",
            decision=decision(self.ward, "316/QĐ-UBND", dt.date(2022, 5, 24)),
        )
        old_leader = member_create(team=team, full_name="Vũ Văn Bình", role="leader")
        later = decision(self.ward, "334/QĐ-UBND", dt.date(2022, 6, 6))
        team_reconstitute(team=team, decision=later, ending=[old_leader], user=self.alice)
        old_leader.refresh_from_db()
        self.assertEqual(old_leader.active_until, dt.date(2022, 6, 5))
        new_leader = member_create(
            team=team, full_name="Trịnh Văn Quang", role="leader", active_from=later.date
        )
        self.assertEqual(Team.objects.count(), 1)
        self.assertEqual(
            [r.decision.number for r in TeamReconstitution.objects.filter(team=team)],
            ["334/QĐ-UBND"],
        )
        self.assertEqual(new_leader.team, team)
        with self.assertRaises(Problem) as caught:
            team_reconstitute(
                team=team, decision=decision(self.ward, "200/QĐ-UBND", dt.date(2022, 5, 1))
            )
        self.assertIn("must come after", caught.exception.en)

    def test_reconstituting_a_team_without_a_founding_decision_is_refused(self) -> None:
        team = team_create(unit=self.kp2, name="Tổ")
        with self.assertRaises(Problem) as caught:
            team_reconstitute(
                team=team, decision=decision(self.ward, "334/QĐ-UBND", dt.date(2022, 6, 6))
            )
        self.assertIn("no founding decision", caught.exception.en)


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class MemberServicesTestCase(OutreachTestCase):
    kp1_team: Team
    kp2_team: Team

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.kp1_team = team_create(
            unit=cls.kp1,
            name="Tổ Khu phố 1",
            decision=decision(cls.ward, "315/QĐ-UBND", dt.date(2022, 5, 24)),
        )
        cls.kp2_team = team_create(
            unit=cls.kp2,
            name="Tổ Khu phố 2",
            decision=decision(cls.ward, "316/QĐ-UBND", dt.date(2022, 5, 24)),
        )

    def test_a_person_in_two_teams_at_once_is_refused(self) -> None:
        member_create(team=self.kp1_team, full_name="Lê Văn An", phone="0912 345 678")
        with self.assertRaises(Problem) as caught:
            member_create(team=self.kp2_team, full_name="Lê Văn An", phone="+84912345678")
        self.assertIn("hai tổ cùng lúc", caught.exception.vi)
        self.assertIn("two teams at once", caught.exception.en)
        self.assertIn("Tổ Khu phố 1", caught.exception.en)

    def test_the_same_login_in_two_teams_at_once_is_refused(self) -> None:
        member_create(team=self.kp1_team, full_name="Bob", login=self.bob)
        ward_team = team_create(
            unit=self.ward,
            name="Tổ phường",
            decision=decision(self.ward, "235/QĐ-UBND", dt.date(2022, 4, 1)),
        )
        with self.assertRaises(Problem):
            member_create(team=ward_team, full_name="Bob B.", login=self.bob)

    def test_moving_to_another_team_after_leaving_is_fine(self) -> None:
        member = member_create(
            team=self.kp1_team,
            full_name="Lê Văn An",
            phone="0912345678",
            active_from=dt.date(2022, 6, 1),
            active_until=dt.date(2022, 12, 31),
        )
        moved = member_create(
            team=self.kp2_team,
            full_name="Lê Văn An",
            phone="0912345678",
            active_from=dt.date(2023, 1, 1),
        )
        self.assertNotEqual(member.team, moved.team)

    def test_a_login_of_another_unit_cannot_be_linked(self) -> None:
        with self.assertRaises(Problem) as caught:
            member_create(team=self.kp1_team, full_name="Carol", login=self.carol)
        self.assertIn("does not belong", caught.exception.en)

    def test_a_team_has_one_leader_at_a_time(self) -> None:
        member_create(team=self.kp1_team, full_name="Trưởng Một", role="leader")
        with self.assertRaises(Problem) as caught:
            member_create(team=self.kp1_team, full_name="Trưởng Hai", role="leader")
        self.assertIn("already has a leader", caught.exception.en)

    def test_bad_phone_skill_and_period_are_refused(self) -> None:
        with self.assertRaises(Problem):
            member_create(team=self.kp1_team, full_name="X", phone="12")
        with self.assertRaises(Problem):
            member_create(team=self.kp1_team, full_name="X", skill_level=7)
        with self.assertRaises(Problem):
            member_create(
                team=self.kp1_team,
                full_name="X",
                active_from=dt.date(2023, 1, 2),
                active_until=dt.date(2023, 1, 1),
            )
        self.assertFalse(Member.objects.exists())

    def test_updates_and_trainings_are_logged(self) -> None:
        member = member_create(team=self.kp1_team, full_name="Lê Văn An")
        member_update(
            member=member,
            full_name="Lê Văn An",
            role="deputy",
            phone="0912345678",
            skill_level=2,
            login=self.bob,
            active_from=member.active_from,
            active_until=None,
            user=self.alice,
        )
        training_create(member=member, date=dt.date(2022, 7, 15), topic="Tập huấn kỹ năng số")
        member.refresh_from_db()
        self.assertEqual((member.role, member.user, member.skill_level), ("deputy", self.bob, 2))
        self.assertEqual(Training.objects.get().member, member)
        event = AuditEvent.objects.get(action="outreach.member.update")
        self.assertEqual(set(event.detail["changed"]), {"role", "phone", "skill_level", "user"})


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class TeamPagesTestCase(OutreachTestCase):
    founding: LegalDocument
    team: Team
    member: Member

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.founding = decision(cls.ward, "315/QĐ-UBND", dt.date(2022, 5, 24))
        cls.team = team_create(unit=cls.kp1, name="Tổ Khu phố 1", decision=cls.founding)
        cls.member = member_create(
            team=cls.team, full_name="Lê Văn An", phone="0912345678", login=cls.bob
        )

    def test_the_member_list_masks_phones(self) -> None:
        self.login(self.bob)
        page = self.client.get(reverse("outreach:team_detail", args=["L06700.01", self.team.pk]))
        self.assertContains(page, "*******678")
        self.assertNotContains(page, "0912345678")
        self.assertContains(page, "315/QĐ-UBND")
        self.assertNotContains(
            page, reverse("outreach:member_add", args=["L06700.01", self.team.pk])
        )

    def test_a_ward_officer_sets_up_a_team_without_a_decision_and_sees_the_flag(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            reverse("outreach:team_add", args=["L06700.02"]), {"name": "Tổ Khu phố 2"}
        )
        team = Team.objects.get(unit=self.kp2)
        self.assertRedirects(response, reverse("outreach:team_detail", args=["L06700.02", team.pk]))
        page = self.client.get(reverse("outreach:team", args=["L06700"]))
        self.assertContains(page, 'data-testid="flagged"')
        self.assertContains(page, "1 tổ chưa có quyết định thành lập")
        # a team's people are its members (thành viên), not a household's (nhân khẩu)
        self.assertContains(page, '<th class="num">Thành viên</th>', html=False)
        detail = self.client.get(reverse("outreach:team_detail", args=["L06700.02", team.pk]))
        self.assertContains(detail, 'data-testid="flagged"')
        self.assertContains(detail, "<h2>Thành viên</h2>", html=False)

    def test_a_member_in_two_teams_is_refused_on_the_form(self) -> None:
        other = team_create(
            unit=self.kp2,
            name="Tổ Khu phố 2",
            decision=decision(self.ward, "316/QĐ-UBND", dt.date(2022, 5, 24)),
        )
        self.login(self.alice)
        response = self.client.post(
            reverse("outreach:member_add", args=["L06700", other.pk]),
            {
                "full_name": "Lê Văn An",
                "role": "member",
                "phone": "0912 345 678",
                "skill_level": "1",
                "active_from": "2022-06-01",
            },
        )
        self.assertContains(response, "hai tổ cùng lúc", status_code=400)
        self.assertEqual(Member.objects.filter(team=other).count(), 0)

    def test_a_ward_officer_reconstitutes_a_team(self) -> None:
        later = decision(self.ward, "334/QĐ-UBND", dt.date(2022, 6, 6))
        self.login(self.alice)
        response = self.client.post(
            reverse("outreach:team_reconstitute", args=["L06700", self.team.pk]),
            {"decision": later.pk, "ending": [self.member.pk], "note": "Thay tổ trưởng"},
        )
        self.assertRedirects(
            response, reverse("outreach:team_detail", args=["L06700", self.team.pk])
        )
        self.member.refresh_from_db()
        self.assertEqual(self.member.active_until, dt.date(2022, 6, 5))
        page = self.client.get(reverse("outreach:team_detail", args=["L06700", self.team.pk]))
        self.assertContains(page, "334/QĐ-UBND")
        self.assertContains(page, "315/QĐ-UBND")
