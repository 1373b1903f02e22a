"""Text helpers: folding Vietnamese for search, without diacritics or case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """``"Phường Tuần Châu"`` → ``"phuong tuan chau"``.

    Strips every combining mark after NFD decomposition; đ/Đ are letters of
    their own in Unicode and are mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def nfc(text: str) -> str:
    """Vietnamese typed on different keyboards arrives as NFC or NFD: store NFC."""
    return unicodedata.normalize("NFC", text)
