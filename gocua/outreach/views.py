"""The outreach pages of a unit: team page, visit list, sessions, documents, teams, catalogue.

Who may do what (everyone else gets 404, never 403):

- read: anyone who sees the unit (``access_unit``): its officers, upper officers,
  the members of a neighbourhood for that neighbourhood;
- log sessions, bulk guidance and door-to-door visits: members and ward officers
  of the unit (``access_unit_for_edit``);
- documents, teams, members, the catalogue and deleting a session: ward
  officers of the ward and administrators (:func:`_officer_unit`);
- a member's levels per service: the member themself and the ward officer
  (``permissions.may_assess_skills``); training sessions: the ward officer
  (``permissions.may_record_training``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocua.accounts.models import User
from gocua.accounts.permissions import (
    can_edit,
    catalogue_province,
    is_ward_officer,
    may_assess_skills,
    may_edit_catalogue,
    may_hide_service,
    may_record_training,
)
from gocua.accounts.selectors import (
    access_unit,
    access_unit_for_edit,
    access_ward_officer_unit,
    visible_ancestors,
)
from gocua.audit.services import audit_log
from gocua.lib.dates import day_text, parse_date, today
from gocua.lib.errors import Problem
from gocua.lib.forms import form_submit
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach import forms, labels, selectors
from gocua.outreach.models import (
    ActivityChannel,
    LegalDocument,
    Member,
    Service,
    Team,
)
from gocua.outreach.services import catalogue as catalogue_services
from gocua.outreach.services import documents as documents_services
from gocua.outreach.services import sessions as sessions_services
from gocua.outreach.services import skills as skills_services
from gocua.outreach.services import teams as teams_services

PAGE_SIZE = 50
REGISTER_LEVELS = {Level.PROVINCE, Level.DISTRICT, Level.COMMUNE}


# Access ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _officer_unit(request: HttpRequest, code: str) -> OrgUnit:
    return access_ward_officer_unit(_user(request), code)


def _team(unit: OrgUnit, pk: int) -> Team:
    return selectors.team_get(unit=unit, pk=pk)


def _member(unit: OrgUnit, pk: int) -> Member:
    return selectors.member_get(unit=unit, pk=pk)


def _document(unit: OrgUnit, pk: int) -> LegalDocument:
    return selectors.document_get(unit=unit, pk=pk)


def _context(request: HttpRequest, unit: OrgUnit, **extra: Any) -> dict[str, Any]:
    user = _user(request)
    return {
        "unit": unit,
        "crumbs": visible_ancestors(_user(request), unit),
        "can_log": can_edit(user, unit),
        "is_officer": is_ward_officer(user, unit),
        "has_register": unit.level in REGISTER_LEVELS,
        **extra,
    }


def _submit_or_page(
    request: HttpRequest,
    unit: OrgUnit,
    form: Any,
    action: Any,
    *,
    done: str,
    then: Any,
    **page: Any,
) -> HttpResponse:
    """:func:`form_submit`, or the form's page (first view, invalid form, refused write)."""
    response = form_submit(request, form, action, done=done, then=then)
    return response if response is not None else _form_page(request, unit, form, **page)


def _form_page(
    request: HttpRequest,
    unit: OrgUnit,
    form: Any,
    *,
    title: str,
    back: str,
    multipart: bool = False,
    intro: str = "",
    template: str = "outreach/form.html",
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        _context(
            request,
            unit,
            form=form,
            title=title,
            back=back,
            multipart=multipart,
            intro=intro,
            **extra,
        ),
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


# The period of a page ------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    years: list[int]

    def query(self) -> str:
        return f"from={self.start.isoformat()}&to={self.end.isoformat()}"


def _period(request: HttpRequest, unit: OrgUnit) -> Period:
    """``?from=&to=`` (or ``?year=``), by default 1 January of this year to today."""
    now = today()
    end, start = now, dt.date(now.year, 1, 1)
    year = request.GET.get("year", "")
    try:
        if year.isdigit() and 2000 <= int(year) <= now.year:
            start, end = dt.date(int(year), 1, 1), min(dt.date(int(year), 12, 31), now)
        if request.GET.get("to"):
            end = parse_date(request.GET["to"])
        if request.GET.get("from"):
            start = parse_date(request.GET["from"])
        elif request.GET.get("to"):
            start = dt.date(end.year, 1, 1)
    except Problem as problem:
        messages.error(request, problem.localized())
        end, start = now, dt.date(now.year, 1, 1)
    if start > end:
        messages.error(request, _("The period starts after it ends; showing this year."))
        end, start = now, dt.date(now.year, 1, 1)
    return Period(start, end, selectors.session_years(root=unit))


# The team page ------------------------------------------------------------------------


@login_required
def team_page(request: HttpRequest, code: str) -> HttpResponse:
    """This period's sessions by channel, residents guided per member, door-to-door
    coverage per neighbourhood, and the teams of the unit and below."""
    unit = access_unit(_user(request), code)
    period = _period(request, unit)
    start, end = period.start, period.end
    teams = list(selectors.teams_under(root=unit))
    by_channel = selectors.sessions_by_channel(root=unit, start=start, end=end)
    guided = selectors.guided_by_unit(root=unit, start=start, end=end)
    coverage = selectors.door_to_door_coverage(root=unit, start=start, end=end)
    skills = selectors.skills_by_service(root=unit, on=end)
    user = _user(request)
    own = (
        selectors.members_active_under(root=unit, on=today()).filter(user=user).first()
        if user.is_authenticated
        else None
    )
    return render(
        request,
        "outreach/team.html",
        _context(
            request,
            unit,
            period=period,
            teams=teams,
            own_team=next((t for t in teams if t.unit_id == unit.pk and not t.active_until), None),
            can_have_team=unit.level in teams_services.TEAM_LEVELS,
            flagged=sum(1 for t in teams if t.lacks_decision and not t.active_until),
            by_channel=by_channel,
            sessions_total=sum(c.sessions for c in by_channel),
            people_total=sum(c.people_reached or 0 for c in by_channel),
            guided_total=sum(guided.values()),
            members=list(selectors.guided_by_member(root=unit, start=start, end=end)),
            coverage=coverage,
            households_total=sum(c.households for c in coverage),
            visited_total=sum(c.visited for c in coverage),
            leaflets_total=sum(c.leaflets or 0 for c in by_channel),
            skills=skills,
            skills_unassessed=[e for e in skills if not (e.guide or e.use or e.training)],
            own_member=own,
            may_train=may_record_training(user, unit),
            training_sessions=list(selectors.training_sessions(root=unit, limit=5)),
        ),
    )


VISIT_LIST_PAGE = 200  # households per page of the visit list


@login_required
def visit_list(request: HttpRequest, code: str) -> HttpResponse:
    """The printable list of households not yet visited in the period; members and
    officers tick the ones they visited (one door-to-door session per neighbourhood)."""
    unit = access_unit(_user(request), code)
    period = _period(request, unit)
    if request.method == "POST":
        unit = access_unit_for_edit(_user(request), code)
        ids = [int(v) for v in request.POST.getlist("household") if v.isdigit()]
        try:
            day = parse_date(request.POST.get("day", "") or today().isoformat())
            sessions = sessions_services.household_visits_record(
                unit=unit, day=day, household_ids=ids, user=_user(request)
            )
        except Problem as problem:
            messages.error(request, problem.localized())
        else:
            messages.success(
                request,
                _("%(households)d households recorded as visited.") % {"households": len(ids)},
            )
            del sessions
        return redirect(f"{reverse('outreach:visits', args=[unit.code])}?{period.query()}")
    # A page at a time: a ward's whole list was 12 s and 18 MB of HTML (issue 12).
    page = Paginator(
        selectors.households_not_visited(root=unit, start=period.start, end=period.end),
        VISIT_LIST_PAGE,
    ).get_page(request.GET.get("page"))
    households = list(page.object_list)
    audit_log(
        action="outreach.visit_list.view",
        user=_user(request),
        unit_code=unit.code,
        rows=len(households),
        detail={
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "page": page.number,
        },
    )
    return render(
        request,
        "outreach/visits.html",
        _context(request, unit, period=period, households=households, page=page, today=today()),
    )


# Sessions and bulk guidance --------------------------------------------------------------


@login_required
def sessions(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    period = _period(request, unit)
    channel = request.GET.get("channel", "")
    rows = selectors.sessions_list(root=unit, start=period.start, end=period.end, channel=channel)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/sessions.html",
        _context(
            request,
            unit,
            period=period,
            page=page,
            channel=channel,
            channels=selectors.all_channels(),
            undo=_session_undo(request, unit),
        ),
    )


@login_required
def session_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit_for_edit(_user(request), code)
    form = forms.SessionForm(
        request.POST or None,
        units=selectors.log_units(unit),
        where=unit,
        initial={"unit": unit},
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: sessions_services.activity_create(
            unit=data["unit"],
            date=data["date"],
            channel=data["channel"],
            services=data["services"],
            people_reached=data["people_reached"],
            leaflets=data["leaflets"],
            notes=data["notes"],
            user=_user(request),
        ),
        done=_("The session is logged."),
        then=lambda _result: redirect("outreach:sessions", unit.code),
        title=_("Log an outreach session"),
        back=reverse("outreach:sessions", args=[unit.code]),
    )


def _session_words(activity: Any) -> dict[str, str]:
    return {
        "date": day_text(activity.date),
        "channel": forms.local_name(activity.channel),
        "unit": activity.unit.name,
    }


@login_required
def session_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A page saying what deleting the session does; the deletion can be undone for a few
    minutes from the banner of the session log."""
    unit = _officer_unit(request, code)
    activity = selectors.activity_get(unit=unit, pk=pk)
    if request.method == "POST":
        try:
            sessions_services.activity_delete(activity=activity, user=_user(request))
        except Problem as problem:
            messages.error(request, problem.localized())
            return redirect("outreach:sessions", unit.code)
        url = reverse("outreach:sessions", args=[unit.code])
        return redirect(f"{url}?deleted={activity.pk}")
    words = _session_words(activity)
    minutes = int(sessions_services.UNDO_WINDOW.total_seconds() // 60)
    return render(
        request,
        "front/confirm.html",
        _context(
            request,
            unit,
            head_template="outreach/_head.html",
            title=_("Delete the session of %(date)s?") % words,
            consequences=[
                _("The session of %(date)s (%(channel)s, %(unit)s) will be deleted.") % words,
                _(
                    "It will no longer count anywhere: the session log, the indicators "
                    "(sessions held, people helped at it), the visit list and the report."
                ),
            ],
            undo_note=_("You can undo it within %(minutes)s minutes; after that it is gone.")
            % {"minutes": minutes},
            confirm_label=_("Delete the session"),
            back=reverse("outreach:sessions", args=[unit.code]),
        ),
    )


def _session_undo(request: HttpRequest, unit: OrgUnit) -> dict[str, Any] | None:
    """The undo banner after a deletion (``?deleted=<pk>``), while the window is open."""
    pk = request.GET.get("deleted", "")
    if not pk.isdigit() or not is_ward_officer(_user(request), unit):
        return None
    try:
        activity = selectors.deleted_activity_get(unit=unit, pk=int(pk))
    except Http404:
        return None
    deleted_at = activity.deleted_at
    if deleted_at is None or timezone.now() - deleted_at > sessions_services.UNDO_WINDOW:
        return None
    minutes = int(sessions_services.UNDO_WINDOW.total_seconds() // 60)
    return {
        "text": _("The session of %(date)s is deleted. You can undo it within %(minutes)s minutes.")
        % {**_session_words(activity), "minutes": minutes},
        "action": reverse("outreach:session_restore", args=[unit.code, activity.pk]),
        "fields": [],
        "label": _("Undo"),
    }


@login_required
@require_POST
def session_restore(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    activity = selectors.deleted_activity_get(unit=unit, pk=pk)
    try:
        sessions_services.activity_restore(activity=activity, user=_user(request))
    except Problem as problem:
        messages.error(request, problem.localized())
    else:
        messages.success(
            request, _("Undone: the session of %(date)s is back.") % _session_words(activity)
        )
    return redirect("outreach:sessions", unit.code)


@login_required
def bulk_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit_for_edit(_user(request), code)
    initial: dict[str, Any] = {"unit": unit, "date": today()}
    if request.GET.get("session", "").isdigit():
        initial["activity"] = int(request.GET["session"])
    form = forms.BulkGuidanceForm(
        request.POST or None,
        units=selectors.log_units(unit),
        sessions=selectors.recent_sessions(unit=unit),
        where=unit,
        initial=initial,
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: sessions_services.bulk_guidance_record(
            unit=data["unit"],
            date=data["date"] or (data["activity"].date if data["activity"] else today()),
            counts=form.counts(),
            activity=data["activity"],
            user=_user(request),
        ),
        done=_("The people helped are recorded."),
        then=lambda _result: redirect("outreach:team", unit.code),
        title=_("People helped at a session"),
        intro=_(
            "For a meeting where many people were helped without a record each: how many "
            "were helped on each service."
        ),
        back=reverse("outreach:team", args=[unit.code]),
    )


# Documents --------------------------------------------------------------------------------


def _register_unit(request: HttpRequest, code: str, *, edit: bool = False) -> OrgUnit:
    unit = _officer_unit(request, code) if edit else access_unit(_user(request), code)
    if unit.level not in REGISTER_LEVELS:
        raise Http404("no register")
    return unit


@login_required
def documents(request: HttpRequest, code: str) -> HttpResponse:
    unit = _register_unit(request, code)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in labels.DOCUMENT_KINDS:
        kind = ""
    rows = selectors.documents_search(unit=unit, query=query, kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "outreach/documents.html",
        _context(
            request, unit, page=page, query=query, kind=kind, kinds=labels.DOCUMENT_KINDS.items()
        ),
    )


def _document_kwargs(data: dict[str, Any], files: Any) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "number": data["number"],
        "date": data["date"],
        "issuer": data["issuer"],
        "summary": data["summary"],
        "cite_in_reports": data["cite_in_reports"],
        "file": files.get("file"),
    }


@login_required
def document_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _register_unit(request, code, edit=True)
    form = forms.DocumentForm(
        request.POST or None,
        request.FILES or None,
        initial={"issuer": f"UBND {unit.name[0].lower()}{unit.name[1:]}", "kind": "decision"},
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: documents_services.document_create(
            unit=unit, user=_user(request), **_document_kwargs(data, request.FILES)
        ),
        done=_("The document is registered."),
        then=lambda _result: redirect("outreach:documents", unit.code),
        title=_("Register a document"),
        back=reverse("outreach:documents", args=[unit.code]),
        multipart=True,
    )


@login_required
def document_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _register_unit(request, code, edit=True)
    document = _document(unit, pk)
    initial = {
        "kind": document.kind,
        "number": document.number,
        "date": document.date,
        "issuer": document.issuer,
        "summary": document.summary,
        "cite_in_reports": document.cite_in_reports,
    }
    form = forms.DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: documents_services.document_update(
            document=document,
            issuer_unit=document.issuer_unit,
            user=_user(request),
            **_document_kwargs(data, request.FILES),
        ),
        done=_("The document is saved."),
        then=lambda _result: redirect("outreach:documents", unit.code),
        title=_("Document %(number)s") % {"number": document.number},
        back=reverse("outreach:documents", args=[unit.code]),
        multipart=True,
    )


@login_required
def document_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """The attached file, to those who see the register (media is never served openly)."""
    unit = _register_unit(request, code)
    document = _document(unit, pk)
    if not document.file:
        raise Http404("no file")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=False,
        filename=(document.file.name or "").rsplit("/", 1)[-1],
    )


# Teams and members --------------------------------------------------------------------------


@login_required
def team_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = access_unit(_user(request), code)
    team = _team(unit, pk)
    members = list(selectors.team_members(team=team))
    return render(
        request,
        "outreach/team_detail.html",
        _context(
            request,
            unit,
            team=team,
            members=members,
            reconstitutions=selectors.team_reconstitutions(team),
            team_officer=is_ward_officer(_user(request), team.unit),
        ),
    )


@login_required
def team_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _officer_unit(request, code)
    form = forms.TeamForm(
        request.POST or None,
        decisions=selectors.team_decisions(unit=unit),
        initial={"name": f"Tổ Công nghệ số cộng đồng {unit.name}"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            team = teams_services.team_create(
                unit=unit,
                name=data["name"],
                decision=data["decision"],
                active_from=data["active_from"],
                user=_user(request),
            )
        except Problem as problem:
            form.add_error(None, problem.localized())
        else:
            if team.lacks_decision:
                messages.warning(
                    request, _("The team has no decision setting it up: it is flagged.")
                )
            return redirect("outreach:team_detail", unit.code, team.pk)
    return _form_page(
        request,
        unit,
        form,
        title=_("Set up the team"),
        back=reverse("outreach:team", args=[unit.code]),
    )


@login_required
def team_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    team = _team(unit, pk)
    form = forms.TeamEditForm(
        request.POST or None,
        decisions=selectors.team_decisions(unit=team.unit),
        initial={
            "name": team.name,
            "decision": team.decision_id,
            "active_from": team.active_from,
            "active_until": team.active_until,
        },
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: teams_services.team_update(
            team=team,
            name=data["name"],
            decision=data["decision"],
            active_from=data["active_from"],
            active_until=data["active_until"],
            user=_user(request),
        ),
        done=_("The team is saved."),
        then=lambda _result: redirect("outreach:team_detail", unit.code, team.pk),
        title=team.name,
        back=reverse("outreach:team_detail", args=[unit.code, team.pk]),
    )


@login_required
def team_reconstitute(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    team = _team(unit, pk)
    form = forms.ReconstituteForm(
        request.POST or None,
        decisions=selectors.team_decisions(unit=team.unit),
        members=selectors.current_members(team),
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: teams_services.team_reconstitute(
            team=team,
            decision=data["decision"],
            ending=data["ending"],
            note=data["note"],
            user=_user(request),
        ),
        done=_("The re-constitution is recorded."),
        then=lambda _result: redirect("outreach:team_detail", unit.code, team.pk),
        title=_("Re-constitute %(team)s") % {"team": team.name},
        intro=_(
            "A later decision re-constitutes the team (kiện toàn): the team and its history "
            "stay; tick the members who leave, then add the new ones."
        ),
        back=reverse("outreach:team_detail", args=[unit.code, team.pk]),
    )


def _member_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "full_name": data["full_name"],
        "role": data["role"],
        "phone": data["phone"],
        "skill_level": data["skill_level"],
        "login": data["login"],
        "active_from": data["active_from"],
        "active_until": data["active_until"],
    }


@login_required
def member_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    team = _team(unit, pk)
    form = forms.MemberForm(
        request.POST or None,
        logins=selectors.team_logins(team),
        initial={"active_from": team.active_from or today()},
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: teams_services.member_create(
            team=team, user=_user(request), **_member_kwargs(data)
        ),
        done=_("The member is added."),
        then=lambda _result: redirect("outreach:team_detail", unit.code, team.pk),
        title=_("Add a member to %(team)s") % {"team": team.name},
        back=reverse("outreach:team_detail", args=[unit.code, team.pk]),
    )


@login_required
def member_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    member = _member(unit, pk)
    form = forms.MemberForm(
        request.POST or None,
        logins=selectors.team_logins(member.team),
        initial={
            "full_name": member.full_name,
            "role": member.role,
            "phone": member.phone,
            "skill_level": member.skill_level,
            "login": member.user_id,
            "active_from": member.active_from,
            "active_until": member.active_until,
        },
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: teams_services.member_update(
            member=member, user=_user(request), **_member_kwargs(data)
        ),
        done=_("The member is saved."),
        then=lambda _result: redirect("outreach:team_detail", unit.code, member.team_id),
        title=member.full_name,
        back=reverse("outreach:team_detail", args=[unit.code, member.team_id]),
    )


@login_required
def training_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    member = _member(unit, pk)
    form = forms.TrainingForm(request.POST or None)
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: teams_services.training_create(
            member=member,
            date=data["date"],
            topic=data["topic"],
            user=_user(request),
        ),
        done=_("The training is recorded."),
        then=lambda _result: redirect("outreach:team_detail", unit.code, member.team_id),
        title=_("Training attended by %(name)s") % {"name": member.full_name},
        back=reverse("outreach:team_detail", args=[unit.code, member.team_id]),
    )


@login_required
def member_skills(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A member's levels per service, their history and trainings; the member themself
    and the ward officer set the levels (anyone else who sees the unit reads them)."""
    user = _user(request)
    unit = access_unit(user, code)
    member = _member(unit, pk)
    may = may_assess_skills(user, member.team.unit, member.user_id)
    if request.method == "POST" and not may:
        raise Http404("unit not found")
    services = selectors.active_services(unit=unit)
    current = selectors.member_skill_levels(member=member)
    form = None
    if may and not member.active_until:
        form = forms.MemberSkillsForm(request.POST or None, services=services, current=current)
        response = form_submit(
            request,
            form,
            lambda _data: skills_services.member_skills_set(
                member=member, levels=form.levels(), user=user
            ),
            done=_("The skill levels are saved."),
            then=lambda _result: redirect("outreach:member_skills", unit.code, member.pk),
        )
        if response is not None:
            return response
    return render(
        request,
        "outreach/member_skills.html",
        _context(
            request,
            unit,
            member=member,
            levels=[(service, current.get(service.pk)) for service in services],
            history=list(selectors.member_skill_history(member=member)[:50]),
            trainings=list(member.trainings.select_related("service")),
            form=form,
            own=member.user_id is not None and member.user_id == user.pk,
            team_officer=is_ward_officer(user, member.team.unit),
        ),
        status=400 if form is not None and form.is_bound and not form.is_valid() else 200,
    )


@login_required
def training_session_add(request: HttpRequest, code: str) -> HttpResponse:
    """A training held for the members of the unit's teams: who attended raises their
    level for its service (see :mod:`gocua.outreach.services.skills`)."""
    unit = access_unit(_user(request), code)
    if not may_record_training(_user(request), unit):
        raise Http404("unit not found")
    form = forms.TrainingSessionForm(
        request.POST or None,
        members=selectors.members_active_under(root=unit, on=today())
        .select_related("team__unit")
        .order_by("team__unit__path", "full_name"),
        initial={"date": today()},
    )
    return _submit_or_page(
        request,
        unit,
        form,
        lambda data: skills_services.training_session_record(
            unit=unit,
            date=data["date"],
            service=data["service"],
            topic=data["topic"],
            attendees=data["attendees"],
            user=_user(request),
        ),
        done=_("The training is recorded."),
        then=lambda _result: redirect(f"{reverse('outreach:team', args=[unit.code])}#skills"),
        title=_("Record a training session"),
        intro=_(
            "Members who attend a training on a service and needed training on it (or gave "
            "no level) now “Can use” it; members who can use it or can guide keep their level."
        ),
        back=reverse("outreach:team", args=[unit.code]),
    )


# The catalogue ---------------------------------------------------------------------------


def _try(form: Any, write: Any, **kwargs: Any) -> bool:
    """Call a service; a refusal becomes the form's error."""
    try:
        write(**kwargs)
    except Problem as problem:
        form.add_error(None, problem.localized())
        return False
    return True


def _catalogue_entry(unit: OrgUnit, kind: str, pk: int) -> Any:
    """A service or channel the unit's catalogue shows, else 404."""
    model = Service if kind == "service" else ActivityChannel
    found = model.objects.visible_in(unit).filter(pk=pk).first()
    if found is None:
        raise Http404("not in this catalogue")
    return found


@login_required
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
    """The services and channels the unit sees. Administrators add and retire national
    entries, a province's officers its own; a ward's officers hide a service for the ward."""
    unit = access_unit(_user(request), code)
    user = _user(request)
    province = catalogue_province(user)
    may_add = may_edit_catalogue(user, province) and (
        province is None or province.is_ancestor_of(unit)
    )
    may_hide = may_hide_service(user, unit)
    service_form = forms.ServiceForm(prefix="service")
    channel_form = forms.ChannelForm(prefix="channel")
    if request.method == "POST":
        action = request.POST.get("action", "")
        allowed = {
            "service": may_add,
            "channel": may_add,
            "hide": may_hide,
            "show": may_hide,
            # which entries: checked below, per entry's scope
            "service_active": user.is_admin or province is not None,
            "channel_active": user.is_admin or province is not None,
        }
        if not allowed.get(action, False):
            raise Http404("unit not found")
        if action == "service":
            service_form = forms.ServiceForm(request.POST, prefix="service")
            if service_form.is_valid() and _try(
                service_form,
                catalogue_services.service_create,
                user=user,
                **service_form.cleaned_data,
            ):
                messages.success(request, _("The service is added."))
                return redirect("outreach:catalogue", unit.code)
        elif action == "channel":
            channel_form = forms.ChannelForm(request.POST, prefix="channel")
            if channel_form.is_valid() and _try(
                channel_form,
                catalogue_services.channel_create,
                user=user,
                **channel_form.cleaned_data,
            ):
                messages.success(request, _("The channel is added."))
                return redirect("outreach:catalogue", unit.code)
        elif action in ("hide", "show"):
            service = _catalogue_entry(unit, "service", _int(request.POST.get("pk")))
            catalogue_services.service_hide(
                unit=unit, service=service, hidden=action == "hide", user=user
            )
            if action == "hide":
                done = _("%(name)s is hidden in %(unit)s.")
            else:
                done = _("%(name)s is offered again in %(unit)s.")
            messages.success(request, done % {"name": forms.local_name(service), "unit": unit.name})
            return redirect("outreach:catalogue", unit.code)
        elif action in ("service_active", "channel_active"):
            kind = action.removesuffix("_active")
            entry = _catalogue_entry(unit, kind, _int(request.POST.get("pk")))
            if not may_edit_catalogue(user, entry.unit):
                raise Http404("unit not found")
            active = request.POST.get("active") == "1"
            if not active and request.POST.get("confirm") != "1":
                return redirect("outreach:catalogue_retire", unit.code, kind, entry.pk)
            try:
                if kind == "service":
                    catalogue_services.service_set_active(service=entry, active=active, user=user)
                else:
                    catalogue_services.channel_set_active(channel=entry, active=active, user=user)
            except Problem as problem:
                messages.error(request, problem.localized())
            else:
                messages.success(request, _("The catalogue is saved."))
            return redirect("outreach:catalogue", unit.code)
    services = selectors.catalogue_services(unit=unit)
    channels = selectors.catalogue_channels(unit=unit)
    for entry in [*services, *channels]:
        entry.may_retire = may_edit_catalogue(user, entry.unit)  # type: ignore[attr-defined]
    return render(
        request,
        "outreach/catalogue.html",
        _context(
            request,
            unit,
            may_add=may_add,
            may_hide=may_hide,
            scope=province,
            service_list=services,
            channel_list=channels,
            service_form=service_form,
            channel_form=channel_form,
            facts=labels.REGISTRY_FACTS,
        ),
    )


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@login_required
def catalogue_retire(request: HttpRequest, code: str, kind: str, pk: int) -> HttpResponse:
    """A page saying what retiring a service or channel does, for every unit using it."""
    unit = access_unit(_user(request), code)
    if kind not in ("service", "channel"):
        raise Http404("no such catalogue")
    entry = _catalogue_entry(unit, kind, pk)
    if not may_edit_catalogue(_user(request), entry.unit) or not entry.active:
        raise Http404("not yours to retire")
    where = entry.unit.name if entry.unit else _("every unit of the country")
    words = {"name": forms.local_name(entry), "where": where}
    if kind == "service":
        consequences = [
            _("%(name)s will no longer be offered in %(where)s.") % words,
            _(
                "The forms of sessions and visits and the field app will no longer list it; "
                "what was recorded with it stays, and the indicators do not change."
            ),
        ]
    else:
        consequences = [
            _("%(name)s will no longer be offered in %(where)s.") % words,
            _("New sessions can no longer use it; the sessions logged with it stay."),
        ]
    return render(
        request,
        "front/confirm.html",
        _context(
            request,
            unit,
            head_template="outreach/_head.html",
            title=_("Retire %(name)s?") % words,
            consequences=consequences,
            undo_note=_("You can bring it back at any time from this catalogue."),
            form=forms.RetireForm(initial={"action": f"{kind}_active", "pk": entry.pk}),
            action=reverse("outreach:catalogue", args=[unit.code]),
            confirm_label=_("Retire"),
            back=reverse("outreach:catalogue", args=[unit.code]),
        ),
    )
