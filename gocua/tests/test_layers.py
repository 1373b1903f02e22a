"""The layers contract of pyproject.toml (run by ``make lint``) holds, and breaks on an
upward import: checked by running import-linter on a copy of the tree with one added."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import TestCase

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy_tree(target: Path) -> None:
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    for source in (ROOT / "gocua").rglob("*.py"):
        destination = target / source.relative_to(ROOT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, destination)


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


class LayersTestCase(TestCase):
    def test_it_fails_on_an_upward_import_and_passes_without_it(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            where = Path(tmp)
            _copy_tree(where)
            kept = _lint(where)
            self.assertEqual(kept.returncode, 0, kept.stdout + kept.stderr)

            selectors = where / "gocua" / "registry" / "selectors.py"
            selectors.write_text(
                selectors.read_text() + "\nfrom gocua.reports.models import Report  # noqa\n"
            )
            broken = _lint(where)
            self.assertEqual(broken.returncode, 1, broken.stdout)
            self.assertIn("gocua.registry is not allowed to import gocua.reports", broken.stdout)
            self.assertIn("gocua.registry.selectors -> gocua.reports.models", broken.stdout)
