"""Writes to the registry. Views, the visit form and the commands call these.

- :func:`roster_import` loads a roster file (interfaces.md), all or nothing.
- :func:`roster_export` writes a unit's roster back in the same format.
- :func:`household_add`, :func:`household_update`, :func:`resident_add`,
  :func:`resident_update` and :func:`resident_move_out` are the web's edits;
  :func:`resident_visit_facts` and :func:`household_visit_facts` write a visit's facts
  (the visit itself is :func:`gocua.outreach.visits.visit_record`). Each keeps a
  :class:`~gocua.registry.models.Change` per field and refuses a save made on a stale
  page (the ``version`` field): the later of two concurrent edits is refused, nothing
  is overwritten.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gocua.accounts.models import User
from gocua.audit.services import audit_log, versions_of
from gocua.lib.dates import today
from gocua.lib.errors import Problem, UsageProblem
from gocua.lib.progress import bar
from gocua.lib.sheets import csv_writer, xlsx_row
from gocua.lib.text import clean_text, fold
from gocua.lib.writes import user_or_none
from gocua.orgunits.models import Level, OrgUnit
from gocua.registry import facts, roster
from gocua.registry.importer import ImportResult, RosterImport, change_text
from gocua.registry.models import (
    Change,
    Household,
    ImportJob,
    Resident,
    breaks_one_living_per_id,
)
from gocua.registry.privacy import current_lookups, logs_id_lookups, registered_elsewhere

# Import --------------------------------------------------------------------------------

IMPORT_LEVELS = {Level.COMMUNE, Level.DISTRICT, Level.PROVINCE}


@contextmanager
def _opened(path: str | Path | None, file: IO[bytes] | None) -> Iterator[IO[bytes]]:
    if file is not None:
        yield file
        return
    if path is None:
        raise UsageProblem("Cần một tệp để nhập", "a file to import is required")
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except FileNotFoundError:
        raise UsageProblem(f"Không có tệp {path}", f"no file {path}") from None
    except IsADirectoryError:
        raise UsageProblem(f"{path} là thư mục, không phải tệp", f"{path} is a directory") from None
    except OSError as error:
        raise UsageProblem(
            f"Không mở được tệp {path} ({error.strerror})",
            f"cannot open {path} ({error.strerror})",
        ) from None
    with handle:
        yield handle


def roster_import(
    *,
    unit: OrgUnit,
    path: str | Path | None = None,
    file: IO[bytes] | None = None,
    name: str = "",
    as_of: dt.date | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    user: User | None = None,
    show_progress: bool = False,
    ignore: Iterable[str] = (),
    mapping: dict[str, str] | None = None,
) -> ImportResult:
    """Import a roster (CSV or the first sheet of an XLSX) into a ward, all or nothing.

    ``unit`` is a commune; a district or province takes files with a ``phuong``
    column that routes each row to a commune below it. Bad rows are returned in
    ``result.errors`` (``line N, column C: vi / en``); with any error and without
    ``skip_invalid`` the database is left as it was (``result.refused``). A
    file that cannot be read at all (empty, unknown encoding, a missing
    required column, a line of megabytes) raises :class:`Problem`.
    ``dry_run`` checks and counts, and writes nothing.

    A neighbourhood ``unit`` puts every row there (its commune is the ward).
    ``ignore`` lists headers to leave out and ``mapping`` maps headers to roster
    columns (an empty column ignores the header): the file's columns as wards
    keep them (interfaces.md, "Rosters as wards keep them").
    """
    neighbourhood = None
    if unit.level == Level.NEIGHBOURHOOD and unit.parent is not None:
        neighbourhood, unit = unit, unit.parent
    if unit.level not in IMPORT_LEVELS:
        raise UsageProblem(
            f"Không nhập được vào {unit.name} ({unit.code}): hãy chọn phường, xã hoặc khu phố",
            f"cannot import into {unit.name} ({unit.code}): choose a commune or a neighbourhood",
        )
    known = {c.key for c in roster.COLUMNS}
    for header, column in (mapping or {}).items():
        if column and column not in known:
            found = roster.column_for(column)
            if found is None:
                raise UsageProblem(
                    f"--map {header}={column}: không có cột {column} (dùng {', '.join(known)})",
                    f"--map {header}={column}: no column {column} (use one of "
                    f"{', '.join(sorted(known))})",
                )
            mapping = {**(mapping or {}), header: found}
    as_of = as_of or today()
    label = name or (Path(path).name if path is not None else "roster")
    result: ImportResult | None = None
    with _opened(path, file) as stream:
        stream = _seekable(stream)
        for attempt in range(1, IMPORT_ATTEMPTS + 1):
            stream.seek(0)
            result = ImportResult(
                file=label,
                unit_code=unit.code,
                unit_name=unit.name,
                as_of=as_of,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
            if _import_once(
                stream=stream,
                label=label,
                result=result,
                unit=unit,
                as_of=as_of,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                user=user,
                show_progress=show_progress,
                neighbourhood=neighbourhood,
                ignore=ignore,
                mapping=mapping,
                last=attempt == IMPORT_ATTEMPTS,
            ):
                break
    assert result is not None
    return result


# How many times an import matches its file again when the unit changed meanwhile.
IMPORT_ATTEMPTS = 3


class _ChangedMeanwhile(Exception):
    """The unit's data changed between matching and writing: match again."""


def _import_once(
    *,
    stream: IO[bytes],
    label: str,
    result: ImportResult,
    unit: OrgUnit,
    as_of: dt.date,
    dry_run: bool,
    skip_invalid: bool,
    user: Any,
    show_progress: bool,
    neighbourhood: OrgUnit | None,
    ignore: Iterable[str],
    mapping: dict[str, str] | None,
    last: bool,
) -> bool:
    """Read and match the file without a transaction, then write in one short one.

    False when the unit's data changed in between (nothing written: match again); on the
    last attempt that refuses the import with one line."""
    reader = roster.open_roster(stream, label)
    result.encoding = reader.encoding_name
    progress = bar(total=reader.total, desc=label, unit="B") if show_progress else None
    job = RosterImport(
        reader=reader,
        unit=unit,
        as_of=as_of,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        user=user,
        result=result,
        progress=progress,
        neighbourhood=neighbourhood,
        ignore=ignore,
        mapping=mapping,
    )
    try:
        seen = versions_of(unit)
        job.run()  # reads only: no write lock while the file is read and matched
        if result.refused or dry_run or not result.changed_anything:
            result.written = False
            return True
        try:
            with transaction.atomic():
                job.write()
                # Under the lock now (SQLite's writer; PostgreSQL's rows of the versions):
                # a change in the unit since matching began means the plans may be stale.
                if versions_of(unit) != seen:
                    raise _ChangedMeanwhile
                audit_log(
                    action="roster.import",
                    user=user,
                    unit_code=unit.code,
                    rows=result.created + result.updated,
                    detail=result.as_dict(),
                )
        except (_ChangedMeanwhile, IntegrityError) as error:
            # A personal ID of the file saved meanwhile as living elsewhere (another ward's
            # form or import: a change the unit's version does not cover) is refused by the
            # database; matched again, its row is "registered elsewhere" as in any import.
            if isinstance(error, IntegrityError) and not breaks_one_living_per_id(error):
                raise
            result.written = False
            if last:
                raise Problem(
                    f"Dữ liệu của {unit.name} hoặc các số định danh trong tệp {label} thay "
                    f"đổi trong lúc nhập, {IMPORT_ATTEMPTS} lần liền; chưa ghi gì, hãy nhập "
                    "lại sau ít phút",
                    f"the data of {unit.name}, or of the personal IDs in {label}, changed while "
                    f"it was being imported, {IMPORT_ATTEMPTS} times running; nothing was "
                    "written, import it again in a few minutes",
                ) from None
            return False
        return True
    finally:
        job.close()
        reader.close()
        if progress is not None:
            progress.close()
        # after the transaction: a refused or dry run writes nothing, its lookups stay logged
        job.lookups.log(unit_code=unit.code, channel="web" if job.user else "cli")


# Web imports in the background ------------------------------------------------------------

UPLOADS = "registry-uploads"  # under VAR_DIR: files uploaded and not yet imported


def upload_path(token: str) -> Path:
    from django.conf import settings

    return Path(settings.VAR_DIR) / UPLOADS / token


def import_job_start(
    *,
    unit: OrgUnit,
    user: User | None,
    name: str,
    token: str,
    as_of: dt.date,
    mapping: dict[str, str],
    skip_invalid: bool,
) -> ImportJob:
    """Record a confirmed web import and start it in a thread once the record is committed
    (``IMPORT_JOBS=inline``: in the calling thread, for tests that hold one transaction)."""
    from django.conf import settings

    job = ImportJob(
        unit=unit,
        user=user_or_none(user),
        name=name[:255],
        token=token,
        as_of=as_of,
        mapping=mapping,
        skip_invalid=skip_invalid,
    )
    job.full_clean()
    job.save()
    if settings.IMPORT_JOBS == "inline":
        import_job_run(job_id=job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _start_thread(job.pk))
    return job


def _start_thread(job_id: int) -> None:
    import threading

    threading.Thread(
        target=import_job_run, kwargs={"job_id": job_id}, name=f"import-{job_id}", daemon=True
    ).start()


def import_job_run(*, job_id: int) -> None:
    """Run a queued import job to its end: done with what was written, or failed with one
    line; the upload is removed either way. Nothing is half-written: the import writes in
    one transaction (:func:`roster_import`)."""
    from django.conf import settings
    from django.db import connection

    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING
    ):
        return  # already taken, or marked failed
    job = ImportJob.objects.select_related("unit", "user").get(pk=job_id)
    path = upload_path(job.token)
    status, message = ImportJob.Status.FAILED, ""
    try:
        result = roster_import(
            path=path,
            name=job.name,
            unit=job.unit,
            as_of=job.as_of,
            user=job.user,
            mapping=job.mapping,
            skip_invalid=job.skip_invalid,
        )
        message = _job_message(result)
        if not result.refused:
            status = ImportJob.Status.DONE
    except Problem as problem:
        message = str(problem)
    except Exception:
        import logging

        logging.getLogger(__name__).exception("import job %s", job_id)
        message = (
            "Lỗi không mong đợi khi nhập; chưa ghi gì / an unexpected error while importing; "
            "nothing was written"
        )
    finally:
        path.unlink(missing_ok=True)
        ImportJob.objects.filter(pk=job_id).update(
            status=status, message=message, finished_at=timezone.now()
        )
        if settings.IMPORT_JOBS != "inline":
            connection.close()  # the thread's own connection


JOB_ERRORS = 3  # errors named in a job's message; the rest are counted


def _job_message(result: ImportResult) -> str:
    """The summary and the first errors, "vi / en": the job's page ends on it, and the
    errors may be new since the check the officer confirmed (a number saved elsewhere
    meanwhile)."""
    vi, en = result.summary().split(" / ", 1)
    if result.error_count:
        first = result.errors[:JOB_ERRORS]
        vi += ". " + "; ".join(e.localized("vi") for e in first)
        en += ". " + "; ".join(e.localized("en") for e in first)
        if result.error_count > len(first):
            more = result.error_count - len(first)
            vi += f"; và {more} lỗi khác"
            en += f"; and {more} more"
    # One " / " between the languages, as the job's page splits it (a cell may hold one).
    return f"{vi.replace(' / ', '/')} / {en.replace(' / ', '/')}"


def import_jobs_recover() -> int:
    """Mark failed the jobs a process left queued or running (it died, or stopped): their
    transaction was never committed, so nothing of them is written. Run when the web app
    starts; returns how many."""
    stale = ImportJob.objects.filter(status__in=(ImportJob.Status.QUEUED, ImportJob.Status.RUNNING))
    jobs = list(stale.values_list("token", flat=True))
    for token in jobs:
        upload_path(token).unlink(missing_ok=True)
    return stale.update(
        status=ImportJob.Status.FAILED,
        finished_at=timezone.now(),
        message=(
            "Việc nhập bị ngắt khi máy chủ dừng; chưa ghi gì, hãy tải tệp lên lại / "
            "the import was interrupted when the server stopped; nothing was written, "
            "upload the file again"
        ),
    )


def _seekable(stream: IO[bytes]) -> IO[bytes]:
    try:
        if stream.seekable():
            return stream
    except (AttributeError, ValueError):
        pass
    return io.BytesIO(stream.read())


# Export --------------------------------------------------------------------------------


def roster_export(
    *, unit: OrgUnit, out: IO[bytes], file_format: str, user: User | None = None, bom: bool = False
) -> int:
    """Write the roster of a unit (every resident, moved out included) and log it.

    The file has the import's headers, so importing it again changes nothing. A
    unit above a commune gets a ``phuong`` column with each row's commune code.
    Returns the number of rows written.
    """
    from gocua.registry.selectors import roster_rows

    with_ward = unit.level in (Level.DISTRICT, Level.PROVINCE)
    headers = [h for h in roster.HEADERS if with_ward or h != "phuong"]
    rows = roster_rows(unit=unit, columns=headers)
    if file_format == "xlsx":
        count = _write_xlsx(out, headers, rows)
    elif file_format == "csv":
        count = _write_csv(out, headers, rows, bom=bom)
    else:
        raise UsageProblem(
            f"Không có định dạng {file_format}: dùng .csv hoặc .xlsx",
            f"unknown format {file_format}: use .csv or .xlsx",
        )
    audit_log(
        action="roster.export",
        user=user,
        unit_code=unit.code,
        rows=count,
        detail={"format": file_format},
    )
    return count


def roster_scan(
    *, path: str | Path, name: str, mapping: dict[str, str]
) -> list[roster.ScannedSheet]:
    """Each sheet's header and columns with a few values: the web import's mapping step."""
    with _opened(path, None) as stream:
        reader = roster.open_roster(stream, name)
        try:
            return roster.scan(reader, mapping)
        finally:
            reader.close()


def roster_issues_csv(*, out: IO[bytes], result: ImportResult) -> int:
    """The errors and warnings of an import as a CSV for Excel: sheet, line, column, value,
    message (Vietnamese / English). Returns the rows written."""
    rows = [
        [e.sheet, str(e.line), e.column, e.value, "lỗi / error", f"{e.vi} / {e.en}"]
        for e in result.errors
    ]
    rows += [
        [w.sheet, str(w.line), w.column, w.value, "cảnh báo / warning", f"{w.vi} / {w.en}"]
        for w in result.warnings
    ]
    if result.unlisted:
        rows.append(
            ["", "", "", "", "", f"… và {result.unlisted} lỗi nữa / … and {result.unlisted} more"]
        )
    headers = [
        "trang / sheet",
        "dòng / line",
        "cột / column",
        "giá trị / value",
        "loại / kind",
        "lỗi / message",
    ]
    return _write_csv(out, headers, iter(rows), bom=True)


@transaction.atomic
def roster_mapping_save(*, ward: OrgUnit, choices: dict[str, str], user: User | None) -> int:
    """Remember the ward's choices of the import's mapping step: header → column ("" ignores).

    Headers are stored as :func:`roster.header_key`; returns how many choices changed.
    """
    from gocua.registry.models import RosterMapping

    known = {c.key for c in roster.COLUMNS}
    current = {m.header: m for m in RosterMapping.objects.filter(ward=ward)}
    changed = 0
    for header, column in choices.items():
        key = roster.header_key(header)
        if not key or (column and column not in known):
            raise Problem(
                f"Không có cột {column} trong mẫu danh sách", f"no column {column} in the roster"
            )
        mapping = current.get(key)
        if mapping is not None and mapping.column == column:
            continue
        if mapping is None:
            mapping = RosterMapping(ward=ward, header=key[:200])
        mapping.column = column
        mapping.full_clean()
        mapping.save()
        changed += 1
    if changed:
        audit_log(
            action="roster.mapping",
            user=user,
            unit_code=ward.code,
            detail={roster.header_key(h): c for h, c in choices.items()},
        )
    return changed


def roster_template(*, out: IO[bytes], file_format: str) -> None:
    """The empty roster to fill in: the Vietnamese headers with diacritics, read back as they are.

    The ward's own file (no ``Phường, xã`` column); CSV with a BOM for Excel.
    """
    headers = [f.header for f in facts.FIELDS if f.owner != "file"]
    if file_format == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "Nhân khẩu"
        sheet.append(headers)
        for index, cell in enumerate(sheet[1], start=1):
            cell.font = Font(bold=True)
            column = get_column_letter(index)
            sheet.column_dimensions[column].width = max(12, len(str(cell.value)) + 4)
            # Text cells: personal IDs and phones keep their leading zero.
            for row in range(2, 501):
                sheet[f"{column}{row}"].number_format = "@"
        sheet.freeze_panes = "A2"
        workbook.save(out)
    elif file_format == "csv":
        _write_csv(out, headers, iter(()), bom=True)
    else:
        raise UsageProblem(
            f"Không có định dạng {file_format}: dùng .csv hoặc .xlsx",
            f"unknown format {file_format}: use .csv or .xlsx",
        )


def _write_csv(out: IO[bytes], headers: list[str], rows: Iterator[list[str]], bom: bool) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    try:
        writer = csv_writer(text)
        writer.writerow(headers)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
        text.flush()
    finally:
        text.detach()
    return count


def _write_xlsx(out: IO[bytes], headers: list[str], rows: Iterator[list[str]]) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("nhan_khau")
    sheet.append(xlsx_row(sheet, headers))
    count = 0
    for row in rows:
        # text cells: personal IDs and phones keep their leading zero, names stay names
        sheet.append(xlsx_row(sheet, row))
        count += 1
    workbook.save(out)
    return count


# Edits ---------------------------------------------------------------------------------

RESIDENT_EDIT_FIELDS = list(facts.RESIDENT_VALUES)
HOUSEHOLD_EDIT_FIELDS = ["code", "unit", "address", "digital_skills_since"]
FACT_FIELDS = {
    "smartphone": "smartphone_since",
    "vssid": "vssid_since",
    "ehealth": "ehealth_since",
    "payment": "payment_since",
}


class StaleEdit(Problem):
    """Someone else saved the record after this page was opened."""


def _stale(what_vi: str, what_en: str) -> StaleEdit:
    return StaleEdit(
        f"{what_vi} vừa được người khác sửa sau khi bạn mở trang; không có gì bị ghi đè. "
        "Hãy tải lại trang để xem thay đổi của họ rồi sửa lại",
        f"someone else changed {what_en} after you opened this page; nothing was "
        "overwritten. Reload the page to see their changes, then edit again",
    )


def _clean(
    instance: Household | Resident, exclude: list[str] | None = None, *, constraints: bool = True
) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=constraints)
    except ValidationError as error:
        messages = [m for ms in error.message_dict.values() for m in ms]
        raise Problem.from_text(messages[0] if messages else str(error)) from None


def _check_values(resident: Resident, *, as_of: dt.date, changed: set[str] | None = None) -> None:
    """The roster's rules for a resident edited by hand, on the fields that changed.

    A value already on record (imported under older rules) does not block an
    edit of something else.
    """
    check = (lambda name: True) if changed is None else changed.__contains__
    if resident.personal_id and check("personal_id"):
        resident.personal_id = _value(roster.personal_id_value, resident.personal_id)
    if resident.phone and check("phone"):
        resident.phone = _value(roster.phone_value, resident.phone) or ""
    birth = resident.birth_date
    if birth is not None and birth > as_of and check("birth_date"):
        raise Problem("Ngày sinh sau hôm nay", "the birth date is after today")
    for name in ("moved_in", "moved_out", "eid_since", "eid2_since", *FACT_FIELDS.values()):
        day = getattr(resident, name)
        if day is None or not (check(name) or check("birth_date")):
            continue
        if day > as_of:
            raise Problem(
                f"Ngày {day:%d/%m/%Y} ({name}) sau hôm nay",
                f"{day.isoformat()} ({name}) is after today",
            )
        if birth is not None and day < birth:
            raise Problem(
                f"Ngày {day:%d/%m/%Y} ({name}) trước ngày sinh",
                f"{day.isoformat()} ({name}) is before the birth date",
            )
    if resident.moved_in and resident.moved_out and resident.moved_out < resident.moved_in:
        raise Problem("Ngày đi trước ngày đến", "moved out before moving in")
    if resident.eid_level == 0:
        resident.eid_since = resident.eid2_since = None
    elif resident.eid_level == 1:
        resident.eid2_since = None
        resident.eid_since = resident.eid_since or as_of
    else:
        resident.eid2_since = resident.eid2_since or as_of
        resident.eid_since = resident.eid_since or resident.eid2_since


def _value(parse: Any, raw: str) -> Any:
    try:
        return parse(raw)
    except roster.ValueProblem as problem:
        raise Problem(problem.vi, problem.en) from None


def _living_elsewhere(resident: Resident, user: User | None) -> None:
    if not resident.personal_id or resident.moved_out is not None:
        return
    other = (
        Resident.objects.filter(personal_id=resident.personal_id, moved_out__isnull=True)
        .exclude(pk=resident.pk)
        .select_related("ward", "unit", "household")
        .first()
    )
    if other is not None:
        # Named only to whom may see where it lives; logged and limited (privacy.py).
        lookups = current_lookups(user)
        if other.ward_id != resident.ward_id:
            raise Problem(*lookups.elsewhere(resident.personal_id, other.ward))
        raise Problem(
            *lookups.elsewhere(
                resident.personal_id, other.ward, place=other.unit, where=other.household.code
            )
        )


@contextmanager
def _one_living_per_id(resident: Resident, user: User | None) -> Iterator[None]:
    """Write ``resident`` (inside the block) under the database's rule that a personal ID
    belongs to one living resident. :func:`_living_elsewhere` looked before; a save that
    got there meanwhile (another ward's form, an import) makes the database refuse the
    write: the user gets the same message as if it had been there before, never a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not breaks_one_living_per_id(error) or not resident.personal_id:
            raise
        _living_elsewhere(resident, user)  # the other save is committed: named as usual
        raise Problem(*registered_elsewhere(resident.personal_id)) from None


def _record(
    changes: list[Change],
    *,
    user: User | None,
    source: str,
    field: str,
    old: Any,
    new: Any,
    resident: Resident | None = None,
    household: Household | None = None,
) -> None:
    changes.append(
        Change(
            resident=resident,
            household=household,
            user=user if getattr(user, "is_authenticated", False) else None,
            source=source,
            field=field,
            old=change_text(old),
            new=change_text(new),
        )
    )


def _unit_text(unit_id: int | None) -> str:
    unit = OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None
    return unit.name if unit else ""


def _ward_of(unit: OrgUnit) -> OrgUnit:
    if unit.level == Level.NEIGHBOURHOOD and unit.parent is not None:
        return unit.parent
    if unit.level != Level.COMMUNE:
        raise Problem(
            f"Hộ phải thuộc một khu phố ({unit.name} là cấp {unit.level})",
            f"a household belongs to a neighbourhood ({unit.name} is a {unit.level})",
        )
    return unit


@transaction.atomic
def household_add(
    *, unit: OrgUnit, code: str, address: str = "", user: User | None = None, source: str = "web"
) -> Household:
    """A new household in a neighbourhood; the code must be new in the ward."""
    if unit.level != Level.NEIGHBOURHOOD:
        raise Problem(
            "Hãy chọn khu phố của hộ", "choose the neighbourhood the household belongs to"
        )
    ward = _ward_of(unit)
    code = " ".join(code.split())
    address = clean_text(address)
    if Household.objects.filter(ward=ward, code=code).exists():
        raise Problem(
            f"Mã hộ {code} đã có ở {ward.name}", f"household code {code} is taken in {ward.name}"
        )
    household = Household(
        ward=ward, unit=unit, code=code, address=address, search_address=fold(address)
    )
    _clean(household)
    household.save()
    Change.objects.create(
        household=household, user=user_or_none(user), source=source, field="created", new=""
    )
    audit_log(
        action="registry.household_add",
        user=user,
        unit_code=unit.code,
        object_type="household",
        object_id=household.pk,
    )
    return household


@transaction.atomic
def household_update(
    *,
    household: Household,
    version: int,
    user: User | None = None,
    source: str = "web",
    **values: Any,
) -> Household:
    """Change a household's code, neighbourhood, address or digital skills fact.

    Refused with :class:`StaleEdit` when ``version`` is not the stored one.
    """
    current = Household.objects.select_for_update().get(pk=household.pk)
    if current.version != version:
        raise _stale(f"Hộ {current.code}", f"household {current.code}")
    unknown = set(values) - set(HOUSEHOLD_EDIT_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    changes: list[Change] = []
    old_unit_id = current.unit_id
    for name, value in values.items():
        if name == "address":
            value = clean_text(value)
        if name == "code":
            value = " ".join(value.split())
        old = getattr(current, name)
        if old == value:
            continue
        if name == "unit":
            if value.parent_id != current.ward_id or value.level != Level.NEIGHBOURHOOD:
                raise Problem(
                    "Khu phố phải thuộc cùng phường", "the neighbourhood must be in the same ward"
                )
            _record(
                changes,
                user=user,
                source=source,
                field="unit",
                old=_unit_text(old_unit_id),
                new=value.name,
                household=current,
            )
        else:
            _record(
                changes,
                user=user,
                source=source,
                field=name,
                old=old,
                new=value,
                household=current,
            )
        setattr(current, name, value)
    if not changes:
        return current
    if "code" in values and (
        Household.objects.filter(ward_id=current.ward_id, code=current.code)
        .exclude(pk=current.pk)
        .exists()
    ):
        raise Problem(f"Mã hộ {current.code} đã có", f"household code {current.code} is taken")
    current.search_address = fold(current.address)
    current.version += 1
    _clean(current)
    updated = Household.objects.filter(pk=current.pk, version=version).update(
        code=current.code,
        unit=current.unit,
        address=current.address,
        search_address=current.search_address,
        digital_skills_since=current.digital_skills_since,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise _stale(f"Hộ {current.code}", f"household {current.code}")
    if current.unit_id != old_unit_id:
        Resident.objects.filter(household=current).update(
            unit=current.unit, version=F("version") + 1, updated_at=timezone.now()
        )
    Change.objects.bulk_create(changes)
    audit_log(
        action="registry.household_update",
        user=user,
        unit_code=current.unit.code,
        object_type="household",
        object_id=current.pk,
        detail={"fields": [c.field for c in changes]},
    )
    return current


@logs_id_lookups
@transaction.atomic
def resident_add(
    *,
    household: Household,
    full_name: str,
    birth_date: dt.date | None = None,
    birth_year_only: bool = False,
    sex: str = "",
    personal_id: str | None = None,
    phone: str = "",
    moved_in: dt.date | None = None,
    user: User | None = None,
    source: str = "web",
    on: dt.date | None = None,
) -> Resident:
    """A newborn (born here: no moved-in date) or a newcomer (moved in on a date)."""
    on = on or today()
    full_name = clean_text(full_name)
    if not full_name:
        raise Problem("Cần họ tên", "the full name is required")
    resident = Resident(
        household=household,
        ward_id=household.ward_id,
        unit_id=household.unit_id,
        full_name=full_name,
        search_name=fold(full_name),
        birth_date=birth_date,
        birth_year_only=birth_year_only,
        sex=sex,
        personal_id=personal_id or None,
        phone=phone,
        moved_in=moved_in,
    )
    _check_values(resident, as_of=on)
    _living_elsewhere(resident, user)
    _clean(resident, constraints=False)  # one living resident per ID: the database's, below
    with _one_living_per_id(resident, user):
        resident.save()
    Change.objects.create(
        resident=resident, user=user_or_none(user), source=source, field="created", new=""
    )
    audit_log(
        action="registry.resident_add",
        user=user,
        unit_code=household.unit.code,
        object_type="resident",
        object_id=resident.pk,
    )
    return resident


def _apply(current: Resident, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if name not in RESIDENT_EDIT_FIELDS:
            raise TypeError(f"not editable: {name}")
        if name == "full_name":
            value = clean_text(value)
        if name == "personal_id":
            value = value or None
        setattr(current, name, value)


def _diff(before: dict[str, Any], current: Resident) -> dict[str, tuple[Any, Any]]:
    return {
        name: (old, getattr(current, name))
        for name, old in before.items()
        if old != getattr(current, name)
    }


def _snapshot(resident: Resident) -> dict[str, Any]:
    return {name: getattr(resident, name) for name in RESIDENT_EDIT_FIELDS}


def _save_resident(
    current: Resident,
    version: int,
    before: dict[str, Any],
    *,
    user: User | None,
    source: str,
    on: dt.date,
) -> dict[str, tuple[Any, Any]]:
    """Check and write one resident's new values; record each changed field."""
    _check_values(current, as_of=on, changed=set(_diff(before, current)))
    diff = _diff(before, current)
    if not diff:
        return {}
    if "full_name" in diff and not current.full_name:
        raise Problem("Cần họ tên", "the full name is required")
    if "personal_id" in diff or "moved_out" in diff:
        _living_elsewhere(current, user)
    fields = {name: getattr(current, name) for name in diff}
    fields["search_name"] = fold(current.full_name)
    # A savepoint only where the unique personal ID (of residents living here) may be hit:
    # a visit's facts (most saves) cost one statement, not three.
    unique = "personal_id" in diff or "moved_out" in diff
    with _one_living_per_id(current, user) if unique else nullcontext():
        updated = Resident.objects.filter(pk=current.pk, version=version).update(
            **fields, version=F("version") + 1, updated_at=timezone.now()
        )
    if not updated:
        raise _stale(current.full_name, current.full_name)
    current.version = version + 1
    Change.objects.bulk_create(
        [
            Change(
                resident=current,
                user=user_or_none(user),
                source=source,
                field=name,
                old=change_text(old),
                new=change_text(new),
            )
            for name, (old, new) in diff.items()
        ]
    )
    return diff


@logs_id_lookups
@transaction.atomic
def resident_update(
    *,
    resident: Resident,
    version: int,
    user: User | None = None,
    source: str = "web",
    on: dt.date | None = None,
    **values: Any,
) -> Resident:
    """Change a resident's fields; refused with :class:`StaleEdit` on a stale ``version``."""
    on = on or today()
    current = Resident.objects.select_for_update().select_related("household").get(pk=resident.pk)
    if current.version != version:
        raise _stale(current.full_name, current.full_name)
    before = _snapshot(current)
    _apply(current, values)
    diff = _save_resident(current, version, before, user=user, source=source, on=on)
    if diff:
        audit_log(
            action="registry.resident_update",
            user=user,
            unit_code=_unit_code(current.unit_id),
            object_type="resident",
            object_id=current.pk,
            detail={"fields": sorted(diff)},
        )
    return current


def _unit_code(unit_id: int) -> str:
    return OrgUnit.objects.filter(pk=unit_id).values_list("code", flat=True).first() or ""


@logs_id_lookups
@transaction.atomic
def resident_move_out(
    *, resident: Resident, version: int, day: dt.date, user: User | None = None, source: str = "web"
) -> Resident:
    """Record that a resident left (or died) on ``day``; :func:`resident_move_out_undo`
    takes it back while nothing else changed."""
    return resident_update(
        resident=resident, version=version, moved_out=day, user=user, source=source
    )


def move_out_undoable(resident: Resident) -> bool:
    """The resident's last change is a move-out from living here: undo puts it back."""
    if resident.moved_out is None:
        return False
    last = Change.objects.filter(resident=resident).order_by("-at", "-id").first()
    return (
        last is not None
        and last.field == "moved_out"
        and last.old == ""
        and last.new == change_text(resident.moved_out)
    )


@logs_id_lookups
@transaction.atomic
def resident_move_out_undo(*, resident: Resident, version: int, user: Any = None) -> Resident:
    """Undo a move-out: the resident lives in the household again, exactly as before (only
    ``moved_out`` changed, so only it goes back), with a history row and an audit event.

    Refused when anything of the resident changed since (``version``), or when the last
    change is not that move-out; refused too if the personal ID now lives elsewhere."""
    current = Resident.objects.select_for_update().get(pk=resident.pk)
    if current.version != version or not move_out_undoable(current):
        raise Problem(
            f"Không thể hoàn tác: {current.full_name} đã được sửa sau khi ghi chuyển đi; "
            "hãy sửa ngày đi trong trang sửa nhân khẩu",
            f"cannot undo: {current.full_name} was changed after the move-out; "
            "edit the move-out date on the resident's edit page",
        )
    day = current.moved_out
    before = _snapshot(current)
    current.moved_out = None
    _save_resident(current, version, before, user=user, source="web", on=today())
    audit_log(
        action="registry.resident_move_out_undo",
        user=user,
        unit_code=_unit_code(current.unit_id),
        object_type="resident",
        object_id=current.pk,
        detail={"moved_out": change_text(day)},
    )
    return current


# Visits from the field app and the visit form ------------------------------------------

# The facts a visit may set, by the names of interfaces.md, and their columns.
VISIT_FACTS = {
    "smartphone": "smartphone_since",
    "vssid": "vssid_since",
    "ehealth": "ehealth_since",
    "payment_account": "payment_since",
}
VISIT_FACT_NAMES = [*VISIT_FACTS, "eid_level"]
HOUSEHOLD_VISIT_FACTS = {"household_skills": "digital_skills_since"}


@dataclass
class FactConflict:
    """A fact the visit would set to another value than the one the server now holds."""

    fact: str
    server: Any  # a date, an e-ID level, or None
    visit: Any  # True/False or a level


@dataclass
class VisitFacts:
    """What one visit did to one resident (or household): fields changed, or conflicts."""

    changed: list[str] = field(default_factory=list)
    conflicts: list[FactConflict] = field(default_factory=list)


def _fact_target(current: Any, wanted: bool, day: dt.date) -> Any:
    """``true`` is true since the visit's day, an earlier recorded date kept; ``false`` clears."""
    if not wanted:
        return None
    return current if current is not None and current <= day else day


def _resident_targets(resident: Resident, facts: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The columns the visit's facts set (some may equal what is stored)."""
    targets: dict[str, Any] = {}
    for name, column in VISIT_FACTS.items():
        if name in facts and facts[name] is not None:
            targets[column] = _fact_target(getattr(resident, column), bool(facts[name]), day)
    level = facts.get("eid_level")
    if level is not None and level != resident.eid_level:
        targets["eid_level"] = level
        if level == 0:
            targets["eid_since"] = targets["eid2_since"] = None
        else:
            targets["eid_since"] = _fact_target(resident.eid_since, True, day)
            targets["eid2_since"] = (
                _fact_target(resident.eid2_since, True, day) if level == 2 else None
            )
    return targets


def _fact_state(resident: Resident, name: str) -> bool | int:
    if name == "eid_level":
        return resident.eid_level
    return getattr(resident, VISIT_FACTS[name]) is not None


def _seen_state(name: str, value: Any) -> bool | int:
    if name == "eid_level":
        return int(value or 0)
    return value is not None and value is not False


def _contested(
    resident: Resident, facts: dict[str, Any], seen: dict[str, Any] | None
) -> list[FactConflict]:
    """Facts the visit turns to another value (yes/no, or the e-ID level) than the server's.

    With ``seen`` (the facts as the visitor's caseload showed them), only facts that also
    changed on the server since are contested; without it, every differing fact is.
    """
    found = []
    for name in VISIT_FACT_NAMES:
        wanted = facts.get(name)
        if wanted is None:
            continue
        server = _fact_state(resident, name)
        visit = wanted if name == "eid_level" else bool(wanted)
        if visit == server:
            continue
        if seen is not None and name in seen and _seen_state(name, seen[name]) == server:
            continue  # the server still holds what the visitor saw: the visit's change stands
        column = "eid_level" if name == "eid_level" else VISIT_FACTS[name]
        found.append(FactConflict(name, getattr(resident, column), visit))
    return found


def resident_visit_facts(
    *,
    resident: Resident,
    version: int | None,
    facts: dict[str, Any],
    day: dt.date,
    user: User | None,
    source: str = "visit",
    seen: dict[str, Any] | None = None,
) -> VisitFacts:
    """Apply a visit's facts to one resident (locked by the caller), or report conflicts.

    ``facts`` uses interfaces.md's names: ``True`` sets the fact since ``day`` (an earlier
    recorded date is kept), ``False`` clears it, a missing name changes nothing;
    ``eid_level`` is 0, 1 or 2. If ``version`` is not the stored one (the resident changed
    since the visitor saw it) and the visit would turn a fact that changed meanwhile (see
    :func:`_contested`) to another value, nothing is written and the conflicts are
    returned. The version goes up when anything changed.
    """
    result = VisitFacts()
    if version is not None and version != resident.version:
        result.conflicts = _contested(resident, facts, seen)
        if result.conflicts:
            return result
    before = _snapshot(resident)
    for column, value in _resident_targets(resident, facts, day).items():
        setattr(resident, column, value)
    result.changed = sorted(
        _save_resident(resident, resident.version, before, user=user, source=source, on=day)
    )
    return result


def household_visit_facts(
    *,
    household: Household,
    version: int | None,
    facts: dict[str, Any],
    day: dt.date,
    user: User | None,
    source: str = "visit",
) -> VisitFacts:
    """As :func:`resident_visit_facts`, for a household's facts (``household_skills``)."""
    result = VisitFacts()
    wanted = facts.get("household_skills")
    if wanted is None:
        return result
    current = household.digital_skills_since
    if (
        version is not None
        and version != household.version
        and bool(wanted) != (current is not None)
    ):
        result.conflicts = [FactConflict("household_skills", current, bool(wanted))]
        return result
    target = _fact_target(current, bool(wanted), day)
    if target == current:
        return result
    Change.objects.create(
        household=household,
        user=user_or_none(user),
        source=source,
        field="digital_skills_since",
        old=change_text(current),
        new=change_text(target),
    )
    Household.objects.filter(pk=household.pk).update(
        digital_skills_since=target, version=F("version") + 1, updated_at=timezone.now()
    )
    household.digital_skills_since = target
    household.version += 1
    result.changed = ["digital_skills_since"]
    return result
