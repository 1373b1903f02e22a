"""The door-to-door visit form of a household: every member's facts as toggles, what was
explained today, one save.

The page stands at the household's address in the registry (``/u/<code>/registry/h/<pk>/visit/``,
URL name ``household_visit``) but is outreach's work: it writes through
:func:`gocua.outreach.visits.visit_record`, the one write path it shares with the HTTP API.
Members and ward officers of the unit (``access_unit_for_edit``); anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gocua.accounts.models import User
from gocua.accounts.permissions import can_edit, is_ward_officer
from gocua.accounts.selectors import access_unit_for_edit, visible_ancestors
from gocua.lib.dates import today
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level
from gocua.outreach import selectors
from gocua.outreach.visits import ResidentVisit, VisitInput, visit_record
from gocua.registry import selectors as registry_selectors
from gocua.registry.models import Household
from gocua.registry.services import StaleEdit
from gocua.registry.visit import member_row

REGISTRY_LEVELS = {Level.COMMUNE, Level.NEIGHBOURHOOD}


@login_required
def visit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """One screen: every member's facts as toggles, what was explained today, one save."""
    user: User = request.user  # type: ignore[assignment]
    unit = access_unit_for_edit(user, code)
    if unit.level not in REGISTRY_LEVELS:
        raise Http404("no registry at this level")
    found = registry_selectors.household_get(unit=unit, pk=pk)
    day = today()
    status = 200
    error = ""
    if request.method == "POST":
        try:
            result = visit_record(visit=_visit_input(request, found, day), user=user)
        except StaleEdit as problem:
            error = problem.localized()
            status = 409
        except (Problem, ValueError) as problem:
            error = problem.localized() if isinstance(problem, Problem) else _("Bad form data.")
            status = 400
        else:
            if result.status != "duplicate" and (result.facts or result.guidance):
                messages.success(
                    request,
                    _("Saved: %(facts)d changes, %(guidance)d guidance records.")
                    % {"facts": result.facts, "guidance": result.guidance},
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("registry:household", code=unit.code, pk=found.pk)
        found = registry_selectors.household_get(unit=unit, pk=pk)
    members = [r for r in registry_selectors.household_members(found) if r.moved_out is None]
    guided = selectors.guided_on(household=found, day=day)
    services = selectors.active_services(unit=found.unit)
    english = get_language() == "en"
    rows = [
        member_row(
            member,
            services=services,
            guided=guided,
            english=english,
            move_out_url=reverse("registry:resident_move_out", args=[unit.code, member.pk]),
        )
        for member in members
    ]
    context = {
        "unit": unit,
        "crumbs": visible_ancestors(user, unit),
        "can_edit": can_edit(user, unit),
        "officer": is_ward_officer(user, unit),
        "household": found,
        "rows": rows,
        "day": day,
        "error": error,
    }
    return render(request, "outreach/visit.html", context, status=status)


def _visit_input(request: HttpRequest, household: Household, day: dt.date) -> VisitInput:
    """The form's toggles as a visit: every fact of every member, in their full state."""
    residents = []
    for raw in request.POST.getlist("member"):
        pk = int(raw)
        prefix = f"m{pk}-"
        residents.append(
            ResidentVisit(
                id=pk,
                version=int(request.POST.get(prefix + "version", "0")),
                facts={
                    "smartphone": request.POST.get(prefix + "smartphone") == "on",
                    "eid_level": int(request.POST.get(prefix + "eid", "0")),
                    "vssid": request.POST.get(prefix + "vssid") == "on",
                    "ehealth": request.POST.get(prefix + "ehealth") == "on",
                    "payment_account": request.POST.get(prefix + "payment") == "on",
                },
                guided=request.POST.getlist(prefix + "guided"),
            )
        )
    if any(r.facts["eid_level"] not in (0, 1, 2) for r in residents):
        raise ValueError("eid level")
    key = request.POST.get("key", "")
    return VisitInput(
        household=household,
        day=day,
        key=uuid.UUID(key) if key else None,
        household_version=int(request.POST.get("version", "0")),
        household_facts={"household_skills": request.POST.get("skills") == "on"},
        residents=residents,
        source="web",
        refuse_conflicts=True,
    )
