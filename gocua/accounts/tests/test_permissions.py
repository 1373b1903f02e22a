from gocua.accounts.models import Role
from gocua.accounts.permissions import (
    can_edit,
    can_see,
    catalogue_province,
    is_upper_officer_of,
    is_ward_officer,
    may_edit_catalogue,
    may_hide_service,
    may_see_full_ids,
)
from gocua.testing import BaseTestCase, make_user


class PermissionsTestCase(BaseTestCase):
    def test_it_answers_each_role_in_and_outside_its_subtree(self) -> None:
        ward, kp1, ward2 = self.ward, self.kp1, self.ward2
        # (user, unit): see, edit, ward officer, full IDs, upper officer
        table = [
            (self.alice, ward, True, True, True, True, False),
            (self.alice, kp1, True, True, True, True, False),
            (self.alice, ward2, False, False, False, False, False),
            (self.bob, kp1, True, True, False, False, False),
            (self.bob, ward, False, False, False, False, False),
            (self.carol, kp1, False, False, False, False, False),
            (self.charlie, ward, False, False, False, False, False),
            (self.charlie, ward2, True, True, True, True, False),
            (self.dave, ward, True, False, False, False, True),
            (self.dave, self.units["province"], False, False, False, False, False),
            (self.root, ward2, True, True, True, True, False),
        ]
        for user, unit, see, edit, officer, full, upper in table:
            with self.subTest(user=user.username, unit=unit.code):
                self.assertEqual(
                    (
                        can_see(user, unit),
                        can_edit(user, unit),
                        is_ward_officer(user, unit),
                        may_see_full_ids(user, unit),
                        is_upper_officer_of(user, unit),
                    ),
                    (see, edit, officer, full, upper),
                )

    def test_an_inactive_login_may_do_nothing(self) -> None:
        self.alice.is_active = False
        self.assertFalse(can_see(self.alice, self.ward))
        self.assertFalse(is_ward_officer(self.alice, self.ward))

    def test_the_national_catalogue_is_for_administrators_and_the_system(self) -> None:
        users = (self.alice, self.root, None, self.bob, self.dave)
        self.assertEqual([may_edit_catalogue(u) for u in users], [False, True, True, False, False])
        province = self.units["province"]
        tinh = make_user("tinh", Role.UPPER_OFFICER, province)
        # A province's own additions: its officers too, never a city's or a ward's.
        self.assertEqual(
            [may_edit_catalogue(u, province) for u in (*users, tinh)],
            [False, True, True, False, False, True],
        )
        self.assertEqual(
            (catalogue_province(tinh), catalogue_province(self.dave)), (province, None)
        )
        # Hiding a service is a ward's own business.
        self.assertEqual(
            [may_hide_service(u, self.ward) for u in (self.alice, self.charlie, self.bob, tinh)],
            [True, False, False, False],
        )
        self.assertFalse(may_hide_service(self.alice, self.kp1))
