"""A streaming XLSX reader with limits, for roster files that may be hostile.

Only the parts a roster needs are read: the package relations, the workbook
(sheet names), the styles (which cells are dates), the shared strings and the
sheets, one row at a time. ``docProps`` and everything else are never opened.
Every limit is checked before the work grows:

- the file itself, the number of parts in the zip, and each part's inflated
  size as the zip states it (the zip module never inflates past that size: a
  part whose data inflates further fails its checksum and is refused);
- rows per sheet (Excel's own 1,048,576, checked against the sheet's stated
  dimension first), cells per row, characters per cell, shared strings;
- XML with a document type or entity declarations is refused (no entity
  expansion), as is XML that is truncated or malformed: one clear line each.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any
from xml.parsers import expat

from gocua.lib.errors import Problem

MAX_FILE = 256 << 20  # bytes on disk
MAX_PARTS = 10_000
MAX_SHEET_PART = 512 << 20  # inflated bytes of one sheet
MAX_STRINGS_PART = 128 << 20
MAX_OTHER_PART = 16 << 20  # workbook, styles, relations
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 1_000  # a roster has a few dozen
MAX_CELL = 32_767  # Excel's limit of characters in a cell
MAX_SHARED_STRINGS = 2_000_000
CHUNK = 1 << 16

_DATE_FORMAT_IDS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_CELL_REF = re.compile(r"^([A-Z]{1,4})(\d*)$")
_DIMENSION = re.compile(r"^[A-Z]{1,4}\d+:[A-Z]{1,4}(\d+)$|^[A-Z]{1,4}(\d+)$")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


class _Refused(Exception):
    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def _mb(size: int, *, en: bool = False) -> str:
    text = f"{size / (1 << 20):,.0f} MB"
    return text if en else text.replace(",", ".")


@dataclass
class Sheet:
    name: str
    path: str


class Workbook:
    """An XLSX file opened for reading: its sheets, in the workbook's order."""

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.name = name
        stream.seek(0, 2)
        size = stream.tell()
        stream.seek(0)
        if size > MAX_FILE:
            raise self._problem(
                f"tệp lớn hơn {_mb(MAX_FILE)}", f"the file is larger than {_mb(MAX_FILE, en=True)}"
            )
        try:
            self._check_part_count(stream)
            self.zip = zipfile.ZipFile(stream)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise self._problem(f"không đọc được ({error})", f"cannot be read ({error})") from None
        self.names = set(self.zip.namelist())
        self.shared: list[str] | None = None
        self.inflated = 0  # bytes of sheets read so far, for a progress bar
        self.date_styles: set[int] = set()
        self.date1904 = False
        try:
            self.sheets = self._read_workbook()
            self._read_styles()
        except _Refused as refused:
            raise self._problem(refused.vi, refused.en) from None
        if not self.sheets:
            raise Problem(f"Tệp {name} không có trang tính", f"{name} has no sheet")

    def _problem(self, vi: str, en: str) -> Problem:
        return Problem(
            f"Tệp {self.name} không phải tệp XLSX hợp lệ: {vi}",
            f"{self.name} is not a valid XLSX file: {en}",
        )

    @staticmethod
    def _check_part_count(stream: IO[bytes]) -> None:
        """Count the zip's parts from its end record, before the zip module lists them all."""
        end = getattr(zipfile, "_EndRecData", None)
        if end is None:
            return
        record = end(stream)
        stream.seek(0)
        if record is None:
            raise zipfile.BadZipFile("File is not a zip file")
        count = record[4]  # _ECD_ENTRIES_TOTAL
        if count > MAX_PARTS:
            raise _Refused(
                f"có {count} phần (tối đa {MAX_PARTS})",
                f"it has {count} parts (at most {MAX_PARTS})",
            )

    def close(self) -> None:
        self.zip.close()

    def sheets_size(self) -> int:
        return sum(self.zip.getinfo(s.path).file_size for s in self.sheets)

    # Parts ---------------------------------------------------------------------------

    def _chunks(self, path: str, limit: int) -> Iterator[bytes]:
        try:
            info = self.zip.getinfo(path)
        except KeyError:
            raise _Refused(f"thiếu phần {path}", f"the part {path} is missing") from None
        if info.file_size > limit:
            raise _Refused(
                f"phần {path} giải nén ra {_mb(info.file_size)} (tối đa {_mb(limit)})",
                f"the part {path} inflates to {_mb(info.file_size, en=True)} "
                f"(at most {_mb(limit, en=True)})",
            )
        read = 0
        try:
            with self.zip.open(info) as part:
                while chunk := part.read(CHUNK):
                    read += len(chunk)
                    if limit == MAX_SHEET_PART:
                        self.inflated += len(chunk)
                    if read > limit:
                        raise _Refused(
                            f"phần {path} giải nén ra hơn {_mb(limit)}",
                            f"the part {path} inflates to more than {_mb(limit, en=True)}",
                        )
                    yield chunk
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise _Refused(
                f"phần {path} hỏng ({error})", f"the part {path} is damaged ({error})"
            ) from None

    def _parse(self, path: str, limit: int, start: Any, end: Any = None, text: Any = None) -> None:
        """Run an expat parser over a whole part with the given handlers."""
        for _ in self._parse_steps(path, limit, start, end, text):
            pass

    def _parse_steps(
        self, path: str, limit: int, start: Any, end: Any = None, text: Any = None
    ) -> Iterator[None]:
        parser = _parser(path)
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            for chunk in self._chunks(path, limit):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise _Refused(
                f"XML của phần {path} hỏng hoặc bị cắt cụt ({expat.ErrorString(error.code)}, "
                f"dòng {error.lineno})",
                f"the XML of {path} is malformed or truncated ({expat.ErrorString(error.code)}, "
                f"line {error.lineno})",
            ) from None
        yield

    def _relations(self, path: str) -> dict[str, str]:
        folder, _, base = path.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        found: dict[str, str] = {}
        if rels not in self.names:
            return found

        def start(tag: str, attrs: dict[str, str]) -> None:
            if _local(tag) == "Relationship" and "Id" in attrs and "Target" in attrs:
                found[attrs["Id"]] = attrs["Target"]

        self._parse(rels, MAX_OTHER_PART, start)
        return found

    @staticmethod
    def _resolve(folder: str, target: str) -> str:
        if target.startswith("/"):
            return target.lstrip("/")
        parts = [p for p in folder.split("/") if p]
        for piece in target.split("/"):
            if piece == "..":
                if parts:
                    parts.pop()
            elif piece and piece != ".":
                parts.append(piece)
        return "/".join(parts)

    def _read_workbook(self) -> list[Sheet]:
        book = "xl/workbook.xml"
        for target in self._relations("").values():
            if target.lstrip("/").endswith("workbook.xml"):
                book = self._resolve("", target)
        sheets: list[tuple[str, str]] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "sheet":
                rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
                sheets.append((attrs.get("name", ""), rid))
            elif local == "workbookPr":
                self.date1904 = attrs.get("date1904", "0") in ("1", "true")

        self._parse(book, MAX_OTHER_PART, start)
        self.book_folder = book.rpartition("/")[0]
        rels = self._relations(book)
        found = []
        for name, rid in sheets:
            found_target = rels.get(rid)
            if found_target is None:
                continue
            path = self._resolve(self.book_folder, found_target)
            if path in self.names:
                found.append(Sheet(name, path))
        self.book_rels = rels
        return found

    def _part_of(self, suffix: str) -> str | None:
        for target in self.book_rels.values():
            if target.endswith(suffix):
                path = self._resolve(self.book_folder, target)
                if path in self.names:
                    return path
        fallback = f"{self.book_folder}/{suffix}" if self.book_folder else suffix
        return fallback if fallback in self.names else None

    def _read_styles(self) -> None:
        path = self._part_of("styles.xml")
        if path is None:
            return
        custom_dates: set[int] = set()
        formats: list[int] = []
        inside = {"cellXfs": False}

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "numFmt":
                code = _QUOTED.sub("", attrs.get("formatCode", "")).lower()
                if any(c in code for c in "dy") or ("m" in code and "h" not in code):
                    with contextlib.suppress(ValueError):
                        custom_dates.add(int(attrs.get("numFmtId", "")))
            elif local == "cellXfs":
                inside["cellXfs"] = True
            elif local == "xf" and inside["cellXfs"]:
                try:
                    formats.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    formats.append(0)

        def end(tag: str) -> None:
            if _local(tag) == "cellXfs":
                inside["cellXfs"] = False

        self._parse(path, MAX_OTHER_PART, start, end)
        self.date_styles = {
            index
            for index, fmt in enumerate(formats)
            if fmt in _DATE_FORMAT_IDS or fmt in custom_dates
        }

    def _read_shared(self) -> list[str]:
        if self.shared is not None:
            return self.shared
        strings: list[str] = []
        self.shared = strings
        path = self._part_of("sharedStrings.xml")
        if path is None:
            return strings
        state = {"in_t": False, "skip": 0, "size": 0}
        parts: list[str] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "si":
                parts.clear()
                state["size"] = 0
            elif local == "t" and not state["skip"]:
                state["in_t"] = True
            elif local in ("rPh", "phoneticPr"):
                state["skip"] += 1

        def end(tag: str) -> None:
            local = _local(tag)
            if local == "t":
                state["in_t"] = False
            elif local in ("rPh", "phoneticPr"):
                state["skip"] -= 1
            elif local == "si":
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise _Refused(
                        f"có hơn {MAX_SHARED_STRINGS:,} chuỗi".replace(",", "."),
                        f"it holds more than {MAX_SHARED_STRINGS:,} strings",
                    )
                strings.append("".join(parts))

        def text(data: str) -> None:
            if state["in_t"]:
                state["size"] += len(data)
                if state["size"] > MAX_CELL:
                    raise _Refused(
                        f"một chuỗi dài hơn {MAX_CELL} ký tự",
                        f"a string is longer than {MAX_CELL} characters",
                    )
                parts.append(data)

        self._parse(path, MAX_STRINGS_PART, start, end, text)
        return strings

    # Rows ---------------------------------------------------------------------------

    def rows(self, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
        """``(line, values)`` for every row that holds something, in order."""
        try:
            yield from self._rows(sheet)
        except _Refused as refused:
            raise Problem(
                f"Tệp {self.name}, trang {sheet.name}: {refused.vi}",
                f"{self.name}, sheet {sheet.name}: {refused.en}",
            ) from None

    def _rows(self, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
        shared = self._read_shared()
        dates = self.date_styles
        epoch = _EPOCH_1904 if self.date1904 else _EPOCH_1900
        ready: list[tuple[int, list[Any]]] = []
        row: dict[int, Any] = {}
        state: dict[str, Any] = {
            "line": 0,
            "col": -1,
            "type": "n",
            "style": 0,
            "in_value": False,
            "cells": 0,
        }
        text: list[str] = []
        size = [0]

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "c":
                state["cells"] += 1
                if state["cells"] > MAX_COLUMNS:
                    raise _Refused(
                        f"dòng {state['line']} có hơn {MAX_COLUMNS} ô",
                        f"line {state['line']} has more than {MAX_COLUMNS} cells",
                    )
                ref = attrs.get("r")
                column = state["col"] + 1
                if ref:
                    match = _CELL_REF.match(ref)
                    if match:
                        column = _column_index(match.group(1))
                if column >= MAX_COLUMNS:
                    raise _Refused(
                        f"dòng {state['line']} có ô ở cột thứ {column + 1} (tối đa {MAX_COLUMNS})",
                        f"line {state['line']} has a cell in column {column + 1} "
                        f"(at most {MAX_COLUMNS})",
                    )
                state["col"] = column
                state["type"] = attrs.get("t", "n")
                try:
                    state["style"] = int(attrs.get("s", "0"))
                except ValueError:
                    state["style"] = 0
                text.clear()
                size[0] = 0
            elif local in ("v", "t"):
                state["in_value"] = True
            elif local == "row":
                ref = attrs.get("r")
                line = state["line"] + 1
                if ref and ref.isdigit():
                    line = int(ref)
                if line > MAX_ROWS:
                    raise _Refused(
                        f"có hơn {MAX_ROWS:,} dòng".replace(",", "."),
                        f"it has more than {MAX_ROWS:,} rows",
                    )
                state["line"] = line
                state["col"] = -1
                state["cells"] = 0
                row.clear()
            elif local == "dimension":
                match = _DIMENSION.match(attrs.get("ref", ""))
                last = int(match.group(1) or match.group(2)) if match else 0
                if last > MAX_ROWS:
                    raise _Refused(
                        f"có {last:,} dòng (tối đa {MAX_ROWS:,})".replace(",", "."),
                        f"it has {last:,} rows (at most {MAX_ROWS:,})",
                    )
            elif local == "rPh":
                state["in_value"] = False

        def end(tag: str) -> None:
            local = _local(tag)
            if local in ("v", "t"):
                state["in_value"] = False
            elif local == "c":
                if text:
                    row[state["col"]] = self._value(
                        "".join(text), state["type"], state["style"], shared, dates, epoch
                    )
            elif local == "row":
                if row:
                    width = max(row) + 1
                    values: list[Any] = [None] * width
                    for index, value in row.items():
                        values[index] = value
                    ready.append((state["line"], values))
                row.clear()

        def characters(data: str) -> None:
            if state["in_value"]:
                size[0] += len(data)
                if size[0] > MAX_CELL:
                    raise _Refused(
                        f"dòng {state['line']} có ô dài hơn {MAX_CELL} ký tự",
                        f"line {state['line']} has a cell longer than {MAX_CELL} characters",
                    )
                text.append(data)

        for _ in self._parse_steps(sheet.path, MAX_SHEET_PART, start, end, characters):
            if ready:
                yield from ready
                ready.clear()

    @staticmethod
    def _value(
        raw: str, kind: str, style: int, shared: list[str], dates: set[int], epoch: dt.datetime
    ) -> Any:
        if kind == "s":
            try:
                return shared[int(raw)]
            except (ValueError, IndexError):
                raise _Refused(
                    f"ô trỏ tới chuỗi {raw} không có", f"a cell points at a missing string {raw}"
                ) from None
        if kind in ("str", "inlineStr"):
            return raw
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "e":
            return None
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
        try:
            number = float(raw)
        except ValueError:
            return raw
        if style in dates and 0 < number < 2_958_466:  # up to 9999-12-31
            return epoch + dt.timedelta(days=number)
        if number.is_integer() and abs(number) < 1e15:
            return int(number)
        return number


def _parser(path: str) -> Any:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse(*_args: Any) -> None:
        raise _Refused(
            f"phần {path} có khai báo DTD hoặc thực thể XML (không được phép)",
            f"the part {path} declares a DTD or XML entities (not allowed)",
        )

    parser.StartDoctypeDeclHandler = refuse  # type: ignore[assignment]
    parser.EntityDeclHandler = refuse  # type: ignore[assignment]
    parser.UnparsedEntityDeclHandler = refuse  # type: ignore[assignment]
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    return parser


def _local(tag: str) -> str:
    return tag.rpartition(" ")[2]


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
