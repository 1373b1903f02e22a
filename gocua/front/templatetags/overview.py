"""Filters of the overview page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.translation import get_language

from gocua.lib.numbers import format_percent

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def signed(value: float | None) -> str:
    """``2.5`` → ``+2,5``; ``-3`` → ``−3`` (a change or a gap, in points or a count)."""
    if value is None:
        return "—"
    text = format_percent(abs(value)).rstrip("%")
    if get_language() == "en":
        text = text.replace(".", "").replace(",", ".")
    if value > 0:
        return f"+{text}"
    return f"−{text}" if value < 0 else "0"
