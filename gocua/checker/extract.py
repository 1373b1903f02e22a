"""The text of a received letter: .docx (with its tables), .txt, .md or a PDF's text layer.

Pure functions, no database. Every refusal is a :class:`~gocua.lib.errors.Problem`
(exit status 1): a missing, empty or binary file, a .docx that is not a Word
file, an unknown extension, a PDF without text. The text comes back as lines
in NFC, with Markdown decoration removed; a table whose cells hold figures
becomes one ``| a | b | c |`` line per row (as a Markdown table would), a
layout table (the letter's header and signature blocks) one line per cell
paragraph, so that ``Số: 297/UBND`` and the place-and-date line stay lines.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from gocua.lib.errors import Problem
from gocua.lib.text import nfc

if TYPE_CHECKING:
    from docx.table import Table

MAX_BYTES = 20 * 1024 * 1024  # a letter is a few dozen kB; a scan as PDF a few MB
MAX_UNZIPPED = 80 * 1024 * 1024  # a .docx is a zip: refuse zip bombs before reading
MAX_PDF_PAGES = 200

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
SUFFIXES = (".docx", ".txt", ".md", ".pdf")

_NUMBER_CELL = re.compile(r"^[\s.,/%()]*\d[\d\s.,/%()]*$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)|(?<=\S)_(?!\w)")  # _emphasis_, not snake_case
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003\u3000"), " ")


def read_letter(path: str | Path) -> list[str]:
    """The lines of the letter in the file at ``path``."""
    file = Path(path)
    if not file.exists():
        raise Problem(f"Không tìm thấy tệp “{file}”", f"file “{file}” not found")
    if not file.is_file():
        raise Problem(f"“{file}” không phải là tệp", f"“{file}” is not a file")
    size = file.stat().st_size
    _check_size(file.name, size)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise Problem(
            f"Không đọc được tệp “{file}” ({error.strerror})",
            f"cannot read file “{file}” ({error.strerror})",
        ) from None
    return letter_lines(file.name, data)


def letter_lines(name: str, data: bytes) -> list[str]:
    """The lines of a letter given as a file name (for its extension) and its bytes."""
    suffix = Path(name).suffix.lower()
    _check_size(name, len(data))
    if not data.strip():
        raise Problem(f"Tệp “{name}” rỗng", f"file “{name}” is empty")
    if suffix == ".docx":
        lines = _docx_lines(name, data)
    elif suffix in TEXT_SUFFIXES:
        lines = _text_lines(name, data)
    elif suffix == ".pdf":
        lines = _pdf_lines(name, data)
    elif suffix == ".doc":
        raise Problem(
            f"“{name}” là tệp Word 97-2003 (.doc): hãy lưu lại thành .docx",
            f"“{name}” is a Word 97-2003 file (.doc): save it as .docx",
        )
    else:
        shown = suffix or "(không có / none)"
        raise Problem(
            f"Không đọc được loại tệp {shown} của “{name}” (dùng .docx, .txt, .md, .pdf)",
            f"cannot read the file type {shown} of “{name}” (use .docx, .txt, .md, .pdf)",
        )
    cleaned = clean_lines(lines)
    if not any(line.strip() for line in cleaned):
        raise Problem(f"Tệp “{name}” không có chữ nào", f"file “{name}” holds no text")
    return cleaned


def clean_lines(lines: list[str]) -> list[str]:
    """NFC, ordinary spaces, no Markdown decoration; tables kept as ``| … |`` rows."""
    result = []
    for raw in lines:
        for line in nfc(raw.translate(_INVISIBLE).translate(_SPACES)).split("\n"):
            if line.count("\t") >= 2 and "|" not in line:  # a table typed with tabs
                line = "| " + " | ".join(cell.strip() for cell in line.split("\t")) + " |"
            line = line.replace("\t", " ").rstrip()
            if _TABLE_RULE.match(line) and "|" in line:
                continue  # the |---|---| rule under a Markdown table's header
            line = _HEADING.sub("", _QUOTE.sub("", line))
            line = line.replace("**", "").replace("__", "").replace("&nbsp;", " ")
            line = _MD_ESCAPE.sub(r"\1", _MD_UNDERSCORE.sub("", line))
            line = line.replace("*", " ") if "|" not in line else line.replace("*", "")
            result.append(re.sub(r"[ ]{2,}", " ", line).strip())
    return result


def _check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise Problem(
            f"Tệp “{name}” quá lớn ({size // 1_048_576} MB, tối đa {MAX_BYTES // 1_048_576} MB)",
            f"file “{name}” is too large ({size // 1_048_576} MB, at most "
            f"{MAX_BYTES // 1_048_576} MB)",
        )


# Plain text ----------------------------------------------------------------------------


def _text_lines(name: str, data: bytes) -> list[str]:
    text = _decode(name, data)
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if control > max(2, len(text) // 200):
        raise _binary(name)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _decode(name: str, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise _binary(name) from None
    if data.startswith((b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0")) or b"\x00" in data:
        raise _binary(name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _binary(name)
    return str(best)


def _binary(name: str) -> Problem:
    return Problem(
        f"Tệp “{name}” không phải văn bản (tệp nhị phân?)",
        f"file “{name}” is not text (a binary file?)",
    )


# Word ------------------------------------------------------------------------------------


def _docx_lines(name: str, data: bytes) -> list[str]:
    not_word = Problem(
        f"Tệp “{name}” không phải tệp Word .docx hợp lệ",
        f"file “{name}” is not a valid Word .docx file",
    )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise not_word
    try:
        with zipfile.ZipFile(buffer) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_word from None
    if "word/document.xml" not in names:
        raise not_word
    if unzipped > MAX_UNZIPPED:
        raise Problem(
            f"Tệp “{name}” giải nén quá lớn ({unzipped // 1_048_576} MB)",
            f"file “{name}” unzips too large ({unzipped // 1_048_576} MB)",
        )
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines.extend(_table_lines(block))
    except Exception:  # python-docx, lxml and zipfile raise many kinds on a broken file
        raise not_word from None
    return lines


def _table_lines(table: Table) -> list[str]:
    """A table of figures as ``| … |`` rows; a layout table cell by cell."""
    rows: list[list[str]] = []
    cells_by_row = []
    for row in table.rows:
        seen: set[int] = set()
        cells = []
        for cell in row.cells:  # a merged cell appears once per grid column it spans
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell)
        cells_by_row.append(cells)
        rows.append([" ".join(p.text.strip() for p in c.paragraphs).strip() for c in cells])
    figures = any(_NUMBER_CELL.match(text) for row in rows[1:] for text in row if text)
    if figures:
        return ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for cells in cells_by_row:
        for cell in cells:
            for block in cell.iter_inner_content():
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                else:
                    lines.extend(_table_lines(block))
    return lines


# PDF ---------------------------------------------------------------------------------------


def _pdf_lines(name: str, data: bytes) -> list[str]:
    not_pdf = Problem(
        f"Tệp “{name}” không phải tệp PDF đọc được", f"file “{name}” is not a readable PDF"
    )
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise not_pdf
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = reader.pages
        if len(pages) > MAX_PDF_PAGES:
            raise Problem(
                f"Tệp “{name}” có quá nhiều trang ({len(pages)})",
                f"file “{name}” has too many pages ({len(pages)})",
            )
        text = "\n".join(page.extract_text() or "" for page in pages)
    except Problem:
        raise
    except Exception:  # pypdf raises many kinds on a broken or locked file
        raise not_pdf from None
    if not re.search(r"\w{2}", text):
        raise Problem(
            f"Tệp PDF “{name}” không có lớp chữ (bản quét?): hãy gửi tệp .docx",
            f"PDF file “{name}” has no text layer (a scan?): send the .docx",
        )
    return _join_wrapped(text.split("\n"))


def _join_wrapped(lines: list[str]) -> list[str]:
    """A PDF breaks paragraphs into lines: join a line that goes on (lower case, a digit,
    ``(``, ``/``, ``%``) to the one before it, so that ``1.328/`` + ``1.929`` stay one."""
    joined: list[str] = []
    for line in lines:
        text = line.strip()
        goes_on = bool(text) and (text[0].islower() or text[0] in "0123456789(/%),.;")
        if joined and joined[-1] and goes_on:
            glue = "" if joined[-1].endswith("/") or text[0] in "/%),.;" else " "
            joined[-1] = joined[-1].rstrip() + glue + text
        else:
            joined.append(text)
    return joined
