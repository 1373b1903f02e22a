"""The catalogue of services and channels the teams work with.

See :mod:`gocua.outreach.services` for the rules every write here follows."""

from __future__ import annotations

import re

from django.db import transaction

from gocua.accounts.models import User
from gocua.accounts.permissions import may_edit_catalogue
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.lib.text import clean_text, fold
from gocua.lib.writes import clean_and_save, user_or_none
from gocua.outreach.models import (
    ActivityChannel,
    Service,
)

REGISTRY_FACTS = {"", "eid", "vssid", "ehealth", "payment"}


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
