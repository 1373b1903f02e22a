"""Filters of the overview page."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gocua.indicators.templatetags.indicators import css_number
from gocua.lib.numbers import format_percent, number_text, percent_text

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
    """One cell of the overview's table (a Python tag: a province's table has thousands;
    plain formatting with every inserted text escaped, as ``format_html`` would)."""
    f = cell.figure
    language = get_language() or "vi"
    classes = " ".join(c for c in ("num", cell.attainment, "outlier" if cell.outlier else "") if c)
    value = css_number(cell.sort_value)
    if f.denominator is None:
        return mark_safe(  # noqa: S308 - every part escaped
            f'<td class="{escape(classes)}" data-value="{escape(value)}">'
            f"{escape(number_text(f.numerator, language))}</td>"
        )
    title = (
        f' title="{escape(percent_text(f.percent, language))} / '
        f'{escape(percent_text(f.target, language))}"'
        if cell.attainment
        else ""
    )
    mark = (
        f'<span class="outlier-mark" title="{escape(_("outlier"))}">◆</span> '
        if cell.outlier
        else ""
    )
    ratio = (
        f'<br><span class="small">{escape(number_text(f.numerator, language))}/'
        f"{escape(number_text(f.denominator, language))}</span>"
        if f.denominator
        else ""
    )
    return mark_safe(  # noqa: S308 - every part escaped
        f'<td class="{escape(classes)}" data-value="{escape(value)}"{title}>{mark}'
        f"{escape(percent_text(f.percent, language))}{ratio}</td>"
    )
