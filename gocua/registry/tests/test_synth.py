"""``gocua synth``: deterministic, realistic, and a file the import accepts."""

import csv
import datetime as dt
from collections import Counter
from io import StringIO

from django.core.management import call_command

from gocua.registry.models import Household, Resident
from gocua.registry.roster import HEADERS
from gocua.registry.tests.helpers import RosterTestCase


class SynthTestCase(RosterTestCase):
    def synth(self, name: str, *args: str) -> list[list[str]]:
        call_command("synth", "--out", str(self.tmp / name), *args, stdout=StringIO())
        with (self.tmp / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.reader(handle))

    def test_it_is_deterministic_for_a_seed(self) -> None:
        args = ("--wards", "1", "--residents", "500", "--as-of", "2023-06-26")
        first = self.synth("a.csv", *args, "--seed", "3")
        self.assertEqual(first, self.synth("b.csv", *args, "--seed", "3"))
        self.assertNotEqual(first, self.synth("c.csv", *args, "--seed", "4"))

    def test_rows_look_like_a_ward(self) -> None:
        rows = self.synth(
            "s.csv", "--wards", "1", "--residents", "2000", "--seed", "1", "--as-of", "2023-06-26"
        )
        header, body = rows[0], rows[1:]
        self.assertEqual(header, [h for h in HEADERS if h != "phuong"])
        self.assertEqual(len(body), 2000)
        sizes = Counter(r[0] for r in body)
        self.assertEqual(set(sizes.values()) - set(range(1, 7)), set())
        self.assertEqual({r[1] for r in body}, {f"Khu phố {n}" for n in range(1, 6)})
        years = [int(r[4][:4]) for r in body if r[4]]
        self.assertLessEqual(2023 - min(years), 96)
        self.assertGreaterEqual(2023 - max(years), 0)
        self.assertTrue(any(len(r[4]) == 4 for r in body))  # some years alone
        self.assertTrue(any(not r[4] for r in body))  # a few unknown
        self.assertTrue(any(r[9] for r in body) and any(r[8] for r in body))
        ids = [r[6] for r in body if r[6]]
        self.assertEqual(len(ids), len(set(ids)))
        members = [(r[0], r[3]) for r in body]
        self.assertEqual(len(members), len(set(members)))  # no two of a household share a name

    def test_the_file_imports_cleanly_and_twice_changes_nothing(self) -> None:
        self.synth(
            "s.csv", "--wards", "1", "--residents", "600", "--seed", "9", "--as-of", "2023-06-26"
        )
        data = (self.tmp / "s.csv").read_bytes()
        result = self.load(data, as_of=dt.date(2023, 6, 26))
        self.assertEqual(result.errors, [])
        self.assertEqual(Resident.objects.count(), 600)
        self.assertEqual(Household.objects.count(), result.households_created)
        again = self.load(data, as_of=dt.date(2023, 6, 26))
        self.assertEqual((again.created, again.updated, again.unchanged), (0, 0, 600))

    def test_several_wards_get_a_phuong_column_of_communes(self) -> None:
        rows = self.synth(
            "w.csv",
            "--wards",
            "2",
            "--residents",
            "300",
            "--unit",
            "ha long",
            "--as-of",
            "2023-06-26",
        )
        self.assertEqual(rows[0][-1], "phuong")
        self.assertEqual({r[-1] for r in rows[1:]}, {"L06679", "L06700"})
        result = self.load((self.tmp / "w.csv").read_bytes(), unit=self.units["city"])
        self.assertEqual((result.errors, result.created), ([], 300))
