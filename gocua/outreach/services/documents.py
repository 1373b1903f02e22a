"""Legal documents: plans, decisions, requests and their files.

See :mod:`gocua.outreach.services` for the rules every write here follows."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.lib.text import clean_text, fold
from gocua.lib.writes import clean_and_save
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import (
    DocumentKind,
    LegalDocument,
    TeamReconstitution,
)
from gocua.outreach.services.common import (
    check_not_future,
)
from gocua.outreach.validation import (
    normalize_summary,
    parse_document_number,
)

DOCUMENT_FILE_MAX_MB = 20


# Legal documents ----------------------------------------------------------------------


def _document_fields(
    *,
    unit: OrgUnit,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    exclude_pk: int | None = None,
) -> tuple[str, int, str, str]:
    if kind not in DocumentKind.values:
        raise Problem(f"Loại văn bản “{kind}” không có", f"unknown document kind “{kind}”")
    parsed = parse_document_number(number)
    if parsed.kind and parsed.kind != kind:
        label = DocumentKind(kind).label
        named = DocumentKind(parsed.kind).label
        raise Problem(
            f"Số, ký hiệu {parsed.text} là của {named.lower()}, không phải {label.lower()}",
            f"document number {parsed.text} belongs to a {parsed.kind.replace('_', ' ')}, "
            f"not a {kind.replace('_', ' ')}",
        )
    check_not_future(date, "Văn bản", "a document")
    issuer = clean_text(issuer)
    summary = normalize_summary(summary)
    if not issuer:
        raise Problem("Cần cơ quan ban hành", "the issuing body is required")
    if not summary:
        raise Problem("Cần trích yếu nội dung", "the summary (subject) is required")
    duplicate = LegalDocument.objects.filter(
        unit=unit, number=parsed.text, date__year=date.year, issuer=issuer
    )
    if exclude_pk is not None:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        raise Problem(
            f"Văn bản số {parsed.text} năm {date.year} của {issuer} đã có trong sổ",
            f"document {parsed.text} of {date.year} by {issuer} is already registered",
        )
    return parsed.text, parsed.sequence, issuer, summary


def _check_file(file: UploadedFile | None) -> None:
    if file is not None and (file.size or 0) > DOCUMENT_FILE_MAX_MB * 1024 * 1024:
        raise Problem(
            f"Tệp đính kèm quá lớn (tối đa {DOCUMENT_FILE_MAX_MB} MB)",
            f"the attached file is too large (at most {DOCUMENT_FILE_MAX_MB} MB)",
        )


def _search_text(document: LegalDocument) -> str:
    return fold(f"{document.number} {document.summary} {document.issuer}")


@transaction.atomic
def document_create(
    *,
    unit: OrgUnit,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    issuer_unit: OrgUnit | None = None,
    cite_in_reports: bool = True,
    file: UploadedFile | None = None,
    user: User | None = None,
) -> LegalDocument:
    """Register a plan, decision, official letter or resolution in the unit's register."""
    text, sequence, issuer, summary = _document_fields(
        unit=unit, kind=kind, number=number, date=date, issuer=issuer, summary=summary
    )
    _check_file(file)
    document = LegalDocument(
        unit=unit,
        kind=kind,
        number=text,
        sequence=sequence,
        date=date,
        issuer=issuer,
        issuer_unit=issuer_unit,
        summary=summary,
        cite_in_reports=cite_in_reports,
    )
    if file is not None:
        document.file = file  # type: ignore[assignment]
    document.search_text = _search_text(document)
    clean_and_save(document, validate_constraints=False)
    audit_log(
        action="outreach.document.create",
        user=user,
        unit_code=unit.code,
        object_type="document",
        object_id=document.pk,
        detail={"number": text, "date": date.isoformat(), "kind": kind},
    )
    return document


@transaction.atomic
def document_update(
    *,
    document: LegalDocument,
    kind: str,
    number: str,
    date: dt.date,
    issuer: str,
    summary: str,
    issuer_unit: OrgUnit | None = None,
    cite_in_reports: bool = True,
    file: UploadedFile | None = None,
    user: User | None = None,
) -> LegalDocument:
    text, sequence, issuer, summary = _document_fields(
        unit=document.unit,
        kind=kind,
        number=number,
        date=date,
        issuer=issuer,
        summary=summary,
        exclude_pk=document.pk,
    )
    if kind != DocumentKind.DECISION and (
        document.teams.exists() or TeamReconstitution.objects.filter(decision=document).exists()  # type: ignore[misc]
    ):
        raise Problem(
            f"Văn bản {document.number} là quyết định thành lập, kiện toàn tổ: phải là quyết định",
            f"document {document.number} set up or re-constituted a team: it must stay a decision",
        )
    _check_file(file)
    before = {"number": document.number, "date": document.date.isoformat(), "kind": document.kind}
    document.kind = kind
    document.number = text
    document.sequence = sequence
    document.date = date
    document.issuer = issuer
    document.issuer_unit = issuer_unit
    document.summary = summary
    document.cite_in_reports = cite_in_reports
    fields = [
        "kind",
        "number",
        "sequence",
        "date",
        "issuer",
        "issuer_unit",
        "summary",
        "cite_in_reports",
        "search_text",
    ]
    if file is not None:
        document.file = file  # type: ignore[assignment]
        fields.append("file")
    document.search_text = _search_text(document)
    try:
        document.full_clean(validate_constraints=False)
    except ValidationError as error:
        raise Problem(f"Dữ liệu không hợp lệ: {error}", f"invalid data: {error}") from None
    document.save(update_fields=fields)
    audit_log(
        action="outreach.document.update",
        user=user,
        unit_code=document.unit.code,
        object_type="document",
        object_id=document.pk,
        detail={"before": before, "number": text, "date": date.isoformat(), "kind": kind},
    )
    return document
