"""The letter's header: its issuing unit, its number and symbol, its place-and-date line.

Pure, no database; reads the folded lines (:mod:`gocua.checker.vocabulary`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from gocua.checker.vocabulary import fold_keep_length


@dataclass
class LetterFacts:
    unit: str | None = None  # "UBND phường Tuần Châu"
    ward: str | None = None  # "Phường Tuần Châu", to find the unit
    place: str | None = None  # "Tuần Châu"
    date: dt.date | None = None
    date_text: str | None = None  # the place-and-date line as written
    date_line: int | None = None
    date_numeric: bool = False  # written 26/6/2023 instead of in words
    date_has_ngay: bool = True
    day_text: str = ""
    month_text: str = ""
    date_invalid: bool = False
    number: str | None = None  # "297/UBND"
    number_line: int | None = None
    number_text: str | None = None


# Unit, date, number ------------------------------------------------------------------------------

_HEADER_END = re.compile(r"^(?:kinh gui|thuc hien|can cu|theo |noi nhan)")
_DATE_WORDS = re.compile(
    r"(?P<ngay>ngay\s*)?(?P<d>\d{1,2})\s+thang\s+(?P<m>\d{1,2})\s+nam\s+(?P<y>\d{4})"
)
_DATE_NUMERIC = re.compile(
    r"(?:ngay\s*)?(?P<d>\d{1,2})\s*([/.-])\s*(?P<m>\d{1,2})\s*\2\s*(?P<y>\d{4})"
)
_SYMBOL = r"\d*\s*/\s*[a-z0-9.&]+(?:\s*-\s*[a-z0-9.&]+)*"
_NUMBER = re.compile(
    rf"^so\s*:\s*(?P<v>{_SYMBOL}|\d+(?![\w/])|[^\s|]*)|^so\s+(?P<w>{_SYMBOL}|\d+(?![\w.,/]))"
)
_AUTHORITY = re.compile(
    r"(?:uy ban nhan dan|ubnd)\s+(?P<level>phuong|xa|thi tran|dac khu)\s+(?P<rest>.*)"
)
_LEVEL_WORDS = {"phuong": "phường", "xa": "xã", "thi tran": "thị trấn", "dac khu": "đặc khu"}


def read_facts(lines: list[str], folded: list[str], *, plain: bool = False) -> LetterFacts:
    facts = LetterFacts()
    header = _header_segments(lines, folded)
    _read_date(facts, header)
    if facts.date_text is None:  # "Kính gửi" before the date, or the date at the end
        _read_date(facts, _whole_lines(lines, folded, _PLACE_DATE_LINE))
    _read_number(facts, header)
    if facts.number is None:
        _read_number(facts, _whole_lines(lines[:60], folded[:60], re.compile(r"so\s*:")))
    _read_unit(facts, lines, folded, header, plain=plain)
    return facts


_PLACE_DATE_LINE = re.compile(
    r"[^\d,|:;]{2,60},\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}\s*\.?$"
)


def _whole_lines(
    lines: list[str], folded: list[str], pattern: re.Pattern[str]
) -> list[tuple[int, str, str]]:
    """(line number, original, folded) of the lines that match ``pattern`` from their start."""
    return [
        (index + 1, line.strip(), low.strip())
        for index, (line, low) in enumerate(zip(lines, folded, strict=False))
        if pattern.match(low.strip())
    ]


def _header_segments(lines: list[str], folded: list[str]) -> list[tuple[int, str, str]]:
    """(line number, original, folded) of each cell of the lines before the body."""
    segments = []
    for index, (line, low) in enumerate(zip(lines[:40], folded[:40], strict=False)):
        start = low.lstrip(" -+|")
        if _HEADER_END.match(start) or len(line) > 200:
            break
        offset = 0
        for part in line.split("|"):
            piece = part.strip()
            position = line.find(piece, offset) if piece else offset
            offset = position + len(piece)
            if piece:
                segments.append((index + 1, piece, low[position : position + len(piece)]))
    return segments


def _read_date(facts: LetterFacts, header: list[tuple[int, str, str]]) -> None:
    candidates: list[tuple[int, int, str, re.Match[str], bool]] = []
    for number, original, low in header:
        words = _DATE_WORDS.search(low)
        found = words or _DATE_NUMERIC.search(low)
        if found is None:
            continue
        place = low[: found.start()].strip()
        has_place = place.endswith(",") and not re.search(r"\d", place)
        candidates.append((0 if has_place else 1, number, original, found, words is None))
    if not candidates:
        return
    candidates.sort(key=lambda c: (c[0], c[1]))
    _, number, original, match, numeric = candidates[0]
    facts.date_text = original
    facts.date_line = number
    facts.date_numeric = numeric
    facts.date_has_ngay = numeric or bool(match.group("ngay"))
    facts.day_text, facts.month_text = (
        original[match.start("d") : match.end("d")],
        original[match.start("m") : match.end("m")],
    )
    place = original[: match.start()].strip().rstrip(",").strip()
    facts.place = place or None
    try:
        facts.date = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        facts.date_invalid = True


def _read_number(facts: LetterFacts, header: list[tuple[int, str, str]]) -> None:
    for number, original, low in header:
        match = _NUMBER.match(low)
        if match is None:
            continue
        group = "v" if match["v"] is not None else "w"
        facts.number = original[match.start(group) : match.end(group)].replace(" ", "")
        facts.number_line = number
        facts.number_text = original
        return


def _read_unit(
    facts: LetterFacts,
    lines: list[str],
    folded: list[str],
    header: list[tuple[int, str, str]],
    *,
    plain: bool,
) -> None:
    # 1. The header's issuing authority: "ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU".
    pairs = [(f"{a[1]} {b[1]}", f"{a[2]} {b[2]}") for a, b in itertools.pairwise(header)]
    for original, low in [(o, f) for _n, o, f in header] + pairs:
        match = _AUTHORITY.fullmatch(low)
        if match and match["rest"].strip() and not _AUTHORITY.search(match["rest"]):
            name = original[match.start("rest") :].strip()
            _set_unit(facts, match["level"], _title(name), plain=plain)
            return
    # 2. The body: "UBND phường Tuần Châu báo cáo", the most frequent wins.
    found: dict[tuple[str, str], int] = {}
    for line, low in zip(lines, folded, strict=True):
        for match in _AUTHORITY.finditer(low):
            name = _name_after(line, match.start("rest"), plain=plain)
            if name:
                key = (match["level"], _title(name))
                found[key] = found.get(key, 0) + 1
    if found:
        level, name = max(found, key=lambda k: found[k])
        _set_unit(facts, level, name, plain=plain)
        return
    # 3. The place of the date line, if the letter names a ward of that name.
    if facts.place:
        place = fold_keep_length(facts.place)
        for low in folded:
            for level in _LEVEL_WORDS:
                if f"{level} {place}" in low:
                    _set_unit(facts, level, facts.place, plain=plain)
                    return


def _name_after(line: str, start: int, *, plain: bool) -> str:
    """The capitalized words (or a number) that make a unit's name: "Tuần Châu", "12"."""
    words = []
    for word in line[start:].split():
        token = word.strip(",.;:()")
        if not token:
            break
        if token[0].isupper() or token.isdigit():
            words.append(token)
            if word[-1] in ",.;:)" or len(words) == 4:
                break
            continue
        break
    if not words and plain:
        return ""
    return " ".join(words)


def _title(name: str) -> str:
    return name.title() if name.isupper() else name


def _set_unit(facts: LetterFacts, level: str, name: str, *, plain: bool) -> None:
    written = level if plain else _LEVEL_WORDS[level]
    facts.unit = f"UBND {written} {name}"
    facts.ward = f"{written.capitalize()} {name}"
