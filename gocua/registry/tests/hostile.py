"""Hostile XLSX files, small on disk, built in the tests.

A zip part is written from raw deflate data, so that a part inflating to gigabytes
costs a few megabytes and no time: the same highly compressible megabyte is
deflated once, after a full flush (which resets the compressor), and repeated.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from openpyxl import Workbook

MB = 1 << 20


def _deflate(data: bytes) -> bytes:
    """Raw deflate of ``data`` ending on a full flush (to be followed by more blocks)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


_END = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block


def bomb(prefix: bytes, filler: bytes, size: int, suffix: bytes) -> tuple[bytes, int]:
    """Raw deflate data of ``prefix + filler * n + suffix`` about ``size`` bytes long."""
    block = _deflate(filler * (MB // len(filler)))
    count = size // MB
    data = _deflate(prefix) + block * count + _deflate(suffix) + _END
    return data, len(prefix) + count * MB + len(suffix)


def plain(data: bytes) -> tuple[bytes, int]:
    return _deflate(data) + _END, len(data)


def write_zip(parts: dict[str, tuple[bytes, int]], crcs: dict[str, int] | None = None) -> bytes:
    """A zip of raw deflated parts with the sizes given (what the headers state)."""
    out = BytesIO()
    central = []
    for name, (data, size) in parts.items():
        crc = (crcs or {}).get(name, 0)
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(data),
                size,
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
    start = out.tell()
    for entry in central:
        out.write(entry)
    end = out.tell()
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), end - start, start, 0
        )
    )
    return out.getvalue()


def good_parts() -> dict[str, tuple[bytes, int]]:
    """The parts of a small, valid roster workbook (openpyxl's), re-deflated."""
    import zipfile

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["ma_ho", "khu_pho", "ho_ten"])
    sheet.append(["H1", "Khu phố 1", "Lý Văn A"])
    raw = BytesIO()
    workbook.save(raw)
    parts = {}
    with zipfile.ZipFile(raw) as archive:
        for name in archive.namelist():
            parts[name] = plain(archive.read(name))
    return parts


def crcs_of(parts: dict[str, tuple[bytes, int]]) -> dict[str, int]:
    """True checksums of the parts that inflate to what they state (not the bombs)."""
    found = {}
    for name, (data, size) in parts.items():
        if size < 64 * MB:
            inflated = zlib.decompressobj(-15).decompress(data, size + 1)
            if len(inflated) == size:
                found[name] = zlib.crc32(inflated)
    return found


SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
WORKSHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def core_bomb() -> bytes:
    """docProps/core.xml inflating to 2 GB: the reader must never open it."""
    parts = good_parts()
    parts["docProps/core.xml"] = bomb(
        b"<cp:coreProperties>", b" ", 2048 * MB, b"</cp:coreProperties>"
    )
    return write_zip(parts, crcs_of(parts))


def strings_bomb(*, lying: bool = False) -> bytes:
    """Shared strings inflating to 2 GB; ``lying``: the header says 1 MB."""
    parts = good_parts()
    data, size = bomb(b'<sst xmlns="x"><si><t>', b"A", 2048 * MB, b"</t></si></sst>")
    parts[STRINGS] = (data, MB if lying else size)
    return write_zip(parts, crcs_of(parts))


def row_bomb(*, lying: bool = False) -> bytes:
    """One row of 2 GB in the sheet; ``lying``: the header says 100 MB."""
    parts = good_parts()
    prefix = WORKSHEET + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
    data, size = bomb(prefix, b"A", 2048 * MB, b"</t></is></c></row></sheetData></worksheet>")
    parts[SHEET] = (data, 100 * MB if lying else size)
    return write_zip(parts, crcs_of(parts))


def many_rows(*, dimension: bool) -> bytes:
    """A sheet of 17 million rows: stated in its dimension, or a row numbered past Excel's."""
    parts = good_parts()
    head = WORKSHEET + (b'<dimension ref="A1:C17000000"/>' if dimension else b"")
    body = (
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ma_ho</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><t>khu_pho</t></is></c>'
        b'<c r="C1" t="inlineStr"><is><t>ho_ten</t></is></c></row>'
        b'<row r="17000000"><c r="A17000000"><v>1</v></c></row></sheetData></worksheet>'
    )
    parts[SHEET] = plain(head + body)
    return write_zip(parts, crcs_of(parts))


def entities() -> bytes:
    """A sheet that declares XML entities (a billion laughs in waiting)."""
    parts = good_parts()
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        + WORKSHEET
        + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    parts[SHEET] = plain(xml)
    return write_zip(parts, crcs_of(parts))


def truncated() -> bytes:
    parts = good_parts()
    parts[SHEET] = plain(WORKSHEET + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>ma_')
    return write_zip(parts, crcs_of(parts))
