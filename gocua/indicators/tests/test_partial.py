"""Above a ward, the registry's rows are kept per ward: a change in one ward re-reads that
ward only, and the figures are those of a computation from scratch.

A write made behind the services' back (a raw UPDATE, no audit, no data version) is what
shows which wards were read again: it appears only in the wards the engine re-read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gocua.audit.services import audit_log
from gocua.indicators import computation
from gocua.indicators.registry_checks import registry_checks
from gocua.indicators.tests.factories import D, setup_catalogue
from gocua.lib.fields import day_number
from gocua.registry import services
from gocua.registry.models import Resident
from gocua.registry.tests.helpers import make_household
from gocua.testing import BaseTestCase

AS_OF = D(2024, 3, 15)
START = D(2024, 1, 1)


@override_settings(INDICATORS_CACHE_SECONDS=60)
class WardRowsTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        setup_catalogue()
        cache.clear()
        self.addCleanup(cache.clear)
        self.city = self.units["city"]
        self.kp3 = self.units["ward2_kp1"]
        self.h1 = make_household(self.kp1, "H1", "Nguyễn Văn An", "Trần Thị Bình")
        self.h2 = make_household(self.kp3, "H2", "Lê Văn Cường", "Phạm Thị Dung", "Võ Văn Em")

    def eid(self, tree: computation.Computation, unit: Any) -> tuple[int | None, int | None]:
        figure = tree.results[unit.pk].figures["eid"]
        return figure.numerator, figure.denominator

    def checks(self, tree: computation.Computation) -> set[tuple[str, str]]:
        return {(f.unit_code, f.code) for f in registry_checks(tree, self.city)}

    def fresh(self, unit: Any) -> computation.Computation:
        with override_settings(INDICATORS_CACHE_SECONDS=0):
            return computation.compute(root=unit, as_of=AS_OF, start=START)

    def behind_the_back(self, ward: Any) -> None:
        """Every resident of ``ward`` gets a level-2 e-ID, with no data version bumped."""
        Resident.objects.filter(ward=ward).update(eid_since=day_number(dt.date(2024, 2, 1)))

    def test_a_change_in_one_ward_rereads_that_ward_only(self) -> None:
        first = computation.compute(root=self.city, as_of=AS_OF, start=START)
        self.assertEqual(self.eid(first, self.city), (0, 5))
        self.behind_the_back(self.ward2)  # not seen: its rows are kept
        resident = Resident.objects.get(household=self.h1, full_name="Nguyễn Văn An")
        services.resident_update(
            resident=resident, version=resident.version, user=self.alice, on=dt.date(2024, 2, 1),
            eid_level=1, eid_since=dt.date(2024, 2, 1),
        )  # fmt: skip
        second = computation.compute(root=self.city, as_of=AS_OF, start=START)
        self.assertEqual(self.eid(second, self.ward), (1, 2))  # re-read
        self.assertEqual(self.eid(second, self.ward2), (0, 3))  # kept
        self.assertEqual(self.eid(second, self.city), (1, 5))
        # A change the global version covers (above the wards) re-reads every ward: now
        # the figures are those from scratch.
        audit_log(action="indicators.entry", unit_code=self.city.code)
        third = computation.compute(root=self.city, as_of=AS_OF, start=START)
        truth = self.fresh(self.city)
        for unit in (self.city, self.ward, self.ward2, self.kp1, self.kp3):
            self.assertEqual(self.eid(third, unit), self.eid(truth, unit), unit)
        self.assertEqual(self.eid(third, self.city), (4, 5))

    def test_nothing_changed_reads_no_resident(self) -> None:
        computation.compute(root=self.city, as_of=AS_OF, start=START)
        with CaptureQueriesContext(connection) as captured:
            again = computation.compute(root=self.city, as_of=AS_OF, start=START)
        read = [q["sql"] for q in captured if "registry_resident" in q["sql"]]
        self.assertEqual(read, [])
        self.assertEqual(self.eid(again, self.city), (0, 5))

    def test_only_the_changed_wards_units_are_listed(self) -> None:
        computation.compute(root=self.city, as_of=AS_OF, start=START)
        services.resident_add(household=self.h2, full_name="Nguyễn Bé Na", user=self.charlie)
        with CaptureQueriesContext(connection) as captured:
            tree = computation.compute(root=self.city, as_of=AS_OF, start=START)
        read = [q["sql"] for q in captured if "FROM registry_resident r" in q["sql"]]
        self.assertTrue(read)
        for sql in read:
            self.assertIn(f"r.unit_id IN ({self.ward2.pk}, {self.kp3.pk})", sql)
            self.assertNotIn("path >=", sql.split("FROM registry_resident r", 1)[1][:200])
        self.assertEqual(tree.results[self.city.pk].populations["residents"].value, 6)

    def test_a_series_and_the_registry_checks_keep_their_wards_too(self) -> None:
        days = [D(2024, 1, 31), D(2024, 2, 29), AS_OF]
        computation.compute_series(root=self.city, days=days, start=START)
        first = computation.compute(root=self.city, as_of=AS_OF, start=START)
        self.assertEqual(registry_checks(first, self.city), [])
        # Ward 2's residents lose their birth dates behind the services' back; ward 1 changes.
        Resident.objects.filter(ward=self.ward2).update(birth_date=None)
        self.behind_the_back(self.ward2)
        services.resident_add(household=self.h1, full_name="Nguyễn Bé Na", user=self.alice)
        series = computation.compute_series(root=self.city, days=days, start=START)
        self.assertEqual([self.eid(c, self.ward2) for c in series], [(0, 3)] * 3)
        tree = computation.compute(root=self.city, as_of=AS_OF, start=START)
        na = (self.kp1.code, "birth_date_unknown")  # the new resident has no birth date
        self.assertEqual(self.checks(tree), {na})  # ward 2's kept
        audit_log(action="units.change")  # no unit: the global version
        tree = computation.compute(root=self.city, as_of=AS_OF, start=START)
        self.assertEqual(self.checks(tree), {na, (self.kp3.code, "birth_date_unknown")})
        series = computation.compute_series(root=self.city, days=days, start=START)
        truth = [
            computation.compute(root=self.city, as_of=day, start=START) for day in days
        ]  # cache on, but every ward was re-read at the global change
        self.assertEqual(
            [self.eid(c, self.city) for c in series], [self.eid(c, self.city) for c in truth]
        )

    def test_with_the_cache_off_every_pass_reads_the_whole_subtree(self) -> None:
        with override_settings(INDICATORS_CACHE_SECONDS=0):
            computation.compute(root=self.city, as_of=AS_OF, start=START)
            self.behind_the_back(self.ward2)
            tree = computation.compute(root=self.city, as_of=AS_OF, start=START)
        self.assertEqual(self.eid(tree, self.ward2), (3, 3))  # seen at once
