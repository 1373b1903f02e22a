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


_PERCENT_COLUMN = re.compile(r"ty le|ti le|%")
# A column that holds the whole each share is taken of.
_BASE_COLUMN = re.compile(
    r"(?<![a-z])(?:dan so|tong so|tong cong|so ho|so nguoi|nguoi tu|mau so|so thon|tong)(?![a-z])"
)
_PERCENT_CELL = re.compile(r"\s*(\d{1,3}(?:[.,]\d+)?)\s*%?\s*")


def table_pair_figures(
    reading: Reading,
    line: str,
    low: str,
    number: int,
    table: tuple[int, str | None, bool],
) -> list[tuple[int, int]]:
    """A row of a table with several "count | percent" pairs under one header
    (``| Khu phố 1 | 800 | 560 | 70,0 | 600 | 75,0 |``): each percent column belongs to the
    count column just before it, and every count is taken of the base column (``Dân số``,
    ``Số hộ``, ``Tổng số``…), read from the header, never guessed from the values."""
    block, header, is_header = table
    if is_header or header is None:
        return []
    columns = [fold_keep_length(c) for c in cells(header)]
    row = cells(line)
    if len(row) != len(columns):
        return []
    percent_columns = [i for i, c in enumerate(columns) if _PERCENT_COLUMN.search(c)]
    pairs = [
        (c - 1, c)
        for c in percent_columns
        if c > 0 and c - 1 not in percent_columns and re.fullmatch(INT, row[c - 1])
    ]
    counts = {n for n, _ in pairs}
    bases = [
        i
        for i, c in enumerate(columns)
        if i not in counts and i not in percent_columns and _BASE_COLUMN.search(c)
    ]
    if not pairs or len(bases) != 1 or not re.fullmatch(INT, row[bases[0]]):
        return []
    base = bases[0]
    denominator = parse_int(row[base])
    label = " ".join(
        fold_keep_length(c)
        for i, c in enumerate(row)
        if i != base and i not in counts and i not in percent_columns
    )
    total = is_total_row(line)
    sub_unit = mentions_sub_unit(line, low, table, 0, len(low))
    for count, percent_column in pairs:
        match = _PERCENT_CELL.fullmatch(row[percent_column])
        value, decimals = parse_percent(match.group(1)) if match else (None, 0)
        topic = f"{columns[count]} {label}"
        indicator = indicator_of(topic) or indicator_of(f"{columns[count]} {columns[base]}")
        reading.figures.append(
            Figure(
                text=f"{row[count]}/{row[base]}"
                + (f" ({row[percent_column]})" if value is not None else ""),
                numerator=parse_int(row[count]),
                denominator=denominator,
                stated_percent=value,
                stated_decimals=decimals,
                indicator=indicator,
                line=number,
                excerpt=excerpt_of(line),
                age=age_of(f"{topic} {columns[base]}", indicator),
                population="households"
                if indicator == "household_skills" or "ho" in columns[base].split()
                else "residents"
                if indicator is not None or re.search(r"nguoi|dan so", columns[base])
                else "other",
                sub_unit=sub_unit,
                table=block,
                column=percent_column,
                total_row=total,
            )
        )
    return [(0, len(line))]


def has_percent_pairs(header: str) -> bool:
    """Two or more percent columns: each pair is read by :func:`table_pair_figures`."""
    columns = [fold_keep_length(c) for c in cells(header)]
    return sum(1 for c in columns if _PERCENT_COLUMN.search(c)) >= 2
