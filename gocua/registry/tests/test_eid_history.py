"""One change of a resident's VNeID is one row of their history, not one per column."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.utils import timezone

from gocua.registry.services import household_add, resident_add, resident_update
from gocua.testing import BaseTestCase


class EidHistoryTestCase(BaseTestCase):
    def test_it_writes_one_row_per_change_of_the_e_id(self) -> None:
        household = household_add(unit=self.kp1, code="H-01", user=self.bob)
        resident = resident_add(
            household=household,
            full_name="Đinh Thị Mai",
            birth_date=dt.date(1990, 5, 1),
            user=self.bob,
        )
        resident = resident_update(
            resident=resident,
            version=resident.version,
            user=self.bob,
            eid_level=1,
            eid_since=dt.date(2024, 2, 1),
        )
        # A minute later (a second write within the same second would be taken for one).
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
            resident = resident_update(
                resident=resident,
                version=resident.version,
                user=self.bob,
                eid_level=2,
                eid2_since=dt.date(2025, 3, 5),
            )
        fields = sorted(resident.changes.values_list("field", flat=True))
        self.assertIn("eid2_since", fields)  # the registry keeps its columns' rows
        self.login(self.alice)
        page = self.client.get(f"/u/L06700/registry/r/{resident.pk}/").content.decode()
        history = page.split('data-testid="history"')[1].split("</ul>")[0]
        rows = [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", r)).strip() for r in history.split("<li")[1:]
        ]
        vneid = [r for r in rows if "VNeID" in r]
        self.assertEqual(len(vneid), 2, rows)
        self.assertTrue(vneid[0].endswith("VNeID: mức 1 → mức 2, ngày 05/03/2025"), vneid[0])
        self.assertTrue(vneid[1].endswith("VNeID: chưa có → mức 1, ngày 01/02/2024"), vneid[1])
