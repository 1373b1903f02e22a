"""Reads of the teams' work.

``sessions_by_unit`` and ``guided_by_unit`` are the contract with the
indicator engine: the figures ``sessions`` and ``guided`` of a subtree, per
unit that holds them (not rolled up: the engine adds children to parents).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum

from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Activity, BulkGuidance, Guidance


def sessions_by_unit(*, root: OrgUnit, start: dt.date, end: dt.date) -> dict[int, int]:
    """Outreach sessions held in start..end, per unit that held them, in root's subtree."""
    low, high = root.subtree_bounds()
    rows = (
        Activity.objects.filter(
            unit__path__gte=low, unit__path__lt=high, date__gte=start, date__lte=end
        )
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


def guided_by_unit(*, root: OrgUnit, start: dt.date, end: dt.date) -> dict[int, int]:
    """Residents guided in start..end, per unit: distinct residents with a guidance
    record (counted in their neighbourhood), plus people helped in bulk at sessions.
    """
    low, high = root.subtree_bounds()
    counts: dict[int, int] = {}
    one_by_one = (
        Guidance.objects.filter(
            unit__path__gte=low, unit__path__lt=high, day__gte=start, day__lte=end
        )
        .values("unit_id")
        .annotate(n=Count("resident_id", distinct=True))
    )
    for row in one_by_one:
        counts[row["unit_id"]] = row["n"]
    bulk = (
        BulkGuidance.objects.filter(
            unit__path__gte=low, unit__path__lt=high, date__gte=start, date__lte=end
        )
        .values("unit_id")
        .annotate(n=Sum("people"))
    )
    for row in bulk:
        counts[row["unit_id"]] = counts.get(row["unit_id"], 0) + (row["n"] or 0)
    return counts
