"""The figures of the teams' work on small hand-made data."""

import datetime as dt

import time_machine

from gocua.outreach import selectors
from gocua.outreach.models import BulkGuidance, Member
from gocua.outreach.services.sessions import (
    activity_create,
    bulk_guidance_record,
    guidance_record,
    household_visits_record,
)
from gocua.outreach.services.teams import member_create
from gocua.outreach.tests.helpers import OutreachTestCase, channel, household, service, team
from gocua.registry.models import Resident

START, END = dt.date(2023, 1, 1), dt.date(2023, 6, 26)


@time_machine.travel(dt.datetime(2023, 7, 1, 9, 0), tick=False)
class SelectorsTestCase(OutreachTestCase):
    def test_it_counts_sessions_per_unit_and_channel_in_the_period(self) -> None:
        activity_create(unit=self.ward, date=dt.date(2023, 3, 1), channel=channel("meeting"))
        activity_create(unit=self.kp1, date=dt.date(2023, 3, 2), channel=channel("meeting"))
        activity_create(
            unit=self.kp1, date=dt.date(2023, 3, 3), channel=channel("zalo"), people_reached=120
        )
        activity_create(unit=self.kp2, date=dt.date(2022, 12, 31), channel=channel("zalo"))
        activity_create(unit=self.ward2, date=dt.date(2023, 3, 1), channel=channel("meeting"))

        by_unit = selectors.sessions_by_unit(root=self.ward, start=START, end=END)
        self.assertEqual(by_unit, {self.ward.pk: 1, self.kp1.pk: 2})
        by_channel = selectors.sessions_by_channel(root=self.ward, start=START, end=END)
        self.assertEqual([(c.code, c.sessions) for c in by_channel], [("meeting", 2), ("zalo", 1)])
        self.assertEqual([c.people_reached for c in by_channel], [None, 120])
        only_kp1 = selectors.sessions_by_channel(root=self.kp1, start=START, end=END)
        self.assertEqual(sum(c.sessions for c in only_kp1), 2)

    def test_it_counts_sessions_per_service_covered(self) -> None:
        activity_create(
            unit=self.kp1,
            date=dt.date(2023, 3, 2),
            channel=channel("meeting"),
            services=[service("vneid"), service("vssid")],
        )
        activity_create(
            unit=self.kp2,
            date=dt.date(2023, 3, 3),
            channel=channel("facebook"),
            services=[service("vneid")],
        )
        rows = selectors.sessions_by_service(root=self.ward, start=START, end=END)
        self.assertEqual([(r.code, r.sessions) for r in rows], [("vneid", 2), ("vssid", 1)])

    def test_guided_counts_distinct_residents_and_each_bulk_sessions_largest_figure(self) -> None:
        home = household(self.kp1, "H1", "An", "Bình")
        an, binh = Resident.objects.filter(household=home).order_by("full_name")
        guidance_record(resident=an, service=service("vneid"), day=dt.date(2023, 2, 1))
        guidance_record(resident=an, service=service("vssid"), day=dt.date(2023, 2, 2))
        guidance_record(resident=binh, service=service("vneid"), day=dt.date(2023, 2, 1))
        guidance_record(resident=binh, service=service("vneid"), day=dt.date(2022, 2, 1))
        meeting = activity_create(
            unit=self.kp2, date=dt.date(2023, 4, 1), channel=channel("meeting"), people_reached=50
        )
        bulk_guidance_record(
            unit=self.ward,
            date=dt.date(2023, 4, 1),
            activity=meeting,
            counts={service("vneid"): 40, service("ehealth"): 25},
        )
        bulk_guidance_record(unit=self.kp2, date=dt.date(2023, 5, 1), counts={service("vneid"): 10})

        by_unit = selectors.guided_by_unit(root=self.ward, start=START, end=END)
        self.assertEqual(by_unit, {self.kp1.pk: 2, self.kp2.pk: 40 + 10})
        self.assertEqual(BulkGuidance.objects.filter(unit=self.kp2).count(), 3)
        by_service = selectors.guided_by_service(root=self.ward, start=START, end=END)
        self.assertEqual(
            [(s.code, s.residents, s.in_bulk, s.total) for s in by_service],
            [("vneid", 2, 50, 52), ("vssid", 1, 0, 1), ("ehealth", 0, 25, 25)],
        )
        self.assertEqual(selectors.guided_by_unit(root=self.ward2, start=START, end=END), {})

    def test_it_counts_residents_guided_per_member(self) -> None:
        kp1_team = team(self.kp1, "315/QĐ-UBND")
        leader = member_create(team=kp1_team, full_name="Trần Văn Trưởng", role="leader")
        helper = member_create(team=kp1_team, full_name="Lê Thị Giúp")
        member_create(
            team=kp1_team,
            full_name="Đã Rời",
            active_from=dt.date(2022, 5, 24),
            active_until=dt.date(2022, 12, 31),
        )
        home = household(self.kp1, "H1", "An", "Bình")
        an, binh = Resident.objects.filter(household=home).order_by("full_name")
        for resident in (an, binh):
            for code in ("vneid", "vssid"):
                guidance_record(
                    resident=resident, service=service(code), day=dt.date(2023, 3, 1), member=helper
                )
        guidance_record(resident=an, service=service("ehealth"), day=dt.date(2023, 3, 1))

        rows = list(selectors.guided_by_member(root=self.ward, start=START, end=END))
        self.assertEqual([m.full_name for m in rows], ["Trần Văn Trưởng", "Lê Thị Giúp"])
        self.assertEqual([(m.guided, m.records) for m in rows], [(0, 0), (2, 4)])  # type: ignore[attr-defined]
        self.assertEqual(leader.pk, rows[0].pk)
        self.assertEqual(Member.objects.count(), 3)

    def test_door_to_door_coverage_counts_households_visited_in_the_period(self) -> None:
        guided = household(self.kp1, "H1", "An")
        knocked = household(self.kp1, "H2", "Bình")
        household(self.kp1, "H3", "Cường")
        household(self.kp1, "H4", "Dũng", moved_out=dt.date(2023, 1, 10))  # gone: not counted
        earlier = household(self.kp2, "H5", "Em")
        guidance_record(
            resident=guided.residents.get(), service=service("vneid"), day=dt.date(2023, 3, 1)
        )
        guidance_record(
            resident=earlier.residents.get(), service=service("vneid"), day=dt.date(2022, 3, 1)
        )
        household_visits_record(unit=self.kp1, day=dt.date(2023, 3, 5), household_ids=[knocked.pk])

        coverage = selectors.door_to_door_coverage(root=self.ward, start=START, end=END)
        self.assertEqual(
            [(c.unit.code, c.households, c.visited, c.percent) for c in coverage],
            [("L06700.01", 3, 2, 66.67), ("L06700.02", 1, 0, 0.0)],
        )
        with self.assertNumQueries(2):
            not_visited = list(
                selectors.households_not_visited(root=self.ward, start=START, end=END)
            )
            self.assertEqual([h.code for h in not_visited], ["H3", "H5"])
            self.assertEqual([r.full_name for r in not_visited[0].living_residents], ["Cường"])  # type: ignore[attr-defined]
        only_kp2 = selectors.door_to_door_coverage(root=self.kp2, start=START, end=END)
        self.assertEqual([(c.unit.code, c.households) for c in only_kp2], [("L06700.02", 1)])

    def test_the_door_to_door_visit_is_one_session_per_neighbourhood_and_day(self) -> None:
        a = household(self.kp1, "H1")
        b = household(self.kp1, "H2")
        c = household(self.kp2, "H3")
        household_visits_record(unit=self.ward, day=dt.date(2023, 3, 5), household_ids=[a.pk, c.pk])
        household_visits_record(unit=self.kp1, day=dt.date(2023, 3, 5), household_ids=[b.pk])
        by_unit = selectors.sessions_by_unit(root=self.ward, start=START, end=END)
        self.assertEqual(by_unit, {self.kp1.pk: 1, self.kp2.pk: 1})
        coverage = selectors.door_to_door_coverage(root=self.ward, start=START, end=END)
        self.assertEqual([c.visited for c in coverage], [2, 1])

    def test_team_figures_count_active_teams_members_and_flag_missing_decisions(self) -> None:
        ward_team = team(self.ward, "235/QĐ-UBND", dt.date(2022, 4, 1))
        kp1_team = team(self.kp1, "315/QĐ-UBND")
        team(self.kp2, None)
        member_create(team=ward_team, full_name="A", phone="0912000001")
        member_create(team=kp1_team, full_name="B", phone="0912000002")
        member_create(
            team=kp1_team,
            full_name="C",
            active_from=dt.date(2022, 6, 1),
            active_until=dt.date(2022, 12, 1),
        )
        figures = selectors.team_figures(root=self.ward, on=END)
        self.assertEqual((figures.teams, figures.members, figures.without_decision), (3, 2, 1))
        summary = selectors.outreach_summary(root=self.ward, start=START, end=END)
        self.assertEqual(summary.teams, figures)
        self.assertEqual(summary.sessions, 0)
