"""Filters of the indicator pages: numbers and percents the Vietnamese way (or English)."""

from __future__ import annotations

from django import template

from gocua.lib.numbers import localized_number, localized_percent

register = template.Library()
register.filter("num", localized_number)  # one definition for every app: gocua.lib.numbers
register.filter("pct", localized_percent)


@register.filter
def css_number(value: float | None) -> str:
    """A number for a style attribute, whatever the language: ``68.84``."""
    return "0" if value is None else f"{float(value):.2f}"
