from gocua.accounts.permissions import can_edit
from gocua.accounts.selectors import access_unit, visible_units
from gocua.testing import BaseTestCase


class ScopingTestCase(BaseTestCase):
    def codes(self, user) -> set[str]:  # type: ignore[no-untyped-def]
        return set(visible_units(user).values_list("code", flat=True))

    def test_a_member_sees_only_their_neighbourhood(self) -> None:
        self.assertEqual(self.codes(self.bob), {"L06700.01"})

    def test_a_ward_officer_sees_the_ward_and_below(self) -> None:
        self.assertEqual(self.codes(self.alice), {"L06700", "L06700.01", "L06700.02"})

    def test_a_city_officer_sees_every_ward_but_edits_none(self) -> None:
        self.assertEqual(len(self.codes(self.dave)), 6)
        self.assertFalse(can_edit(self.dave, self.ward))
        self.assertTrue(can_edit(self.alice, self.kp1))

    def test_an_outsider_gets_404(self) -> None:
        from django.http import Http404

        with self.assertRaises(Http404):
            access_unit(self.charlie, "L06700")
        with self.assertRaises(Http404):
            access_unit(self.bob, "L06700.02")
        with self.assertRaises(Http404):
            access_unit(self.bob, "L06700")  # not even their own ward's page

    def test_an_inactive_user_sees_nothing(self) -> None:
        self.alice.is_active = False
        self.assertEqual(self.codes(self.alice), set())
