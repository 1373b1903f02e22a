"""`gocua import-roster` of a synthetic roster: rows/s and peak memory, then the same file again.

Targets (issue 3): 100,000 rows in under 60 s; 1,000,000 rows in under 10 minutes
with peak RSS under 1 GB. ``BENCH_ROWS`` sets the size (default 100,000);
``bench.all`` runs 1,000,000 too when ``BENCH_FULL=1``. Each import runs in its own
process, so its peak RSS is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import database_label, peak_rss_mb, setup_django

AS_OF = "2023-06-26"


def child(path: str) -> None:
    """One import, in this process: print seconds and peak RSS as JSON."""
    setup_django()
    import datetime as dt

    from gocua.orgunits.models import OrgUnit
    from gocua.registry.importer import RosterImport
    from gocua.registry.services import roster_import

    # The write: the transaction that holds the lock (reading and matching hold none).
    write_seconds = [0.0]
    real_write = RosterImport.write

    def write(self: RosterImport) -> None:
        begun = time.perf_counter()
        real_write(self)
        write_seconds[0] += time.perf_counter() - begun

    RosterImport.write = write  # type: ignore[method-assign]
    ward = OrgUnit.objects.get(code="L06700")
    started = time.perf_counter()
    result = roster_import(path=path, unit=ward, as_of=dt.date.fromisoformat(AS_OF))
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "seconds": seconds,
                "write_seconds": write_seconds[0],
                "rss_mb": peak_rss_mb(),
                "rows": result.rows,
                "created": result.created,
                "unchanged": result.unchanged,
                "errors": len(result.errors),
                "first_errors": [str(e) for e in result.errors[:3]],
            }
        )
    )


def prepare() -> None:
    """Migrate, make sure Tuần Châu exists, and empty its registry."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from gocua.testing import make_hierarchy

    call_command("migrate", verbosity=0)
    make_hierarchy()
    with connection.cursor() as cursor:
        for table in (
            "outreach_visitconflict",
            "outreach_visit",
            "outreach_guidance",
            "registry_change",
            "registry_transaction",
            "registry_surveyparticipation",
            "registry_resident",
            "registry_household",
        ):
            cursor.execute(f"DELETE FROM {table}")


def run(rows: int) -> None:
    prepare()
    label = database_label()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "roster.csv"
        from gocua.registry.synth import synth_file

        started = time.perf_counter()
        import datetime as dt

        synth_file(
            path=path, wards=[None], residents=rows, seed=1, as_of=dt.date.fromisoformat(AS_OF)
        )
        seconds = time.perf_counter() - started
        size = path.stat().st_size / 1e6
        print(
            f"synth {rows:,} rows ({size:.0f} MB): {seconds:.1f} s, peak RSS {peak_rss_mb():.0f} MB"
        )
        for run_name in ("first import", "same file again"):
            out = subprocess.run(
                [sys.executable, "-m", "bench.registry_import", "--child", str(path)],
                check=True,
                capture_output=True,
                text=True,
                env=os.environ,
            )
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"import-roster {rows:,} rows, {run_name} ({label}): {figures['seconds']:.1f} s, "
                f"{rows / figures['seconds']:,.0f} rows/s, of which the write (the lock held) "
                f"{figures['write_seconds']:.1f} s, peak RSS {figures['rss_mb']:.0f} MB "
                f"(created {figures['created']:,}, unchanged {figures['unchanged']:,}, "
                f"errors {figures['errors']})",
                flush=True,
            )
            for error in figures["first_errors"]:
                print(f"  {error}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    run(int(os.environ.get("BENCH_ROWS", "100000")))


if __name__ == "__main__":
    main()
