"""The outreach selectors on a ward of 20 neighbourhoods, 8,000 households, 24,000
residents, 10,000 guidance records and 2,000 sessions (two years).

Prints the time of each figure the team page shows; nothing is asserted.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from bench.common import database_label, peak_rss_mb, setup_django, timed

NEIGHBOURHOODS = 20
HOUSEHOLDS = 8_000
PER_HOUSEHOLD = 3
GUIDANCE = 10_000
SESSIONS = 2_000
START, END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)


def build() -> object:
    from django.db import transaction

    from gocua.orgunits.models import Level
    from gocua.orgunits.services import orgunit_add
    from gocua.outreach.catalogue import install_defaults
    from gocua.outreach.models import (
        Activity,
        ActivityChannel,
        Guidance,
        Member,
        Service,
        Team,
    )
    from gocua.registry.models import Household, Resident
    from gocua.testing import make_hierarchy

    rng = random.Random(6)
    install_defaults()
    with transaction.atomic():
        ward = make_hierarchy()["ward"]
        ward.children.all().delete()  # a second run starts again (rows cascade)
        units = [
            orgunit_add(name=f"Khu phố {n}", parent=ward, level=Level.NEIGHBOURHOOD)
            for n in range(1, NEIGHBOURHOODS + 1)
        ]
        households = Household.objects.bulk_create(
            Household(ward=ward, unit=units[i % NEIGHBOURHOODS], code=f"H{i:05d}")
            for i in range(HOUSEHOLDS)
        )
        residents = Resident.objects.bulk_create(
            Resident(
                household=h,
                ward=ward,
                unit_id=h.unit_id,
                full_name=f"Người {h.code}-{k}",
                search_name=f"nguoi {h.code}-{k}",
                moved_out=20230301 if rng.random() < 0.03 else None,
            )
            for h in households
            for k in range(PER_HOUSEHOLD)
        )
        services = list(Service.objects.all())
        channels = list(ActivityChannel.objects.all())
        teams = [Team.objects.create(unit=u, name=f"Tổ {u.name}") for u in units]
        members = Member.objects.bulk_create(
            Member(team=t, full_name=f"Thành viên {t.pk}-{k}") for t in teams for k in range(4)
        )
        seen = set()
        rows: list[Guidance] = []
        while len(rows) < GUIDANCE:
            resident = rng.choice(residents)
            service = rng.choice(services)
            day = START + dt.timedelta(days=rng.randrange(365))
            if (resident.pk, service.pk, day) in seen:
                continue
            seen.add((resident.pk, service.pk, day))
            rows.append(
                Guidance(
                    resident=resident,
                    unit_id=resident.unit_id,
                    service=service,
                    day=day,
                    member=rng.choice(members),
                )
            )
        Guidance.objects.bulk_create(rows, batch_size=2000)
        Activity.objects.bulk_create(
            Activity(
                unit=rng.choice([ward, *units]),
                date=START + dt.timedelta(days=rng.randrange(730) - 365),
                channel=rng.choice(channels),
                people_reached=rng.randrange(10, 200),
            )
            for _ in range(SESSIONS)
        )
    return ward


def main() -> None:
    setup_django()
    from io import StringIO

    from django.core.management import call_command

    from gocua.orgunits.models import OrgUnit
    from gocua.outreach import selectors

    call_command("migrate", verbosity=0, stdout=StringIO())
    label = database_label()
    with timed(f"build the bench ward ({label})"):
        ward = build()
    assert isinstance(ward, OrgUnit)
    args: dict[str, Any] = {"root": ward, "start": START, "end": END}
    with timed("sessions_by_unit"):
        sessions = selectors.sessions_by_unit(**args)
    with timed("sessions_by_channel"):
        selectors.sessions_by_channel(**args)
    with timed("guided_by_unit"):
        guided = selectors.guided_by_unit(**args)
    with timed("guided_by_service"):
        selectors.guided_by_service(**args)
    with timed("guided_by_member"):
        members = list(selectors.guided_by_member(**args))
    with timed("door_to_door_coverage"):
        coverage = selectors.door_to_door_coverage(**args)
    with timed("households_not_visited (with living residents)"):
        not_visited = list(selectors.households_not_visited(**args))
    from django.test import Client

    from gocua.accounts.models import Role, User

    officer = User.objects.filter(username="bench-officer").first() or User.objects.create(
        username="bench-officer", role=Role.WARD_OFFICER, unit=ward
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(officer)
    with timed("the team page (GET, whole request)"):
        status = client.get(f"/u/{ward.code}/outreach/?year=2023").status_code
    with timed("the visit list page (GET, whole request)"):
        status += client.get(f"/u/{ward.code}/outreach/visits/?year=2023").status_code
    assert status == 400, status  # 200 + 200
    print(
        f"  sessions {sum(sessions.values())}, guided {sum(guided.values())}, members "
        f"{len(members)}, households {sum(c.households for c in coverage)}, visited "
        f"{sum(c.visited for c in coverage)}, not visited {len(not_visited)}; "
        f"peak memory {peak_rss_mb():.0f} MB"
    )


if __name__ == "__main__":
    main()
