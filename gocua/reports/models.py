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


# Requests, reports, signers ------------------------------------------------------------------


class SigningPrefix(models.TextChoices):
    """How the signer signs (Decree 30, Article 13); see letters.model.SigningPrefix."""

    HEAD = "", "Người đứng đầu ký / the head signs"
    KT = "KT.", "KT. (ký thay / signs for the head)"
    Q = "Q.", "Q. (quyền / acting)"
    TL = "TL.", "TL. (thừa lệnh / by order)"
    TUQ = "TUQ.", "TUQ. (thừa ủy quyền / by authorisation)"


class Signatory(models.Model):
    """Who signs the unit's outgoing letters, and the symbol its letters are numbered with.

    One per unit. A unit without one cannot render a letter: the officer is told to set it.
    """

    unit = models.OneToOneField(OrgUnit, on_delete=models.CASCADE, related_name="signatory")
    name = models.CharField(max_length=120)  # "Nguyễn Song Giang"
    title = models.CharField(max_length=120, default="Chủ tịch")  # the head's title
    collective = models.CharField(max_length=120, blank=True, default="Ủy ban nhân dân")  # TM.
    prefix = models.CharField(
        max_length=5, choices=SigningPrefix.choices, blank=True, default=SigningPrefix.HEAD
    )
    signer_title = models.CharField(max_length=120, blank=True)  # "Phó Chủ tịch" under KT.
    symbol = models.CharField(max_length=40, default="UBND-VHTT")  # of the letter numbers
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.name}"


class ReportRequest(models.Model):
    """An upper unit asks the units below it for a report (công văn đề nghị báo cáo).

    ``number`` is the request letter's number as written (``389/UBND-VHTT``); the
    figures asked for run from ``start`` to ``end`` (the as-of date); ``codes`` are the
    indicator codes wanted, in order (empty: every indicator in force); ``units`` the
    units that must answer.
    """

    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=60)
    date = models.DateField()
    subject = models.TextField()  # without "về việc"
    start = models.DateField()
    end = models.DateField()
    deadline = models.DateField()
    codes = models.JSONField(default=list, blank=True)
    units = models.ManyToManyField(OrgUnit, related_name="report_requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit", "number", "date"], name="report_request_once"
            ),
            models.CheckConstraint(
                condition=models.Q(start__lte=models.F("end")), name="report_request_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp / draft"
    SUBMITTED = "submitted", "Đã gửi / submitted"
    RETURNED = "returned", "Bị trả lại / returned"
    ACCEPTED = "accepted", "Đã chấp nhận / accepted"


class Report(models.Model):
    """A unit's answer to a request: draft → submitted → accepted, or returned.

    While a draft (or returned), the figures are computed live. Submitting freezes the
    figures, the definitions used and the letter's content into ``frozen`` (and into the
    submission's :class:`ReportEvent`, which never changes); ``version`` counts the
    submissions. ``number`` is drawn from the unit's register at the first submission.
    """

    request = models.ForeignKey(ReportRequest, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=0)  # submissions so far
    number = models.ForeignKey(
        IssuedNumber, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField(null=True, blank=True)  # the letter's date; default: request.end
    recipients = models.TextField(blank=True)  # after "Kính gửi:", one per line
    copies = models.TextField(blank=True)  # "Nơi nhận" besides "Như trên" and the archive
    lessons = models.TextField(blank=True)
    difficulties = models.TextField(blank=True)
    proposals = models.TextField(blank=True)
    # Set at submission: {"figures": UnitFigures.to_json(), "definitions": [...],
    # "content": {...}} (see reports.frozen); empty while a draft.
    frozen = models.JSONField(default=dict, blank=True)
    override_reason = models.TextField(blank=True)  # why submitted despite blocking findings
    return_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="report_once_per_request")
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} → {self.request.number} ({self.status})"

    @property
    def received(self) -> bool:
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)

    @property
    def figure_pairs(self) -> dict[str, tuple[int, int | None]]:
        """code → (numerator, denominator) of the unit itself, from the frozen figures."""
        pairs: dict[str, tuple[int, int | None]] = {}
        for figure in self.frozen.get("figures", {}).get("indicators", []):
            if figure.get("numerator") is not None:
                pairs[figure["code"]] = (figure["numerator"], figure.get("denominator"))
        return pairs


class ReportEvent(models.Model):
    """One step of a report's history; a submission keeps what was sent, unchanged."""

    class Action(models.TextChoices):
        START = "start", "Bắt đầu / started"
        EDIT = "edit", "Sửa / edited"
        SUBMIT = "submit", "Gửi / submitted"
        RETURN = "return", "Trả lại / returned"
        ACCEPT = "accept", "Chấp nhận / accepted"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action.choices)
    version = models.PositiveIntegerField(default=0)
    comment = models.TextField(blank=True)
    snapshot = models.JSONField(default=dict, blank=True)  # the frozen report of a submission
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} v{self.version}"
