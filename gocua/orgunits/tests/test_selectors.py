import datetime as dt

from gocua.lib.errors import UsageProblem
from gocua.orgunits.models import Level, Source
from gocua.orgunits.selectors import find_unit
from gocua.orgunits.services import UnitRow, orgunits_upsert
from gocua.testing import BaseTestCase


class FindUnitTestCase(BaseTestCase):
    def test_it_finds_by_code_and_by_folded_name(self) -> None:
        self.assertEqual(find_unit("L06700"), self.ward)
        self.assertEqual(find_unit("tuan chau"), self.ward)
        self.assertEqual(find_unit("PHƯỜNG TUẦN CHÂU"), self.ward)
        self.assertEqual(find_unit("Hạ Long"), self.units["city"])

    def test_an_ambiguous_name_lists_candidates_with_codes(self) -> None:
        with self.assertRaises(UsageProblem) as caught:
            find_unit("khu pho 1")
        text = str(caught.exception)
        self.assertIn("L06700.01", text)
        self.assertIn("L06679.01", text)
        self.assertEqual(caught.exception.exit_status, 2)

    def test_an_ancestor_narrows_a_name(self) -> None:
        self.assertEqual(find_unit("khu pho 1, tuan chau"), self.kp1)
        self.assertEqual(find_unit("Hùng Thắng › Khu phố 1"), self.units["ward2_kp1"])

    def test_an_unknown_name_is_bad_usage(self) -> None:
        with self.assertRaises(UsageProblem) as caught:
            find_unit("Atlantis")
        self.assertIn("Atlantis", str(caught.exception))

    def test_old_and_new_list_are_told_apart_by_use_then_date(self) -> None:
        orgunits_upsert(
            [
                UnitRow(
                    "22",
                    "Thành phố Quảng Ninh",
                    Level.PROVINCE,
                    "thành phố",
                    None,
                    Source.OFFICIAL,
                    "22",
                    dt.date(2025, 7, 1),
                    None,
                ),
                UnitRow(
                    "06706",
                    "Phường Tuần Châu",
                    Level.COMMUNE,
                    "phường",
                    "22",
                    Source.OFFICIAL,
                    "06706",
                    dt.date(2025, 7, 1),
                    None,
                ),
                UnitRow(
                    "06707",
                    "Phường Hùng Thắng",
                    Level.COMMUNE,
                    "phường",
                    "22",
                    Source.OFFICIAL,
                    "06707",
                    dt.date(2025, 7, 1),
                    None,
                ),
            ]
        )
        for old in (self.ward, self.ward2):
            old.valid_until = dt.date(2025, 6, 30)
            old.save()
        # The old Tuần Châu has neighbourhoods: it is the one in use.
        self.assertEqual(find_unit("tuan chau", on=dt.date(2026, 1, 1)).code, "L06700")
        # Hùng Thắng in the test hierarchy has one too; without dates the name is ambiguous
        # only when neither is in use, so remove that neighbourhood's advantage:
        self.units["ward2_kp1"].delete()
        self.assertEqual(find_unit("hung thang", on=dt.date(2026, 1, 1)).code, "06707")
        self.assertEqual(find_unit("hung thang", on=dt.date(2023, 6, 26)).code, "L06679")
        with self.assertRaises(UsageProblem):
            find_unit("hung thang")
