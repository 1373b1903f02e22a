"""A unit's "Lịch sử thay đổi": who recorded what, when, from the audit log (every change and
export of personal data), with the registry's own words for the fields that changed.

Personal data never shows here: the log holds field names and counts, not values; people
recorded are named by the resident's or household's page they link to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gocua.accounts.models import User
from gocua.accounts.permissions import is_officer_of
from gocua.accounts.selectors import access_unit, logins_under, visible_ancestors
from gocua.audit.models import AuditEvent
from gocua.audit.selectors import unit_events
from gocua.lib.dates import parse_date
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit
from gocua.registry.models import Household, Resident
from gocua.registry.templatetags.registry import FIELD_LABELS

PAGE_SIZE = 30
LEVELS = {Level.COMMUNE, Level.NEIGHBOURHOOD}

# The kinds a person filters by: (label, prefixes of audit actions, "*word" within them).
KINDS: dict[str, tuple[Any, tuple[str, ...]]] = {
    "registry": (_("registry change"), ("registry.",)),
    "visit": (_("door-to-door visit"), ("outreach.visit",)),
    "import": (_("roster import"), ("roster.import", "roster.mapping")),
    "session": (
        _("outreach session or guidance"),
        ("outreach.session", "outreach.guidance", "outreach.bulk_guidance", "outreach.training"),
    ),
    "team": (
        _("team, member or document"),
        ("outreach.team", "outreach.member", "outreach.document"),
    ),
    "report": (_("report or figures"), ("reports.", "indicators.")),
    "export": (_("export or download"), ("*export", "*download")),
    "login": (_("login"), ("accounts.",)),
}

# What an action is, in a person's words; the longest prefix that matches wins.
ACTION_LABELS: dict[str, Any] = {
    "registry.household_add": _("added a household"),
    "registry.household_update": _("changed a household"),
    "registry.resident_add": _("added a resident"),
    "registry.resident_update": _("changed a resident"),
    "registry.resident_move_out_undo": _("undid a move-out"),
    "registry.id_lookup": _("looked up a personal ID"),
    "registry.": _("changed the registry"),
    "roster.import": _("imported a roster"),
    "roster.export": _("exported the roster"),
    "roster.mapping": _("chose the columns of a roster"),
    "outreach.visit_list.view": _("opened the visit list"),
    "outreach.visit_conflict_resolve": _("settled a visit that conflicted"),
    "outreach.visit": _("recorded a door-to-door visit"),
    "outreach.session.delete": _("deleted an outreach session"),
    "outreach.session.restore": _("restored a deleted outreach session"),
    "outreach.session": _("recorded an outreach session"),
    "outreach.bulk_guidance": _("recorded the people helped at a session"),
    "outreach.guidance": _("recorded guidance"),
    "outreach.training": _("recorded a training"),
    "outreach.team": _("changed the team"),
    "outreach.member_skills": _("recorded a member's skill levels"),
    "outreach.member": _("changed a team member"),
    "outreach.document": _("recorded a document"),
    "outreach.service": _("changed the service catalogue"),
    "outreach.channel": _("changed the channels"),
    "indicators.aggregates_enter": _("entered figures"),
    "indicators.aggregates_lock": _("locked the entered figures"),
    "indicators.aggregates_unlock": _("unlocked the entered figures"),
    "indicators.export": _("exported the indicators"),
    "indicators.": _("changed the indicators' settings"),
    "reports.report.submit": _("submitted the report"),
    "reports.report.return": _("returned the report"),
    "reports.report.accept": _("accepted the report"),
    "reports.report.export": _("downloaded the report"),
    "reports.letter.export": _("downloaded the letter"),
    "reports.city_letter.export": _("downloaded the letter"),
    "reports.consolidation.export": _("downloaded the consolidated figures"),
    "reports.": _("worked on the report"),
    "front.overview_export": _("exported the overview"),
    "guides.guide.edit": _("edited a guide"),
    "guides.leaflet.export": _("downloaded a leaflet"),
    "accounts.login.create": _("created a login"),
    "accounts.login.password_reset": _("gave a new one-time password"),
    "accounts.login.deactivate": _("deactivated a login"),
    "accounts.login.reactivate": _("reactivated a login"),
    "accounts.password.choose": _("chose their own password"),
}
OTHER = _("other change")


def action_label(action: str) -> Any:
    best = max((p for p in ACTION_LABELS if action.startswith(p)), key=len, default=None)
    return ACTION_LABELS[best] if best else OTHER


@dataclass
class Row:
    event: AuditEvent
    label: Any
    fields: list[Any]
    link: str
    link_text: str


def _rows(unit: OrgUnit, events: list[AuditEvent]) -> list[Row]:
    """One row per event, with the resident, household or login it is about if it is still
    under the unit (one query each a page)."""
    ids = {
        kind: [int(e.object_id) for e in events if e.object_type == kind and e.object_id.isdigit()]
        for kind in ("resident", "household", "user")
    }
    logins = {u.pk: u for u in User.objects.filter(unit.subtree_q("unit"), pk__in=ids["user"])}
    residents = {
        r.pk: r
        for r in Resident.objects.filter(unit.subtree_q("unit"), pk__in=ids["resident"]).only(
            "full_name"
        )
    }
    households = {
        h.pk: h
        for h in Household.objects.filter(unit.subtree_q("unit"), pk__in=ids["household"]).only(
            "code"
        )
    }
    rows = []
    for event in events:
        link = link_text = ""
        key = int(event.object_id) if event.object_id.isdigit() else None
        if event.object_type == "resident" and key in residents:
            link = reverse("registry:resident", args=[unit.code, key])
            link_text = residents[key].full_name
        elif event.object_type == "household" and key in households:
            link = reverse("registry:household", args=[unit.code, key])
            link_text = str(_("household %(code)s") % {"code": households[key].code})
        elif event.object_type == "user" and key in logins:
            link_text = logins[key].get_full_name() or logins[key].username
        detail = event.detail if isinstance(event.detail, dict) else {}
        names = detail.get("fields") if event.action.startswith("registry.") else None
        fields = [FIELD_LABELS.get(f, f) for f in names] if isinstance(names, list) else []
        rows.append(Row(event, action_label(event.action), fields, link, link_text))
    return rows


@login_required
def history(request: HttpRequest, code: str) -> HttpResponse:
    user: Any = request.user
    unit = access_unit(user, code)
    if unit.level not in LEVELS or not is_officer_of(user, unit):
        raise Http404("unit not found")
    people = list(logins_under(user, unit))
    person = request.GET.get("person", "")
    person_id = next((p.pk for p in people if str(p.pk) == person), None)
    day: dt.date | None = None
    if request.GET.get("day"):
        try:
            day = parse_date(request.GET["day"])
        except Problem as problem:
            messages.error(request, problem.localized())
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        kind = ""
    events = unit_events(
        unit=unit, user_id=person_id, day=day, actions=KINDS[kind][1] if kind else ()
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(
        f"{k}={v}"
        for k, v in (
            ("person", person_id or ""),
            ("day", day.isoformat() if day else ""),
            ("kind", kind),
        )
        if v
    )
    return render(
        request,
        "front/history.html",
        {
            "unit": unit,
            "crumbs": visible_ancestors(user, unit),
            "rows": _rows(unit, list(page.object_list)),
            "page": page,
            "people": people,
            "person_id": person_id,
            "day": day,
            "kind": kind,
            "kinds": [(k, label) for k, (label, _p) in KINDS.items()],
            "query": query,
        },
    )
