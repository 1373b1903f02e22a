"""The unit's register of outgoing letters (sổ đăng ký văn bản đi).

Decree 30/2020/NĐ-CP numbers an authority's letters by year: from 01 on 1 January,
one after another, never the same number twice in one year. Each issued number is a
row; the unique constraint on (unit, year, sequence) is what guarantees it, however
many officers ask at once (see :func:`gocua.reports.services.letter_number_issue`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gocua.orgunits.models import OrgUnit


class IssuedNumber(models.Model):
    """One number of a unit's register: ``297/UBND-VHTT`` of 2023."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    symbol = models.CharField(max_length=40)  # "UBND-VHTT": authority - drafting office
    text = models.CharField(max_length=60, db_index=True)  # "297/UBND-VHTT"
    subject = models.TextField(blank=True)  # what the letter is about, for the register
    # Entered by hand (a letter numbered outside Gõ Cửa), not drawn as the next number.
    reserved = models.BooleanField(default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["unit", "-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "sequence"], name="issued_number_once_per_year"
            ),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="issued_number_sequence_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.year})"
