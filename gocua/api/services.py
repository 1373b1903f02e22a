"""Writes of the API app: creating and revoking API tokens (each logged in the audit)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gocua.accounts.models import User
from gocua.api.models import ApiToken
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem

TOKEN_START = "gc_"  # noqa: S105 - the tokens' visible start, not a secret


@dataclass(frozen=True)
class NewToken:
    token: str  # shown once, never stored
    record: ApiToken


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, label: str = "", acting_user: User | None = None) -> NewToken:
    """A new token for ``user``; the clear text is returned once and only its digest is kept."""
    if not user.is_active:
        raise Problem(
            f"Tài khoản {user.username} đã bị khóa", f"account {user.username} is disabled"
        )
    label = " ".join(label.split())[:100]
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    record = ApiToken.objects.create(user=user, label=label, prefix=prefix, digest=_digest(token))
    audit_log(
        action="api.token_create",
        user=acting_user,
        unit_code=user.unit.code if user.unit else "",
        object_type="api_token",
        object_id=prefix,
        detail={"username": user.username, "label": label},
    )
    return NewToken(token=token, record=record)


def _prefix_of(text: str) -> str:
    text = text.strip()
    if text.startswith(TOKEN_START):
        text = text[len(TOKEN_START) :]
    return text.split("_", 1)[0].rstrip("…")


@transaction.atomic
def api_token_revoke(*, prefix: str, acting_user: User | None = None) -> ApiToken:
    """End the token with that prefix (``gc_1a2b3c4d``, ``1a2b3c4d`` or the whole token)."""
    wanted = _prefix_of(prefix)
    record = (
        ApiToken.objects.select_for_update().select_related("user").filter(prefix=wanted).first()
        if wanted
        else None
    )
    if record is None:
        raise Problem(f"Không có mã API {prefix}", f"no API token {prefix}")
    if record.revoked_at is None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
        audit_log(
            action="api.token_revoke",
            user=acting_user,
            unit_code=record.user.unit.code if record.user.unit else "",
            object_type="api_token",
            object_id=record.prefix,
            detail={"username": record.user.username},
        )
    return record


def api_token_user(token: str) -> User | None:
    """The active user a token belongs to, or None (unknown, revoked, disabled account)."""
    if not token.startswith(TOKEN_START):
        return None
    record = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(prefix=_prefix_of(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not hmac.compare_digest(record.digest, _digest(token)):
        return None
    if not record.user.is_active:
        return None
    now = timezone.now()
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)  # at most every 5 min
    return record.user
