"""Writes of the teams' work. Views, the visit form, commands and the demo call these.

Each function runs in one transaction, refuses bad input with a bilingual
:class:`~gocua.lib.errors.Problem` before writing anything, and logs the change
through :func:`gocua.audit.services.audit_log`. Callers fetch units through
``accounts.selectors.access_unit*`` first: these functions trust the unit they get.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from gocua.accounts.models import User
from gocua.accounts.permissions import can_see, may_edit_catalogue
from gocua.audit.services import audit_log
from gocua.lib.dates import short_date, today
from gocua.lib.errors import Problem
from gocua.lib.numbers import group
from gocua.lib.text import clean_text, fold
from gocua.lib.writes import clean_and_save, user_or_none
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import (
    DOOR_TO_DOOR,
    Activity,
    ActivityChannel,
    BulkGuidance,
    DocumentKind,
    Guidance,
    LegalDocument,
    Member,
    MemberRole,
    Service,
    SkillLevel,
    Team,
    TeamReconstitution,
    Training,
)
from gocua.outreach.validation import (
    normalize_phone,
    normalize_summary,
    parse_document_number,
)
from gocua.registry.models import Household, Resident
from gocua.registry.selectors import living_on

# Plausibility of "people reached" / "people helped" at one session.
IN_PERSON_MAX = 2_000  # a meeting or conference of a ward, when no registry says more
SMALL_SESSION = 100  # always plausible, even where a registry is still being filled
BROADCAST_MAX = 200_000  # loudspeakers, web portal, Zalo, Facebook: listeners and viewers
DOCUMENT_FILE_MAX_MB = 20
EARLIEST = dt.date(2000, 1, 1)
TEAM_LEVELS = {Level.COMMUNE, Level.NEIGHBOURHOOD}
REGISTRY_FACTS = {"", "eid", "vssid", "ehealth", "payment"}


# Helpers ------------------------------------------------------------------------------


def _check_not_future(day: dt.date, what_vi: str, what_en: str) -> None:
    now = today()
    if day > now:
        raise Problem(
            f"{what_vi} ngày {short_date(day)} ở tương lai (hôm nay là {short_date(now)})",
            f"{what_en} dated {day.isoformat()} is in the future (today is {now.isoformat()})",
        )
    if day < EARLIEST:
        raise Problem(
            f"{what_vi} ngày {short_date(day)} quá xa (từ năm {EARLIEST.year} trở đi)",
            f"{what_en} dated {day.isoformat()} is too long ago (from {EARLIEST.year} on)",
        )


def _check_unit_existed(unit: OrgUnit, day: dt.date) -> None:
    if not unit.exists_on(day):
        raise Problem(
            f"{unit.name} không tồn tại vào ngày {short_date(day)}",
            f"{unit.name} did not exist on {day.isoformat()}",
        )


def population(unit: OrgUnit, day: dt.date) -> int:
    """Residents of the registry living in the unit's subtree on that day (0: no registry)."""
    return Resident.objects.filter(unit.subtree_q("unit")).filter(living_on(day)).count()


def _people_limit(unit: OrgUnit, day: dt.date, *, in_person: bool) -> tuple[int, str, str]:
    """The most people one session of the unit can plausibly reach, and why."""
    if not in_person:
        return BROADCAST_MAX, "giới hạn cho một buổi phát thanh, đăng tin", "limit for a broadcast"
    living = population(unit, day)
    if living >= SMALL_SESSION:
        return living, "số nhân khẩu đang sinh sống theo sổ theo dõi", "residents living there"
    if living:  # a registry being built: small sessions stay possible
        return (
            SMALL_SESSION,
            f"buổi đến {SMALL_SESSION} người luôn hợp lệ",
            f"sessions of up to {SMALL_SESSION} people are always accepted",
        )
    return IN_PERSON_MAX, "giới hạn cho một buổi trực tiếp", "limit for an in-person session"


def _check_people(
    people: int | None, unit: OrgUnit, day: dt.date, *, in_person: bool, what_vi: str, what_en: str
) -> None:
    if people is None:
        return
    if people < 0:
        raise Problem(f"{what_vi} không được âm", f"{what_en} cannot be negative")
    limit, why_vi, why_en = _people_limit(unit, day, in_person=in_person)
    if people > limit:
        raise Problem(
            f"{what_vi} ({group(people)}) không hợp lý cho một buổi ở {unit.name}: "
            f"tối đa {group(limit)} ({why_vi})",
            f"{what_en} ({people:,}) is not plausible for one session in {unit.name}: "
            f"at most {limit:,} ({why_en})",
        )


# Legal documents ----------------------------------------------------------------------


def _document_fields(
    *,
    unit: OrgUnit,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    exclude_pk: int | None = None,
) -> tuple[str, int, str, str]:
    if kind not in DocumentKind.values:
        raise Problem(f"Loại văn bản “{kind}” không có", f"unknown document kind “{kind}”")
    parsed = parse_document_number(number)
    if parsed.kind and parsed.kind != kind:
        label = DocumentKind(kind).label
        named = DocumentKind(parsed.kind).label
        raise Problem(
            f"Số, ký hiệu {parsed.text} là của {named.lower()}, không phải {label.lower()}",
            f"document number {parsed.text} belongs to a {parsed.kind.replace('_', ' ')}, "
            f"not a {kind.replace('_', ' ')}",
        )
    _check_not_future(date, "Văn bản", "a document")
    issuer = clean_text(issuer)
    summary = normalize_summary(summary)
    if not issuer:
        raise Problem("Cần cơ quan ban hành", "the issuing body is required")
    if not summary:
        raise Problem("Cần trích yếu nội dung", "the summary (subject) is required")
    duplicate = LegalDocument.objects.filter(
        unit=unit, number=parsed.text, date__year=date.year, issuer=issuer
    )
    if exclude_pk is not None:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        raise Problem(
            f"Văn bản số {parsed.text} năm {date.year} của {issuer} đã có trong sổ",
            f"document {parsed.text} of {date.year} by {issuer} is already registered",
        )
    return parsed.text, parsed.sequence, issuer, summary


def _check_file(file: UploadedFile | None) -> None:
    if file is not None and (file.size or 0) > DOCUMENT_FILE_MAX_MB * 1024 * 1024:
        raise Problem(
            f"Tệp đính kèm quá lớn (tối đa {DOCUMENT_FILE_MAX_MB} MB)",
            f"the attached file is too large (at most {DOCUMENT_FILE_MAX_MB} MB)",
        )


def _search_text(document: LegalDocument) -> str:
    return fold(f"{document.number} {document.summary} {document.issuer}")


@transaction.atomic
def document_create(
    *,
    unit: OrgUnit,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    issuer_unit: OrgUnit | None = None,
    cite_in_reports: bool = True,
    file: UploadedFile | None = None,
    user: User | None = None,
) -> LegalDocument:
    """Register a plan, decision, official letter or resolution in the unit's register."""
    text, sequence, issuer, summary = _document_fields(
        unit=unit, kind=kind, number=number, date=date, issuer=issuer, summary=summary
    )
    _check_file(file)
    document = LegalDocument(
        unit=unit,
        kind=kind,
        number=text,
        sequence=sequence,
        date=date,
        issuer=issuer,
        issuer_unit=issuer_unit,
        summary=summary,
        cite_in_reports=cite_in_reports,
    )
    if file is not None:
        document.file = file  # type: ignore[assignment]
    document.search_text = _search_text(document)
    clean_and_save(document, validate_constraints=False)
    audit_log(
        action="outreach.document.create",
        user=user,
        unit_code=unit.code,
        object_type="document",
        object_id=document.pk,
        detail={"number": text, "date": date.isoformat(), "kind": kind},
    )
    return document


@transaction.atomic
def document_update(
    *,
    document: LegalDocument,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    issuer_unit: OrgUnit | None = None,
    cite_in_reports: bool = True,
    file: UploadedFile | None = None,
    user: User | None = None,
) -> LegalDocument:
    text, sequence, issuer, summary = _document_fields(
        unit=document.unit,
        kind=kind,
        number=number,
        date=date,
        issuer=issuer,
        summary=summary,
        exclude_pk=document.pk,
    )
    if kind != DocumentKind.DECISION and (
        document.teams.exists() or TeamReconstitution.objects.filter(decision=document).exists()  # type: ignore[misc]
    ):
        raise Problem(
            f"Văn bản {document.number} là quyết định thành lập, kiện toàn tổ: phải là quyết định",
            f"document {document.number} set up or re-constituted a team: it must stay a decision",
        )
    _check_file(file)
    before = {"number": document.number, "date": document.date.isoformat(), "kind": document.kind}
    document.kind = kind
    document.number = text
    document.sequence = sequence
    document.date = date
    document.issuer = issuer
    document.issuer_unit = issuer_unit
    document.summary = summary
    document.cite_in_reports = cite_in_reports
    fields = [
        "kind",
        "number",
        "sequence",
        "date",
        "issuer",
        "issuer_unit",
        "summary",
        "cite_in_reports",
        "search_text",
    ]
    if file is not None:
        document.file = file  # type: ignore[assignment]
        fields.append("file")
    document.search_text = _search_text(document)
    try:
        document.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise Problem(f"Dữ liệu không hợp lệ: {error}", f"invalid data: {error}") from None
    document.save(update_fields=fields)
    audit_log(
        action="outreach.document.update",
        user=user,
        unit_code=document.unit.code,
        object_type="document",
        object_id=document.pk,
        detail={"before": before, "number": text, "date": date.isoformat(), "kind": kind},
    )
    return document


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
            f"(ngày {short_date(latest)})",
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
        _check_not_future(active_from, "Ngày vào tổ", "the joining day")
    if team.active_until is not None and (active_until is None or active_until > team.active_until):
        raise Problem(
            f"{team.name} đã ngừng hoạt động từ {short_date(team.active_until)}",
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
    _check_not_future(date, "Buổi tập huấn", "a training")
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


# The catalogue of services and channels -----------------------------------------------


def _check_catalogue_editor(user: User | None) -> None:
    if not may_edit_catalogue(user_or_none(user)):
        raise Problem(
            "Chỉ cán bộ phường, xã và quản trị viên được sửa danh mục",
            "only ward officers and administrators change the catalogue",
        )


def _catalogue_code(code: str, name: str) -> str:
    value = fold(code or name)
    value = re.sub(r"[^a-z0-9]+", "_", value).strip("_")[:40]
    if not value:
        raise Problem("Cần mã hoặc tên", "a code or a name is required")
    return value


def _names(name_vi: str, name_en: str) -> tuple[str, str]:
    name_vi = clean_text(name_vi)
    name_en = clean_text(name_en) or name_vi
    if not name_vi:
        raise Problem("Cần tên tiếng Việt", "the Vietnamese name is required")
    return name_vi, name_en


@transaction.atomic
def service_create(
    *, name_vi: str, name_en: str = "", code: str = "", fact: str = "", user: User | None = None
) -> Service:
    """Add a platform to the catalogue (admins and ward officers)."""
    _check_catalogue_editor(user)
    name_vi, name_en = _names(name_vi, name_en)
    code = _catalogue_code(code, name_en)
    if fact not in REGISTRY_FACTS:
        raise Problem(
            f"Dữ liệu sổ theo dõi “{fact}” không có (eid, vssid, ehealth, payment)",
            f"unknown registry fact “{fact}” (eid, vssid, ehealth, payment)",
        )
    if Service.objects.filter(code=code).exists():
        raise Problem(f"Mã dịch vụ “{code}” đã có", f"service code “{code}” already exists")
    last = Service.objects.order_by("-order").values_list("order", flat=True).first() or 0
    service = Service(
        code=code, name_vi=name_vi, name_en=name_en, fact=fact, order=min(last + 10, 32000)
    )
    clean_and_save(service, validate_constraints=False)
    audit_log(
        action="outreach.service.create",
        user=user,
        object_type="service",
        object_id=service.pk,
        detail={"code": code},
    )
    return service


@transaction.atomic
def service_set_active(*, service: Service, active: bool, user: User | None = None) -> Service:
    """Retire a service (no longer offered) or bring it back; records keep pointing to it."""
    _check_catalogue_editor(user)
    if service.active != active:
        service.active = active
        service.save(update_fields=["active"])
    audit_log(
        action="outreach.service.activate" if active else "outreach.service.deactivate",
        user=user,
        object_type="service",
        object_id=service.pk,
        detail={"code": service.code},
    )
    return service


@transaction.atomic
def channel_create(
    *,
    name_vi: str,
    name_en: str = "",
    code: str = "",
    in_person: bool = False,
    user: User | None = None,
) -> ActivityChannel:
    """Add a channel of outreach sessions (admins and ward officers)."""
    _check_catalogue_editor(user)
    name_vi, name_en = _names(name_vi, name_en)
    code = _catalogue_code(code, name_en)
    if ActivityChannel.objects.filter(code=code).exists():
        raise Problem(f"Mã hình thức “{code}” đã có", f"channel code “{code}” already exists")
    last = ActivityChannel.objects.order_by("-order").values_list("order", flat=True).first() or 0
    channel = ActivityChannel(
        code=code, name_vi=name_vi, name_en=name_en, in_person=in_person, order=last + 10
    )
    clean_and_save(channel, validate_constraints=False)
    audit_log(
        action="outreach.channel.create",
        user=user,
        object_type="channel",
        object_id=channel.pk,
        detail={"code": code},
    )
    return channel


@transaction.atomic
def channel_set_active(
    *, channel: ActivityChannel, active: bool, user: User | None = None
) -> ActivityChannel:
    _check_catalogue_editor(user)
    if channel.active != active:
        channel.active = active
        channel.save(update_fields=["active"])
    audit_log(
        action="outreach.channel.activate" if active else "outreach.channel.deactivate",
        user=user,
        object_type="channel",
        object_id=channel.pk,
        detail={"code": channel.code},
    )
    return channel


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
    notes: str = "",
    team: Team | None = None,
    user: User | None = None,
) -> Activity:
    """Log an outreach session (buổi tuyên truyền) of the unit.

    Refused: a date in the future or before the unit existed, a retired channel or
    service, more people reached than plausible (in person: the registry's residents
    living in the unit, but at least 100, or 2,000 without a registry; broadcasts:
    200,000).
    """
    _check_not_future(date, "Buổi tuyên truyền", "a session")
    _check_unit_existed(unit, date)
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
    _check_people(
        people_reached,
        unit,
        date,
        in_person=channel.in_person,
        what_vi="Số người được tuyên truyền",
        what_en="people reached",
    )
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
        },
    )
    return activity


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
    _check_not_future(date, "Buổi hướng dẫn", "a guidance session")
    _check_unit_existed(unit, date)
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
        _check_people(
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
    _check_not_future(day, "Ngày đi từng ngõ, gõ từng nhà", "a door-to-door visit")
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
        _check_unit_existed(neighbourhood, day)
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
    _check_not_future(day, "Việc hướng dẫn", "guidance")
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
