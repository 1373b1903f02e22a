"""Word files as wards send them: a table with several count/percent pairs, a picture
(dropped unread with its relationship, the text kept)."""

from __future__ import annotations

import io

from django.test import SimpleTestCase

from gocua.checker.checks import check_letter
from gocua.checker.tests.helpers import docx_bytes

ROWS = [
    ["Khu phố", "Dân số từ 14 tuổi", "Có định danh điện tử", "Tỷ lệ (%)", "Có VssID", "Tỷ lệ (%)"],
    ["Khu phố 1", "800", "560", "70,0", "600", "75,0"],
    ["Khu phố 2", "1.200", "900", "75,0", "1.020", "86,0"],
    ["Tổng", "2.000", "1.460", "73,0", "1.620", "81,0"],
]


class WordTablesTestCase(SimpleTestCase):
    def test_each_percent_column_belongs_to_the_count_before_it(self) -> None:
        data = docx_bytes(["Kết quả theo khu phố:"], table=ROWS, table_after=0)
        result = check_letter("pairs.docx", data)
        figures = [
            (f.numerator, f.denominator, str(f.stated_percent)) for f in result.reading.figures
        ]
        self.assertEqual(
            figures,
            [
                (560, 800, "70.0"),
                (600, 800, "75.0"),
                (900, 1200, "75.0"),
                (1020, 1200, "86.0"),  # 85,0% in truth
                (1460, 2000, "73.0"),
                (1620, 2000, "81.0"),
            ],
        )
        wrong = [(f.code, f.line) for f in result.errors]
        self.assertEqual(wrong, [("percent_mismatch", 4)])
        self.assertEqual(result.coverage()["verified"], 5)

    def test_a_picture_is_dropped_and_the_text_read(self) -> None:
        import docx
        from PIL import Image

        picture = io.BytesIO()
        Image.new("RGB", (8, 8), "red").save(picture, format="PNG")
        picture.seek(0)
        document = docx.Document()
        document.add_paragraph("Tỷ lệ người dân có định danh điện tử: 1.328/1.929 (đạt 68,84%).")
        document.add_picture(picture)
        out = io.BytesIO()
        document.save(out)
        result = check_letter("picture.docx", out.getvalue())
        self.assertEqual(
            [(f.numerator, f.denominator) for f in result.reading.figures], [(1328, 1929)]
        )
