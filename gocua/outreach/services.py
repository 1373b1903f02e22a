"""Writes of the teams' work. Views, the visit form and commands call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gocua.outreach.models import Guidance, Member, Service
from gocua.registry.models import Resident


@transaction.atomic
def guidance_record(
    *,
    resident: Resident,
    service: Service,
    day: dt.date,
    member: Member | None = None,
    user: Any = None,
) -> Guidance:
    """One resident guided on one service on one day; recording it twice is harmless."""
    guidance, _ = Guidance.objects.get_or_create(
        resident=resident,
        service=service,
        day=day,
        defaults={
            "unit_id": resident.unit_id,
            "member": member,
            "recorded_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    return guidance
