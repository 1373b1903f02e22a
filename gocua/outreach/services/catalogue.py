"""The catalogue of services and channels the teams work with.

See :mod:`gocua.outreach.services` for the rules every write here follows."""

from __future__ import annotations

import re

from django.db import transaction

from gocua.accounts.models import User
from gocua.accounts.permissions import catalogue_province, may_edit_catalogue, may_hide_service
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.lib.text import clean_text, fold
from gocua.lib.writes import clean_and_save, user_or_none
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import (
    ActivityChannel,
    Service,
    ServiceHidden,
)

REGISTRY_FACTS = {"", "eid", "vssid", "ehealth", "payment"}


# The catalogue of services and channels -----------------------------------------------


def _check_catalogue_editor(user: User | None, province: OrgUnit | None) -> None:
    if may_edit_catalogue(user_or_none(user), province):
        return
    if province is None:
        raise Problem(
            "Danh mục chung toàn quốc chỉ quản trị viên được thêm hoặc ngừng; "
            "phường, xã có thể ẩn một dịch vụ cho riêng mình",
            "only administrators add to or retire from the national catalogue; "
            "a ward may hide a service for itself",
        )
    raise Problem(
        f"Chỉ cán bộ {province.name} và quản trị viên được sửa danh mục của tỉnh",
        f"only officers of {province.name} and administrators change the province's catalogue",
    )


def _scope(user: User | None, province: OrgUnit | None) -> OrgUnit | None:
    """Where an addition goes: the province given, else the user's province (a province
    officer's additions are provincial), else the national catalogue."""
    scope = province if province is not None else catalogue_province(user_or_none(user))
    if scope is not None and scope.level != Level.PROVINCE:
        raise Problem(
            f"{scope.name} không phải là tỉnh, thành phố trực thuộc trung ương",
            f"{scope.name} is not a province",
        )
    return scope


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


# What a service and a channel share: a code unique in the catalogue, a place at the end of its
# list, the same audit actions ("outreach.service.create", "outreach.channel.deactivate", ...).
_KIND = {
    Service: ("service", "Mã dịch vụ", "service code"),
    ActivityChannel: ("channel", "Mã hình thức", "channel code"),
}


def _entry_add[E: (Service, ActivityChannel)](entry: E, *, user: User | None) -> E:
    kind, code_vi, code_en = _KIND[type(entry)]
    model = type(entry)
    if model.objects.filter(code=entry.code).exists():
        raise Problem(f"{code_vi} “{entry.code}” đã có", f"{code_en} “{entry.code}” already exists")
    last = model.objects.order_by("-order").values_list("order", flat=True).first() or 0
    entry.order = min(last + 10, 32000)
    clean_and_save(entry, validate_constraints=False)
    audit_log(
        action=f"outreach.{kind}.create",
        user=user,
        object_type=kind,
        object_id=entry.pk,
        detail={"code": entry.code, "province": entry.unit.code if entry.unit else ""},
    )
    return entry


def _entry_set_active[E: (Service, ActivityChannel)](
    entry: E, *, active: bool, user: User | None
) -> E:
    _check_catalogue_editor(user, entry.unit)
    kind = _KIND[type(entry)][0]
    if entry.active != active:
        entry.active = active
        entry.save(update_fields=["active"])
    audit_log(
        action=f"outreach.{kind}.activate" if active else f"outreach.{kind}.deactivate",
        user=user,
        object_type=kind,
        object_id=entry.pk,
        detail={"code": entry.code},
    )
    return entry


@transaction.atomic
def service_create(
    *,
    name_vi: str,
    name_en: str = "",
    code: str = "",
    fact: str = "",
    province: OrgUnit | None = None,
    user: User | None = None,
) -> Service:
    """Add a platform to the catalogue: national (administrators) or a province's own
    (its officers; ``province`` defaults to the officer's)."""
    province = _scope(user, province)
    _check_catalogue_editor(user, province)
    name_vi, name_en = _names(name_vi, name_en)
    code = _catalogue_code(code, name_en)
    if fact not in REGISTRY_FACTS:
        raise Problem(
            f"Dữ liệu sổ theo dõi “{fact}” không có (eid, vssid, ehealth, payment)",
            f"unknown registry fact “{fact}” (eid, vssid, ehealth, payment)",
        )
    return _entry_add(
        Service(code=code, name_vi=name_vi, name_en=name_en, fact=fact, unit=province),
        user=user,
    )


@transaction.atomic
def service_set_active(*, service: Service, active: bool, user: User | None = None) -> Service:
    """Retire a service (no longer offered anywhere) or bring it back; records keep pointing
    to it. National services: administrators; a province's own: its officers too."""
    return _entry_set_active(service, active=active, user=user)


@transaction.atomic
def channel_create(
    *,
    name_vi: str,
    name_en: str = "",
    code: str = "",
    in_person: bool = False,
    province: OrgUnit | None = None,
    user: User | None = None,
) -> ActivityChannel:
    """Add a channel of outreach sessions: national (administrators) or a province's own."""
    province = _scope(user, province)
    _check_catalogue_editor(user, province)
    name_vi, name_en = _names(name_vi, name_en)
    code = _catalogue_code(code, name_en)
    return _entry_add(
        ActivityChannel(
            code=code, name_vi=name_vi, name_en=name_en, in_person=in_person, unit=province
        ),
        user=user,
    )


@transaction.atomic
def channel_set_active(
    *, channel: ActivityChannel, active: bool, user: User | None = None
) -> ActivityChannel:
    """Retire a channel or bring it back (same rule as :func:`service_set_active`)."""
    return _entry_set_active(channel, active=active, user=user)


@transaction.atomic
def service_hide(
    *, unit: OrgUnit, service: Service, hidden: bool, user: User | None = None
) -> Service:
    """Hide a service for a ward (and its neighbourhoods), or show it again.

    Its forms, the field app's list of services and its pages leave a hidden service out;
    records that use it stay, and the indicators are not changed (they follow the
    registry's facts, not the list of services offered)."""
    if not may_hide_service(user_or_none(user), unit):
        raise Problem(
            f"Chỉ cán bộ {unit.name} được ẩn dịch vụ cho phường, xã này",
            f"only officers of {unit.name} hide services for it",
        )
    if not Service.objects.visible_in(unit).filter(pk=service.pk).exists():
        raise Problem(
            f"Dịch vụ “{service.name_vi}” không có trong danh mục của {unit.name}",
            f"the service “{service.name_en}” is not in the catalogue of {unit.name}",
        )
    rows = ServiceHidden.objects.filter(unit=unit, service=service)
    changed = False
    if hidden and not rows.exists():
        clean_and_save(ServiceHidden(unit=unit, service=service), validate_constraints=False)
        changed = True
    elif not hidden and rows.exists():
        rows.delete()
        changed = True
    if changed:
        audit_log(
            action="outreach.service.hide" if hidden else "outreach.service.show",
            user=user,
            unit_code=unit.code,
            object_type="service",
            object_id=service.pk,
            detail={"code": service.code},
        )
    return service
