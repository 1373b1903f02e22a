"""The reports pages of a unit: requests received and sent, a unit's report, the signer.

Who may do what (everyone else gets 404, never 403):

- read the requests, the reports, their letters and the consolidation: anyone who sees
  the unit (``access_unit``): its officers and the officers above. A neighbourhood's
  member sees no ward, so nothing here; a ward officer sees nothing of another ward;
- write and submit the ward's report: the ward's officers and administrators
  (:func:`_writer_unit`);
- send requests, return and accept reports, the city's letter: officers of the unit
  that asks (or above it) and administrators (:func:`_may_review`);
- the signer: the unit's own officers (:func:`_letter_unit`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocua.accounts.models import User
from gocua.accounts.permissions import is_upper_officer_of, is_ward_officer
from gocua.accounts.selectors import access_unit, access_ward_officer_unit, visible_ancestors
from gocua.audit.services import audit_log
from gocua.indicators.selectors import findings
from gocua.lib.dates import day_text, short_date, today
from gocua.lib.errors import Problem
from gocua.lib.forms import form_submit
from gocua.orgunits.models import Level, OrgUnit
from gocua.reports import forms, selectors, services
from gocua.reports.consolidation import Timeliness, consolidation_xlsx
from gocua.reports.content import city_letter, report_letter
from gocua.reports.letters import (
    Letter,
    committee,
    letter_html_fragment,
    render_docx,
    render_pdf,
)
from gocua.reports.models import Report, ReportRequest, ReportStatus

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FINDINGS = 50


# Access ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _writer_unit(request: HttpRequest, code: str) -> OrgUnit:
    """The ward's officers (and administrators) write and submit its report."""
    return access_ward_officer_unit(_user(request), code)


def _may_review(user: User, report_request: ReportRequest) -> bool:
    """Officers of the unit that asked (or above it) send, return and accept."""
    return user.is_admin or (is_upper_officer_of(user, report_request.from_unit))


def _may_request(user: User, unit: OrgUnit) -> bool:
    return unit.level in services.REQUEST_LEVELS and (
        user.is_admin or (is_upper_officer_of(user, unit))
    )


def _may_sign(user: User, unit: OrgUnit) -> bool:
    """Who sets the unit's signer: a ward's officers for a ward, a city's (or a
    province's) officers for theirs, administrators for any."""
    if unit.level not in services.LETTER_LEVELS:
        return False
    if user.is_admin:
        return True
    if unit.level == Level.COMMUNE:
        return is_ward_officer(user, unit)
    return is_upper_officer_of(user, unit)


def _letter_unit(request: HttpRequest, code: str) -> OrgUnit:
    unit = access_unit(_user(request), code)
    if not _may_sign(_user(request), unit):
        raise Http404("unit not found")
    return unit


def _request_of(request: HttpRequest, unit: OrgUnit, pk: int) -> ReportRequest:
    """A request the unit sent, seen by the user."""
    found = selectors.access_request(_user(request), pk)
    if found.from_unit_id != unit.pk:
        raise Http404("request not found")
    return found


def _report_of(request: HttpRequest, unit: OrgUnit, pk: int) -> Report:
    """A report of the unit, seen by the user."""
    report = selectors.access_report(_user(request), pk)
    if report.unit_id != unit.pk:
        raise Http404("report not found")
    return report


def _context(request: HttpRequest, unit: OrgUnit, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    return {
        "unit": unit,
        "crumbs": visible_ancestors(_user(request), unit),
        "may_request": _may_request(user, unit),
        "may_sign": _may_sign(user, unit),
        **extra,
    }


def _back(request: HttpRequest, default: str) -> str:
    """Where a POST returns: the page it came from if it is ours, else ``default``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _letter_download(
    request: HttpRequest,
    *,
    fmt: str,
    build: Callable[[], Letter],
    back: str,
    filename: str,
    action: str,
    unit: OrgUnit,
    obj: tuple[str, int],
    detail: dict[str, Any],
) -> HttpResponse:
    """The letter as ``FILENAME.docx`` or ``.pdf``, logged; back to ``back`` with the
    reason when it cannot be made (no signer)."""
    if fmt not in FORMATS:
        raise Http404("no such format")
    try:
        letter = build()
        data = render_docx(letter) if fmt == "docx" else render_pdf(letter)
    except Problem as problem:
        messages.error(request, problem.localized())
        return redirect(back)
    audit_log(
        action=action,
        user=_user(request),
        unit_code=unit.code,
        object_type=obj[0],
        object_id=obj[1],
        detail={"format": fmt, **detail},
    )
    return _download(data, FORMATS[fmt], f"{filename}.{fmt}")


def _slug(text: str) -> str:
    """``389/UBND-VHTT`` → ``389-UBND-VHTT``: a part of a file name."""
    return re.sub(r"[^0-9A-Za-z]+", "-", text.replace("Đ", "D")).strip("-") or "x"


# The unit's reports page -----------------------------------------------------------------


@login_required
def index(request: HttpRequest, code: str) -> HttpResponse:
    """Requests addressed to the unit (with its report's status) and requests it sent."""
    unit = access_unit(_user(request), code)
    user = _user(request)
    received = list(selectors.requests_inbox(user=user, unit=unit))
    reports = selectors.reports_of(unit=unit, requests=received)
    now = today()
    inbox = []
    for item in received:
        report = reports.get(item.pk)
        timeliness = selectors.report_timeliness(report, unit, item.deadline)
        inbox.append(
            {
                "request": item,
                "report": report,
                "overdue": timeliness is Timeliness.MISSING and item.deadline < now,
                "late": timeliness is Timeliness.LATE,
            }
        )
    signatory = selectors.signatory_of(unit)
    return render(
        request,
        "reports/index.html",
        _context(
            request,
            unit,
            inbox=inbox,
            sent=list(selectors.requests_sent(user=user, unit=unit)),
            may_write=is_ward_officer(user, unit),
            signatory=signatory,
            sends_letters=unit.level in services.LETTER_LEVELS,
        ),
    )


@login_required
def signer(request: HttpRequest, code: str) -> HttpResponse:
    unit = _letter_unit(request, code)
    current = selectors.signatory_of(unit)
    initial = (
        {
            "name": current.name,
            "title": current.title,
            "collective": current.collective,
            "signing": current.prefix,
            "signer_title": current.signer_title,
            "symbol": current.symbol,
        }
        if current
        else None
    )
    form = forms.SignatoryForm(request.POST or None, initial=initial)
    response = form_submit(
        request,
        form,
        lambda data: services.signatory_set(
            unit=unit,
            user=_user(request),
            prefix=data["signing"],
            **{name: value for name, value in data.items() if name != "signing"},
        ),
        done=_("The signer is saved."),
        then=lambda _result: redirect("reports:index", unit.code),
    )
    if response is not None:
        return response
    return render(
        request,
        "reports/form.html",
        _context(
            request,
            unit,
            form=form,
            title=_("Signer of the letters of %(unit)s") % {"unit": unit.name},
            intro=_(
                "Who signs the unit's official letters, and the symbol their numbers carry "
                "(Decree 30/2020/NĐ-CP)."
            ),
            back=reverse("reports:index", args=[unit.code]),
        ),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# Requests (the unit that asks) -----------------------------------------------------------


@login_required
def request_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    if not _may_request(_user(request), unit):
        raise Http404("unit not found")
    choices = selectors.request_default_units(unit, on=None)
    now = today()
    form = forms.RequestForm(
        request.POST or None,
        units=choices,
        initial={
            "date": now,
            "start": now.replace(month=1, day=1),
            "end": now,
            "deadline": now,
            "units": list(
                selectors.request_default_units(unit, on=now).values_list("pk", flat=True)
            ),
            "subject": "báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng",
        },
    )
    response = form_submit(
        request,
        form,
        lambda data: services.request_create(
            from_unit=unit,
            number=data["number"],
            date=data["date"],
            subject=data["subject"],
            start=data["start"],
            end=data["end"],
            deadline=data["deadline"],
            codes=data["codes"],
            units=list(data["units"]),
            user=_user(request),
        ),
        done=lambda created: (
            _("Request %(number)s is sent to %(count)d units.")
            % {"number": created.number, "count": len(form.cleaned_data["units"])}
        ),
        then=lambda created: redirect("reports:request", unit.code, created.pk),
    )
    if response is not None:
        return response
    return render(
        request,
        "reports/form.html",
        _context(
            request,
            unit,
            form=form,
            title=_("Ask the units below for a report"),
            back=reverse("reports:index", args=[unit.code]),
        ),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def request_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Each addressed unit's status and timeliness, return/accept, the consolidation."""
    unit = access_unit(_user(request), code)
    report_request = _request_of(request, unit, pk)
    rows, consolidation = selectors.request_overview(report_request)
    return render(
        request,
        "reports/request.html",
        _context(
            request,
            unit,
            report_request=report_request,
            rows=rows,
            consolidation=consolidation,
            may_review=_may_review(_user(request), report_request),
            signatory=selectors.signatory_of(unit),
            return_form=forms.ReturnForm(),
        ),
    )


@login_required
def request_xlsx(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = access_unit(_user(request), code)
    report_request = _request_of(request, unit, pk)
    c = selectors.request_consolidation(report_request)
    title = (
        f"Tổng hợp báo cáo theo Công văn số {report_request.number} ngày "
        f"{short_date(report_request.date)} của {committee(unit.name, short=True)}"
    )
    audit_log(
        action="reports.consolidation.export",
        user=_user(request),
        unit_code=unit.code,
        object_type="report_request",
        object_id=report_request.pk,
        rows=len(c.rows),
        detail={"format": "xlsx", "request": report_request.number},
    )
    return _download(
        consolidation_xlsx(c, title=title),
        XLSX,
        f"tong-hop-{_slug(report_request.number)}.xlsx",
    )


@login_required
def request_letter(request: HttpRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    report_request = _request_of(request, unit, pk)
    return _letter_download(
        request,
        fmt=fmt,
        build=lambda: city_letter(report_request, selectors.request_consolidation(report_request)),
        back=reverse("reports:request", args=[unit.code, report_request.pk]),
        filename=f"bao-cao-{unit.code}-{_slug(report_request.number)}",
        action="reports.city_letter.export",
        unit=unit,
        obj=("report_request", report_request.pk),
        detail={"request": report_request.number},
    )


# Reports (the unit that answers) ---------------------------------------------------------


@login_required
@require_POST
def report_start(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _writer_unit(request, code)
    report_request = selectors.access_request(_user(request), pk)
    try:
        report = services.report_start(request=report_request, unit=unit, user=_user(request))
    except Problem as problem:
        messages.error(request, problem.localized())
        return redirect("reports:index", unit.code)
    return redirect("reports:report", unit.code, report.pk)


@login_required
def report_page(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The report: the letter's fields while editable, its preview, the findings to
    resolve, submission, the city's decision and the history."""
    unit = access_unit(_user(request), code)
    report = _report_of(request, unit, pk)
    user = _user(request)
    may_write = is_ward_officer(user, unit) and report.editable
    report_request = report.request
    initial = {
        "day": report.day or report_request.end,
        "recipients": report.recipients,
        "lessons": report.lessons,
        "difficulties": report.difficulties,
        "proposals": report.proposals,
        "copies": report.copies,
    }
    form = forms.ReportForm(request.POST or None, initial=initial) if may_write else None
    if request.method == "POST":
        if form is None:
            raise Http404("report not editable")
        response = form_submit(
            request,
            form,
            lambda data: services.report_update(report=report, user=_user(request), **data),
            done=_("The report is saved."),
            then=lambda _result: redirect("reports:report", unit.code, report.pk),
        )
        if response is not None:
            return response
    preview = None
    preview_problem = ""
    try:
        preview = letter_html_fragment(report_letter(report))
    except Problem as problem:
        preview_problem = problem.localized()
    language = get_language() or "vi"
    found = []
    if report.editable:
        found = findings(unit=unit, as_of=report_request.end, start=report_request.start)
    blocking = [f for f in found if f.blocking]
    return render(
        request,
        "reports/report.html",
        _context(
            request,
            unit,
            report=report,
            report_request=report_request,
            form=form,
            may_write=may_write,
            may_review=_may_review(user, report_request)
            and report.status == ReportStatus.SUBMITTED,
            preview=preview,
            preview_problem=preview_problem,
            findings=[(f, *f.localized(language)) for f in found[:MAX_FINDINGS]],
            findings_total=len(found),
            blocking=len(blocking),
            submit_form=forms.SubmitForm(),
            return_form=forms.ReturnForm(),
            events=list(selectors.report_events(report)),
            signatory=selectors.signatory_of(unit),
        ),
        status=400 if form is not None and form.is_bound else 200,
    )


@login_required
@require_POST
def report_submit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _writer_unit(request, code)
    report = _report_of(request, unit, pk)
    form = forms.SubmitForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        report = services.report_submit(report=report, user=_user(request), reason=reason)
    except Problem as problem:
        messages.error(request, problem.localized())
    else:
        messages.success(
            request,
            _("The report is submitted as letter %(number)s (version %(version)d).")
            % {"number": report.number.text if report.number else "", "version": report.version},
        )
    return redirect("reports:report", unit.code, report.pk)


def _reviewed(request: HttpRequest, code: str, pk: int) -> tuple[OrgUnit, Report]:
    unit = access_unit(_user(request), code)
    report = _report_of(request, unit, pk)
    if not _may_review(_user(request), report.request):
        raise Http404("report not found")
    return unit, report


@login_required
@require_POST
def report_return(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit, report = _reviewed(request, code, pk)
    form = forms.ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.report_return(report=report, user=_user(request), comment=comment)
    except Problem as problem:
        messages.error(request, problem.localized())
    else:
        messages.success(
            request, _("The report of %(unit)s is returned.") % {"unit": report.unit.name}
        )
    return redirect(_back(request, reverse("reports:report", args=[unit.code, report.pk])))


@login_required
def report_accept(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """GET: a page saying what accepting locks; POST: accept."""
    unit, report = _reviewed(request, code, pk)
    if request.method != "POST":
        period = report.request
        words = {
            "unit": report.unit.name,
            "start": day_text(period.start),
            "end": day_text(period.end),
            "number": period.number,
        }
        back = _back_get(request, reverse("reports:report", args=[unit.code, report.pk]))
        return render(
            request,
            "front/confirm.html",
            _context(
                request,
                unit,
                head_template="reports/_head.html",
                title=_("Accept the report of %(unit)s?") % words,
                consequences=[
                    _(
                        "Accepting the report locks the figures of the period %(start)s to "
                        "%(end)s: %(unit)s can no longer change the figures it entered for it."
                    )
                    % words,
                    _(
                        "The report counts as received for request %(number)s; the letter and "
                        "its figures stay as they were sent."
                    )
                    % words,
                ],
                undo_note=_("An accepted report cannot be returned afterwards."),
                confirm_label=_("Accept the report"),
                back=back,
                next=back,
            ),
        )
    try:
        services.report_accept(report=report, user=_user(request))
    except Problem as problem:
        messages.error(request, problem.localized())
    else:
        messages.success(
            request, _("The report of %(unit)s is accepted.") % {"unit": report.unit.name}
        )
    return redirect(_back(request, reverse("reports:report", args=[unit.code, report.pk])))


def _back_get(request: HttpRequest, default: str) -> str:
    """The page a confirmation link came from (``?next=``) if it is ours, else ``default``."""
    target = request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def report_download(request: HttpRequest, code: str, pk: int, fmt: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    report = _report_of(request, unit, pk)
    return _letter_download(
        request,
        fmt=fmt,
        build=lambda: report_letter(report),
        back=reverse("reports:report", args=[unit.code, report.pk]),
        filename=f"bao-cao-{unit.code}-{_slug(report.request.number)}",
        action="reports.report.export",
        unit=unit,
        obj=("report", report.pk),
        detail={
            "request": report.request.number,
            "version": report.version,
            "status": report.status,
        },
    )
