from __future__ import annotations

from typing import Any

from gocua.audit.models import AuditEvent


def audit_log(
    *,
    action: str,
    user: Any = None,
    unit_code: str = "",
    object_type: str = "",
    object_id: str | int = "",
    rows: int | None = None,
    detail: dict[str, Any] | None = None,
    channel: str = "web",
) -> AuditEvent:
    """Record one action on personal data. ``user`` None means the command line."""
    real_user = user if getattr(user, "is_authenticated", False) else None
    username = real_user.get_username() if real_user else _system_user()
    return AuditEvent.objects.create(
        user=real_user,
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
