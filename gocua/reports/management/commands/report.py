"""``gocua report --unit UNIT [--as-of DATE] [--date DATE] [--request NUMBER] --out FILE``.

Writes the unit's official letter (.docx, .pdf or .html by the file's extension):

- answering ``--request``: the city's request addressed to the unit (its period runs
  from the request's start to ``--as-of``); a submitted report of that request, as of
  the request's end, is printed exactly as it was sent (its number, figures and text);
  otherwise the letter is drafted from the live data with the report's narrative (or
  the unit's last report's) and ``Số: …/UBND-VHTT`` until the register issues a number.
  A request known only as a letter in the document register is answered too (the
  period then starts on 1 January).
- without ``--request``: a report of 1 January..``--as-of`` answering nothing.

Nothing is written when the letter cannot be made (no signer: exit 1); the file
appears whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from gocua.audit.services import audit_log
from gocua.lib.commands import GocuaCommand
from gocua.lib.dates import start_of_year, today
from gocua.lib.errors import Problem, UsageProblem
from gocua.orgunits.models import OrgUnit
from gocua.orgunits.selectors import find_unit
from gocua.outreach.selectors import document_by_number
from gocua.outreach.validation import parse_document_number
from gocua.reports.content import (
    DRAFT_NUMBER,
    Narrative,
    answered,
    gather,
    live_figures,
    report_content,
    symbol_of,
    wanted_codes,
)
from gocua.reports.letters import (
    AnsweredRequest,
    ReportContent,
    compose_report_letter,
    render_docx,
    render_html_document,
    render_pdf,
)
from gocua.reports.models import Report, ReportRequest
from gocua.reports.selectors import previous_report

FORMATS = (".docx", ".pdf", ".html")


class Command(GocuaCommand):
    help = "Văn bản báo cáo của đơn vị / the unit's official report letter"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã hoặc tên đơn vị / unit code or name")
        parser.add_argument("--as-of", dest="as_of", help="ngày số liệu / figures as of (today)")
        parser.add_argument("--date", help="ngày văn bản / the letter's date (the as-of date)")
        parser.add_argument(
            "--request", help="số công văn yêu cầu báo cáo / number of the request answered"
        )
        parser.add_argument("--out", required=True, help="tệp .docx, .pdf hoặc .html / file")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix.lower() not in FORMATS:
            raise UsageProblem(
                f"--out phải là tệp .docx, .pdf hoặc .html, không phải “{out.name}”",
                f"--out must be a .docx, .pdf or .html file, not “{out.name}”",
            )
        as_of = self.date_option(options["as_of"], default=today())
        day = self.date_option(options["date"], default=as_of)
        unit = find_unit(options["unit"], on=as_of)
        content = letter_content(
            unit=unit, as_of=as_of, day=day, dated=options["date"] is not None,
            number=options["request"],
        )  # fmt: skip
        data = render(compose_report_letter(content), out.suffix.lower())
        write_whole(out, data)
        audit_log(
            action="reports.letter.export",
            user=None,
            unit_code=unit.code,
            object_type="letter",
            detail={"file": str(out), "as_of": as_of.isoformat(), "number": content.number},
        )
        self.stdout.write(f"{out} ({len(data):,} bytes): {content.number}")


def letter_content(
    *, unit: OrgUnit, as_of: dt.date, day: dt.date, dated: bool, number: str | None
) -> ReportContent:
    """What the letter says (see the module's docstring)."""
    if number is None:
        return _draft(unit=unit, start=start_of_year(as_of), as_of=as_of, day=day)
    request = find_request(unit, number)
    if request is None:
        document = document_by_number(unit=unit, number=number, on_or_before=as_of)
        if document is None:
            raise UsageProblem(
                f"Không có công văn số {number} gửi {unit.name} (xem trang Yêu cầu báo cáo)",
                f"no request numbered {number} is addressed to {unit.name} (see the Requests page)",
            )
        answering = AnsweredRequest(
            number=document.number,
            day=document.date,
            subject=document.summary,
            kind=document.get_kind_display(),
            issuer=document.issuer,
        )
        return _draft(
            unit=unit,
            start=start_of_year(as_of),
            as_of=as_of,
            day=day,
            answering=answering,
            asking=document.issuer_unit,
        )
    report = Report.objects.filter(request=request, unit=unit).select_related("number").first()
    if report is not None and report.received and as_of == request.end:
        sent = report_content(report)
        if not dated or sent.day == day:
            return sent
    if as_of < request.start:
        raise UsageProblem(
            f"--as-of {as_of:%d/%m/%Y} trước đầu kỳ của công văn ({request.start:%d/%m/%Y})",
            f"--as-of {as_of:%d/%m/%Y} is before the request's period ({request.start:%d/%m/%Y})",
        )
    earlier = report if report is not None else previous_report(unit=unit, request=request)
    return _draft(
        unit=unit,
        start=request.start,
        as_of=as_of,
        day=day,
        answering=answered(request),
        asking=request.from_unit,
        codes=wanted_codes(request),
        narrative=Narrative.of(earlier) if earlier is not None else None,
        number=report.number.text if report is not None and report.number else None,
    )


def find_request(unit: OrgUnit, number: str) -> ReportRequest | None:
    """The latest request numbered ``number`` (written in any accepted form) addressed
    to ``unit``; UsageProblem when ``number`` is no document number."""
    try:
        text = parse_document_number(number).text
    except Problem as problem:
        raise UsageProblem(problem.vi, problem.en) from None
    return (
        ReportRequest.objects.filter(units=unit, number=text)
        .select_related("from_unit")
        .order_by("-date", "-pk")
        .first()
    )


def _draft(
    *,
    unit: OrgUnit,
    start: dt.date,
    as_of: dt.date,
    day: dt.date,
    answering: AnsweredRequest | None = None,
    asking: OrgUnit | None = None,
    codes: list[str] | None = None,
    narrative: Narrative | None = None,
    number: str | None = None,
) -> ReportContent:
    return gather(
        unit=unit,
        start=start,
        as_of=as_of,
        day=day,
        number=number or f"{DRAFT_NUMBER}/{symbol_of(unit)}",
        figures=live_figures(unit=unit, start=start, as_of=as_of, codes=codes),
        answering=answering,
        asking=asking,
        narrative=narrative,
    )


def render(letter: Any, suffix: str) -> bytes:
    if suffix == ".docx":
        return render_docx(letter)
    if suffix == ".pdf":
        return render_pdf(letter)
    return render_html_document(letter).encode("utf-8")


def write_whole(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: whole or nothing."""
    folder = path.resolve().parent
    if not folder.is_dir():
        raise Problem(
            f"Không có thư mục {folder} để ghi {path.name}",
            f"there is no folder {folder} to write {path.name} in",
        )
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise Problem(
            f"Không ghi được tệp {path}: {error.strerror}",
            f"could not write {path}: {error.strerror}",
        ) from None
