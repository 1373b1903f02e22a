"""One unit, one period, one source (domain.md): a ward that enters its figures and also
keeps a registry in one neighbourhood.

By hand: Tuần Châu enters e-ID 1.328/1.929 (68,84%) as of 26 June 2023. Khu phố 1's
registry holds four residents aged 14+, one with an e-ID: 1/4 = 25%. Hùng Thắng keeps a
registry: two residents aged 14+, both with an e-ID: 2/2.

- The ward's page, its letter's text and the city's row for it: 1.328/1.929, entered.
- Its breakdown by neighbourhood: none (no neighbourhood entered figures); never 25%.
- Khu phố 1 alone, declaring the registry: 1/4, registry.
- The city: 1.328 + 2 over 1.929 + 2 = 1.330/1.931, mixed, each ward in its own source.
"""

from __future__ import annotations

from gocua.indicators.models import DataSource
from gocua.indicators.selectors import indicator_values
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.reports.content import live_figures
from gocua.testing import BaseTestCase

AS_OF = D(2023, 6, 26)
START = D(2023, 1, 1)


def pair(values: object, code: str = "eid") -> tuple[object, object, object]:
    figure = values.figure(code)  # type: ignore[attr-defined]
    return figure.numerator, figure.denominator, figure.source


class OneSourceTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        unit_source_set(unit=cls.ward, source=DataSource.ENTERED)
        aggregates_enter(unit=cls.ward, as_of=AS_OF, start=START, values={"eid": (1328, 1929)})
        roster = Roster(cls.ward)
        roster.person(cls.kp1, born=D(1980, 1, 1), eid_since=D(2023, 1, 5))
        for _ in range(3):
            roster.person(cls.kp1, born=D(1980, 1, 1))
        other = Roster(cls.ward2)
        for _ in range(2):
            other.person(cls.units["ward2_kp1"], born=D(1970, 1, 1), eid_since=D(2022, 1, 1))

    def test_the_ward_and_its_breakdown_take_the_entered_figures_only(self) -> None:
        values = indicator_values(unit=self.ward, as_of=AS_OF, start=START)
        self.assertEqual(pair(values), (1328, 1929, "entered"))
        kp1 = next(c for c in values.children if c.unit.code == self.kp1.code)
        self.assertEqual(pair(kp1)[:2], (None, None))  # no breakdown, never 1/4

    def test_a_neighbourhood_declaring_the_registry_is_not_drawn_under_entered_figures(
        self,
    ) -> None:
        unit_source_set(unit=self.kp1, source=DataSource.REGISTRY)
        self.assertEqual(
            pair(indicator_values(unit=self.kp1, as_of=AS_OF, start=START)), (1, 4, "registry")
        )
        values = indicator_values(unit=self.ward, as_of=AS_OF, start=START)
        self.assertEqual(pair(values), (1328, 1929, "entered"))
        kp1 = next(c for c in values.children if c.unit.code == self.kp1.code)
        self.assertEqual(pair(kp1)[:2], (None, None))

    def test_the_letter_has_no_chart_from_another_source(self) -> None:
        figures = live_figures(unit=self.ward, start=START, as_of=AS_OF, codes=None)
        eid = next(f for f in figures["indicators"] if f["code"] == "eid")
        self.assertEqual((eid["numerator"], eid["denominator"]), (1328, 1929))
        for child in figures["children"]:
            for f in child["indicators"]:
                if f["code"] == "eid":
                    self.assertIsNone(f["percent"], child["unit"]["name"])

    def test_the_city_shows_the_ward_as_the_ward_page_does(self) -> None:
        city = indicator_values(unit=self.units["city"], as_of=AS_OF, start=START)
        row = next(c for c in city.children if c.unit.code == self.ward.code)
        ward = indicator_values(unit=self.ward, as_of=AS_OF, start=START)
        self.assertEqual(pair(row), pair(ward))
        other = next(c for c in city.children if c.unit.code == self.ward2.code)
        self.assertEqual(pair(other), (2, 2, "registry"))
        self.assertEqual(pair(city), (1330, 1931, "mixed"))
