"""The letter as a Word document: page, fonts, header and footer tables, sizes, page
numbers, the indicator lines, recipients, hostile text and long narratives."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from typing import Any

import docx
from django.test import SimpleTestCase
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gocua.reports.letters import compose_report_letter, layout, render_docx
from gocua.reports.letters.examples import seed_content
from gocua.reports.letters.fonts import text_width_pt
from gocua.reports.tests.helpers import hostile_letter, long_letter, seed_docx

TNR = "Times New Roman"


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def mm(twips: str | int) -> float:
    return int(twips) / 1440 * 25.4


def find(document: Any, text: str) -> Any:
    """The first paragraph (body, tables included) whose text starts with ``text``."""
    for paragraph in _all_paragraphs(document):
        if paragraph.text.startswith(text):
            return paragraph
    raise AssertionError(f"no paragraph starts with {text!r}")


def _all_paragraphs(document: Any) -> list[Any]:
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs += cell.paragraphs
    return paragraphs


def runs_style(paragraph: Any) -> set[tuple[float, bool, bool]]:
    """(size in pt, bold, italic) of each run that holds text."""
    return {
        (run.font.size.pt, bool(run.font.bold), bool(run.font.italic))
        for run in paragraph.runs
        if run.text.strip()
    }


class DocxPageTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.document = open_docx(seed_docx())
        self.section = self.document.sections[0]

    def test_it_is_a4_portrait_with_the_decrees_margins(self) -> None:
        section = self.section
        self.assertAlmostEqual(section.page_width.mm, 210, delta=0.1)
        self.assertAlmostEqual(section.page_height.mm, 297, delta=0.1)
        self.assertAlmostEqual(section.top_margin.mm, 20, delta=0.1)
        self.assertAlmostEqual(section.bottom_margin.mm, 20, delta=0.1)
        self.assertAlmostEqual(section.left_margin.mm, 30, delta=0.1)
        self.assertAlmostEqual(section.right_margin.mm, 15, delta=0.1)

    def test_it_names_times_new_roman_for_every_script_everywhere(self) -> None:
        with zipfile.ZipFile(io.BytesIO(seed_docx())) as archive:
            # numbering.xml is left alone: its Symbol font draws the bullets of Word's lists.
            parts = [
                name
                for name in archive.namelist()
                if name.startswith("word/")
                and name.endswith(".xml")
                and name != "word/numbering.xml"
            ]
            checked = 0
            for name in parts:
                xml = archive.read(name).decode("utf-8")
                for element in re.findall(r"<w:rFonts\b[^>]*/>", xml):
                    checked += 1
                    self.assertNotIn("Theme", element, f"{name}: {element}")
                    self.assertNotIn("theme", element, f"{name}: {element}")
                    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                        self.assertIn(f'w:{attr}="{TNR}"', element, f"{name}: {element}")
            self.assertGreater(checked, 100)
            styles = archive.read("word/styles.xml").decode("utf-8")
        defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)
        assert defaults is not None
        self.assertIn(f'w:ascii="{TNR}"', defaults.group())
        self.assertIn('w:val="vi-VN"', defaults.group())

    def test_it_numbers_pages_from_the_second_in_the_top_margin(self) -> None:
        section = self.section
        self.assertTrue(section.different_first_page_header_footer)
        self.assertIsNotNone(section._sectPr.find(qn("w:titlePg")))
        first = section.first_page_header
        self.assertFalse(first.is_linked_to_previous)
        self.assertEqual("".join(p.text for p in first.paragraphs).strip(), "")
        self.assertNotIn("PAGE", first._element.xml)
        header = section.header
        number = header.paragraphs[0]
        self.assertEqual(number.alignment, WD_ALIGN_PARAGRAPH.CENTER)
        instructions = [t.text.strip() for t in number._p.iter(qn("w:instrText"))]
        self.assertEqual(instructions, ["PAGE"])
        kinds = [f.get(qn("w:fldCharType")) for f in number._p.iter(qn("w:fldChar"))]
        self.assertEqual(kinds, ["begin", "separate", "end"])
        sizes = {run.font.size.pt for run in number.runs}
        self.assertEqual(sizes, {14.0})
        # In the top margin: header distance plus one line stays above 20 mm.
        self.assertLess(section.header_distance.mm + 14 * 1.15 * 25.4 / 72, 20)


class DocxHeaderTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.document = open_docx(seed_docx())
        self.header = self.document.tables[0]

    def test_it_opens_with_a_borderless_two_column_table_of_fixed_widths(self) -> None:
        body = self.document.element.body
        self.assertEqual(body[0].tag, qn("w:tbl"))
        self._assert_borderless(self.header, layout.HEADER_COLUMNS_MM)

    def _assert_borderless(self, table: Any, widths: tuple[float, float]) -> None:
        tbl_pr = table._tbl.tblPr
        borders = tbl_pr.find(qn("w:tblBorders"))
        self.assertIsNotNone(borders)
        edges = {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}
        self.assertEqual(
            edges,
            {e: "nil" for e in ("top", "left", "bottom", "right", "insideH", "insideV")},
        )
        self.assertEqual(tbl_pr.find(qn("w:tblLayout")).get(qn("w:type")), "fixed")
        grid = [mm(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        for got, want in zip(grid, widths, strict=True):
            self.assertAlmostEqual(got, want, delta=0.1)
        for row in table.rows:
            for cell, want in zip(row.cells, widths, strict=True):
                self.assertAlmostEqual(cell.width.mm, want, delta=0.1)
                tc_borders = cell._tc.tcPr.find(qn("w:tcBorders"))
                self.assertEqual({c.get(qn("w:val")) for c in tc_borders}, {"nil"})
        self.assertAlmostEqual(sum(widths), layout.TEXT_WIDTH_MM, delta=0.1)

    def test_it_sets_each_header_line_as_the_decree_says(self) -> None:
        cells = self.header
        left, right = cells.cell(0, 0), cells.cell(0, 1)
        expect = [
            (left, "UBND THÀNH PHỐ HẠ LONG", {(13.0, False, False)}),
            (left, "ỦY BAN NHÂN DÂN\nPHƯỜNG TUẦN CHÂU", {(13.0, True, False)}),
            (right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", {(12.0, True, False)}),
            (right, "Độc lập - Tự do - Hạnh phúc", {(13.0, True, False)}),
            (cells.cell(1, 0), "Số: 297/UBND-VHTT", {(13.0, False, False)}),
            (cells.cell(1, 1), "Tuần Châu, ngày 26 tháng 6 năm 2023", {(14.0, False, True)}),
            (
                cells.cell(2, 0),
                "V/v báo cáo đánh giá tình hình hoạt động của Tổ Công nghệ số cộng đồng trên "
                "địa bàn phường Tuần Châu",
                {(12.0, False, False)},
            ),
        ]
        for cell, text, style in expect:
            paragraph = next(p for p in cell.paragraphs if p.text == text)
            self.assertEqual(runs_style(paragraph), style, text)
            self.assertEqual(paragraph.alignment, WD_ALIGN_PARAGRAPH.CENTER, text)

    def _rule(self, cell: Any, column_mm: float) -> float:
        """The length in mm of the rule (a bottom-bordered empty paragraph) in ``cell``."""
        ruled = [p for p in cell.paragraphs if p._p.pPr.find(qn("w:pBdr")) is not None]
        self.assertEqual(len(ruled), 1)
        rule = ruled[0]
        self.assertEqual(rule.text, "")
        bottom = rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
        self.assertEqual(bottom.get(qn("w:val")), "single")
        fmt = rule.paragraph_format
        self.assertAlmostEqual(fmt.left_indent.mm, fmt.right_indent.mm, delta=0.05)
        return column_mm - fmt.left_indent.mm - fmt.right_indent.mm

    def test_it_rules_the_authority_and_the_motto(self) -> None:
        left_mm, right_mm = layout.HEADER_COLUMNS_MM
        authority = max(
            text_width_pt(line, 13, bold=True) for line in ("ỦY BAN NHÂN DÂN", "PHƯỜNG TUẦN CHÂU")
        )
        authority_mm = authority * 25.4 / 72
        length = self._rule(self.header.cell(0, 0), left_mm)
        self.assertGreaterEqual(length, authority_mm / 3)
        self.assertLessEqual(length, authority_mm / 2)
        motto_mm = text_width_pt("Độc lập - Tự do - Hạnh phúc", 13, bold=True) * 25.4 / 72
        self.assertAlmostEqual(self._rule(self.header.cell(0, 1), right_mm), motto_mm, delta=0.5)

    def test_it_keeps_number_and_date_on_one_row(self) -> None:
        row = self.header.rows[1]
        self.assertEqual(
            [c.text for c in row.cells],
            ["Số: 297/UBND-VHTT", "Tuần Châu, ngày 26 tháng 6 năm 2023"],
        )

    def test_it_has_a_borderless_footer_table(self) -> None:
        DocxHeaderTestCase._assert_borderless(
            self, self.document.tables[-1], layout.FOOTER_COLUMNS_MM
        )


class DocxBodyTestCase(SimpleTestCase):
    def setUp(self) -> None:
        self.document = open_docx(seed_docx())

    def test_it_sets_the_body_justified_indented_and_spaced(self) -> None:
        for start in (
            "Thực hiện Công văn số 389/UBND-VHTT",
            "1. Kết quả công tác tuyên truyền",
            "- Số lượng người dân từ 14 tuổi",
            "UBND phường Tuần Châu báo cáo UBND thành phố Hạ Long",
        ):
            paragraph = find(self.document, start)
            fmt = paragraph.paragraph_format
            self.assertEqual(paragraph.alignment, WD_ALIGN_PARAGRAPH.JUSTIFY, start)
            self.assertTrue(10 <= fmt.first_line_indent.mm <= 12.7 + 0.05, start)
            self.assertGreaterEqual(fmt.space_after.pt, 6, start)
            self.assertTrue(1 <= fmt.line_spacing <= 1.5, start)
            sizes = {size for size, _, _ in runs_style(paragraph)}
            self.assertEqual(sizes, {14.0}, start)
        heading = find(self.document, "2. Kết quả thực hiện các mục tiêu")
        self.assertEqual(runs_style(heading), {(14.0, True, False)})
        self.assertTrue(heading.paragraph_format.keep_with_next)

    def test_it_writes_the_indicator_lines(self) -> None:
        texts = [p.text for p in self.document.paragraphs]
        self.assertIn(
            "- Số lượng người dân từ 14 tuổi trở lên trên địa bàn được cấp, kích hoạt tài khoản "
            "định danh điện tử mức độ 1, 2. Tỷ lệ 1.328/1.929 (đạt 68,84%);",
            texts,
        )
        self.assertTrue(any(t.endswith("Tỷ lệ 1.412/2.525 (đạt 55,92%);") for t in texts))

    def test_it_embeds_the_chart(self) -> None:
        images = self.document.inline_shapes
        self.assertEqual(len(images), 1)
        self.assertAlmostEqual(images[0].width.mm, 150, delta=0.5)
        caption = find(self.document, "Biểu đồ:")
        self.assertEqual(runs_style(caption), {(13.0, False, True)})

    def test_it_aligns_several_recipients_dash_under_dash(self) -> None:
        first = find(self.document, "Kính gửi:")
        second = find(self.document, "- Phòng Văn hoá - Thông tin thành phố.")
        self.assertEqual(first.text, "Kính gửi:\t- UBND thành phố Hạ Long;")
        fmt1, fmt2 = first.paragraph_format, second.paragraph_format
        # The tab after "Kính gửi:" stops where the second line's dash starts.
        (tab,) = fmt1.tab_stops
        dash_of_second = fmt2.left_indent + fmt2.first_line_indent
        self.assertAlmostEqual(tab.position.mm, dash_of_second / 36000, delta=0.05)
        # Wrapped lines of either recipient start at the same place, after the dash.
        self.assertEqual(fmt1.left_indent, fmt2.left_indent)
        self.assertEqual(runs_style(first), {(14.0, False, False)})

    def test_it_puts_a_single_recipient_on_the_line(self) -> None:
        content = dataclasses.replace(seed_content(), recipients=["UBND thành phố Hạ Long"])
        document = open_docx(render_docx(compose_report_letter(content)))
        paragraph = find(document, "Kính gửi:")
        self.assertEqual(paragraph.text, "Kính gửi: UBND thành phố Hạ Long.")
        self.assertEqual(paragraph.alignment, WD_ALIGN_PARAGRAPH.CENTER)

    def test_it_sets_the_footer_as_the_decree_says(self) -> None:
        footer = self.document.tables[-1]
        left, right = footer.cell(0, 0), footer.cell(0, 1)
        self.assertEqual(left.paragraphs[0].text, "Nơi nhận:")
        self.assertEqual(runs_style(left.paragraphs[0]), {(12.0, True, True)})
        self.assertEqual(
            [p.text for p in left.paragraphs[1:]],
            ["- Như trên;", "- TT. Đảng ủy, HĐND, UBND phường;", "- Lưu: VT."],
        )
        for paragraph in left.paragraphs[1:]:
            self.assertEqual(runs_style(paragraph), {(11.0, False, False)})
        authority, name = right.paragraphs
        self.assertEqual(authority.text, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH")
        self.assertEqual(runs_style(authority), {(14.0, True, False)})
        self.assertEqual(name.text, "Nguyễn Song Giang")
        self.assertEqual(runs_style(name), {(14.0, True, False)})
        self.assertGreaterEqual(name.paragraph_format.space_before.pt, 60)  # signature, seal
        for row in footer.rows:
            self.assertIsNotNone(row._tr.trPr.find(qn("w:cantSplit")))


class DocxRobustnessTestCase(SimpleTestCase):
    def test_it_shows_hostile_text_as_text_and_drops_what_breaks_word(self) -> None:
        data = render_docx(hostile_letter())
        document = open_docx(data)
        texts = "\n".join(p.text for p in _all_paragraphs(document))
        self.assertIn('<script>alert("x")</script> <b>đậm</b> & <img src=x', texts)
        self.assertIn("ký tự lạ: hết.", texts)
        self.assertIn("- UBND <b>thành phố</b> Hạ Long;", texts)
        self.assertIn("- Phòng Văn hoá.", texts)
        self.assertNotRegex(texts, "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe]")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        self.assertIn("&lt;script&gt;", xml)
        self.assertNotIn("<script>", xml)

    def test_it_keeps_a_ten_page_narrative_as_flowing_paragraphs(self) -> None:
        letter = long_letter()
        document = open_docx(render_docx(letter))
        lessons = [p for p in document.paragraphs if p.text.startswith("- Kinh nghiệm ")]
        self.assertEqual(len(lessons), 60)
        for paragraph in lessons:
            fmt = paragraph.paragraph_format
            self.assertFalse(fmt.keep_together)
            self.assertFalse(fmt.keep_with_next)
            self.assertFalse(fmt.page_break_before)
        # Only the header and the footer are tables: the narrative flows over the pages.
        self.assertEqual(len(document.tables), 2)
