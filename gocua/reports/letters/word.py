"""A letter as a Word document (python-docx), laid out per Decree 30/2020/NĐ-CP.

Officials open the letter in Word (or LibreOffice), edit, sign and send it on, so
the DOCX is the primary output and is built to survive both programs:

- A4 portrait, margins 20/20/30/15 mm; Times New Roman in every run and style,
  with the theme-font attributes removed (they would win over the named font);
- the header and the footer are borderless two-column tables whose widths are set
  on the grid columns (LibreOffice reads those) and on every cell (Word does), with
  a fixed layout, no cell padding and every border set to ``nil``;
- the rules under the issuing authority (2/5 of its longest line) and under the motto
  (its length) are bottom borders of a thin empty paragraph indented to that length:
  both programs draw paragraph borders alike, unlike floating shapes;
- page numbers from page 2: a different first-page header left empty, and a centred
  ``PAGE`` field in the default header, inside the top margin.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from gocua.reports.letters import layout
from gocua.reports.letters.model import BlockKind, Image, Letter, Paragraph, Run
from gocua.reports.letters.texts import listed, printable, single_recipient, upper_vi

FONT = layout.FONT
_RFONT_ATTRS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme")
_RFONTS = re.compile(r"<w:rFonts\b[^>]*/>")


def render_docx(letter: Letter) -> bytes:
    """The letter as the bytes of a .docx file."""
    document = _document(letter)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_docx(letter: Letter, path: str | Path) -> None:
    Path(path).write_bytes(render_docx(letter))


def _document(letter: Letter) -> DocumentObject:
    document = Document()
    _fonts_everywhere(document)
    _page(document)
    core = document.core_properties
    core.title = printable(letter.header.summary_line)
    core.author = printable(upper_vi(letter.header.authority))
    core.language = "vi-VN"
    _header_table(document, letter)
    _recipients(document, letter)
    for block in letter.body:
        if isinstance(block, Image):
            _image(document, block)
        else:
            _body_paragraph(document, block)
    closing = _body_paragraph(document, Paragraph((Run(letter.closing),)))
    closing.paragraph_format.keep_with_next = True
    _footer_table(document, letter)
    # Word wants a paragraph after a table at the end of the body; a 1-pt one cannot
    # push anything onto a new page.
    end = document.add_paragraph()
    _tight(end)
    end.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    end.paragraph_format.line_spacing = Pt(1)
    return document


# Fonts, styles and page ----------------------------------------------------------------


def _set_rfonts(rpr: object) -> None:
    """Name Times New Roman for every script on an ``w:rPr`` and drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)  # type: ignore[attr-defined]
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in _RFONT_ATTRS:
        rfonts.set(qn(attr), FONT)


def _fonts_everywhere(document: DocumentObject) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr)
    for tag, value in (("w:sz", "28"), ("w:szCs", "28")):
        rpr.find(qn(tag)).set(qn("w:val"), value)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")
    # Every style that names a font (headings name the theme's) names ours instead.
    for rfonts in styles.iter(qn("w:rFonts")):
        _set_rfonts(rfonts.getparent())
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(layout.BODY_PT)
    _set_rfonts(normal.element.get_or_add_rPr())
    # Word 2010's copy of the styles (a plain part python-docx does not parse) too.
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":
            xml = part.blob.decode("utf-8")
            named = " ".join(f'{attr}="{FONT}"' for attr in _RFONT_ATTRS)
            part._blob = _RFONTS.sub(f"<w:rFonts {named}/>", xml).encode("utf-8")


def _page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(layout.PAGE_WIDTH_MM)
    section.page_height = Mm(layout.PAGE_HEIGHT_MM)
    section.top_margin = Mm(layout.MARGIN_TOP_MM)
    section.bottom_margin = Mm(layout.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(layout.MARGIN_LEFT_MM)
    section.right_margin = Mm(layout.MARGIN_RIGHT_MM)
    section.header_distance = Mm(layout.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(layout.HEADER_DISTANCE_MM)
    section.gutter = Mm(0)
    # Page 1 carries no number; pages 2… the number centred in the top margin.
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].text = ""
    header = section.header
    header.is_linked_to_previous = False
    number = header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(number)
    _field(number, "PAGE", "2", layout.PAGE_NUMBER_PT)


def _field(paragraph: DocxParagraph, instruction: str, shown: str, size_pt: float) -> None:
    """A complex field (``PAGE``): begin, instruction, separate, shown result, end."""

    def run_with(child: object) -> None:
        run = paragraph.add_run()
        _format_run(run, size_pt)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run_with(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    shown_run = paragraph.add_run(shown)
    _format_run(shown_run, size_pt)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


# Runs and paragraphs -------------------------------------------------------------------


def _format_run(run: object, size_pt: float, *, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT  # type: ignore[attr-defined]
    run.font.size = Pt(size_pt)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    run.font.italic = italic  # type: ignore[attr-defined]
    _set_rfonts(run._r.get_or_add_rPr())  # type: ignore[attr-defined]


def _add_text(
    paragraph: DocxParagraph,
    text: str,
    size_pt: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> None:
    run = paragraph.add_run(printable(text))
    _format_run(run, size_pt, bold=bold, italic=italic)
    if underline:
        run.font.underline = True


def _add_lines(
    paragraph: DocxParagraph, lines: list[str], size_pt: float, *, bold: bool = False
) -> None:
    """Lines in one paragraph, separated by line breaks (the header's authority)."""
    for index, line in enumerate(lines):
        if index:
            breaker = paragraph.add_run()
            _format_run(breaker, size_pt, bold=bold)
            breaker.add_break(WD_BREAK.LINE)
        _add_text(paragraph, line, size_pt, bold=bold)


def _tight(paragraph: DocxParagraph, *, before_pt: float = 0, after_pt: float = 0) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(after_pt)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(0)


def _centred(
    cell: _Cell,
    text: str | list[str],
    size_pt: float,
    *,
    bold: bool = False,
    italic: bool = False,
    before_pt: float = 0,
    first: bool = False,
) -> DocxParagraph:
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(paragraph, before_pt=before_pt)
    if isinstance(text, list):
        _add_lines(paragraph, text, size_pt, bold=bold)
    else:
        _add_text(paragraph, text, size_pt, bold=bold, italic=italic)
    return paragraph


def _rule(cell: _Cell, column_mm: float, length_mm: float) -> DocxParagraph:
    """A centred horizontal rule ``length_mm`` long: the bottom border of an empty,
    2-pt-high paragraph indented from both sides of the column."""
    paragraph = cell.add_paragraph()
    _tight(paragraph)
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(layout.RULE_GAP_PT)
    side = max((column_mm - length_mm) / 2, 0)
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(layout.RULE_EIGHTHS_PT))
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # pBdr comes before spacing/ind in the schema's sequence of pPr children.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    return paragraph


def _body_paragraph(document: DocumentObject, block: Paragraph) -> DocxParagraph:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(layout.FIRST_LINE_INDENT_MM)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(layout.PARAGRAPH_AFTER_PT)
    fmt.line_spacing = layout.LINE_SPACING
    fmt.widow_control = True
    if block.kind == BlockKind.HEADING:
        fmt.keep_with_next = True
    for run in block.runs:
        _add_text(
            paragraph,
            run.text,
            layout.BODY_PT,
            bold=run.bold or block.kind == BlockKind.HEADING,
            italic=run.italic,
        )
    return paragraph


def _image(document: DocumentObject, block: Image) -> None:
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _tight(picture, before_pt=layout.PARAGRAPH_AFTER_PT)
    picture.paragraph_format.keep_with_next = True
    width = min(block.width_mm, layout.TEXT_WIDTH_MM)
    picture.add_run().add_picture(io.BytesIO(block.png), width=Mm(width))
    if block.caption:
        caption = document.add_paragraph()
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _tight(caption, after_pt=layout.PARAGRAPH_AFTER_PT * 2)
        _add_text(caption, block.caption, layout.CAPTION_PT, italic=True)


# Tables --------------------------------------------------------------------------------


def _borderless_table(document: DocumentObject, rows: int, widths_mm: list[float]) -> Table:
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False  # fixed layout: the widths below hold
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(_twips(sum(widths_mm))))
    width.set(qn("w:type"), "dxa")
    _replace(tbl_pr, width)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), "0")
    indent.set(qn("w:type"), "dxa")
    _replace(tbl_pr, indent)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _replace(tbl_pr, borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), "0")
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    _replace(tbl_pr, margins)
    for index, width_mm in enumerate(widths_mm):
        table.columns[index].width = Mm(width_mm)
        for cell in table.columns[index].cells:
            cell.width = Mm(width_mm)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            _cell_borders_nil(cell)
    return table


# The order of tblPr children in the schema (CT_TblPr).
_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
]


def _replace(tbl_pr: object, element: object) -> None:
    """Put ``element`` into ``w:tblPr`` in schema order, replacing one of its kind."""
    tag = element.tag  # type: ignore[attr-defined]
    old = tbl_pr.find(tag)  # type: ignore[attr-defined]
    if old is not None:
        old.addprevious(element)
        tbl_pr.remove(old)  # type: ignore[attr-defined]
        return
    name = tag.split("}")[1]
    later = _TBLPR_ORDER[_TBLPR_ORDER.index(name) + 1 :]
    for child in tbl_pr:  # type: ignore[attr-defined]
        if child.tag.split("}")[1] in later:
            child.addprevious(element)
            return
    tbl_pr.append(element)  # type: ignore[attr-defined]


def _cell_borders_nil(cell: _Cell) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # tcBorders follows tcW (and gridSpan/vMerge) and precedes shd/vAlign.
    anchor = tc_pr.find(qn("w:vAlign"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tc_pr.append(borders)


def _no_split(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        tr_pr.append(cant_split)


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _header_table(document: DocumentObject, letter: Letter) -> None:
    header = letter.header
    left_mm, right_mm = layout.HEADER_COLUMNS_MM
    table = _borderless_table(document, 3, [left_mm, right_mm])
    _no_split(table)
    # Row 1: the authorities | the national title and motto, each with its rule.
    left = table.cell(0, 0)
    _centred(left, upper_vi(header.parent_authority), layout.PARENT_PT, first=True)
    authority = layout.authority_lines(header.authority)
    _centred(left, authority, layout.AUTHORITY_PT, bold=True)
    _rule(left, left_mm, layout.authority_rule_mm(authority))
    right = table.cell(0, 1)
    _centred(right, layout.NATIONAL_TITLE, layout.NATIONAL_TITLE_PT, bold=True, first=True)
    _centred(right, layout.MOTTO, layout.MOTTO_PT, bold=True)
    _rule(right, right_mm, layout.motto_rule_mm())
    # Row 2: number | place and date, on one line.
    _centred(
        table.cell(1, 0),
        header.number_line,
        layout.NUMBER_PT,
        first=True,
        before_pt=layout.HEADER_GAP_PT,
    )
    _centred(
        table.cell(1, 1),
        header.place_line,
        layout.DATE_PT,
        italic=True,
        first=True,
        before_pt=layout.HEADER_GAP_PT,
    )
    # Row 3: the summary under the number.
    _centred(table.cell(2, 0), header.summary_line, layout.SUMMARY_PT, first=True, before_pt=2)
    _tight(table.cell(2, 1).paragraphs[0])


def _recipients(document: DocumentObject, letter: Letter) -> None:
    label = layout.RECIPIENTS_LABEL
    items = [item for item in letter.recipients if item.strip()]
    if len(items) == 1:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _tight(
            paragraph, before_pt=layout.RECIPIENTS_BEFORE_PT, after_pt=layout.RECIPIENTS_AFTER_PT
        )
        _add_text(paragraph, f"{label} {single_recipient(items[0])}", layout.BODY_PT)
        return
    lines = listed(list(items))
    start = Mm(layout.RECIPIENTS_INDENT_MM)
    label_width = Mm(layout.recipients_label_mm())
    dash_width = Mm(layout.dash_mm())
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _tight(
            paragraph,
            before_pt=layout.RECIPIENTS_BEFORE_PT if index == 0 else 0,
            after_pt=layout.RECIPIENTS_AFTER_PT if index == len(lines) - 1 else 0,
        )
        fmt = paragraph.paragraph_format
        # Wrapped lines of a long recipient start under its text, after the dash.
        fmt.left_indent = Emu(start + label_width + dash_width)
        if index == 0:
            fmt.first_line_indent = Emu(-(label_width + dash_width))
            fmt.tab_stops.add_tab_stop(Emu(start + label_width))
            _add_text(paragraph, f"{label}\t{line}", layout.BODY_PT)
        else:
            fmt.first_line_indent = Emu(-dash_width)
            _add_text(paragraph, line, layout.BODY_PT)


def _footer_table(document: DocumentObject, letter: Letter) -> None:
    left_mm, right_mm = layout.FOOTER_COLUMNS_MM
    table = _borderless_table(document, 1, [left_mm, right_mm])
    _no_split(table)
    left = table.cell(0, 0)
    label = left.paragraphs[0]
    _tight(label, before_pt=layout.FOOTER_BEFORE_PT)
    _add_text(
        label, layout.DISTRIBUTION_LABEL, layout.DISTRIBUTION_LABEL_PT, bold=True, italic=True
    )
    for line in listed(list(letter.distribution)):
        item = left.add_paragraph()
        _tight(item)
        _add_text(item, line, layout.DISTRIBUTION_PT)
    right = table.cell(0, 1)
    lines = letter.signature.lines
    _centred(
        right, lines, layout.SIGNATURE_PT, bold=True, first=True, before_pt=layout.FOOTER_BEFORE_PT
    )
    _centred(
        right,
        printable(letter.signature.name),
        layout.SIGNATURE_PT,
        bold=True,
        before_pt=layout.SIGNATURE_SPACE_PT,
    )
