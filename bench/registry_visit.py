"""The door-to-door visit form: time to save a visit with 100,000 residents in the database.

Target (issue 3): under 100 ms at the 95th percentile. Each save goes through the
whole request (middleware, session, the view, the service, the redirect): a team
member ticks a fact for one person and a guidance for another.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import database_label
from bench.registry_import import prepare

RESIDENTS = int(os.environ.get("BENCH_VISIT_RESIDENTS", "100000"))
SAVES = int(os.environ.get("BENCH_VISIT_SAVES", "200"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    prepare()
    from django.conf import settings
    from django.test import Client

    from gocua.accounts.models import Role, User
    from gocua.lib.dates import today
    from gocua.orgunits.models import OrgUnit
    from gocua.registry.models import Household, Resident
    from gocua.registry.services import roster_import
    from gocua.registry.synth import synth_file

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    ward = OrgUnit.objects.get(code="L06700")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "roster.csv"
        synth_file(path=path, wards=[None], residents=RESIDENTS, seed=2, as_of=today())
        roster_import(path=path, unit=ward, as_of=today())
    kp1 = OrgUnit.objects.get(code="L06700.01")
    user = User.objects.filter(username="bench.kp1").first() or User.objects.create(
        username="bench.kp1", role=Role.MEMBER, unit=kp1
    )
    client = Client()
    client.force_login(user)
    households = list(
        Household.objects.filter(unit=kp1).order_by("?").values_list("pk", flat=True)[:SAVES]
    )
    print(f"{Resident.objects.count():,} residents, {len(households)} visits ({database_label()})")
    pages: list[float] = []
    saves: list[float] = []
    for pk in households:
        url = f"/u/{kp1.code}/registry/h/{pk}/visit/"
        started = time.perf_counter()
        page = client.get(url)
        pages.append(time.perf_counter() - started)
        assert page.status_code == 200, page.status_code
        household = Household.objects.get(pk=pk)
        members = list(household.residents.filter(moved_out__isnull=True).order_by("id"))
        data: dict[str, object] = {"version": household.version, "member": [m.pk for m in members]}
        for index, member in enumerate(members):
            data[f"m{member.pk}-version"] = member.version
            data[f"m{member.pk}-eid"] = member.eid_level
            for name, column in (
                ("smartphone", "smartphone_since"),
                ("vssid", "vssid_since"),
                ("ehealth", "ehealth_since"),
                ("payment", "payment_since"),
            ):
                on = getattr(member, column) is not None
                if index == 0 and name == "smartphone":
                    on = not on  # the change this visit records
                if on:
                    data[f"m{member.pk}-{name}"] = "on"
        if len(members) > 1:
            data[f"m{members[1].pk}-guided"] = ["vneid", "vssid"]
        started = time.perf_counter()
        response = client.post(url, data)
        saves.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    officer = User.objects.filter(username="bench.ward").first() or User.objects.create(
        username="bench.ward", role=Role.WARD_OFFICER, unit=ward
    )
    officer_client = Client()
    officer_client.force_login(officer)
    searches: list[float] = []
    for query in ("nguyen van", "tran thi", "hoang", "so 12", "HK00001", "le minh anh"):
        for who, code in ((client, kp1.code), (officer_client, ward.code)):
            started = time.perf_counter()
            assert who.get(f"/u/{code}/registry/", {"q": query}).status_code == 200
            searches.append(time.perf_counter() - started)
    for label, values in (
        ("visit page (GET)", pages),
        ("visit save (POST)", saves),
        ("household search (GET)", searches),
    ):
        ms = [v * 1000 for v in values]
        print(
            f"{label}: median {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
            f"max {max(ms):.1f} ms"
        )


if __name__ == "__main__":
    main()
