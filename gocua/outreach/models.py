"""The teams' work: legal documents, teams and members, the service catalogue,
outreach sessions and guidance of residents.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q

from gocua.lib.fields import DayField
from gocua.orgunits.models import OrgUnit


class DocumentKind(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    DECISION = "decision", "Quyết định"
    OFFICIAL_LETTER = "official_letter", "Công văn"
    RESOLUTION = "resolution", "Nghị quyết"
    REPORT = "report", "Báo cáo"
    OTHER = "other", "Văn bản khác"


DOCUMENT_FILE_EXTENSIONS = ["pdf", "doc", "docx", "odt", "jpg", "jpeg", "png"]


class LegalDocument(models.Model):
    """A plan, decision, official letter or resolution, cited by number and date.

    ``unit`` is the register that holds it (the ward keeps the provincial
    resolution it implements); ``issuer`` who signed it. ``summary`` is the
    subject without the leading "về việc" / "V/v" (letters add it back).
    ``sequence`` is the leading number (``237`` of ``237/QĐ-UBND``), so that
    documents of one day sort as they are cited.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=60)  # as written: "48/KH-UBND", "09-NQ/TU", "48/UBND"
    sequence = models.PositiveIntegerField(default=0, editable=False)
    date = models.DateField()
    issuer = models.CharField(max_length=200)  # "UBND phường Tuần Châu", "Ban Thường vụ Tỉnh ủy"
    issuer_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField()  # the subject: "chuyển đổi số toàn diện phường Tuần Châu năm 2023"
    # Plans and decisions the unit's reports cite as their legal basis (see selectors.legal_basis).
    cite_in_reports = models.BooleanField(default=True)
    file = models.FileField(
        upload_to="documents/%Y/",
        blank=True,
        validators=[FileExtensionValidator(DOCUMENT_FILE_EXTENSIONS)],
    )
    search_text = models.TextField(blank=True, editable=False)  # fold(number + summary + issuer)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-sequence", "number"]
        indexes = [models.Index(fields=["unit", "date"], name="document_unit_date")]
        constraints = [
            # A number is issued once a year: the same number on the same day is a duplicate.
            models.UniqueConstraint(
                fields=["unit", "number", "date"], name="document_number_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class Team(models.Model):
    """A community digital team (Tổ CNSCĐ) of one unit, set up by a decision.

    One team per ward or neighbourhood at a time (``active_until`` null). ``decision``
    is the founding decision (thành lập); later decisions that re-constitute the team
    (kiện toàn) are :class:`TeamReconstitution` rows, so the history is kept. A team
    without a decision is allowed but flagged on every page that shows it.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    decision = models.ForeignKey(
        LegalDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="teams"
    )
    active_from = models.DateField(null=True, blank=True)
    active_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(active_until__isnull=True),
                name="team_one_active_per_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lacks_decision(self) -> bool:
        return self.decision_id is None


class TeamReconstitution(models.Model):
    """A later decision re-constituting a team (kiện toàn): the team and its history stay."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reconstitutions")
    decision = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision__date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "decision"], name="team_reconstitution_once_per_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.team_id} {self.decision_id}"


class MemberRole(models.TextChoices):
    LEADER = "leader", "Tổ trưởng"
    DEPUTY = "deputy", "Tổ phó"
    MEMBER = "member", "Thành viên"


class SkillLevel(models.IntegerChoices):
    BASIC = 1, "Cơ bản"
    INTERMEDIATE = 2, "Khá"
    ADVANCED = 3, "Thành thạo"


class Member(models.Model):
    """A person of a team over a period (active_from..active_until, both inclusive).

    One person (the same login, or the same phone number) is in one team at a time.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    phone = models.CharField(max_length=20, blank=True)  # normalized: 0xxxxxxxxx
    skill_level = models.PositiveSmallIntegerField(
        choices=SkillLevel.choices, default=SkillLevel.BASIC
    )
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
        constraints = [
            models.CheckConstraint(
                condition=Q(skill_level__gte=1, skill_level__lte=3), name="member_skill_1_3"
            ),
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="member_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Training(models.Model):
    """A training a member attended; ``session`` when recorded with the others who attended
    (:class:`TrainingSession`), ``service`` when it was about one service of the catalogue."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="trainings")
    date = models.DateField()
    topic = models.CharField(max_length=200)
    service = models.ForeignKey(
        "Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    session = models.ForeignKey(
        "TrainingSession",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attendances",
    )

    class Meta:
        ordering = ["-date", "id"]

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


class ServiceSkill(models.IntegerChoices):
    """A member's own assessment of what they can do with one service (ordered: a higher
    value is more)."""

    NEEDS_TRAINING = 1, "Cần tập huấn"
    CAN_USE = 2, "Biết sử dụng"
    CAN_GUIDE = 3, "Hướng dẫn được"


class SkillSource(models.TextChoices):
    SELF = "self", "Thành viên tự đánh giá"
    OFFICER = "officer", "Cán bộ phường ghi"
    TRAINING = "training", "Sau buổi tập huấn"


class TrainingSession(models.Model):
    """A training on one service held for the members of a unit's teams; each member who
    attended has a :class:`Training` row (``attendances``)."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="training_sessions")
    date = models.DateField()
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.service_id} {self.topic}"


class MemberSkill(models.Model):
    """A member's level for one service from ``day`` on: the history is the rows; the
    level on a day is the last row (by day, then id) dated on or before it. No row: not
    assessed yet."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="skills")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=ServiceSkill.choices)
    day = models.DateField()
    source = models.CharField(max_length=10, choices=SkillSource.choices)
    training = models.ForeignKey(
        TrainingSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["member", "service", "day"], name="memberskill_day")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=3), name="memberskill_level_1_3"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.service_id} {self.level} {self.day}"


class ActivityChannel(models.Model):
    """How a session reached people (meeting, loudspeakers, Zalo, door to door…): configurable."""

    code = models.SlugField(max_length=40, unique=True)
    name_vi = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    # People are there in person (meeting, conference, door to door): reach is bounded
    # by the population; broadcasts (loudspeakers, web, Zalo, Facebook) are not.
    in_person = models.BooleanField(default=False)
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_vi


DOOR_TO_DOOR = "door_to_door"
LEAFLETS = "leaflets"


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
    # Leaflets handed out (channel ``leaflets``): a count of sheets, not of people: one
    # household takes one for all its people, one person may take one per service.
    leaflets = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    # Door-to-door sessions list the households visited (see selectors.door_to_door_coverage).
    households = models.ManyToManyField(
        "registry.Household", blank=True, related_name="outreach_visits"
    )
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
        constraints = [
            models.CheckConstraint(condition=Q(people__gt=0), name="bulkguidance_people_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.service_id} ×{self.people}"


class VisitStatus(models.TextChoices):
    APPLIED = "applied", "Đã ghi"
    CONFLICT = "conflict", "Có xung đột"


class Visit(models.Model):
    """One door-to-door visit received from the field app or the visit form.

    ``key`` is the phone's UUID: the same key again is a duplicate and changes nothing.
    ``payload`` keeps what was sent, so that nothing of a visit is ever lost.
    """

    key = models.UUIDField(unique=True)
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="visits"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")  # household's
    day = DayField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=8, default="api")  # api, web
    status = models.CharField(max_length=10, choices=VisitStatus.choices)
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField(default=dict)

    class Meta:
        indexes = [models.Index(fields=["unit", "day"], name="visit_unit_day")]

    def __str__(self) -> str:
        return f"{self.key} {self.status}"


class ConflictStatus(models.TextChoices):
    OPEN = "open", "Chờ xử lý"
    KEPT = "kept", "Giữ giá trị đang có"
    TAKEN = "taken", "Lấy giá trị của lượt đến hộ"


class VisitConflict(models.Model):
    """A visit that would have changed facts someone else changed meanwhile.

    Nothing of that resident (or household) was written; the ward officer keeps the
    server's values or takes the visit's, in one tap. ``facts`` lists each contested fact
    (``{"fact", "server", "visit"}``); ``pending`` holds the rest of the visit for that
    resident (uncontested facts, guidance), applied whichever way it is resolved.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="conflicts")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    household = models.ForeignKey(
        "registry.Household", on_delete=models.CASCADE, related_name="visit_conflicts"
    )
    resident = models.ForeignKey(
        "registry.Resident",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="visit_conflicts",
    )  # None: the household's own facts
    facts = models.JSONField(default=list)
    pending = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=ConflictStatus.choices, default="open")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["unit", "status"], name="visitconflict_unit_status")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.visit_id} {self.resident_id} {self.status}"
