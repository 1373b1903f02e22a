"""Letters checked on the web: the findings are kept, never the file.

A :class:`CheckBatch` is one upload by a city or province officer, scoped to a
unit (only people who see that unit see the batch); each file becomes a
:class:`CheckedLetter` with the ward it speaks for and the result of the check
(figures, findings, and the values it would enter as the ward's aggregates).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gocua.orgunits.models import OrgUnit


class CheckBatch(models.Model):
    scope = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.scope_id} {self.created_at:%Y-%m-%d %H:%M}"


class CheckedLetter(models.Model):
    batch = models.ForeignKey(CheckBatch, on_delete=models.CASCADE, related_name="letters")
    file_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # The ward the letter speaks for: found from the letter's text, or chosen by the officer.
    ward = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ward_detected = models.BooleanField(default=False)
    unit_text = models.CharField(max_length=255, blank=True)  # "UBND phường Tuần Châu"
    letter_number = models.CharField(max_length=100, blank=True)
    letter_date = models.DateField(null=True, blank=True)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    # Why the file was refused (empty, binary, not a Word file), in both languages.
    refused_vi = models.TextField(blank=True)
    refused_en = models.TextField(blank=True)
    # {"figures": [...], "findings": [{severity, code, vi, en, excerpt, line}],
    #  "entry": {"as_of": "YYYY-MM-DD" | null, "values": {code: [numerator, denominator]}}}
    result = models.JSONField(default=dict, blank=True)
    taken_in_at = models.DateTimeField(null=True, blank=True)
    taken_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["batch", "pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def refused(self) -> bool:
        return bool(self.refused_vi or self.refused_en)
