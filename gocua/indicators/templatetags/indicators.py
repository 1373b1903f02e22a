"""Filters of the indicator pages: numbers and percents the Vietnamese way (or English)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from gocua.lib.numbers import format_percent, group

register = template.Library()


@register.filter
def num(value: int | None) -> str:
    """``1246000`` → ``1.246.000`` in Vietnamese; ``1,246,000`` in English."""
    if value is None:
        return "—"
    text = group(int(value))
    return text.replace(".", ",") if get_language() == "en" else text


@register.filter
def pct(value: float | None) -> str:
    """``68.84`` → ``68,84%``; ``68.84%`` in English."""
    if value is None:
        return "—"
    text = format_percent(value)
    return text.replace(".", "").replace(",", ".") if get_language() == "en" else text


@register.filter
def css_number(value: float | None) -> str:
    """A number for a style attribute, whatever the language: ``68.84``."""
    return "0" if value is None else f"{float(value):.2f}"
