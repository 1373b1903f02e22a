"""The letter as PDF (WeasyPrint), looked at through pdftoppm's pictures and pypdf's text,
and the HTML preview from the same template."""

from __future__ import annotations

import io
from typing import Any

from django.test import SimpleTestCase

from gocua.reports.letters import letter_html_fragment, render_html_document, render_pdf
from gocua.reports.tests.helpers import (
    dark_pixels,
    flat,
    hostile_letter,
    long_pdf,
    pdf_pages_png,
    pdf_texts,
    seed_letter,
    seed_pdf,
)

DPI = 50


class PdfLayoutTestCase(SimpleTestCase):
    pages: list[Any]
    texts: list[str]

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.pages = pdf_pages_png(seed_pdf(), dpi=DPI)
        cls.texts = pdf_texts(seed_pdf())

    def test_it_renders_a4_pages_and_as_many_pictures_as_pages(self) -> None:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(seed_pdf()))
        self.assertEqual(len(self.pages), len(reader.pages))
        self.assertTrue(3 <= len(self.pages) <= 5, len(self.pages))
        for page in reader.pages:
            self.assertAlmostEqual(float(page.mediabox.width) / 72 * 25.4, 210, delta=0.5)
            self.assertAlmostEqual(float(page.mediabox.height) / 72 * 25.4, 297, delta=0.5)
        for image in self.pages:
            self.assertAlmostEqual(image.width / DPI * 25.4, 210, delta=1)

    def test_it_puts_the_header_at_the_top_of_page_one(self) -> None:
        first = self.pages[0]
        # Nothing in the top margin (no page number on page 1) ...
        self.assertEqual(dark_pixels(first, (0, 0, 210, 19), DPI), 0)
        # ... the header's first lines just below it, in both columns ...
        self.assertGreater(dark_pixels(first, (30, 20, 98, 30), DPI), 20)
        self.assertGreater(dark_pixels(first, (98, 20, 195, 30), DPI), 20)
        # ... and nothing in the 30-mm left margin or the 15-mm right margin, on any page.
        for page in self.pages:
            self.assertEqual(dark_pixels(page, (0, 0, 29, 297), DPI), 0)
            self.assertEqual(dark_pixels(page, (196, 0, 210, 297), DPI), 0)

    def test_it_numbers_pages_from_the_second_centred_in_the_top_margin(self) -> None:
        self.assertFalse(self.texts[0].startswith("1"))
        self.assertTrue(self.texts[0].startswith("UBND THÀNH PHỐ HẠ LONG"))
        self.assertNotIn("1", self.texts[0].splitlines())
        for number, text in enumerate(self.texts[1:], start=2):
            self.assertIn(str(number), text.splitlines())  # a line of its own
        second = self.pages[1]
        self.assertGreater(dark_pixels(second, (105, 8, 120, 19), DPI), 0)  # the centre
        self.assertEqual(dark_pixels(second, (30, 0, 100, 19), DPI), 0)
        self.assertEqual(dark_pixels(second, (125, 0, 195, 19), DPI), 0)

    def test_it_writes_the_seeds_header_and_figures(self) -> None:
        first = self.texts[0].splitlines()
        for line in (
            "UBND THÀNH PHỐ HẠ LONG",
            "ỦY BAN NHÂN DÂN",
            "PHƯỜNG TUẦN CHÂU",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ):
            self.assertIn(line, first)
        everything = flat(" ".join(self.texts))
        for text in (
            "Số: 297/UBND-VHTT",
            "Tuần Châu, ngày 26 tháng 6 năm 2023",
            "Kính gửi: - UBND thành phố Hạ Long;",
            "Thực hiện Công văn số 389/UBND-VHTT ngày 26/6/2023",
            "đã tổ chức 35 buổi tuyên truyền",
            "Tỷ lệ 1.328/1.929 (đạt 68,84%)",
            "Tỷ lệ 1.412/2.525 (đạt 55,92%)",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "CHỦ TỊCH",
            "Nguyễn Song Giang",
        ):
            self.assertIn(text, everything)
        self.assertNotIn("(đạt 55%)", everything)

    def test_it_embeds_liberation_serif_2(self) -> None:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(seed_pdf()))
        fonts = set()
        for page in reader.pages:
            resources: Any = page["/Resources"]
            for font in resources["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
        self.assertEqual(
            fonts,
            {
                "Liberation-Serif",
                "Liberation-Serif-Bold",
                "Liberation-Serif-Italic",
                "Liberation-Serif-Bold-Italic",
            },
        )
        assert reader.metadata is not None
        self.assertEqual(reader.metadata.title, seed_letter().header.summary_line)


class PdfRobustnessTestCase(SimpleTestCase):
    def test_it_paginates_a_ten_page_narrative(self) -> None:
        texts = pdf_texts(long_pdf())
        self.assertGreaterEqual(len(texts), 10)
        for number, text in enumerate(texts[1:], start=2):
            self.assertIn(str(number), text.splitlines())
        everything = flat(" ".join(texts))
        for i in (1, 30, 60):
            self.assertIn(f"Kinh nghiệm {i}:", everything)
        self.assertIn("Nguyễn Song Giang", texts[-1])
        pages = pdf_pages_png(long_pdf(), dpi=20)
        self.assertEqual(len(pages), len(texts))

    def test_it_prints_hostile_text_as_text(self) -> None:
        pdf = render_pdf(hostile_letter())
        for page in pdf_pages_png(pdf, dpi=DPI):  # an overlong link wraps inside the margins
            self.assertEqual(dark_pixels(page, (196, 0, 210, 297), DPI), 0)
        everything = flat(" ".join(pdf_texts(pdf)))
        self.assertIn('<script>alert("x")</script> <b>đậm</b> & <img', everything)
        self.assertIn("</p></article><style>body{display:none}</style>", everything)
        self.assertIn("- UBND <b>thành phố</b> Hạ Long;", everything)


class PdfFetchTestCase(SimpleTestCase):
    def test_it_lets_weasyprint_fetch_only_the_fonts_and_data_images(self) -> None:
        from gocua.reports.letters.fonts import font_path
        from gocua.reports.letters.printing import _fetcher

        fetcher = _fetcher()
        for url in (
            "http://127.0.0.1:9/x.png",
            "https://example.invalid/x.css",
            "file:///etc/passwd",
            f"file://{font_path().parent}/../../../../etc/passwd",
        ):
            with self.assertRaises(ValueError, msg=url):
                fetcher.fetch(url)
        for url, check in (
            (font_path().as_uri(), lambda body: len(body) > 100_000),
            ("data:text/plain;base64,aGk=", lambda body: body == b"hi"),
        ):
            response = fetcher.fetch(url)
            try:
                self.assertTrue(check(response.read()), url)
            finally:
                response.close()


class HtmlPreviewTestCase(SimpleTestCase):
    def test_it_escapes_what_officers_typed(self) -> None:
        html = str(letter_html_fragment(hostile_letter()))
        self.assertTrue(html.startswith('<article class="letter" lang="vi">'))
        self.assertNotIn("<script>", html)
        self.assertNotIn("<style>body", html)
        self.assertNotIn("<b>thành phố</b>", html)
        self.assertIn("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html)
        self.assertIn("&lt;/p&gt;&lt;/article&gt;&lt;style&gt;", html)
        self.assertNotRegex(html, "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")

    def test_it_shows_the_same_letter_as_the_pdf(self) -> None:
        html = str(letter_html_fragment(seed_letter()))
        for text in (
            "ỦY BAN NHÂN DÂN<br>PHƯỜNG TUẦN CHÂU",
            "Số: 297/UBND-VHTT",
            "Tuần Châu, ngày 26 tháng 6 năm 2023",
            "<li",
            "- Phòng Văn hoá - Thông tin thành phố.",
            "Tỷ lệ 1.328/1.929 (đạt 68,84%);",
            "<b>* Các hoạt động, những bài học kinh nghiệm và cách làm hay</b>",
            'src="data:image/png;base64,',
            "TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH",
        ):
            self.assertIn(text, html)
        document = render_html_document(seed_letter())
        self.assertIn("@page :first", document)
        self.assertIn("counter(page)", document)
        self.assertIn("margin: 20.0mm 15.0mm 20.0mm 30.0mm", document)
        self.assertNotIn("http://", document)
        self.assertNotIn("https://", document)
