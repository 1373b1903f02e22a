"""Every bench script, on a scratch SQLite database and on a throw-away PostgreSQL.

Run through ``make bench``; each script prints its own figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPTS = [
    "bench.load_units",
    "bench.outreach_selectors",
    "bench.check_report",
    "bench.letters",
    "bench.leaflets",
    "bench.registry_import",
    "bench.ward_roster_import",
    "bench.registry_visit",
    "bench.api",
    "bench.field_app",
    "bench.e2e_roster",
    "bench.consolidation",
    "bench.reports",
    "bench.indicators",
    "bench.load",  # Locust against `gocua serve`: BENCH_LOAD_RESIDENTS, _CLIENTS, _SECONDS
    "bench.overview",
    "bench.overview_table",
    "bench.backup",
    "bench.analytics",
]
# The 1,000,000-row import takes minutes on each database: only with BENCH_FULL=1.
if os.environ.get("BENCH_FULL") == "1":
    SCRIPTS.append("bench.registry_import_full")
ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = {**os.environ, "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3"}
        for script in SCRIPTS:
            print(f"== {script} on SQLite", flush=True)
            subprocess.run([sys.executable, "-m", script], env=sqlite, check=True, cwd=ROOT)
    for script in SCRIPTS:
        print(f"== {script} on PostgreSQL", flush=True)
        subprocess.run(
            [str(ROOT / "scripts" / "with-postgres"), sys.executable, "-m", script],
            check=True,
            cwd=ROOT,
        )


if __name__ == "__main__":
    main()
