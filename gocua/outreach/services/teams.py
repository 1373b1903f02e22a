"""Teams, their members and the members' training.

See :mod:`gocua.outreach.services` for the rules every write here follows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q

from gocua.accounts.models import User
from gocua.accounts.permissions import can_see
from gocua.audit.services import audit_log
from gocua.lib.dates import day_text, today
from gocua.lib.errors import Problem
from gocua.lib.text import clean_text, fold
from gocua.lib.writes import clean_and_save
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import (
    DocumentKind,
    LegalDocument,
    Member,
    MemberRole,
    SkillLevel,
    Team,
    TeamReconstitution,
    Training,
)
from gocua.outreach.services.common import (
    check_not_future,
)
from gocua.outreach.validation import (
    normalize_phone,
)

TEAM_LEVELS = {Level.COMMUNE, Level.NEIGHBOURHOOD}


# Teams --------------------------------------------------------------------------------


def _check_decision(decision: LegalDocument, unit: OrgUnit) -> None:
    if decision.kind != DocumentKind.DECISION:
        raise Problem(
            f"Văn bản {decision.number} không phải quyết định",
            f"document {decision.number} is not a decision",
        )
    if not decision.unit.is_ancestor_of(unit):
        raise Problem(
            f"Quyết định {decision.number} không thuộc sổ văn bản của {unit.name} "
            "hay đơn vị cấp trên",
            f"decision {decision.number} is not in the register of {unit.name} or a unit above it",
        )


def _check_team_unit(unit: OrgUnit, *, exclude_pk: int | None = None) -> None:
    if unit.level not in TEAM_LEVELS:
        raise Problem(
            f"Tổ Công nghệ số cộng đồng chỉ lập ở phường, xã và khu phố, thôn, không ở {unit.name}",
            f"community digital teams are set up in wards and neighbourhoods only, not in "
            f"{unit.name}",
        )
    others = Team.objects.filter(unit=unit, active_until__isnull=True)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    existing = others.first()
    if existing is not None:
        raise Problem(
            f"{unit.name} đã có {existing.name}; mỗi đơn vị một tổ (kiện toàn tổ thay vì lập mới)",
            f"{unit.name} already has {existing.name}; one team per unit (re-constitute it "
            "instead of setting up another)",
        )


@transaction.atomic
def team_create(
    *,
    unit: OrgUnit,
    name: str,
    decision: LegalDocument | None = None,
    active_from: dt.date | None = None,
    user: User | None = None,
) -> Team:
    """Set up the unit's team, by a decision (a team without one is kept but flagged)."""
    _check_team_unit(unit)
    if decision is not None:
        _check_decision(decision, unit)
    name = clean_text(name) or f"Tổ Công nghệ số cộng đồng {unit.name}"
    team = Team(
        unit=unit,
        name=name,
        decision=decision,
        active_from=active_from or (decision.date if decision else None),
    )
    clean_and_save(team, validate_constraints=False)
    audit_log(
        action="outreach.team.create",
        user=user,
        unit_code=unit.code,
        object_type="team",
        object_id=team.pk,
        detail={"name": name, "decision": decision.number if decision else None},
    )
    return team


@transaction.atomic
def team_update(
    *,
    team: Team,
    name: str,
    decision: LegalDocument | None,
    active_from: dt.date | None,
    active_until: dt.date | None,
    user: User | None = None,
) -> Team:
    """Rename, set the founding decision (of a flagged team), or close (dissolve) a team."""
    if decision is not None:
        _check_decision(decision, team.unit)
        first = team.reconstitutions.order_by("decision__date").first()
        if first is not None and decision.date > first.decision.date:
            raise Problem(
                f"Quyết định thành lập {decision.number} sau quyết định kiện toàn "
                f"{first.decision.number}",
                f"founding decision {decision.number} is later than re-constituting decision "
                f"{first.decision.number}",
            )
    if active_until is not None and active_from is not None and active_until < active_from:
        raise Problem(
            "Ngày kết thúc trước ngày bắt đầu hoạt động",
            "the end date is before the start date",
        )
    if active_until is None and team.active_until is not None:
        _check_team_unit(team.unit, exclude_pk=team.pk)
    before = {"name": team.name, "decision": team.decision_id, "until": str(team.active_until)}
    team.name = clean_text(name) or team.name
    team.decision = decision
    team.active_from = active_from
    team.active_until = active_until
    team.full_clean(validate_constraints=False)
    team.save(update_fields=["name", "decision", "active_from", "active_until"])
    audit_log(
        action="outreach.team.update",
        user=user,
        unit_code=team.unit.code,
        object_type="team",
        object_id=team.pk,
        detail={
            "before": before,
            "name": team.name,
            "decision": decision.number if decision else None,
            "until": str(active_until),
        },
    )
    return team


@transaction.atomic
def team_reconstitute(
    *,
    team: Team,
    decision: LegalDocument,
    ending: Iterable[Member] = (),
    note: str = "",
    user: User | None = None,
) -> TeamReconstitution:
    """Record a later decision re-constituting the team (kiện toàn); the team keeps its
    history. ``ending`` members leave the team the day before the decision."""
    _check_decision(decision, team.unit)
    if team.decision is None:
        raise Problem(
            f"{team.name} chưa có quyết định thành lập: nhập quyết định thành lập trước",
            f"{team.name} has no founding decision: record it first",
        )
    latest = max(
        [team.decision.date, *(r.decision.date for r in team.reconstitutions.all())],
    )
    if decision.pk == team.decision_id or decision.date < latest:
        raise Problem(
            f"Quyết định kiện toàn {decision.number} phải sau quyết định trước đó "
            f"(ngày {day_text(latest)})",
            f"re-constituting decision {decision.number} must come after the previous one "
            f"({latest.isoformat()})",
        )
    if TeamReconstitution.objects.filter(team=team, decision=decision).exists():
        raise Problem(
            f"Quyết định {decision.number} đã được ghi cho {team.name}",
            f"decision {decision.number} is already recorded for {team.name}",
        )
    reconstitution = TeamReconstitution(team=team, decision=decision, note=note.strip())
    clean_and_save(reconstitution, validate_constraints=False)
    last_day = decision.date - dt.timedelta(days=1)
    ended = []
    for member in ending:
        if member.team_id != team.pk:
            raise Problem(
                f"{member.full_name} không thuộc {team.name}",
                f"{member.full_name} is not in {team.name}",
            )
        member.active_until = max(last_day, member.active_from or last_day)
        member.save(update_fields=["active_until"])
        ended.append(member.pk)
    audit_log(
        action="outreach.team.reconstitute",
        user=user,
        unit_code=team.unit.code,
        object_type="team",
        object_id=team.pk,
        detail={"decision": decision.number, "ended_members": ended},
    )
    return reconstitution


# Members ------------------------------------------------------------------------------


def _overlaps(
    queryset: Any, start: dt.date | None, end: dt.date | None
) -> Any:  # a Member queryset
    """Members whose period meets start..end (None: open)."""
    if end is not None:
        queryset = queryset.filter(Q(active_from__isnull=True) | Q(active_from__lte=end))
    if start is not None:
        queryset = queryset.filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
    return queryset


def _check_member(
    *,
    team: Team,
    full_name: str,
    role: str,
    phone: str,
    skill_level: int,
    login: User | None,
    active_from: dt.date | None,
    active_until: dt.date | None,
    exclude_pk: int | None,
) -> None:
    if not full_name:
        raise Problem("Cần họ và tên thành viên", "the member's full name is required")
    if role not in MemberRole.values:
        raise Problem(f"Vai trò “{role}” không có", f"unknown role “{role}”")
    if skill_level not in SkillLevel.values:
        raise Problem(
            "Trình độ kỹ năng số là 1 (cơ bản), 2 (khá) hoặc 3 (thành thạo)",
            "the digital-skill level is 1 (basic), 2 (intermediate) or 3 (advanced)",
        )
    if active_from and active_until and active_until < active_from:
        raise Problem(
            "Ngày rời tổ trước ngày vào tổ",
            "the day the member left is before the day they joined",
        )
    if active_from:
        check_not_future(active_from, "Ngày vào tổ", "the joining day")
    if team.active_until is not None and (active_until is None or active_until > team.active_until):
        raise Problem(
            f"{team.name} đã ngừng hoạt động từ {day_text(team.active_until)}",
            f"{team.name} stopped on {team.active_until.isoformat()}",
        )
    if login is not None and not can_see(login, team.unit):
        raise Problem(
            f"Tài khoản {login.username} không thuộc {team.unit.name}",
            f"login {login.username} does not belong to {team.unit.name}",
        )
    others = Member.objects.select_related("team__unit")
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    same_person = Q(pk__in=[])
    if login is not None:
        same_person |= Q(user=login)
    if phone:
        same_person |= Q(phone=phone)
    clash = _overlaps(others.filter(same_person), active_from, active_until).first()
    if clash is not None:
        where_vi = "tổ này" if clash.team_id == team.pk else clash.team.name
        where_en = "this team" if clash.team_id == team.pk else clash.team.name
        raise Problem(
            f"{clash.full_name} (cùng tài khoản hoặc số điện thoại) đang là thành viên "
            f"{where_vi} trong cùng thời gian; một người không thể ở hai tổ cùng lúc",
            f"{clash.full_name} (same login or phone number) is already a member of "
            f"{where_en} over the same period; a person cannot be in two teams at once",
        )
    if role == MemberRole.LEADER:
        leader = _overlaps(
            others.filter(team=team, role=MemberRole.LEADER), active_from, active_until
        ).first()
        if leader is not None:
            raise Problem(
                f"{team.name} đã có tổ trưởng {leader.full_name} trong cùng thời gian",
                f"{team.name} already has a leader, {leader.full_name}, over the same period",
            )


@transaction.atomic
def member_create(
    *,
    team: Team,
    full_name: str,
    role: str = MemberRole.MEMBER,
    phone: str = "",
    skill_level: int = SkillLevel.BASIC,
    login: User | None = None,
    active_from: dt.date | None = None,
    active_until: dt.date | None = None,
    user: User | None = None,
) -> Member:
    """Add a person to a team; the same person (login or phone) in two teams at once is refused."""
    full_name = clean_text(full_name)
    phone = normalize_phone(phone)
    active_from = active_from or team.active_from
    _check_member(
        team=team,
        full_name=full_name,
        role=role,
        phone=phone,
        skill_level=skill_level,
        login=login,
        active_from=active_from,
        active_until=active_until,
        exclude_pk=None,
    )
    member = Member(
        team=team,
        full_name=full_name,
        role=role,
        phone=phone,
        skill_level=skill_level,
        user=login,
        active_from=active_from,
        active_until=active_until,
    )
    clean_and_save(member, validate_constraints=False)
    audit_log(
        action="outreach.member.create",
        user=user,
        unit_code=team.unit.code,
        object_type="member",
        object_id=member.pk,
        detail={"team": team.pk, "role": role},
    )
    return member


@transaction.atomic
def member_update(
    *,
    member: Member,
    full_name: str,
    role: str,
    phone: str,
    skill_level: int,
    login: User | None,
    active_from: dt.date | None,
    active_until: dt.date | None,
    user: User | None = None,
) -> Member:
    full_name = clean_text(full_name)
    phone = normalize_phone(phone)
    _check_member(
        team=member.team,
        full_name=full_name,
        role=role,
        phone=phone,
        skill_level=skill_level,
        login=login,
        active_from=active_from,
        active_until=active_until,
        exclude_pk=member.pk,
    )
    changed = [
        name
        for name, new in [
            ("full_name", full_name),
            ("role", role),
            ("phone", phone),
            ("skill_level", skill_level),
            ("user", login),
            ("active_from", active_from),
            ("active_until", active_until),
        ]
        if getattr(member, name) != new
    ]
    member.full_name = full_name
    member.role = role
    member.phone = phone
    member.skill_level = skill_level
    member.user = login
    member.active_from = active_from
    member.active_until = active_until
    if changed:
        member.save(update_fields=changed)
    audit_log(
        action="outreach.member.update",
        user=user,
        unit_code=member.team.unit.code,
        object_type="member",
        object_id=member.pk,
        detail={"changed": changed},
    )
    return member


@transaction.atomic
def training_create(
    *, member: Member, date: dt.date, topic: str, user: User | None = None
) -> Training:
    """A training the member attended (date, topic)."""
    topic = clean_text(topic)
    if not topic:
        raise Problem("Cần nội dung tập huấn", "the training topic is required")
    check_not_future(date, "Buổi tập huấn", "a training")
    training = Training(member=member, date=date, topic=topic)
    clean_and_save(training, validate_constraints=False)
    audit_log(
        action="outreach.training.create",
        user=user,
        unit_code=member.team.unit.code,
        object_type="member",
        object_id=member.pk,
        detail={"date": date.isoformat(), "topic": topic},
    )
    return training


@transaction.atomic
def member_login_link(*, account: User, user: User | None) -> Member | None:
    """Attach a new login to the team member it is for: the one member without a login, in a
    current team of the login's unit or of the unit above (a ward's team), with the same
    phone number, or else the same name (diacritics and case apart). None if there is no
    such member, or more than one (the officer links it by hand on the member's form)."""
    if account.unit is None:
        return None
    units = [account.unit.pk, *([account.unit.parent_id] if account.unit.parent_id else [])]
    day = today()
    candidates = list(
        Member.objects.filter(team__unit__in=units, user__isnull=True, team__active_until=None)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=day))
        .select_related("team__unit")
    )
    found = [m for m in candidates if account.phone and m.phone == account.phone]
    if not found:
        name = fold(account.get_full_name())
        found = [m for m in candidates if fold(m.full_name) == name]
    if len(found) != 1:
        return None
    member = found[0]
    member.user = account
    member.save(update_fields=["user"])
    audit_log(
        action="outreach.member.update",
        user=user,
        unit_code=member.team.unit.code,
        object_type="member",
        object_id=member.pk,
        detail={"fields": ["user"], "login": account.username},
    )
    return member
