"""Personal IDs found living elsewhere: what the person asking may learn, logged and limited.

A team member adding a person, or an officer checking an import, asks in effect "does
this personal ID live somewhere?". The answer names the other ward (or household) only
to someone whose scope covers it — an officer above or of that ward, an administrator,
the command line; anyone else learns only that the number is registered elsewhere and
that the ward officer must record the move. Every such answer is an audit event
(``registry.id_lookup``, with the numbers and where they live), and a person may get at
most ``ID_LOOKUP_LIMIT_PER_HOUR`` of them in an hour (1,000 candidate IDs in one import
check named their wards and logged nothing: issue 12).

The answers are logged after the transaction that asked has ended (a refused save rolls
back, its log must not): :class:`IdLookups` collects them and :func:`logs_id_lookups`
writes them when the outermost service call returns or raises.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from gocua.accounts.models import User
from gocua.accounts.permissions import can_see, is_officer_of
from gocua.audit.models import AuditEvent
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.orgunits.models import OrgUnit

ACTION = "registry.id_lookup"


class TooManyLookups(Problem):
    """Over the hourly limit of personal IDs found living elsewhere."""


def lookups_in_last_hour(user: User) -> int:
    since = timezone.now() - dt.timedelta(hours=1)
    made = AuditEvent.objects.filter(user=user, action=ACTION, at__gte=since).aggregate(
        n=Sum("rows")
    )["n"]
    return int(made or 0)


def registered_elsewhere(personal_id: str) -> tuple[str, str]:
    """The message that names no place (Vietnamese, English): what anyone may learn."""
    return (
        f"Số định danh {personal_id} đã được đăng ký cho một người ở nơi khác; "
        "cán bộ phường cần ghi nhận việc chuyển đến",
        f"personal ID {personal_id} is already registered to someone elsewhere; "
        "the ward officer must record the move",
    )


class IdLookups:
    """The answers given to one user in one service call or import."""

    def __init__(self, *, user: User | None) -> None:
        self.user: User | None = user if getattr(user, "is_authenticated", False) else None
        self.hits: list[tuple[str, str]] = []  # (personal ID, code of the unit it lives in)
        self.limit = settings.ID_LOOKUP_LIMIT_PER_HOUR
        self._before: int | None = None

    def _check_limit(self) -> None:
        if self.user is None:  # the command line: the machine's operator
            return
        if self._before is None:
            self._before = lookups_in_last_hour(self.user)
        if self._before + len(self.hits) > self.limit:
            raise TooManyLookups(
                f"Bạn đã tra hơn {self.limit} số định danh đang ở nơi khác trong một giờ; "
                "hãy thử lại sau hoặc nhờ cán bộ phường",
                f"you have looked up more than {self.limit} personal IDs living elsewhere "
                "in an hour; try again later or ask the ward officer",
            )

    def may_name(self, unit: OrgUnit, *, officer: bool) -> bool:
        if self.user is None:
            return True
        return is_officer_of(self.user, unit) if officer else can_see(self.user, unit)

    def elsewhere(
        self, personal_id: str, ward: OrgUnit, *, place: OrgUnit | None = None, where: str = ""
    ) -> tuple[str, str]:
        """The message for ``personal_id`` living in ``ward`` (Vietnamese, English).

        ``place`` and ``where`` name a place inside the asker's own ward (a household
        of another neighbourhood): named if the asker sees ``place``.
        """
        self.hits.append((personal_id, (place or ward).code))
        self._check_limit()
        if place is not None and self.may_name(place, officer=False):
            return (
                f"Số định danh {personal_id} đã là của một người đang sống ở {where}",
                f"personal ID {personal_id} already belongs to a resident living in {where}",
            )
        if place is None and self.may_name(ward, officer=True):
            return (
                f"Số định danh {personal_id} là của một người đang sống ở {ward.name} "
                f"({ward.code}); hãy ghi chuyển đi ở đó trước",
                f"personal ID {personal_id} belongs to a resident living in {ward.name} "
                f"({ward.code}); record the move out there first",
            )
        return registered_elsewhere(personal_id)

    def log(self, *, unit_code: str = "", channel: str = "web") -> None:
        if not self.hits:
            return
        audit_log(
            action=ACTION,
            user=self.user,
            unit_code=unit_code,
            rows=len(self.hits),
            detail={
                "ids": [number for number, _ in self.hits],
                "units": sorted({code for _, code in self.hits}),
            },
            channel=channel,
        )
        self.hits = []


_state = threading.local()


def current_lookups(user: User | None) -> IdLookups:
    """The lookups of the service call in progress (a fresh one outside any)."""
    lookups: IdLookups | None = getattr(_state, "lookups", None)
    return lookups if lookups is not None else IdLookups(user=user)


def logs_id_lookups[F: Callable[..., Any]](function: F) -> F:
    """Put outside ``@transaction.atomic``: the outermost call logs what its work asked."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if getattr(_state, "lookups", None) is not None:
            return function(*args, **kwargs)
        _state.lookups = IdLookups(user=kwargs.get("user"))
        try:
            return function(*args, **kwargs)
        finally:
            lookups, _state.lookups = _state.lookups, None
            lookups.log(unit_code=_unit_code(kwargs))

    return wrapper  # type: ignore[return-value]


def _unit_code(kwargs: dict[str, Any]) -> str:
    for name in ("household", "resident"):
        if (obj := kwargs.get(name)) is not None:
            return obj.unit.code if obj.unit_id else ""
    return ""
