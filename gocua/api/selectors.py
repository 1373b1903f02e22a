"""Reads of the API app."""

from __future__ import annotations

from django.db.models import QuerySet

from gocua.api.models import ApiToken


def api_tokens(*, username: str | None = None) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
    return tokens.filter(user__username=username) if username else tokens
