"""Official letters per Decree 30/2020/NĐ-CP: a plain model, DOCX, PDF and HTML.

Build a letter from plain inputs, then render it::

    from gocua.reports.letters import compose_report_letter, render_docx, render_pdf
    letter = compose_report_letter(content)        # content: ReportContent
    data = render_docx(letter)                     # bytes of a .docx
    pdf = render_pdf(letter)                       # bytes of a .pdf (WeasyPrint)
    html = letter_html_fragment(letter)            # <article class="letter"> for a page

Numbers come from the unit's register of outgoing letters
(:func:`gocua.reports.services.letter_number_issue`). Why WeasyPrint for the PDF:
see :mod:`.printing`.
"""

from gocua.reports.letters.chart import ChartSeries, indicator_chart_png
from gocua.reports.letters.compose import (
    AnsweredRequest,
    IndicatorFigure,
    NeighbourhoodFigures,
    ReportContent,
    compose_report_letter,
    indicator_line,
    legal_basis_texts,
)
from gocua.reports.letters.model import (
    Header,
    Image,
    Letter,
    Paragraph,
    Run,
    Signature,
    SigningPrefix,
    bullet,
    heading,
    paragraph,
)
from gocua.reports.letters.printing import (
    letter_html_fragment,
    render_html_document,
    render_pdf,
    write_pdf,
)
from gocua.reports.letters.texts import (
    committee,
    letter_number,
    listed,
    place_and_date,
    printable,
    upper_vi,
)
from gocua.reports.letters.word import render_docx, write_docx

__all__ = [
    "AnsweredRequest",
    "ChartSeries",
    "Header",
    "Image",
    "IndicatorFigure",
    "Letter",
    "NeighbourhoodFigures",
    "Paragraph",
    "ReportContent",
    "Run",
    "Signature",
    "SigningPrefix",
    "bullet",
    "committee",
    "compose_report_letter",
    "heading",
    "indicator_chart_png",
    "indicator_line",
    "legal_basis_texts",
    "letter_html_fragment",
    "letter_number",
    "listed",
    "paragraph",
    "place_and_date",
    "printable",
    "render_docx",
    "render_html_document",
    "render_pdf",
    "upper_vi",
    "write_docx",
    "write_pdf",
]
