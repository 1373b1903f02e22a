"""Registry pages of a unit (a ward or a neighbourhood): thin views over selectors and services.

Who sees what (accounts.selectors): team members their neighbourhood, ward
officers their ward, upper officers read only; anyone else gets 404. Full
personal ID and phone numbers appear only to ward officers, on a resident's
page; lists and everyone else see the last digits.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocua.accounts.models import User
from gocua.accounts.permissions import can_edit, is_ward_officer, may_see_full_ids
from gocua.accounts.selectors import access_unit, access_unit_for_edit, visible_ancestors
from gocua.lib.dates import day_text, today
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit
from gocua.registry import facts, roster, selectors, services
from gocua.registry.forms import (
    HouseholdForm,
    ImportForm,
    MoveOutForm,
    NewHouseholdForm,
    NewResidentForm,
    ResidentForm,
    birth_text,
)

PAGE = 30
REGISTRY_LEVELS = {Level.COMMUNE, Level.NEIGHBOURHOOD}


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _unit(request: HttpRequest, code: str, *, edit: bool = False) -> OrgUnit:
    user = _user(request)
    unit = access_unit_for_edit(user, code) if edit else access_unit(user, code)
    if unit.level not in REGISTRY_LEVELS:
        raise Http404("no registry at this level")
    return unit


def _officer_unit(request: HttpRequest, code: str) -> OrgUnit:
    unit = _unit(request, code, edit=True)
    if unit.level != Level.COMMUNE or not is_ward_officer(_user(request), unit):
        raise Http404("ward officers only")
    return unit


def _base(request: HttpRequest, unit: OrgUnit, **context: Any) -> dict[str, Any]:
    user = _user(request)
    return {
        "unit": unit,
        "crumbs": visible_ancestors(_user(request), unit),
        "can_edit": can_edit(user, unit),
        "officer": is_ward_officer(user, unit),
        **context,
    }


def _neighbourhoods(unit: OrgUnit) -> list[OrgUnit]:
    if unit.level == Level.NEIGHBOURHOOD:
        return [unit]
    return list(OrgUnit.objects.filter(parent=unit, level=Level.NEIGHBOURHOOD).order_by("path"))


# Lists and pages ------------------------------------------------------------------------


@login_required
def index(request: HttpRequest, code: str) -> HttpResponse:
    """Find a household: by code, address or a member's name, without diacritics."""
    unit = _unit(request, code)
    query = request.GET.get("q", "").strip()[:100]
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    start = (page - 1) * PAGE
    found = list(selectors.household_search(unit=unit, query=query)[start : start + PAGE + 1])
    return render(
        request,
        "registry/index.html",
        _base(
            request,
            unit,
            query=query,
            households=found[:PAGE],
            page=page,
            has_next=len(found) > PAGE,
        ),
    )


@login_required
def household(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code)
    found = selectors.household_get(unit=unit, pk=pk)
    return render(
        request,
        "registry/household.html",
        _base(
            request,
            unit,
            household=found,
            members=selectors.household_members(found),
            history=selectors.history_rows(selectors.household_history(found)[:50]),
            undo=_move_out_undo(request, unit, found),
        ),
    )


@login_required
def resident(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code)
    found = selectors.resident_get(unit=unit, pk=pk)
    full = may_see_full_ids(_user(request), unit)
    return render(
        request,
        "registry/resident.html",
        _base(
            request,
            unit,
            resident=found,
            full=full,
            events=selectors.resident_events(found),
            history=selectors.history_rows(selectors.resident_history(found)[:100]),
            language=get_language(),
        ),
    )


# Edits ------------------------------------------------------------------------------


def _problem(request: HttpRequest, form: Any, problem: Problem) -> None:
    form.add_error(None, problem.localized())


@login_required
def resident_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code, edit=True)
    found = selectors.resident_get(unit=unit, pk=pk)
    full = may_see_full_ids(_user(request), unit)
    status = 200
    if request.method == "POST":
        form = ResidentForm(request.POST, full_values=full)
        if form.is_valid():
            try:
                services.resident_update(
                    resident=found,
                    version=form.cleaned_data["version"],
                    user=_user(request),
                    **form.values(),
                )
            except services.StaleEdit as problem:
                _problem(request, form, problem)
                status = 409
            except Problem as problem:
                _problem(request, form, problem)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:resident", code=unit.code, pk=found.pk)
    else:
        initial: dict[str, Any] = {
            name: getattr(found, name) for name in facts.RESIDENT_VALUES
        }  # every fact of the description; the form keeps the fields it has
        initial.update(
            version=found.version,
            birth=birth_text(found.birth_date, found.birth_year_only),
            personal_id=(found.personal_id or "") if full else "",
            phone=found.phone if full else "",
        )
        form = ResidentForm(
            initial=initial,
            full_values=full,
        )
    return render(
        request,
        "registry/form.html",
        _base(
            request,
            unit,
            form=form,
            title=_("Edit %(name)s") % {"name": found.full_name},
            back=reverse("registry:resident", args=[unit.code, found.pk]),
            masked=not full,
            resident=found,
        ),
        status=status,
    )


@login_required
def resident_move_out(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A confirmation page saying what a move-out does, then the move-out; the household
    page that follows offers to undo it."""
    unit = _unit(request, code, edit=True)
    found = selectors.resident_get(unit=unit, pk=pk)
    if found.moved_out is not None:
        # An old tab or a typed address: moving out again would overwrite the date kept.
        messages.error(
            request,
            _(
                "%(name)s is already recorded as moved out on %(day)s; to change the date, "
                "edit the resident."
            )
            % {"name": found.full_name, "day": day_text(found.moved_out)},
        )
        return redirect("registry:resident", unit.code, found.pk)
    status = 200
    if request.method == "POST":
        form = MoveOutForm(request.POST)
        if form.is_valid():
            try:
                moved = services.resident_move_out(
                    resident=found,
                    version=form.cleaned_data["version"],
                    day=form.cleaned_data["day"],
                    user=_user(request),
                )
            except services.StaleEdit as problem:
                _problem(request, form, problem)
                status = 409
            except Problem as problem:
                _problem(request, form, problem)
            else:
                url = reverse("registry:household", args=[unit.code, found.household_id])
                return redirect(f"{url}?moved={moved.pk}&v={moved.version}")
    else:
        form = MoveOutForm(initial={"version": found.version, "day": today()})
    return render(
        request,
        "front/confirm.html",
        _base(
            request,
            unit,
            form=form,
            head_template="registry/_head.html",
            title=_("%(name)s moved out or died") % {"name": found.full_name},
            consequences=[
                _(
                    "%(name)s will be recorded as no longer living in household %(household)s "
                    "from the date below."
                )
                % {"name": found.full_name, "household": found.household.code},
                _(
                    "From that date %(name)s is no longer counted in the indicators, the "
                    "visit list or the report of %(unit)s; the history keeps everything."
                )
                % {"name": found.full_name, "unit": found.ward.name},
            ],
            undo_note=_("You can undo it right after, from the household's page."),
            confirm_label=_("Record the move-out"),
            back=reverse("registry:resident", args=[unit.code, found.pk]),
        ),
        status=status,
    )


def _move_out_undo(request: HttpRequest, unit: OrgUnit, household: Any) -> dict[str, Any] | None:
    """The undo banner after a move-out (``?moved=<resident>&v=<version>``), while the
    move-out is still the resident's last change."""
    moved, version = request.GET.get("moved", ""), request.GET.get("v", "")
    if not (moved.isdigit() and version.isdigit()) or not can_edit(_user(request), unit):
        return None
    resident = household.residents.filter(pk=int(moved)).first()
    if resident is None or resident.version != int(version):
        return None
    if not services.move_out_undoable(resident):
        return None
    return {
        "text": _("%(name)s is recorded as moved out.") % {"name": resident.full_name},
        "action": reverse("registry:resident_move_out_undo", args=[unit.code, resident.pk]),
        "fields": [("version", resident.version)],
        "label": _("Undo"),
    }


@login_required
@require_POST
def resident_move_out_undo(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code, edit=True)
    found = selectors.resident_get(unit=unit, pk=pk)
    version = request.POST.get("version", "")
    try:
        services.resident_move_out_undo(
            resident=found, version=int(version) if version.isdigit() else -1, user=_user(request)
        )
    except Problem as problem:
        messages.error(request, problem.localized())
    else:
        messages.success(
            request,
            _("Undone: %(name)s lives in the household again.") % {"name": found.full_name},
        )
    return redirect("registry:household", code=unit.code, pk=found.household_id)


@login_required
def resident_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code, edit=True)
    found = selectors.household_get(unit=unit, pk=pk)
    if request.method == "POST":
        form = NewResidentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            birth = data.get("birth")
            try:
                services.resident_add(
                    household=found,
                    full_name=data["full_name"],
                    birth_date=birth[0] if birth else None,
                    birth_year_only=birth[1] if birth else False,
                    sex=data.get("sex") or "",
                    personal_id=data.get("personal_id") or None,
                    phone=data.get("phone") or "",
                    moved_in=data.get("moved_in"),
                    user=_user(request),
                )
            except Problem as problem:
                _problem(request, form, problem)
            else:
                messages.success(request, _("Added %(name)s.") % {"name": data["full_name"]})
                return redirect("registry:household", code=unit.code, pk=found.pk)
    else:
        form = NewResidentForm()
    return render(
        request,
        "registry/form.html",
        _base(
            request,
            unit,
            form=form,
            title=_("Add a person to household %(code)s") % {"code": found.code},
            back=reverse("registry:household", args=[unit.code, found.pk]),
        ),
    )


@login_required
def household_add(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code, edit=True)
    units = _neighbourhoods(unit)
    if request.method == "POST":
        form = NewHouseholdForm(request.POST, units=units)
        if form.is_valid():
            try:
                created = services.household_add(
                    unit=form.units[form.cleaned_data["unit"]],
                    code=form.cleaned_data["code"],
                    address=form.cleaned_data["address"],
                    user=_user(request),
                )
            except Problem as problem:
                _problem(request, form, problem)
            else:
                return redirect("registry:household", code=unit.code, pk=created.pk)
    else:
        form = NewHouseholdForm(units=units)
    return render(
        request,
        "registry/form.html",
        _base(
            request,
            unit,
            form=form,
            title=_("Add a household"),
            back=reverse("registry:index", args=[unit.code]),
        ),
    )


@login_required
def household_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    unit = _unit(request, code, edit=True)
    found = selectors.household_get(unit=unit, pk=pk)
    # A team member keeps households in their neighbourhood; officers may move them.
    units = _neighbourhoods(unit if unit.level == Level.NEIGHBOURHOOD else found.ward)
    status = 200
    if request.method == "POST":
        form = HouseholdForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.household_update(
                    household=found,
                    version=data["version"],
                    user=_user(request),
                    code=data["code"],
                    unit=form.units[data["unit"]],
                    address=data["address"],
                    digital_skills_since=data.get("digital_skills_since"),
                )
            except services.StaleEdit as problem:
                _problem(request, form, problem)
                status = 409
            except Problem as problem:
                _problem(request, form, problem)
            else:
                messages.success(request, _("Saved."))
                return redirect("registry:household", code=unit.code, pk=found.pk)
    else:
        form = HouseholdForm(
            initial={
                "version": found.version,
                "code": found.code,
                "unit": str(found.unit_id),
                "address": found.address,
                "digital_skills_since": found.digital_skills_since,
            },
            units=units,
        )
    return render(
        request,
        "registry/form.html",
        _base(
            request,
            unit,
            form=form,
            title=_("Edit household %(code)s") % {"code": found.code},
            back=reverse("registry:household", args=[unit.code, found.pk]),
        ),
        status=status,
    )


# Import and export (ward officers) ---------------------------------------------------------

UPLOADS = services.UPLOADS
UPLOAD_SESSION = "registry_upload"


def _upload_dir() -> Path:
    path = Path(settings.VAR_DIR) / UPLOADS
    path.mkdir(parents=True, exist_ok=True)
    for old in path.iterdir():  # uploads nobody confirmed within a day
        if old.stat().st_mtime < time.time() - 86_400:
            old.unlink(missing_ok=True)
    return path


def _pending_path(request: HttpRequest, unit: OrgUnit) -> tuple[dict[str, Any], Path] | None:
    pending = request.session.get(UPLOAD_SESSION)
    if not pending or pending.get("unit") != unit.code:
        return None
    path = _upload_dir() / pending["token"]
    return (pending, path) if path.exists() else None


def _gone(request: HttpRequest, unit: OrgUnit) -> HttpResponse:
    messages.error(request, _("The uploaded file is gone; upload it again."))
    return redirect("registry:import", code=unit.code)


def _refused(request: HttpRequest, unit: OrgUnit, path: Path, problem: Problem) -> HttpResponse:
    path.unlink(missing_ok=True)
    request.session.pop(UPLOAD_SESSION, None)
    return render(
        request,
        "registry/import.html",
        _base(
            request, unit, form=ImportForm(initial={"as_of": today()}), refusal=problem.localized()
        ),
        status=400,
    )


def _mapping(request: HttpRequest, unit: OrgUnit, pending: dict[str, Any]) -> dict[str, str]:
    """The ward's remembered choices, and this file's (which win)."""
    return {**selectors.roster_mapping(ward=unit), **pending.get("mapping", {})}


@login_required
def roster_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a roster; map the columns it does not know; every error is listed before
    anything is written."""
    unit = _officer_unit(request, code)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if upload.size > limit:
                form.add_error(
                    "file", _("The file is larger than %(mb)d MB.") % {"mb": limit >> 20}
                )
            else:
                token = secrets.token_hex(16)
                path = _upload_dir() / token
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                request.session[UPLOAD_SESSION] = {
                    "token": token,
                    "name": Path(upload.name or "roster").name,
                    "unit": unit.code,
                    "as_of": form.cleaned_data["as_of"].isoformat(),
                    "mapping": {},
                }
                pending = request.session[UPLOAD_SESSION]
                try:
                    sheets = services.roster_scan(
                        path=path, name=pending["name"], mapping=_mapping(request, unit, pending)
                    )
                except Problem as problem:
                    return _refused(request, unit, path, problem)
                if any(not c.known for sheet in sheets for c in sheet.columns):
                    return redirect("registry:import_mapping", code=unit.code)
                return _preview(request, unit, confirm=False)
    else:
        form = ImportForm(initial={"as_of": today()})
    return render(request, "registry/import.html", _base(request, unit, form=form))


IGNORE = "-"


def _column_choices() -> list[tuple[str, str]]:
    return [
        ("", _("— choose —")),
        (IGNORE, _("Ignore this column")),
        *((f.column, f.header) for f in facts.FIELDS if f.owner != "file"),
    ]


@login_required
def roster_import_mapping(request: HttpRequest, code: str) -> HttpResponse:
    """The file's columns, what each is read as, a few values; a select for each."""
    unit = _officer_unit(request, code)
    found = _pending_path(request, unit)
    if found is None:
        return _gone(request, unit)
    pending, path = found
    mapping = _mapping(request, unit, pending)
    try:
        sheets = services.roster_scan(path=path, name=pending["name"], mapping=mapping)
    except Problem as problem:
        return _refused(request, unit, path, problem)
    columns: dict[str, Any] = {}  # one row per distinct header, over every sheet
    for sheet in sheets:
        for column in sheet.columns:
            row = columns.setdefault(
                column.key,
                {"header": column.header, "key": column.key, "samples": [], "sheets": []},
            )
            row["sheets"].append(sheet.name)
            row["samples"] = (row["samples"] + column.samples)[:3]
            row["chosen"] = column.column or (IGNORE if column.known else "")
            row["known"] = column.known
    if request.method == "POST":
        choices: dict[str, str] = {}
        for index, key in enumerate(columns):
            value = request.POST.get(f"c{index}", "")
            if value == IGNORE:
                choices[columns[key]["header"]] = ""
            elif value:
                choices[columns[key]["header"]] = value
        automatic = {
            row["header"]: roster.column_for(row["header"])
            or ("" if key in roster.IGNORED_HEADERS else None)
            for key, row in columns.items()
        }
        remembered = {h: c for h, c in choices.items() if automatic.get(h) != c}
        try:
            services.roster_mapping_save(ward=unit, choices=remembered, user=_user(request))
        except Problem as problem:
            messages.error(request, problem.localized())
            return redirect("registry:import_mapping", code=unit.code)
        pending["mapping"] = {roster.header_key(h): c for h, c in remembered.items()}
        request.session[UPLOAD_SESSION] = pending
        return _preview(request, unit, confirm=False)
    rows = sorted(
        ({**row, "index": index} for index, row in enumerate(columns.values())),
        key=lambda r: r["known"],  # the columns to choose for first
    )
    return render(
        request,
        "registry/import_mapping.html",
        _base(
            request,
            unit,
            name=pending["name"],
            rows=rows,
            choices=_column_choices(),
            skipped=[s.name for s in sheets if not s.line],
            unknown=sum(1 for r in rows if not r["known"]),
        ),
    )


def _run_import(
    request: HttpRequest, unit: OrgUnit, pending: dict[str, Any], path: Path, **options: Any
) -> Any:
    return services.roster_import(
        path=path,
        name=pending["name"],
        unit=unit,
        as_of=dt.date.fromisoformat(pending["as_of"]),
        user=_user(request),
        mapping=_mapping(request, unit, pending),
        **options,
    )


SHOWN = 200  # errors listed on the page; the rest in the downloadable file


def _preview(
    request: HttpRequest, unit: OrgUnit, *, confirm: bool, skip_invalid: bool = False
) -> HttpResponse:
    found = _pending_path(request, unit)
    if found is None:
        return _gone(request, unit)
    pending, path = found
    language = get_language() or "vi"
    if confirm:
        # Written in the background: the request does not stay open for the whole import.
        job = services.import_job_start(
            unit=unit,
            user=_user(request),
            name=pending["name"],
            token=pending["token"],
            as_of=dt.date.fromisoformat(pending["as_of"]),
            mapping=_mapping(request, unit, pending),
            skip_invalid=skip_invalid,
        )
        del request.session[UPLOAD_SESSION]
        return redirect("registry:import_job", code=unit.code, pk=job.pk)
    try:
        result = _run_import(request, unit, pending, path, dry_run=True)
    except Problem as problem:
        return _refused(request, unit, path, problem)
    return render(
        request,
        "registry/import_preview.html",
        _base(
            request,
            unit,
            result=result,
            name=pending["name"],
            errors=[e.localized(language) for e in result.errors[:SHOWN]],
            more=result.error_count - len(result.errors[:SHOWN]),
            warnings=[w.localized(language) for w in result.warnings[:SHOWN]],
            more_warnings=result.warning_count - len(result.warnings[:SHOWN]),
            summary=result.summary().split(" / ")[language == "en"],
            good_rows=result.rows - result.bad_rows,
        ),
    )


@login_required
def roster_import_job(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """A confirmed import while it runs (the page refreshes itself); once it has ended, the
    registry with what was written, or why nothing was."""
    unit = _officer_unit(request, code)
    job = selectors.import_job_get(unit=unit, pk=pk)
    if job.finished:
        text = job.message.split(" / ")[get_language() == "en"] if job.message else ""
        if job.status == job.Status.DONE:
            messages.success(request, text)
        else:
            messages.error(request, text or _("The import failed; nothing was written."))
        return redirect("registry:index", code=unit.code)
    return render(
        request,
        "registry/import_job.html",
        _base(request, unit, job=job, name=job.name, refresh=IMPORT_JOB_REFRESH),
    )


IMPORT_JOB_REFRESH = 2  # seconds between two looks at a running import


@login_required
def roster_import_errors(request: HttpRequest, code: str) -> HttpResponse:
    """Every error and warning of the pending file as a CSV (line, column, value, message)."""
    unit = _officer_unit(request, code)
    found = _pending_path(request, unit)
    if found is None:
        return _gone(request, unit)
    pending, path = found
    try:
        result = _run_import(request, unit, pending, path, dry_run=True)
    except Problem as problem:
        return _refused(request, unit, path, problem)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="loi-{Path(pending["name"]).stem}.csv"'
    services.roster_issues_csv(out=response, result=result)  # type: ignore[arg-type]
    return response


@login_required
def roster_template(request: HttpRequest, code: str) -> HttpResponse:
    """The empty roster to fill in (CSV or XLSX), Vietnamese headers with diacritics."""
    unit = _officer_unit(request, code)
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    response = HttpResponse(
        content_type="text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="mau-danh-sach-{unit.code}.{file_format}"'
    )
    services.roster_template(out=response, file_format=file_format)  # type: ignore[arg-type]
    return response


@login_required
def roster_import_confirm(request: HttpRequest, code: str) -> HttpResponse:
    unit = _officer_unit(request, code)  # outsiders get 404 before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if "cancel" in request.POST:
        pending = request.session.pop(UPLOAD_SESSION, None)
        if pending:
            (_upload_dir() / pending["token"]).unlink(missing_ok=True)
        return redirect("registry:index", code=unit.code)
    return _preview(request, unit, confirm=True, skip_invalid="skip_invalid" in request.POST)


@login_required
def roster_export(request: HttpRequest, code: str) -> HttpResponse:
    """The ward's roster as CSV (for Excel: with a BOM) or XLSX; logged."""
    unit = _officer_unit(request, code)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    file_format = request.POST.get("format", "csv")
    if file_format not in ("csv", "xlsx"):
        raise Http404("unknown format")
    response = HttpResponse(
        content_type="text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"nhan-khau-{unit.code}-{today().isoformat()}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    services.roster_export(
        unit=unit,
        out=response,  # type: ignore[arg-type]  # a file-like object that takes bytes
        file_format=file_format,
        user=_user(request),
        bom=True,
    )
    return response
