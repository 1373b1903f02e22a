"""The console script as a user meets it: one line per error, the right exit status."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase


def gocua(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "gocua.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


class CliTestCase(SimpleTestCase):
    def assertOneLine(self, text: str) -> None:
        lines = [line for line in text.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, text)
        self.assertIn(" / ", lines[0])
        self.assertNotIn("Traceback", text)

    def test_a_bad_database_url_is_one_line_and_exit_2(self) -> None:
        result = gocua("units", "list", env={"DATABASE_URL": "mysql2://nobody@nowhere/x"})
        self.assertEqual(result.returncode, 2)
        self.assertOneLine(result.stderr)
        self.assertIn("DATABASE_URL", result.stderr)

    def test_an_unreachable_postgres_is_one_line(self) -> None:
        result = gocua("units", "list", env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"})
        self.assertEqual(result.returncode, 1)
        self.assertOneLine(result.stderr)

    def test_a_database_not_set_up_says_what_to_run(self) -> None:
        path = Path(self.tmp_dir()) / "empty.sqlite3"
        result = gocua("units", "list", env={"DATABASE_URL": f"sqlite:///{path}"})
        self.assertEqual(result.returncode, 1)
        self.assertOneLine(result.stderr)
        self.assertIn("gocua migrate", result.stderr)

    def test_bad_usage_exits_2(self) -> None:
        result = gocua("units", "list", "--format", "xml")
        self.assertEqual(result.returncode, 2)
        self.assertIn("bad usage", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def tmp_dir(self) -> str:
        import tempfile

        directory = tempfile.mkdtemp()
        self.addCleanup(lambda: __import__("shutil").rmtree(directory, ignore_errors=True))
        return directory
