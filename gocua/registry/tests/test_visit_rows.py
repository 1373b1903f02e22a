"""The visit screen's member rows: facts that cannot apply at a member's age are folded away."""

from __future__ import annotations

import datetime as dt

from gocua.lib.dates import years_before
from gocua.lib.text import fold
from gocua.registry.models import Household, Resident
from gocua.registry.visit import age_on, member_row
from gocua.testing import BaseTestCase


class VisitRowsTestCase(BaseTestCase):
    def resident(self, name: str, birth: dt.date | None) -> Resident:
        household, _ = Household.objects.get_or_create(
            ward=self.ward, unit=self.kp1, code="KP1-900", defaults={"address": "Số 9"}
        )
        return Resident.objects.create(
            household=household,
            ward=self.ward,
            unit=self.kp1,
            full_name=name,
            search_name=fold(name),
            birth_date=birth,
        )

    def applies(self, row: dict) -> dict[str, bool]:
        facts = {f["name"]: f["applies"] for f in row["facts"]}
        facts["eid"] = row["eid_applies"]
        return facts

    def test_it_folds_a_newborns_smartphone_e_id_and_payment_account(self) -> None:
        baby = self.resident("Bé Na", dt.date.today() - dt.timedelta(days=30))
        row = member_row(baby, services=[])
        self.assertEqual(row["age"], 0)
        self.assertEqual(
            self.applies(row),
            {"smartphone": False, "vssid": False, "ehealth": True, "payment": False, "eid": False},
        )
        self.assertTrue(row["folded"])

    def test_it_offers_the_e_id_from_14_and_the_payment_account_from_18(self) -> None:
        today = dt.date.today()
        fourteen = self.resident("Mười Bốn", years_before(today, 14))
        row = member_row(fourteen, services=[])
        self.assertTrue(self.applies(row)["eid"])
        self.assertFalse(self.applies(row)["payment"])
        almost = self.resident("Gần Mười Tám", years_before(today, 18) + dt.timedelta(days=1))
        self.assertFalse(self.applies(member_row(almost, services=[]))["payment"])
        adult = self.resident("Mười Tám", years_before(today, 18))
        row = member_row(adult, services=[])
        self.assertTrue(all(self.applies(row).values()))
        self.assertFalse(row["folded"])

    def test_it_folds_nothing_when_the_birth_date_is_unknown(self) -> None:
        row = member_row(self.resident("Không Rõ", None), services=[])
        self.assertIsNone(row["age"])
        self.assertTrue(all(self.applies(row).values()))
        self.assertIsNone(age_on(None))

    def test_the_online_form_shows_the_folded_facts_behind_one_tap(self) -> None:
        baby = self.resident("Bé Na", dt.date.today() - dt.timedelta(days=30))
        self.login(self.bob)
        url = f"/u/{self.kp1.code}/registry/h/{baby.household_id}/visit/"
        html = self.client.get(url).content.decode()
        self.assertIn('class="tg na" data-fact="smartphone"', html)
        self.assertIn('class="tg" data-fact="ehealth"', html)
        self.assertIn('<details class="vm-na">', html)
        self.assertNotFoundFor(self.carol, url)
        self.assertNotFoundFor(self.charlie, url)
