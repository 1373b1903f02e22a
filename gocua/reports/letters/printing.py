"""A letter as HTML (the app's preview) and as PDF (WeasyPrint), from one template.

Why WeasyPrint and not LibreOffice converting the DOCX: WeasyPrint is a Python
package already in the lock file, runs in-process in well under a second per
letter, needs no office suite on the server (LibreOffice is not installed here and
weighs hundreds of megabytes), and draws from the same Django template as the
preview, so the preview is exactly the PDF's text. The DOCX and the PDF share their
measures through :mod:`.layout` and their font through Liberation Serif 2.x,
Times New Roman's metric twin, so lines break alike.

The template (``reports/letters/_letter.html``) auto-escapes every text; characters
that no document may hold (control characters, lone surrogates) are removed first
(:func:`.texts.printable`). WeasyPrint may fetch nothing but the font files and the
``data:`` images of the letter itself.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from gocua.reports.letters import layout
from gocua.reports.letters.fonts import FONT_DIRS, font_path
from gocua.reports.letters.model import Image, Letter, Paragraph
from gocua.reports.letters.texts import listed, printable, single_recipient, upper_vi

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reports" / "letter.css"
STATIC_CSS = "reports/letter.css"  # for {% static %} in the app's pages


def letter_context(letter: Letter) -> dict[str, Any]:
    """What the template shows, every text cleaned (escaping is the template's)."""
    header = letter.header
    left, right = layout.HEADER_COLUMNS_MM
    authority = [printable(line) for line in layout.authority_lines(header.authority)]
    recipients = [r for r in letter.recipients if r.strip()]
    foot_left, foot_right = layout.FOOTER_COLUMNS_MM
    return {
        "head": {
            "left": _percent(left, layout.TEXT_WIDTH_MM),
            "right": _percent(right, layout.TEXT_WIDTH_MM),
            "parent": printable(upper_vi(header.parent_authority)),
            "authority": authority,
            "authority_rule": _percent(layout.authority_rule_mm(authority), left),
            "national_title": layout.NATIONAL_TITLE,
            "motto": layout.MOTTO,
            "motto_rule": _percent(layout.motto_rule_mm(), right),
            "number": printable(header.number_line),
            "place": printable(header.place_line),
            "summary": printable(header.summary_line),
        },
        "recipients": {
            "label": layout.RECIPIENTS_LABEL,
            "single": printable(single_recipient(recipients[0])) if len(recipients) == 1 else "",
            "lines": [printable(line) for line in listed(recipients)]
            if len(recipients) > 1
            else [],
            "indent": _percent(layout.RECIPIENTS_INDENT_MM, layout.TEXT_WIDTH_MM),
            "label_width": _decimal(layout.recipients_label_mm()),
            "dash_width": _decimal(layout.dash_mm()),
        },
        "blocks": [_block(block) for block in letter.body],
        "closing": printable(letter.closing),
        "foot": {
            "left": _percent(foot_left, layout.TEXT_WIDTH_MM),
            "right": _percent(foot_right, layout.TEXT_WIDTH_MM),
            "label": layout.DISTRIBUTION_LABEL,
            "distribution": [printable(line) for line in listed(list(letter.distribution))],
            "signature": [printable(line) for line in letter.signature.lines],
            "signer": printable(letter.signature.name),
        },
    }


def _percent(part: float, whole: float) -> str:
    """A CSS number: always with a point (the template would localize a float)."""
    return _decimal(part / whole * 100)


def _decimal(value: float) -> str:
    return f"{value:.2f}"


def _block(block: Paragraph | Image) -> dict[str, Any]:
    if isinstance(block, Image):
        encoded = base64.b64encode(block.png).decode("ascii")
        return {
            "image": True,
            "src": f"data:image/png;base64,{encoded}",
            "width": _percent(min(block.width_mm, layout.TEXT_WIDTH_MM), layout.TEXT_WIDTH_MM),
            "caption": printable(block.caption),
        }
    return {
        "image": False,
        "kind": block.kind.value,
        "runs": [
            {"text": printable(run.text), "bold": run.bold, "italic": run.italic}
            for run in block.runs
        ],
    }


def letter_html_fragment(letter: Letter) -> SafeString:
    """``<article class="letter">…</article>`` for a page of the app. The page links
    ``{% static "reports/letter.css" %}`` and wraps it in ``<div class="letter-sheet">``
    to show a sheet of paper."""
    return SafeString(render_to_string("reports/letters/_letter.html", letter_context(letter)))


def render_html_document(letter: Letter) -> str:
    """A whole HTML page with the styles inlined: what WeasyPrint prints, and what
    ``gocua report --out FILE.html`` can write."""
    return render_to_string(
        "reports/letters/document.html",
        {
            **letter_context(letter),
            "title": printable(letter.header.summary_line),
            "author": printable(upper_vi(letter.header.authority)),
            "css": SafeString(CSS_PATH.read_text(encoding="utf-8")),
            "print_css": SafeString(print_css()),
        },
    )


def print_css() -> str:
    """@page (A4, the Decree's margins, page numbers from page 2) and the fonts."""
    faces = "\n".join(
        f'@font-face {{ font-family: "Liberation Serif"; '
        f'src: url("{font_path("Serif", bold=bold, italic=italic).as_uri()}"); '
        f"font-weight: {'bold' if bold else 'normal'}; "
        f"font-style: {'italic' if italic else 'normal'}; }}"
        for bold in (False, True)
        for italic in (False, True)
    )
    margins = " ".join(
        f"{mm}mm"
        for mm in (
            layout.MARGIN_TOP_MM,
            layout.MARGIN_RIGHT_MM,
            layout.MARGIN_BOTTOM_MM,
            layout.MARGIN_LEFT_MM,
        )
    )
    return f"""{faces}
@page {{
  size: A4 portrait;
  margin: {margins};
  @top-center {{
    content: counter(page);
    font-family: "Liberation Serif";
    font-size: {layout.PAGE_NUMBER_PT}pt;
    vertical-align: top;
    padding-top: {layout.HEADER_DISTANCE_MM}mm;
  }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html, body {{ margin: 0; padding: 0; }}
.letter {{ font-family: "Liberation Serif"; }}
"""


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF bytes."""
    from weasyprint import HTML

    document = HTML(
        string=render_html_document(letter),
        base_url=FONT_DIRS[0].as_uri() + "/",
        url_fetcher=_fetcher(),
    )
    return bytes(document.write_pdf())


def write_pdf(letter: Letter, path: str | Path) -> None:
    Path(path).write_bytes(render_pdf(letter))


def _fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves the font files and ``data:`` images only."""
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(url.removeprefix("file://")).resolve()
                if any(path.is_relative_to(d.resolve()) for d in FONT_DIRS if d.exists()):
                    return super().fetch(url, headers)
            raise ValueError(f"a letter fetches nothing from {url[:80]}")

    return LocalFetcher()
