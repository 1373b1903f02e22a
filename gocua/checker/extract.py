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
from gocua.lib.numbers import group
from gocua.lib.text import nfc

if TYPE_CHECKING:
    from docx.table import Table

MAX_BYTES = 20 * 1024 * 1024  # a letter is a few dozen kB; a scan as PDF a few MB
# A .docx is a zip: its parts are inflated by us, a chunk at a time, never trusting the sizes
# its headers declare, and only the XML parts are kept (pictures are not read).
MAX_PART = 10 * 1024 * 1024  # one XML part inflated (a 50-page report's document: ~2 MB)
MAX_UNZIPPED = 24 * 1024 * 1024  # all the XML parts together
MAX_PDF_PAGES = 200
# The text itself: a 50-page report is ~150,000 characters.
MAX_TEXT_CHARS = 600_000
MAX_LINE_CHARS = 5_000  # a longer "line" is cut at its sentences (the work grows with it)
_CHUNK = 64 * 1024

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
    if suffix in TEXT_SUFFIXES and len(data) > 4 * MAX_TEXT_CHARS:
        raise _too_long(name, len(data))
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
    if sum(len(line) for line in lines) > MAX_TEXT_CHARS:
        raise _too_long(name, sum(len(line) for line in lines))
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
            result.extend(_cut(re.sub(r"[ ]{2,}", " ", line).strip()))
    return result


def _cut(line: str) -> list[str]:
    """A line longer than :data:`MAX_LINE_CHARS` as several, cut after a sentence (or a
    space): no paragraph of a letter is that long, and reading one grows with its length."""
    pieces = []
    while len(line) > MAX_LINE_CHARS:
        window = line[:MAX_LINE_CHARS]
        cut = max(window.rfind(". "), window.rfind("; "))
        cut = cut + 1 if cut > MAX_LINE_CHARS // 2 else window.rfind(" ")
        cut = cut if cut > 0 else MAX_LINE_CHARS
        pieces.append(line[:cut].strip())
        line = line[cut:].strip()
    pieces.append(line)
    return pieces


def _too_long(name: str, size: int) -> Problem:
    return Problem(
        f"Tệp “{name}” quá dài để là một báo cáo ({group(size)} ký tự, tối đa "
        f"{group(MAX_TEXT_CHARS)})",
        f"file “{name}” is too long for a report ({size:,} characters, at most {MAX_TEXT_CHARS:,})",
    )


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
    data = _docx_xml_parts(name, data, not_word)
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


def _docx_xml_parts(name: str, data: bytes, not_word: Problem) -> bytes:
    """The .docx again, holding only its XML parts, each inflated here within bounds.

    A zip's headers say how large each part is; a hostile file lies (a few MB that
    inflate to gigabytes). Each part is inflated a chunk at a time and counted; past
    :data:`MAX_PART` (or :data:`MAX_UNZIPPED` in all) the file is refused before the
    work grows. Pictures and other binary parts are dropped with the relationships that
    point to them: the text does not need them."""
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise not_word
    parts: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(buffer) as archive:
            infos = [i for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
            if "word/document.xml" not in {i.filename for i in infos}:
                raise not_word
            for info in infos:
                if info.file_size > MAX_PART:
                    raise _unzips_too_large(name, MAX_PART)
                chunks, size = [], 0
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > MAX_PART:
                            raise _unzips_too_large(name, MAX_PART)
                        if total > MAX_UNZIPPED:
                            raise _unzips_too_large(name, MAX_UNZIPPED)
                        chunks.append(chunk)
                parts[info.filename] = b"".join(chunks)
    except Problem:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise not_word from None
    except Exception:  # zlib and zipfile raise more kinds on a broken archive
        raise not_word from None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for part, body in parts.items():
            if part.endswith(".rels"):
                body = _kept_relationships(part, body, set(parts))
            archive.writestr(part, body)
    return out.getvalue()


_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*?/>", re.S)
_TARGET = re.compile(rb'\bTarget="([^"]*)"')


def _kept_relationships(part: str, body: bytes, kept: set[str]) -> bytes:
    """A .rels part without the internal relationships to parts that were dropped."""
    import posixpath

    folder = posixpath.dirname(posixpath.dirname(part))  # word/_rels/x.rels → word

    def keep(match: re.Match[bytes]) -> bytes:
        element = match.group(0)
        if b'TargetMode="External"' in element:
            return element
        target = _TARGET.search(element)
        if target is None:
            return element
        path = target.group(1).decode("utf-8", "replace")
        resolved = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
        return element if posixpath.normpath(resolved) in kept else b""

    return _RELATIONSHIP.sub(keep, body)


def _unzips_too_large(name: str, limit: int) -> Problem:
    return Problem(
        f"Tệp “{name}” giải nén quá lớn (hơn {limit // 1_048_576} MB): không phải một báo cáo "
        f"bình thường",
        f"file “{name}” unzips too large (over {limit // 1_048_576} MB): not an ordinary report",
    )


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
    return _join_wrapped(_header_cells(text.split("\n")))


# "Số: 297/UBND-VHTT" and "Tuần Châu, ngày 26 tháng 6 năm 2023" stand side by side in a
# letter's header (two cells of a layout table): a PDF's text gives them as one line.
_NUMBER_THEN_DATE = re.compile(
    r"^(?P<number>\s*so\s*:\s*\S*)\s+(?P<date>[^\d,|:;]{2,60},\s*ngay\s+\d{1,2}\s+thang\s+"
    r"\d{1,2}\s+nam\s+\d{4}.*)$"
)


def _header_cells(lines: list[str], header: int = 40) -> list[str]:
    """The number line and the place-and-date line as two lines, as a .docx gives them."""
    from gocua.checker.vocabulary import fold_keep_length

    result: list[str] = []
    for index, line in enumerate(lines):
        match = _NUMBER_THEN_DATE.match(fold_keep_length(line)) if index < header else None
        if match is None:
            result.append(line)
            continue
        result.append(line[: match.end("number")].strip())
        result.append(line[match.start("date") :].strip())
    return result


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
