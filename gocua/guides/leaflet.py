"""Leaflets (A5) and posters (A4) of the catalogue's guides, as PDF (WeasyPrint).

One page per service: the service's name, who it is for, what to bring, the numbered
steps in large type (read from a metre on a notice board), common problems and their
fixes, a QR code of each official link (segno, inline SVG), the unit's team contacts,
the unit's name and the print date.

Page size: ``A5`` gives A5 pages (148 x 210 mm). A printer prints them two to an A4
sheet with its "2 pages per sheet" setting (the web page says so beside the button);
we do not impose two A5 halves on an A4 page ourselves, so that a print shop's A5 paper
and the PDF's own size agree. ``A4`` gives A4 posters.

A guide too long for one page is set again smaller (up to three steps down) so that each
service stays on one page; only a guide that still does not fit runs onto a second page.
Fonts: Liberation Sans 2.x by path (the letters' font family, whose 2.x files cover
Vietnamese; see :mod:`gocua.reports.letters.fonts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from gocua.guides.models import empty_content
from gocua.guides.selectors import Contact, team_contacts
from gocua.lib.dates import short_date
from gocua.orgunits.models import OrgUnit
from gocua.outreach.models import Service
from gocua.reports.letters.fonts import FONT_DIRS, font_path
from gocua.reports.letters.printing import _fetcher
from gocua.reports.letters.texts import printable

SIZES = ("A5", "A4")
FIT_SCALES = (1.0, 0.9, 0.81, 0.73, 0.66, 0.6)  # tried in turn until a guide fits a page
FITS = len(FIT_SCALES)
# Sizes on an A5 page, in pt (QR codes in mm); an A4 poster multiplies them by sqrt(2).
BASE = {"title": 24, "step": 15, "body": 10.5, "small": 9, "qr": 26, "margin": 9, "badge": 21}


@dataclass(frozen=True)
class Sheet:
    service: Service
    content: dict[str, Any]


def qr_svg(url: str) -> SafeString:
    """The link's QR code as an inline SVG (medium error correction, quiet zone of 4)."""
    code = segno.make(url, error="m", micro=False)
    return SafeString(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr"))


def qr_data_uri(url: str) -> str:
    """The same QR code as an SVG ``data:`` URI, for WeasyPrint's ``<img>`` (an inline
    ``<svg>`` is laid out at its default size there, which pushed the codes off the page)."""
    return str(segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=4))


def _font_faces() -> str:
    return "\n".join(
        f'@font-face {{ font-family: "Liberation Sans"; '
        f'src: url("{font_path("Sans", bold=bold).as_uri()}"); '
        f"font-weight: {'bold' if bold else 'normal'}; }}"
        for bold in (False, True)
    )


def _sheet_context(sheet: Sheet) -> dict[str, Any]:
    content = {**empty_content(), **(sheet.content or {})}
    return {
        "name": printable(sheet.service.name_vi),
        "audience": printable(content["audience"]),
        "bring": [printable(line) for line in content["bring"]],
        "steps": [printable(line) for line in content["steps"]],
        "problems": [
            {"problem": printable(p["problem"]), "fix": printable(p["fix"])}
            for p in content["problems"]
        ],
        "links": [
            {"label": printable(link["label"]), "url": link["url"], "qr": qr_data_uri(link["url"])}
            for link in content["links"]
        ],
    }


def render_html(
    sheets: list[Sheet],
    *,
    size: str,
    unit: OrgUnit | None,
    day: dt.date,
    fit: int = 0,
    contacts: list[Contact] | None = None,
) -> str:
    """The whole HTML document WeasyPrint prints (also the web page's preview)."""
    if contacts is None:
        contacts = team_contacts(unit) if unit is not None else []
    scale = (1.55 if size == "A4" else 1.0) * FIT_SCALES[fit]
    measures = {key: f"{value * scale:.2f}" for key, value in BASE.items()}
    measures["margin"] = f"{BASE['margin'] * (1.3 if size == 'A4' else 1):.1f}"
    pairs = [contacts[i : i + 2] for i in range(0, len(contacts), 2)]
    return render_to_string(
        "guides/leaflet.html",
        {
            "size": size,
            "m": measures,
            "fonts": SafeString(_font_faces()),
            "sheets": [_sheet_context(sheet) for sheet in sheets],
            "unit_name": printable(unit.name) if unit is not None else "",
            "contacts": contacts,
            "contact_rows": pairs,
            "day": short_date(day),
        },
    )


def render_pdf(
    sheets: list[Sheet], *, size: str, unit: OrgUnit | None, day: dt.date
) -> tuple[bytes, int]:
    """The PDF bytes and its page count: each sheet set alone, at the largest type scale
    that keeps it on one page, the pages then joined in order."""
    if size not in SIZES:
        raise ValueError(size)
    contacts = team_contacts(unit) if unit is not None else []
    # All sheets at full scale in one render; only those spilling onto a second page are
    # set again alone (see _fitted): most guides cost one shared render.
    first = _document(render_html(sheets, size=size, unit=unit, day=day, contacts=contacts))
    spans: dict[int, list[Any]] = {}
    for page in first.pages:
        spans.setdefault(_sheet_index(page), []).append(page)
    documents = []
    for index, sheet in enumerate(sheets):
        pages = spans.get(index, [])
        if len(pages) == 1:
            documents.append(first.copy(pages))
        else:
            documents.append(_fitted(sheet, size=size, unit=unit, day=day, contacts=contacts))
    if not documents:
        raise ValueError("no sheet")
    pages = [page for document in documents for page in document.pages]
    return bytes(documents[0].copy(pages).write_pdf()), len(pages)


def _fitted(
    sheet: Sheet, *, size: str, unit: OrgUnit | None, day: dt.date, contacts: list[Contact]
) -> Any:
    """The sheet rendered at the largest type scale that keeps it on one page (the
    smallest scale otherwise): the full scale first, then a binary search of the others,
    so a guide costs one to four renders."""

    def render(fit: int) -> Any:
        return _document(
            render_html([sheet], size=size, unit=unit, day=day, fit=fit, contacts=contacts)
        )

    rendered: dict[int, Any] = {}

    def fits(fit: int) -> bool:
        rendered[fit] = render(fit)
        return len(rendered[fit].pages) == 1

    if fits(0):
        return rendered[0]
    low, high = 1, FITS - 1  # the largest scale that fits lies in low..high (high: fallback)
    while low < high:
        middle = (low + high) // 2
        if fits(middle):
            high = middle
        else:
            low = middle + 1
    return rendered[low] if low in rendered else render(low)


def _document(html: str) -> Any:
    from weasyprint import HTML

    return HTML(string=html, base_url=FONT_DIRS[0].as_uri() + "/", url_fetcher=_fetcher()).render()


def _sheet_index(page: Any) -> int:
    """Which sheet (``<section data-sheet="N">``) a rendered page belongs to."""
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        if element is not None and element.get("data-sheet") is not None:
            return int(element.get("data-sheet"))
        stack.extend(getattr(box, "children", []))
    return -1
