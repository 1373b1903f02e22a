from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from gocua.audit.models import AuditEvent
from gocua.lib.writes import user_or_none


def audit_log(
    *,
    action: str,
    user: AbstractBaseUser | None = None,
    unit_code: str = "",
    object_type: str = "",
    object_id: str | int = "",
    rows: int | None = None,
    detail: dict[str, Any] | None = None,
    channel: str = "web",
) -> AuditEvent:
    """Record one action on personal data. ``user`` None means the command line.

    The acting user is any Django user (``accounts.User``: audit sits beside accounts, not
    above it)."""
    real_user = user_or_none(user)
    if not any(word in action for word in _READS):
        data_changed()
    username = real_user.get_username() if real_user else _system_user()
    return AuditEvent.objects.create(
        user_id=real_user.pk if real_user else None,
        username=username,
        action=action,
        unit_code=unit_code,
        object_type=object_type,
        object_id=str(object_id),
        rows=rows,
        detail=detail or {},
        channel=channel if real_user else "cli",
    )


def _system_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


# Actions that read or look up data without changing it: no new data version.
_READS = ("export", "download", "lookup", "view")


def data_changed() -> None:
    """Bump the data version: cached computations made before are stale.

    Called by :func:`audit_log` for every action that changes data (every service
    logs its writes), and by writes that are not logged (units added)."""
    from django.db.models import F

    from gocua.audit.models import DataVersion

    if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})


def data_version() -> int:
    from gocua.audit.models import DataVersion

    value = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return int(value or 0)
