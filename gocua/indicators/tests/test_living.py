"""Nobody counts before birth or arrival: populations, households and findings (domain.md).

Figures worked by hand. Khu phố 1 of Tuần Châu holds, as the registry stands in June 2023:
- household A: two adults born 1980, there since always;
- household B: a baby born on 10 June 2023, registered alone (a newborn added this month);
- household C: one adult born 1990 who moved in on 1 March 2023 (arrives later);
- household A also gets a baby born on 12 June 2023.

As of 31 December 2022 only household A's two adults lived there: 2 residents, 1 household.
As of 26 June 2023: 5 residents (2 + 2 babies + 1 arrival), 3 households.
"""

from __future__ import annotations

from gocua.indicators.selectors import findings, indicator_values
from gocua.indicators.tests.factories import D, Roster, setup_catalogue
from gocua.testing import BaseTestCase

LAST_YEAR = D(2022, 12, 31)
NOW = D(2023, 6, 26)


class NobodyBeforeBirthOrArrivalTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        roster = Roster(cls.ward)
        a = roster.household(cls.kp1, skills=D(2020, 1, 1))
        roster.resident(a, born=D(1980, 1, 1))
        roster.resident(a, born=D(1980, 2, 2))
        roster.resident(a, born=D(2023, 6, 12))
        b = roster.household(cls.kp1, skills=D(2020, 1, 1))
        # Her ID's year digits (22) disagree with her birth year: a finding, from June 2023.
        roster.resident(b, born=D(2023, 6, 10), sex="F", personal_id="022322000001")
        c = roster.household(cls.kp1)
        roster.resident(c, born=D(1990, 3, 3), moved_in=D(2023, 3, 1))

    def populations(self, as_of: object) -> dict[str, int | None]:
        return indicator_values(unit=self.ward, as_of=as_of).populations  # type: ignore[arg-type]

    def test_last_year_counts_only_who_was_born_and_there(self) -> None:
        populations = self.populations(LAST_YEAR)
        self.assertEqual(populations["residents"], 2)
        self.assertEqual(populations["households"], 1)
        figure = indicator_values(unit=self.ward, as_of=LAST_YEAR).figure("household_skills")
        assert figure is not None
        self.assertEqual((figure.numerator, figure.denominator), (1, 1))

    def test_this_month_counts_the_babies_and_the_arrival(self) -> None:
        populations = self.populations(NOW)
        self.assertEqual(populations["residents"], 5)
        self.assertEqual(populations["households"], 3)
        self.assertEqual(populations["residents_14"], 3)

    def test_a_baby_added_this_month_raises_no_finding_about_last_year(self) -> None:
        self.assertIn("personal_id_year", {f.code for f in findings(unit=self.ward, as_of=NOW)})
        codes = {f.code for f in findings(unit=self.ward, as_of=LAST_YEAR)}
        self.assertNotIn("personal_id_year", codes)
        self.assertNotIn("households_equal_residents", codes)

    def test_the_day_before_the_birth_and_the_day_of_it(self) -> None:
        self.assertEqual(self.populations(D(2023, 6, 9))["households"], 2)  # A and C
        self.assertEqual(self.populations(D(2023, 6, 10))["households"], 3)
        self.assertEqual(self.populations(D(2023, 6, 11))["residents"], 4)
        self.assertEqual(self.populations(D(2023, 6, 12))["residents"], 5)
