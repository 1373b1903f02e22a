from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gocua.accounts.selectors import access_unit, home_units, visible_ancestors
from gocua.audit.services import audit_log
from gocua.front import charts, exports
from gocua.front.sections import SECTIONS
from gocua.front.selectors import (
    ASC,
    ATTENTION,
    DESC,
    FINDINGS,
    NAME,
    NATIONAL,
    REPORT,
    Overview,
    TablePage,
    national_unit,
    overview_table,
    sort_columns,
    unit_overview,
    value_of,
)
from gocua.lib.dates import parse_date, start_of_year, today
from gocua.lib.errors import Problem
from gocua.lib.numbers import localized_number, localized_percent
from gocua.orgunits.models import OrgUnit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    units = home_units(request.user)  # type: ignore[arg-type]
    return render(request, "front/home.html", {"units": units, "tree": _nest(units)})


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """``?as_of=&from=`` (interfaces.md "Pages"): today and 1 January by default; a bad
    value is said in one line and replaced by the default."""
    as_of, start = today(), None
    try:
        if request.GET.get("as_of"):
            as_of = parse_date(request.GET["as_of"])
        if request.GET.get("from"):
            start = parse_date(request.GET["from"])
    except Problem as problem:
        messages.error(request, problem.localized())
    if start is None or start > as_of:
        if start is not None:
            messages.error(
                request, _("The period starts after its as-of date; showing from 1 January.")
            )
        start = start_of_year(as_of)
    return as_of, start


def _overview(request: HttpRequest, unit: OrgUnit) -> Overview | None:
    as_of, start = _period(request)
    try:
        return unit_overview(
            unit=unit, as_of=as_of, start=start, indicator=request.GET.get("indicator", "")
        )
    except Problem as problem:
        messages.error(request, problem.localized())
        return None


def _text(figure: object) -> str:
    """A figure's value as the page writes it (a percent, or a count)."""
    value = value_of(figure)  # type: ignore[arg-type]
    if getattr(figure, "measure", "") == "percent" and getattr(figure, "denominator", None):
        return localized_percent(value)
    return localized_number(None if value is None else int(value))


RANKED_ENDS = 15  # a paged table's chart: the best and the worst this many units


def _charts(
    request: HttpRequest, overview: Overview, query: str, table: TablePage
) -> dict[str, object]:
    head = next((h for h in overview.headlines if h.figure.code == overview.indicator), None)
    if head is None:
        return {}
    language = get_language() or "vi"
    figure = head.figure
    is_percent = figure.measure == "percent" and figure.denominator is not None
    scale = 100.0 if is_percent else None
    name = figure.name(language)
    ranked, left_out, gap_after = overview.ranked(RANKED_ENDS if table.paged else None)
    bars = [
        charts.Bar(
            line.name,
            value_of(cell.figure),
            _text(cell.figure),
            cell.attainment,
            reverse("unit", args=[line.code]) + "?" + query,
        )
        for line, cell in ranked
    ]
    points = [charts.Point(p.as_of, value_of(p.figure), _text(p.figure)) for p in overview.trend]
    return {
        "ranked_svg": charts.ranked_bars(
            bars,
            target=figure.target,
            scale=scale,
            title=_("Units below by %s") % name,
            gap_after=gap_after,
            gap_text=_("⋯ %(count)s more") % {"count": localized_number(left_out)},
        )
        if bars
        else "",
        "ranked_note": _ranked_note(left_out, gap_after, len(bars)),
        "trend_svg": charts.trend_line(
            points,
            target=figure.target,
            scale=scale,
            title=_("%(name)s over %(months)s months") % {"name": name, "months": len(points)},
        ),
        "chart_name": name,
        # A chart with no figure at all says so in words instead of empty axes.
        "trend_empty": all(p.value is None for p in points),
        "ranked_empty": all(b.value is None for b in bars),
    }


def _ranked_note(left_out: int, gap_after: int | None, shown: int) -> str:
    """What a trimmed ranked chart leaves out, in one line ("" when nothing)."""
    if not left_out:
        return ""
    if gap_after is not None and gap_after < shown:
        return _(
            "The %(top)s highest and the %(bottom)s lowest; %(left_out)s more units in the table."
        ) % {
            "top": gap_after,
            "bottom": shown - gap_after,
            "left_out": localized_number(left_out),
        }
    return _("Every unit with a figure; %(left_out)s more without one, in the table.") % {
        "left_out": localized_number(left_out)
    }


def _table(request: HttpRequest, overview: Overview) -> TablePage:
    """The table's page from ``?sort=&dir=&page=&q=`` (a paged table only)."""
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    return overview_table(
        overview,
        sort=request.GET.get("sort", ""),
        direction=request.GET.get("dir", ""),
        page=page,
        query=request.GET.get("q", "").strip()[:100],
    )


def _table_links(
    overview: Overview, table: TablePage, query: str, language: str
) -> dict[str, object]:
    """A paged table's links: each header sorts by its column (again: the other way), the
    pager turns pages; each keeps the dates, the charted indicator and the filter."""
    base = f"{query}&indicator={overview.indicator}"
    if table.query:
        base += "&" + urlencode({"q": table.query})

    def href(sort: str, direction: str, page: int = 1) -> str:
        return f"?{base}&sort={sort}&dir={direction}" + (f"&page={page}" if page > 1 else "")

    def header(key: str) -> dict[str, str]:
        current = table.sort == key
        flip = DESC if current and table.direction == ASC else ASC
        return {
            "href": href(key, flip),
            "state": ("ascending" if table.direction == ASC else "descending") if current else "",
        }

    labels = {
        ATTENTION: _("Needing attention first"),
        NAME: _("Unit"),
        FINDINGS: _("Findings"),
        REPORT: _("Report"),
    }
    headlines = {h.figure.code: h.figure for h in overview.headlines}
    choices = [
        (key, labels[key] if key in labels else headlines[key].short(language))
        for key in sort_columns(overview)
    ]
    return {
        "base_query": base,
        "headers": {key: header(key) for key in sort_columns(overview)},
        "sort_choices": choices,
        "sort_label": dict(choices)[table.sort],
        "previous_href": href(table.sort, table.direction, table.number - 1)
        if table.number > 1
        else "",
        "next_href": href(table.sort, table.direction, table.number + 1)
        if table.number < table.pages
        else "",
        "first_href": href(table.sort, table.direction, 1) if table.number > 2 else "",
        "last_href": href(table.sort, table.direction, table.pages)
        if table.number < table.pages - 1
        else "",
    }


def _access(request: HttpRequest, code: str) -> OrgUnit:
    """The unit, or the whole country (``VN``) for administrators; otherwise 404."""
    if code == NATIONAL and getattr(request.user, "is_admin", False):
        return national_unit()
    return access_unit(request.user, code)  # type: ignore[arg-type]


@login_required
def unit(request: HttpRequest, code: str) -> HttpResponse:
    current = _access(request, code)
    overview = _overview(request, current)
    as_of, start = (overview.as_of, overview.start) if overview else _period(request)
    query = f"as_of={as_of.isoformat()}&from={start.isoformat()}"
    language = get_language() or "vi"
    context: dict[str, object] = {
        "unit": current,
        "crumbs": unit_crumbs(request, current) if current.pk else [],
        "sections": unit_sections(request, current) if current.pk else [],
        "overview": overview,
        "as_of": as_of,
        "start": start,
        "query": query,
    }
    if overview is not None:
        context["names"] = {
            h.figure.code: (h.figure.short(language), h.figure.name(language))
            for h in overview.headlines
        }
        table = _table(request, overview)
        context["table"] = table
        if table.paged:
            context.update(_table_links(overview, table, query, language))
        context.update(_charts(request, overview, query, table))
    return render(request, "front/unit.html", context)


@login_required
def unit_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """The overview's table as a workbook (numbers as numbers, text never a formula)."""
    current = _access(request, code)
    as_of, start = _period(request)
    overview = unit_overview(unit=current, as_of=as_of, start=start)
    audit_log(
        action="front.overview_export",
        user=request.user,  # type: ignore[arg-type]
        unit_code=current.code,
        rows=len(overview.rows) + 1,
        detail={"format": "xlsx", "as_of": as_of.isoformat(), "from": start.isoformat()},
    )
    response = HttpResponse(
        exports.overview_xlsx(overview),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"tong-quan-{current.code}-{as_of.isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


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
        if section.shown is not None and not section.shown(request.user, unit):
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
