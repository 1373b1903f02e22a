"""A personal ID living elsewhere: named only to whom may see it, logged, limited (issue 12)."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse

from gocua.audit.models import AuditEvent
from gocua.registry.models import Resident
from gocua.registry.privacy import ACTION, TooManyLookups
from gocua.registry.tests.helpers import HEADER, RosterTestCase, make_household

NUMBERS = [f"0220800{n:05d}" for n in range(1, 6)]


class IdLookupsTestCase(RosterTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Residents of Hùng Thắng, the other ward.
        self.elsewhere = make_household(self.units["ward2_kp1"], "B1", "Phan Văn Nam")
        self.nam = self.elsewhere.residents.get()
        self.nam.personal_id = NUMBERS[0]
        self.nam.save()
        self.home = make_household(self.kp1, "H1", "Nguyễn Văn An")

    def add(self, user, number: str = NUMBERS[0]):  # type: ignore[no-untyped-def]
        self.login(user)
        return self.client.post(
            reverse("registry:resident_add", args=["L06700.01", self.home.pk]),
            {
                "kind": "newcomer",
                "full_name": "Phan Văn Nam",
                "birth": "1990",
                "personal_id": number,
            },
        )

    def test_a_member_learns_no_ward_and_the_lookup_is_logged(self) -> None:
        response = self.add(self.bob)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "đã được đăng ký cho một người ở nơi khác")
        self.assertContains(response, "cán bộ phường cần ghi nhận việc chuyển đến")
        self.assertNotContains(response, "Hùng Thắng")
        self.assertNotContains(response, "L06679")
        self.assertFalse(Resident.objects.filter(household=self.home, full_name="Phan Văn Nam"))
        event = AuditEvent.objects.get(action=ACTION)
        self.assertEqual((event.user, event.rows), (self.bob, 1))
        self.assertEqual(event.detail, {"ids": [NUMBERS[0]], "units": ["L06679"]})

    def test_a_ward_officer_of_another_ward_learns_no_ward_either(self) -> None:
        response = self.add(self.alice)
        self.assertContains(response, "nơi khác")
        self.assertNotContains(response, "Hùng Thắng")

    def test_an_officer_whose_scope_covers_it_sees_the_ward(self) -> None:
        # dave (city officer) reads the import check of a roster naming the ID.
        roster = HEADER + f"\nH9,Khu phố 1,,Phan Văn Nam,1990,,{NUMBERS[0]},,,,,,,,,,,,,\n"
        result = self.load(roster, user=self.dave, dry_run=True)
        self.assertIn("Phường Hùng Thắng (L06679)", str(result.errors[0]))
        result = self.load(roster, user=self.alice, dry_run=True)
        self.assertNotIn("Hùng Thắng", str(result.errors[0]))
        self.assertIn("nơi khác", str(result.errors[0]))
        # Both dry runs wrote nothing but their lookups.
        self.assertEqual(
            sorted(e.username for e in AuditEvent.objects.filter(action=ACTION)),
            ["alice", "dave"],
        )

    @override_settings(ID_LOOKUP_LIMIT_PER_HOUR=3)
    def test_lookups_are_limited_per_hour(self) -> None:
        rows = "".join(
            f"B{n},Khu phố 1,,Người {n},1990,,{number},,,,,,,,,,,,,\n"
            for n, number in enumerate(NUMBERS)
        )
        for n, number in enumerate(NUMBERS[1:], start=2):
            make_household(self.units["ward2_kp1"], f"B{n}", f"Người {n}")
            Resident.objects.filter(household__code=f"B{n}").update(personal_id=number)
        with self.assertRaisesMessage(TooManyLookups, "Bạn đã tra hơn 3 số định danh"):
            self.load(HEADER + "\n" + rows, user=self.alice, dry_run=True)
        self.assertEqual(AuditEvent.objects.get(action=ACTION).rows, 4)  # the refused one too
        response = self.add(self.alice, NUMBERS[1])
        self.assertContains(response, "Bạn đã tra hơn 3 số định danh")
        # An hour later the limit is lifted.
        AuditEvent.objects.filter(action=ACTION).update(
            at=AuditEvent.objects.get(action=ACTION, rows=4).at - dt.timedelta(hours=2)
        )
        self.assertContains(self.add(self.alice, NUMBERS[1]), "nơi khác")
