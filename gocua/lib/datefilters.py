"""Template filters for dates, built into every template (settings.TEMPLATES "builtins").

``{{ day|day }}`` gives ``26/06/2023`` and ``{{ moment|day_time }}`` ``26/06/2023 16:30``;
both come from gocua.lib.dates, the one description of how a page writes a date. An empty
value gives an empty text, so that ``|default:"—"`` still applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from gocua.lib.dates import day_text, day_time_text

register = template.Library()


@register.filter
def day(value: Any) -> str:
    if isinstance(value, str) and value:
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return day_text(value) if isinstance(value, dt.date) else ""


@register.filter
def day_time(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return day_time_text(value)
    return day(value)
