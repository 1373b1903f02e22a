"""Filters of the outreach templates: labels in the reader's language, masked phones,
numbers the Vietnamese way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from gocua.lib.numbers import format_percent, group
from gocua.outreach import labels
from gocua.outreach.validation import mask_phone

register = template.Library()


@register.filter
def local_name(item: Any) -> str:
    """A service's or channel's name in the reader's language."""
    if item is None:
        return ""
    return str(item.name_en if get_language() == "en" else item.name_vi)


@register.filter
def kind_label(kind: str) -> str:
    return str(labels.DOCUMENT_KINDS.get(kind, kind))


@register.filter
def role_label(role: str) -> str:
    return str(labels.MEMBER_ROLES.get(role, role))


@register.filter
def skill_label(level: int) -> str:
    return str(labels.SKILL_LEVELS.get(level, level))


@register.filter
def fact_label(fact: str) -> str:
    return str(labels.REGISTRY_FACTS.get(fact, fact))


@register.filter
def masked(phone: str) -> str:
    return mask_phone(phone)


@register.filter
def num(value: int | None) -> str:
    """``1246000`` → ``1.246.000`` in Vietnamese; ``1,246,000`` in English."""
    if value is None:
        return "—"
    text = group(int(value))
    return text.replace(".", ",") if get_language() == "en" else text


@register.filter
def pct(value: float | None) -> str:
    if value is None:
        return "—"
    text = format_percent(value)
    return text.replace(".", "").replace(",", ".") if get_language() == "en" else text
