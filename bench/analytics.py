"""National scale: the snapshot export and the indicator engine on DuckDB and Spark.

Two parts, each printing its figures (nothing is asserted but that every engine
gives the same figures):

``python -m bench.analytics`` (``bench/all.py``): both parts below, 1,000,000 residents.

``python -m bench.analytics database [--residents N] [--engines duckdb spark]``
    On the configured database (``bench/all.py`` gives a scratch SQLite and a
    throw-away PostgreSQL): the city of ``bench/indicators.py`` with N residents
    (default 1,000,000), then ``gocua analytics export`` in a child process (rows per
    second, its peak memory), then all indicators at all levels on the database
    and on each engine over the snapshot, side by side.

``python -m bench.analytics synthetic --residents 1000000 10000000 100000000``
    The synthetic generator writes straight to Parquet (DuckDB's ``COPY (SELECT
    … FROM range(N)) TO … (FORMAT parquet)``: streamed, flat memory whatever N) a
    province of 100 wards × 5 neighbourhoods, then times all indicators at all
    levels on each engine (``--engines duckdb spark``; default duckdb). The units
    and definitions live in the configured database, as on a national instance.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import database_label, setup_django

ROOT = Path(__file__).resolve().parent.parent
AS_OF_TEXT, START_TEXT = "2023-06-26", "2023-01-01"


def _engines(names: list[str], data: Path) -> list[Any]:
    from gocua.indicators import engines

    return [engines.backend(name, data=data) for name in names]


def _timed_compute(root: Any, backend: Any = None, runs: int = 2) -> tuple[float, float, Any]:
    """(first, best) seconds of all indicators at all levels, and the figures."""
    import datetime as dt

    from gocua.indicators.computation import compute

    as_of, start = dt.date.fromisoformat(AS_OF_TEXT), dt.date.fromisoformat(START_TEXT)
    times, tree = [], None
    for _ in range(runs):
        started = time.perf_counter()
        tree = compute(root=root, as_of=as_of, start=start, backend=backend)
        times.append(time.perf_counter() - started)
    assert tree is not None
    figures = {
        r.unit.code: [(f.numerator, f.denominator) for f in r.figures.values()]
        for r in tree.results.values()
    }
    return times[0], min(times), figures


def database_part(residents: int, engine_names: list[str]) -> None:
    os.environ["BENCH_RESIDENTS"] = str(residents)
    setup_django()
    from io import StringIO

    from django.core.management import call_command

    from bench import indicators as city_bench

    call_command("migrate", verbosity=0, stdout=StringIO())
    label = database_label()
    started = time.perf_counter()
    city = city_bench.build()
    print(f"build {residents:,} residents ({label}): {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_SCRATCH")) as scratch:
        out = Path(scratch) / "snap"
        started = time.perf_counter()
        peak = _export_peak_mb(
            [str(ROOT / ".venv" / "bin" / "gocua"), "analytics", "export", "--out", str(out)]
        )
        took = time.perf_counter() - started
        manifest = json.loads((out / "manifest.json").read_text())
        rows = sum(t["rows"] for t in manifest["tables"].values())
        size = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1e6
        print(
            f"export from {label}: {rows:,} rows in {took:.1f} s = {rows / took:,.0f} rows/s, "
            f"peak memory of the export process {peak:.0f} MB, {size:.0f} MB of Parquet"
        )
        first, best, expected = _timed_compute(city)
        print(f"  {label:>10}: all indicators, all levels {best:.2f} s (first {first:.2f} s)")
        for backend in _engines(engine_names, out):
            first, best, got = _timed_compute(city, backend)
            same = "same figures" if got == expected else "DIFFERENT FIGURES"
            print(
                f"  {backend.vendor:>10}: all indicators, all levels {best:.2f} s "
                f"(first {first:.2f} s), {same}"
            )


SYNTHETIC_SQL = {
    # h(i, salt): a pseudo-random number of row i (DuckDB's hash, deterministic), % 100 a share.
    "households": """
        SELECT h AS id, (SELECT id FROM kps WHERE k = h % {kps}) AS unit_id,
          CASE WHEN h(h, 1) % 100 < 50 THEN {day} END AS digital_skills_since
        FROM (SELECT range + 1 AS h FROM range({households}))""",
    "residents": """
        SELECT i AS id, kps.id AS unit_id, (i - 1) // 3 + 1 AS household_id,
          CASE WHEN h(i, 2) % 100 < 2 THEN NULL
               ELSE (1925 + h(i, 3) % 99) * 10000 + (1 + h(i, 4) % 12) * 100
                    + 1 + h(i, 5) % 28 END AS birth_date,
          CASE WHEN h(i, 6) % 2 = 0 THEN 'M' ELSE 'F' END AS sex,
          CASE WHEN (i - 1) % 3 = 0 THEN 'Chủ hộ' ELSE '' END AS relationship,
          CAST(NULL AS BIGINT) AS moved_in,
          CASE WHEN h(i, 7) % 100 < 3 THEN 20200101 END AS moved_out,
          {facts}
        FROM (SELECT range + 1 AS i FROM range({residents})) r
        JOIN kps ON kps.k = ((i - 1) // 3 + 1) % {kps}""",
    "transactions": """
        SELECT i AS resident_id, kps.id AS unit_id,
          2023 * 10000 + (1 + h(i, 20) % 12) * 100 + 1 + h(i, 21) % 28 AS day,
          ['online', 'postal', 'in_person'][1 + h(i, 22) % 3] AS channel
        FROM (SELECT range + 1 AS i FROM range({residents})) r
        JOIN kps ON kps.k = ((i - 1) // 3 + 1) % {kps}
        WHERE h(i, 23) % 100 < 50""",
    "surveys": """
        SELECT i AS resident_id, kps.id AS unit_id,
          2023 * 10000 + (1 + h(i, 30) % 12) * 100 + 1 + h(i, 31) % 28 AS day
        FROM (SELECT range + 1 AS i FROM range({residents})) r
        JOIN kps ON kps.k = ((i - 1) // 3 + 1) % {kps}
        WHERE h(i, 32) % 100 < 30""",
    "guidance": """
        SELECT i AS resident_id, kps.id AS unit_id, 20230301 AS day, {service} AS service_id
        FROM (SELECT range + 1 AS i FROM range({residents})) r
        JOIN kps ON kps.k = ((i - 1) // 3 + 1) % {kps}
        WHERE h(i, 40) % 100 < 10""",
}


def _synthetic_units() -> Any:
    """One province, 10 districts × 10 wards × 5 neighbourhoods, in the database."""
    from gocua.indicators.defaults import install_defaults
    from gocua.orgunits.models import Level, OrgUnit, Source
    from gocua.orgunits.services import UnitRow, orgunits_upsert
    from gocua.outreach.catalogue import install_defaults as install_catalogue

    install_catalogue()
    install_defaults()
    if not OrgUnit.objects.filter(code="SP").exists():
        rows = [
            UnitRow(
                "SP", "Tỉnh Tổng Hợp", Level.PROVINCE, "tỉnh", None, Source.LOCAL, "", None, None
            )
        ]
        for d in range(10):
            rows.append(
                UnitRow(
                    f"SD{d:02d}",
                    f"Huyện {d + 1}",
                    Level.DISTRICT,
                    "huyện",
                    "SP",
                    Source.LOCAL,
                    "",
                    None,
                    None,
                )
            )
            for w in range(10):
                ward = f"SW{d:02d}{w:02d}"
                rows.append(
                    UnitRow(
                        ward,
                        f"Xã {d + 1}.{w + 1}",
                        Level.COMMUNE,
                        "xã",
                        f"SD{d:02d}",
                        Source.LOCAL,
                        "",
                        None,
                        None,
                    )
                )
                rows.extend(
                    UnitRow(
                        f"{ward}.{k}",
                        f"Thôn {k + 1}",
                        Level.NEIGHBOURHOOD,
                        "thôn",
                        ward,
                        Source.LOCAL,
                        "",
                        None,
                        None,
                    )
                    for k in range(1, 6)
                )
        orgunits_upsert(rows)
    province = OrgUnit.objects.get(code="SP")
    return province


def write_synthetic(out: Path, residents: int, province: Any) -> float:
    """The snapshot of ``residents`` synthetic residents, straight to Parquet; seconds."""
    import duckdb

    from gocua.indicators import engine, engines, rules
    from gocua.orgunits.models import OrgUnit
    from gocua.outreach.models import Service

    units = list(OrgUnit.objects.filter(province.subtree_q()).values_list("id", "path", "level"))
    kps = [pk for pk, _, level in units if level == "neighbourhood"]
    day = 20200101
    facts = ",\n          ".join(
        f"CASE WHEN h(i, {10 + n}) % 100 < {70 - 8 * n} THEN "
        f"(2015 + h(i, {50 + n}) % 10) * 10000 + 101 END AS {column}"
        for n, (column, _, _) in enumerate(rules.RESIDENT_FACTS.values())
    )
    service = Service.objects.values_list("id", flat=True).first() or 0
    started = time.perf_counter()
    connection = duckdb.connect()
    connection.execute("CREATE MACRO h(i, salt) AS CAST(hash(i, salt) % 1000003 AS BIGINT)")
    connection.execute("CREATE TABLE kps AS SELECT * FROM (VALUES (0, 0)) t(k, id) LIMIT 0")
    connection.executemany("INSERT INTO kps VALUES (?, ?)", list(enumerate(kps)))
    connection.execute("CREATE TABLE units (id BIGINT, path VARCHAR)")
    connection.executemany("INSERT INTO units VALUES (?, ?)", [(u, p) for u, p, _ in units])
    tables: dict[str, Any] = {}
    for name, (_, columns) in engine.SNAPSHOT_TABLES.items():
        folder = out / name / f"province={province.code}"
        folder.mkdir(parents=True)
        select = (
            "SELECT id, path FROM units"
            if name == "units"
            else SYNTHETIC_SQL[name].format(
                kps=len(kps),
                households=(residents + 2) // 3,
                residents=residents,
                day=day,
                facts=facts,
                service=service,
            )
        )
        target = str(folder / "part-0.parquet").replace("'", "''")
        connection.execute(
            f"COPY (SELECT {', '.join(columns)} FROM ({select})) TO '{target}' "
            "(FORMAT parquet, ROW_GROUP_SIZE 1000000)"
        )
        count = connection.execute(f"SELECT COUNT(*) FROM read_parquet('{target}')").fetchone()
        tables[name] = {"rows": count[0] if count else 0, "columns": list(columns)}
    manifest = {
        "format": engines.SNAPSHOT_FORMAT,
        "snapshot_at": "2023-07-01T00:00:00+00:00",
        "unit": province.code,
        "database": "synthetic",
        "partitioned_by": "province",
        "tables": tables,
    }
    (out / engines.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return time.perf_counter() - started


def synthetic_part(sizes: list[int], engine_names: list[str]) -> None:
    setup_django()
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", verbosity=0, stdout=StringIO())
    province = _synthetic_units()
    for residents in sizes:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_SCRATCH")) as scratch:
            out = Path(scratch) / "snap"
            took = write_synthetic(out, residents, province)
            size = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1e6
            print(
                f"synthetic {residents:,} residents straight to Parquet: {took:.1f} s, "
                f"{size:,.0f} MB (peak memory so far {_peak():.0f} MB)"
            )
            reference = None
            for backend in _engines(engine_names, out):
                first, best, got = _timed_compute(province, backend)
                same = ""
                if reference is None:
                    reference = got
                else:
                    same = ", same figures" if got == reference else ", DIFFERENT FIGURES"
                print(
                    f"  {backend.vendor:>7}: all indicators, all levels (611 units) {best:.2f} s "
                    f"(first {first:.2f} s){same}; peak memory {_peak():.0f} MB"
                )


def _export_peak_mb(command: list[str]) -> float:
    """Run the export; its own peak memory (VmHWM of the new process image: getrusage
    would count the bench's memory too, as the child was forked from it)."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    peak = 0.0
    while child.poll() is None:
        try:
            status = Path(f"/proc/{child.pid}/status").read_text()
            kb = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")
            )
            peak = max(peak, kb / 1024)
        except (OSError, StopIteration, ValueError):
            pass
        time.sleep(0.2)
    if child.returncode:
        raise SystemExit(f"export failed ({child.returncode})")
    return peak


def _peak() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument(
        "part", nargs="?", choices=["database", "synthetic", "both"], default="both"
    )
    parser.add_argument("--residents", type=int, nargs="+")
    parser.add_argument("--engines", nargs="+", default=None, choices=["duckdb", "spark"])
    args = parser.parse_args()
    if args.part in ("database", "both"):
        size = (args.residents or [int(os.environ.get("BENCH_RESIDENTS", "1000000"))])[0]
        database_part(size, args.engines or ["duckdb", "spark"])
    if args.part in ("synthetic", "both"):
        synthetic_part(args.residents or [1_000_000], args.engines or ["duckdb"])
    sys.stdout.flush()


if __name__ == "__main__":
    main()
