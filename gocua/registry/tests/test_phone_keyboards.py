"""A phone opens its number keyboard for a personal ID and a phone number."""

from django.test import SimpleTestCase

from gocua.registry.forms import PersonFields


class KeyboardsTestCase(SimpleTestCase):
    def test_ids_and_phones_ask_for_digits(self) -> None:
        html = str(PersonFields())
        self.assertInHTML(
            '<input type="text" name="personal_id" maxlength="20" inputmode="numeric"'
            ' autocomplete="off" id="id_personal_id">',
            html,
        )
        self.assertInHTML(
            '<input type="text" name="phone" maxlength="20" inputmode="tel" autocomplete="off"'
            ' id="id_phone">',
            html,
        )
