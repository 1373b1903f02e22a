"""The overview page (``/u/<code>/``) at size, through the real view.

1. A city of ``BENCH_RESIDENTS`` synthetic residents (default 1,000,000) in 30 wards
   of 5 neighbourhoods (rows as in ``bench/indicators.py``): the city's page (the table
   of 30 wards, the 12-month trend, outliers, findings, reporting).
2. A province of 3,321 communes that keep entered figures (one entry each, random
   figures as in ``bench/consolidation.py``): the province's page.

For each: cold (no indicators cache, ``INDICATORS_CACHE_SECONDS=0``, cache cleared) the
parts (the one engine pass for the table and the trend, outliers, findings, the
selector) and the whole page through the test client; then warm (cache on, after one
request) the whole page; then the whole page after a change in one ward (its data
version bumped, as a saved visit does: the rows of the other wards are kept,
``indicators.partial``). Seconds and the number of queries of each; asserts nothing.

The data is built once: with a file database (``DATABASE_URL=sqlite:///…/var/bench/
overview-1m.sqlite3``) a second run finds the city and the province and reuses them.
``BENCH_RESIDENTS=100000`` for a quicker run; ``BENCH_RUNS`` (default 2) runs per page.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from typing import Any

from bench.common import cpu_seconds, database_label, peak_rss_mb, setup_django

RESIDENTS = int(os.environ.get("BENCH_RESIDENTS", "1000000"))
WARDS, NEIGHBOURHOODS = 30, 5
COMMUNES = int(os.environ.get("BENCH_COMMUNES", "3321"))
AS_OF, START = dt.date(2023, 6, 26), dt.date(2023, 1, 1)
QUERY = f"?as_of={AS_OF.isoformat()}&from={START.isoformat()}"


def _city() -> Any:
    from django.db import connection, transaction

    from bench.indicators import _day, _insert, _maybe, write_registry
    from gocua.indicators.defaults import install_defaults
    from gocua.orgunits.models import Level, OrgUnit
    from gocua.orgunits.services import orgunit_add
    from gocua.outreach.catalogue import install_defaults as install_catalogue
    from gocua.registry.models import Household, Resident, Transaction
    from gocua.testing import make_hierarchy

    rng = random.Random(15)
    built = OrgUnit.objects.filter(code="V00").first()
    if built is not None and Resident.objects.exists():  # a file database built earlier
        return built.parent
    install_catalogue()
    install_defaults()
    city = make_hierarchy()["city"]
    with transaction.atomic():
        units: list[tuple[OrgUnit, OrgUnit]] = []
        for w in range(WARDS):
            ward = orgunit_add(
                name=f"Phường Thử {w + 1}", parent=city, level=Level.COMMUNE, code=f"V{w:02d}"
            )
            for k in range(NEIGHBOURHOODS):
                kp = orgunit_add(name=f"Khu phố {k + 1}", parent=ward, level=Level.NEIGHBOURHOOD)
                units.append((ward, kp))
        now = "2023-07-01 00:00:00"
        households, people, events = [], [], []
        hid = rid = 0
        while rid < RESIDENTS:
            ward, kp = units[hid % len(units)]
            hid += 1
            households.append((hid, ward.pk, kp.pk, _maybe(rng, 0.5)))
            # One ward in ten lags (fewer e-IDs): outliers to find.
            share = 0.2 if ward.code.endswith("7") else 0.6
            for _ in range(rng.randint(1, 5)):
                if rid >= RESIDENTS:
                    break
                rid += 1
                born = None if rng.random() < 0.02 else _day(rng, 1925, 2023)
                facts = (
                    _maybe(rng, 0.7),
                    _maybe(rng, share, 2021, 2023),
                    _maybe(rng, 0.4),
                    _maybe(rng, 0.35),
                    _maybe(rng, 0.55),
                )
                moved_in = _maybe(rng, 0.1, 2020, 2023)
                people.append((rid, hid, ward.pk, kp.pk, born, moved_in, None, *facts))
                if rng.random() < 0.5:
                    channel = rng.choice(["online", "postal", "in_person"])
                    events.append((rid, kp.pk, _day(rng, 2022, 2023), channel))
        write_registry(households, people, now)
        _insert(
            Transaction._meta.db_table, ["resident_id", "unit_id", "day", "channel"], iter(events)
        )
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


def _province() -> Any:
    """A province with COMMUNES communes that keep entered figures (2025 structure)."""
    from django.db import transaction

    from gocua.indicators.models import AggregateEntry, AggregateValue, UnitSource
    from gocua.lib.text import fold
    from gocua.orgunits.models import Level, OrgUnit

    rng = random.Random(3321)
    built = OrgUnit.objects.filter(code="P99").first()
    if built is not None:
        return built
    with transaction.atomic():
        province = OrgUnit.objects.create(
            code="P99",
            name="Tỉnh Thử",
            search_name=fold("Tỉnh Thử"),
            level=Level.PROVINCE,
            path="/P99/",
            depth=0,
        )
        UnitSource.objects.create(unit=province, source="entered")
        path = province.path
        OrgUnit.objects.bulk_create(
            OrgUnit(
                code=f"P99C{i:04d}",
                name=f"Xã Thử {i:04d}",
                search_name=f"xa thu {i:04d}",
                level=Level.COMMUNE,
                parent=province,
                path=f"{path}P99C{i:04d}/",
                depth=province.depth + 1,
            )
            for i in range(COMMUNES)
        )
        communes = list(OrgUnit.objects.filter(parent=province).order_by("path"))
        entries = AggregateEntry.objects.bulk_create(
            AggregateEntry(unit=c, as_of=AS_OF, start=START) for c in communes
        )
        if entries[0].pk is None:  # SQLite before RETURNING: read them back
            entries = list(AggregateEntry.objects.filter(unit__parent=province).order_by("pk"))
        values = []
        for entry in entries:
            people = rng.randint(2_000, 40_000)
            for code in (
                "eid",
                "online_services",
                "cashless",
                "essential_apps",
                "civic_engagement",
            ):
                got = rng.randint(0, people)
                values.append(
                    AggregateValue(entry=entry, code=code, numerator=got, denominator=people)
                )
            households = people // 3
            got = rng.randint(0, households)
            values.append(
                AggregateValue(
                    entry=entry, code="household_skills", numerator=got, denominator=households
                )
            )
            values.append(
                AggregateValue(entry=entry, code="sessions", numerator=rng.randint(0, 80))
            )
            values.append(
                AggregateValue(entry=entry, code="guided", numerator=rng.randint(0, people))
            )
        AggregateValue.objects.bulk_create(values, batch_size=5000)
    return province


CPU: list[float] = []  # CPU seconds of the last _timed: this process and PostgreSQL's


def _timed(work: Any) -> tuple[float, int, Any]:
    """Wall seconds, queries, result; the CPU seconds in ``CPU`` (``cpu_seconds``: this
    process, and the PostgreSQL server's processes; on a shared, loaded machine the
    wall clock says little, the CPU time is the work)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started, cpu = time.perf_counter(), cpu_seconds()
    with CaptureQueriesContext(connection) as captured:
        result = work()
    CPU[:] = [cpu_seconds() - cpu]
    return time.perf_counter() - started, len(captured), result


def _cold() -> Any:
    """No indicators cache (INDICATORS_CACHE_SECONDS=0) and an empty cache."""
    from django.core.cache import cache
    from django.test.utils import override_settings

    cache.clear()
    return override_settings(INDICATORS_CACHE_SECONDS=0)


def _measure(client: Any, unit: Any, label: str, runs: int) -> None:
    """Cold (no cache) then warm (cache on, after one request): the parts and the page."""
    from django.core.cache import cache

    from gocua.front.selectors import TREND_MONTHS, overview_series, unit_overview
    from gocua.indicators.selectors import findings, sibling_outliers

    def page() -> Any:
        response = client.get(f"/u/{unit.code}/{QUERY}")
        assert response.status_code == 200, response.status_code
        return response

    print(f"{label}:")
    with _cold():
        seconds, queries, computations = _timed(
            lambda: overview_series(unit=unit, as_of=AS_OF, start=START, months=TREND_MONTHS)
        )
        print(f"  cold  table + {TREND_MONTHS}-month trend (one engine pass): "
              f"{seconds:.2f} s (CPU {CPU[0]:.2f} s), {queries} queries")  # fmt: skip
        computation = computations[-1]
        seconds, queries, found = _timed(lambda: sibling_outliers(computation, unit.pk))
        print(f"  cold  outliers: {seconds:.2f} s, {queries} queries ({len(found)} found)")
        seconds, queries, found = _timed(
            lambda: findings(unit=unit, as_of=AS_OF, start=START, computation=computation)
        )
        print(f"  cold  findings: {seconds:.2f} s (CPU {CPU[0]:.2f} s), {queries} queries "
              f"({len(found)} found)")  # fmt: skip
        seconds, queries, _ = _timed(lambda: unit_overview(unit=unit, as_of=AS_OF, start=START))
        print(f"  cold  overview selector: {seconds:.2f} s (CPU {CPU[0]:.2f} s), {queries} queries")
        best, cpu, queries, size = float("inf"), float("inf"), 0, 0
        for _ in range(runs):
            cache.clear()
            seconds, queries, response = _timed(page)
            best, cpu, size = min(best, seconds), min(cpu, CPU[0]), len(response.content)
        print(f"  cold  whole page: {best:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
              f"{queries} queries, {size // 1024} KB")  # fmt: skip
    cache.clear()
    page()  # fills the cache
    best, cpu, queries = float("inf"), float("inf"), 0
    for _ in range(runs):
        seconds, queries, _ = _timed(page)
        best, cpu = min(best, seconds), min(cpu, CPU[0])
    print(f"  warm  whole page: {best:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
          f"{queries} queries")  # fmt: skip
    # A visit saved in one ward since: that ward's version moves (as every service's audit
    # log does), the page is computed again, reading that ward's residents only.
    from gocua.audit.services import data_changed
    from gocua.orgunits.models import Level, OrgUnit

    ward = OrgUnit.objects.under(unit).filter(level=Level.COMMUNE).order_by("path").first()
    if ward is not None and ward.pk != unit.pk:
        best, cpu, queries = float("inf"), float("inf"), 0
        for _ in range(runs):
            data_changed(ward.code)
            seconds, queries, _ = _timed(page)
            best, cpu = min(best, seconds), min(cpu, CPU[0])
        print(f"  one ward changed, whole page: {best:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
              f"{queries} queries")  # fmt: skip


def main() -> None:
    setup_django()
    from django.core.management import call_command
    from django.test import Client

    from gocua.accounts.models import Role, User
    from gocua.testing import make_user

    call_command("migrate", verbosity=0)
    runs = int(os.environ.get("BENCH_RUNS", "2"))
    print(f"database: {database_label()}")
    started = time.perf_counter()
    city = _city()
    print(f"city of {RESIDENTS:,} residents in {WARDS} wards ready in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    admin = User.objects.filter(username="bench-admin").first() or make_user(
        "bench-admin", Role.ADMIN, None
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    client.get(f"/u/{city.code}/{QUERY}")  # templates, catalogues, the database's cache
    _measure(client, city, f"city page, {WARDS} wards, {RESIDENTS:,} residents", runs)

    started = time.perf_counter()
    province = _province()
    print(f"province of {COMMUNES:,} communes of entered figures ready in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    client.get(f"/u/{province.code}/{QUERY}")
    _measure(client, province, f"province page, {COMMUNES:,} communes entered", runs)
    print(f"peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
