"""The overview's table as a workbook: one row per unit below and the unit's total,
for each indicator its numerator, denominator and percent (numbers as numbers), the
target, then the findings and the reporting status. Text is always written as text
(a name starting with ``=`` never becomes a formula)."""

from __future__ import annotations

import io
from typing import Any

from gocua.front.selectors import Cell, Overview
from gocua.reports.consolidation import _number, _text

REPORTING_VI = {
    "on_time": "Đúng hạn",
    "late": "Trễ hạn",
    "missing": "Chưa gửi",
    "returned": "Bị trả lại",
    "": "",
}


def _cells(sheet: Any, row: int, column: int, cell: Cell) -> int:
    f = cell.figure
    _number(sheet, row, column, f.numerator)
    if f.denominator is not None:
        _number(sheet, row, column + 1, f.denominator)
    if f.percent is not None:
        _number(sheet, row, column + 2, f.percent / 100, "0.00%")
    if f.target is not None:
        target = f.target / 100 if f.measure == "percent" else f.target
        _number(sheet, row, column + 3, target, "0.00%" if f.measure == "percent" else "0")
    return column + 4


def overview_xlsx(overview: Overview) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Tổng quan"
    bold = Font(bold=True)
    _text(sheet.cell(row=1, column=1), overview.unit.name).font = bold
    _text(
        sheet.cell(row=2, column=1),
        f"Số liệu đến ngày {overview.as_of:%d/%m/%Y}, từ ngày {overview.start:%d/%m/%Y}",
    )
    header, sub = 3, 4
    _text(sheet.cell(row=header, column=1), "Đơn vị").font = bold
    _text(sheet.cell(row=header, column=2), "Mã").font = bold
    column = 3
    for head in overview.headlines:
        f = head.figure
        _text(sheet.cell(row=header, column=column), f.short_vi or f.name_vi).font = bold
        for offset, label in enumerate(("Số đạt", "Tổng số", "Tỷ lệ", "Mục tiêu")):
            _text(sheet.cell(row=sub, column=column + offset), label).font = bold
        column += 4
    _text(sheet.cell(row=header, column=column), "Phát hiện").font = bold
    _text(sheet.cell(row=header, column=column + 1), "Báo cáo").font = bold
    row = sub + 1
    for item in overview.rows:
        _text(sheet.cell(row=row, column=1), item.name)
        _text(sheet.cell(row=row, column=2), item.code)
        column = 3
        for cell in item.cells:
            column = _cells(sheet, row, column, cell)
        _number(sheet, row, column, item.findings)
        _text(sheet.cell(row=row, column=column + 1), REPORTING_VI[item.reporting])
        row += 1
    _text(sheet.cell(row=row, column=1), f"Tổng: {overview.unit.name}").font = bold
    _text(sheet.cell(row=row, column=2), overview.unit.code)
    column = 3
    for cell in overview.total:
        column = _cells(sheet, row, column, cell)
    _number(sheet, row, column, overview.findings_total)
    sheet.freeze_panes = f"B{sub + 1}"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 12
    for index in range(3, column + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
