"""The province page (``/u/<code>/``) with ``BENCH_COMMUNES`` (default 3,321) communes of
entered figures directly below it: the table paged, sorted and filtered on the server.

The province is the one of ``bench/overview.py`` (built once; a file database, e.g.
``DATABASE_URL=sqlite:///…/var/bench/overview.sqlite3``, keeps it for the next run).
Through the real view, as the administrator:

- cold (``INDICATORS_CACHE_SECONDS=0``, cache cleared): the default page (the units
  needing attention first, page 1);
- warm (cache on, after one request): the default page, a column sorted each way on a
  middle page, a filter by name, the last page by name;
- the XLSX (every unit, whatever the page shows), warm.

Seconds, CPU seconds (``bench.common.cpu_seconds``: this process and PostgreSQL's; the
machine is shared), queries and size of each; asserts nothing. ``BENCH_RUNS`` (default
2) runs each.
"""

from __future__ import annotations

import os
import time
from typing import Any

from bench.common import database_label, peak_rss_mb, setup_django

PAGES = [
    ("default: attention first, page 1", ""),
    ("sorted by e-ID, ascending, page 30", "&sort=eid&dir=asc&page=30"),
    ("sorted by e-ID, descending, page 30", "&sort=eid&dir=desc&page=30"),
    ("filtered by name ('xa thu 12')", "&q=x%C3%A3+th%E1%BB%AD+12"),
    ("by name, descending, last page", "&sort=name&dir=desc&page=999"),
]


def _request(province: Any) -> None:
    """A request of the province to every commune, due 30 June; two communes in three
    submitted (one in three of those on 2 July, late), the rest missing."""
    import datetime as dt

    from django.utils import timezone

    from gocua.orgunits.models import OrgUnit
    from gocua.reports.models import Report, ReportEvent, ReportRequest

    communes = list(OrgUnit.objects.filter(parent=province).order_by("path"))
    request = ReportRequest.objects.create(
        from_unit=province,
        number="99/UBND-BENCH",
        date=dt.date(2023, 6, 1),
        subject="báo cáo",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 26),
        deadline=dt.date(2023, 6, 30),
    )
    request.units.set(communes)
    sent = [c for i, c in enumerate(communes) if i % 3]
    reports = Report.objects.bulk_create(
        Report(request=request, unit=c, status="submitted") for c in sent
    )
    if reports and reports[0].pk is None:  # SQLite before RETURNING: read them back
        reports = list(Report.objects.filter(request=request).order_by("pk"))
    times = [
        timezone.make_aware(dt.datetime(2023, 7 if i % 3 == 0 else 6, 2 if i % 3 == 0 else 28, 9))
        for i in range(len(reports))
    ]
    for report, at in zip(reports, times, strict=True):
        report.submitted_at = at
    Report.objects.bulk_update(reports, ["submitted_at"], batch_size=1000)
    ReportEvent.objects.bulk_create(ReportEvent(report=r, action="submit") for r in reports)
    for at in set(times):  # two days: one update each
        chosen = [r.pk for r, t in zip(reports, times, strict=True) if t == at]
        ReportEvent.objects.filter(report_id__in=chosen).update(at=at)


def main() -> None:
    setup_django()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from bench.overview import CPU, QUERY, _cold, _province, _timed
    from gocua.accounts.models import Role, User
    from gocua.orgunits.models import OrgUnit
    from gocua.testing import make_user

    call_command("migrate", verbosity=0)
    runs = int(os.environ.get("BENCH_RUNS", "2"))
    print(f"database: {database_label()}")
    started = time.perf_counter()
    province = _province()
    communes = OrgUnit.objects.filter(parent=province).count()
    print(f"province of {communes:,} communes of entered figures ready in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    admin = User.objects.filter(username="bench-admin").first() or make_user(
        "bench-admin", Role.ADMIN, None
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    url = f"/u/{province.code}/{QUERY}"

    def get(address: str) -> Any:
        response = client.get(address)
        assert response.status_code == 200, response.status_code
        return response

    get(url)  # templates, catalogues, the database's cache

    def best(address: str) -> tuple[float, float, int, int]:
        wall, cpu, queries, size = float("inf"), float("inf"), 0, 0
        for _ in range(runs):
            seconds, queries, response = _timed(lambda: get(address))
            wall, cpu, size = min(wall, seconds), min(cpu, CPU[0]), len(response.content)
        return wall, cpu, queries, size

    print("province page, table paged on the server:")
    with _cold():
        wall, cpu, queries, size = float("inf"), float("inf"), 0, 0
        for _ in range(runs):
            cache.clear()
            seconds, queries, response = _timed(lambda: get(url))
            wall, cpu, size = min(wall, seconds), min(cpu, CPU[0]), len(response.content)
        print(f"  cold  {PAGES[0][0]}: {wall:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
              f"{queries} queries, {size // 1024} KB")  # fmt: skip
    cache.clear()
    get(url)  # fills the cache
    for label, extra in PAGES:
        wall, cpu, queries, size = best(url + extra)
        print(f"  warm  {label}: {wall:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
              f"{queries} queries, {size // 1024} KB")  # fmt: skip
    # With the province's request open to every commune (two in three reported, a
    # third of those late): the report's column, and a unit's missing report counts
    # as a concern. Made in a transaction rolled back after: the data stays as built.
    with transaction.atomic():
        _request(province)
        cache.clear()
        get(url)
        for label, extra in (PAGES[0], ("sorted by report", "&sort=report")):
            wall, cpu, queries, size = best(url + extra)
            label = f"{label}, a request open to every commune"
            print(f"  warm  {label}: {wall:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
                  f"{queries} queries, {size // 1024} KB")  # fmt: skip
        transaction.set_rollback(True)
    cache.clear()
    xlsx = f"/u/{province.code}/overview.xlsx{QUERY}"
    wall, cpu, queries, size = best(xlsx)
    print(f"  warm  XLSX, every commune: {wall:.2f} s (CPU {cpu:.2f} s, best of {runs}), "
          f"{queries} queries, {size // 1024} KB")  # fmt: skip
    print(f"peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
