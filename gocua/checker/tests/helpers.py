"""Letters for the checker's tests: the seed, the letters of ``letters/``, Word files built here."""

from __future__ import annotations

import io
import unicodedata
import zlib
from pathlib import Path

SEED = Path("/work/shared/seeds/000_32ffb9c9f93fe079.txt")
LETTERS = Path(__file__).resolve().parent / "letters"
SEED_COPY = LETTERS / "seed_297_tuan_chau.txt"


def seed_text() -> str:
    """The seed letter (a copy is kept beside the tests, so they run anywhere)."""
    return (SEED if SEED.exists() else SEED_COPY).read_text(encoding="utf-8")


def docx_bytes(
    lines: list[str],
    *,
    header: list[tuple[list[str], list[str]]] | None = None,
    table: list[list[str]] | None = None,
    table_after: int | None = None,
) -> bytes:
    """A Word file: one paragraph per line, optionally a header layout table (rows of
    left-cell and right-cell paragraphs) first and a table of figures after line
    ``table_after``."""
    import docx

    document = docx.Document()
    if header:
        layout = document.add_table(rows=len(header), cols=2)
        for row, (left, right) in zip(layout.rows, header, strict=True):
            for cell, paragraphs in zip(row.cells, (left, right), strict=True):
                cell.paragraphs[0].text = paragraphs[0]
                for text in paragraphs[1:]:
                    cell.add_paragraph(text)
    for index, line in enumerate(lines):
        document.add_paragraph(line)
        if table and table_after == index:
            _add_table(document, table)
    if table and table_after is None:
        _add_table(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_table(document: object, rows: list[list[str]]) -> None:
    grid = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    for row, values in zip(grid.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII: Helvetica's encoding)."""
    text = "BT /F1 11 Tf 50 800 Td 14 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
        for line in lines
    )
    stream = zlib.compress((text + " ET").encode("latin-1", errors="replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def without_diacritics(text: str) -> str:
    """``"Tỷ lệ ĐẠT"`` → ``"Ty le DAT"``: a letter typed without Vietnamese marks."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
