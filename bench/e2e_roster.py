"""End to end at scale, through the real ``gocua`` console script, checked against the reference.

``gocua synth`` writes 100,000 residents over 10 wards (``BENCH_E2E_ROWS`` to change),
``gocua import-roster`` imports them into their city (the ``phuong`` column routes
each row), and ``gocua indicators --format json`` gives one ward's figures at two
dates; every numerator and denominator of the six default indicators, for the ward
and each neighbourhood, is compared with :mod:`gocua.tests.roster_reference`.
Prints the timings of each command and every disagreement (exit status 1 if any).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import database_label, setup_django
from gocua.tests import roster_reference as reference

AS_OF = dt.date(2024, 6, 30)
DATES: list[tuple[dt.date, dt.date | None]] = [
    (AS_OF, None),
    (dt.date(2024, 2, 29), dt.date(2023, 11, 15)),
]
CITY = "E2E"
WARDS = 10
GOCUA = str(Path(sys.executable).with_name("gocua"))


def prepare() -> str:
    """Migrate, make a city of 10 wards (once), empty the registry; the first ward's code."""
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from gocua.orgunits.models import OrgUnit
    from gocua.orgunits.services import orgunit_add
    from gocua.testing import make_hierarchy

    call_command("migrate", verbosity=0)
    province = OrgUnit.objects.filter(code="L22").first() or make_hierarchy()["province"]
    city = OrgUnit.objects.filter(code=CITY).first() or orgunit_add(
        name="Thành phố Đầu Cuối", parent=province, level="district", code=CITY
    )
    for n in range(1, WARDS + 1):
        if not OrgUnit.objects.filter(code=f"{CITY}.{n:02d}").exists():
            orgunit_add(
                name=f"Phường Đầu Cuối {n}", parent=city, level="commune", code=f"{CITY}.{n:02d}"
            )
    with connection.cursor() as cursor:
        for table in (
            "outreach_guidance",
            "registry_change",
            "registry_transaction",
            "registry_surveyparticipation",
            "registry_resident",
            "registry_household",
        ):
            cursor.execute(f"DELETE FROM {table}")
    return f"{CITY}.01"


def gocua(*args: str) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run([GOCUA, *args], capture_output=True, text=True, env=os.environ)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"gocua {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout, seconds


def compare(ward: str, rows: list[dict[str, str]], as_of: dt.date, start: dt.date | None) -> int:
    """Print the disagreements of one date; their number."""
    args = ["indicators", "--unit", ward, "--as-of", as_of.isoformat(), "--format", "json"]
    if start is not None:
        args += ["--from", start.isoformat()]
    out, seconds = gocua(*args)
    data = json.loads(out)
    when = f"as of {as_of} from {data['from']}"
    print(f"indicators {ward} {when}: {seconds:.2f} s")
    expected = reference.indicators(rows, imported_on=AS_OF, as_of=as_of, start=start)
    wanted = {"": reference.total(expected)} | {reference.plain(k): v for k, v in expected.items()}
    got = {"": data["indicators"]} | {
        reference.plain(c["unit"]["name"]): c["indicators"] for c in data["children"]
    }
    wrong = 0
    for unit in sorted(set(wanted) | set(got)):
        figures = {i["code"]: (i["numerator"], i["denominator"]) for i in got.get(unit, [])}
        for code in reference.CODES:
            want = wanted.get(unit, {}).get(code)
            if figures.get(code) != want:
                wrong += 1
                print(f"  DIFFERS {unit or ward} {code}: engine {figures.get(code)}, ref {want}")
    ward_figures = " ".join(f"{c} {n}/{d}" for c, (n, d) in wanted[""].items())
    print(f"  {'agrees' if not wrong else f'{wrong} disagreements'}: {ward_figures}")
    return wrong


def main() -> None:
    rows_wanted = int(os.environ.get("BENCH_E2E_ROWS", "100000"))
    ward = prepare()
    print(f"database: {database_label()}")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "roster.csv"
        _, seconds = gocua("synth", "--wards", str(WARDS), "--residents", str(rows_wanted),
                           "--seed", "11", "--as-of", AS_OF.isoformat(), "--unit", CITY,
                           "--out", str(path))  # fmt: skip
        print(f"synth {rows_wanted:,} residents, {WARDS} wards: {seconds:.1f} s")
        _, seconds = gocua("import-roster", str(path), "--unit", CITY, "--as-of", AS_OF.isoformat())
        print(f"import-roster {rows_wanted:,} rows: {seconds:.1f} s")
        started = time.perf_counter()
        rows = reference.read_rows(path, ward=ward)
        print(
            f"reference reads {len(rows):,} rows of {ward}: {time.perf_counter() - started:.1f} s"
        )
        wrong = sum(compare(ward, rows, as_of, start) for as_of, start in DATES)
    if wrong:
        sys.exit(1)


if __name__ == "__main__":
    main()
