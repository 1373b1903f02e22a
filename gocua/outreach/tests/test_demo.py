"""The outreach part of `gocua demo`: the seed's documents, teams and 35 sessions, twice."""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from gocua.accounts.models import User
from gocua.audit.models import AuditEvent
from gocua.orgunits.models import OrgUnit
from gocua.outreach import selectors
from gocua.outreach.models import (
    Activity,
    BulkGuidance,
    LegalDocument,
    Member,
    MemberSkill,
    Team,
    TeamReconstitution,
    Training,
    TrainingSession,
)

SEED_START, SEED_DAY = dt.date(2022, 1, 1), dt.date(2023, 6, 26)


class OutreachDemoTestCase(TestCase):
    ward: OrgUnit
    ward2: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo", stdout=StringIO())
        cls.ward = OrgUnit.objects.get(code="L06700")
        cls.ward2 = OrgUnit.objects.get(code="L06679")

    def counts(self) -> tuple[int, ...]:
        models = [Activity, BulkGuidance, LegalDocument, Member, Team, TeamReconstitution, Training,
                  MemberSkill, TrainingSession]  # fmt: skip
        return (*(m.objects.count() for m in models), AuditEvent.objects.count())  # type: ignore[attr-defined]

    def test_tuan_chau_held_the_seeds_35_sessions(self) -> None:
        by_unit = selectors.sessions_by_unit(root=self.ward, start=SEED_START, end=SEED_DAY)
        self.assertEqual(sum(by_unit.values()), 35)
        channels = selectors.sessions_by_channel(root=self.ward, start=SEED_START, end=SEED_DAY)
        self.assertEqual(
            [c.code for c in channels],
            ["meeting", "conference", "loudspeaker", "web_portal", "zalo", "facebook"],
        )
        first = Activity.objects.filter(unit__path__startswith=self.ward.path).earliest("date")
        self.assertGreaterEqual(first.date, dt.date(2022, 6, 1))
        covered = selectors.sessions_by_service(root=self.ward, start=SEED_START, end=SEED_DAY)
        self.assertEqual(
            {s.code for s in covered},
            {"vneid", "vssid", "ehealth", "mobile_money", "dvc_province", "dvc_national"},
        )
        later = selectors.sessions_by_unit(
            root=self.ward, start=SEED_DAY + dt.timedelta(days=1), end=dt.date(2030, 1, 1)
        )
        self.assertEqual(later, {})
        hung_thang = selectors.sessions_by_unit(root=self.ward2, start=SEED_START, end=SEED_DAY)
        self.assertGreater(sum(hung_thang.values()), 0)

    def test_the_legal_basis_is_the_seeds_list_in_its_order(self) -> None:
        citations = selectors.legal_basis_citations(self.ward, SEED_DAY)
        self.assertEqual(
            [(c.kind_label, c.numbers, c.date) for c in citations],
            [
                ("Kế hoạch", "48/UBND", dt.date(2023, 3, 10)),
                ("Kế hoạch", "78/UBND", dt.date(2023, 4, 28)),
                ("Quyết định", "235/QĐ-UBND", dt.date(2022, 4, 1)),
                ("Quyết định", "237, 238, 239, 240, 241/QĐ-UBND", dt.date(2022, 4, 4)),
                ("Quyết định", "315, 316, 317, 318, 319/QĐ-UBND", dt.date(2022, 5, 24)),
                ("Quyết định", "334/QĐ-UBND", dt.date(2022, 6, 6)),
            ],
        )
        self.assertTrue(citations[0].text.startswith("Kế hoạch số 48/UBND ngày 10/3/2023 của"))
        resolution = LegalDocument.objects.get(number="09-NQ/TU")
        self.assertEqual(
            (resolution.unit, resolution.date, resolution.issuer),
            (self.ward, dt.date(2022, 2, 5), "Ban Thường vụ Tỉnh ủy Quảng Ninh"),
        )
        request = selectors.document_by_number(unit=self.ward, number="Số: 389/UBND-VHTT")
        assert request is not None
        self.assertEqual((request.unit.code, request.kind), ("L193", "official_letter"))
        self.assertEqual(request.date, SEED_DAY)
        self.assertIsNone(selectors.document_by_number(unit=self.ward2, number="48/UBND"))
        self.assertIsNone(selectors.document_by_number(unit=self.ward, number="not a number"))

    def test_the_ward_and_five_neighbourhood_teams_with_kp2_reconstituted(self) -> None:
        teams = list(selectors.teams_under(root=self.ward))
        self.assertEqual(
            [(t.unit.name, t.decision.number if t.decision else None) for t in teams],
            [("Phường Tuần Châu", "235/QĐ-UBND")]
            + [(f"Khu phố {n}", f"{314 + n}/QĐ-UBND") for n in range(1, 6)],
        )
        kp2 = teams[2]
        self.assertEqual([r.decision.number for r in kp2.reconstitutions.all()], ["334/QĐ-UBND"])
        leaders = Member.objects.filter(team=kp2, role="leader").order_by("active_from")
        self.assertEqual(
            [(m.full_name, m.active_until) for m in leaders],
            [("Vũ Văn Bình", dt.date(2022, 6, 5)), ("Trịnh Văn Quang", None)],
        )
        self.assertEqual(
            Member.objects.get(user__username="tuanchau.kp1").team.unit.code, "L06700.01"
        )
        self.assertEqual(
            Member.objects.get(user__username="hungthang.kp1").team.unit.code,
            OrgUnit.objects.get(parent=self.ward2, name="Khu phố 1").code,
        )
        self.assertEqual(selectors.team_figures(root=self.ward2, on=SEED_DAY).teams, 6)

    def test_running_the_demo_again_changes_nothing(self) -> None:
        before = self.counts()
        call_command("demo", stdout=StringIO())
        self.assertEqual(self.counts(), before)

    def test_the_demo_ward_officer_sees_the_sessions_by_channel(self) -> None:
        self.client.force_login(User.objects.get(username="tuanchau"))
        page = self.client.get(
            reverse("outreach:team", args=["L06700"]), {"from": "2022-01-01", "to": "2023-06-26"}
        )
        self.assertContains(page, "Hệ thống loa không dây")
        self.assertContains(page, '<th class="num">35</th>', html=False)

    def test_leaflets_and_skills_show_without_touching_the_seeds_letter(self) -> None:
        hung_thang = selectors.leaflets_handed_out(root=self.ward2, start=SEED_START, end=SEED_DAY)
        self.assertEqual(hung_thang.leaflets, 300)
        tuan_chau = selectors.leaflets_handed_out(root=self.ward, start=SEED_START, end=SEED_DAY)
        self.assertEqual(tuan_chau.leaflets, 0)
        # Tuần Châu's levels start after the seed's letter: none on 26 June 2023.
        self.assertEqual(selectors.training_needs(root=self.ward, on=SEED_DAY).members, 0)
        needs = selectors.training_needs(root=self.ward2, on=SEED_DAY)
        self.assertEqual(needs.members, 2)  # Phố2 and Phố3 on the e-health book
        after = {
            e.service.code: e
            for e in selectors.skills_by_service(root=self.ward, on=dt.date(2023, 8, 1))
        }
        # VssID: Long still needs training; Nam and Nga were trained on 20 July.
        self.assertEqual([m.full_name for m in after["vssid"].training], ["Đỗ Văn Long"])
        self.assertEqual(
            sorted(m.full_name for m in after["vssid"].use),
            ["Bùi Văn Nam", "Trần Thị Thu Hương", "Tạ Thị Nga"],
        )
        self.assertEqual(len(after["vneid"].guide), 3)
