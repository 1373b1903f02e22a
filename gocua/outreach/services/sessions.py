"""Outreach sessions, door-to-door visits of households and guidance given.

See :mod:`gocua.outreach.services` for the rules every write here follows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.lib.dates import short_date
from gocua.lib.errors import Problem
from gocua.lib.numbers import group
from gocua.lib.writes import clean_and_save, user_or_none
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import (
    DOOR_TO_DOOR,
    LEAFLETS,
    Activity,
    ActivityChannel,
    BulkGuidance,
    Guidance,
    Member,
    Service,
    Team,
)
from gocua.outreach.services.common import (
    check_not_future,
    check_people,
    check_unit_existed,
)
from gocua.registry.models import Household, Resident

# Outreach sessions and guidance -------------------------------------------------------


def _team_on(unit: OrgUnit, day: dt.date) -> Team | None:
    return (
        Team.objects.filter(unit=unit)
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=day))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=day))
        .first()
    )


@transaction.atomic
def activity_create(
    *,
    unit: OrgUnit,
    date: dt.date,
    channel: ActivityChannel,
    services: Iterable[Service] = (),
    people_reached: int | None = None,
    leaflets: int | None = None,
    notes: str = "",
    team: Team | None = None,
    user: User | None = None,
) -> Activity:
    """Log an outreach session (buổi tuyên truyền) of the unit.

    Refused: a date in the future or before the unit existed, a retired channel or
    service, more people reached than plausible (in person: the registry's residents
    living in the unit, but at least 100, or 2,000 without a registry; broadcasts:
    200,000). ``leaflets`` (sheets handed out) is required on a session of the channel
    ``leaflets``, allowed on other in-person sessions (a meeting that hands them out),
    refused on broadcasts, and bounded like the people of an in-person session.
    """
    check_not_future(date, "Buổi tuyên truyền", "a session")
    check_unit_existed(unit, date)
    if not channel.active:
        raise Problem(
            f"Hình thức “{channel.name_vi}” đã ngừng sử dụng",
            f"channel “{channel.name_en}” is retired",
        )
    services = list(services)
    retired = [s for s in services if not s.active]
    if retired:
        raise Problem(
            f"Dịch vụ đã ngừng: {', '.join(s.name_vi for s in retired)}",
            f"retired services: {', '.join(s.name_en for s in retired)}",
        )
    check_people(
        people_reached,
        unit,
        date,
        in_person=channel.in_person,
        what_vi="Số người được tuyên truyền",
        what_en="people reached",
    )
    _check_leaflets(leaflets, unit, date, channel)
    if team is not None and not team.unit.is_ancestor_of(unit):
        raise Problem(
            f"{team.name} không phụ trách {unit.name}",
            f"{team.name} does not cover {unit.name}",
        )
    activity = Activity(
        unit=unit,
        team=team or _team_on(unit, date),
        date=date,
        channel=channel,
        people_reached=people_reached,
        leaflets=leaflets or None,
        notes=notes.strip(),
        created_by=user_or_none(user),
    )
    clean_and_save(activity, exclude=["households", "services"], validate_constraints=False)
    if services:
        activity.services.set(services)
    audit_log(
        action="outreach.session.create",
        user=user,
        unit_code=unit.code,
        object_type="session",
        object_id=activity.pk,
        detail={
            "date": date.isoformat(),
            "channel": channel.code,
            "services": [s.code for s in services],
            "people_reached": people_reached,
            "leaflets": leaflets or None,
        },
    )
    return activity


def _check_leaflets(
    leaflets: int | None, unit: OrgUnit, date: dt.date, channel: ActivityChannel
) -> None:
    if channel.code == LEAFLETS and not leaflets:
        raise Problem(
            "Nhập số tờ rơi đã phát trong buổi", "enter how many leaflets were handed out"
        )
    if leaflets and not channel.in_person:
        raise Problem(
            f"Tờ rơi được phát tận tay, không qua “{channel.name_vi}”",
            f"leaflets are handed out in person, not through “{channel.name_en}”",
        )
    check_people(
        leaflets,
        unit,
        date,
        in_person=True,
        what_vi="Số tờ rơi đã phát",
        what_en="leaflets handed out",
    )


@transaction.atomic
def activity_delete(*, activity: Activity, user: User | None = None) -> None:
    """Remove a session logged by mistake (its bulk guidance goes with it)."""
    detail = {"date": activity.date.isoformat(), "channel": activity.channel.code}
    unit_code, pk = activity.unit.code, activity.pk
    activity.delete()
    audit_log(
        action="outreach.session.delete",
        user=user,
        unit_code=unit_code,
        object_type="session",
        object_id=pk,
        detail=detail,
    )


@transaction.atomic
def bulk_guidance_record(
    *,
    unit: OrgUnit,
    date: dt.date,
    counts: Mapping[Service, int],
    activity: Activity | None = None,
    user: User | None = None,
) -> list[BulkGuidance]:
    """People helped at one session without a record each, by service (40 on VNeID…).

    The same people are often helped on several services at one session, so the
    figure ``guided`` counts a session's largest service figure, never their sum.
    """
    if activity is not None:
        if not unit.is_ancestor_of(activity.unit):
            raise Problem(
                f"Buổi tuyên truyền ngày {short_date(activity.date)} không thuộc {unit.name}",
                f"the session of {activity.date.isoformat()} is not in {unit.name}",
            )
        unit, date = activity.unit, activity.date
    check_not_future(date, "Buổi hướng dẫn", "a guidance session")
    check_unit_existed(unit, date)
    given = {service: people for service, people in counts.items() if people}
    if not given:
        raise Problem(
            "Nhập số người được hướng dẫn cho ít nhất một dịch vụ",
            "enter the number of people helped for at least one service",
        )
    for service, people in given.items():
        if people < 0:
            raise Problem(
                f"Số người ({service.name_vi}) không được âm",
                f"people helped ({service.name_en}) cannot be negative",
            )
        if not service.active:
            raise Problem(
                f"Dịch vụ “{service.name_vi}” đã ngừng", f"service “{service.name_en}” is retired"
            )
        check_people(
            people,
            unit,
            date,
            in_person=True,
            what_vi=f"Số người được hướng dẫn {service.name_vi}",
            what_en=f"people helped with {service.name_en}",
        )
        reached = activity.people_reached if activity is not None else None
        if reached is not None and people > reached:
            raise Problem(
                f"Số người được hướng dẫn {service.name_vi} ({group(people)}) nhiều hơn số "
                f"người dự buổi tuyên truyền ({group(reached)})",
                f"people helped with {service.name_en} ({people:,}) outnumber the people "
                f"the session reached ({reached:,})",
            )
    rows = []
    for service, people in given.items():
        row = BulkGuidance(
            unit=unit,
            activity=activity,
            service=service,
            date=date,
            people=people,
            recorded_by=user_or_none(user),
        )
        clean_and_save(row, validate_constraints=False)
        rows.append(row)
    audit_log(
        action="outreach.bulk_guidance.create",
        user=user,
        unit_code=unit.code,
        object_type="bulk_guidance",
        object_id=activity.pk if activity else "",
        rows=len(rows),
        detail={"date": date.isoformat(), "people": {s.code: n for s, n in given.items()}},
    )
    return rows


@transaction.atomic
def household_visits_record(
    *,
    unit: OrgUnit,
    day: dt.date,
    household_ids: Iterable[int],
    user: User | None = None,
) -> list[Activity]:
    """Households visited door to door on ``day``, ticked on the printed visit list.

    Each neighbourhood's visits of one day are one door-to-door session (created on
    the first tick, reused after), which lists the households it visited. Households
    outside ``unit``'s subtree are refused.
    """
    check_not_future(day, "Ngày đi từng ngõ, gõ từng nhà", "a door-to-door visit")
    ids = sorted(set(household_ids))
    if not ids:
        raise Problem("Chọn ít nhất một hộ đã đến", "tick at least one household visited")
    households = list(
        Household.objects.filter(unit.subtree_q("unit"), pk__in=ids)
        .select_related("unit")
        .order_by("unit__path", "code")
    )
    if len(households) != len(ids):
        raise Problem(f"Có hộ không thuộc {unit.name}", f"some households are not in {unit.name}")
    channel = ActivityChannel.objects.get(code=DOOR_TO_DOOR)
    by_unit: dict[OrgUnit, list[Household]] = defaultdict(list)
    for household in households:
        by_unit[household.unit].append(household)
    sessions = []
    real_user = user_or_none(user)
    for neighbourhood, visited in by_unit.items():
        check_unit_existed(neighbourhood, day)
        session = (
            Activity.objects.filter(unit=neighbourhood, date=day, channel=channel)
            .order_by("id")
            .first()
        )
        if session is None:
            session = Activity(
                unit=neighbourhood,
                team=_team_on(neighbourhood, day),
                date=day,
                channel=channel,
                created_by=real_user,
            )
            clean_and_save(session, exclude=["households", "services"], validate_constraints=False)
        session.households.add(*visited)
        sessions.append(session)
        audit_log(
            action="outreach.visits.record",
            user=user,
            unit_code=neighbourhood.code,
            object_type="session",
            object_id=session.pk,
            rows=len(visited),
            detail={"date": day.isoformat(), "households": [h.pk for h in visited]},
        )
    return sessions


@transaction.atomic
def guidance_record(
    *,
    resident: Resident,
    service: Service,
    day: dt.date,
    member: Member | None = None,
    user: User | None = None,
) -> Guidance:
    """One resident guided on one service on one day; recording it twice is harmless."""
    check_not_future(day, "Việc hướng dẫn", "guidance")
    guidance, created = Guidance.objects.get_or_create(
        resident=resident,
        service=service,
        day=day,
        defaults={
            "unit_id": resident.unit_id,
            "member": member,
            "recorded_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    if created:
        audit_log(
            action="outreach.guidance.create",
            user=user,
            unit_code=resident.unit.code,
            object_type="resident",
            object_id=resident.pk,
            detail={"service": service.code, "day": day.isoformat()},
        )
    return guidance


def guidance_record_many(
    *,
    resident: Resident,
    services: Iterable[Service],
    day: dt.date,
    member: Member | None = None,
    user: User | None = None,
) -> list[Guidance]:
    """:func:`guidance_record` for several services of one resident on one day (a visit's
    "guided today on" chips): one look-up of what is recorded, one insert, the same log."""
    check_not_future(day, "Việc hướng dẫn", "guidance")
    wanted = list({s.pk: s for s in services}.values())
    if not wanted:
        return []
    have = set(
        Guidance.objects.filter(resident=resident, day=day, service__in=wanted).values_list(
            "service_id", flat=True
        )
    )
    new = [
        Guidance(
            resident=resident,
            service=service,
            day=day,
            unit_id=resident.unit_id,
            member=member,
            recorded_by=user if getattr(user, "is_authenticated", False) else None,
        )
        for service in wanted
        if service.pk not in have
    ]
    try:
        with transaction.atomic():
            Guidance.objects.bulk_create(new)
    except IntegrityError:  # recorded meanwhile by someone else: one by one, as they come
        return [
            guidance_record(resident=resident, service=s, day=day, member=member, user=user)
            for s in wanted
        ]
    for guidance in new:
        audit_log(
            action="outreach.guidance.create",
            user=user,
            unit_code=resident.unit.code,
            object_type="resident",
            object_id=resident.pk,
            detail={"service": guidance.service.code, "day": day.isoformat()},
        )
    return new
