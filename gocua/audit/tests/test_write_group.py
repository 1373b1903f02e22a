"""A group of writes bumps each unit's data version once, at its first change."""

from __future__ import annotations

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from gocua.audit.models import AuditEvent
from gocua.audit.services import audit_log, data_version, write_group
from gocua.testing import BaseTestCase


def _bumps(queries: CaptureQueriesContext) -> int:
    return sum(q["sql"].startswith('UPDATE "audit_unitversion"') for q in queries.captured_queries)


class WriteGroupTests(BaseTestCase):
    def log(self, unit_code: str) -> None:
        audit_log(action="outreach.visit", user=self.bob, unit_code=unit_code)

    def test_without_a_group_every_change_bumps_the_version(self) -> None:
        before = data_version(self.kp1)
        with CaptureQueriesContext(connection) as queries:
            self.log(self.kp1.code)
            self.log(self.kp1.code)
        self.assertEqual(_bumps(queries), 2)
        _ward, mine = data_version(self.kp1).split(".")
        self.assertEqual(int(mine), int(before.split(".")[1]) + 2)

    def test_a_group_bumps_each_unit_once_and_logs_every_change(self) -> None:
        before = data_version(self.kp1)
        with CaptureQueriesContext(connection) as queries, transaction.atomic(), write_group():
            for _ in range(3):
                self.log(self.kp1.code)
            self.log(self.ward2.code)
        self.assertEqual(_bumps(queries), 2)  # Tuần Châu's neighbourhood, Hùng Thắng
        self.assertEqual(AuditEvent.objects.filter(action="outreach.visit").count(), 4)
        self.assertEqual(int(data_version(self.kp1).split(".")[1]), int(before.split(".")[1]) + 1)

    def test_an_inner_group_bumps_again_and_shares_the_look_up_of_units(self) -> None:
        with CaptureQueriesContext(connection) as queries, transaction.atomic(), write_group():
            for _ in range(3):
                with transaction.atomic(), write_group():
                    self.log(self.kp1.code)
                    self.log(self.kp1.code)
        self.assertEqual(_bumps(queries), 3)
        lookups = [  # the unit by its code, for the codes of the units above it
            q for q in queries.captured_queries if '"orgunits_orgunit"."level"' in q["sql"]
        ]
        self.assertEqual(len(lookups), 1, [q["sql"] for q in lookups])

    def test_a_rolled_back_inner_group_does_not_keep_the_next_from_bumping(self) -> None:
        before = data_version(self.kp1)
        with transaction.atomic(), write_group():
            try:
                with transaction.atomic(), write_group():
                    self.log(self.kp1.code)
                    raise RuntimeError
            except RuntimeError:
                pass
            self.assertEqual(data_version(self.kp1), before)  # rolled back with the savepoint
            with transaction.atomic(), write_group():
                self.log(self.kp1.code)
        self.assertNotEqual(data_version(self.kp1), before)
