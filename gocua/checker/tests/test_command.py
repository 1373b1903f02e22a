"""``gocua check-report FILE [--format table|json]`` as interfaces.md writes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import SimpleTestCase

from gocua.checker.tests.helpers import LETTERS, docx_bytes, seed_text

SEED = LETTERS / "seed_297_tuan_chau.txt"


def gocua(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gocua.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
        timeout=120,
        check=False,
    )


class CheckReportCommandTestCase(SimpleTestCase):
    def run_command(self, *args: str) -> str:
        out = StringIO()
        call_command("check_report", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_the_json_of_interfaces_md(self) -> None:
        data = json.loads(self.run_command(str(SEED), "--format", "json"))
        self.assertEqual(data["file"], str(SEED))
        self.assertIn(
            {
                "text": "1.412/2.525 (đạt 55%)",
                "numerator": 1412,
                "denominator": 2525,
                "stated_percent": 55,
                "computed_percent": 55.92,
                "indicator": "cashless",
                "line": 39,
            },
            data["figures"],
        )
        errors = [f for f in data["findings"] if f["severity"] == "error"]
        self.assertEqual(
            sorted(f["code"] for f in errors),
            ["guided_above_population", "percent_mismatch", "population_contradiction"],
        )

    def test_it_prints_a_table(self) -> None:
        out = self.run_command(str(SEED))
        self.assertIn("1.412/2.525 (đạt 55%)", out)
        self.assertIn("percent_mismatch", out)
        self.assertIn("3 lỗi, 4 cảnh báo / 3 errors, 4 warnings", out)
        clean = self.run_command(str(LETTERS / "correct_tuan_chau.txt"))
        self.assertIn("nothing wrong found", clean)

    def test_a_word_file(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "297.docx"
            path.write_bytes(docx_bytes(seed_text().split("\n")))
            data = json.loads(self.run_command(str(path), "--format", "json"))
        self.assertEqual(len([f for f in data["findings"] if f["severity"] == "error"]), 3)

    def test_bad_usage(self) -> None:
        with self.assertRaises(CommandError):
            call_command("check_report", str(SEED), "--format", "xml")


class CheckReportExitStatusTestCase(SimpleTestCase):
    """The console script, without a database: exit 0 ran, 1 refused, 2 bad usage."""

    def assertRefused(self, result: subprocess.CompletedProcess[str], *words: str) -> None:
        self.assertEqual(result.returncode, 1, result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn(" / ", lines[0])
        self.assertNotIn("Traceback", result.stderr)
        self.assertEqual(result.stdout, "")
        for word in words:
            self.assertIn(word, lines[0])

    def test_exit_statuses(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            (folder / "empty.txt").write_bytes(b"")
            (folder / "binary.md").write_bytes(bytes(range(256)) * 4)
            (folder / "fake.docx").write_text("not a zip")
            (folder / "letter.odt").write_text("Tỷ lệ 1.328/1.929")
            seed_json = gocua("check-report", str(SEED), "--format", "json")
            correct = gocua("check-report", str(LETTERS / "correct_tuan_chau.txt"))
            results = {
                "empty": gocua("check-report", str(folder / "empty.txt")),
                "binary": gocua("check-report", str(folder / "binary.md")),
                "fake": gocua("check-report", str(folder / "fake.docx"), "--format", "json"),
                "odt": gocua("check-report", str(folder / "letter.odt")),
                "missing": gocua("check-report", str(folder / "missing.docx")),
                "none": gocua("check-report", str(LETTERS / "no_figures.txt")),
            }
            usage = gocua("check-report", str(SEED), "--format", "xml")
            no_file = gocua("check-report")
        self.assertEqual(seed_json.returncode, 0, seed_json.stderr)
        self.assertEqual(len(json.loads(seed_json.stdout)["figures"]), 6)
        self.assertEqual(correct.returncode, 0, correct.stderr)
        self.assertRefused(results["empty"], "empty")
        self.assertRefused(results["binary"], "binary")
        self.assertRefused(results["fake"], ".docx")
        self.assertRefused(results["odt"], ".odt")
        self.assertRefused(results["missing"], "not found")
        self.assertRefused(results["none"], "no figures")
        for result in (usage, no_file):
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertNotIn("Traceback", result.stderr)
