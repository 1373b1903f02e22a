"""Spreadsheet cells written as data, never as formulas: the one helper of every export.

A resident named ``=HYPERLINK("http://…?x="&G2,"Bấm vào")`` must reach Excel or
LibreOffice as that text. Two rules, one per format:

- XLSX: every text is a string cell (openpyxl would store a leading ``=`` as a
  formula); a text that a spreadsheet would run if retyped (``=``, ``+``, ``-``,
  ``@``) also gets the quote prefix style, as Excel does for ``'=…``. Characters
  XML cannot hold (control characters) are dropped instead of crashing the export.
- CSV: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return gets a leading ``'``, as the OWASP guidance on CSV injection says.
  Numbers (``int``, ``float``) are written as they are: ``-3`` is a number.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def csv_cell(value: Any) -> Any:
    """The value as a CSV cell that no spreadsheet evaluates."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_cell(value) for value in values]


class SafeCsvWriter:
    """``csv.writer`` whose every text cell goes through :func:`csv_cell`."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(csv_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **options: Any) -> SafeCsvWriter:
    return SafeCsvWriter(stream, **options)


def xlsx_text(cell: Any, value: str) -> Any:
    """Make ``cell`` hold ``value`` as text, whatever it starts with."""
    value = _ILLEGAL_XML.sub("", value)
    cell.value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """A cell for ``sheet.append``: text as a string cell, numbers and dates as they are.

    Works for ordinary and write-only workbooks alike.
    """
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, row=1, column=1)  # placed by append; a coordinate for repr()
    if isinstance(value, str):
        return xlsx_text(cell, value)
    cell.value = value
    return cell


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """``sheet.append(xlsx_row(sheet, row))`` appends a row that holds no formula."""
    return [xlsx_cell(sheet, value) for value in values]
