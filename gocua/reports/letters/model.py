"""A letter as plain data: what it says, not how it is drawn.

The renderers (:mod:`.word` for DOCX, :mod:`.html` for the HTML preview and the PDF)
read the same :class:`Letter`, so the three outputs cannot disagree on the text. Texts
are stored as the author wrote them; the renderers upper-case what the Decree writes in
capitals (authority names, the signature block) and add the list punctuation
(``- A;`` … ``- B.``), both through :mod:`.texts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gocua.reports.letters.texts import place_and_date, upper_vi


@dataclass(frozen=True)
class Run:
    """A stretch of text with one weight and slant."""

    text: str
    bold: bool = False
    italic: bool = False


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"  # justified, first-line indent
    HEADING = "heading"  # the same, bold, kept with the next block
    BULLET = "bullet"  # a paragraph that starts with "- "


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    kind: BlockKind = BlockKind.PARAGRAPH

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes) centred on its own line, with a caption under it."""

    png: bytes
    caption: str = ""
    width_mm: float = 150.0


Block = Paragraph | Image


def paragraph(*parts: str | Run) -> Paragraph:
    """A body paragraph from plain strings and :class:`Run` s (for bold or italic parts)."""
    return Paragraph(_runs(parts))


def heading(text: str) -> Paragraph:
    """A bold heading: ``1. Kết quả công tác tuyên truyền, hướng dẫn người dân, gồm:``."""
    return Paragraph((Run(text, bold=True),), BlockKind.HEADING)


def bullet(*parts: str | Run) -> Paragraph:
    """``- text``: the dash is added here unless the text already starts with one."""
    runs = _runs(parts)
    if runs and runs[0].text.lstrip().startswith(("- ", "-\t", "– ", "• ")):
        first = runs[0]
        runs = (Run("- " + first.text.lstrip()[2:].lstrip(), first.bold, first.italic), *runs[1:])
    else:
        runs = (Run("- "), *runs)
    return Paragraph(runs, BlockKind.BULLET)


def _runs(parts: tuple[str | Run, ...]) -> tuple[Run, ...]:
    return tuple(part if isinstance(part, Run) else Run(part) for part in parts)


@dataclass(frozen=True)
class Header:
    """The two-column head of the letter (Decree 30, Annex I, items 1-5)."""

    parent_authority: str  # "UBND thành phố Hạ Long": upper-cased when drawn
    authority: str  # "Ủy ban nhân dân phường Tuần Châu": upper-cased, bold
    number: str  # "297/UBND-VHTT" (see texts.letter_number)
    place: str  # "Tuần Châu": the unit's short name
    day: dt.date
    summary: str  # "báo cáo đánh giá …", without "V/v" (added here) and without a final "."

    @property
    def number_line(self) -> str:
        return f"Số: {self.number}"

    @property
    def place_line(self) -> str:
        return place_and_date(self.place, self.day)

    @property
    def summary_line(self) -> str:
        return f"V/v {self.summary.strip().rstrip('.;')}"


class SigningPrefix(StrEnum):
    """How the signer signs (Decree 30, Article 13)."""

    HEAD = ""  # the head signs in their own name (under TM. when for a committee)
    KT = "KT."  # a deputy signs for the head (ký thay)
    Q = "Q."  # acting head (quyền)
    TL = "TL."  # by order (thừa lệnh)
    TUQ = "TUQ."  # by authorisation (thừa ủy quyền)

    @property
    def needs_signer_title(self) -> bool:
        """KT., TL. and TUQ. name the signer's own title under the head's."""
        return self in (SigningPrefix.KT, SigningPrefix.TL, SigningPrefix.TUQ)


@dataclass(frozen=True)
class Signature:
    """The signature block: ``TM. ỦY BAN NHÂN DÂN`` / ``KT. CHỦ TỊCH`` / ``PHÓ CHỦ TỊCH``.

    ``collective`` is the body the letter is signed on behalf of (``TM.``: the
    committee decides collectively); empty for a head-led office. ``title`` is the
    head's title; ``signer_title`` the signer's own when it differs (KT., TL., TUQ.).
    """

    name: str
    title: str = "Chủ tịch"
    collective: str = "Ủy ban nhân dân"
    prefix: SigningPrefix = SigningPrefix.HEAD
    signer_title: str = ""

    @property
    def lines(self) -> list[str]:
        """The upper-case lines above the space for signature and seal."""
        lines = [f"TM. {upper_vi(self.collective)}"] if self.collective.strip() else []
        title = upper_vi(self.title)
        lines.append(f"{self.prefix.value} {title}" if self.prefix else title)
        if self.prefix.needs_signer_title and self.signer_title.strip():
            lines.append(upper_vi(self.signer_title))
        return lines


@dataclass(frozen=True)
class Letter:
    """An official letter (công văn)."""

    header: Header
    recipients: tuple[str, ...]  # after "Kính gửi:"; punctuation added when drawn
    body: tuple[Block, ...]
    closing: str  # "UBND phường Tuần Châu báo cáo … biết, tổng hợp./."
    distribution: tuple[str, ...]  # "Nơi nhận:": "Như trên", …, "Lưu: VT"
    signature: Signature

    @property
    def images(self) -> list[Image]:
        return [block for block in self.body if isinstance(block, Image)]
