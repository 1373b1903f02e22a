"""An import and a web save at the same time on SQLite (a real file, two threads): the
save succeeds, the import is complete (issue 12: a save waited 20 s and failed with a 500)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
ROWS = 4000


class ImportBesideAWebSaveTestCase(SimpleTestCase):
    def test_a_save_during_an_import_succeeds_and_the_import_is_complete(self) -> None:
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
            self.skipTest("the write lock is SQLite's")
        with tempfile.TemporaryDirectory() as scratch:
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{scratch}/gocua.sqlite3",
                "GOCUA_VAR_DIR": scratch,
                "DJANGO_SETTINGS_MODULE": "gocua.settings",
                "CONCURRENT_ROWS": str(ROWS),
                "IMPORT_JOBS": "thread",
            }
            done = subprocess.run(
                [sys.executable, "-m", "gocua.registry.tests.concurrent_import"],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        out = json.loads(done.stdout.strip().splitlines()[-1])
        self.assertEqual(out["failures"], [])
        # While the import reads and matches, nothing is locked: the save goes through at once.
        self.assertEqual(out["save_while_matching"], 302, out)
        self.assertLess(out["save_while_matching_s"], 5, out)
        # The save changed the ward after the import had begun: it matched its file again.
        self.assertEqual(out["runs_first"], 2, out)
        # While it writes (one short transaction), the save waits for the lock and succeeds.
        self.assertEqual(out["save_while_writing"], 302, out)
        self.assertEqual(out["runs_second"], 1, out)
        self.assertEqual(out["address"], "Số 3")
        self.assertEqual(out["created"], [ROWS, ROWS])
        self.assertEqual(out["written"], [True, True])
        # The web import: the confirmation returns before the import is written, a thread
        # writes it, and the job's page ends on the registry with the result.
        self.assertEqual(out["job_pages"], [200, 302], out)
        self.assertEqual(out["job_end"], out["registry"])
        self.assertIn(f"thêm {ROWS}", " ".join(out["job_message"]))
        self.assertEqual(out["residents"], 3 * ROWS)
