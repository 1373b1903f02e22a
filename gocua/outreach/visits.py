"""Door-to-door visits: one write path for the field app's sync and the visit form.

:func:`visit_record` applies one visit (a household's and its members' facts, guidance on
services, newborns and newcomers, move-outs) in one transaction and answers how it went:

- ``applied``: written (facts through the registry's services, which keep the history
  and raise the version; guidance records here);
- ``duplicate``: a visit with that key was received before; nothing changes;
- ``conflict``: some resident changed since the visitor saw it and the visit would turn
  one of the same facts to another value: nothing of that resident is written, the rest
  of the visit is, and the conflict waits for the ward officer (:func:`conflict_resolve`);
- ``refused`` (raised as :class:`~gocua.lib.errors.Problem`): the visit is invalid, and
  nothing of it is written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gocua.accounts.models import User
from gocua.audit.services import audit_log, write_group
from gocua.lib.dates import day_text, today
from gocua.lib.errors import Problem
from gocua.outreach.models import (
    ConflictStatus,
    Member,
    Service,
    Visit,
    VisitConflict,
    VisitStatus,
)
from gocua.outreach.services.sessions import guidance_record, guidance_record_many
from gocua.registry import services as registry
from gocua.registry.models import Household, Resident

EARLIEST_VISIT = dt.date(2020, 1, 1)


@dataclass
class ResidentVisit:
    id: int
    version: int | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    guided: list[str] = field(default_factory=list)
    seen: dict[str, Any] | None = None  # the facts as the visitor's caseload showed them


@dataclass
class NewResident:
    full_name: str
    birth_date: dt.date | None = None
    birth_year_only: bool = False
    sex: str = ""
    moved_in: dt.date | None = None  # None: born here
    facts: dict[str, Any] = field(default_factory=dict)
    guided: list[str] = field(default_factory=list)
    ref: str = ""  # the phone's own name for it, echoed back with the new id


@dataclass
class MoveOut:
    id: int
    day: dt.date


@dataclass
class VisitInput:
    household: Household
    day: dt.date
    key: uuid.UUID | None = None  # None: the form's visit, given a fresh key
    household_version: int | None = None
    household_facts: dict[str, Any] = field(default_factory=dict)
    residents: list[ResidentVisit] = field(default_factory=list)
    new_residents: list[NewResident] = field(default_factory=list)
    moved_out: list[MoveOut] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    source: str = "api"
    # The online form: its user is at the screen, so a stale member refuses the whole visit
    # (StaleEdit, nothing written) and the page shows the new values instead.
    refuse_conflicts: bool = False


@dataclass
class VisitOutcome:
    key: uuid.UUID
    status: str  # applied, duplicate, conflict
    message: str = ""
    facts: int = 0
    guidance: int = 0
    conflicts: list[VisitConflict] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)  # {"ref", "id"}


def _check_day(day: dt.date) -> None:
    now = today()
    if day > now:
        raise Problem(
            f"Ngày đến hộ {day_text(day)} ở tương lai (hôm nay là {day_text(now)})",
            f"the visit's date {day.isoformat()} is in the future (today is {now.isoformat()})",
        )
    if day < EARLIEST_VISIT:
        raise Problem(
            f"Ngày đến hộ {day_text(day)} quá xa",
            f"the visit's date {day.isoformat()} is too old",
        )


@dataclass
class VisitBatch:
    """What a batch of visits by one user (a phone back online) looks up once, not per
    visit: the keys already received among the batch's, the catalogue, the member."""

    user: User | None
    received: set[uuid.UUID] = field(default_factory=set)
    catalogue: dict[str, Service] | None = None
    member: Member | None = None
    member_known: bool = False
    # Households read and locked for the batch, by id: a visit takes its household from
    # here as it is, once (a second visit of the same household reads it again).
    locked: dict[int, Household] = field(default_factory=dict)

    @classmethod
    def of(cls, keys: list[uuid.UUID], user: User | None) -> VisitBatch:
        return cls(
            user=user,
            received=set(Visit.objects.filter(key__in=keys).values_list("key", flat=True)),
        )

    def services(self) -> dict[str, Service]:
        if self.catalogue is None:
            self.catalogue = {s.code: s for s in Service.objects.filter(active=True)}
        return self.catalogue

    def member_of(self) -> Member | None:
        if not self.member_known:
            self.member, self.member_known = _member_of(self.user), True
        return self.member


def _services(visit: VisitInput, batch: VisitBatch | None = None) -> dict[str, Service]:
    wanted = {c for r in visit.residents for c in r.guided} | {
        c for r in visit.new_residents for c in r.guided
    }
    if batch is not None:
        catalogue = batch.services()
        found = {c: catalogue[c] for c in wanted if c in catalogue}
    else:
        found = {s.code: s for s in Service.objects.filter(code__in=wanted, active=True)}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise Problem(
            f"Không có dịch vụ {', '.join(unknown)} trong danh mục",
            f"unknown service {', '.join(unknown)}",
        )
    return found


def _members(visit: VisitInput, household: Household) -> dict[int, Resident]:
    ids = [r.id for r in visit.residents] + [m.id for m in visit.moved_out]
    if len({r.id for r in visit.residents}) != len(visit.residents):
        raise Problem("Một người được ghi hai lần", "a resident is listed twice")
    members = {
        r.pk: r
        for r in Resident.objects.select_for_update()
        .select_related("unit")
        .filter(pk__in=ids, household=household, moved_out__isnull=True)
    }
    missing = sorted(set(ids) - set(members))
    if missing:
        raise Problem(
            f"Người có mã {', '.join(map(str, missing))} không ở hộ {household.code}",
            f"resident {', '.join(map(str, missing))} is not living in household {household.code}",
        )
    return members


def _member_of(user: User | None) -> Member | None:
    if user is None or not user.is_authenticated:
        return None
    return Member.objects.filter(user=user).order_by("-active_from").first()


def _fact_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def visit_record(
    *, visit: VisitInput, user: User | None, batch: VisitBatch | None = None
) -> VisitOutcome:
    """Apply one visit (see the module); a :class:`Problem` means refused, nothing written.

    ``batch`` (:meth:`VisitBatch.of` the batch's keys, in the same transaction) saves the
    lookups a batch shares; a key sent twice in one batch still meets the unique key."""
    key = visit.key or uuid.uuid4()
    received = (key in batch.received) if batch is not None else None
    if received or (received is None and Visit.objects.filter(key=key).exists()):
        return VisitOutcome(key, "duplicate", "Lượt này đã nhận trước đó / already received")
    try:
        with transaction.atomic(), write_group():
            return _record(visit, key, user, batch)
    except IntegrityError:
        if Visit.objects.filter(key=key).exists():  # the same visit sent twice at once
            return VisitOutcome(key, "duplicate", "Lượt này đã nhận trước đó / already received")
        raise


def _record(
    visit: VisitInput, key: uuid.UUID, user: User | None, batch: VisitBatch | None = None
) -> VisitOutcome:
    _check_day(visit.day)
    if batch is not None and batch.locked.get(visit.household.pk) is visit.household:
        household = batch.locked.pop(visit.household.pk)
    else:
        household = (
            Household.objects.select_for_update().select_related("unit").get(pk=visit.household.pk)
        )
    members = _members(visit, household)
    services = _services(visit, batch)
    member = None
    if services:
        member = batch.member_of() if batch is not None else _member_of(user)
    outcome = VisitOutcome(key, VisitStatus.APPLIED)
    record = Visit.objects.create(
        key=key,
        household=household,
        unit=household.unit,
        day=visit.day,
        user=user if user is not None and user.is_authenticated else None,
        source=visit.source,
        status=VisitStatus.APPLIED,
        payload=visit.payload,
    )

    def guide(resident: Resident, codes: list[str]) -> None:
        guidance_record_many(
            resident=resident,
            services=[services[code] for code in codes],
            day=visit.day,
            member=member,
            user=user,
        )
        outcome.guidance += len(codes)

    done = registry.household_visit_facts(
        household=household,
        version=visit.household_version,
        facts=visit.household_facts,
        day=visit.day,
        user=user,
    )
    outcome.facts += len(done.changed)
    if done.conflicts:
        outcome.conflicts.append(_conflict(record, household, None, done, {}))
    for entry in visit.residents:
        resident = members[entry.id]
        done = registry.resident_visit_facts(
            resident=resident,
            version=entry.version,
            facts=entry.facts,
            day=visit.day,
            user=user,
            seen=entry.seen,
        )
        if done.conflicts:
            contested = {c.fact for c in done.conflicts}
            pending = {
                "facts": {k: v for k, v in entry.facts.items() if k not in contested},
                "guided": entry.guided,
                "day": visit.day.isoformat(),
            }
            outcome.conflicts.append(_conflict(record, household, resident, done, pending))
            continue
        outcome.facts += len(done.changed)
        guide(resident, entry.guided)
    for new in visit.new_residents:
        resident = registry.resident_add(
            household=household,
            full_name=new.full_name,
            birth_date=new.birth_date,
            birth_year_only=new.birth_year_only,
            sex=new.sex,
            moved_in=new.moved_in,
            user=user,
            source="visit",
            on=visit.day,
        )
        if new.birth_date is None and new.moved_in is None:
            raise Problem(
                f"{resident.full_name}: cần ngày sinh (trẻ mới sinh) hoặc ngày đến (người mới đến)",
                f"{resident.full_name}: a birth date (newborn) or a moved-in date (newcomer) "
                "is required",
            )
        done = registry.resident_visit_facts(
            resident=resident, version=None, facts=new.facts, day=visit.day, user=user
        )
        outcome.facts += len(done.changed) + 1
        guide(resident, new.guided)
        outcome.created.append({"ref": new.ref, "id": resident.pk})
    for move in visit.moved_out:
        resident = members[move.id]
        if move.day > visit.day:
            raise Problem(
                f"{resident.full_name}: ngày chuyển đi sau ngày đến hộ",
                f"{resident.full_name}: the move-out date is after the visit's date",
            )
        registry.resident_move_out(
            resident=resident, version=resident.version, day=move.day, user=user, source="visit"
        )
        outcome.facts += 1
    if outcome.conflicts and visit.refuse_conflicts:
        first = outcome.conflicts[0]
        name = first.resident.full_name if first.resident else household.code
        raise registry.StaleEdit(
            f"{name} vừa được người khác sửa sau khi bạn mở trang; không có gì bị ghi đè. "
            "Hãy tải lại trang để xem thay đổi của họ rồi ghi lại",
            f"someone else changed {name} after you opened this page; nothing was "
            "overwritten. Reload the page to see their changes, then save again",
        )
    if outcome.conflicts:
        outcome.status = VisitStatus.CONFLICT
        record.status = VisitStatus.CONFLICT
        record.save(update_fields=["status"])
        names = ", ".join(
            c.resident.full_name if c.resident else f"hộ {household.code}"
            for c in outcome.conflicts
        )
        outcome.message = (
            f"{names}: đã được sửa sau khi tải về; cán bộ phường sẽ chọn giá trị đúng / "
            f"{names}: changed on the server since; the ward officer will choose"
        )
    else:
        outcome.message = (
            f"Đã ghi {outcome.facts} thay đổi, {outcome.guidance} lượt hướng dẫn / "
            f"saved {outcome.facts} changes, {outcome.guidance} guidance records"
        )
    audit_log(
        action="outreach.visit",
        user=user,
        unit_code=household.unit.code,
        object_type="household",
        object_id=household.pk,
        detail={
            "key": str(key),
            "status": outcome.status,
            "facts": outcome.facts,
            "guidance": outcome.guidance,
            "conflicts": len(outcome.conflicts),
        },
    )
    return outcome


def _conflict(
    record: Visit,
    household: Household,
    resident: Resident | None,
    done: registry.VisitFacts,
    pending: dict[str, Any],
) -> VisitConflict:
    return VisitConflict.objects.create(
        visit=record,
        unit=household.unit,
        household=household,
        resident=resident,
        facts=[
            {"fact": c.fact, "server": _fact_text(c.server), "visit": c.visit}
            for c in done.conflicts
        ],
        pending=pending,
    )


@transaction.atomic
def conflict_resolve(
    *, conflict: VisitConflict, take_visit: bool, user: User | None
) -> VisitConflict:
    """Keep the server's values or take the visit's; the rest of the visit is applied either way.

    The facts taken are written through the registry's services (history, version) with
    the visit's date; the choice is logged in the audit.
    """
    current = VisitConflict.objects.select_for_update().select_related("visit").get(pk=conflict.pk)
    if current.status != ConflictStatus.OPEN:
        raise Problem("Xung đột này đã được xử lý", "this conflict is already resolved")
    day = current.visit.day
    assert day is not None
    chosen = {c["fact"]: c["visit"] for c in current.facts} if take_visit else {}
    facts = {**current.pending.get("facts", {}), **chosen}
    if current.resident_id is None:
        household = Household.objects.select_for_update().get(pk=current.household_id)
        registry.household_visit_facts(
            household=household, version=None, facts=facts, day=day, user=user
        )
    else:
        resident = (
            Resident.objects.select_for_update().select_related("unit").get(pk=current.resident_id)
        )
        registry.resident_visit_facts(
            resident=resident, version=None, facts=facts, day=day, user=user
        )
        codes = current.pending.get("guided", [])
        member = _member_of(current.visit.user) if codes else None
        for service in Service.objects.filter(code__in=codes):
            guidance_record(
                resident=resident, service=service, day=day, member=member, user=current.visit.user
            )
    current.status = ConflictStatus.TAKEN if take_visit else ConflictStatus.KEPT
    current.resolved_at = timezone.now()
    current.resolved_by = user if user is not None and user.is_authenticated else None
    current.save(update_fields=["status", "resolved_at", "resolved_by"])
    audit_log(
        action="outreach.visit_conflict_resolve",
        user=user,
        unit_code=current.unit.code,
        object_type="resident" if current.resident_id else "household",
        object_id=current.resident_id or current.household_id,
        detail={"visit": str(current.visit.key), "choice": current.status, "facts": current.facts},
    )
    return current
