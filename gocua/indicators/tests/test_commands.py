"""`gocua indicators` and `gocua validate` exactly as interfaces.md says."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.management import call_command

from gocua.indicators.demo import SEED_FIGURES
from gocua.indicators.models import DataSource
from gocua.indicators.services import aggregates_enter, unit_source_set
from gocua.indicators.tests.factories import D, Roster, setup_catalogue, transaction
from gocua.testing import BaseTestCase, run_console

SEED = SEED_FIGURES  # the seed letter's figures, as the demo enters them
FIGURE_KEYS = {"code", "name", "numerator", "denominator", "percent", "target", "source"}


class CommandsTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        setup_catalogue()
        roster = Roster(cls.ward2)
        family = roster.household(cls.units["ward2_kp1"])
        for index in range(3):
            person = roster.resident(family, eid_since=D(2022, 1, 1) if index else None)
            transaction(person, D(2023, 3, 1), "postal")

    def run_command(self, *args: str) -> tuple[int, str, str]:
        """Run as the console script does: (exit status, stdout, stderr)."""
        return run_console(*args)

    def json_of(self, *args: str) -> Any:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return json.loads(out.getvalue())

    def test_the_json_has_the_shape_of_interfaces_md(self) -> None:
        data = self.json_of(
            "indicators", "--unit", "hung thang", "--as-of", "2023-06-26", "--format", "json"
        )
        self.assertEqual(
            data["unit"], {"code": "L06679", "name": "Phường Hùng Thắng", "level": "commune"}
        )
        self.assertEqual((data["as_of"], data["from"]), ("2023-06-26", "2023-01-01"))
        codes = [f["code"] for f in data["indicators"]]
        self.assertEqual(
            codes,
            ["eid", "online_services", "cashless", "essential_apps", "civic_engagement",
             "household_skills", "sessions", "guided"],
        )  # fmt: skip
        for figure in data["indicators"]:
            self.assertLessEqual(FIGURE_KEYS, set(figure))
            self.assertIn(figure["source"], {"registry", "entered", "mixed"})
        eid = data["indicators"][0]
        self.assertEqual((eid["numerator"], eid["denominator"], eid["percent"]), (2, 3, 66.67))
        online = data["indicators"][1]
        self.assertEqual(
            (online["numerator"], online["denominator"], online["percent"]), (3, 3, 100.0)
        )
        for code in ("sessions", "guided"):
            figure = data["indicators"][codes.index(code)]
            self.assertIsNone(figure["denominator"])
            self.assertIsNone(figure["percent"])
            self.assertEqual(figure["numerator"], 0)
        [child] = data["children"]
        self.assertEqual(
            child["unit"], {"code": "L06679.01", "name": "Khu phố 1", "level": "neighbourhood"}
        )
        self.assertEqual([f["code"] for f in child["indicators"]], codes)
        self.assertEqual(child["indicators"][0]["numerator"], 2)

    def test_the_seed_on_the_command_line(self) -> None:
        unit_source_set(unit=self.ward, source=DataSource.ENTERED)
        aggregates_enter(unit=self.ward, as_of=D(2023, 6, 26), start=D(2023, 1, 1), values=SEED)
        data = self.json_of(
            "indicators", "--unit", "tuan chau", "--as-of", "2023-06-26", "--format", "json"
        )
        by_code = {f["code"]: f for f in data["indicators"]}
        self.assertEqual((by_code["eid"]["numerator"], by_code["eid"]["denominator"]), (1328, 1929))
        self.assertEqual(by_code["eid"]["percent"], 68.84)
        self.assertEqual(by_code["cashless"]["percent"], 55.92)
        self.assertEqual(by_code["guided"]["numerator"], 1_246_000)
        self.assertEqual(by_code["eid"]["source"], "entered")
        found = self.json_of(
            "validate", "--unit", "tuan chau", "--as-of", "2023-06-26", "--format", "json"
        )
        texts = " ".join(f["text"] for f in found["findings"])
        self.assertIn("2,525 residents aged 18+ cannot outnumber 1,929 aged 14+", texts)
        self.assertIn("1,246,000 residents guided is impossible", texts)
        for finding in found["findings"]:
            self.assertLessEqual({"severity", "code", "unit", "text"}, set(finding))
            self.assertIn(finding["severity"], {"error", "warning"})
        status, out, _ = self.run_command(
            "validate", "--unit", "tuan chau", "--as-of", "26/06/2023"
        )
        self.assertEqual(status, 0)
        self.assertIn("adults_above_14", out)

    def test_the_table_and_csv_formats(self) -> None:
        status, out, _ = self.run_command("indicators", "--unit", "L06679", "--as-of", "2023-06-26")
        self.assertEqual(status, 0)
        self.assertIn("66,67%", out)
        status, out, _ = self.run_command(
            "indicators", "--unit", "L06679", "--as-of", "2023-06-26", "--format", "csv"
        )
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual(len(rows), 16)
        first = rows[0]
        self.assertEqual(
            (
                first["unit_code"],
                first["code"],
                first["numerator"],
                first["denominator"],
                first["percent"],
            ),
            ("L06679", "eid", "2", "3", "66.67"),
        )
        status, out, _ = self.run_command("validate", "--unit", "L06679", "--as-of", "2023-06-26")
        self.assertEqual((status, out.strip()), (0, "Không có phát hiện nào / no findings"))

    def test_bad_usage_exits_2_with_one_bilingual_line(self) -> None:
        cases = [
            ("indicators", "--unit", "L06679", "--as-of", "2023-06-26", "--from", "2023-06-27"),
            ("indicators", "--unit", "nowhere"),
            ("indicators", "--unit", "L06679", "--as-of", "2023-02-30"),
            ("indicators", "--unit", "L06679", "--format", "xml"),
            ("indicators",),
            ("validate", "--unit", "L06679", "--as-of", "yesterday"),
            ("validate", "--unit", "L06679", "--as-of", "2023-06-26", "--from", "2023-07-01"),
        ]
        for args in cases:
            with self.subTest(args=args):
                status, out, err = self.run_command(*args)
                self.assertEqual(status, 2)
                self.assertEqual(out, "")
                self.assertIn(" / ", err.strip().splitlines()[-1])

    def test_dates_default_to_today_and_1_january(self) -> None:
        import time_machine

        with time_machine.travel("2024-03-05 09:00 +0700"):
            data = self.json_of("indicators", "--unit", "L06679", "--format", "json")
        self.assertEqual((data["as_of"], data["from"]), ("2024-03-05", "2024-01-01"))
        data = self.json_of(
            "indicators",
            "--unit",
            "L06679",
            "--as-of",
            "26/06/2023",
            "--from",
            "2022-06-01",
            "--format",
            "json",
        )
        self.assertEqual((data["as_of"], data["from"]), ("2023-06-26", "2022-06-01"))
