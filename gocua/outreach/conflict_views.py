"""The ward officer's "to resolve" list: visits that met a change made meanwhile.

Each row shows the server's value and the visit's side by side; one tap keeps the
server's or takes the visit's (:func:`gocua.outreach.visits.conflict_resolve`, logged).
Ward officers of the unit's ward (and administrators) only; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gocua.accounts.models import User
from gocua.accounts.selectors import access_ward_officer_unit, visible_ancestors
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach import selectors
from gocua.outreach.labels import REGISTRY_FACTS
from gocua.outreach.visits import conflict_resolve

FACT_LABELS = {
    "smartphone": gettext_lazy("Smartphone"),
    "eid_level": gettext_lazy("e-ID level (VNeID)"),
    "vssid": REGISTRY_FACTS["vssid"],
    "ehealth": REGISTRY_FACTS["ehealth"],
    "payment_account": REGISTRY_FACTS["payment"],
    "household_skills": gettext_lazy("Household digital skills"),
}


def _officer_unit(request: HttpRequest, code: str) -> OrgUnit:
    unit = access_ward_officer_unit(request.user, code)  # type: ignore[arg-type]
    if unit.level not in (Level.COMMUNE, Level.NEIGHBOURHOOD):
        raise Http404("no registry at this level")
    return unit


def _value(fact: str, value: Any) -> str:
    if fact == "eid_level":
        return _("Level %(level)s") % {"level": value or 0} if value else _("None")
    if value is True:
        return _("Yes")
    if value in (None, False):
        return _("No")
    try:
        return _("Yes, since %(day)s") % {
            "day": dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        }
    except ValueError:
        return str(value)


@login_required
def conflicts(request: HttpRequest, code: str) -> HttpResponse:
    unit = _officer_unit(request, code)
    user: User = request.user  # type: ignore[assignment]
    rows = [
        {
            "conflict": conflict,
            "facts": [
                {
                    "label": FACT_LABELS.get(item["fact"], item["fact"]),
                    "server": _value(item["fact"], item["server"]),
                    "visit": _value(item["fact"], item["visit"]),
                }
                for item in conflict.facts
            ],
        }
        for conflict in selectors.visit_conflicts_open(root=unit)
    ]
    return render(
        request,
        "outreach/conflicts.html",
        {"unit": unit, "crumbs": visible_ancestors(user, unit), "rows": rows},
    )


@login_required
@require_POST
def conflict_resolve_view(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _officer_unit(request, code)
    conflict = selectors.visit_conflict_get(root=unit, pk=pk)
    choice = request.POST.get("choice")
    if choice not in ("keep", "take"):
        raise Http404("unknown choice")
    try:
        conflict_resolve(conflict=conflict, take_visit=choice == "take", user=request.user)  # type: ignore[arg-type]
    except Problem as problem:
        messages.error(request, problem.localized())
    else:
        messages.success(
            request,
            _("Kept the recorded values.") if choice == "keep" else _("Took the visit's values."),
        )
    return redirect("outreach:conflicts", code=unit.code)
