"""The indicators are computed once per unit, dates and data version; a write makes them stale."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from gocua.audit.services import audit_log
from gocua.indicators import selectors
from gocua.indicators.tests.factories import D, setup_catalogue
from gocua.registry import services
from gocua.registry.tests.test_views import make_household
from gocua.testing import BaseTestCase

AS_OF = D(2024, 3, 15)


@override_settings(INDICATORS_CACHE_SECONDS=60)
class IndicatorCacheTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        setup_catalogue()
        cache.clear()
        self.addCleanup(cache.clear)
        self.household = make_household(self.kp1, "H1", "Nguyễn Văn An", "Trần Thị Bình")

    def residents(self) -> int:
        values = selectors.indicator_values(unit=self.ward, as_of=AS_OF)
        return values.populations["residents"] or 0

    def test_a_second_read_costs_one_query_and_a_write_makes_it_stale(self) -> None:
        self.assertEqual(self.residents(), 2)
        with self.assertNumQueries(1):  # the data versions (global and the ward's)
            self.assertEqual(self.residents(), 2)
        selectors.findings(unit=self.ward, as_of=AS_OF)
        with self.assertNumQueries(1):
            selectors.findings(unit=self.ward, as_of=AS_OF)
        services.resident_add(household=self.household, full_name="Nguyễn Bé Na", user=self.alice)
        self.assertEqual(self.residents(), 3)

    def test_each_unit_and_date_has_its_own_value(self) -> None:
        self.assertEqual(self.residents(), 2)
        ward2 = selectors.indicator_values(unit=self.ward2, as_of=AS_OF)
        self.assertEqual(ward2.unit.code, "L06679")
        early = selectors.indicator_values(unit=self.ward, as_of=D(1979, 1, 1))
        self.assertEqual(early.as_of, D(1979, 1, 1))

    def queries(self, unit: Any) -> int:
        with CaptureQueriesContext(connection) as context:
            selectors.indicator_values(unit=unit, as_of=AS_OF)
        return len(context)

    def test_a_write_in_one_ward_keeps_the_other_wards_figures_and_drops_its_ancestors(
        self,
    ) -> None:
        city, province = self.units["city"], self.units["province"]
        units = (self.ward, self.kp1, self.ward2, city, province)
        for unit in units:
            selectors.indicator_values(unit=unit, as_of=AS_OF)
        self.assertEqual([self.queries(u) for u in units], [1] * len(units))  # all cached
        services.resident_add(household=self.household, full_name="Nguyễn Bé Na", user=self.alice)
        self.assertEqual(self.queries(self.ward2), 1)  # another ward: still cached
        for unit in (self.ward, self.kp1, city, province):  # the ward, below and above
            self.assertGreater(self.queries(unit), 1, unit)
            residents = selectors.indicator_values(unit=unit, as_of=AS_OF).populations
            self.assertEqual(residents["residents"], 3, unit)

    def test_a_change_above_the_communes_drops_every_cached_figure(self) -> None:
        self.residents()
        selectors.indicator_values(unit=self.ward2, as_of=AS_OF)
        self.assertEqual(self.queries(self.ward), 1)
        audit_log(action="indicators.entry", unit_code=self.units["city"].code)
        self.assertGreater(self.queries(self.ward), 1)
        self.assertGreater(self.queries(self.ward2), 1)
