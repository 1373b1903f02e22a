"""The measures of the letter (report-format.md, Decree 30 Annex I), shared by the DOCX
and the HTML/PDF renderers so that both draw the same page.

Sizes in points, lengths in millimetres. The text block is 210 - 30 - 15 = 165 mm wide.
"""

from __future__ import annotations

from gocua.reports.letters.fonts import text_width_pt
from gocua.reports.letters.texts import authority_lines as _split
from gocua.reports.letters.texts import upper_vi

FONT = "Times New Roman"

PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0
MARGIN_RIGHT_MM = 15.0
HEADER_DISTANCE_MM = 10.0  # the page number's line starts 10 mm from the top edge
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# Header (two columns: 68 + 97 = 165 mm).
HEADER_COLUMNS_MM = (68.0, 97.0)
PARENT_PT = 13.0  # parent authority: upper case, regular
AUTHORITY_PT = 13.0  # issuing authority: upper case, bold
NATIONAL_TITLE_PT = 12.0  # national title: upper case, bold (13 pt would not fit 97 mm)
MOTTO_PT = 13.0  # motto: bold, ruled as long as the text
NUMBER_PT = 13.0  # "Số: 297/UBND-VHTT"
DATE_PT = 14.0  # place and date: italic
SUMMARY_PT = 12.0  # "V/v …"
HEADER_GAP_PT = 6.0  # between the rules and the number/date line
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
AUTHORITY_RULE_SHARE = 0.4  # the rule under the authority: 1/3 to 1/2 of its text
RULE_EIGHTHS_PT = 6  # rule thickness in eighths of a point (0.75 pt)
RULE_GAP_PT = 3.0  # height of the empty paragraph that carries a rule

# Recipients.
RECIPIENTS_LABEL = "Kính gửi:"
RECIPIENTS_INDENT_MM = 25.0  # where "Kính gửi:" starts, from the left margin
RECIPIENTS_BEFORE_PT = 18.0
RECIPIENTS_AFTER_PT = 12.0

# Body.
BODY_PT = 14.0
FIRST_LINE_INDENT_MM = 12.7  # 1.27 cm
PARAGRAPH_AFTER_PT = 6.0
LINE_SPACING = 1.15  # Word's "multiple": 1.15 × single (1.15 em for Times New Roman)
CAPTION_PT = 13.0

# Footer (two columns: 70 + 95 = 165 mm).
FOOTER_COLUMNS_MM = (70.0, 95.0)
FOOTER_BEFORE_PT = 12.0
DISTRIBUTION_LABEL = "Nơi nhận:"
DISTRIBUTION_LABEL_PT = 12.0  # bold italic
DISTRIBUTION_PT = 11.0
SIGNATURE_PT = 14.0  # bold, upper case
SIGNATURE_SPACE_PT = 78.0  # about 27 mm for the signature and the seal

PAGE_NUMBER_PT = 14.0


def _mm(points: float) -> float:
    return points * 25.4 / 72


def authority_lines(authority: str) -> list[str]:
    """The issuing authority, upper case, in the lines the header shows."""
    return _split(upper_vi(authority))


def authority_rule_mm(lines: list[str]) -> float:
    """The rule under the issuing authority: 2/5 of its longest line."""
    widest = max(text_width_pt(line, AUTHORITY_PT, bold=True) for line in lines)
    return round(_mm(widest) * AUTHORITY_RULE_SHARE, 1)


def motto_rule_mm() -> float:
    """The rule under the motto: as long as the motto."""
    return round(_mm(text_width_pt(MOTTO, MOTTO_PT, bold=True)), 1)


def recipients_label_mm() -> float:
    """Room for "Kính gửi:" and a space before the dashes."""
    return round(_mm(text_width_pt(RECIPIENTS_LABEL + "  ", BODY_PT)), 1)


def dash_mm() -> float:
    """The width of "- ": wrapped lines of a recipient start after it."""
    return round(_mm(text_width_pt("- ", BODY_PT)), 1)
