"""Reading roster files (interfaces.md, "Roster file"): formats, encodings, headers, values.

This module knows files and cell values; it never touches the database.
:func:`gocua.registry.services.roster_import` builds on it.

- A file is an XLSX workbook (its first sheet) or a CSV text. CSV files are read
  as UTF-8 (with or without BOM), UTF-16 (what Excel writes as "Unicode text") or
  Windows-1258 (Excel's "CSV" on a Vietnamese Windows); anything else, or text
  that reads as garbage in every one of them, is refused with one clear line,
  never imported garbled.
- The file is streamed: a line longer than :data:`MAX_LINE` characters stops the
  reading at once (a roster line is a few hundred characters).
- Line numbers are what a spreadsheet shows: the header is line 1 and blank
  lines count.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from gocua.lib.dates import parse_date
from gocua.lib.errors import Problem
from gocua.lib.text import clean_text, fold
from gocua.registry import facts, xlsx

MAX_LINE = 65_536  # characters in one line of a CSV file
MAX_VALUE = 1_000  # characters in one cell (longer fields have their own limits)


class Column(NamedTuple):
    key: str  # the Vietnamese header without diacritics
    alias: str  # the English header
    required: bool = False


COLUMNS: list[Column] = [Column(f.column, f.alias, f.required) for f in facts.FIELDS]
HEADERS = [c.key for c in COLUMNS]  # what export and synth write, in this order
TEMPLATE_HEADERS = [f.header for f in facts.FIELDS]  # the template: Vietnamese with diacritics
REQUIRED = [c.key for c in COLUMNS if c.required]

_NON_WORD = re.compile(r"[^a-z0-9]+")


def header_key(text: str) -> str:
    """``"Mã hộ"``, ``" MA_HO "``, ``"ma-ho"`` → ``"ma_ho"``; ``"Full name"`` → ``"full_name"``."""
    return _NON_WORD.sub("_", fold(text)).strip("_")


_BY_NAME: dict[str, str] = {}
for _field in facts.FIELDS:
    for _name in (_field.column, _field.alias, _field.header, *_field.variants):
        _BY_NAME.setdefault(header_key(_name), _field.column)
# Headers that are read as nothing: the row number column of every Vietnamese list.
IGNORED_HEADERS = frozenset({"stt", "tt", "so_tt", "so_thu_tu", "thu_tu"})


def column_for(header: str) -> str | None:
    """The column key a header names, or None for an unknown column."""
    return _BY_NAME.get(header_key(header))


def closest_header(header: str) -> str:
    """The known header nearest to an unknown one, for the error that names it."""
    import difflib

    key = header_key(header)
    names = {header_key(f.header): f.header for f in facts.FIELDS}
    for f in facts.FIELDS:
        for name in (f.column, f.alias, *f.variants):
            names.setdefault(header_key(name), f.header)
    found = difflib.get_close_matches(key, list(names), n=1, cutoff=0.0)
    return names[found[0]] if found else facts.FIELDS[0].header


HEADER_ROWS = 30  # the header row is looked for in the first rows of a sheet
HEADER_MIN = 3  # known columns a header row names


def find_header(
    records: Iterator[Record], column: Callable[[str], str | None]
) -> tuple[Record | None, list[Record]]:
    """The sheet's header row: the first within :data:`HEADER_ROWS` that names at least
    :data:`HEADER_MIN` known columns (``column`` tells a header's column, or None).

    Returns it (or None) and the non-blank records read before giving up, for a file
    whose first line must then be taken as its header.
    """
    seen: list[Record] = []
    for record in records:
        if all(is_blank(v) for v in record.values):
            continue
        seen.append(record)
        if record.line > HEADER_ROWS:
            break
        named = sum(1 for raw in record.values if (text := text_value(raw)) and column(text))
        if named >= HEADER_MIN:
            return record, seen
    return None, seen


@dataclass
class ScannedColumn:
    index: int
    header: str
    key: str  # header_key(header)
    column: str | None  # the roster column it is read as; None: unknown or ignored
    known: bool  # recognised, mapped or ignored: needs no choice
    samples: list[str]


@dataclass
class ScannedSheet:
    name: str
    line: int  # of the header row; 0 when none was found
    columns: list[ScannedColumn]


def scan(reader: RosterReader, mapping: dict[str, str], samples: int = 3) -> list[ScannedSheet]:
    """Each sheet's header row, what each column is read as, and a few values: the web
    import's mapping step. ``mapping`` is header_key → column ("" ignores)."""

    def resolve(text: str) -> tuple[str | None, bool]:
        key = header_key(text)
        if key in mapping:
            return mapping[key] or None, True
        if key in IGNORED_HEADERS:
            return None, True
        found = column_for(text)
        return found, found is not None

    sheets: list[ScannedSheet] = []
    for name, records in reader.sheets():
        header, _ = find_header(records, lambda text: resolve(text)[0])
        if header is None:
            sheets.append(ScannedSheet(name, 0, []))
            continue
        columns = []
        for index, raw in enumerate(header.values):
            text = text_value(raw)
            if text:
                read_as, known = resolve(text)
                columns.append(ScannedColumn(index, text, header_key(text), read_as, known, []))
        taken = 0
        for record in records:
            if taken >= samples:
                break
            if all(is_blank(v) for v in record.values):
                continue
            taken += 1
            for scanned in columns:
                if scanned.index < len(record.values):
                    value = text_value(record.values[scanned.index])
                    if value:
                        scanned.samples.append(value[:40])
        sheets.append(ScannedSheet(name, header.line, columns))
    return sheets


# Encodings -----------------------------------------------------------------------

_VI_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
VIETNAMESE_LETTERS = _VI_LOWER + _VI_LOWER.upper()
_PUNCTUATION = "\u00a0–—‘’“”…•·°№€₫«»×"
# Text that is not Vietnamese: what Windows-1258 makes of another encoding (TCVN3, VNI…).
_FOREIGN = re.compile(f"[^\t\n\r\x20-\x7e{VIETNAMESE_LETTERS}{_PUNCTUATION}]")
# UTF-8 read once as Windows-1252 and saved again ("Nguyá»…n"): garbled already.
_MOJIBAKE = re.compile(
    "á[º»]|[ÃÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u2013-\u203a]"
)

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-32": "UTF-32",
    "cp1258": "Windows-1258",
}
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc: the old binary formats


def _resave_hint() -> tuple[str, str]:
    return (
        "hãy lưu lại trong Excel dạng “CSV UTF-8” hoặc .xlsx",
        "save it again from Excel as “CSV UTF-8” or .xlsx",
    )


def detect_encoding(stream: IO[bytes], name: str) -> str:
    """The encoding of a CSV file, read from its start; the stream is rewound."""
    stream.seek(0)
    start = stream.read(4)
    stream.seek(0)
    for bom, encoding in _BOMS:
        if start.startswith(bom):
            return encoding
    head = stream.read(65_536)
    stream.seek(0)
    if b"\x00" in head:
        return _utf16_without_bom(head, name)
    while chunk := stream.read(1 << 20):
        found = _NON_ASCII.search(chunk)
        if found is None:
            continue
        window = chunk[found.start() : found.start() + 65_536]
        stream.seek(0)
        try:
            codecs.getincrementaldecoder("utf-8")().decode(window, final=False)
        except UnicodeDecodeError:
            pass
        else:
            return "utf-8"
        text = unicodedata.normalize("NFC", window.decode("cp1258", errors="replace"))
        if not _FOREIGN.search(text):
            return "cp1258"
        raise _unknown_encoding(window, name)
    stream.seek(0)
    return "utf-8"  # plain ASCII


def _utf16_without_bom(head: bytes, name: str) -> str:
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd > half // 3 and even < odd // 10:
        return "utf-16-le"
    if even > half // 3 and odd < even // 10:
        return "utf-16-be"
    vi, en = _resave_hint()
    raise Problem(
        f"Tệp {name} không phải bảng tính CSV hay XLSX (có byte 0); {vi}",
        f"{name} is not a CSV or XLSX spreadsheet (it holds zero bytes); {en}",
    )


def _unknown_encoding(sample: bytes, name: str) -> Problem:
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    guess = f" ({best.encoding})" if best is not None and best.encoding else ""
    vi, en = _resave_hint()
    return Problem(
        f"Không đọc được bảng mã của tệp {name}{guess}: không phải UTF-8, UTF-16 hay "
        f"Windows-1258 (có thể là TCVN3/VNI); {vi}",
        f"cannot read the encoding of {name}{guess}: it is not UTF-8, UTF-16 or "
        f"Windows-1258 (perhaps TCVN3/VNI); {en}",
    )


# Reading -------------------------------------------------------------------------


class _LineProblem(Exception):
    """Raised inside the CSV line feed; the reader adds the line number."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


@dataclass
class Record:
    line: int  # as a spreadsheet shows it
    values: list[Any]  # str for CSV; str, int, float, bool, datetime or None for XLSX


class RosterReader:
    """The sheets of a roster file and their records, header included, streamed.

    A CSV file is one sheet without a name; an XLSX workbook has its sheets in
    order. ``total`` and ``done()`` measure progress in bytes (of the CSV file,
    or of the workbook's inflated sheets) for a progress bar.
    """

    kind: str
    encoding: str = ""
    total: int | None = None

    def __init__(self, stream: IO[bytes], name: str) -> None:
        self.stream = stream
        self.name = name
        self._workbook: xlsx.Workbook | None = None
        stream.seek(0)
        start = stream.read(8)
        stream.seek(0)
        lowered = name.lower()
        if start.startswith(_OLE_MAGIC) or lowered.endswith(".xls"):
            vi, en = _resave_hint()
            raise Problem(
                f"Tệp {name} là định dạng Excel cũ (.xls); {vi}",
                f"{name} is in the old Excel format (.xls); {en}",
            )
        if lowered.endswith(".ods"):
            vi, en = _resave_hint()
            raise Problem(
                f"Tệp {name} là bảng tính OpenDocument (.ods); {vi}",
                f"{name} is an OpenDocument spreadsheet (.ods); {en}",
            )
        if start.startswith(_XLSX_MAGIC):
            self.kind = "xlsx"
            self._workbook = xlsx.Workbook(stream, name)
            self.total = self._workbook.sheets_size()
        else:
            if lowered.endswith(".xlsx"):
                raise Problem(
                    f"Tệp {name} không phải tệp XLSX hợp lệ",
                    f"{name} is not a valid XLSX file",
                )
            self.kind = "csv"
            self.encoding = detect_encoding(stream, name)
            stream.seek(0, io.SEEK_END)
            self.total = stream.tell()
            stream.seek(0)

    @property
    def encoding_name(self) -> str:
        return "XLSX" if self.kind == "xlsx" else _ENCODING_NAMES.get(self.encoding, self.encoding)

    @property
    def sheet_names(self) -> list[str]:
        return [s.name for s in self._workbook.sheets] if self._workbook is not None else [""]

    def done(self) -> int:
        if self._workbook is not None:
            return self._workbook.inflated
        try:
            return self.stream.tell()
        except (OSError, ValueError):
            return 0

    def sheets(self) -> Iterator[tuple[str, Iterator[Record]]]:
        """``(sheet name, records)``: a CSV file is one sheet named ``""``."""
        if self._workbook is None:
            yield "", self._csv_records()
            return
        workbook = self._workbook
        for sheet in workbook.sheets:
            yield (
                sheet.name,
                (Record(line, [_cell(v) for v in values]) for line, values in workbook.rows(sheet)),
            )

    def records(self) -> Iterator[Record]:
        """The records of the first sheet."""
        for _, records in self.sheets():
            yield from records
            return

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    # CSV ---------------------------------------------------------------------

    def _csv_records(self) -> Iterator[Record]:
        self.stream.seek(0)
        text = io.TextIOWrapper(self.stream, encoding=self.encoding, newline="", errors="strict")
        try:
            lines = self._csv_lines(text)
            line = 0
            try:
                peeked: list[str] = []
                for raw in lines:  # the first non-blank line names the delimiter
                    peeked.append(raw)
                    if raw.strip():
                        break
                delimiter = _delimiter(peeked[-1] if peeked else "")
                reader = csv.reader(itertools.chain(peeked, lines), delimiter=delimiter)
                for line, values in enumerate(reader, start=1):
                    yield Record(line, values)
            except _LineProblem as problem:
                raise self._line_problem(line + 1, problem.vi, problem.en) from None
            except UnicodeDecodeError:
                raise self._line_problem(
                    line + 1,
                    f"không phải văn bản {self.encoding_name} hợp lệ",
                    f"is not valid {self.encoding_name} text",
                ) from None
            except csv.Error as error:
                raise self._line_problem(
                    line + 1,
                    f"không đọc được dạng CSV ({error})",
                    f"cannot be read as CSV ({error})",
                ) from None
        finally:
            with contextlib.suppress(ValueError):
                text.detach()  # the caller closes the file, not this wrapper

    def _csv_lines(self, text: io.TextIOWrapper) -> Iterator[str]:
        check_foreign = self.encoding == "cp1258"
        check_mojibake = self.encoding.startswith("utf")
        while True:
            raw = text.readline(MAX_LINE)
            if not raw:
                return
            if len(raw) >= MAX_LINE and not raw.endswith(("\n", "\r")):
                raise _LineProblem(
                    f"dòng dài hơn {MAX_LINE:,} ký tự; đây không phải danh sách nhân khẩu".replace(
                        ",", "."
                    ),
                    f"the line is longer than {MAX_LINE:,} characters; "
                    "this is not a resident roster",
                )
            if not raw.isascii():
                raw = unicodedata.normalize("NFC", raw)
                if check_foreign and _FOREIGN.search(raw):
                    vi, en = _resave_hint()
                    raise _LineProblem(
                        f"có ký tự không phải tiếng Việt trong bảng mã Windows-1258; {vi}",
                        f"holds characters that are not Vietnamese in Windows-1258; {en}",
                    )
                if check_mojibake and _MOJIBAKE.search(raw):
                    vi, en = _resave_hint()
                    raise _LineProblem(
                        f"chữ đã bị lỗi phông từ trước (ví dụ “á»…” thay cho “ễ”); {vi}",
                        f"the text was garbled before (e.g. “á»…” for “ễ”); {en}",
                    )
            yield raw

    def _line_problem(self, line: int, vi: str, en: str) -> Problem:
        return Problem(f"Tệp {self.name}, dòng {line}: {vi}", f"{self.name}, line {line}: {en}")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.isascii() else unicodedata.normalize("NFC", value)
    return value


def _delimiter(header: str) -> str:
    """Excel writes ``,`` or (Vietnamese and European settings) ``;``; "Unicode text" uses tabs."""
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def open_roster(stream: IO[bytes], name: str) -> RosterReader:
    return RosterReader(stream, name)


# Values ----------------------------------------------------------------------------


class ValueProblem(Exception):
    """A cell's value is wrong: what is wrong, in Vietnamese and English."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def text_value(raw: Any) -> str:
    """A cell as text: invisible characters removed, NFC, spaces collapsed
    (:func:`gocua.lib.text.clean_text`); Excel's numbers without ``.0``."""
    if type(raw) is str:
        return clean_text(raw)
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return " ".join(str(raw).split())


def _iso(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` read fast (most cells), or None to take the slow path."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    return None


_DAY_FORMS = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _number(raw: Any) -> float | None:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    return None


def _number_day(number: float) -> tuple[dt.date, bool]:
    """A number in a date column: a year (1 January, flagged) or an Excel serial number."""
    if number.is_integer() and 1000 <= number <= 2200:
        return dt.date(int(number), 1, 1), True
    if 1 <= number < 2_958_466:
        return _EXCEL_EPOCH + dt.timedelta(days=int(number)), False
    raise ValueProblem(
        f"“{text_value(number)}” không phải ngày (cũng không phải số ngày của Excel)",
        f"“{text_value(number)}” is not a date (nor an Excel date number)",
    )


def _text_day(text: str) -> tuple[dt.date, bool]:
    """``YYYY-MM-DD``, ``DD/MM/YYYY``, ``DD-MM-YYYY``, ``DD.MM.YYYY`` or a year alone."""
    if _YEAR.match(text):
        return dt.date(int(text), 1, 1), True
    match = _DAY_FORMS.match(text)
    if match:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        try:
            return dt.date(year, month, day), False
        except ValueError:
            raise ValueProblem(
                f"“{text}” không phải ngày có thật", f"“{text}” is not a real date"
            ) from None
    try:
        return parse_date(text), False
    except Problem:
        raise ValueProblem(
            f"“{text}” không phải ngày (dùng DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD "
            "hoặc một năm)",
            f"“{text}” is not a date (use DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, YYYY-MM-DD "
            "or a year)",
        ) from None


def _any_day(raw: Any) -> tuple[dt.date, bool] | None:
    if type(raw) is str:
        raw = raw.strip()
        if not raw:
            return None
        day = _iso(raw)
        if day is not None:
            return day, False
        return _text_day(raw)
    if raw is None:
        return None
    if isinstance(raw, dt.datetime):
        return raw.date(), False
    if isinstance(raw, dt.date):
        return raw, False
    number = _number(raw)
    if number is not None:
        return _number_day(number)
    text = text_value(raw)
    return _text_day(text) if text else None


def date_value(raw: Any) -> dt.date | None:
    """A date as wards write it (see :func:`_text_day`, Excel dates and serials); None if empty.

    A year alone is 1 January of that year.
    """
    found = _any_day(raw)
    return None if found is None else found[0]


_YEAR = re.compile(r"^\d{4}$")


def birth_value(raw: Any) -> tuple[dt.date, bool] | None:
    """A birth date, or a year alone (1 January of it, flagged): ``(day, year_only)``."""
    return _any_day(raw)


YES = {"co", "x", "1", "yes"}
NO = {"khong", "0", "no"}

FactValue = dt.date | bool | None  # a date, True (since the as-of date), False, None (unknown)


def fact_value(raw: Any) -> FactValue:
    """A fact: a date (true since then), có/x/1/yes, không/0/no, or empty (unknown)."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, dt.date):
        return raw.date() if isinstance(raw, dt.datetime) else raw
    number = _number(raw)
    if number is not None and number >= 1000:
        return _number_day(number)[0]
    text = text_value(raw)
    if not text:
        return None
    day = _iso(text)
    if day is not None:
        return day
    word = text.lower() if text.isascii() else fold(text)
    if word in YES:
        return True
    if word in NO:
        return False
    try:
        return _text_day(text)[0]
    except ValueProblem:
        raise ValueProblem(
            f"“{text}” không hiểu được: dùng một ngày, có/x/1, không/0 hoặc để trống",
            f"“{text}” is not understood: use a date, có/x/1/yes, không/0/no or leave it empty",
        ) from None


SEXES = {
    "nam": "M",
    "m": "M",
    "male": "M",
    "nu": "F",
    "f": "F",
    "female": "F",
    "khac": "X",
    "x": "X",
    "other": "X",
}


def sex_value(raw: Any) -> str | None:
    text = text_value(raw)
    if not text:
        return None
    sex = SEXES.get(fold(text))
    if sex is None:
        raise ValueProblem(
            f"“{text}” không hiểu được: dùng Nam, Nữ, Khác (hoặc M, F, X)",
            f"“{text}” is not understood: use Nam, Nữ, Khác (or M, F, X)",
        )
    return sex


CHANNELS = {
    "truc_tuyen": "online",
    "online": "online",
    "buu_chinh": "postal",
    "buu_chinh_cong_ich": "postal",
    "postal": "postal",
    "truc_tiep": "in_person",
    "in_person": "in_person",
}


def channel_value(raw: Any) -> str | None:
    text = text_value(raw)
    if not text:
        return None
    channel = CHANNELS.get(header_key(text))
    if channel is None:
        raise ValueProblem(
            f"“{text}” không hiểu được: dùng truc_tuyen, buu_chinh hoặc truc_tiep",
            f"“{text}” is not understood: use truc_tuyen (online), buu_chinh (public postal) "
            "or truc_tiep (in person)",
        )
    return channel


def eid_level_value(raw: Any) -> int | None:
    text = text_value(raw)
    if not text:
        return None
    if text in {"0", "1", "2"}:
        return int(text)
    raise ValueProblem(
        f"“{text}” không hiểu được: mức định danh điện tử là 0, 1 hoặc 2",
        f"“{text}” is not understood: the e-ID level is 0, 1 or 2",
    )


# The province (or city) of birth registration: the first three digits of a personal ID.
_ID_PROVINCE_CODES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
)
ID_PROVINCES = frozenset(_ID_PROVINCE_CODES.split(" "))
_DIGITS = re.compile(r"^\d+$")


def personal_id_value(raw: Any) -> str | None:
    """A 12-digit personal identification number (số định danh cá nhân).

    Excel drops the leading zero of a number typed into a cell: 11 digits get it back.
    """
    text = text_value(raw).replace(" ", "").replace(".", "")
    if not text:
        return None
    if _DIGITS.match(text) and len(text) == 11:
        text = "0" + text
    if not _DIGITS.match(text) or len(text) != 12:
        raise ValueProblem(
            f"“{text_value(raw)}” không phải số định danh cá nhân (12 chữ số)",
            f"“{text_value(raw)}” is not a personal ID number (12 digits)",
        )
    return text


def personal_id_warnings(
    number: str, birth: dt.date | None, sex: str | None
) -> list[tuple[str, str]]:
    """What looks wrong in a well-formed number: warnings, not errors (real data has typos)."""
    found: list[tuple[str, str]] = []
    if number[:3] not in ID_PROVINCES:
        found.append(
            (
                f"số định danh {number} có mã tỉnh nơi đăng ký khai sinh {number[:3]} không có",
                f"personal ID {number} has an unknown province code {number[:3]}",
            )
        )
        return found
    digit = int(number[3])
    century = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 8: 1800, 9: 1800}.get(digit)
    if century is None:
        century = 2200
    year = century + int(number[4:6])
    if birth is not None and year != birth.year:
        found.append(
            (
                f"số định danh {number} ghi năm sinh {year}, khác ngày sinh",
                f"personal ID {number} says born in {year}, not as the birth date",
            )
        )
    if sex in {"M", "F"} and (digit % 2 == 1) != (sex == "F"):
        found.append(
            (
                f"số định danh {number} ghi giới tính khác cột giới tính",
                f"personal ID {number} gives another sex than the sex column",
            )
        )
    return found


_PHONE_NOISE = re.compile(r"[\s.\-()]")


def phone_value(raw: Any) -> str | None:
    """A Vietnamese phone number, stored as ``0xxxxxxxxx``.

    Mobile numbers have 10 digits (03, 05, 07, 08, 09); landlines 11 (02x area
    codes). ``+84``/``84`` become ``0``; a leading zero lost in Excel comes back.
    """
    original = text_value(raw)
    text = _PHONE_NOISE.sub("", original)
    if not text:
        return None
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    elif _DIGITS.match(text) and len(text) in (9, 10) and text[0] in "23456789":
        text = "0" + text
    mobile = len(text) == 10 and text[:2] in {"03", "05", "07", "08", "09"}
    landline = len(text) == 11 and text.startswith("02")
    if not _DIGITS.match(text) or not (mobile or landline):
        raise ValueProblem(
            f"“{original}” không phải số điện thoại Việt Nam (di động 10 số: 03, 05, 07, 08, "
            "09…; cố định 11 số: 02…)",
            f"“{original}” is not a Vietnamese phone number (mobile: 10 digits 03, 05, 07, "
            "08, 09…; landline: 11 digits 02…)",
        )
    return text


def mask(value: str | None) -> str:
    """``••••••••1234``: the last digits only, for lists and team members."""
    if not value:
        return ""
    return "••••••••" + value[-4:]
