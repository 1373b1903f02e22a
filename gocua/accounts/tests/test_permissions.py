from gocua.accounts.permissions import (
    can_edit,
    can_see,
    is_upper_officer_of,
    is_ward_officer,
    may_edit_catalogue,
    may_see_full_ids,
)
from gocua.testing import BaseTestCase


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

    def test_the_catalogue_is_for_ward_officers_administrators_and_the_system(self) -> None:
        self.assertEqual(
            [may_edit_catalogue(u) for u in (self.alice, self.root, None, self.bob, self.dave)],
            [True, True, True, False, False],
        )
