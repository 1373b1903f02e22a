"""`gocua backup` and `gocua restore` of a city of 1,000,000 synthetic residents.

The residents are built by ``bench.indicators.build`` (bulk inserts, COPY on
PostgreSQL). Prints the backup's time and file size, then the time of a restore with
``--force`` into the same database (check, replace in one transaction, migrate), and
that the residents are all there afterwards. ``BENCH_RESIDENTS=200000`` for a quicker
run; nothing is asserted but the count.
"""

from __future__ import annotations

import tempfile
from io import StringIO
from pathlib import Path

from bench.common import database_label, peak_rss_mb, setup_django, timed


def main() -> None:
    setup_django()
    from django.core.management import call_command

    from bench.indicators import RESIDENTS, build
    from gocua.backups.services import backup_create, backup_restore
    from gocua.registry.models import Resident

    call_command("migrate", verbosity=0, stdout=StringIO())
    label = database_label()
    with timed(f"build {RESIDENTS:,} residents ({label})"):
        build()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "gocua-backup.zip"
        with timed(f"backup of {RESIDENTS:,} residents ({label})"):
            summary = backup_create(out=out, user=None)
        print(f"  backup file: {summary.size / 1e6:.1f} MB")
        with timed(f"restore --force of {RESIDENTS:,} residents ({label})"):
            backup_restore(path=out, force=True, user=None)
    count = Resident.objects.count()
    assert count == RESIDENTS, count
    print(f"  {count:,} residents after the restore; peak memory {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
