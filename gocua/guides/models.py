"""A guide per service of the catalogue, and every earlier text of it.

A guide's text is one JSON document (:data:`CONTENT_KEYS`): who it is for, what to bring,
numbered steps, common problems with their fixes, and official links. Each save writes a
:class:`GuideVersion` holding the whole text as it became, who saved it and when, so the
history shows every text a guide ever had.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from gocua.outreach.models import Service

CONTENT_KEYS = ("audience", "bring", "steps", "problems", "links")


def empty_content() -> dict[str, Any]:
    return {"audience": "", "bring": [], "steps": [], "problems": [], "links": []}


class Guide(models.Model):
    """``content``: ``{"audience": str, "bring": [str], "steps": [str],
    "problems": [{"problem": str, "fix": str}], "links": [{"label": str, "url": str}]}``."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="guide")
    content = models.JSONField(default=empty_content)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service__order", "service__code"]

    def __str__(self) -> str:
        return str(self.service)


class GuideVersion(models.Model):
    """One saved text of a guide (number 1 is the text it was installed with)."""

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_by_name = models.CharField(max_length=150, blank=True)  # kept if the login goes
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guide_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.guide} v{self.number}"
