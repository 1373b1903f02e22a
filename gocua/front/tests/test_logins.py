"""The team's logins page: create, reset, deactivate; 404 to everyone else."""

from __future__ import annotations

import re

from gocua.accounts.models import Role, User
from gocua.audit.models import AuditEvent
from gocua.outreach.services.teams import member_create, team_create
from gocua.testing import BaseTestCase, make_user

PASSWORD_RE = re.compile(r'data-testid="slip-password">([a-z2-9]{4}-[a-z2-9]{4})<')


class LoginsPageTestCase(BaseTestCase):
    def test_it_lists_the_ward_s_member_logins(self) -> None:
        self.login(self.alice)
        response = self.client.get("/u/L06700/logins/")
        self.assertContains(response, "Bob")
        self.assertContains(response, "Carol")
        self.assertNotContains(response, "Charlie")
        self.assertContains(response, "/u/L06700/logins/new/")

    def test_it_is_404_to_everyone_else(self) -> None:
        make_user("tinh", Role.UPPER_OFFICER, self.units["province"])
        for user in (self.bob, self.charlie, self.dave):
            for url in (
                "/u/L06700/logins/",
                "/u/L06700/logins/new/",
                f"/u/L06700/logins/{self.bob.pk}/reset/",
            ):
                self.assertNotFoundFor(user, url)
        self.assertNotFoundFor(self.charlie, f"/u/L06679/logins/{self.bob.pk}/reset/")
        self.assertNotFoundFor(self.charlie, f"/u/L06679/logins/{self.bob.pk}/reset/", "post")
        self.assertNotFoundFor(self.alice, f"/u/L06700/logins/{self.bob.pk}/explode/")
        self.assertNotFoundFor(self.alice, f"/u/L06700/logins/{self.alice.pk}/deactivate/")
        self.assertNotFoundFor(self.alice, "/u/L06700.01/logins/")
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.is_active)

    def test_it_shows_the_link_to_the_unit_s_own_officer_only(self) -> None:
        self.login(self.alice)
        self.assertContains(self.client.get("/u/L06700/"), "/u/L06700/logins/")
        self.login(self.dave)
        self.assertNotContains(self.client.get("/u/L06700/"), "/u/L06700/logins/")
        self.assertContains(self.client.get("/u/L193/"), "/u/L193/logins/")

    def test_it_creates_a_login_shows_the_slip_once_and_links_the_member(self) -> None:
        team = team_create(unit=self.kp1, name="")
        member = member_create(team=team, full_name="Lê Thị Hoa", phone="0912345678")
        self.login(self.alice)
        response = self.client.post(
            "/u/L06700/logins/new/",
            {"unit": "L06700.01", "full_name": "Lê Thị Hoa", "phone": "0912 345 678"},
        )
        self.assertEqual(response.status_code, 200)
        match = PASSWORD_RE.search(response.content.decode())
        assert match is not None
        account = User.objects.get(username="hoalt")
        self.assertTrue(account.check_password(match.group(1)))
        self.assertContains(response, 'data-testid="member-link"')
        member.refresh_from_db()
        self.assertEqual(member.user, account)
        # Not on the list page afterwards: shown once.
        self.assertNotContains(self.client.get("/u/L06700/logins/"), match.group(1))

    def test_it_refuses_a_unit_of_another_ward(self) -> None:
        self.login(self.alice)
        response = self.client.post(
            "/u/L06700/logins/new/", {"unit": "L06679.01", "full_name": "Trần Văn B"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(last_name="B").exists())
        self.assertNotContains(response, 'data-testid="slip-password"')

    def test_it_resets_after_a_confirmation_and_deactivates(self) -> None:
        self.login(self.alice)
        url = f"/u/L06700/logins/{self.bob.pk}/reset/"
        response = self.client.get(url)
        self.assertContains(response, 'data-testid="confirm"')
        self.bob.refresh_from_db()
        self.assertFalse(self.bob.must_change_password)  # a GET changes nothing
        response = self.client.post(url)
        match = PASSWORD_RE.search(response.content.decode())
        assert match is not None
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(match.group(1)))
        response = self.client.post(f"/u/L06700/logins/{self.bob.pk}/deactivate/")
        self.assertRedirects(response, "/u/L06700/logins/")
        self.bob.refresh_from_db()
        self.assertFalse(self.bob.is_active)
        self.assertTrue(
            AuditEvent.objects.filter(action="accounts.login.deactivate", user=self.alice).exists()
        )

    def test_a_one_time_password_leads_to_choosing_one_s_own(self) -> None:
        self.bob.must_change_password = True
        self.bob.save()
        self.login(self.bob)
        response = self.client.get("/u/L06700.01/")
        self.assertRedirects(
            response, "/accounts/password/?next=%2Fu%2FL06700.01%2F", fetch_redirect_response=False
        )
        answer = self.client.get("/api/v1/caseload?unit=L06700.01")
        self.assertEqual(answer.status_code, 403)  # in the API's one error shape
        self.assertEqual(answer.json()["error"]["code"], "password_change_required")
        self.assertEqual(self.client.get("/field/session.json").status_code, 403)
        self.assertEqual(self.client.get("/field/sw.js").status_code, 200)  # never redirected
        response = self.client.post(
            "/accounts/password/",
            {"password": "Ngõ-Nhỏ-2026", "again": "Ngõ-Nhỏ-2026", "next": "/u/L06700.01/"},
        )
        self.assertRedirects(response, "/u/L06700.01/")
        self.assertEqual(self.client.get("/u/L06700.01/").status_code, 200)

    def test_the_pages_the_crawler_cannot_reach_are_in_vietnamese(self) -> None:
        from gocua.tests.test_no_english import _Text, leftovers

        self.login(self.alice)
        pages = {
            "slip": self.client.post(
                "/u/L06700/logins/new/", {"unit": "L06700.01", "full_name": "Lê Thị Hoa"}
            ),
            "refused": self.client.post(
                "/u/L06700/logins/new/", {"unit": "L06700.01", "full_name": "x", "username": "bob"}
            ),
            "reset": self.client.post(f"/u/L06700/logins/{self.bob.pk}/reset/"),
        }
        self.bob.refresh_from_db()
        self.login(self.bob)
        pages["choose"] = self.client.post(
            "/accounts/password/", {"password": "12345678", "again": "12345678"}
        )
        for name, response in pages.items():
            with self.subTest(page=name):
                self.assertEqual(response.status_code, 200)
                parser = _Text()
                parser.feed(response.content.decode())
                text = "\n".join(parser.text)
                self.assertEqual(leftovers(text, set()), [], text)
