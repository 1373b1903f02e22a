"""Reads of the reports app. Every read that a person triggers takes the user (or a unit
the caller got through ``accounts.selectors.access_unit``), so scoping cannot be
forgotten: a ward officer sees the requests addressed to the ward and its own reports,
the officers above see theirs and the reports of the units below; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, Q, QuerySet
from django.http import Http404

from gocua.accounts.models import User
from gocua.accounts.permissions import can_see
from gocua.accounts.selectors import visible_units
from gocua.indicators.selectors import definitions_in_force
from gocua.orgunits.models import Level, OrgUnit
from gocua.reports.consolidation import (
    ACTIVITY_NAMES,
    GUIDED,
    SESSIONS,
    Consolidation,
    Timeliness,
    WardSubmission,
    consolidate,
    timeliness_of,
)
from gocua.reports.letters.compose import INDICATOR_SHORT
from gocua.reports.models import (
    IssuedNumber,
    Report,
    ReportEvent,
    ReportRequest,
    ReportStatus,
    Signatory,
)


def issued_numbers(*, unit: OrgUnit, year: int | None = None) -> QuerySet[IssuedNumber]:
    """The unit's register of outgoing letters, newest first."""
    numbers = IssuedNumber.objects.filter(unit=unit)
    if year is not None:
        numbers = numbers.filter(year=year)
    return numbers.order_by("-year", "-sequence")


def issued_number_find(*, unit: OrgUnit, year: int, sequence: int) -> IssuedNumber | None:
    return IssuedNumber.objects.filter(unit=unit, year=year, sequence=sequence).first()


def signatory_of(unit: OrgUnit) -> Signatory | None:
    return Signatory.objects.filter(unit=unit).first()


# Requests -----------------------------------------------------------------------------------


def request_default_units(from_unit: OrgUnit, *, on: dt.date | None) -> QuerySet[OrgUnit]:
    """Who answers a request by default: the communes under ``from_unit`` existing on
    ``on`` (a city's wards; a province's communes, through its districts if any);
    ``on=None``: every commune under it, whenever it existed (what a form offers)."""
    communes = OrgUnit.objects.filter(from_unit.subtree_q(include_self=False), level=Level.COMMUNE)
    if on is not None:
        communes = communes.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )
    return communes.order_by("path")


def requests_inbox(*, user: User, unit: OrgUnit | None = None) -> QuerySet[ReportRequest]:
    """Requests addressed to units the user sees (to ``unit`` only, if given)."""
    units = visible_units(user)
    if unit is not None:
        units = units.filter(pk=unit.pk)
    return (
        ReportRequest.objects.filter(pk__in=ReportRequest.objects.filter(units__in=units))
        .select_related("from_unit")
        .order_by("-date", "-pk")
    )


def requests_sent(*, user: User, unit: OrgUnit | None = None) -> QuerySet[ReportRequest]:
    """Requests sent by units the user sees (by ``unit`` only, if given)."""
    requests = ReportRequest.objects.filter(from_unit__in=visible_units(user))
    if unit is not None:
        requests = requests.filter(from_unit=unit)
    return requests.select_related("from_unit").order_by("-date", "-pk")


def access_request(user: User, pk: int) -> ReportRequest:
    """The request if the user sees the unit that sent it or a unit it is addressed to."""
    request = ReportRequest.objects.select_related("from_unit").filter(pk=pk).first()
    if request is None:
        raise Http404("request not found")
    if can_see(user, request.from_unit):
        return request
    if request.units.filter(pk__in=visible_units(user)).exists():
        return request
    raise Http404("request not found")


def access_report(user: User, pk: int) -> Report:
    """The report if the user sees its unit (its officers, the officers above), else 404."""
    report = (
        Report.objects.select_related("request__from_unit", "unit", "number").filter(pk=pk).first()
    )
    if report is None or not can_see(user, report.unit):
        raise Http404("report not found")
    return report


def previous_report(*, unit: OrgUnit, request: ReportRequest) -> Report | None:
    """The unit's last submitted or accepted report of an earlier request: where a new
    draft takes its narrative from."""
    return (
        Report.objects.filter(
            unit=unit,
            status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED],
            request__date__lte=request.date,
        )
        .exclude(request=request)
        .order_by("-request__date", "-request__pk")
        .first()
    )


def report_events(report: Report) -> QuerySet[ReportEvent]:
    return report.events.select_related("user").order_by("at", "pk")


def reports_of(*, unit: OrgUnit, requests: list[ReportRequest]) -> dict[int, Report]:
    """request id → the unit's report answering it (one query)."""
    return {
        report.request_id: report
        for report in Report.objects.filter(unit=unit, request__in=requests)
    }


# The city's view of one request ----------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    """One addressed unit: its report (None: not started), status and timeliness."""

    unit: OrgUnit
    report: Report | None
    timeliness: Timeliness

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def reporting(self) -> str:
        """on_time, late, missing, or returned (sent back and not yet submitted again)."""
        if self.report is not None and self.report.status == ReportStatus.RETURNED:
            return "returned"
        return self.timeliness.value


def _addressed(request: ReportRequest) -> list[tuple[OrgUnit, Report | None]]:
    units = list(request.units.order_by("path"))
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(request=request)
        .select_related("number")
        .annotate(first_submitted=_FIRST_SUBMITTED)
    }
    return [(unit, reports.get(unit.pk)) for unit in units]


def _submission(unit: OrgUnit, report: Report | None) -> WardSubmission:
    return WardSubmission(
        unit_code=unit.code,
        unit_name=unit.name,
        submitted_at=report.submitted_at if report else None,
        first_submitted_at=_first_submitted(report),
        figures=report.figure_pairs if report else {},
        status=report.status if report else "draft",
    )


_FIRST_SUBMITTED = Min("events__at", filter=Q(events__action=ReportEvent.Action.SUBMIT))


def _first_submitted(report: Report | None) -> dt.datetime | None:
    """When the report was first sent (timeliness follows it, domain.md)."""
    if report is None or report.submitted_at is None:
        return None
    if hasattr(report, "first_submitted"):
        return report.first_submitted  # type: ignore[no-any-return]
    first = report.events.filter(action=ReportEvent.Action.SUBMIT).aggregate(at=Min("at"))["at"]
    return first if isinstance(first, dt.datetime) else None


def report_timeliness(report: Report | None, unit: OrgUnit, deadline: dt.date) -> Timeliness:
    """On time, late or missing, as the consolidation counts it."""
    return timeliness_of(_submission(unit, report), deadline)


def request_rows(request: ReportRequest) -> list[RequestRow]:
    """Each addressed unit with its report, on time / late / missing."""
    return request_overview(request)[0]


def request_codes(request: ReportRequest) -> tuple[list[str], dict[str, str]]:
    """The codes a request's consolidation shows, in order, with names for the codes
    the letters do not name: the codes asked (every indicator in force on the end
    date when none), then the sessions and residents guided."""

    definitions = {d.code: d for d in definitions_in_force(as_of=request.end)}
    codes = list(request.codes) or list(definitions)
    codes += [code for code in (SESSIONS, GUIDED) if code not in codes]
    names = {
        code: definitions[code].short_vi or definitions[code].name_vi
        for code in codes
        if code in definitions and code not in INDICATOR_SHORT and code not in ACTIVITY_NAMES
    }
    return codes, names


def request_consolidation(request: ReportRequest) -> Consolidation:
    """The consolidation of the received reports (see :mod:`.consolidation`)."""
    return request_overview(request)[1]


def request_overview(request: ReportRequest) -> tuple[list[RequestRow], Consolidation]:
    """:func:`request_rows` and :func:`request_consolidation` from one read of the
    addressed units and their reports (the request page shows both)."""
    addressed = _addressed(request)
    submissions = [_submission(unit, report) for unit, report in addressed]
    rows = [
        RequestRow(unit, report, timeliness_of(submission, request.deadline))
        for (unit, report), submission in zip(addressed, submissions, strict=True)
    ]
    codes, names = request_codes(request)
    consolidation = consolidate(
        submissions=submissions, deadline=request.deadline, codes=codes, names=names
    )
    return rows, consolidation


def current_request(*, unit: OrgUnit, as_of: dt.date) -> ReportRequest | None:
    """The unit's latest request to the units below it dated on or before ``as_of``: the
    one whose reporting an overview shows."""
    return (
        ReportRequest.objects.filter(from_unit=unit, date__lte=as_of)
        .order_by("-date", "-pk")
        .first()
    )
