"""A resident's and a household's ``version`` goes up on every change, whatever the path:
web edits, a visit, the import; and stays when nothing changed (so phones see no false
conflict)."""

from __future__ import annotations

import datetime as dt

from gocua.registry import services
from gocua.registry.models import Household, Resident
from gocua.registry.tests.helpers import AS_OF, GOOD, RosterTestCase


class VersionTests(RosterTestCase):
    def test_every_write_path_raises_the_version(self) -> None:
        self.load(GOOD)
        an = Resident.objects.get(full_name="Nguyễn Văn An")
        household = Household.objects.get(code="H001")
        self.assertEqual((an.version, household.version), (1, 1))

        # the same file again: nothing changes, no version moves
        self.load(GOOD)
        an.refresh_from_db()
        self.assertEqual(an.version, 1)

        # the import changing a fact
        self.load(
            GOOD.replace("022080000123,0912345678,,,2020-01-01", "022080000123,0912345678,,,khong")
        )
        an.refresh_from_db()
        self.assertEqual((an.smartphone_since, an.version), (None, 2))

        # a web edit
        an = services.resident_update(resident=an, version=2, phone="0987654321", on=AS_OF)
        an.refresh_from_db()
        self.assertEqual(an.version, 3)

        # a visit's facts
        done = services.resident_visit_facts(
            resident=an, version=3, facts={"smartphone": True}, day=AS_OF, user=None
        )
        self.assertEqual(done.changed, ["smartphone_since"])
        an.refresh_from_db()
        self.assertEqual(an.version, 4)
        # the same visit's facts again: nothing changes
        services.resident_visit_facts(
            resident=an, version=4, facts={"smartphone": True}, day=AS_OF, user=None
        )
        an.refresh_from_db()
        self.assertEqual(an.version, 4)

        # a household's visit fact, and a move to another neighbourhood (its members too)
        household.refresh_from_db()
        before = household.version
        services.household_visit_facts(
            household=household,
            version=None,
            facts={"household_skills": False},
            day=AS_OF,
            user=None,
        )
        household.refresh_from_db()
        self.assertEqual(household.version, before + 1)
        services.household_update(household=household, version=household.version, unit=self.kp2)
        an.refresh_from_db()
        self.assertEqual((an.unit, an.version), (self.kp2, 5))

        # a move-out
        services.resident_move_out(resident=an, version=5, day=dt.date(2023, 6, 1))
        an.refresh_from_db()
        self.assertEqual(an.version, 6)
