"""Filters of the overview page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gocua.indicators.templatetags.indicators import css_number
from gocua.lib.numbers import format_percent
from gocua.lib.numbers import localized_number as num
from gocua.lib.numbers import localized_percent as pct

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


@register.simple_tag
def overview_cell(cell: Any) -> SafeString:
    """One cell of the overview's table (a Python tag: a province's table has thousands)."""
    f = cell.figure
    classes = " ".join(c for c in ("num", cell.attainment, "outlier" if cell.outlier else "") if c)
    value = css_number(cell.sort_value)
    if f.denominator is None:
        return format_html(
            '<td class="{}" data-value="{}">{}</td>', classes, value, num(f.numerator)
        )
    title = (
        format_html(' title="{} / {}"', pct(f.percent), pct(f.target)) if cell.attainment else ""
    )
    mark = (
        format_html('<span class="outlier-mark" title="{}">◆</span> ', _("outlier"))
        if cell.outlier
        else ""
    )
    ratio = (
        format_html('<br><span class="small">{}/{}</span>', num(f.numerator), num(f.denominator))
        if f.denominator
        else ""
    )
    return format_html(
        '<td class="{}" data-value="{}"{}>{}{}{}</td>',
        classes,
        value,
        mark_safe(title),  # noqa: S308 - built by format_html above
        mark,
        pct(f.percent),
        ratio,
    )
