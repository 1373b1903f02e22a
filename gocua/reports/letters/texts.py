"""The texts of a letter written the Decree 30 way.

- ``letter_number(5, "UBND-VHTT")`` → ``05/UBND-VHTT`` (leading zero below 10);
- ``place_and_date("Tuần Châu", date(2023, 6, 26))`` → ``Tuần Châu, ngày 26 tháng 6 năm 2023``;
- ``upper_vi("Ủy ban nhân dân phường Tuần Châu")`` → ``ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU``;
- ``committee("Phường Tuần Châu")`` → ``Ủy ban nhân dân phường Tuần Châu``,
  ``committee("Thành phố Hạ Long", short=True)`` → ``UBND thành phố Hạ Long``;
- ``listed(["A", "B"])`` → ``["- A;", "- B."]`` (recipients, "Nơi nhận");
- ``printable(text)``: what Word's XML can hold (control characters and lone surrogates
  removed), in NFC.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from gocua.lib.dates import date_in_words

# XML 1.0 forbids C0 controls but tab, newline and carriage return, lone surrogates
# and U+FFFE/U+FFFF; python-docx refuses them with a ValueError. C1 controls and the
# other non-characters are legal but invisible garbage in a letter: dropped too.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_SPACES = re.compile(r"[ \t\u00a0]+")


def printable(text: str) -> str:
    """The text without characters that break Word's XML; NFC; never raises."""
    cleaned = _UNPRINTABLE.sub("", text)
    return unicodedata.normalize("NFC", cleaned)


def letter_number(sequence: int, symbol: str) -> str:
    """``297/UBND-VHTT``; below 10 with a leading zero: ``05/UBND-VHTT``."""
    return f"{sequence:02d}/{symbol}"


def place_and_date(place: str, day: dt.date) -> str:
    """``Tuần Châu, ngày 26 tháng 6 năm 2023``: the place is the unit's short name."""
    return f"{place.strip()}, {date_in_words(day)}"


def upper_vi(text: str) -> str:
    """Upper case that keeps Vietnamese letters whole.

    Python upper-cases precomposed Vietnamese letters correctly (``ủ`` → ``Ủ``,
    ``đ`` → ``Đ``), but text typed with combining marks (NFD, some keyboards)
    must be composed first, or a renderer may draw the mark apart from its
    letter. Spaces are collapsed as in a header line.
    """
    composed = unicodedata.normalize("NFC", text)
    return " ".join(composed.upper().split())


def lower_first(text: str) -> str:
    """``Phường Tuần Châu`` → ``phường Tuần Châu``: a unit's name inside a sentence."""
    text = text.strip()
    return text[:1].lower() + text[1:]


def committee(unit_name: str, *, short: bool = False) -> str:
    """The people's committee of a unit: ``Ủy ban nhân dân phường Tuần Châu``; with
    ``short``, the abbreviation letters use in running text and in the parent line:
    ``UBND thành phố Hạ Long``."""
    head = "UBND" if short else "Ủy ban nhân dân"
    return f"{head} {lower_first(unit_name)}"


def listed(items: list[str] | tuple[str, ...]) -> list[str]:
    """One line per item, ``- `` first, ``;`` after each and ``.`` after the last
    (whatever punctuation the author typed at the ends is replaced)."""
    cleaned = [_bare(item) for item in items]
    cleaned = [item for item in cleaned if item]
    return [f"- {item}{'.' if i == len(cleaned) - 1 else ';'}" for i, item in enumerate(cleaned)]


def single_recipient(item: str) -> str:
    """A lone recipient stands on the ``Kính gửi:`` line, ending with ``.``."""
    return f"{_bare(item)}."


def _bare(item: str) -> str:
    text = _SPACES.sub(" ", item).strip()
    if text.startswith(("- ", "– ", "+ ")):
        text = text[2:].strip()
    return text.rstrip(" .;,/")


def authority_lines(text: str, *, max_chars: int = 22) -> list[str]:
    """An upper-case authority name broken where a header breaks it.

    ``ỦY BAN NHÂN DÂN PHƯỜNG TUẦN CHÂU`` → ``ỦY BAN NHÂN DÂN`` / ``PHƯỜNG TUẦN CHÂU``:
    the committee's name on its own line, then the unit; other long names are split
    into lines of about ``max_chars`` characters, as even as the words allow. Word
    and the PDF then break at the same place.
    """
    words = text.split()
    if len(text) <= max_chars or len(words) < 2:
        return [text]
    for head in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if text.startswith(head + " "):
            return [head, *authority_lines(text[len(head) + 1 :], max_chars=max_chars)]
    lines_needed = -(-len(text) // max_chars)
    target = len(text) / lines_needed
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        # Break before the word when that leaves the line closer to the target.
        if (
            current
            and len(candidate) > target
            and len(lines) < lines_needed - 1
            and abs(len(current) - target) <= abs(len(candidate) - target)
        ):
            lines.append(current)
            current = word
            continue
        current = candidate
    lines.append(current)
    return lines
