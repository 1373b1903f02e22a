"""The field app's API with 100,000 residents in the database (``BENCH_API_RESIDENTS``).

- ``GET /api/v1/caseload`` of one neighbourhood of 10,000 living residents
  (``BENCH_API_CASELOAD``): server time for the whole request, JSON size raw and gzipped;
- ``POST /api/v1/visits``: one visit a request (a fact toggled for one member, guidance
  for another), p95 of the whole request; target under 50 ms;
- the same endpoint with 500 waiting visits in one batch (a phone back online).

Requests go through the whole stack (middleware, bearer token, the route, the service).
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import database_label
from bench.registry_import import prepare
from bench.registry_visit import percentile

RESIDENTS = int(os.environ.get("BENCH_API_RESIDENTS", "100000"))
CASELOAD = int(os.environ.get("BENCH_API_CASELOAD", "10000"))
SAVES = int(os.environ.get("BENCH_API_SAVES", "200"))
BATCH = int(os.environ.get("BENCH_API_BATCH", "500"))


def ms(values: list[float]) -> str:
    values = [v * 1000 for v in values]
    return (
        f"median {statistics.median(values):.1f} ms, p95 {percentile(values, 0.95):.1f} ms, "
        f"max {max(values):.1f} ms"
    )


def main() -> None:
    prepare()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client

    from gocua.accounts.models import Role, User
    from gocua.api.services import api_token_create
    from gocua.lib.dates import today
    from gocua.orgunits.models import Level, OrgUnit
    from gocua.orgunits.services import orgunit_add
    from gocua.outreach.catalogue import install_defaults
    from gocua.registry.models import Household, Resident
    from gocua.registry.services import roster_import
    from gocua.registry.synth import synth_file

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    install_defaults()
    ward = OrgUnit.objects.get(code="L06700")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "roster.csv"
        synth_file(path=path, wards=[None], residents=RESIDENTS, seed=3, as_of=today())
        roster_import(path=path, unit=ward, as_of=today())
    # One neighbourhood of CASELOAD living residents: households moved from the others.
    area = OrgUnit.objects.filter(parent=ward, name="Khu phố Bench").first() or orgunit_add(
        name="Khu phố Bench", parent=ward, level=Level.NEIGHBOURHOOD
    )
    living = Count("residents", filter=Q(residents__moved_out__isnull=True))
    chosen, total = [], 0
    for pk, count in (
        Household.objects.filter(ward=ward).annotate(n=living).order_by("id").values_list("pk", "n")
    ):
        if total >= CASELOAD:
            break
        chosen.append(pk)
        total += count
    Household.objects.filter(pk__in=chosen).update(unit=area)
    Resident.objects.filter(household_id__in=chosen).update(unit=area)
    member = User.objects.filter(username="bench.api").first() or User.objects.create(
        username="bench.api", role=Role.MEMBER, unit=area
    )
    headers = {"Authorization": f"Bearer {api_token_create(user=member).token}"}
    client = Client()
    print(
        f"{Resident.objects.count():,} residents; caseload of {area.name}: "
        f"{Resident.objects.filter(unit=area, moved_out__isnull=True).count():,} living "
        f"residents in {len(chosen):,} households ({database_label()})"
    )

    times, cpu = [], []
    body = b""
    client.get("/api/v1/openapi.json")  # the first request loads the URLconf: not counted
    for _ in range(5):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/v1/caseload", {"unit": area.code}, headers=headers)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.status_code == 200, response.content[:300]
        body = response.content
    print(
        f"caseload: {len(body) / 1e6:.2f} MB JSON, {len(gzip.compress(body, 6)) / 1e6:.2f} MB "
        f"gzipped; server time {ms(times)}; CPU {ms(cpu)}"
    )
    packed_times = []
    for _ in range(3):
        started = time.perf_counter()
        packed = client.get(
            "/api/v1/caseload",
            {"unit": area.code},
            headers={**headers, "Accept-Encoding": "gzip"},
        )
        packed_times.append(time.perf_counter() - started)
    assert packed["Content-Encoding"] == "gzip"
    print(
        f"caseload gzipped by the server (Accept-Encoding: gzip): "
        f"{len(packed.content) / 1e6:.2f} MB "
        f"sent; server time {ms(packed_times)}"
    )
    caseload = json.loads(body)
    households = caseload["households"]

    def visit(household: dict[str, Any], flip: int) -> dict[str, Any]:
        members = household["residents"]
        entries: list[dict[str, Any]] = []
        if members:
            first = members[0]
            entries.append(
                {
                    "id": first["id"],
                    "version": first["version"],
                    "facts": {"smartphone": first["facts"]["smartphone"] is None},
                    "seen": first["facts"],
                }
            )
        if len(members) > 1:
            entries.append(
                {
                    "id": members[1]["id"],
                    "version": members[1]["version"],
                    "guided": ["vneid", "vssid"],
                }
            )
        return {
            "key": str(uuid.uuid4()),
            "household": household["code"],
            "unit": area.code,
            "date": today().isoformat(),
            "household_version": household["version"],
            "residents": entries,
        }

    saves, cpu = [], []
    for index, household in enumerate(households[:SAVES]):
        payload = json.dumps({"visits": [visit(household, index)]})
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.post(
            "/api/v1/visits", payload, content_type="application/json", headers=headers
        )
        saves.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        assert response.json()["results"][0]["status"] == "applied", response.content
    print(f"one visit a request (POST /api/v1/visits, {len(saves)} requests): {ms(saves)}")
    print(f"  the same, CPU time of the server process: {ms(cpu)}")
    print(f"  load average while it ran: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    batch = [visit(h, 0) for h in households[SAVES : SAVES + BATCH]]
    started, started_cpu = time.perf_counter(), time.process_time()
    queries: list[int] = []

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(1)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        response = client.post(
            "/api/v1/visits",
            json.dumps({"visits": batch}),
            content_type="application/json",
            headers=headers,
        )
    elapsed = time.perf_counter() - started
    elapsed_cpu = time.process_time() - started_cpu
    statuses = [r["status"] for r in response.json()["results"]]
    print(
        f"{len(batch)} waiting visits in one batch: {elapsed:.2f} s server time "
        f"(CPU {elapsed_cpu:.2f} s) "
        f"({statuses.count('applied')} applied, {statuses.count('conflict')} conflicts, "
        f"{statuses.count('refused')} refused), {len(queries)} queries "
        f"({len(queries) / max(len(batch), 1):.1f} a visit); load average "
        f"{os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
