"""Members' levels per service of the catalogue, and training sessions that raise them.

See :mod:`gocua.outreach.services` for the rules every write here follows. A level is
never overwritten: each change is a new :class:`MemberSkill` row dated from the day it
holds (the history is the rows, and the audit log says who changed what).

The rule of a training session: an attendee whose level for the session's service was
"needs training", or who gave none, "can use" it from the session's day on; "can use"
and "can guide" stay as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.lib.dates import short_date, today
from gocua.lib.errors import Problem
from gocua.lib.text import clean_text
from gocua.lib.writes import clean_and_save, user_or_none
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import (
    Member,
    MemberSkill,
    Service,
    ServiceSkill,
    SkillSource,
    Training,
    TrainingSession,
)
from gocua.outreach.selectors import member_skill_levels, members_active_under
from gocua.outreach.services.common import check_not_future, check_unit_existed


def _check_active(member: Member, day: dt.date) -> None:
    if (member.active_from and member.active_from > day) or (
        member.active_until and member.active_until < day
    ):
        raise Problem(
            f"{member.full_name} không là thành viên tổ vào ngày {short_date(day)}",
            f"{member.full_name} is not a team member on {day.isoformat()}",
        )


@transaction.atomic
def member_skills_set(
    *,
    member: Member,
    levels: Mapping[Service, int | None],
    day: dt.date | None = None,
    user: User | None = None,
) -> list[MemberSkill]:
    """The member's levels per service from ``day`` (default today) on; ``None`` leaves a
    service as it is, and so does the level it already has (only changes are written).
    Refused: an unknown level, a retired service, a day in the future or outside the
    member's time in the team."""
    day = day or today()
    check_not_future(day, "Mức kỹ năng", "a skill level")
    _check_active(member, day)
    current = member_skill_levels(member=member, on=day)
    real_user = user_or_none(user)
    source = (
        SkillSource.SELF
        if real_user is not None and member.user_id == real_user.pk
        else SkillSource.OFFICER
    )
    rows: list[MemberSkill] = []
    changes: dict[str, dict[str, int | None]] = {}
    for service, level in levels.items():
        if level is None:
            continue
        if level not in ServiceSkill.values:
            raise Problem(
                f"Mức “{level}” không có (1 cần tập huấn, 2 biết sử dụng, 3 hướng dẫn được)",
                f"unknown level “{level}” (1 needs training, 2 can use, 3 can guide)",
            )
        before = current.get(service.pk)
        if before is not None and before.level == level:
            continue
        if not service.active:
            raise Problem(
                f"Dịch vụ “{service.name_vi}” đã ngừng", f"service “{service.name_en}” is retired"
            )
        row = MemberSkill(
            member=member,
            service=service,
            level=level,
            day=day,
            source=source,
            recorded_by=real_user,
        )
        clean_and_save(row, validate_constraints=False)
        rows.append(row)
        changes[service.code] = {"before": before.level if before else None, "after": level}
    if rows:
        audit_log(
            action="outreach.member_skills.set",
            user=user,
            unit_code=member.team.unit.code,
            object_type="member",
            object_id=member.pk,
            rows=len(rows),
            detail={"day": day.isoformat(), "source": source, "levels": changes},
        )
    return rows


@transaction.atomic
def training_session_record(
    *,
    unit: OrgUnit,
    date: dt.date,
    service: Service,
    attendees: Iterable[Member],
    topic: str = "",
    user: User | None = None,
) -> TrainingSession:
    """A training on ``service`` held on ``date`` for members of the teams of ``unit``'s
    subtree: each attendee gets a training record, and the rule of the module raises
    their level. Refused: no attendee, one outside the unit or not a member that day, a
    retired service, a day in the future or before the unit existed."""
    check_not_future(date, "Buổi tập huấn", "a training")
    check_unit_existed(unit, date)
    if not service.active:
        raise Problem(
            f"Dịch vụ “{service.name_vi}” đã ngừng", f"service “{service.name_en}” is retired"
        )
    people = list({m.pk: m for m in attendees}.values())
    if not people:
        raise Problem("Chọn ít nhất một người dự tập huấn", "tick at least one attendee")
    eligible = set(
        members_active_under(root=unit, on=date)
        .filter(pk__in=[m.pk for m in people])
        .values_list("pk", flat=True)
    )
    for member in people:
        if member.pk not in eligible:
            raise Problem(
                f"{member.full_name} không là thành viên tổ của {unit.name} vào ngày "
                f"{short_date(date)}",
                f"{member.full_name} is not a team member of {unit.name} on {date.isoformat()}",
            )
    topic = clean_text(topic) or f"Tập huấn sử dụng {service.name_vi}"
    real_user = user_or_none(user)
    session = TrainingSession(
        unit=unit, date=date, service=service, topic=topic, recorded_by=real_user
    )
    clean_and_save(session, validate_constraints=False)
    raised = []
    for member in sorted(people, key=lambda m: m.pk):
        clean_and_save(
            Training(member=member, date=date, topic=topic, service=service, session=session),
            validate_constraints=False,
        )
        before = member_skill_levels(member=member, on=date).get(service.pk)
        if before is None or before.level < ServiceSkill.CAN_USE:
            clean_and_save(
                MemberSkill(
                    member=member,
                    service=service,
                    level=ServiceSkill.CAN_USE,
                    day=date,
                    source=SkillSource.TRAINING,
                    training=session,
                    recorded_by=real_user,
                ),
                validate_constraints=False,
            )
            raised.append(member.pk)
    audit_log(
        action="outreach.training_session.create",
        user=user,
        unit_code=unit.code,
        object_type="training_session",
        object_id=session.pk,
        rows=len(people),
        detail={
            "date": date.isoformat(),
            "service": service.code,
            "topic": topic,
            "attendees": sorted(m.pk for m in people),
            "raised_to_can_use": raised,
        },
    )
    return session
