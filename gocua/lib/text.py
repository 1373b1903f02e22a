"""Text helpers: one cleaner for what people type, and folding Vietnamese for search."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


# Every format (Cf) and control (Cc) character that is not white space, as Unicode 15
# lists them (a test checks the list against unicodedata). Format characters are
# zero-width or change the direction of text (U+200B ZERO WIDTH SPACE, U+202E
# RIGHT-TO-LEFT OVERRIDE, U+2066..U+2069 isolates, U+FEFF, the tag characters…): a name
# holding them looks like another name on screen, or hides a different one.
INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def clean_text(text: str) -> str:
    """What a person typed, as we store it: invisible and direction characters removed,
    NFC (Vietnamese arrives as NFC or NFD from different keyboards), spaces collapsed.

    The one normaliser of names and other typed text, used by forms, services and the
    roster importer.
    """
    if INVISIBLE.search(text):
        text = INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def has_invisible(text: str) -> bool:
    return INVISIBLE.search(text) is not None


def fold(text: str) -> str:
    """``"Phường Tuần Châu"`` → ``"phuong tuan chau"``.

    Strips every combining mark after NFD decomposition, and the invisible
    characters of :func:`clean_text`; đ/Đ are letters of their own in Unicode and
    are mapped by hand.
    """
    text = INVISIBLE.sub("", text)
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip().lower()


def nfc(text: str) -> str:
    """Vietnamese typed on different keyboards arrives as NFC or NFD: store NFC."""
    return unicodedata.normalize("NFC", text)
