"""Workbooks as wards keep them, built with openpyxl for the tests (and the bench)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

WARD_HEADERS = [
    "STT",
    "Họ và tên",
    "Ngày tháng năm sinh",
    "Giới tính",
    "Số CCCD",
    "Quan hệ với chủ hộ",
    "Số điện thoại",
    "Nơi ở hiện tại",
    "Ghi chú",
]


def titled_sheet(
    sheet: Worksheet, rows: list[list[Any]], *, headers: list[str] = WARD_HEADERS, top: int = 6
) -> None:
    """The committee's name and a title in merged cells, the header on row ``top``."""
    width = len(headers)
    sheet.cell(row=1, column=1, value="UBND PHƯỜNG TUẦN CHÂU")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    sheet.cell(row=1, column=6, value="CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    sheet.merge_cells(start_row=1, start_column=6, end_row=1, end_column=width)
    sheet.cell(row=3, column=1, value="DANH SÁCH NHÂN KHẨU")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=width)
    sheet.cell(row=4, column=1, value="(Kèm theo báo cáo ngày 26/6/2023)")
    for index, header in enumerate(headers, start=1):
        sheet.cell(row=top, column=index, value=header)
    for offset, row in enumerate(rows, start=1):
        for index, value in enumerate(row, start=1):
            sheet.cell(row=top + offset, column=index, value=value)


def ward_workbook(sheets: dict[str, list[list[Any]]], **options: Any) -> bytes:
    """One titled sheet per neighbourhood; a sheet named ``*note*`` gets free text only."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    workbook.remove(first)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name.strip("*"))
        if name.startswith("*"):
            for row in rows:
                sheet.append(row)
        else:
            titled_sheet(sheet, rows, **options)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


# Khu phố 1 as a ward writes it: dates in every form, IDs as numbers, a note column.
KP1_ROWS: list[list[Any]] = [
    [
        1,
        "Nguyễn Văn An",
        dt.datetime(1980, 5, 1),
        "Nam",
        22080000123,
        "Chủ hộ",
        "0912345678",
        "Số 5 ngõ 2",
        "",
    ],
    [2, "Trần Thị Bình", "12-08-1983", "Nữ", 22183000456, "Vợ", "", "Số 5 ngõ 2", "đi làm xa"],
    [3, "Nguyễn Minh Châu", 2015, "Nam", None, "Con", None, "Số 5 ngõ 2", None],
    [4, "Lê Văn Dũng", 18264, "Nam", None, "chu ho", None, "Số 9", ""],  # serial: 1950-01-01
    [5, "Lê Thị Hoa", "03.02.1952", "Nữ", None, "Vợ", None, "Số 9", ""],
]
KP2_ROWS: list[list[Any]] = [
    [1, "Phạm Thu Hà", "02/01/1990", "Nữ", "022190000789", "Chủ hộ", "", "Tổ 3", ""],
    [2, "Phạm Văn Khoa", "2012", "Nam", None, "Con", None, "Tổ 3", ""],
]
