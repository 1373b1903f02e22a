"""The overview's one pass of the engine (issue 15) against the engine run the old way.

A province whose communes enter their figures (three communes of Quảng Ninh made up here,
each entering on different days) and a city that counts its registry:

- every point of the one pass (the table as of two days, the charted indicator over the
  months before) equals :func:`compute` run alone as of that day, unit by unit;
- the province's figure equals the sum of its communes' figures, each computed alone
  (sum of numerators over sum of denominators);
- the number of queries of the overview does not grow with the communes or residents,
  and the registry is read by two queries (residents, households) for all the months.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from gocua.front.selectors import overview_series, unit_overview
from gocua.indicators.computation import compute
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.services import orgunit_add
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)
START = D(2023, 1, 1)


def _add_commune(province: OrgUnit, n: int, entries: list[tuple[dt.date, int, int]]) -> OrgUnit:
    commune = orgunit_add(name=f"Xã Thử {n}", parent=province, level=Level.COMMUNE)
    for as_of, got, people in entries:
        aggregates_enter(
            unit=commune,
            as_of=as_of,
            start=START if as_of >= START else D(as_of.year, 1, 1),
            values={"eid": (got, people), "cashless": (got // 2, people)},
        )
    return commune


@override_settings(INDICATORS_CACHE_SECONDS=0)
class OverviewRollUpTestCase(BaseTestCase):
    province: OrgUnit

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        cls.province = cls.units["province"]
        unit_source_set(unit=cls.province, source="entered")
        unit_source_set(unit=cls.units["city"], source="registry")
        roster = Roster(cls.ward)
        roster.person(cls.kp1, eid_since=D(2022, 1, 1))
        roster.person(cls.kp1, eid_since=D(2023, 3, 10), moved_in=D(2023, 2, 15))
        roster.person(cls.kp2)
        # Entered on different days: one each quarter, one only in May, one never in 2023.
        _add_commune(cls.province, 1, [(D(2023, 3, 31), 40, 100), (D(2023, 6, 20), 70, 110)])
        _add_commune(cls.province, 2, [(D(2023, 5, 15), 300, 500)])
        _add_commune(cls.province, 3, [(D(2022, 12, 31), 10, 90)])

    def test_every_point_of_the_one_pass_equals_the_engine_run_alone_that_day(self) -> None:
        series = overview_series(
            unit=self.province, as_of=AS_OF, start=START, months=12, indicator="cashless"
        )
        self.assertEqual(len(series), 12)
        for i, point in enumerate(series):
            alone = compute(root=self.province, as_of=point.as_of, start=START)
            codes = [d.code for d in point.definitions]
            # The last two days carry every indicator, the ten before the charted one only.
            self.assertEqual(len(codes) > 1, i >= 10, point.as_of)
            self.assertIn("cashless", codes)
            self.assertEqual(set(point.results), set(alone.results))
            for unit_id, result in point.results.items():
                expected = alone.results[unit_id]
                for code in codes:
                    self.assertEqual(
                        result.figures[code], expected.figures[code], (point.as_of, unit_id, code)
                    )
                if i == len(series) - 1:
                    self.assertEqual(result.populations, expected.populations, unit_id)
                    self.assertEqual(result.own, expected.own, unit_id)

    def test_the_province_figure_is_the_sum_of_its_communes_each_computed_alone(self) -> None:
        overview = unit_overview(unit=self.province, as_of=AS_OF, start=START, indicator="eid")
        communes = OrgUnit.objects.filter(parent=self.province, level=Level.COMMUNE)
        numerator = denominator = 0
        for commune in communes:
            alone = compute(root=commune, as_of=AS_OF, start=START).root.figures["eid"]
            if alone.numerator is not None:
                numerator += alone.numerator
                denominator += alone.denominator or 0
        # Hand-worked: commune 1's June entry 70/110, commune 2's May entry 300/500;
        # commune 3 entered only for 2022 (no figure in 2023); the city's registry: 2/3
        # adults (the one without an e-ID counts in the denominator).
        self.assertEqual((numerator, denominator), (370, 610))
        city = compute(root=self.units["city"], as_of=AS_OF, start=START).root.figures["eid"]
        self.assertEqual((city.numerator, city.denominator), (2, 3))
        total = overview.total[overview.codes.index("eid")].figure  # the table's total row
        self.assertEqual((total.numerator, total.denominator), (numerator + 2, denominator + 3))
        # The trend as of 31 March: commune 1's March entry only (40/100) and the city's
        # 2/3 (the second adult moved in on 15 February, e-ID since 10 March).
        march = next(p for p in overview.trend if p.as_of == D(2023, 3, 31)).figure
        self.assertEqual((march.numerator, march.denominator), (40 + 2, 100 + 3))

    def test_the_number_of_queries_does_not_grow_with_communes_or_residents(self) -> None:
        with CaptureQueriesContext(connection) as small:
            unit_overview(unit=self.province, as_of=AS_OF, start=START)
        for n in range(4, 12):
            _add_commune(self.province, n, [(D(2023, 4, 30), n, 10 * n)])
        roster = Roster(self.ward2)
        for _ in range(15):
            roster.person(self.units["ward2_kp1"], eid_since=D(2022, 6, 1))
        with CaptureQueriesContext(connection) as big:
            overview = unit_overview(unit=self.province, as_of=AS_OF, start=START)
        self.assertEqual(len(overview.rows), 11 + 1)  # eleven communes and the city
        self.assertEqual(len(small), len(big))
        # Two registry queries (residents, households) for the twelve months, one for the
        # registry's checks; the rest reads units, definitions, sources, entries, targets,
        # the outreach figures of the two days and the request: a fixed few.
        registry = [
            q for q in big.captured_queries if "registry_resident" in q["sql"].split("FROM", 1)[-1]
        ]
        self.assertEqual(len(registry), 3, [q["sql"][:80] for q in registry])
        self.assertLessEqual(len(big), 20)
