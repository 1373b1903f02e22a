"""Reading letters: .txt, .md, .docx (with tables), PDF text; every bad file refused in one line."""

from __future__ import annotations

import codecs
import io
import tempfile
import unicodedata
import zipfile
from pathlib import Path

from django.test import SimpleTestCase

from gocua.checker.extract import MAX_BYTES, clean_lines, letter_lines, read_letter
from gocua.checker.tests.helpers import docx_bytes, pdf_bytes, seed_text
from gocua.lib.errors import Problem


class ExtractTestCase(SimpleTestCase):
    def assertRefused(self, name: str, data: bytes, *words: str) -> Problem:
        with self.assertRaises(Problem) as caught:
            letter_lines(name, data)
        problem = caught.exception
        self.assertEqual(problem.exit_status, 1)
        self.assertNotIn("\n", str(problem))
        self.assertIn(" / ", str(problem))
        for word in words:
            self.assertIn(word, str(problem))
        return problem

    def test_it_reads_the_seed_as_text(self) -> None:
        lines = letter_lines("seed.txt", seed_text().encode())
        self.assertIn("Số: 297/UBND", lines)
        self.assertIn("Tuần Châu, ngày 26 tháng 6 năm 2023", lines)
        joined = "\n".join(lines)
        self.assertNotIn("**", joined)
        self.assertNotIn("\\*", joined)
        self.assertIn("Các hoạt động, những bài học kinh nghiệm", joined)

    def test_it_reads_nfd_crlf_bom_and_utf16_alike(self) -> None:
        text = "Tuần Châu, ngày 26 tháng 6 năm 2023\nTỷ lệ 1.328/1.929 (đạt 68,84%)\n"
        expected = letter_lines("a.txt", text.encode())
        nfd = unicodedata.normalize("NFD", text)
        self.assertEqual(letter_lines("a.txt", nfd.encode()), expected)
        self.assertEqual(letter_lines("a.txt", text.replace("\n", "\r\n").encode()), expected)
        self.assertEqual(letter_lines("a.txt", codecs.BOM_UTF8 + text.encode()), expected)
        self.assertEqual(letter_lines("a.txt", text.encode("utf-16")), expected)

    def test_it_reads_a_file_that_is_not_utf8(self) -> None:
        text = "Rapport: Tỷ lệ 1.328/1.929 (68,84%), café crème résumé.\n" * 3
        data = text.replace("ỷ", "y").replace("ệ", "e").encode("cp1252")
        lines = letter_lines("a.txt", data)
        self.assertIn("1.328/1.929", lines[0])

    def test_it_strips_markdown_but_keeps_tables_as_rows(self) -> None:
        lines = clean_lines(
            [
                "## **2. Kết quả**",
                "- Tỷ lệ 1.328/1.929 (*đạt 68,84%*)",
                "| Khu phố | Số đạt | Tổng số |",
                "|---|---:|---:|",
                "| Khu phố 1 | 640 | 700 |",
                "> \\* Kiến nghị",
                "Tỷ lệ _1.328/1.929_ (_đạt 68,84%_), mã ho_so",
            ]
        )
        self.assertEqual(lines[5], "Tỷ lệ 1.328/1.929 (đạt 68,84%), mã ho_so")
        self.assertEqual(lines[0], "2. Kết quả")
        self.assertEqual(lines[1], "- Tỷ lệ 1.328/1.929 ( đạt 68,84% )")
        self.assertEqual(
            lines[2:4], ["| Khu phố | Số đạt | Tổng số |", "| Khu phố 1 | 640 | 700 |"]
        )
        self.assertEqual(lines[4], "Kiến nghị")

    def test_it_reads_a_docx_with_its_header_and_figures_tables(self) -> None:
        data = docx_bytes(
            ["Kính gửi: UBND thành phố Hạ Long.", "Kết quả theo khu phố:"],
            header=[
                (["UBND THÀNH PHỐ HẠ LONG", "ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU"], ["CỘNG HÒA"]),
                (["Số: 297/UBND-VHTT"], ["Tuần Châu, ngày 26 tháng 6 năm 2023"]),
            ],
            table=[["Khu phố", "Số đạt", "Tổng số"], ["Khu phố 1", "640", "700"]],
        )
        lines = letter_lines("letter.docx", data)
        self.assertEqual(
            lines[:5],
            [
                "UBND THÀNH PHỐ HẠ LONG",
                "ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU",
                "CỘNG HÒA",
                "Số: 297/UBND-VHTT",
                "Tuần Châu, ngày 26 tháng 6 năm 2023",
            ],
        )
        self.assertIn("| Khu phố 1 | 640 | 700 |", lines)

    def test_it_reads_a_pdf_text_layer(self) -> None:
        lines = letter_lines("a.pdf", pdf_bytes(["Ty le 1.412/2.525 (dat 55%)"]))
        self.assertIn("Ty le 1.412/2.525 (dat 55%)", lines)

    def test_it_joins_the_lines_a_pdf_wraps(self) -> None:
        lines = letter_lines(
            "a.pdf",
            pdf_bytes(["- So nguoi dan tu 18 tuoi co tai khoan. Ty le 1.412/", "2.525 (dat 55%)"]),
        )
        self.assertIn("- So nguoi dan tu 18 tuoi co tai khoan. Ty le 1.412/2.525 (dat 55%)", lines)

    def test_it_refuses_an_empty_or_blank_file(self) -> None:
        self.assertRefused("empty.txt", b"", "rỗng", "empty")
        self.assertRefused("blank.md", b"  \n\n \t\n", "empty")
        self.assertRefused("empty.docx", b"", "empty")

    def test_it_refuses_a_binary_file(self) -> None:
        self.assertRefused("photo.txt", bytes(range(256)) * 8, "binary")
        self.assertRefused("zip.txt", b"PK\x03\x04" + b"x" * 100, "binary")

    def test_it_refuses_a_docx_that_is_not_a_zip(self) -> None:
        self.assertRefused("letter.docx", "Tỷ lệ 1.328/1.929".encode(), ".docx")

    def test_it_refuses_a_zip_that_is_not_word(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hello")
        self.assertRefused("letter.docx", buffer.getvalue(), ".docx")

    def test_it_refuses_a_broken_word_file(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<not-xml")
            archive.writestr("[Content_Types].xml", "<nope")
        self.assertRefused("letter.docx", buffer.getvalue(), ".docx")

    def test_it_refuses_a_broken_pdf(self) -> None:
        self.assertRefused("letter.pdf", b"%PDF-1.4\n garbage", "PDF")
        self.assertRefused("letter.pdf", b"hello", "PDF")

    def test_it_refuses_unknown_extensions_and_old_word(self) -> None:
        self.assertRefused("letter.odt", b"abc", ".odt", ".docx")
        self.assertRefused("letter", b"abc", ".docx")
        self.assertRefused("letter.doc", b"\xd0\xcf\x11\xe0", ".doc", ".docx")

    def test_it_accepts_upper_case_extensions(self) -> None:
        self.assertEqual(letter_lines("A.TXT", "35 buổi".encode()), ["35 buổi"])

    def test_it_refuses_a_file_too_large(self) -> None:
        self.assertRefused("big.txt", b"a" * (MAX_BYTES + 1), "large")

    def test_it_refuses_a_missing_file_or_a_directory(self) -> None:
        with self.assertRaises(Problem) as caught:
            read_letter("/nonexistent/letter.docx")
        self.assertIn("not found", str(caught.exception))
        with tempfile.TemporaryDirectory() as directory, self.assertRaises(Problem) as caught:
            read_letter(directory)
        self.assertIn("not a file", str(caught.exception))

    def test_it_reads_a_file_on_disk(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "letter.md"
            path.write_text("**Số: 297/UBND**\n", encoding="utf-8")
            self.assertEqual(read_letter(path), ["Số: 297/UBND", ""])
