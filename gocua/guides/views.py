"""Pages of the guides: the list, one guide (phone-sized), its leaflet or poster as PDF
for the unit, its edit form (city and province officers) and its history."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gocua.accounts.models import User
from gocua.accounts.permissions import may_edit_guides
from gocua.accounts.selectors import access_unit, visible_ancestors
from gocua.guides import forms
from gocua.guides.leaflet import SIZES
from gocua.guides.selectors import guide_of, guide_versions, guided_services, team_contacts
from gocua.guides.services import (
    content_as_text,
    content_from_text,
    guide_save,
    leaflet_export,
)
from gocua.lib.forms import form_submit
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Service


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _service(code: str) -> Service:
    found = guided_services(code=code)
    if not found:
        raise Http404("service not found")
    return found[0]


def _context(request: HttpRequest, unit: OrgUnit, **extra: Any) -> dict[str, Any]:
    return {
        "unit": unit,
        "crumbs": visible_ancestors(_user(request), unit),
        "editor": may_edit_guides(_user(request)),
        **extra,
    }


@login_required
@require_GET
def guide_list(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    services = guided_services()
    return render(
        request,
        "guides/list.html",
        _context(request, unit, rows=[(s, guide_of(s)) for s in services]),
    )


@login_required
@require_GET
def guide_page(request: HttpRequest, code: str, service: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    item = _service(service)
    return render(
        request,
        "guides/guide.html",
        _context(
            request,
            unit,
            service=item,
            guide=guide_of(item),
            contacts=team_contacts(unit),
        ),
    )


@login_required
@require_GET
def leaflet(request: HttpRequest, code: str, service: str) -> HttpResponse:
    """The PDF for the unit: ``?size=A5`` (leaflet, default) or ``A4`` (poster);
    ``all`` as the service gives one page per active service."""
    unit = access_unit(_user(request), code)
    size = request.GET.get("size", "A5").upper()
    if size not in SIZES:
        raise Http404("no such size")
    if service != "all":
        _service(service)
    data, _pages, _services = leaflet_export(
        service_code=service, unit=unit, size=size, user=_user(request)
    )
    kind = "to-roi" if size == "A5" else "ap-phich"
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{kind}-{service}-{unit.code}-{size}.pdf"'
    )
    return response


@login_required
def guide_edit(request: HttpRequest, code: str, service: str) -> HttpResponse:
    user = _user(request)
    unit = access_unit(user, code)
    if not may_edit_guides(user):
        raise Http404("not an editor")
    item = _service(service)
    guide = guide_of(item)
    if request.method == "POST":
        form = forms.GuideForm(request.POST)
    else:
        form = forms.GuideForm(initial={**content_as_text(guide.content), "version": guide.version})

    def save(data: dict[str, Any]) -> Any:
        content = content_from_text(
            audience=data["audience"],
            bring=data["bring"],
            steps=data["steps"],
            problems=data["problems"],
            links=data["links"],
        )
        return guide_save(
            service=item, content=content, version=data.get("version") or None, user=user
        )

    response = form_submit(
        request,
        form,
        save,
        done=_("The guide is saved."),
        then=reverse("guides:guide", args=[unit.code, item.code]),
    )
    if response is not None:
        return response
    return render(
        request, "guides/edit.html", _context(request, unit, service=item, guide=guide, form=form)
    )


@login_required
@require_GET
def guide_history(request: HttpRequest, code: str, service: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    item = _service(service)
    guide = guide_of(item)
    versions = list(guide_versions(guide)) if guide.pk else []
    return render(
        request,
        "guides/history.html",
        _context(request, unit, service=item, guide=guide, versions=versions),
    )
