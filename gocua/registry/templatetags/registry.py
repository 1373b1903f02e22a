"""Template filters of the registry pages: masking, ages, dates, history rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from gocua.lib.dates import day_text, today
from gocua.registry import facts
from gocua.registry.roster import mask as mask_value

register = template.Library()

FIELD_LABELS = {
    **facts.labels(),  # every fact of gocua.registry.facts
    "created": _("added to the registry"),
    "birth_year_only": _("birth year only"),
    "eid_since": _("VNeID since"),
    "eid2_since": _("VNeID level 2 since"),
    "household": _("household"),
}
SOURCE_LABELS = {"web": _("web"), "visit": _("visit"), "import": _("roster import")}
PRIVATE_FIELDS = facts.PRIVATE


@register.filter
def mask(value: str | None) -> str:
    """``••••••••1234``."""
    return mask_value(value)


@register.filter
def age(day: dt.date | None) -> str:
    if day is None:
        return ""
    now = today()
    years = now.year - day.year - ((now.month, now.day) < (day.month, day.day))
    return str(max(years, 0))


@register.filter
def dayfmt(day: Any) -> str:
    """26/06/2023, as every page writes dates (gocua.lib.dates.day_text)."""
    if not day:
        return "—"
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day)
        except ValueError:
            return day
    return day_text(day)


@register.filter
def birth(resident: Any) -> str:
    day = resident.birth_date
    if day is None:
        return "—"
    return str(day.year) if resident.birth_year_only else dayfmt(day)


@register.filter
def field_label(name: str) -> Any:
    return FIELD_LABELS.get(name, name)


@register.filter
def source_label(name: str) -> Any:
    return SOURCE_LABELS.get(name, name)


@register.simple_tag
def change_value(change: Any, which: str, full: bool) -> str:
    """A history value; personal IDs and phones masked unless ``full``."""
    value = getattr(change, which)
    if change.field in PRIVATE_FIELDS and not full:
        return mask_value(value)
    if change.field.endswith("_since") or change.field in {"birth_date", "moved_in", "moved_out"}:
        return dayfmt(value) if value else "—"
    return value or "—"
