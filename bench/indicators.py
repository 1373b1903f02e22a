"""The indicator engine on a city of 1,000,000 synthetic residents (10 wards × 5
neighbourhoods), all indicators at all levels, against a hand-written single-pass
query over a flat table of the same residents on the same database.

Rows go in with bulk inserts (COPY on PostgreSQL), not through the roster import.
Each resident has at most one transaction and one survey participation, so the
flat table (one row per resident, the household's skills copied on it) holds
exactly the same facts. Prints both times, their ratio and the number of
queries; nothing is asserted. ``BENCH_RESIDENTS=100000`` for a quicker run.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from bench.common import database_label, peak_rss_mb, setup_django, timed

RESIDENTS = int(os.environ.get("BENCH_RESIDENTS", "1000000"))
WARDS, NEIGHBOURHOODS = 10, 5
AS_OF, START = dt.date(2023, 6, 26), dt.date(2023, 1, 1)
FLAT = "bench_flat"
BATCH = 50_000


def _day(rng: random.Random, first: int, last: int) -> int:
    """A random YYYYMMDD between two years (days 1-28, every month)."""
    return rng.randint(first, last) * 10000 + rng.randint(1, 12) * 100 + rng.randint(1, 28)


def _maybe(rng: random.Random, share: float, first: int = 2015, last: int = 2024) -> int | None:
    return _day(rng, first, last) if rng.random() < share else None


def _insert(table: str, columns: Sequence[str], rows: Iterator[tuple[Any, ...]]) -> int:
    from django.db import connection

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def write_registry(
    households: list[tuple[Any, ...]], people: list[tuple[Any, ...]], now: str
) -> None:
    """Households ``(id, ward, unit, skills)`` and residents ``(id, household, ward, unit,
    born, moved_in, moved_out, smartphone, eid, vssid, ehealth, payment)``, raw and fast."""
    from gocua.registry.models import Household, Resident

    _insert(
        Household._meta.db_table,
        ["id", "ward_id", "unit_id", "code", "address", "search_address",
         "digital_skills_since", "version", "created_at", "updated_at"],
        ((h, w, u, f"H{h}", "", "", s, 1, now, now) for h, w, u, s in households),
    )  # fmt: skip
    _insert(
        Resident._meta.db_table,
        ["id", "household_id", "ward_id", "unit_id", "birth_date", "moved_in", "moved_out",
         "smartphone_since", "eid_since", "vssid_since", "ehealth_since", "payment_since",
         "full_name", "search_name", "birth_year_only", "sex", "phone", "eid_level",
         "version", "created_at", "updated_at"],
        ((*p, f"Người {p[0]}", f"nguoi {p[0]}", False, "", "", 1 if p[8] else 0, 1, now, now)
         for p in people),
    )  # fmt: skip


def build() -> Any:
    """The city, its units and residents; returns the city."""
    from django.db import connection, transaction

    from gocua.indicators.defaults import install_defaults
    from gocua.orgunits.models import Level, OrgUnit
    from gocua.orgunits.services import orgunit_add
    from gocua.outreach.catalogue import install_defaults as install_catalogue
    from gocua.registry.models import Household, Resident, SurveyParticipation, Transaction
    from gocua.testing import make_hierarchy

    rng = random.Random(4)
    install_catalogue()
    install_defaults()
    city = make_hierarchy()["city"]
    if Resident.objects.exists():
        return city
    with transaction.atomic():
        wards = []
        for w in range(WARDS):
            ward = orgunit_add(
                name=f"Phường Thử {w + 1}", parent=city, level=Level.COMMUNE, code=f"B{w:02d}"
            )
            kps = [
                orgunit_add(name=f"Khu phố {k + 1}", parent=ward, level=Level.NEIGHBOURHOOD)
                for k in range(NEIGHBOURHOODS)
            ]
            wards.append((ward, kps))
        units: list[tuple[OrgUnit, OrgUnit]] = [(w, kp) for w, kps in wards for kp in kps]
        now = "2023-07-01 00:00:00"  # a timestamp both databases read
        households: list[tuple[int, int, int, int | None]] = []  # id, ward, unit, skills
        people: list[tuple[Any, ...]] = []
        events: list[tuple[int, int, int, str]] = []
        surveys: list[tuple[int, int, int]] = []
        flat: list[tuple[Any, ...]] = []
        hid = 0
        rid = 0
        while rid < RESIDENTS:
            ward, kp = units[hid % len(units)]
            hid += 1
            skills = _maybe(rng, 0.5)
            households.append((hid, ward.pk, kp.pk, skills))
            for _ in range(rng.randint(1, 5)):
                if rid >= RESIDENTS:
                    break
                rid += 1
                born = None if rng.random() < 0.02 else _day(rng, 1925, 2023)
                moved_in = _maybe(rng, 0.1)
                moved_out = _maybe(rng, 0.05, 2016, 2024)
                if moved_in and moved_out and moved_out < moved_in:
                    moved_out = None
                facts = (
                    _maybe(rng, 0.7),
                    _maybe(rng, 0.6),
                    _maybe(rng, 0.4),
                    _maybe(rng, 0.35),
                    _maybe(rng, 0.55),
                )
                people.append((rid, hid, ward.pk, kp.pk, born, moved_in, moved_out, *facts))
                tx_day = tx_channel = survey_day = None
                if rng.random() < 0.5:
                    tx_day = _day(rng, 2022, 2023)
                    tx_channel = rng.choice(["online", "postal", "in_person"])
                    events.append((rid, kp.pk, tx_day, tx_channel))
                if rng.random() < 0.3:
                    survey_day = _day(rng, 2022, 2023)
                    surveys.append((rid, kp.pk, survey_day))
                flat.append(
                    (
                        kp.pk,
                        hid,
                        born,
                        moved_in,
                        moved_out,
                        *facts,
                        tx_day,
                        tx_channel,
                        survey_day,
                        skills,
                    )
                )
        write_registry(households, people, now)
        _insert(
            Transaction._meta.db_table, ["resident_id", "unit_id", "day", "channel"], iter(events)
        )
        _insert(
            SurveyParticipation._meta.db_table, ["resident_id", "unit_id", "day"], iter(surveys)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {FLAT} (unit_id INTEGER, household_id INTEGER, birth_date INTEGER, "
                "moved_in INTEGER, moved_out INTEGER, smartphone INTEGER, eid INTEGER, "
                "vssid INTEGER, ehealth INTEGER, payment INTEGER, tx_day INTEGER, "
                "tx_channel VARCHAR(10), survey_day INTEGER, skills INTEGER)"
            )
        _insert(
            FLAT,
            ["unit_id", "household_id", "birth_date", "moved_in", "moved_out", "smartphone", "eid",
             "vssid", "ehealth", "payment", "tx_day", "tx_channel", "survey_day", "skills"],
            iter(flat),
        )  # fmt: skip
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for table in (Household, Resident):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table._meta.db_table}', 'id'), "
                        f"(SELECT MAX(id) FROM {table._meta.db_table}))"
                    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return city


def reference(city: Any) -> dict[int, dict[str, tuple[int, int]]]:
    """The hand-written single pass over the flat table, then the same roll-up."""
    from django.db import connection

    from gocua.lib.dates import years_before
    from gocua.lib.fields import day_number
    from gocua.orgunits.models import OrgUnit

    d, f = day_number(AS_OF), day_number(START)
    c14, c18 = day_number(years_before(AS_OF, 14)), day_number(years_before(AS_OF, 18))
    sql = f"""
        SELECT unit_id,
          SUM(CASE WHEN birth_date <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN birth_date <= %s AND eid <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN tx_day >= %s AND tx_day <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN tx_day >= %s AND tx_day <= %s AND tx_channel IN ('online', 'postal')
              THEN 1 ELSE 0 END),
          SUM(CASE WHEN birth_date <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN birth_date <= %s AND payment <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN smartphone <= %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN smartphone <= %s AND eid <= %s AND vssid <= %s AND ehealth <= %s
              THEN 1 ELSE 0 END),
          SUM(CASE WHEN birth_date <= %s AND survey_day >= %s AND survey_day <= %s
              THEN 1 ELSE 0 END),
          COUNT(DISTINCT household_id),
          COUNT(DISTINCT CASE WHEN skills <= %s THEN household_id END)
        FROM {FLAT}
        WHERE (moved_in IS NULL OR moved_in <= %s) AND (moved_out IS NULL OR moved_out > %s)
          AND (birth_date IS NULL OR birth_date <= %s)  -- nobody counts before birth
        GROUP BY unit_id
    """
    params = [c14, c14, d, f, d, f, d, c18, c18, d, d, d, d, d, d, c14, f, d, d, d, d, d]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    codes = ["eid", "online_services", "cashless", "essential_apps", "civic_engagement"]
    totals: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    parents = dict(OrgUnit.objects.under(city).values_list("id", "parent_id"))
    for row in rows:
        unit: int | None = row[0]
        values = {
            "eid": (row[2], row[1]),
            "online_services": (row[4], row[3]),
            "cashless": (row[6], row[5]),
            "essential_apps": (row[8], row[7]),
            "civic_engagement": (row[9], row[1]),
            "household_skills": (row[11], row[10]),
        }
        while unit is not None and unit in parents:
            for code in [*codes, "household_skills"]:
                totals[unit][code][0] += values[code][0]
                totals[unit][code][1] += values[code][1]
            unit = parents[unit] if unit != city.pk else None
    return {u: {c: (v[0], v[1]) for c, v in codes_.items()} for u, codes_ in totals.items()}


def best_of(runs: int, action: Callable[[], Any]) -> tuple[float, float, Any]:
    """(first time, best time, result)."""
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return times[0], min(times), result


def main() -> None:
    setup_django()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gocua.indicators import engine
    from gocua.indicators.computation import compute

    call_command("migrate", verbosity=0, stdout=StringIO())
    label = database_label()
    with timed(f"build {RESIDENTS:,} residents, 10 wards × 5 neighbourhoods ({label})"):
        city = build()

    first, ref_time, expected = best_of(3, lambda: reference(city))
    print(f"hand-written single pass over the flat table: {ref_time:.2f} s (first {first:.2f} s)")
    results = {}
    for strategy in (engine.JOIN, engine.EXISTS):

        def run(strategy: str = strategy) -> Any:
            return compute(root=city, as_of=AS_OF, start=START, strategy=strategy)

        with CaptureQueriesContext(connection) as queries:
            first, took, tree = best_of(3, run)
        results[strategy] = took
        print(
            f"engine ({strategy}), all indicators, all levels: {took:.2f} s (first {first:.2f} s), "
            f"{len(queries) // 3} queries, ratio {took / ref_time:.2f}×"
        )
        for unit_id, codes in expected.items():
            for code, pair in codes.items():
                figure = tree.results[unit_id].figures[code]
                got = (figure.numerator, figure.denominator)
                assert got == pair, (strategy, unit_id, code, got, pair)
    print(
        f"  figures agree with the reference at every level; peak memory {peak_rss_mb():.0f} MB; "
        "the machine is shared, so times vary"
    )


if __name__ == "__main__":
    main()
