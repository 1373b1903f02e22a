"""Writes of the reports app: the register of outgoing letters, signers, requests
from above and the units' reports answering them (draft → submitted → accepted, or
returned and submitted again).

Each function runs in one transaction, refuses bad input with a bilingual
:class:`~gocua.lib.errors.Problem` before writing, and logs through
:func:`gocua.audit.services.audit_log`. Callers fetch the unit through
``accounts.selectors.access_unit_for_edit`` first: these functions trust it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gocua.accounts.models import User
from gocua.accounts.permissions import is_upper_officer_of, is_ward_officer
from gocua.audit.services import audit_log
from gocua.indicators.models import IndicatorDefinition
from gocua.indicators.selectors import blocking_findings
from gocua.lib.dates import day_text, today
from gocua.lib.errors import Problem
from gocua.lib.text import nfc
from gocua.lib.writes import clean_and_save, invalid_data, user_or_none
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import DocumentKind, LegalDocument
from gocua.outreach.services.documents import document_create
from gocua.outreach.validation import normalize_summary, parse_document_number
from gocua.reports.content import default_recipients, letter_day, signature_of, symbol_of
from gocua.reports.frozen import report_snapshot
from gocua.reports.letters.compose import default_subject
from gocua.reports.letters.model import SigningPrefix as LetterPrefix
from gocua.reports.letters.texts import committee, letter_number
from gocua.reports.models import (
    IssuedNumber,
    Report,
    ReportEvent,
    ReportRequest,
    ReportStatus,
    Signatory,
    SigningPrefix,
)
from gocua.reports.selectors import previous_report, request_default_units

# "UBND-VHTT", "UBND", "BC-UBND", "QĐ-UBND": upper-case letters and digits joined by "-".
_SYMBOL = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
_DASHES = re.compile(r"\s*[-‐‑–—]\s*")
MAX_SEQUENCE = 99_999
ATTEMPTS = 5  # another officer took the number between our read and our write: retry


def normalize_symbol(symbol: str) -> str:
    """``ubnd – vhtt`` → ``UBND-VHTT``; raise :class:`Problem` if it is no symbol."""
    value = _DASHES.sub("-", nfc(symbol).strip()).upper()
    if not _SYMBOL.match(value):
        raise Problem(
            f"Ký hiệu văn bản “{symbol.strip()}” không đúng dạng; viết như UBND-VHTT",
            f"letter symbol “{symbol.strip()}” is not valid; write it like UBND-VHTT",
        )
    return value


def _check_year(year: int) -> None:
    if not 1945 <= year <= 9999:
        raise Problem(f"Năm {year} không hợp lệ", f"year {year} is not valid")


def letter_number_issue(
    *, unit: OrgUnit, year: int, symbol: str, subject: str = "", user: User | None = None
) -> IssuedNumber:
    """The year's next number of ``unit``'s outgoing letters: ``297/UBND-VHTT``.

    Never issued twice. Officers of one unit take numbers one at a time: the unit's
    row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE
    transactions already serialize writers) until the caller's transaction ends, so
    keep that transaction short. The next number is the year's highest plus one,
    written in a savepoint; should another writer still have taken it (a number
    reserved by hand), the unique constraint on (unit, year, sequence) refuses ours
    and we read again.
    """
    symbol = normalize_symbol(symbol)
    _check_year(year)
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                _lock(unit)
                highest = IssuedNumber.objects.filter(unit=unit, year=year).aggregate(
                    highest=Max("sequence")
                )["highest"]
                number = _new(
                    unit=unit,
                    year=year,
                    sequence=(highest or 0) + 1,
                    symbol=symbol,
                    subject=subject,
                    reserved=False,
                    user=user,
                )
        except IntegrityError:
            continue
        _log("reports.letter_number.issue", number, user)
        return number
    raise Problem(
        "Không cấp được số văn bản vì nhiều người cùng lấy số; hãy thử lại",
        "could not issue a letter number while others were taking numbers; try again",
    )


@transaction.atomic
def letter_number_reserve(
    *,
    unit: OrgUnit,
    year: int,
    sequence: int,
    symbol: str,
    subject: str = "",
    user: User | None = None,
) -> IssuedNumber:
    """Enter a number chosen by hand (a letter numbered outside Gõ Cửa, the demo's
    297/UBND-VHTT of 2023); refused if that number of that year is already taken."""
    symbol = normalize_symbol(symbol)
    _check_year(year)
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise Problem(
            f"Số văn bản phải từ 1 đến {MAX_SEQUENCE}, không phải {sequence}",
            f"a letter number runs from 1 to {MAX_SEQUENCE}, not {sequence}",
        )
    _lock(unit)
    taken = IssuedNumber.objects.filter(unit=unit, year=year, sequence=sequence).first()
    if taken is None:
        try:
            with transaction.atomic():
                number = _new(
                    unit=unit,
                    year=year,
                    sequence=sequence,
                    symbol=symbol,
                    subject=subject,
                    reserved=True,
                    user=user,
                )
        except IntegrityError:
            taken = IssuedNumber.objects.filter(unit=unit, year=year, sequence=sequence).first()
        else:
            _log("reports.letter_number.reserve", number, user)
            return number
    shown = taken.text if taken else letter_number(sequence, symbol)
    raise Problem(
        f"Số {sequence:02d} năm {year} của {unit.name} đã được cấp ({shown}); "
        "mỗi số chỉ cấp một lần trong năm",
        f"number {sequence:02d} of {year} of {unit.name} has already been issued ({shown}); "
        "a number is issued once a year",
    )


def _lock(unit: OrgUnit) -> None:
    """Hold the unit's row until the transaction ends: one number at a time per unit."""
    list(OrgUnit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


def _new(
    *,
    unit: OrgUnit,
    year: int,
    sequence: int,
    symbol: str,
    subject: str,
    reserved: bool,
    user: User | None,
) -> IssuedNumber:
    number = IssuedNumber(
        unit=unit,
        year=year,
        sequence=sequence,
        symbol=symbol,
        text=letter_number(sequence, symbol),
        subject=" ".join(nfc(subject).split()),
        reserved=reserved,
        issued_by=user if getattr(user, "is_authenticated", False) else None,
    )
    try:
        # Uniqueness is the database's to decide (a concurrent insert shows up there).
        number.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise Problem.from_text("; ".join(error.messages)) from None
    number.save()
    return number


def _log(action: str, number: IssuedNumber, user: User | None) -> None:
    audit_log(
        action=action,
        user=user,
        unit_code=number.unit.code,
        object_type="issued_number",
        object_id=number.pk,
        detail={"number": number.text, "year": number.year},
    )


# Signers ------------------------------------------------------------------------------------

# Units that send letters: the committees of provinces, cities and communes.
LETTER_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT, Level.COMMUNE})
# Units that ask the units below them for reports.
REQUEST_LEVELS = frozenset({Level.PROVINCE, Level.DISTRICT})


def _line(text: str) -> str:
    return " ".join(nfc(text or "").split())


@transaction.atomic
def signatory_set(
    *,
    unit: OrgUnit,
    name: str,
    title: str,
    collective: str = "Ủy ban nhân dân",
    prefix: str = "",
    signer_title: str = "",
    symbol: str = "UBND-VHTT",
    user: User | None = None,
) -> Signatory:
    """Who signs the unit's letters and the symbol they are numbered with."""
    if unit.level not in LETTER_LEVELS:
        raise Problem(
            f"{unit.name} không ký văn bản đi (chỉ tỉnh, thành phố, phường, xã)",
            f"{unit.name} sends no letters (only provinces, cities and communes do)",
        )
    name, title, collective, signer_title = (
        _line(name),
        _line(title),
        _line(collective),
        _line(signer_title),
    )
    if not name:
        raise Problem("Cần họ tên người ký", "the signer's name is required")
    if not title:
        raise Problem(
            "Cần chức danh người đứng đầu (ví dụ Chủ tịch)",
            "the head's title is required (e.g. Chủ tịch)",
        )
    if prefix not in SigningPrefix.values:
        raise Problem(f"Cách ký “{prefix}” không có", f"unknown signing prefix “{prefix}”")
    if LetterPrefix(prefix).needs_signer_title and not signer_title:
        raise Problem(
            f"Ký “{prefix}” cần chức danh của người ký (ví dụ Phó Chủ tịch)",
            f"signing “{prefix}” needs the signer's own title (e.g. Phó Chủ tịch)",
        )
    symbol = normalize_symbol(symbol)
    signatory = Signatory.objects.select_for_update().filter(unit=unit).first()
    before = (
        {"name": signatory.name, "title": signatory.title, "symbol": signatory.symbol}
        if signatory
        else None
    )
    if signatory is None:
        signatory = Signatory(unit=unit)
    signatory.name = name
    signatory.title = title
    signatory.collective = collective
    signatory.prefix = prefix
    signatory.signer_title = signer_title if LetterPrefix(prefix).needs_signer_title else ""
    signatory.symbol = symbol
    signatory.updated_by = user_or_none(user)
    clean_and_save(signatory)
    audit_log(
        action="reports.signatory.set",
        user=user,
        unit_code=unit.code,
        object_type="signatory",
        object_id=signatory.pk,
        detail={"name": name, "title": title, "prefix": prefix, "symbol": symbol, "before": before},
    )
    return signatory


# Requests from above ------------------------------------------------------------------------


def _require(user: User | None, allowed: Callable[[User], bool], vi: str, en: str) -> None:
    """The command line and administrators may; a user only if ``allowed``; else ``vi / en``."""
    real = user_or_none(user)
    if real is None or real.is_admin or allowed(real):
        return
    raise Problem(vi, en)


def _check_issuer(user: User | None, unit: OrgUnit) -> None:
    """Officers of the unit (or above it) and administrators send its requests."""
    _require(
        user,
        lambda u: is_upper_officer_of(u, unit),
        f"Chỉ cán bộ của {unit.name} được gửi đề nghị báo cáo",
        f"only the officers of {unit.name} may send report requests",
    )


def _checked_codes(codes: Iterable[str]) -> list[str]:

    wanted = list(dict.fromkeys(str(code).strip() for code in codes if str(code).strip()))
    known = set(IndicatorDefinition.objects.filter(code__in=wanted).values_list("code", flat=True))
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise Problem(
            f"Không có chỉ tiêu mã {', '.join(unknown)}",
            f"unknown indicator code {', '.join(unknown)}",
        )
    return wanted


@transaction.atomic
def request_create(
    *,
    from_unit: OrgUnit,
    number: str,
    date: dt.date,
    subject: str,
    start: dt.date,
    end: dt.date,
    deadline: dt.date,
    codes: Sequence[str] | None = None,
    units: Iterable[OrgUnit] | None = None,
    user: User | None = None,
) -> ReportRequest:
    """The upper unit asks the units below it for a report of ``start``..``end``.

    ``units`` default to the communes under ``from_unit`` that exist on ``end`` (a
    city's wards, a province's communes); ``codes`` to every indicator in force. The
    request letter is also entered in ``from_unit``'s document register.
    """

    if from_unit.level not in REQUEST_LEVELS:
        raise Problem(
            f"{from_unit.name} không gửi đề nghị báo cáo (chỉ tỉnh, thành phố)",
            f"{from_unit.name} cannot send report requests (only provinces and cities do)",
        )
    _check_issuer(user, from_unit)
    parsed = parse_document_number(number)
    subject = normalize_summary(subject)
    if not subject:
        raise Problem("Cần trích yếu nội dung đề nghị", "the request's subject is required")
    if date > today():
        raise Problem(
            f"Ngày văn bản {day_text(date)} ở tương lai",
            f"the letter's date {date.isoformat()} is in the future",
        )
    if start > end:
        raise Problem(
            f"Kỳ báo cáo bắt đầu ({day_text(start)}) sau ngày kết thúc ({day_text(end)})",
            f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})",
        )
    if deadline < date:
        raise Problem(
            f"Hạn gửi {day_text(deadline)} trước ngày văn bản {day_text(date)}",
            f"the deadline {deadline.isoformat()} is before the letter's date {date.isoformat()}",
        )
    wanted = _checked_codes(codes or [])
    chosen = list(units) if units is not None else list(request_default_units(from_unit, on=end))
    if not chosen:
        raise Problem(
            "Chưa chọn đơn vị nào phải báo cáo", "no unit is chosen to answer the request"
        )
    for unit in chosen:
        if unit.pk == from_unit.pk or not from_unit.is_ancestor_of(unit):
            raise Problem(
                f"{unit.name} không thuộc {from_unit.name}",
                f"{unit.name} is not under {from_unit.name}",
            )
        if unit.level not in LETTER_LEVELS:
            raise Problem(
                f"{unit.name} không gửi báo cáo bằng văn bản (chỉ phường, xã, thành phố)",
                f"{unit.name} sends no letters (only communes and cities do)",
            )
    if ReportRequest.objects.filter(from_unit=from_unit, number=parsed.text, date=date).exists():
        raise Problem(
            f"Đề nghị số {parsed.text} ngày {day_text(date)} đã có",
            f"request {parsed.text} of {date.isoformat()} already exists",
        )
    request = ReportRequest(
        from_unit=from_unit,
        number=parsed.text,
        date=date,
        subject=subject,
        start=start,
        end=end,
        deadline=deadline,
        codes=wanted,
        created_by=user_or_none(user),
    )
    clean_and_save(request, validate_constraints=False)
    request.units.set(chosen)
    _register_request_letter(request, kind=parsed.kind, user=user)
    audit_log(
        action="reports.request.create",
        user=user,
        unit_code=from_unit.code,
        object_type="report_request",
        object_id=request.pk,
        rows=len(chosen),
        detail={
            "number": request.number,
            "date": date.isoformat(),
            "from": start.isoformat(),
            "to": end.isoformat(),
            "deadline": deadline.isoformat(),
            "codes": wanted,
            "units": [unit.code for unit in chosen],
        },
    )
    return request


def _register_request_letter(
    request: ReportRequest, *, kind: str | None, user: User | None
) -> None:
    """Enter the request in the issuer's document register (an official letter, not a
    legal basis of reports), unless it is already there or its number says it is
    another kind of document."""

    if kind not in (None, DocumentKind.OFFICIAL_LETTER):
        return
    issuer = committee(request.from_unit.name, short=True)
    if LegalDocument.objects.filter(
        unit=request.from_unit, number=request.number, date__year=request.date.year
    ).exists():
        return
    document_create(
        unit=request.from_unit,
        kind=DocumentKind.OFFICIAL_LETTER,
        number=request.number,
        date=request.date,
        issuer=issuer,
        summary=request.subject,
        issuer_unit=request.from_unit,
        cite_in_reports=False,
        user=user,
    )


# Reports ------------------------------------------------------------------------------------

REPORT_FIELDS = ("day", "recipients", "copies", "lessons", "difficulties", "proposals")
NARRATIVE_FIELDS = ("copies", "lessons", "difficulties", "proposals")


def _check_writer(user: User | None, unit: OrgUnit) -> None:
    """The unit's officers (and administrators) write and submit its report."""
    _require(
        user,
        lambda u: is_ward_officer(u, unit),
        f"Chỉ cán bộ của {unit.name} được soạn và gửi báo cáo này",
        f"only the officers of {unit.name} may write and submit this report",
    )


def _check_reviewer(user: User | None, request: ReportRequest) -> None:
    """Officers of the unit that asked (or above it) return or accept the reports."""
    _require(
        user,
        lambda u: is_upper_officer_of(u, request.from_unit),
        f"Chỉ cán bộ của {request.from_unit.name} được trả lại hoặc chấp nhận báo cáo",
        f"only the officers of {request.from_unit.name} may return or accept the reports",
    )


def _locked(report: Report) -> Report:
    """The report's row, held until the transaction ends (two clicks, one change)."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("request__from_unit", "unit", "number")
        .get(pk=report.pk)
    )


def _not_editable(report: Report) -> Problem:
    if report.status == ReportStatus.ACCEPTED:
        return Problem(
            f"Báo cáo của {report.unit.name} đã được chấp nhận: không sửa, không gửi lại được",
            f"the report of {report.unit.name} was accepted: it cannot be changed or "
            "submitted again",
        )
    when = timezone.localtime(report.submitted_at) if report.submitted_at else None
    at_vi = f" lúc {when:%H:%M %d/%m/%Y}" if when else ""
    at_en = f" at {when:%Y-%m-%d %H:%M}" if when else ""
    return Problem(
        f"Báo cáo của {report.unit.name} đã được gửi{at_vi} (lần {report.version}); "
        "không gửi lại được trừ khi bị trả lại",
        f"the report of {report.unit.name} was already submitted{at_en} (version "
        f"{report.version}); it cannot be submitted again unless it is returned",
    )


def _event(report: Report, action: str, user: User | None, comment: str = "", **extra: Any) -> None:
    ReportEvent.objects.create(
        report=report,
        action=action,
        version=report.version,
        comment=comment,
        user=user_or_none(user),
        **extra,
    )


def _log_report(action: str, report: Report, user: User | None, **detail: Any) -> None:
    audit_log(
        action=action,
        user=user,
        unit_code=report.unit.code,
        object_type="report",
        object_id=report.pk,
        detail={"request": report.request.number, "version": report.version, **detail},
    )


@transaction.atomic
def report_start(*, request: ReportRequest, unit: OrgUnit, user: User | None = None) -> Report:
    """The unit's report answering ``request``: the draft, made if there is none yet.

    A new draft takes its narrative (lessons, difficulties, proposals, copies) from
    the unit's last submitted or accepted report of an earlier request, and its
    recipients from the committee that asked.
    """
    if not request.units.filter(pk=unit.pk).exists():
        raise Problem(
            f"Đề nghị {request.number} không gửi {unit.name}",
            f"request {request.number} is not addressed to {unit.name}",
        )
    _check_writer(user, unit)
    existing = Report.objects.filter(request=request, unit=unit).first()
    if existing is not None:
        return existing
    previous = previous_report(unit=unit, request=request)
    report = Report(
        request=request,
        unit=unit,
        recipients="\n".join(default_recipients(request.from_unit)),
        **{field: getattr(previous, field) if previous else "" for field in NARRATIVE_FIELDS},
    )
    try:
        with transaction.atomic():
            clean_and_save(report, validate_unique=False, validate_constraints=False)
    except IntegrityError:  # another officer started it at the same moment
        return Report.objects.get(request=request, unit=unit)
    _event(report, ReportEvent.Action.START, user)
    _log_report(
        "reports.report.start",
        report,
        user,
        prefilled_from=previous.request.number if previous else None,
    )
    return report


def _text(value: Any) -> str:
    """A text as typed; only the browser's CRLF line ends become LF."""
    return str(value or "").replace("\r\n", "\n").replace("\r", "\n")


@transaction.atomic
def report_update(*, report: Report, user: User | None = None, **fields: Any) -> Report:
    """Change the draft's letter date, recipients, copies and narrative (only while it is
    a draft or returned)."""
    unknown = sorted(set(fields) - set(REPORT_FIELDS))
    if unknown:
        raise TypeError(f"report_update() cannot change {', '.join(unknown)}")
    locked = _locked(report)
    _check_writer(user, locked.unit)
    if not locked.editable:
        raise _not_editable(locked)
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "day":
            if value is not None and not isinstance(value, dt.date):
                raise Problem("Ngày văn bản không hợp lệ", "the letter's date is not valid")
            if value is not None and value < locked.request.date:
                raise Problem(
                    f"Ngày báo cáo {day_text(value)} trước ngày đề nghị "
                    f"{day_text(locked.request.date)}",
                    f"the report's date {value.isoformat()} is before the request's "
                    f"{locked.request.date.isoformat()}",
                )
            values[name] = value
        else:
            values[name] = _text(value)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if not changed:
        return locked
    for name in changed:
        setattr(locked, name, values[name])
    try:
        locked.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise invalid_data(error) from None
    locked.save(update_fields=[*changed, "updated_at"])
    _event(locked, ReportEvent.Action.EDIT, user, comment=", ".join(changed))
    _log_report("reports.report.update", locked, user, fields=changed)
    return locked


def report_submit(*, report: Report, user: User | None = None, reason: str = "") -> Report:
    """Send the report up: refused once sent (until returned), and while findings that
    block a report stand unless ``reason`` says why it goes anyway. The first
    submission draws the letter's number from the unit's register; each one freezes
    the figures, definitions and letter (``report.frozen`` and the event's snapshot)."""

    reason = nfc(reason or "").strip()
    with transaction.atomic():
        locked = _locked(report)
        _check_writer(user, locked.unit)
        if not locked.editable:
            raise _not_editable(locked)
        request = locked.request
        blocking = blocking_findings(unit=locked.unit, as_of=request.end, start=request.start)
        if blocking and not reason:
            first = blocking[0]
            raise Problem(
                f"Còn {len(blocking)} lỗi phải xử lý trước khi gửi (như: {first.text_vi}); "
                "sửa số liệu, hoặc ghi lý do vẫn gửi",
                f"{len(blocking)} finding(s) must be resolved before submitting (such as: "
                f"{first.text_en}); correct the figures, or give the reason to submit anyway",
            )
        signature_of(locked.unit)  # no signer: refused before a number is drawn
        if locked.number_id is None:
            locked.number = letter_number_issue(
                unit=locked.unit,
                year=letter_day(locked).year,
                symbol=symbol_of(locked.unit),
                subject=default_subject(locked.unit.name),
                user=user,
            )
        snapshot = report_snapshot(locked)
        locked.frozen = snapshot
        locked.status = ReportStatus.SUBMITTED
        locked.version += 1
        locked.submitted_at = timezone.now()
        locked.submitted_by = user_or_none(user)
        locked.override_reason = reason if blocking else ""
        locked.save(
            update_fields=[
                "number",
                "frozen",
                "status",
                "version",
                "submitted_at",
                "submitted_by",
                "override_reason",
                "updated_at",
            ]
        )
        _event(
            locked,
            ReportEvent.Action.SUBMIT,
            user,
            comment=locked.override_reason,
            snapshot=snapshot,
        )
        _log_report(
            "reports.report.submit",
            locked,
            user,
            number=locked.number.text if locked.number else "",
            blocking=[f.code for f in blocking],
            override_reason=locked.override_reason,
        )
    return locked


@transaction.atomic
def report_return(*, report: Report, user: User | None = None, comment: str) -> Report:
    """Send a submitted report back to the unit with what to correct."""
    comment = _text(comment).strip()
    if not comment:
        raise Problem(
            "Cần ghi lý do trả lại (điều cần sửa)",
            "say why the report is returned (what to correct)",
        )
    locked = _locked(report)
    _check_reviewer(user, locked.request)
    if locked.status != ReportStatus.SUBMITTED:
        raise _not_reviewable(locked)
    locked.status = ReportStatus.RETURNED
    locked.return_comment = comment
    locked.save(update_fields=["status", "return_comment", "updated_at"])
    _event(locked, ReportEvent.Action.RETURN, user, comment=comment)
    _log_report("reports.report.return", locked, user, comment=comment)
    return locked


@transaction.atomic
def report_accept(*, report: Report, user: User | None = None) -> Report:
    """Accept a submitted report; the unit's entered figures of the period are locked."""
    from gocua.indicators.services import aggregates_lock

    locked = _locked(report)
    _check_reviewer(user, locked.request)
    if locked.status != ReportStatus.SUBMITTED:
        raise _not_reviewable(locked)
    request = locked.request
    aggregates_lock(unit=locked.unit, as_of=request.end, start=request.start, user=user)
    locked.status = ReportStatus.ACCEPTED
    locked.accepted_at = timezone.now()
    locked.accepted_by = user_or_none(user)
    locked.save(update_fields=["status", "accepted_at", "accepted_by", "updated_at"])
    _event(locked, ReportEvent.Action.ACCEPT, user)
    _log_report("reports.report.accept", locked, user)
    return locked


def _not_reviewable(report: Report) -> Problem:
    state = {
        ReportStatus.DRAFT: ("còn là bản nháp", "is still a draft"),
        ReportStatus.RETURNED: ("đã bị trả lại", "was returned"),
        ReportStatus.ACCEPTED: ("đã được chấp nhận", "was already accepted"),
    }.get(ReportStatus(report.status), ("", ""))
    return Problem(
        f"Báo cáo của {report.unit.name} {state[0]}: chỉ trả lại hoặc chấp nhận báo cáo đã gửi",
        f"the report of {report.unit.name} {state[1]}: only a submitted report can be "
        "returned or accepted",
    )
