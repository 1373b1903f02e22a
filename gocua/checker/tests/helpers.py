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


# Hostile files (issue 12), built here in a few hundred milliseconds and a few MB -----------

_DOCX_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOCUMENT_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body>"
)
_DOCUMENT_END = b"</w:body></w:document>"
_PARAGRAPH = "<w:p><w:r><w:t>Tỷ lệ 1.328/1.929 (đạt 68,84%)</w:t></w:r></w:p>".encode()


def _deflated(chunks: object, total: int) -> tuple[bytes, int, int]:
    """Raw deflate of the chunks (an iterator of bytes), with its CRC and true size."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, crc, size = [], 0, 0
    for chunk in chunks:  # type: ignore[attr-defined]
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        out.append(compressor.compress(chunk))
    out.append(compressor.flush())
    assert size == total
    return b"".join(out), crc, size


def raw_zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand: (name, deflated data, crc, size to declare, method 8)."""
    import struct

    body = io.BytesIO()
    central = io.BytesIO()
    for name, data, crc, declared, method in members:
        offset = body.tell()
        encoded = name.encode()
        header = struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            0,
            method,
            0,
            0,
            crc,
            len(data),
            declared,
            len(encoded),
            0,
        )
        body.write(header + encoded + data)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc,
                len(data),
                declared,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    directory = central.getvalue()
    end = struct.pack(
        "<4s4H2LH",
        b"PK\x05\x06",
        0,
        0,
        len(members),
        len(members),
        len(directory),
        body.tell(),
        0,
    )
    return body.getvalue() + directory + end


def _plain_member(name: str, data: bytes) -> tuple[str, bytes, int, int, int]:
    deflated, crc, size = _deflated(iter([data]), len(data))
    return name, deflated, crc, size, 8


def docx_with_false_sizes(inflated_mb: int = 1024) -> bytes:
    """A ~1 MB .docx whose document inflates to ``inflated_mb`` MB while its headers say
    1 kB (the issue's 3 MB file peaked at 2.17 GB when read whole). Built from one
    compressed megabyte repeated: each piece ends on a full flush, so the copies chain."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(b" " * (1024 * 1024)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = piece * inflated_mb + b"\x03\x00"  # then an empty final block
    return raw_zip(
        [
            _plain_member("[Content_Types].xml", _DOCX_TYPES),
            _plain_member("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", data, 0, 1024, 8),
        ]
    )


def docx_with_huge_document(inflated: int = 79 * 1024 * 1024) -> bytes:
    """A .docx whose document truly inflates to ``inflated`` bytes of paragraphs (79 MB:
    96 s and 1.5 GB when read whole)."""
    repeats = (inflated - len(_DOCUMENT_START) - len(_DOCUMENT_END)) // len(_PARAGRAPH)
    pad = inflated - len(_DOCUMENT_START) - len(_DOCUMENT_END) - repeats * len(_PARAGRAPH)
    block = _PARAGRAPH * 1000

    def chunks() -> object:
        yield _DOCUMENT_START
        for _ in range(repeats // 1000):
            yield block
        yield _PARAGRAPH * (repeats % 1000) + b" " * pad
        yield _DOCUMENT_END

    data, crc, size = _deflated(chunks(), inflated)
    return raw_zip(
        [
            _plain_member("[Content_Types].xml", _DOCX_TYPES),
            _plain_member("_rels/.rels", _DOCX_RELS),
            ("word/document.xml", data, crc, size, 8),
        ]
    )


def digits_text(size: int = 19 * 1024 * 1024) -> bytes:
    """A text of digits (19 MB: 10 s and 1.1 GB when read whole)."""
    return b"1234567890" * (size // 10)
