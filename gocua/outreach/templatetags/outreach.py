"""Filters of the outreach templates: labels in the reader's language, masked phones,
numbers the Vietnamese way."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from gocua.lib.numbers import localized_number, localized_percent
from gocua.outreach import labels
from gocua.outreach.validation import mask_phone

register = template.Library()
register.filter("num", localized_number)  # one definition for every app: gocua.lib.numbers
register.filter("pct", localized_percent)


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
def service_skill_label(level: int) -> str:
    return str(labels.SERVICE_SKILLS.get(level, level))


@register.filter
def skill_source_label(source: str) -> str:
    return str(labels.SKILL_SOURCES.get(source, source))
