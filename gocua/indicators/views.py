"""The indicator pages of a unit: results, downloads, data entry, definitions.

Who may do what (everyone else gets 404, never 403):

- results, downloads, definitions: anyone who sees the unit (``access_unit``);
- data entry, the live check and the unit's data source: ward officers of the
  unit's ward and administrators (:func:`_entry_unit`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocua.accounts.models import User
from gocua.accounts.permissions import is_officer_of, is_ward_officer
from gocua.accounts.selectors import access_unit, access_ward_officer_unit, visible_ancestors
from gocua.audit.services import audit_log
from gocua.indicators import exports, rules, selectors, services
from gocua.indicators.computation import unit_figures
from gocua.indicators.forms import EntryForm, SourceForm, TargetForm
from gocua.indicators.models import POPULATION_NAMES, DataSource
from gocua.indicators.validation import active_rules, check_entered
from gocua.lib.dates import parse_date, start_of_year, today
from gocua.lib.errors import Problem
from gocua.lib.sheets import csv_writer
from gocua.orgunits.models import OrgUnit

MAX_FINDINGS = 100


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _entry_unit(request: HttpRequest, code: str) -> OrgUnit:
    return access_ward_officer_unit(_user(request), code)


MAX_PERIODS = 6


def _dates(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """``?as_of=&from=``: today and 1 January by default; a bad value is said and replaced."""
    as_of = today()
    start = None
    try:
        if request.GET.get("as_of"):
            as_of = parse_date(request.GET["as_of"])
        if request.GET.get("from"):
            start = parse_date(request.GET["from"])
    except Problem as problem:
        messages.error(request, problem.localized())
    start = start or start_of_year(as_of)
    if start > as_of:
        messages.error(
            request, _("The period starts after its as-of date; showing from 1 January.")
        )
        start = start_of_year(as_of)
    return as_of, start


def _query(as_of: dt.date, start: dt.date) -> str:
    return f"as_of={as_of.isoformat()}&from={start.isoformat()}"


@login_required
def results(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    as_of, start = _dates(request)
    try:
        computation = selectors.indicator_tree(unit=unit, as_of=as_of, start=start)
    except Problem as problem:
        messages.error(request, problem.localized())
        return render(
            request,
            "indicators/results.html",
            {
                "unit": unit,
                "crumbs": visible_ancestors(_user(request), unit),
                "as_of": as_of,
                "start": start,
            },
        )
    values = unit_figures(computation, unit.pk)
    found = selectors.findings(unit=unit, as_of=as_of, start=start, computation=computation)
    language = get_language() or "vi"
    return render(
        request,
        "indicators/results.html",
        {
            "unit": unit,
            "crumbs": visible_ancestors(_user(request), unit),
            "as_of": as_of,
            "start": start,
            "query": _query(as_of, start),
            "values": values,
            "cards": [(f, f.name(language), _bar(f)) for f in values.figures],
            "columns": [(f.code, f.short(language), f.name(language)) for f in values.figures],
            "rows": [
                (child, [child.figure(f.code) for f in values.figures]) for child in values.children
            ],
            "findings": [(f, *f.localized(language)) for f in found[:MAX_FINDINGS]],
            "findings_total": len(found),
            "errors": sum(1 for f in found if f.severity == "error"),
            "may_enter": is_ward_officer(_user(request), unit),
            "source": values.source,
            "snapshot_at": selectors.snapshot_time(),  # a national instance's snapshot
            # A unit that types its figures in has them for its reports' periods only:
            # today's page is mostly empty, so link the periods it entered.
            "entered_periods": list(selectors.entries_of(unit=unit)[:MAX_PERIODS])
            if values.source == "entered"
            else [],
        },
    )


def _bar(figure: Any) -> dict[str, float] | None:
    if figure.percent is None:
        return None
    bar = {"width": min(100.0, max(0.0, figure.percent))}
    if figure.target is not None and figure.measure == "percent":
        bar["target"] = min(100.0, figure.target)
    return bar


@login_required
def export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    if fmt not in ("csv", "xlsx"):
        raise Http404("no such format")
    as_of, start = _dates(request)
    values = selectors.indicator_values(unit=unit, as_of=as_of, start=start)
    name = f"chi-tieu-{unit.code}-{as_of.isoformat()}"
    table = exports.rows(values)
    audit_log(
        action="indicators.export",
        user=_user(request),
        unit_code=unit.code,
        rows=len(table) - 1,
        detail={"format": fmt, "as_of": as_of.isoformat(), "from": start.isoformat()},
    )
    if fmt == "xlsx":
        response = HttpResponse(
            exports.xlsx(values),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 with a BOM
    csv_writer(out, lineterminator="\r\n").writerows(table)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def definitions(request: HttpRequest, code: str) -> HttpResponse:
    unit = access_unit(_user(request), code)
    language = get_language() or "vi"
    facts = rules.service_facts()
    rows = []
    for definition in selectors.definitions_list():
        try:
            parsed = definition.parsed(facts)
            numerator = rules.describe(parsed.numerator, language)
            denominator = rules.describe(parsed.denominator, language)
        except rules.RuleProblem as problem:
            numerator, denominator = problem.localized(), ""
        rows.append((definition, numerator, denominator))
    return render(
        request,
        "indicators/definitions.html",
        {
            "unit": unit,
            "crumbs": visible_ancestors(_user(request), unit),
            "definitions": rows,
            "rules": active_rules(),
            "is_admin": _user(request).is_admin,
        },
    )


def _entry_dates(request: HttpRequest) -> tuple[dt.date, dt.date]:
    as_of, start = _dates(request)
    return min(as_of, today()), start


@login_required
def entry(request: HttpRequest, code: str) -> HttpResponse:
    unit = _entry_unit(request, code)
    as_of, start = _entry_dates(request)
    definitions = list(selectors.definitions_in_force(as_of=as_of))
    existing = selectors.entry_for(unit=unit, as_of=as_of, start=start)
    initial: dict[str, Any] = {"as_of": as_of, "start": start}
    if existing is not None:
        for value in existing.values.all():
            initial[f"{value.code}__n"] = value.numerator
            initial[f"{value.code}__d"] = value.denominator
    language = get_language() or "vi"
    if request.method == "POST":
        form = EntryForm(request.POST, definitions=definitions, language=language)
        if form.is_valid():
            try:
                services.aggregates_enter(
                    unit=unit,
                    as_of=form.cleaned_data["as_of"],
                    start=form.cleaned_data["start"],
                    values=form.values(),
                    user=_user(request),
                )
            except Problem as problem:
                form.add_error(None, problem.localized())
            else:
                messages.success(request, _("The figures were saved."))
                query = _query(form.cleaned_data["as_of"], form.cleaned_data["start"])
                return redirect(f"{reverse('indicators:entry', args=[unit.code])}?{query}")
    else:
        form = EntryForm(initial=initial, definitions=definitions, language=language)
    source, declared_by = selectors.unit_source(unit=unit)
    return render(
        request,
        "indicators/entry.html",
        {
            "unit": unit,
            "crumbs": visible_ancestors(_user(request), unit),
            "form": form,
            "rows": form.rows(),
            "as_of": as_of,
            "start": start,
            "locked": existing is not None and existing.locked,
            "entries": selectors.entries_of(unit=unit)[:20],
            "source": source,
            "declared_by": declared_by,
            "source_form": SourceForm(initial={"source": source}),
            "findings": [
                (f, *f.localized(language))
                for f in check_entered(
                    unit=unit, as_of=as_of, start=start, values=form.values_for_check()
                )
            ],
            "populations": POPULATION_NAMES,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def check(request: HttpRequest, code: str) -> JsonResponse:
    """The rules on the figures typed so far: ``{"findings": [{severity, code, text, action}]}``."""
    unit = _entry_unit(request, code)
    try:
        data = json.loads(request.body or b"{}")
        as_of = parse_date(str(data.get("as_of") or today().isoformat()))
        start = parse_date(str(data.get("from") or start_of_year(as_of).isoformat()))
        values = {
            str(code): (_int(pair[0]), _int(pair[1]))
            for code, pair in dict(data.get("values") or {}).items()
        }
    except (ValueError, TypeError, AttributeError, IndexError, Problem):
        return JsonResponse({"error": _("The figures could not be read.")}, status=400)
    language = get_language() or "vi"
    found = check_entered(unit=unit, as_of=as_of, start=start, values=values)
    return JsonResponse(
        {
            "findings": [
                {
                    "severity": f.severity,
                    "code": f.code,
                    "indicator": f.indicator,
                    "text": f.localized(language)[0],
                    "action": f.localized(language)[1],
                }
                for f in found
            ]
        }
    )


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    number = int(value)
    if number < 0:
        raise ValueError("negative")
    return number


@login_required
@require_POST
def source(request: HttpRequest, code: str) -> HttpResponse:
    unit = _entry_unit(request, code)
    form = SourceForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["source"] or None
        services.unit_source_set(unit=unit, source=chosen, user=_user(request))
        label = dict(DataSource.choices).get(chosen or "", _("inherited from the unit above"))
        messages.success(request, _("Data source: %(source)s.") % {"source": label})
    return redirect(reverse("indicators:entry", args=[unit.code]))


@login_required
def targets(request: HttpRequest, code: str) -> HttpResponse:
    """The targets in force for the unit (its own, inherited from above, or national)
    and, for its officers (ward, city, province) and administrators, a form to set the
    unit's own for an indicator and period; units below inherit it. Others: 404."""
    unit = access_unit(_user(request), code)
    may_set = is_officer_of(_user(request), unit)
    as_of, start = _dates(request)
    language = get_language() or "vi"
    definitions = list(selectors.definitions_in_force(as_of=as_of))
    choices = [(d.code, d.name_en if language == "en" else d.name_vi) for d in definitions]
    form = TargetForm(choices=choices, initial={"valid_from": start})
    if request.method == "POST":
        if not may_set:
            raise Http404("unit not found")
        form = TargetForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                services.target_set(
                    code=form.cleaned_data["code"],
                    unit=unit,
                    value=form.cleaned_data["value"],
                    valid_from=form.cleaned_data["valid_from"],
                    valid_until=form.cleaned_data["valid_until"],
                    user=_user(request),
                )
            except Problem as problem:
                form.add_error(None, problem.localized())
            else:
                messages.success(request, _("The target was saved."))
                return redirect(
                    f"{reverse('indicators:targets', args=[unit.code])}?{_query(as_of, start)}"
                )
    in_force = selectors.targets_in_force(unit=unit, as_of=as_of)
    return render(
        request,
        "indicators/targets.html",
        {
            "unit": unit,
            "crumbs": visible_ancestors(_user(request), unit),
            "as_of": as_of,
            "start": start,
            "query": _query(as_of, start),
            "rows": [
                (d, d.name_en if language == "en" else d.name_vi, in_force.get(d.code))
                for d in definitions
            ],
            "own": selectors.targets_for(unit=unit),
            "form": form if may_set else None,
            "may_enter": is_ward_officer(_user(request), unit),
        },
        status=400 if form.is_bound else 200,
    )
