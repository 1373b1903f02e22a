"""Checking what people type: document numbers and symbols, phone numbers, subjects.

Vietnamese official documents are cited by "số, ký hiệu" (number and symbol):

- administrative documents: ``48/KH-UBND`` (number / type-issuer), ``297/UBND-VHTT``
  (an official letter: issuer-drafting office, no type), ``235/QĐ-UBND``, the bare
  ``48/UBND`` the seed uses;
- legal normative documents carry the year: ``30/2020/NĐ-CP``;
- Party documents put the type before the slash: ``09-NQ/TU``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gocua.lib.errors import Problem
from gocua.lib.phones import mask_phone, normalize_phone  # noqa: F401 - shared with accounts
from gocua.lib.text import clean_text, nfc

_PART = r"[A-ZĐ][A-Za-zĐđ0-9]{0,14}"
_NUMBER = re.compile(
    r"^(?P<seq>\d{1,6})"
    r"(?:/(?P<year>(?:19|20)\d\d))?"
    r"(?:-(?P<party>" + _PART + r"))?"
    r"/(?P<symbol>" + _PART + r"(?:-" + _PART + r")*)$"
)
_PREFIX = re.compile(r"^(?:số|so)\s*:?\s*", re.IGNORECASE)
_DASHES = re.compile(r"\s*[‐‑‒–—−-]\s*")
_SLASH = re.compile(r"\s*/\s*")

# The type abbreviation, where the symbol has one, says what kind of document it is.
KIND_ABBREVIATIONS = {
    "KH": "plan",
    "QĐ": "decision",
    "NQ": "resolution",
    "BC": "report",
}

EXAMPLES = "48/KH-UBND, 297/UBND-VHTT, 235/QĐ-UBND, 09-NQ/TU"


@dataclass(frozen=True)
class DocumentNumber:
    text: str  # normalized, as it is cited
    sequence: int  # the leading number: 237 of 237/QĐ-UBND
    kind: str | None  # "decision" for QĐ, None when the symbol names no type

    @property
    def suffix(self) -> str:
        """What follows the number: ``/QĐ-UBND`` of ``237/QĐ-UBND`` (for grouped citations)."""
        return self.text[len(self.text.split("/")[0].split("-")[0]) :]


def parse_document_number(text: str) -> DocumentNumber:
    """Normalize and check a number and symbol; raise :class:`Problem` if it is not one."""
    value = nfc(text).strip()
    value = _PREFIX.sub("", value)
    value = _SLASH.sub("/", _DASHES.sub("-", value))
    if value and not any(ch.isupper() for ch in value):
        value = value.upper()  # "48/kh-ubnd": typed without caps
    match = _NUMBER.match(value)
    if not match:
        raise Problem(
            f"Số, ký hiệu văn bản “{text.strip()}” không đúng dạng; viết như {EXAMPLES}",
            f"document number “{text.strip()}” is not in the form of a Vietnamese document "
            f"number and symbol; write it like {EXAMPLES}",
        )
    type_part = match["party"] or match["symbol"].split("-")[0]
    return DocumentNumber(
        text=value,
        sequence=int(match["seq"]),
        kind=KIND_ABBREVIATIONS.get(type_part),
    )


_SUBJECT_PREFIX = re.compile(r"^(?:v/v|về việc|ve viec)\s*:?\s*", re.IGNORECASE)


def normalize_summary(text: str) -> str:
    """The subject without a leading "V/v" or "về việc" (letters add it back)."""
    value = clean_text(text)
    return _SUBJECT_PREFIX.sub("", value).rstrip(" .;")
