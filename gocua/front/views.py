from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from gocua.accounts.selectors import access_unit, home_units, visible_ancestors
from gocua.front.sections import SECTIONS
from gocua.orgunits.models import OrgUnit
from gocua.orgunits.selectors import children_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    units = home_units(request.user)  # type: ignore[arg-type]
    return render(request, "front/home.html", {"units": units, "tree": _nest(units)})


@login_required
def unit(request: HttpRequest, code: str) -> HttpResponse:
    current = access_unit(request.user, code)  # type: ignore[arg-type]
    return render(
        request,
        "front/unit.html",
        {
            "unit": current,
            "crumbs": unit_crumbs(request, current),
            "children": children_of(current),
            "sections": unit_sections(request, current),
        },
    )


def unit_crumbs(request: HttpRequest, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors that the user may see (a member sees none above their unit)."""
    return visible_ancestors(request.user, unit)  # type: ignore[arg-type]


def unit_sections(request: HttpRequest, unit: OrgUnit) -> list[tuple[str, object]]:
    links = []
    role = getattr(request.user, "role", "")
    for section in SECTIONS:
        if section.levels and unit.level not in section.levels:
            continue
        if section.roles and role not in section.roles and not request.user.is_superuser:
            continue
        try:
            links.append((reverse(section.url, args=[unit.code]), section.label))
        except NoReverseMatch:
            continue
    return links


def _nest(units: list[OrgUnit]) -> list[dict[str, object]]:
    """Units sorted by path → nested dicts for the tree template."""
    roots: list[dict[str, object]] = []
    stack: list[tuple[OrgUnit, list[dict[str, object]]]] = []
    for u in units:
        node: dict[str, object] = {"unit": u, "children": []}
        while stack and not stack[-1][0].is_ancestor_of(u):
            stack.pop()
        (stack[-1][1] if stack else roots).append(node)
        stack.append((u, node["children"]))  # type: ignore[arg-type]
    return roots
