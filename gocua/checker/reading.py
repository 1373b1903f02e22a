"""Everything the checks need from a letter's lines: its figures (prose and tables) and its
header. Pure functions, no database; see :mod:`gocua.checker.ratios`,
:mod:`gocua.checker.tables` and :mod:`gocua.checker.letter_header` for each part.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from gocua.checker.letter_header import read_facts
from gocua.checker.prose import read_prose
from gocua.checker.ratios import Figure, Reading, line_counts, line_figures, line_percents
from gocua.checker.tables import (
    has_percent_pairs,
    table_blocks,
    table_pair_figures,
    table_row_figure,
)
from gocua.checker.vocabulary import fold_keep_length, is_plain


def read_figures(lines: list[str]) -> Reading:
    """Everything the checks need from the letter's lines."""
    lines = [unicodedata.normalize("NFC", line) for line in lines]
    reading = Reading(lines=lines, plain=is_plain(lines))
    folded = [fold_keep_length(line) for line in lines]
    tables = table_blocks(lines)
    previous_topic = ""
    for index, (line, low) in enumerate(zip(lines, folded, strict=True)):
        if not line.strip():
            continue
        number = index + 1
        table = tables.get(index)
        first_figure, first_percent = len(reading.figures), len(reading.percents)
        spans = line_figures(reading, line, low, number, table, previous_topic)
        if table is not None and not spans and table[1] is not None:
            if has_percent_pairs(table[1]):
                spans = table_pair_figures(reading, line, low, number, table)
            else:
                spans = table_row_figure(reading, line, low, number, table) or (
                    table_pair_figures(reading, line, low, number, table)
                )
        line_percents(reading, line, low, number, spans, previous_topic)
        line_counts(reading, line, low, number, spans)
        spans += read_prose(reading, line, low, number, spans, first_figure, first_percent)
        has_own_figure = len(reading.figures) > first_figure
        previous_topic = "" if has_own_figure else low
    reading.facts = read_facts(lines, folded, plain=reading.plain)
    return reading


def figures_by_indicator(reading: Reading) -> Iterator[tuple[str, Figure]]:
    """The first whole-ward figure of each indicator, in the order of the letter (what is
    left, "còn 120 thôn chưa có", is never an indicator's figure)."""
    seen: set[str] = set()
    for figure in reading.figures:
        code = figure.indicator
        if code and code not in seen and not figure.sub_unit and figure.complement_of is None:
            seen.add(code)
            yield code, figure
