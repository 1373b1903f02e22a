"""Reads of the teams' work.

Every selector takes the unit whose subtree it reads (``root``, obtained by the
caller through ``accounts.selectors.access_unit``), so scoping cannot be
forgotten. Counting happens in SQL: no Python loop over residents or households.

``sessions_by_unit`` and ``guided_by_unit`` are the contract with the
indicator engine: the figures ``sessions`` and ``guided`` of a subtree, per
unit that holds them (not rolled up: the engine adds children to parents).

Definitions
-----------
- A **session** counts in start..end by its date, in the unit that held it.
- **Guided** residents: distinct residents with a guidance record dated in
  start..end (in their neighbourhood), plus people helped in bulk at sessions;
  a session's bulk figure is its largest figure for one service (the same
  people are usually helped on several services at once), never the sum.
- **Door-to-door coverage** of a neighbourhood over start..end: among its
  households with at least one resident living there on ``end``, the share
  *visited*: a resident of the household has a guidance record dated in
  start..end, or the household is listed on a door-to-door session (channel
  ``door_to_door``) dated in start..end (ticked on the printed visit list).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.http import Http404

from gocua.accounts.models import User
from gocua.lib.dates import short_date, today
from gocua.lib.errors import Problem
from gocua.lib.numbers import percent
from gocua.lib.text import fold
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import (
    DOOR_TO_DOOR,
    Activity,
    ActivityChannel,
    BulkGuidance,
    ConflictStatus,
    DocumentKind,
    Guidance,
    LegalDocument,
    Member,
    MemberRole,
    MemberSkill,
    Service,
    ServiceHidden,
    ServiceSkill,
    Team,
    TeamReconstitution,
    TrainingSession,
    VisitConflict,
)
from gocua.outreach.validation import parse_document_number
from gocua.registry.models import Household, Resident
from gocua.registry.selectors import living_on

# The contract with the indicator engine -----------------------------------------------


def sessions_by_unit(*, root: OrgUnit, start: dt.date, end: dt.date) -> dict[int, int]:
    """Outreach sessions held in start..end, per unit that held them, in root's subtree."""
    return sessions_series(root=root, start=start, days=[end])[0]


def guided_by_unit(*, root: OrgUnit, start: dt.date, end: dt.date) -> dict[int, int]:
    """Residents guided in start..end, per unit: distinct residents with a guidance
    record (counted in their neighbourhood), plus people helped in bulk at sessions
    (each session's largest service figure).
    """
    return guided_series(root=root, start=start, days=[end])[0]


def sessions_series(
    *, root: OrgUnit, start: dt.date, days: Sequence[dt.date]
) -> list[dict[int, int]]:
    """:func:`sessions_by_unit` over start..day for each of ``days`` (ascending), in one
    query grouped by unit and by the first of ``days`` on or after the session's date."""
    if not days:
        return []
    rows = (
        Activity.objects.filter(root.subtree_q("unit"), date__gte=start, date__lte=days[-1])
        .values("unit_id", bucket=_bucket("date", days))
        .annotate(n=Count("id"))
        .order_by()
        .values_list("unit_id", "bucket", "n")
    )
    return _accumulate(rows, len(days))


def guided_series(
    *, root: OrgUnit, start: dt.date, days: Sequence[dt.date]
) -> list[dict[int, int]]:
    """:func:`guided_by_unit` over start..day for each of ``days`` (ascending), in two
    queries whatever the number of days.

    Distinct residents are not additive over days: a resident guided in January and in
    March counts once as of every day from the end of January on. So each (unit,
    resident) counts in the bucket of its *first* guidance day in start..last day
    (``MIN(day)``, grouped again by unit and bucket in SQL), accumulated in order."""
    if not days:
        return []
    firsts = (
        Guidance.objects.filter(root.subtree_q("unit"), day__gte=start, day__lte=days[-1])
        .values("unit_id", "resident_id")
        .annotate(first=Min("day"))
        .annotate(bucket=_bucket("first", days))
        .order_by()
    )
    one_by_one = _accumulate(_regrouped(firsts, "COUNT(*)"), len(days))
    in_bulk = _accumulate(_regrouped(_bulk_sessions(root, start, days), "SUM(n)"), len(days))
    return [
        {unit: mine.get(unit, 0) + bulk.get(unit, 0) for unit in mine.keys() | bulk.keys()}
        for mine, bulk in zip(one_by_one, in_bulk, strict=True)
    ]


def _bulk_sessions(root: OrgUnit, start: dt.date, days: Sequence[dt.date]) -> QuerySet[Any]:
    """People helped in bulk, per session (or unit and day without one): the session's
    largest service figure ``n`` (the same people are usually helped on several services
    at once), with the ``bucket`` of its date."""
    return (
        BulkGuidance.objects.filter(root.subtree_q("unit"), date__gte=start, date__lte=days[-1])
        .values("unit_id", "date", "activity_id")
        .annotate(n=Max("people"), bucket=_bucket("date", days))
        .order_by()
    )


def _bucket(field: str, days: Sequence[dt.date]) -> Case:
    """The index of the first of ``days`` (ascending) on or after ``field``: the first
    day whose figure a row dated ``field`` counts in (and every later one)."""
    return Case(
        *[When(**{f"{field}__lte": day}, then=Value(i)) for i, day in enumerate(days)],
        default=Value(len(days)),
        output_field=IntegerField(),
    )


def _regrouped(rows: QuerySet[Any], aggregate: str) -> list[tuple[int, int, int]]:
    """(unit, bucket, ``aggregate``) over the rows of a grouped query (one query: the
    query is a derived table, which the ORM cannot group again by itself)."""
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, bucket, {aggregate} FROM ({sql}) grouped "  # noqa: S608 - ours, bound
            "GROUP BY unit_id, bucket",
            params,
        )
        return [tuple(row) for row in cursor.fetchall()]


def _accumulate(rows: Iterable[tuple[int, int, int | None]], n: int) -> list[dict[int, int]]:
    """Per-bucket figures (unit, bucket, value) → the running total per unit as of each of
    the ``n`` days (a unit appears from the first day it has something)."""
    per_bucket: list[dict[int, int]] = [defaultdict(int) for _ in range(n)]
    for unit_id, bucket, value in rows:
        if bucket < n:
            per_bucket[bucket][unit_id] += value or 0
    running: dict[int, int] = {}
    result = []
    for added in per_bucket:
        for unit_id, value in added.items():
            running[unit_id] = running.get(unit_id, 0) + value
        result.append(dict(running))
    return result


# Figures by channel, service and member ------------------------------------------------


@dataclass(frozen=True)
class ChannelFigure:
    code: str
    name_vi: str
    name_en: str
    sessions: int
    people_reached: int | None  # summed over the sessions that recorded it; None: none did
    leaflets: int | None = None  # leaflets handed out, summed likewise


def sessions_by_channel(*, root: OrgUnit, start: dt.date, end: dt.date) -> list[ChannelFigure]:
    """Sessions held in root's subtree in start..end per channel, in catalogue order;
    channels without a session are left out."""
    rows = (
        Activity.objects.filter(root.subtree_q("unit"), date__gte=start, date__lte=end)
        .values("channel_id")
        .annotate(n=Count("id"), people=Sum("people_reached"), leaflets=Sum("leaflets"))
        .order_by()
    )
    counts = {row["channel_id"]: (row["n"], row["people"], row["leaflets"]) for row in rows}
    return [
        ChannelFigure(c.code, c.name_vi, c.name_en, *counts[c.pk])
        for c in ActivityChannel.objects.filter(pk__in=counts).order_by("order", "code")
    ]


@dataclass(frozen=True)
class LeafletFigure:
    leaflets: int  # leaflets handed out at sessions dated in the period
    sessions: int  # the sessions that handed some out
    services: list[Service]  # what those sessions were about, in catalogue order


def leaflets_handed_out(*, root: OrgUnit, start: dt.date, end: dt.date) -> LeafletFigure:
    """Leaflets handed out at the sessions of root's subtree dated in start..end (any
    in-person channel may record some; the channel ``leaflets`` always does)."""
    sessions = Activity.objects.filter(
        root.subtree_q("unit"), date__gte=start, date__lte=end, leaflets__gt=0
    )
    totals = sessions.aggregate(n=Sum("leaflets"), sessions=Count("id"))
    services = Service.objects.filter(
        pk__in=Activity.services.through.objects.filter(activity__in=sessions).values("service_id")
    ).order_by("order", "code")
    return LeafletFigure(totals["n"] or 0, totals["sessions"], list(services))


@dataclass(frozen=True)
class ServiceFigure:
    code: str
    name_vi: str
    name_en: str
    residents: int  # distinct residents with a guidance record
    in_bulk: int  # people helped in bulk (sum over sessions)

    @property
    def total(self) -> int:
        return self.residents + self.in_bulk


def guided_by_service(*, root: OrgUnit, start: dt.date, end: dt.date) -> list[ServiceFigure]:
    """People guided in root's subtree in start..end per service, in catalogue order;
    services nobody was guided on are left out. Two grouped queries."""
    residents = dict(
        Guidance.objects.filter(root.subtree_q("unit"), day__gte=start, day__lte=end)
        .values("service_id")
        .annotate(n=Count("resident_id", distinct=True))
        .order_by()
        .values_list("service_id", "n")
    )
    bulk = dict(
        BulkGuidance.objects.filter(root.subtree_q("unit"), date__gte=start, date__lte=end)
        .values("service_id")
        .annotate(n=Sum("people"))
        .order_by()
        .values_list("service_id", "n")
    )
    ids = set(residents) | set(bulk)
    return [
        ServiceFigure(s.code, s.name_vi, s.name_en, residents.get(s.pk, 0), bulk.get(s.pk) or 0)
        for s in Service.objects.filter(pk__in=ids).order_by("order", "code")
    ]


@dataclass(frozen=True)
class ServiceSessions:
    code: str
    name_vi: str
    name_en: str
    sessions: int


def sessions_by_service(*, root: OrgUnit, start: dt.date, end: dt.date) -> list[ServiceSessions]:
    """How many sessions in root's subtree in start..end covered each service (what the
    letter lists as the sessions' content), in catalogue order."""
    through = Activity.services.through
    rows = (
        through.objects.filter(
            root.subtree_q("activity__unit"),
            activity__date__gte=start,
            activity__date__lte=end,
            activity__deleted_at__isnull=True,
        )
        .values("service_id")
        .annotate(n=Count("activity_id", distinct=True))
        .order_by()
    )
    counts = {row["service_id"]: row["n"] for row in rows}
    return [
        ServiceSessions(s.code, s.name_vi, s.name_en, counts[s.pk])
        for s in Service.objects.filter(pk__in=counts).order_by("order", "code")
    ]


ROLE_ORDER = Case(
    When(role=MemberRole.LEADER, then=Value(0)),
    When(role=MemberRole.DEPUTY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def guided_by_member(*, root: OrgUnit, start: dt.date, end: dt.date) -> QuerySet[Member]:
    """Members of the teams in root's subtree active at some point in start..end, each
    annotated ``guided`` (distinct residents they guided in start..end) and
    ``records``; by team (unit order), role, name. One query."""
    in_period = Q(guidance__day__gte=start, guidance__day__lte=end)
    return (
        Member.objects.filter(root.subtree_q("team__unit"))
        .filter(Q(active_from__isnull=True) | Q(active_from__lte=end))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=start))
        .select_related("team__unit")
        .annotate(
            guided=Count("guidance__resident_id", distinct=True, filter=in_period),
            records=Count("guidance", filter=in_period),
            role_order=ROLE_ORDER,
        )
        .order_by("team__unit__path", "team__name", "role_order", "full_name", "pk")
    )


# Door to door ----------------------------------------------------------------------------


def _living_on(day: dt.date) -> Q:
    return living_on(day)


def _households(root: OrgUnit, end: dt.date) -> QuerySet[Household]:
    """Households of root's subtree with at least one resident living there on ``end``."""
    living = Resident.objects.filter(_living_on(end), household=OuterRef("pk"))
    return Household.objects.filter(root.subtree_q("unit")).filter(Exists(living))


def _visited(root: OrgUnit, start: dt.date, end: dt.date) -> Q:
    """Households of root's subtree visited in start..end: two uncorrelated subqueries
    (``id IN (…)``), each run once, rather than one probe per household."""
    guided = Guidance.objects.filter(root.subtree_q("unit"), day__gte=start, day__lte=end).values(
        "resident__household_id"
    )
    knocked = Activity.households.through.objects.filter(
        root.subtree_q("activity__unit"),
        activity__date__gte=start,
        activity__date__lte=end,
        activity__channel__code=DOOR_TO_DOOR,
        activity__deleted_at__isnull=True,
    ).values("household_id")
    return Q(pk__in=guided) | Q(pk__in=knocked)


@dataclass(frozen=True)
class Coverage:
    unit: OrgUnit
    households: int
    visited: int

    @property
    def percent(self) -> float | None:
        return percent(self.visited, self.households)

    @property
    def not_visited(self) -> int:
        return self.households - self.visited


def door_to_door_coverage(*, root: OrgUnit, start: dt.date, end: dt.date) -> list[Coverage]:
    """Per neighbourhood of root's subtree (root itself if it is one): households living
    there on ``end`` and those visited in start..end (see the module's definitions).
    Two queries: the neighbourhoods, and one grouped count."""
    units = list(
        OrgUnit.objects.filter(root.subtree_q(), level=Level.NEIGHBOURHOOD).order_by("path")
    )
    rows = (
        _households(root, end)
        .values("unit_id")
        .annotate(total=Count("id"), visited=Count("id", filter=_visited(root, start, end)))
        .order_by()
    )
    counts = {row["unit_id"]: (row["total"], row["visited"]) for row in rows}
    return [Coverage(unit, *counts.get(unit.pk, (0, 0))) for unit in units]


def households_not_visited(*, root: OrgUnit, start: dt.date, end: dt.date) -> QuerySet[Household]:
    """The visit list: households of root's subtree living there on ``end`` and not
    visited in start..end, by neighbourhood and code, each with ``living_residents``
    (prefetched: two queries in all)."""
    residents = Resident.objects.filter(_living_on(end)).order_by("birth_date", "full_name", "pk")
    return (
        _households(root, end)
        .exclude(_visited(root, start, end))
        .select_related("unit")
        .prefetch_related(Prefetch("residents", queryset=residents, to_attr="living_residents"))
        .order_by("unit__path", "code")
    )


# Teams --------------------------------------------------------------------------------


def _active_on(day: dt.date, prefix: str = "") -> Q:
    started = Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": day})
    going = Q(**{f"{prefix}active_until__isnull": True}) | Q(**{f"{prefix}active_until__gte": day})
    return started & going


def teams_under(*, root: OrgUnit, on: dt.date | None = None) -> QuerySet[Team]:
    """Teams of root's subtree (those active on ``on`` if given), by unit, each with
    ``member_count`` (members active on ``on``, or all current ones), its founding
    decision and its re-constitutions (prefetched)."""
    teams = Team.objects.filter(root.subtree_q("unit"))
    if on is not None:
        teams = teams.filter(_active_on(on))
        active_members = _active_on(on, "members__")
    else:
        active_members = Q(members__active_until__isnull=True)
    return (
        teams.select_related("unit", "decision")
        .prefetch_related(
            Prefetch(
                "reconstitutions",
                queryset=TeamReconstitution.objects.select_related("decision"),
            )
        )
        .annotate(member_count=Count("members", filter=active_members))
        .order_by("unit__path", "-active_until", "name")
    )


def team_members(*, team: Team) -> QuerySet[Member]:
    """The team's members, current ones first, by role and name, trainings prefetched."""
    return (
        Member.objects.filter(team=team)
        .select_related("user")
        .prefetch_related("trainings")
        .annotate(
            role_order=ROLE_ORDER,
            gone=Case(When(active_until__isnull=True, then=Value(0)), default=Value(1)),
        )
        .order_by("gone", "-active_until", "role_order", "full_name", "pk")
    )


@dataclass(frozen=True)
class TeamFigures:
    teams: int
    members: int
    without_decision: int


def team_figures(*, root: OrgUnit, on: dt.date) -> TeamFigures:
    """Teams active on ``on`` in root's subtree, their members active that day, and how
    many teams lack a founding decision. Two queries."""
    teams = Team.objects.filter(_active_on(on), root.subtree_q("unit"))
    counts = teams.aggregate(n=Count("id"), flagged=Count("id", filter=Q(decision__isnull=True)))
    members = Member.objects.filter(_active_on(on), team__in=teams).count()
    return TeamFigures(counts["n"], members, counts["flagged"])


# Documents -----------------------------------------------------------------------------


def documents_search(*, unit: OrgUnit, query: str = "", kind: str = "") -> QuerySet[LegalDocument]:
    """The unit's register, newest first; ``query`` matches number, summary and issuer
    without diacritics or case, every word (``qd-ubnd 235``, ``tuan chau ke hoach``)."""
    documents = LegalDocument.objects.filter(unit=unit)
    for word in fold(query).split():
        documents = documents.filter(search_text__contains=word)
    if kind:
        documents = documents.filter(kind=kind)
    return documents.prefetch_related("teams").order_by("-date", "-sequence", "number")


def team_decisions(*, unit: OrgUnit) -> QuerySet[LegalDocument]:
    """Decisions that may set up or re-constitute the unit's team: those in the registers
    of the unit and the units above it."""
    return LegalDocument.objects.filter(
        kind=DocumentKind.DECISION, unit__code__in=[*unit.ancestor_codes(), unit.code]
    ).order_by("-date", "-sequence")


def document_by_number(
    *, unit: OrgUnit, number: str, kind: str = "", on_or_before: dt.date | None = None
) -> LegalDocument | None:
    """The latest document numbered ``number`` (written in any accepted form) in the
    registers of ``unit`` and the units above it, e.g. the city's request a ward's letter
    answers: ``document_by_number(unit=ward, number="389/UBND-VHTT")``. None if absent
    or if ``number`` is not a document number."""
    try:
        parsed = parse_document_number(number)
    except Problem:
        return None
    documents = LegalDocument.objects.filter(
        unit__code__in=[*unit.ancestor_codes(), unit.code], number=parsed.text
    )
    if kind:
        documents = documents.filter(kind=kind)
    if on_or_before is not None:
        documents = documents.filter(date__lte=on_or_before)
    return documents.select_related("unit").order_by("-date", "-unit__depth").first()


LEGAL_BASIS_KINDS = [DocumentKind.PLAN, DocumentKind.DECISION]


def legal_basis(unit: OrgUnit, as_of: dt.date) -> list[LegalDocument]:
    """The plans and decisions a report of ``unit`` as of ``as_of`` cites as its legal
    basis, in the order the seed cites them: the unit's register, documents dated on or
    before ``as_of`` and marked ``cite_in_reports``; plans first, then decisions, each by
    date and number (``48/UBND``, ``78/UBND``, ``235/QĐ-UBND``, ``237…241/QĐ-UBND``,
    ``315…319/QĐ-UBND``, ``334/QĐ-UBND``). One query."""
    kind_order = Case(
        *(When(kind=k, then=Value(i)) for i, k in enumerate(LEGAL_BASIS_KINDS)),
        output_field=IntegerField(),
    )
    return list(
        LegalDocument.objects.filter(
            unit=unit, kind__in=LEGAL_BASIS_KINDS, cite_in_reports=True, date__lte=as_of
        )
        .annotate(kind_order=kind_order)
        .order_by("kind_order", "date", "sequence", "number")
    )


@dataclass
class Citation:
    """Documents cited together: one, or a batch of the same kind, day, issuer, symbol and
    subject (``Các Quyết định số 237, 238, 239, 240, 241/QĐ-UBND ngày 04/4/2022 …``)."""

    kind: str
    date: dt.date
    issuer: str
    summary: str
    documents: list[LegalDocument] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.kind).label)

    @property
    def numbers(self) -> str:
        """``48/UBND``; ``237, 238, 239, 240, 241/QĐ-UBND`` for a batch."""
        if len(self.documents) == 1:
            return self.documents[0].number
        suffix = parse_document_number(self.documents[0].number).suffix
        heads = [d.number[: len(d.number) - len(suffix)] for d in self.documents]
        return ", ".join(heads) + suffix

    @property
    def text(self) -> str:
        """``Kế hoạch số 48/UBND ngày 10/3/2023 của UBND phường Tuần Châu về việc …``."""
        plural = "Các " if len(self.documents) > 1 else ""
        return (
            f"{plural}{self.kind_label} số {self.numbers} ngày {short_date(self.date)} "
            f"của {self.issuer} về việc {self.summary}"
        )


def legal_basis_citations(unit: OrgUnit, as_of: dt.date) -> list[Citation]:
    """:func:`legal_basis` with the batches of one day merged into one citation each."""
    citations: list[Citation] = []
    for document in legal_basis(unit, as_of):
        suffix = parse_document_number(document.number).suffix
        last = citations[-1] if citations else None
        if (
            last is not None
            and last.kind == document.kind
            and last.date == document.date
            and last.issuer == document.issuer
            and last.summary == document.summary
            and parse_document_number(last.documents[0].number).suffix == suffix
        ):
            last.documents.append(document)
        else:
            citations.append(
                Citation(
                    document.kind, document.date, document.issuer, document.summary, [document]
                )
            )
    return citations


# Sessions -----------------------------------------------------------------------------


def sessions_list(
    *, root: OrgUnit, start: dt.date, end: dt.date, channel: str = ""
) -> QuerySet[Activity]:
    """The session log of root's subtree in start..end, newest first (three queries with
    the services and the households count)."""
    sessions = Activity.objects.filter(root.subtree_q("unit"), date__gte=start, date__lte=end)
    if channel:
        sessions = sessions.filter(channel__code=channel)
    return (
        sessions.select_related("unit", "channel", "team")
        .prefetch_related("services")
        .annotate(household_count=Count("households"))
        .order_by("-date", "-id")
    )


def session_years(*, root: OrgUnit) -> list[int]:
    """Years in which root's subtree held sessions, newest first (for period links)."""
    days = Activity.objects.filter(root.subtree_q("unit")).dates("date", "year", order="DESC")
    return [d.year for d in days]


@dataclass(frozen=True)
class OutreachSummary:
    """What section 1 of a letter states about the teams' work in start..end."""

    sessions: int
    by_channel: list[ChannelFigure]
    by_service: list[ServiceSessions]  # the sessions' content
    guided: int
    guided_by_service: list[ServiceFigure]
    teams: TeamFigures


def outreach_summary(*, root: OrgUnit, start: dt.date, end: dt.date) -> OutreachSummary:
    """The figures of the teams' work in root's subtree, for letters and the team page."""
    by_channel = sessions_by_channel(root=root, start=start, end=end)
    return OutreachSummary(
        sessions=sum(c.sessions for c in by_channel),
        by_channel=by_channel,
        by_service=sessions_by_service(root=root, start=start, end=end),
        guided=sum(guided_by_unit(root=root, start=start, end=end).values()),
        guided_by_service=guided_by_service(root=root, start=start, end=end),
        teams=team_figures(root=root, on=end),
    )


# One row for a page, 404 outside the unit's subtree -------------------------------------


def _in_subtree[M: Model](queryset: QuerySet[M], unit: OrgUnit, pk: int, through: str) -> M:
    """The row ``pk`` if its unit (through ``through``) is in the unit's subtree, else 404."""
    found = queryset.filter(unit.subtree_q(through), pk=pk).first()
    if found is None:
        raise Http404("not found")
    return found


def team_get(*, unit: OrgUnit, pk: int) -> Team:
    return _in_subtree(Team.objects.select_related("unit", "decision"), unit, pk, "unit")


def member_get(*, unit: OrgUnit, pk: int) -> Member:
    return _in_subtree(Member.objects.select_related("team__unit", "user"), unit, pk, "team__unit")


def activity_get(*, unit: OrgUnit, pk: int) -> Activity:
    return _in_subtree(Activity.objects.select_related("unit", "channel"), unit, pk, "unit")


def deleted_activity_get(*, unit: OrgUnit, pk: int) -> Activity:
    """A session of the unit's subtree waiting for the undo of its deletion, else 404."""
    return _in_subtree(
        Activity.all_objects.filter(deleted_at__isnull=False).select_related("unit", "channel"),
        unit,
        pk,
        "unit",
    )


def document_get(*, unit: OrgUnit, pk: int) -> LegalDocument:
    """A document registered by the unit itself (not one of a unit above or below it)."""
    document = LegalDocument.objects.select_related("unit").filter(pk=pk, unit=unit).first()
    if document is None:
        raise Http404("not found")
    return document


def service_get(pk: int) -> Service:
    service = Service.objects.filter(pk=pk).first()
    if service is None:
        raise Http404("no service")
    return service


def channel_get(pk: int) -> ActivityChannel:
    channel = ActivityChannel.objects.filter(pk=pk).first()
    if channel is None:
        raise Http404("no channel")
    return channel


def all_channels() -> list[ActivityChannel]:
    return list(ActivityChannel.objects.all())


def all_services() -> list[Service]:
    return list(Service.objects.all())


def active_services(*, unit: OrgUnit | None) -> list[Service]:
    """The services a visit in the unit may record guidance on, in catalogue order: the
    national and provincial ones in force, less those its ward hides. Without a unit (the
    field app's shell, the same for everyone) every active one."""
    if unit is None:
        return list(Service.objects.filter(active=True).order_by("order", "code"))
    return list(Service.objects.offered_in(unit))


def catalogue_services(*, unit: OrgUnit) -> list[Service]:
    """The catalogue as the unit sees it (retired entries too), each with ``hidden`` (its
    ward, or a unit above, hides it here)."""
    codes = [*unit.ancestor_codes(), unit.code]
    hidden = set(
        ServiceHidden.objects.filter(unit__code__in=codes).values_list("service_id", flat=True)
    )
    services = list(Service.objects.visible_in(unit).select_related("unit"))
    for service in services:
        service.hidden = service.pk in hidden  # type: ignore[attr-defined]
    return services


def catalogue_channels(*, unit: OrgUnit) -> list[ActivityChannel]:
    return list(ActivityChannel.objects.visible_in(unit).select_related("unit"))


def guided_on(*, household: Household, day: dt.date) -> set[tuple[int, str]]:
    """(resident id, service code) already guided on ``day`` in the household."""
    return set(
        Guidance.objects.filter(resident__household=household, day=day).values_list(
            "resident_id", "service__code"
        )
    )


def log_units(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Where a session logged from this unit's page may be held: the unit and its
    neighbourhoods."""
    return OrgUnit.objects.filter(unit.subtree_q(), depth__lte=unit.depth + 1).order_by("path")


def recent_sessions(*, unit: OrgUnit, days: int = 90, limit: int = 100) -> QuerySet[Activity]:
    """The subtree's sessions of the last ``days`` days, newest first (at most ``limit``):
    what people helped in bulk may be attached to."""
    recent = (
        Activity.objects.filter(unit.subtree_q("unit"), date__gte=today() - dt.timedelta(days=days))
        .order_by("-date", "-id")
        .values_list("pk", flat=True)[:limit]
    )
    return Activity.objects.filter(pk__in=list(recent)).select_related("unit", "channel")


def team_reconstitutions(team: Team) -> list[TeamReconstitution]:
    return list(team.reconstitutions.select_related("decision"))


def current_members(team: Team) -> QuerySet[Member]:
    return Member.objects.filter(team=team, active_until__isnull=True)


def team_logins(team: Team) -> QuerySet[User]:
    """The logins a member of the team may be linked to: active users of its unit's subtree."""
    return User.objects.filter(team.unit.subtree_q("unit"), is_active=True).order_by("username")


def visit_conflicts_open(*, root: OrgUnit) -> QuerySet[VisitConflict]:
    """Visits' conflicts in root's subtree waiting for the ward officer, oldest first."""
    return (
        VisitConflict.objects.filter(root.subtree_q("unit"), status=ConflictStatus.OPEN)
        .select_related("visit__user", "household", "resident", "unit")
        .order_by("created_at", "id")
    )


def visit_conflict_get(*, root: OrgUnit, pk: int) -> VisitConflict:
    """An open or resolved conflict in root's subtree, else 404."""
    return _in_subtree(VisitConflict.objects.select_related("visit", "unit"), root, pk, "unit")


# Members' skills by service -------------------------------------------------------------


def _current_skills(members: QuerySet[Member], on: dt.date) -> QuerySet[MemberSkill]:
    """Each member's level per service on ``on``: the last row dated on or before it."""
    newer = MemberSkill.objects.filter(
        member=OuterRef("member"), service=OuterRef("service"), day__lte=on
    ).filter(Q(day__gt=OuterRef("day")) | Q(day=OuterRef("day"), pk__gt=OuterRef("pk")))
    return (
        MemberSkill.objects.filter(member__in=members, day__lte=on)
        .exclude(Exists(newer))
        .select_related("service")
    )


def member_skill_levels(*, member: Member, on: dt.date | None = None) -> dict[int, MemberSkill]:
    """The member's current level row per service id (as of ``on``, default today)."""
    rows = _current_skills(Member.objects.filter(pk=member.pk), on or today())
    return {row.service_id: row for row in rows}


def member_skill_history(*, member: Member) -> QuerySet[MemberSkill]:
    """Every level the member had, newest first, with who recorded it."""
    return MemberSkill.objects.filter(member=member).select_related(
        "service", "recorded_by", "training"
    )


@dataclass
class ServiceSkills:
    """Who can guide, who can use and who needs training on one service, among the
    members active on a day; ``unassessed`` is how many gave no level."""

    service: Service
    guide: list[Member] = field(default_factory=list)
    use: list[Member] = field(default_factory=list)
    training: list[Member] = field(default_factory=list)
    unassessed: int = 0


def members_active_under(*, root: OrgUnit, on: dt.date) -> QuerySet[Member]:
    """Members active on ``on`` of the teams of root's subtree active that day."""
    return Member.objects.filter(
        _active_on(on), _active_on(on, "team__"), root.subtree_q("team__unit")
    )


def skills_by_service(*, root: OrgUnit, on: dt.date) -> list[ServiceSkills]:
    """Per service (active ones, and retired ones someone still has a level for), the
    members of root's subtree active on ``on`` by their level that day. Three queries."""
    members = members_active_under(root=root, on=on)
    total = members.count()
    rows = list(
        _current_skills(members, on)
        .select_related("member__team__unit")
        .order_by("member__full_name", "member_id")
    )
    by_service: dict[int, ServiceSkills] = {
        s.pk: ServiceSkills(s) for s in Service.objects.filter(active=True)
    }
    for row in rows:
        entry = by_service.setdefault(row.service_id, ServiceSkills(row.service))
        {
            ServiceSkill.CAN_GUIDE: entry.guide,
            ServiceSkill.CAN_USE: entry.use,
            ServiceSkill.NEEDS_TRAINING: entry.training,
        }[ServiceSkill(row.level)].append(row.member)
    for entry in by_service.values():
        entry.unassessed = total - len(entry.guide) - len(entry.use) - len(entry.training)
    return sorted(by_service.values(), key=lambda e: (e.service.order, e.service.code))


@dataclass(frozen=True)
class TrainingNeeds:
    members: int  # distinct members who need training on at least one service
    by_service: list[tuple[Service, int]]  # services some member needs training on


def training_needs(*, root: OrgUnit, on: dt.date) -> TrainingNeeds:
    """What the letter's difficulties cite: members of root's subtree active on ``on``
    whose level that day is "needs training", per service and in all."""
    rows = list(
        _current_skills(members_active_under(root=root, on=on), on).filter(
            level=ServiceSkill.NEEDS_TRAINING
        )
    )
    per_service: dict[int, tuple[Service, int]] = {}
    for row in rows:
        service, n = per_service.get(row.service_id, (row.service, 0))
        per_service[row.service_id] = (service, n + 1)
    ordered = sorted(per_service.values(), key=lambda e: (e[0].order, e[0].code))
    return TrainingNeeds(len({row.member_id for row in rows}), ordered)


def training_sessions(*, root: OrgUnit, limit: int = 20) -> QuerySet[TrainingSession]:
    """The latest training sessions of root's subtree, with who attended."""
    return (
        TrainingSession.objects.filter(root.subtree_q("unit"))
        .select_related("service", "unit")
        .prefetch_related("attendances__member")[:limit]
    )
