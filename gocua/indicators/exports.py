"""Indicator values as rows: the CLI's table and CSV, the web's CSV and XLSX downloads."""

from __future__ import annotations

import io
from typing import Any

from gocua.indicators.computation import Figure, UnitFigures
from gocua.lib.numbers import format_percent, group
from gocua.lib.sheets import xlsx_row

CSV_HEADER = [
    "unit_code",
    "unit_name",
    "level",
    "as_of",
    "from",
    "code",
    "name",
    "numerator",
    "denominator",
    "percent",
    "target",
    "source",
]


def _units(values: UnitFigures) -> list[UnitFigures]:
    return [values, *values.children]


def rows(values: UnitFigures) -> list[list[Any]]:
    """Header and one row per unit and indicator, plain numbers (68.84), ISO dates."""
    result: list[list[Any]] = [CSV_HEADER]
    for unit in _units(values):
        for f in unit.figures:
            result.append(
                [
                    unit.unit.code,
                    unit.unit.name,
                    unit.unit.level,
                    values.as_of.isoformat(),
                    values.start.isoformat(),
                    f.code,
                    f.name_vi,
                    _blank(f.numerator),
                    _blank(f.denominator),
                    _blank(f.percent),
                    _blank(f.target),
                    f.source,
                ]
            )
    return result


def _blank(value: Any) -> Any:
    return "" if value is None else value


def _vn(value: int | None) -> str:
    return "—" if value is None else group(value)


def _pct(figure: Figure) -> str:
    return "" if figure.percent is None else format_percent(figure.percent)


def table(values: UnitFigures) -> tuple[list[str], list[list[Any]]]:
    """For people: Vietnamese numbers (1.328, 68,84%)."""
    headers = [
        "đơn vị/unit",
        "chỉ tiêu/code",
        "tử số/numerator",
        "mẫu số/denominator",
        "tỷ lệ/percent",
        "mục tiêu/target",
        "nguồn/source",
    ]
    body = []
    for unit in _units(values):
        for f in unit.figures:
            body.append(
                [
                    unit.unit.name,
                    f.code,
                    _vn(f.numerator),
                    "" if f.denominator is None else _vn(f.denominator),
                    _pct(f),
                    "" if f.target is None else format_percent(f.target),
                    f.source,
                ]
            )
    return headers, body


def xlsx(values: UnitFigures) -> bytes:
    """One sheet, the CSV's columns, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Chỉ tiêu"
    for index, row in enumerate(rows(values)):
        sheet.append(xlsx_row(sheet, [None if cell == "" else cell for cell in row]))
        if index == 0:
            for cell in sheet[1]:
                cell.font = Font(bold=True)
    for column, width in zip(
        "ABCDEFGHIJKL", (12, 24, 14, 11, 11, 18, 60, 12, 12, 9, 9, 9), strict=True
    ):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
