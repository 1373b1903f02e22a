"""Tables of figures (``| Khu phố 1 | 700 | 640 | 91,43% |`` rows): their blocks, header
and total rows, and the ratio of each row. Pure, no database."""

from __future__ import annotations

import re

from gocua.checker.ratios import (
    Figure,
    Reading,
    age_of,
    cells,
    excerpt_of,
    is_total_row,
    mentions_sub_unit,
)
from gocua.checker.vocabulary import INT, fold_keep_length, indicator_of, parse_int, parse_percent

NUMERIC_CELL = re.compile(r"[\s.,/%()]*\d[\d\s.,/%()]*")


def table_blocks(lines: list[str]) -> dict[int, tuple[int, str | None, bool]]:
    """Line index → (block id, its header row or None, is this the header) for ``|`` rows."""
    blocks: dict[int, tuple[int, str | None, bool]] = {}
    block = -1
    header: str | None = None
    for index, line in enumerate(lines):
        if not line.startswith("|"):
            continue
        if index == 0 or not lines[index - 1].startswith("|"):
            block += 1
            numeric = any(NUMERIC_CELL.fullmatch(cell) for cell in cells(line))
            header = None if numeric else line
            blocks[index] = (block, header, True)
            continue
        blocks[index] = (block, header, False)
    return blocks


def table_row_figure(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    table: tuple[int, str | None, bool],
) -> list[tuple[int, int]]:
    """A table row with numerator, denominator and percent in separate columns."""
    block, header, is_header = table
    if is_header or header is None:
        return []
    columns = [fold_keep_length(c) for c in cells(header)]
    row = cells(line)
    if len(row) != len(columns):
        return []
    den_col = _column(columns, ("tong so", "mau so", "tong"))
    pct_col = _column(columns, ("ty le", "ti le", "%"))
    num_col = _column(columns, ("so dat", "ket qua", "dat duoc", "tu so", "so nguoi co", "da "))
    if num_col in (den_col, pct_col):
        num_col = None
    if num_col is None:  # the one other column of whole numbers
        others = [
            i
            for i, cell in enumerate(row)
            if i not in (den_col, pct_col)
            and re.fullmatch(INT, cell)
            and not re.fullmatch(r"(?:stt|tt|so tt|so thu tu)", columns[i].strip())
        ]
        num_col = others[0] if len(others) == 1 else None
    if num_col is None or den_col is None or num_col == den_col:
        return []
    try:
        numerator, denominator = parse_int(row[num_col]), parse_int(row[den_col])
    except ValueError:
        return []
    if not re.fullmatch(INT, row[num_col]) or not re.fullmatch(INT, row[den_col]):
        return []
    value, decimals = None, 0
    if pct_col is not None and pct_col not in (num_col, den_col):
        match = re.fullmatch(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*", row[pct_col])
        if match:
            value, decimals = parse_percent(match.group(1))
    label = " ".join(
        fold_keep_length(c) for i, c in enumerate(row) if i not in (num_col, den_col, pct_col)
    )
    indicator = indicator_of(label) or indicator_of(" ".join(columns))
    text = f"{row[num_col]}/{row[den_col]}" + (
        f" ({row[pct_col]})" if value is not None and pct_col is not None else ""
    )
    population = "households" if indicator == "household_skills" else "residents"
    if indicator is None and not re.search(r"nguoi|ho|dan", label + " ".join(columns)):
        population = "other"
    reading.figures.append(
        Figure(
            text=text,
            numerator=numerator,
            denominator=denominator,
            stated_percent=value,
            stated_decimals=decimals,
            indicator=indicator,
            line=number,
            excerpt=excerpt_of(line),
            age=age_of(label, indicator),
            population=population,
            sub_unit=mentions_sub_unit(line, low, table, 0, len(low)),
            table=block,
            column=num_col,
            total_row=is_total_row(line),
        )
    )
    return [(0, len(line))]


def _column(columns: list[str], words: tuple[str, ...]) -> int | None:
    for word in words:
        for index, column in enumerate(columns):
            if word in column:
                return index
    return None
