"""Reads of the audit log, always under one unit's subtree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from gocua.audit.models import AuditEvent
from gocua.orgunits.models import OrgUnit


def unit_events(
    *,
    unit: OrgUnit,
    user_id: int | None = None,
    day: dt.date | None = None,
    actions: Iterable[str] = (),
) -> QuerySet[AuditEvent]:
    """What was recorded under ``unit`` (the log keeps unit codes), newest first.

    ``day`` is a day of the local time zone; ``actions`` are prefixes of action names
    (``"registry."``), or ``"*word"`` for a word anywhere in them (``"*export"``)."""
    events = AuditEvent.objects.filter(unit_code__in=OrgUnit.objects.under(unit).values("code"))
    if user_id is not None:
        events = events.filter(user_id=user_id)
    if day is not None:
        events = events.filter(at__date=day)
    wanted = Q()
    for action in actions:
        if action.startswith("*"):
            wanted |= Q(action__contains=action[1:])
        else:
            wanted |= Q(action__startswith=action)
    if wanted:
        events = events.filter(wanted)
    return events.select_related("user").order_by("-at", "-id")
