"""The registry of residents' digital status: households, residents, dated facts and events.

The indicator engine answers "as of date D, over F..D" with date comparisons in
SQL only, so the data is stored for that:

- A **fact** (smartphone, e-ID, VssID, e-health book, payment account, a
  household's digital skills) is one nullable ``*_since`` day on the row: true
  from that day on; null means false or unknown (both count as false).
- An **event** (administrative transaction, survey participation) is a row
  with its day; guidance records live in :mod:`gocua.outreach`.
- Days are ``DayField`` (YYYYMMDD integers): integer comparisons on every database.
- Each resident carries its neighbourhood (``unit``) and ward, copied from its
  household, so that counting by unit needs no join.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gocua.lib.fields import DayField
from gocua.orgunits.models import OrgUnit


class Household(models.Model):
    ward = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="households")
    code = models.CharField(max_length=64)  # unique within the ward
    address = models.CharField(max_length=255, blank=True)
    search_address = models.CharField(max_length=255, blank=True, editable=False)  # fold(address)
    digital_skills_since = DayField(null=True, blank=True)  # household fact
    version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ward", "code"], name="household_code_unique_in_ward")
        ]
        indexes = [models.Index(fields=["unit", "code"], name="household_unit_code")]

    def __str__(self) -> str:
        return self.code


class Sex(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"
    OTHER = "X", "Khác"


# The database's rule that a personal ID belongs to at most one living resident (a
# constraint of Resident): the last word when two saves race on one number.
ONE_LIVING_PER_ID = "resident_personal_id_unique_while_living_here"


def breaks_one_living_per_id(error: Exception) -> bool:
    """``error`` (an ``IntegrityError``) is the database refusing a second living resident
    with one personal ID: another save, in this ward or another, got there first."""
    diag = getattr(error.__cause__, "diag", None)
    if diag is not None:  # PostgreSQL names the constraint
        return getattr(diag, "constraint_name", None) == ONE_LIVING_PER_ID
    # SQLite names the columns of the index; personal_id alone is this rule's
    return str(error) == f"UNIQUE constraint failed: {Resident._meta.db_table}.personal_id"


class Resident(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="residents")
    ward = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="residents")
    full_name = models.CharField(max_length=200)
    search_name = models.CharField(max_length=200, editable=False)  # fold(full_name)
    birth_date = DayField(null=True, blank=True)  # a year alone is stored as 1 January
    birth_year_only = models.BooleanField(default=False)
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    # 12-digit số định danh; NULL (not "") when unknown, so the unique constraint skips it
    personal_id = models.CharField(max_length=12, null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(max_length=20, blank=True)
    moved_in = DayField(null=True, blank=True)  # null: always lived here
    moved_out = DayField(null=True, blank=True)  # left or died; null: still here
    # Relationship to the head of household as the ward writes it (quan_he): "Chủ hộ"
    # marks the head (gocua.registry.facts.is_head), then "Vợ", "Chồng", "Con"…
    relationship = models.CharField(max_length=40, blank=True, default="", db_default="")

    # Facts: true since that day; null is false or unknown.
    smartphone_since = DayField(null=True, blank=True)
    eid_level = models.PositiveSmallIntegerField(default=0)  # 0, 1, 2 (VNeID)
    eid_since = DayField(null=True, blank=True)  # day the account reached level 1 or 2
    eid2_since = DayField(null=True, blank=True)  # day it reached level 2
    vssid_since = DayField(null=True, blank=True)
    ehealth_since = DayField(null=True, blank=True)
    payment_since = DayField(null=True, blank=True)  # mobile money or bank account

    version = models.PositiveIntegerField(default=1)  # optimistic locking of edits
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # A number is unique among people living somewhere; a resident who moved
            # keeps the old ward's row (moved out) and gets a new one in the new ward.
            models.UniqueConstraint(
                fields=["personal_id"],
                condition=Q(personal_id__isnull=False, moved_out__isnull=True),
                name=ONE_LIVING_PER_ID,
            ),
            models.CheckConstraint(
                condition=Q(eid_level__in=[0, 1, 2]), name="resident_eid_level_0_1_2"
            ),
        ]
        indexes = [
            models.Index(fields=["unit"], name="resident_unit"),
            models.Index(fields=["ward", "household"], name="resident_ward_household"),
            models.Index(fields=["personal_id"], name="resident_personal_id"),
            models.Index(fields=["ward", "search_name"], name="resident_ward_search_name"),
        ]

    def __str__(self) -> str:
        return self.full_name


class TransactionChannel(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    POSTAL = "postal", "Bưu chính công ích"
    IN_PERSON = "in_person", "Trực tiếp"


class Transaction(models.Model):
    """An administrative transaction (thủ tục hành chính) of one resident."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="transactions")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    day = DayField()
    channel = models.CharField(max_length=10, choices=TransactionChannel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "day", "channel"], name="transaction_unique_per_day_channel"
            )
        ]
        indexes = [models.Index(fields=["unit", "day"], name="transaction_unit_day")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.day} {self.channel}"


class SurveyParticipation(models.Model):
    """A resident took part in the authority's survey / feedback platform."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="surveys")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    day = DayField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resident", "day"], name="survey_unique_per_day")
        ]
        indexes = [models.Index(fields=["unit", "day"], name="survey_unit_day")]

    def __str__(self) -> str:
        return f"{self.resident_id} {self.day}"


class Change(models.Model):
    """One field of a household or resident changed: who, when, old and new value."""

    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    resident = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=16, default="web")  # web, import, visit
    field = models.CharField(max_length=40)
    old = models.CharField(max_length=255, blank=True)
    new = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old} → {self.new}"


class RosterMapping(models.Model):
    """A ward's choice for a roster header the import does not know: a column, or ignore.

    Made in the web import's mapping step and applied to the ward's next files.
    """

    ward = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    header = models.CharField(max_length=200)  # roster.header_key of the file's header
    column = models.CharField(max_length=40, blank=True)  # a roster column; empty: ignore
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ward", "header"], name="roster_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.header} → {self.column or '-'}"


class ImportJob(models.Model):
    """A confirmed web import, written in the background (``registry.jobs``).

    The confirming request only records it: a thread of the web process reads, matches
    and writes the file (one transaction, all or nothing), and the page of the job
    refreshes until it ends. A job left queued or running by a process that died is
    marked failed when ``gocua serve`` starts: its transaction was never committed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=255)  # the file's name as uploaded
    token = models.CharField(max_length=64)  # the upload under VAR_DIR/registry-uploads
    as_of = models.DateField()
    mapping = models.JSONField(default=dict, blank=True)
    skip_invalid = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    message = models.TextField(blank=True)  # one bilingual line: "vi / en"
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
