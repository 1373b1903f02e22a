"""Logins given out by officers: who may manage whose login, and what the services write."""

from __future__ import annotations

import json

from django.test import Client

from gocua.accounts import services
from gocua.accounts.models import Role, User
from gocua.accounts.permissions import may_create_login, may_manage_login, may_manage_logins_at
from gocua.accounts.selectors import login_units, managed_logins
from gocua.audit.models import AuditEvent
from gocua.lib.errors import Problem
from gocua.orgunits.models import OrgUnit
from gocua.testing import BaseTestCase, make_user


class TeamLoginsTestCase(BaseTestCase):
    city: OrgUnit
    province: OrgUnit
    tinh: User
    alice2: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.city = cls.units["city"]
        cls.province = cls.units["province"]
        cls.tinh = make_user("tinh", Role.UPPER_OFFICER, cls.province)
        cls.alice2 = make_user("alice2", Role.WARD_OFFICER, cls.ward)  # a second ward officer

    def test_it_matrix_of_who_may_create_where(self) -> None:
        u = self.units
        allowed = {
            ("alice", "kp1"),
            ("alice", "kp2"),
            ("charlie", "ward2_kp1"),
            ("dave", "ward"),
            ("dave", "ward2"),
            ("tinh", "city"),
        }
        people = [self.alice, self.bob, self.carol, self.charlie, self.dave, self.tinh]
        for person in people:
            for key in ("province", "city", "ward", "ward2", "kp1", "kp2", "ward2_kp1"):
                with self.subTest(person=person.username, unit=key):
                    self.assertEqual(
                        may_create_login(person, u[key]), (person.username, key) in allowed
                    )
        # The administrator creates anywhere a login can go (never a province: no level above).
        self.assertTrue(may_create_login(self.root, u["kp1"]))
        self.assertFalse(may_create_login(self.root, u["province"]))

    def test_it_matrix_of_who_may_manage_whom(self) -> None:
        allowed = {("alice", "bob"), ("alice", "carol"), ("dave", "alice"), ("dave", "charlie")}
        allowed |= {("dave", "alice2"), ("alice2", "bob"), ("alice2", "carol")}
        people = [self.alice, self.alice2, self.bob, self.carol, self.charlie, self.dave, self.tinh]
        for manager in people:
            for account in [*people, self.root]:
                with self.subTest(manager=manager.username, account=account.username):
                    self.assertEqual(
                        may_manage_login(manager, account),
                        (manager.username, account.username) in allowed
                        or (manager.username == "tinh" and account.username == "dave"),
                    )
        # Never one's own login, never an administrator's, not even for an administrator.
        self.assertFalse(may_manage_login(self.root, self.root))
        self.assertTrue(may_manage_login(self.root, self.dave))

    def test_it_pages_of_logins_are_the_officers_own_unit(self) -> None:
        self.assertTrue(may_manage_logins_at(self.alice, self.ward))
        self.assertFalse(may_manage_logins_at(self.alice, self.ward2))
        self.assertFalse(may_manage_logins_at(self.alice, self.kp1))
        self.assertFalse(may_manage_logins_at(self.bob, self.kp1))
        self.assertFalse(may_manage_logins_at(self.dave, self.ward))  # not the members' logins
        self.assertTrue(may_manage_logins_at(self.dave, self.units["city"]))
        self.assertEqual(
            [u.code for u in login_units(self.alice, self.ward)], ["L06700.01", "L06700.02"]
        )
        self.assertEqual(
            sorted(a.username for a in managed_logins(self.dave, self.units["city"])),
            ["alice", "alice2", "charlie"],
        )
        self.assertEqual(list(managed_logins(self.dave, self.ward)), [])
        self.assertEqual(
            sorted(a.username for a in managed_logins(self.alice, self.ward)), ["bob", "carol"]
        )

    def test_it_creates_a_member_login_with_a_one_time_password(self) -> None:
        account, password = services.account_create(
            unit=self.kp1, full_name="  Nguyễn Thị Lan ", phone="+84 912 345 678", user=self.alice
        )
        self.assertEqual(account.username, "lannt")
        self.assertEqual(
            (account.role, account.unit, account.phone), (Role.MEMBER, self.kp1, "0912345678")
        )
        self.assertEqual(account.get_full_name(), "Nguyễn Thị Lan")
        self.assertTrue(account.must_change_password)
        self.assertTrue(account.check_password(password))
        self.assertRegex(password, r"^[a-z2-9]{4}-[a-z2-9]{4}$")
        # The same name again gets the next free user name.
        again, _ = services.account_create(
            unit=self.kp2, full_name="Nguyễn Thị Lan", user=self.alice
        )
        self.assertEqual(again.username, "lannt2")
        event = AuditEvent.objects.get(action="accounts.login.create", object_id=str(account.pk))
        self.assertEqual((event.user, event.unit_code), (self.alice, "L06700.01"))
        self.assertEqual(event.detail, {"username": "lannt", "role": "member"})

    def test_it_refuses_outside_the_subtree_without_writing(self) -> None:
        before = User.objects.count(), AuditEvent.objects.count()
        cases = [
            (self.charlie, self.kp1),  # another ward's officer
            (self.bob, self.kp1),  # a member
            (self.dave, self.kp1),  # a city officer, for a member
            (self.alice, self.ward),  # one's own level
            (self.alice, self.units["city"]),  # above
        ]
        for user, unit in cases:
            with self.subTest(user=user.username, unit=unit.code), self.assertRaises(Problem):
                services.account_create(unit=unit, full_name="Trần Văn A", user=user)
        self.assertEqual((User.objects.count(), AuditEvent.objects.count()), before)

    def test_it_refuses_a_bad_or_taken_user_name_and_a_bad_phone(self) -> None:
        for username in ("bob", "Ab", "tên có dấu"):
            with self.subTest(username=username), self.assertRaises(Problem):
                services.account_create(
                    unit=self.kp1, full_name="Trần Văn A", username=username, user=self.alice
                )
        with self.assertRaises(Problem):
            services.account_create(
                unit=self.kp1, full_name="Trần Văn A", phone="12345", user=self.alice
            )

    def test_a_city_officer_creates_a_ward_officer(self) -> None:
        account, _ = services.account_create(
            unit=self.ward2, full_name="Đỗ Đức Anh", username="ducanh", user=self.dave
        )
        self.assertEqual((account.role, account.unit), (Role.WARD_OFFICER, self.ward2))
        with self.assertRaises(Problem):
            services.account_create(unit=self.ward2, full_name="Đỗ Đức Anh", user=self.tinh)
        account, _ = services.account_create(unit=self.city, full_name="Lê Bình", user=self.tinh)
        self.assertEqual((account.role, account.username), (Role.UPPER_OFFICER, "binhl"))

    def test_it_resets_deactivates_and_reactivates(self) -> None:
        password = services.account_password_reset(account=self.bob, user=self.alice)
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(password))
        self.assertTrue(self.bob.must_change_password)
        services.account_deactivate(account=self.bob, user=self.alice)
        client = Client()
        response = client.post("/accounts/login/", {"username": "bob", "password": password})
        self.assertEqual(response.status_code, 200)  # the form again, not logged in
        self.assertNotIn("_auth_user_id", client.session)
        services.account_reactivate(account=self.bob, user=self.alice)
        response = client.post("/accounts/login/", {"username": "bob", "password": password})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(int(client.session["_auth_user_id"]), self.bob.pk)
        actions = list(
            AuditEvent.objects.filter(object_id=str(self.bob.pk), object_type="user")
            .order_by("id")
            .values_list("action", flat=True)
        )
        self.assertEqual(
            actions,
            [
                "accounts.login.password_reset",
                "accounts.login.deactivate",
                "accounts.login.reactivate",
            ],
        )
        for user in (self.charlie, self.carol, self.dave):
            with self.subTest(user=user.username), self.assertRaises(Problem):
                services.account_password_reset(account=self.bob, user=user)
            with self.subTest(user=user.username), self.assertRaises(Problem):
                services.account_deactivate(account=self.bob, user=user)

    def test_it_chooses_the_own_password_by_the_rules(self) -> None:
        password = services.account_password_reset(account=self.bob, user=self.alice)
        for new, again in [("x", "x"), ("Mật-khẩu-dài-2026", "khác"), (password, password)]:
            with self.subTest(new=new), self.assertRaises(Problem):
                services.account_password_choose(account=self.bob, password=new, again=again)
        services.account_password_choose(
            account=self.bob, password="Mật-khẩu-dài-2026", again="Mật-khẩu-dài-2026"
        )
        self.bob.refresh_from_db()
        self.assertFalse(self.bob.must_change_password)
        self.assertTrue(self.bob.check_password("Mật-khẩu-dài-2026"))

    def test_no_password_ever_reaches_the_audit_log(self) -> None:
        account, first = services.account_create(
            unit=self.kp1, full_name="Phạm Thu", user=self.alice
        )
        second = services.account_password_reset(account=account, user=self.alice)
        services.account_password_choose(
            account=account, password="Vườn-Hoa-2026", again="Vườn-Hoa-2026"
        )
        logged = json.dumps(list(AuditEvent.objects.values()), default=str)
        for secret in (first, second, "Vườn-Hoa-2026", first.replace("-", "")):
            self.assertNotIn(secret, logged)
        self.assertEqual(
            AuditEvent.objects.filter(object_id=str(account.pk), object_type="user").count(), 3
        )
