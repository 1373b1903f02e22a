"""Every outreach page and form: who reads, who writes, who gets 404; and query counts."""

import datetime as dt
from collections.abc import Callable

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gocua.outreach.models import Activity, LegalDocument, Member, Team
from gocua.outreach.services.sessions import activity_create, guidance_record
from gocua.outreach.services.teams import member_create, training_create
from gocua.outreach.tests.helpers import (
    OutreachTestCase,
    channel,
    decision,
    household,
    service,
    team,
)
from gocua.registry.models import Resident

TODAY = dt.datetime(2023, 7, 1, 9, 0)


@time_machine.travel(TODAY, tick=False)
class AccessTestCase(OutreachTestCase):
    ward_team: Team
    kp1_team: Team
    member: Member
    document: LegalDocument
    session: Activity

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.ward_team = team(cls.ward, "235/QĐ-UBND", dt.date(2022, 4, 1))
        cls.kp1_team = team(cls.kp1, "315/QĐ-UBND")
        cls.member = member_create(team=cls.kp1_team, full_name="Lê Văn An", login=cls.bob)
        cls.document = LegalDocument.objects.get(number="235/QĐ-UBND")
        cls.session = activity_create(
            unit=cls.kp1, date=dt.date(2023, 3, 1), channel=channel("meeting"), people_reached=20
        )

    def urls(self, code: str) -> dict[str, str]:
        """Every page of a unit, by name."""
        return {
            "team": reverse("outreach:team", args=[code]),
            "visits": reverse("outreach:visits", args=[code]),
            "sessions": reverse("outreach:sessions", args=[code]),
            "session_add": reverse("outreach:session_add", args=[code]),
            "bulk_add": reverse("outreach:bulk_add", args=[code]),
            "team_detail": reverse("outreach:team_detail", args=[code, self.kp1_team.pk]),
            "catalogue": reverse("outreach:catalogue", args=[code]),
            "team_add": reverse("outreach:team_add", args=[code]),
            "team_edit": reverse("outreach:team_edit", args=[code, self.kp1_team.pk]),
            "team_reconstitute": reverse(
                "outreach:team_reconstitute", args=[code, self.kp1_team.pk]
            ),
            "member_add": reverse("outreach:member_add", args=[code, self.kp1_team.pk]),
            "member_edit": reverse("outreach:member_edit", args=[code, self.member.pk]),
            "training_add": reverse("outreach:training_add", args=[code, self.member.pk]),
            "member_skills": reverse("outreach:member_skills", args=[code, self.member.pk]),
            "training_session_add": reverse("outreach:training_session_add", args=[code]),
        }

    def register_urls(self, code: str) -> dict[str, str]:
        return {
            "documents": reverse("outreach:documents", args=[code]),
            "document_add": reverse("outreach:document_add", args=[code]),
            "document_edit": reverse("outreach:document_edit", args=[code, self.document.pk]),
        }

    def test_a_user_of_another_ward_gets_404_on_every_page_and_form(self) -> None:
        for code in ("L06700", "L06700.01"):
            for name, url in self.urls(code).items():
                with self.subTest(code=code, page=name):
                    self.assertNotFoundFor(self.charlie, url)
                    self.assertNotFoundFor(self.charlie, url, method="post", x="1")
        for name, url in self.register_urls("L06700").items():
            with self.subTest(page=name):
                self.assertNotFoundFor(self.charlie, url)
                self.assertNotFoundFor(self.charlie, url, method="post", x="1")
        delete = reverse("outreach:session_delete", args=["L06700", self.session.pk])
        self.assertNotFoundFor(self.charlie, delete, method="post")
        self.assertTrue(Activity.objects.filter(pk=self.session.pk).exists())

    def test_charlie_cannot_reach_tuan_chau_rows_through_his_own_ward(self) -> None:
        for name, url in self.urls("L06679").items():
            if name in {"team_detail", "team_edit", "team_reconstitute", "member_add",
                        "member_skills"}:  # fmt: skip
                with self.subTest(page=name):
                    self.assertNotFoundFor(self.charlie, url)
            if name in {"member_edit", "training_add", "member_skills"}:
                with self.subTest(page=name):
                    self.assertNotFoundFor(self.charlie, url, method="post", full_name="X")
        edit = reverse("outreach:document_edit", args=["L06679", self.document.pk])
        self.assertNotFoundFor(self.charlie, edit)
        delete = reverse("outreach:session_delete", args=["L06679", self.session.pk])
        self.assertNotFoundFor(self.charlie, delete, method="post")
        self.assertEqual(Member.objects.get(pk=self.member.pk).full_name, "Lê Văn An")

    def test_a_member_of_another_neighbourhood_gets_404(self) -> None:
        for name, url in self.urls("L06700.01").items():
            with self.subTest(page=name):
                self.assertNotFoundFor(self.carol, url)
        rows = {"team_detail", "team_edit", "team_reconstitute", "member_add", "member_edit",
                "member_skills"}  # fmt: skip
        for name, url in self.urls("L06700.02").items():
            if name in rows or name == "training_add":
                with self.subTest(page=name, via="L06700.02"):
                    self.assertNotFoundFor(self.carol, url)
        for name, url in self.register_urls("L06700").items():
            with self.subTest(page=name):
                self.assertNotFoundFor(self.carol, url)

    def test_a_member_reads_and_logs_in_their_neighbourhood_but_edits_no_team(self) -> None:
        self.login(self.bob)
        urls = self.urls("L06700.01")
        for name in ("team", "visits", "sessions", "session_add", "bulk_add", "team_detail",
                     "member_skills"):  # fmt: skip
            with self.subTest(page=name):
                self.assertEqual(self.client.get(urls[name]).status_code, 200)
        for name in ("team_add", "team_edit", "team_reconstitute", "member_add", "member_edit",
                     "training_session_add"):  # fmt: skip
            with self.subTest(page=name):
                self.assertNotFoundFor(self.bob, urls[name])
        self.assertNotFoundFor(self.bob, reverse("outreach:team", args=["L06700"]))
        self.assertNotFoundFor(
            self.bob, reverse("outreach:catalogue", args=["L06700.01"]), method="post", x="1"
        )

    def test_an_upper_officer_reads_every_page_and_writes_nothing(self) -> None:
        self.login(self.dave)
        for name, url in {**self.urls("L06700"), **self.register_urls("L06700")}.items():
            with self.subTest(page=name):
                readable = {"team", "visits", "sessions", "team_detail", "catalogue", "documents",
                            "member_skills"}  # fmt: skip
                expected = 200 if name in readable else 404
                self.assertEqual(self.client.get(url).status_code, expected)
        page = self.client.get(reverse("outreach:team", args=["L06700"]))
        self.assertNotContains(page, reverse("outreach:session_add", args=["L06700"]))

    def test_a_ward_officer_opens_every_page_and_form(self) -> None:
        self.login(self.alice)
        for name, url in {**self.urls("L06700"), **self.register_urls("L06700")}.items():
            with self.subTest(page=name):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_unit_page_offers_the_outreach_tiles(self) -> None:
        self.login(self.alice)
        ward = self.client.get(reverse("unit", args=["L06700"]))
        self.assertContains(ward, reverse("outreach:team", args=["L06700"]))
        self.assertContains(ward, reverse("outreach:documents", args=["L06700"]))
        self.login(self.bob)
        kp1 = self.client.get(reverse("unit", args=["L06700.01"]))
        self.assertContains(kp1, reverse("outreach:team", args=["L06700.01"]))
        self.assertNotContains(kp1, "documents/")

    def test_an_anonymous_visitor_is_sent_to_log_in(self) -> None:
        for url in self.urls("L06700").values():
            self.assertEqual(self.client.get(url).status_code, 302)


@time_machine.travel(TODAY, tick=False)
class QueryCountTestCase(OutreachTestCase):
    """List pages run a fixed number of queries, however many rows they show."""

    def assertSameQueries(self, url: str, grow: Callable[[int], None]) -> None:
        self.login(self.alice)
        grow(1)
        with CaptureQueriesContext(connection) as first:
            self.assertEqual(self.client.get(url).status_code, 200)
        grow(2)
        with self.assertNumQueries(len(first.captured_queries)):
            self.assertEqual(self.client.get(url).status_code, 200)

    def add_teams(self, n: int) -> None:
        for unit in (self.kp1, self.kp2)[:n]:
            if not Team.objects.filter(unit=unit).exists():
                founded = team(unit, f"{300 + unit.pk}/QĐ-UBND")
                decision(self.ward, f"{400 + unit.pk}/QĐ-UBND", dt.date(2022, 6, 6))
                member = member_create(team=founded, full_name=f"Tổ trưởng {unit.pk}")
                training_create(member=member, date=dt.date(2022, 7, 1), topic="Tập huấn")
                home = household(unit, f"H{unit.pk}", "A", "B")
                for resident in Resident.objects.filter(household=home):
                    guidance_record(
                        resident=resident,
                        service=service("vneid"),
                        day=dt.date(2023, 3, 1),
                        member=member,
                    )

    def add_sessions(self, n: int) -> None:
        for i in range(3 * n):
            session = activity_create(
                unit=self.kp1 if i % 2 else self.ward,
                date=dt.date(2023, 1, 1) + dt.timedelta(days=i + 10 * n),
                channel=channel(["meeting", "zalo", "facebook"][i % 3]),
                services=[service("vneid"), service("vssid")],
                people_reached=10,
            )
            session.households.add(*household(self.kp1, f"S{n}-{i}").__class__.objects.all()[:1])

    def test_the_team_page(self) -> None:
        def grow(n: int) -> None:
            self.add_teams(n)
            self.add_sessions(n)

        self.assertSameQueries(reverse("outreach:team", args=["L06700"]) + "?year=2023", grow)

    def test_the_session_log(self) -> None:
        self.assertSameQueries(
            reverse("outreach:sessions", args=["L06700"]) + "?year=2023", self.add_sessions
        )

    def test_the_visit_list(self) -> None:
        def grow(n: int) -> None:
            for i in range(3):
                household(self.kp1 if i % 2 else self.kp2, f"V{n}-{i}", "A", "B")

        self.assertSameQueries(reverse("outreach:visits", args=["L06700"]) + "?year=2023", grow)

    def test_the_document_register(self) -> None:
        def grow(n: int) -> None:
            for i in range(3):
                decision(self.ward, f"{n * 10 + i}/QĐ-UBND", dt.date(2022, 1, 1 + n * 3 + i))
            self.add_teams(n)

        self.assertSameQueries(reverse("outreach:documents", args=["L06700"]), grow)

    def test_the_team_members(self) -> None:
        kp1_team = team(self.kp1, "315/QĐ-UBND")

        def grow(n: int) -> None:
            for i in range(2):
                member = member_create(team=kp1_team, full_name=f"Người {n}-{i}")
                training_create(member=member, date=dt.date(2022, 7, 1), topic="Tập huấn")

        self.assertSameQueries(reverse("outreach:team_detail", args=["L06700", kp1_team.pk]), grow)
