"""The log of who did what to personal data (Personal Data Protection Law 2025).

Every change and every export of unit-scoped data writes one row through
:func:`gocua.audit.services.audit_log`. Rows are never updated or deleted by
the application; the unit is kept as a code so that the log outlives units.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)  # kept if the user is deleted
    action = models.CharField(max_length=40, db_index=True)  # e.g. "roster.export"
    unit_code = models.CharField(max_length=40, blank=True, db_index=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    rows = models.PositiveIntegerField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=8, default="web")  # web, cli

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.unit_code}"


class DataVersion(models.Model):
    """One row: a counter bumped by every change of data (see audit.services.data_changed).

    Caches of computed pages (the indicators) are keyed by it, so a write anywhere, by
    any process (the web app, an import on the command line), makes them stale.
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"data version {self.value}"


class UnitVersion(models.Model):
    """A counter per commune and per unit above one: bumped by every change of data in
    the commune or its neighbourhoods (and, for a unit above, anywhere below it).

    Keys the indicators cache of that unit with :class:`DataVersion` (see
    ``audit.services.data_version``), so a write in ward A leaves ward B's cached
    figures alone; and the roster import checks it before writing what it matched.
    """

    unit = models.BigIntegerField(primary_key=True)  # an OrgUnit's id
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"unit {self.unit} version {self.value}"
