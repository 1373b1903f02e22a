"""How long leaflets take: every active service for one ward, A5 and A4.

On a scratch database: the hierarchy of the tests, the default catalogue and guides, a
ward team and five neighbourhood teams (their leaders are the leaflet's contacts). Prints
the first render (imports WeasyPrint, loads fonts), then ``BENCH_LEAFLET_ROUNDS`` (3)
renders of ``--service all`` for the ward at each size (including the audit row), with
pages and bytes, and one service alone. Asserts nothing.
"""

from __future__ import annotations

import os
import time
from io import StringIO

from bench.common import database_label, peak_rss_mb, setup_django, timed

ROUNDS = int(os.environ.get("BENCH_LEAFLET_ROUNDS", "3"))


def main() -> None:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, stdout=StringIO())
    from gocua.guides.defaults import install_defaults as install_guides
    from gocua.guides.services import leaflet_export
    from gocua.orgunits.models import OrgUnit
    from gocua.outreach.catalogue import install_defaults as install_catalogue
    from gocua.outreach.models import Member, MemberRole, Team
    from gocua.testing import make_hierarchy

    if not OrgUnit.objects.filter(code="L06700").exists():
        make_hierarchy()
    install_catalogue()
    install_guides()
    ward = OrgUnit.objects.get(code="L06700")
    units = [ward, *OrgUnit.objects.filter(parent=ward)]
    for number, unit in enumerate(units):
        team, _ = Team.objects.get_or_create(
            unit=unit, active_until=None, defaults={"name": f"Tổ CNSCĐ {unit.name}"}
        )
        Member.objects.get_or_create(
            team=team,
            full_name=f"Tổ Trưởng Số {number}",
            defaults={"role": MemberRole.LEADER, "phone": f"091200{number:04d}"},
        )
    with timed("first leaflet (imports WeasyPrint, loads fonts)"):
        leaflet_export(service_code="vneid", unit=ward, size="A5", user=None)
    for size in ("A5", "A4"):
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(ROUNDS):
            data, pages, _services = leaflet_export(
                service_code="all", unit=ward, size=size, user=None
            )
        seconds = (time.perf_counter() - started) / ROUNDS
        cpu_seconds = (time.process_time() - cpu) / ROUNDS
        print(
            f"all services for {ward.name}, {size}: {seconds:.2f} s each, "
            f"{cpu_seconds:.2f} s of CPU ({pages} pages, {len(data) // 1024} KB)"
        )
    started = time.perf_counter()
    for _ in range(ROUNDS):
        leaflet_export(service_code="bank_app", unit=ward, size="A5", user=None)
    print(f"one service, A5: {(time.perf_counter() - started) / ROUNDS * 1000:.0f} ms each")
    print(f"  on {database_label()}; peak memory: {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
