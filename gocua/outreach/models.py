"""The teams' work: legal documents, teams and members, the service catalogue,
outreach sessions and guidance of residents.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gocua.lib.fields import DayField
from gocua.orgunits.models import OrgUnit


class DocumentKind(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    DECISION = "decision", "Quyết định"
    OFFICIAL_LETTER = "official_letter", "Công văn"
    RESOLUTION = "resolution", "Nghị quyết"
    REPORT = "report", "Báo cáo"
    OTHER = "other", "Văn bản khác"


class LegalDocument(models.Model):
    """A plan, decision, official letter or resolution, cited by number and date."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=60)  # as written: "48/KH-UBND", "09-NQ/TU", "48/UBND"
    date = models.DateField()
    issuer = models.CharField(max_length=200)  # "UBND phường Tuần Châu", "Ban Thường vụ Tỉnh ủy"
    issuer_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField()  # "về việc ..."
    file = models.FileField(upload_to="documents/%Y/", blank=True)
    search_text = models.TextField(blank=True, editable=False)  # fold(number + summary + issuer)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "number"]
        indexes = [models.Index(fields=["unit", "date"], name="document_unit_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Team(models.Model):
    """A community digital team (Tổ CNSCĐ) of one unit, set up by a decision."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    decision = models.ForeignKey(
        LegalDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    active_from = models.DateField(null=True, blank=True)
    active_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "name"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    LEADER = "leader", "Tổ trưởng"
    DEPUTY = "deputy", "Tổ phó"
    MEMBER = "member", "Thành viên"


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    phone = models.CharField(max_length=20, blank=True)
    skill_level = models.PositiveSmallIntegerField(default=1)  # 1 basic … 3 advanced
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    active_from = models.DateField(null=True, blank=True)
    active_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["team", "role", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Training(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="trainings")
    date = models.DateField()
    topic = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class Service(models.Model):
    """A platform the teams help with (VNeID, VssID, …): configurable.

    ``fact`` names the registry fact that says a resident has it (``eid``,
    ``vssid``, ``ehealth``, ``payment``); indicators' app lists may only use
    services that have one.
    """

    code = models.SlugField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    fact = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


class ActivityChannel(models.Model):
    """How a session reached people (meeting, loudspeakers, Zalo, door to door…): configurable."""

    code = models.SlugField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


class Activity(models.Model):
    """An outreach session (buổi tuyên truyền) held by a unit's team."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="activities")
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    date = models.DateField()
    channel = models.ForeignKey(ActivityChannel, on_delete=models.PROTECT, related_name="+")
    services = models.ManyToManyField(Service, blank=True, related_name="+")
    people_reached = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "date"], name="activity_unit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.channel_id}"


class Guidance(models.Model):
    """One resident guided on one service on one day (the visit form records these)."""

    resident = models.ForeignKey(
        "registry.Resident", on_delete=models.CASCADE, related_name="guidance"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")  # resident's
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    day = DayField()
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="guidance"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="guidance"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "service", "day"], name="guidance_unique_per_day"
            )
        ]
        indexes = [models.Index(fields=["unit", "day"], name="guidance_unit_day")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.service_id} {self.day}"


class BulkGuidance(models.Model):
    """People helped at a session without a record each (e.g. 40 people at a meeting)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="bulk_guidance"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    people = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["unit", "date"], name="bulkguidance_unit_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.service_id} ×{self.people}"
