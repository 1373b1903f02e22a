"""The roster import behind :func:`gocua.registry.services.roster_import`.

One pass over the file, in batches of :data:`BATCH` rows:

1. each row is read and checked on its own (values, dates against the as-of
   date and the birth date, required pairs of columns);
2. the batch looks up what the database already holds in a few queries (living
   residents with the batch's personal IDs, the batch's households and their
   members), never one query per row;
3. rows are checked against each other in file order (one household in two
   neighbourhoods, household rows that disagree, the same person twice: the
   later row is the bad one) and matched to the residents they update;
4. the batch is written with ``bulk_create``/``bulk_update``, with a
   :class:`~gocua.registry.models.Change` for every field that changed.

The caller runs all of it in one transaction and rolls it back when the file
is refused or for a dry run, so the database is left as it was. Memory stays
small: only the households seen and the keys needed to find duplicates are
kept between batches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from gocua.lib.errors import Problem
from gocua.lib.text import fold
from gocua.orgunits.models import Level, OrgUnit
from gocua.registry import bulk, roster
from gocua.registry.models import (
    Change,
    Household,
    Resident,
    SurveyParticipation,
    Transaction,
)
from gocua.registry.privacy import IdLookups
from gocua.registry.roster import FactValue, ValueProblem

BATCH = 2_000
SOURCE = "import"


@dataclass(frozen=True)
class RowIssue:
    """One thing wrong with a file, where a spreadsheet user finds it."""

    line: int
    column: str
    vi: str
    en: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.vi} / {self.en}"

    def localized(self, language: str) -> str:
        if language == "en":
            return f"Line {self.line}, column {self.column}: {self.en}"
        return f"Dòng {self.line}, cột {self.column}: {self.vi}"


@dataclass
class ImportResult:
    """What an import did (or, refused or dry run, what it would have done)."""

    file: str
    unit_code: str
    unit_name: str
    as_of: dt.date
    dry_run: bool = False
    skip_invalid: bool = False
    encoding: str = ""
    rows: int = 0  # data rows read (blank lines are not rows)
    created: int = 0  # residents added
    updated: int = 0  # residents changed (a field or a new event)
    unchanged: int = 0
    skipped: int = 0  # bad rows left out with skip_invalid
    households_created: int = 0
    households_updated: int = 0
    transactions_created: int = 0
    surveys_created: int = 0
    changes: int = 0  # Change rows (history) written
    new_units: list[tuple[str, str]] = field(default_factory=list)  # (code, name) created
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    written: bool = False  # True when the database was changed

    @property
    def refused(self) -> bool:
        return bool(self.errors) and not self.skip_invalid

    @property
    def changed_anything(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.households_created
            or self.households_updated
            or self.new_units
        )

    def summary(self) -> str:
        """One bilingual line: what was (or would be) done."""
        counts_vi = (
            f"{self.rows} dòng: thêm {self.created}, cập nhật {self.updated}, "
            f"không đổi {self.unchanged}, bỏ qua {self.skipped} nhân khẩu; "
            f"thêm {self.households_created}, cập nhật {self.households_updated} hộ; "
            f"thêm {self.transactions_created} giao dịch TTHC, {self.surveys_created} khảo sát"
        )
        counts_en = (
            f"{self.rows} rows: {self.created} residents added, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.skipped} skipped; "
            f"{self.households_created} households added, {self.households_updated} updated; "
            f"{self.transactions_created} transactions, {self.surveys_created} surveys added"
        )
        units = ", ".join(f"{name} ({code})" if code else name for code, name in self.new_units)
        if units:
            counts_vi += f"; khu phố mới: {units}"
            counts_en += f"; new neighbourhoods: {units}"
        if self.refused and self.dry_run:
            return (
                f"Kiểm tra {self.file}: {len(self.errors)} lỗi, tệp sẽ bị từ chối / "
                f"checked {self.file}: {len(self.errors)} errors, the file would be refused"
            )
        if self.refused:
            return (
                f"Tệp {self.file} bị từ chối, không ghi gì: {len(self.errors)} lỗi / "
                f"{self.file} refused, nothing written: {len(self.errors)} errors"
            )
        if self.dry_run:
            return (
                f"Kiểm tra {self.file} (không ghi gì): {counts_vi} / "
                f"checked {self.file} (nothing written): {counts_en}"
            )
        return (
            f"Đã nhập {self.file} vào {self.unit_name}: {counts_vi} / "
            f"imported {self.file} into {self.unit_name}: {counts_en}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "unit": self.unit_code,
            "as_of": self.as_of.isoformat(),
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "households_created": self.households_created,
            "households_updated": self.households_updated,
            "transactions_created": self.transactions_created,
            "surveys_created": self.surveys_created,
            "new_units": [list(u) for u in self.new_units],
            "errors": len(self.errors),
        }


# A neighbourhood the file names: an existing unit's id, or (ward id, folded name) of a new one.
UnitRef = int | tuple[int, str]


@dataclass(slots=True)
class Row:
    line: int
    issues: list[RowIssue] = field(default_factory=list)
    ward: OrgUnit | None = None
    household_code: str = ""
    unit_ref: UnitRef | None = None
    unit_label: str = ""
    address: str | None = None
    full_name: str = ""
    birth: dt.date | None = None
    year_only: bool = False
    sex: str | None = None
    personal_id: str | None = None
    phone: str | None = None
    has_moved_in: bool = False
    moved_in: dt.date | None = None
    has_moved_out: bool = False
    moved_out: dt.date | None = None
    smartphone: FactValue = None
    vssid: FactValue = None
    ehealth: FactValue = None
    payment: FactValue = None
    eid_level: int | None = None
    eid_date: dt.date | None = None
    transaction: tuple[dt.date, str] | None = None
    survey: dt.date | None = None
    skills: FactValue = None

    @property
    def name_key(self) -> str:
        return self.full_name.casefold()


@dataclass(slots=True)
class HouseholdState:
    """A household named by the file: what the database holds and what the file says."""

    ward_id: int
    code: str
    id: int | None = None
    version: int = 0
    db_unit: int = 0  # 0 until the household is in the database
    db_address: str = ""
    db_skills: dt.date | None = None
    unit: UnitRef | None = None  # as the file says (first row)
    unit_line: int = 0
    unit_label: str = ""
    address: str | None = None
    address_line: int = 0
    skills: FactValue = None
    skills_line: int = 0
    target_skills: dt.date | None = None
    dirty: bool = False  # needs writing (new, or a stated value differs)
    counted: bool = False  # in the result's households created/updated


RESIDENT_FIELDS = (
    "id",
    "ward_id",
    "household_id",
    "household__code",
    "unit_id",
    "full_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "personal_id",
    "phone",
    "moved_in",
    "moved_out",
    "smartphone_since",
    "eid_level",
    "eid_since",
    "eid2_since",
    "vssid_since",
    "ehealth_since",
    "payment_since",
    "version",
)
FACTS = [
    ("smartphone", "smartphone", "smartphone_since"),
    ("vssid", "vssid", "vssid_since"),
    ("so_suc_khoe", "ehealth", "ehealth_since"),
    ("tai_khoan_tt", "payment", "payment_since"),
]


HOUSEHOLD_FIELDS = (
    "id",
    "ward_id",
    "unit_id",
    "code",
    "address",
    "search_address",
    "digital_skills_since",
    "version",
    "created_at",
    "updated_at",
)
RESIDENT_INSERT_FIELDS = (
    "id",
    "household_id",
    "ward_id",
    "unit_id",
    "full_name",
    "search_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "personal_id",
    "phone",
    "moved_in",
    "moved_out",
    "smartphone_since",
    "eid_level",
    "eid_since",
    "eid2_since",
    "vssid_since",
    "ehealth_since",
    "payment_since",
    "version",
    "created_at",
    "updated_at",
)
CHANGE_FIELDS = ("household_id", "resident_id", "at", "user_id", "source", "field", "old", "new")


@dataclass(slots=True)
class Plan:
    """What one good row does: create a resident, or update one."""

    row: Row
    household: HouseholdState
    existing: dict[str, Any] | None
    values: dict[str, Any]  # resident fields to set (all of them for a new resident)
    transaction: tuple[dt.date, str] | None
    survey: dt.date | None


class RosterImport:
    def __init__(
        self,
        *,
        reader: roster.RosterReader,
        unit: OrgUnit,
        as_of: dt.date,
        dry_run: bool,
        skip_invalid: bool,
        user: Any,
        result: ImportResult,
        progress: Any = None,
    ) -> None:
        self.reader = reader
        self.unit = unit
        self.as_of = as_of
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.lookups = IdLookups(user=self.user)  # the caller logs them (privacy.py)
        self.result = result
        self.progress = progress
        self.columns: list[str | None] = []
        self.headers: list[str] = []
        self.households: dict[tuple[int, str], HouseholdState] = {}
        self.seen_ids: dict[str, int] = {}
        self.seen_keys: dict[tuple[int, str, str, dt.date | None], int] = {}
        self.matched: dict[int, int] = {}  # resident id → line
        self.neighbourhoods: dict[int, dict[str, OrgUnit]] = {}
        self.new_units: dict[tuple[int, str], str] = {}  # (ward id, folded) → name as written
        self.created_units: dict[tuple[int, str], OrgUnit] = {}
        self.ward_names: dict[int, str] = {unit.pk: unit.name}
        self.communes: dict[str, list[OrgUnit]] | None = None
        self.ward_cache: dict[str, OrgUnit | tuple[str, str]] = {}
        self.unheaded_reported = False
        self.blank_headers: set[int] = set()
        self.elsewhere: dict[tuple[int, str], OrgUnit | None] = {}
        self.unit_cache: dict[tuple[int, str], tuple[UnitRef, str]] = {}
        self._progress_done = 0

    # Driving -------------------------------------------------------------------

    @property
    def writing(self) -> bool:
        return not self.dry_run and (self.skip_invalid or not self.result.errors)

    def run(self) -> ImportResult:
        records = self.reader.records()
        self._read_header(records)
        batch: list[Row] = []
        for record in records:
            if all(roster.is_blank(v) for v in record.values):
                continue
            self.result.rows += 1
            batch.append(self._parse(record))
            if len(batch) >= BATCH:
                self._batch(batch)
                batch = []
        if batch:
            self._batch(batch)
        self._tick()
        self.result.new_units = [
            (self.created_units[ref].code if ref in self.created_units else "", name)
            for ref, name in self.new_units.items()
        ]
        return self.result

    def _tick(self) -> None:
        if self.progress is None:
            return
        done = self.reader.done()
        if done > self._progress_done:
            self.progress.update(done - self._progress_done)
            self._progress_done = done

    def _label(self, column: str) -> str:
        """The column as the file writes it (``ngay_sinh`` or ``birth_date``)."""
        for index, key in enumerate(self.columns):
            if key == column:
                return self.headers[index]
        return column

    # Header --------------------------------------------------------------------

    def _read_header(self, records: Any) -> None:
        for record in records:
            if all(roster.is_blank(v) for v in record.values):
                continue
            self._header(record)
            return
        raise Problem(
            f"Tệp {self.result.file} rỗng, không có dòng tiêu đề",
            f"{self.result.file} is empty: it has no header line",
        )

    def _header(self, record: roster.Record) -> None:
        seen: dict[str, str] = {}
        for index, raw in enumerate(record.values):
            text = roster.text_value(raw)
            self.headers.append(text or _letter(index))
            if not text:
                self.columns.append(None)
                self.blank_headers.add(index)
                continue
            key = roster.column_for(text)
            if key is None:
                self.columns.append(None)
                self.result.errors.append(
                    RowIssue(
                        record.line,
                        _shown(text),
                        "cột không có trong mẫu danh sách"
                        + (" (bỏ qua)" if self.skip_invalid else ""),
                        "unknown column" + (" (ignored)" if self.skip_invalid else ""),
                    )
                )
            elif key in seen:
                self.columns.append(None)
                self.result.errors.append(
                    RowIssue(
                        record.line,
                        _shown(text),
                        f"cột trùng với cột {seen[key]}",
                        f"the same column as {seen[key]}",
                    )
                )
            else:
                seen[key] = text
                self.columns.append(key)
        missing = [c for c in roster.COLUMNS if c.required and c.key not in seen]
        if missing:
            names = ", ".join(f"{c.key} ({c.alias})" for c in missing)
            raise Problem(
                f"Tệp {self.result.file} thiếu cột bắt buộc: {names} (dòng tiêu đề là dòng "
                f"{record.line})",
                f"{self.result.file} lacks required columns: {names} (the header is line "
                f"{record.line})",
            )
        self.has = set(seen)
        if self.unit.level != Level.COMMUNE and "phuong" not in self.has:
            raise Problem(
                f"Nhập cho {self.unit.name} (cấp {self.unit.level}) cần cột phuong (ward) "
                "cho biết phường, xã của từng dòng",
                f"an import into {self.unit.name} ({self.unit.level}) needs a phuong (ward) "
                "column naming each row's commune",
            )

    # One row on its own ----------------------------------------------------------

    def _parse(self, record: roster.Record) -> Row:
        row = Row(record.line)
        values: dict[str, Any] = {}
        for index, raw in enumerate(record.values):
            key = self.columns[index] if index < len(self.columns) else None
            if key is not None:
                values[key] = raw
            elif (
                not self.unheaded_reported
                and not roster.is_blank(raw)
                and (index >= len(self.columns) or index in self.blank_headers)
            ):
                self.unheaded_reported = True
                self.result.errors.append(
                    RowIssue(
                        record.line,
                        _letter(index),
                        "có giá trị ở cột không có tiêu đề"
                        + (" (bỏ qua)" if self.skip_invalid else ""),
                        "a value in a column without a header"
                        + (" (ignored)" if self.skip_invalid else ""),
                    )
                )
        self.row = row
        for key, raw in values.items():
            if isinstance(raw, str) and len(raw) > roster.MAX_VALUE:
                self._row_issue(
                    key,
                    f"giá trị dài {len(raw)} ký tự (tối đa {roster.MAX_VALUE})",
                    f"the value is {len(raw)} characters long (at most {roster.MAX_VALUE})",
                )
                values[key] = None
        self._parse_identity(row, values)
        self._parse_dates(row, values)
        self._parse_facts(row, values)
        return row

    def _row_issue(self, column: str, vi: str, en: str) -> None:
        self.row.issues.append(RowIssue(self.row.line, self._label(column), vi, en))

    def _row_warning(self, column: str, vi: str, en: str) -> None:
        self.result.warnings.append(RowIssue(self.row.line, self._label(column), vi, en))

    def _parse_identity(self, row: Row, values: dict[str, Any]) -> None:
        row.ward = self._ward(values.get("phuong"))
        row.household_code = roster.text_value(values.get("ma_ho"))
        if not row.household_code:
            self._row_issue("ma_ho", "thiếu mã hộ", "the household code is missing")
        elif len(row.household_code) > 64:
            self._row_issue("ma_ho", "mã hộ dài quá 64 ký tự", "the code is over 64 characters")
        self._neighbourhood(row, roster.text_value(values.get("khu_pho")))
        row.full_name = roster.text_value(values.get("ho_ten"))
        if not row.full_name:
            self._row_issue("ho_ten", "thiếu họ tên", "the full name is missing")
        elif len(row.full_name) > 200:
            self._row_issue("ho_ten", "họ tên dài quá 200 ký tự", "the name is over 200 characters")
        if "dia_chi" in values:
            address = roster.text_value(values["dia_chi"])
            if len(address) > 255:
                self._row_issue(
                    "dia_chi", "địa chỉ dài quá 255 ký tự", "the address is over 255 characters"
                )
            row.address = address or None
        try:
            row.sex = roster.sex_value(values.get("gioi_tinh"))
        except ValueProblem as problem:
            self._row_issue("gioi_tinh", problem.vi, problem.en)
        try:
            row.personal_id = roster.personal_id_value(values.get("so_dinh_danh"))
        except ValueProblem as problem:
            self._row_issue("so_dinh_danh", problem.vi, problem.en)
        try:
            row.phone = roster.phone_value(values.get("so_dien_thoai"))
        except ValueProblem as problem:
            self._row_issue("so_dien_thoai", problem.vi, problem.en)

    def _parse_dates(self, row: Row, values: dict[str, Any]) -> None:
        raw_birth = values.get("ngay_sinh")
        try:
            birth = roster.birth_value(raw_birth)
        except ValueProblem as problem:
            self._row_issue("ngay_sinh", problem.vi, problem.en)
            birth = None
        if birth is not None:
            day, year_only = birth
            if day > self.as_of:
                self._after_as_of("ngay_sinh", day)
            elif day.year < 1900:
                self._row_issue(
                    "ngay_sinh",
                    f"năm sinh {day.year} không hợp lý",
                    f"the birth year {day.year} is not plausible",
                )
            else:
                row.birth, row.year_only = day, year_only
        if row.personal_id:
            for vi, en in roster.personal_id_warnings(row.personal_id, row.birth, row.sex):
                self.result.warnings.append(RowIssue(row.line, self._label("so_dinh_danh"), vi, en))
        if "ngay_den" in values:
            row.has_moved_in = True
            row.moved_in = self._date("ngay_den", values["ngay_den"])
        if "ngay_di" in values:
            row.has_moved_out = True
            row.moved_out = self._date("ngay_di", values["ngay_di"])
        if row.moved_in and row.moved_out and row.moved_out < row.moved_in:
            self._row_issue(
                "ngay_di",
                f"ngày đi {row.moved_out.isoformat()} trước ngày đến {row.moved_in.isoformat()}",
                f"moved out on {row.moved_out.isoformat()}, before moving in on "
                f"{row.moved_in.isoformat()}",
            )

    def _parse_facts(self, row: Row, values: dict[str, Any]) -> None:
        for column, attribute, _ in FACTS:
            setattr(row, attribute, self._fact(column, values.get(column)))
        # A household fact: not checked against this member's birth date.
        row.skills = self._fact("ho_ky_nang_so", values.get("ho_ky_nang_so"), personal=False)
        level_failed = False
        try:
            row.eid_level = roster.eid_level_value(values.get("vneid"))
        except ValueProblem as problem:
            self._row_issue("vneid", problem.vi, problem.en)
            level_failed = True
        row.eid_date = self._date("ngay_vneid", values.get("ngay_vneid"))
        # The spec's errors are dates after the as-of date or before birth; a date that
        # goes with no level, or with level 0, says nothing to count: warn and drop it.
        if row.eid_date and row.eid_level is None and not level_failed:
            self._row_warning(
                "ngay_vneid",
                "có ngày VNeID nhưng cột vneid để trống: bỏ qua ngày",
                "an e-ID date without a level in the vneid column: the date is ignored",
            )
            row.eid_date = None
        elif row.eid_date and row.eid_level == 0:
            self._row_warning(
                "ngay_vneid",
                "có ngày VNeID nhưng mức là 0 (chưa kích hoạt): bỏ qua ngày",
                "an e-ID date with level 0 (not activated): the date is ignored",
            )
            row.eid_date = None
        issues = len(row.issues)
        day = self._date("tthc_ngay", values.get("tthc_ngay"))
        day_failed = len(row.issues) > issues
        try:
            channel = roster.channel_value(values.get("tthc_hinh_thuc"))
        except ValueProblem as problem:
            self._row_issue("tthc_hinh_thuc", problem.vi, problem.en)
            channel = ""
        if day and channel is None:
            self._row_issue(
                "tthc_hinh_thuc",
                "cần hình thức (truc_tuyen, buu_chinh, truc_tiep) khi có tthc_ngay",
                "a channel (truc_tuyen, buu_chinh, truc_tiep) is required with tthc_ngay",
            )
        elif channel and day is None and not day_failed:
            self._row_issue(
                "tthc_ngay",
                "có hình thức giao dịch nhưng thiếu ngày",
                "a transaction channel without its date",
            )
        elif day and channel:
            row.transaction = (day, channel)
        row.survey = self._date("khao_sat_ngay", values.get("khao_sat_ngay"))

    def _date(self, column: str, raw: Any) -> dt.date | None:
        try:
            day = roster.date_value(raw)
        except ValueProblem as problem:
            self._row_issue(column, problem.vi, problem.en)
            return None
        return self._check_day(column, day)

    def _check_day(
        self, column: str, day: dt.date | None, *, personal: bool = True
    ) -> dt.date | None:
        if day is None:
            return None
        if day > self.as_of:
            self._after_as_of(column, day)
            return None
        birth = self.row.birth
        if personal and birth is not None and day < birth:
            self._row_issue(
                column,
                f"ngày {day.isoformat()} trước ngày sinh {birth.isoformat()}",
                f"{day.isoformat()} is before the birth date {birth.isoformat()}",
            )
            return None
        return day

    def _after_as_of(self, column: str, day: dt.date) -> None:
        self._row_issue(
            column,
            f"ngày {day.isoformat()} sau ngày chốt số liệu {self.as_of.isoformat()}",
            f"{day.isoformat()} is after the as-of date {self.as_of.isoformat()}",
        )

    def _fact(self, column: str, raw: Any, *, personal: bool = True) -> FactValue:
        try:
            value = roster.fact_value(raw)
        except ValueProblem as problem:
            self._row_issue(column, problem.vi, problem.en)
            return None
        if isinstance(value, dt.date):
            return self._check_day(column, value, personal=personal)
        return value

    # Units named by a row ----------------------------------------------------------

    def _ward(self, raw: Any) -> OrgUnit | None:
        text = roster.text_value(raw)
        if self.unit.level == Level.COMMUNE:
            if text and not _names(self.unit, text):
                self._row_issue(
                    "phuong",
                    f"“{_shown(text)}” không phải {self.unit.name} ({self.unit.code})",
                    f"“{_shown(text)}” is not {self.unit.name} ({self.unit.code})",
                )
            return self.unit
        if not text:
            self._row_issue(
                "phuong",
                f"thiếu phường, xã (tệp nhập cho {self.unit.name})",
                f"the commune is missing (the file is imported into {self.unit.name})",
            )
            return None
        found = self.ward_cache.get(text)
        if found is None:
            found = self._find_ward(text)
            self.ward_cache[text] = found
        if isinstance(found, tuple):
            self._row_issue("phuong", *found)
            return None
        return found

    def _find_ward(self, text: str) -> OrgUnit | tuple[str, str]:
        if self.communes is None:
            self.communes = defaultdict(list)
            for commune in OrgUnit.objects.under(self.unit).filter(level=Level.COMMUNE):
                keys = {commune.code.lower(), commune.search_name, commune.search_short_name}
                if commune.official_code:
                    keys.add(commune.official_code)
                for key in keys:
                    self.communes[key].append(commune)
        candidates = self.communes.get(text.lower()) or self.communes.get(fold(text)) or []
        if len(candidates) > 1:
            candidates = [c for c in candidates if c.exists_on(self.as_of)] or candidates
        if len(candidates) == 1:
            self.ward_names[candidates[0].pk] = candidates[0].name
            return candidates[0]
        if not candidates:
            return (
                f"không có phường, xã “{_shown(text)}” trong {self.unit.name}",
                f"no commune “{_shown(text)}” in {self.unit.name}",
            )
        codes = ", ".join(f"{c.code} {c.name}" for c in candidates[:10])
        return (
            f"“{_shown(text)}” trùng tên nhiều phường, xã; dùng mã: {codes}",
            f"“{_shown(text)}” names several communes; use a code: {codes}",
        )

    def _neighbourhood(self, row: Row, text: str) -> None:
        if not text:
            self._row_issue("khu_pho", "thiếu khu phố", "the neighbourhood is missing")
            return
        if row.ward is None:
            return
        cached = self.unit_cache.get((row.ward.pk, text))
        if cached is not None:
            row.unit_ref, row.unit_label = cached
            return
        issues = len(row.issues)
        self._find_neighbourhood(row, text)
        if len(row.issues) == issues and row.unit_ref is not None:
            self.unit_cache[(row.ward.pk, text)] = (row.unit_ref, row.unit_label)

    def _find_neighbourhood(self, row: Row, text: str) -> None:
        assert row.ward is not None
        if len(text) > 200:
            self._row_issue("khu_pho", "tên dài quá 200 ký tự", "the name is over 200 characters")
            return
        ward = row.ward
        known = self.neighbourhoods.get(ward.pk)
        if known is None:
            known = {}
            for unit in OrgUnit.objects.filter(parent=ward, level=Level.NEIGHBOURHOOD):
                for key in (unit.code.lower(), unit.search_name, unit.search_short_name):
                    known.setdefault(key, unit)
            self.neighbourhoods[ward.pk] = known
        found = known.get(text.lower()) or known.get(fold(text))
        if found is not None:
            row.unit_ref, row.unit_label = found.pk, found.name
            return
        folded = fold(text)
        if (ward.pk, folded) not in self.elsewhere:
            self.elsewhere[(ward.pk, folded)] = OrgUnit.objects.filter(code__iexact=text).first()
        elsewhere = self.elsewhere[(ward.pk, folded)]
        if elsewhere is not None:
            self._row_issue(
                "khu_pho",
                f"{elsewhere.code} ({elsewhere.name}) không phải khu phố của {ward.name}",
                f"{elsewhere.code} ({elsewhere.name}) is not a neighbourhood of {ward.name}",
            )
            return
        row.unit_ref, row.unit_label = (ward.pk, folded), text

    # A batch against the database --------------------------------------------------

    def _batch(self, rows: list[Row]) -> None:
        good = [r for r in rows if not r.issues]
        by_id = self._residents_by_id(good)
        self._load_households(good)
        by_household = self._members(good, by_id)
        plans: list[Plan] = []
        for row in rows:
            if not row.issues:
                plan = self._plan(row, by_id, by_household)
                if plan is not None:
                    plans.append(plan)
                    continue
            self.result.errors.extend(row.issues)
            if self.skip_invalid:
                self.result.skipped += 1
        self._count(plans)
        if self.writing:
            self._write(plans)
        self._tick()

    def _residents_by_id(self, rows: list[Row]) -> dict[str, list[dict[str, Any]]]:
        numbers = {r.personal_id for r in rows if r.personal_id}
        if not numbers:
            return {}
        wards = {r.ward.pk for r in rows if r.ward is not None}
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        query = Resident.objects.filter(
            Q(moved_out__isnull=True) | Q(ward_id__in=wards), personal_id__in=numbers
        ).values(*RESIDENT_FIELDS)
        for resident in query:
            found[resident["personal_id"]].append(resident)
        return found

    def _load_households(self, rows: list[Row]) -> None:
        wanted: dict[int, set[str]] = defaultdict(set)
        for row in rows:
            assert row.ward is not None
            if (row.ward.pk, row.household_code) not in self.households:
                wanted[row.ward.pk].add(row.household_code)
        if not wanted:
            return
        condition = Q()
        for ward_id, codes in wanted.items():
            condition |= Q(ward_id=ward_id, code__in=codes)
        fields = ("id", "ward_id", "code", "unit_id", "address", "digital_skills_since", "version")
        for h in Household.objects.filter(condition).values(*fields):
            self.households[(h["ward_id"], h["code"])] = HouseholdState(
                ward_id=h["ward_id"],
                code=h["code"],
                id=h["id"],
                version=h["version"],
                db_unit=h["unit_id"],
                db_address=h["address"],
                db_skills=h["digital_skills_since"],
                target_skills=h["digital_skills_since"],
            )

    def _members(
        self, rows: list[Row], by_id: dict[str, list[dict[str, Any]]]
    ) -> dict[int, list[dict[str, Any]]]:
        """Residents of the batch's households, for rows not found by personal ID."""
        wanted = set()
        for row in rows:
            assert row.ward is not None
            if row.personal_id and any(
                r["ward_id"] == row.ward.pk for r in by_id.get(row.personal_id, [])
            ):
                continue
            household = self.households.get((row.ward.pk, row.household_code))
            if household is not None and household.id is not None:
                wanted.add(household.id)
        members: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if wanted:
            for resident in Resident.objects.filter(household_id__in=wanted).values(
                *RESIDENT_FIELDS
            ):
                members[resident["household_id"]].append(resident)
        return members

    # Rows against each other, and matching -------------------------------------------

    def _plan(
        self,
        row: Row,
        by_id: dict[str, list[dict[str, Any]]],
        by_household: dict[int, list[dict[str, Any]]],
    ) -> Plan | None:
        assert row.ward is not None and row.unit_ref is not None
        self.row = row
        ward_id = row.ward.pk
        key = (ward_id, row.household_code)
        household = self.households.get(key) or HouseholdState(ward_id=ward_id, code=key[1])
        self._household_conflicts(row, household)
        person_key = (ward_id, row.household_code, row.name_key, row.birth)
        if row.personal_id and row.personal_id in self.seen_ids:
            first = self.seen_ids[row.personal_id]
            self._row_issue(
                "so_dinh_danh",
                f"số định danh {row.personal_id} trùng với dòng {first}",
                f"personal ID {row.personal_id} is also on line {first}",
            )
        elif person_key in self.seen_keys:
            first = self.seen_keys[person_key]
            self._row_issue(
                "ho_ten",
                f"cùng người (mã hộ, họ tên, ngày sinh) với dòng {first}",
                f"the same person (household, name, birth date) as line {first}",
            )
        if row.personal_id and row.moved_out is None:
            for other in by_id.get(row.personal_id, []):
                if other["ward_id"] != ward_id and other["moved_out"] is None:
                    # The ward is named only to whom may see it; logged and limited.
                    ward = OrgUnit.objects.get(pk=other["ward_id"])
                    vi, en = self.lookups.elsewhere(row.personal_id, ward)
                    self._row_issue("so_dinh_danh", vi[0].lower() + vi[1:], en)
                    break
        existing = self._match(row, household, by_id, by_household)
        if existing is not None and existing["id"] in self.matched:
            self._row_issue(
                "ho_ten",
                f"cùng người với dòng {self.matched[existing['id']]}",
                f"the same resident as line {self.matched[existing['id']]}",
            )
        if row.issues:
            return None
        # The row is good: register what it says.
        self.households[key] = household
        self._household_statements(row, household)
        if row.personal_id:
            self.seen_ids[row.personal_id] = row.line
        else:
            self.seen_keys[person_key] = row.line
        if existing is not None:
            self.matched[existing["id"]] = row.line
        values = self._resident_values(row, household, existing)
        return Plan(row, household, existing, values, row.transaction, row.survey)

    def _household_conflicts(self, row: Row, household: HouseholdState) -> None:
        code = row.household_code
        if household.unit is not None and household.unit != row.unit_ref:
            self._row_issue(
                "khu_pho",
                f"hộ {code} ở {household.unit_label} (dòng {household.unit_line}), "
                f"không thể ở cả {row.unit_label}",
                f"household {code} is in {household.unit_label} (line {household.unit_line}); "
                f"it cannot also be in {row.unit_label}",
            )
        if row.address is not None and household.address not in (None, row.address):
            self._row_issue(
                "dia_chi",
                f"địa chỉ khác với dòng {household.address_line} của cùng hộ {code}",
                f"the address differs from line {household.address_line} of household {code}",
            )
        if household.skills is not None and row.skills not in (None, household.skills):
            self._row_issue(
                "ho_ky_nang_so",
                f"khác với dòng {household.skills_line} của cùng hộ {code}",
                f"differs from line {household.skills_line} of household {code}",
            )

    def _household_statements(self, row: Row, household: HouseholdState) -> None:
        if household.unit is None:
            household.unit, household.unit_line = row.unit_ref, row.line
            household.unit_label = row.unit_label
            if household.id is None or household.db_unit != row.unit_ref:
                household.dirty = True
        if row.address is not None and household.address is None:
            household.address, household.address_line = row.address, row.line
            if household.id is None or household.db_address != row.address:
                household.dirty = True
        if row.skills is not None and household.skills is None:
            household.skills, household.skills_line = row.skills, row.line
            household.target_skills = self._fact_after(row.skills, household.db_skills)
            if household.id is None or household.target_skills != household.db_skills:
                household.dirty = True
        if household.id is None:
            household.dirty = True

    def _match(
        self,
        row: Row,
        household: HouseholdState,
        by_id: dict[str, list[dict[str, Any]]],
        by_household: dict[int, list[dict[str, Any]]],
    ) -> dict[str, Any] | None:
        assert row.ward is not None
        if row.personal_id:
            same = [r for r in by_id.get(row.personal_id, []) if r["ward_id"] == row.ward.pk]
            if same:
                if row.has_moved_out:
                    exact = [r for r in same if r["moved_out"] == row.moved_out]
                    if exact:
                        return exact[0]
                living = [r for r in same if r["moved_out"] is None]
                return (living or sorted(same, key=lambda r: r["id"]))[-1]
        if household.id is None:
            return None
        named = [
            r
            for r in by_household.get(household.id, [])
            if r["full_name"].casefold() == row.name_key
            and (row.personal_id is None or r["personal_id"] in (None, row.personal_id))
            and r["id"] not in self.matched
        ]
        exact = [r for r in named if r["birth_date"] == row.birth]
        if not exact:
            exact = [r for r in named if _births_agree(row, r)]
        if len(exact) > 1:
            self._row_issue(
                "ho_ten",
                f"hộ {row.household_code} có {len(exact)} người tên {row.full_name}; "
                "hãy ghi số định danh hoặc ngày sinh",
                f"household {row.household_code} has {len(exact)} residents named "
                f"{row.full_name}; give the personal ID or the birth date",
            )
            return None
        return exact[0] if exact else None

    # What a row sets -------------------------------------------------------------------

    def _fact_after(self, value: FactValue, current: dt.date | None) -> dt.date | None:
        """A fact as the file states it on the as-of date, over what the database holds.

        A date replaces; yes keeps an earlier date (else the as-of date); no clears,
        unless the database knows it became true after the as-of date; empty keeps.
        """
        if value is None:
            return current
        if isinstance(value, dt.date):
            return value
        if value:
            return current if current is not None and current <= self.as_of else self.as_of
        return current if current is not None and current > self.as_of else None

    def _eid_after(
        self, row: Row, level: int, since: dt.date | None, since2: dt.date | None
    ) -> tuple[int, dt.date | None, dt.date | None]:
        new = row.eid_level
        if new is None:
            return level, since, since2
        if new == 0:
            if since is not None and since > self.as_of:
                return level, since, since2
            return 0, None, None
        if new == 1:
            start = row.eid_date or (since if since and since <= self.as_of else self.as_of)
            if since2 is not None and since2 > self.as_of:
                return 2, start, since2
            return 1, start, None
        start2 = row.eid_date or (since2 if since2 and since2 <= self.as_of else self.as_of)
        start = since if since is not None and since <= start2 else start2
        return 2, start, start2

    def _resident_values(
        self, row: Row, household: HouseholdState, existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        current = existing or {
            "full_name": "",
            "birth_date": None,
            "birth_year_only": False,
            "sex": "",
            "personal_id": None,
            "phone": "",
            "moved_in": None,
            "moved_out": None,
            "smartphone_since": None,
            "eid_level": 0,
            "eid_since": None,
            "eid2_since": None,
            "vssid_since": None,
            "ehealth_since": None,
            "payment_since": None,
        }
        target: dict[str, Any] = {"full_name": row.full_name}
        birth, year_only = current["birth_date"], current["birth_year_only"]
        if row.birth is not None:
            keep_precise = (
                row.year_only
                and birth is not None
                and not year_only
                and birth.year == row.birth.year
            )
            if not keep_precise:
                birth, year_only = row.birth, row.year_only
        target["birth_date"], target["birth_year_only"] = birth, year_only
        target["sex"] = row.sex or current["sex"]
        target["personal_id"] = row.personal_id or current["personal_id"]
        target["phone"] = row.phone or current["phone"]
        for name, stated, value in (
            ("moved_in", row.has_moved_in, row.moved_in),
            ("moved_out", row.has_moved_out, row.moved_out),
        ):
            old = current[name]
            if not stated or (old is not None and old > self.as_of):
                target[name] = old
            else:
                target[name] = value
        for _, attribute, name in FACTS:
            target[name] = self._fact_after(getattr(row, attribute), current[name])
        target["eid_level"], target["eid_since"], target["eid2_since"] = self._eid_after(
            row, current["eid_level"], current["eid_since"], current["eid2_since"]
        )
        if existing is None:
            return target
        return {k: v for k, v in target.items() if v != existing[k]}

    # Counting and writing ------------------------------------------------------------

    def _count(self, plans: list[Plan]) -> None:
        for plan in plans:
            if plan.existing is None:
                self.result.created += 1
                if plan.transaction:
                    self.result.transactions_created += 1
                if plan.survey:
                    self.result.surveys_created += 1
        self._existing_events(plans)
        for plan in plans:
            if plan.existing is not None:
                if plan.values or plan.transaction or plan.survey:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
                if plan.transaction:
                    self.result.transactions_created += 1
                if plan.survey:
                    self.result.surveys_created += 1
        for plan in plans:
            household = plan.household
            if household.dirty and not household.counted:
                household.counted = True
                if household.id is None:
                    self.result.households_created += 1
                else:
                    self.result.households_updated += 1
            if isinstance(household.unit, tuple):
                self.new_units.setdefault(household.unit, household.unit_label)

    def _existing_events(self, plans: list[Plan]) -> None:
        """Drop events the matched residents already have (so a second import adds none)."""
        ids = [p.existing["id"] for p in plans if p.existing and p.transaction]
        if ids:
            have = set(
                Transaction.objects.filter(resident_id__in=ids).values_list(
                    "resident_id", "day", "channel"
                )
            )
            for plan in plans:
                if plan.existing and plan.transaction:
                    day, channel = plan.transaction
                    if (plan.existing["id"], day, channel) in have:
                        plan.transaction = None
        ids = [p.existing["id"] for p in plans if p.existing and p.survey]
        if ids:
            have_surveys = set(
                SurveyParticipation.objects.filter(resident_id__in=ids).values_list(
                    "resident_id", "day"
                )
            )
            for plan in plans:
                if (
                    plan.existing
                    and plan.survey
                    and (plan.existing["id"], plan.survey) in (have_surveys)
                ):
                    plan.survey = None

    def _write(self, plans: list[Plan]) -> None:
        now = timezone.now()
        self.now = bulk.db_datetime(now)
        households = list({id(p.household): p.household for p in plans}.values())
        self._create_units(households)
        changes: list[tuple[Any, ...]] = []
        self._write_households([h for h in households if h.dirty], changes, now)
        residents_created = self._write_residents(plans, changes, now)
        self._write_events(plans, residents_created)
        bulk.insert_rows(Change, CHANGE_FIELDS, changes)
        self.result.changes += len(changes)
        if plans or changes:
            self.result.written = True

    def _unit_id(self, ref: UnitRef | None) -> int:
        assert ref is not None
        if isinstance(ref, tuple):
            return self.created_units[ref].pk
        return ref

    def _create_units(self, households: list[HouseholdState]) -> None:
        from gocua.orgunits.services import orgunit_add

        for household in households:
            ref = household.unit
            if isinstance(ref, tuple) and ref not in self.created_units:
                ward = OrgUnit.objects.get(pk=ref[0])
                unit = orgunit_add(
                    name=household.unit_label, parent=ward, level=Level.NEIGHBOURHOOD
                )
                # Rows after this batch keep naming it by the same (ward, name) reference.
                self.created_units[ref] = unit

    def _write_households(
        self, households: list[HouseholdState], changes: list[tuple[Any, ...]], now: dt.datetime
    ) -> None:
        new = [h for h in households if h.id is None]
        ids = bulk.reserve_ids(Household, len(new))
        rows = []
        for state, pk in zip(new, ids, strict=True):
            address = state.address or ""
            unit_id = self._unit_id(state.unit)
            rows.append(
                (
                    pk,
                    state.ward_id,
                    unit_id,
                    state.code,
                    address,
                    fold(address),
                    bulk.db_day(state.target_skills),
                    1,
                    self.now,
                    self.now,
                )
            )
            state.id, state.version, state.db_unit = pk, 1, unit_id
            state.db_address, state.db_skills = address, state.target_skills
            state.dirty = False
            changes.append(self._change(household_id=pk, field="created"))
        bulk.insert_rows(Household, HOUSEHOLD_FIELDS, rows)
        updated = []
        for state in households:
            if state.id is None or not state.dirty:
                continue
            values: dict[str, Any] = {}
            unit_id = self._unit_id(state.unit)
            if unit_id != state.db_unit:
                values["unit_id"] = unit_id
                changes.append(
                    self._change(
                        household_id=state.id,
                        field="unit",
                        old=self._unit_name(state.db_unit),
                        new=self._unit_name(unit_id),
                    )
                )
                Resident.objects.filter(household_id=state.id).exclude(unit_id=unit_id).update(
                    unit_id=unit_id
                )
                state.db_unit = unit_id
            if state.address is not None and state.address != state.db_address:
                values["address"] = state.address
                values["search_address"] = fold(state.address)
                changes.append(
                    self._change(
                        household_id=state.id,
                        field="address",
                        old=state.db_address,
                        new=state.address,
                    )
                )
                state.db_address = state.address
            if state.target_skills != state.db_skills:
                values["digital_skills_since"] = state.target_skills
                changes.append(
                    self._change(
                        household_id=state.id,
                        field="digital_skills_since",
                        old=state.db_skills,
                        new=state.target_skills,
                    )
                )
                state.db_skills = state.target_skills
            state.dirty = False
            if values:
                state.version += 1
                updated.append(
                    (
                        tuple(values),
                        Household(pk=state.id, version=state.version, updated_at=now, **values),
                    )
                )
        for fields, group in _grouped(updated):
            Household.objects.bulk_update(group, [*fields, "version", "updated_at"])

    def _write_residents(
        self, plans: list[Plan], changes: list[tuple[Any, ...]], now: dt.datetime
    ) -> dict[int, int]:
        """Write new and changed residents; returns the new residents' ids by plan."""
        new_plans = [p for p in plans if p.existing is None]
        ids = bulk.reserve_ids(Resident, len(new_plans))
        rows = []
        by_plan: dict[int, int] = {}
        day = bulk.db_day
        for plan, pk in zip(new_plans, ids, strict=True):
            household = plan.household
            assert household.id is not None
            v = plan.values
            rows.append(
                (
                    pk,
                    household.id,
                    household.ward_id,
                    household.db_unit,
                    v["full_name"],
                    fold(v["full_name"]),
                    day(v["birth_date"]),
                    v["birth_year_only"],
                    v["sex"] or "",
                    v["personal_id"],
                    v["phone"] or "",
                    day(v["moved_in"]),
                    day(v["moved_out"]),
                    day(v["smartphone_since"]),
                    v["eid_level"],
                    day(v["eid_since"]),
                    day(v["eid2_since"]),
                    day(v["vssid_since"]),
                    day(v["ehealth_since"]),
                    day(v["payment_since"]),
                    1,
                    self.now,
                    self.now,
                )
            )
            by_plan[id(plan)] = pk
            changes.append(self._change(resident_id=pk, field="created"))
        bulk.insert_rows(Resident, RESIDENT_INSERT_FIELDS, rows)
        updated = []
        for plan in plans:
            existing = plan.existing
            if existing is None:
                continue
            household = plan.household
            values = dict(plan.values)
            if household.id != existing["household_id"]:
                values["household_id"] = household.id
                changes.append(
                    self._change(
                        resident_id=existing["id"],
                        field="household",
                        old=existing["household__code"],
                        new=household.code,
                    )
                )
            if household.db_unit != existing["unit_id"]:
                values["unit_id"] = household.db_unit
            if not values:
                continue
            for name, value in plan.values.items():
                changes.append(
                    self._change(
                        resident_id=existing["id"], field=name, old=existing[name], new=value
                    )
                )
            if "full_name" in values:
                values["search_name"] = fold(values["full_name"])
            updated.append(
                (
                    tuple(values),
                    Resident(
                        pk=existing["id"], version=existing["version"] + 1, updated_at=now, **values
                    ),
                )
            )
        for fields, group in _grouped(updated):
            Resident.objects.bulk_update(group, [*fields, "version", "updated_at"])
        return by_plan

    def _write_events(self, plans: list[Plan], created: dict[int, int]) -> None:
        transactions = []
        surveys = []
        for plan in plans:
            if id(plan) in created:
                resident_id = created[id(plan)]
            else:
                assert plan.existing is not None
                resident_id = plan.existing["id"]
            unit_id = plan.household.db_unit
            if plan.transaction:
                day, channel = plan.transaction
                transactions.append((resident_id, unit_id, bulk.db_day(day), channel))
            if plan.survey:
                surveys.append((resident_id, unit_id, bulk.db_day(plan.survey)))
        bulk.insert_rows(Transaction, ("resident_id", "unit_id", "day", "channel"), transactions)
        bulk.insert_rows(SurveyParticipation, ("resident_id", "unit_id", "day"), surveys)

    def _change(
        self,
        *,
        field: str,
        household_id: int | None = None,
        resident_id: int | None = None,
        old: Any = None,
        new: Any = None,
    ) -> tuple[Any, ...]:
        """A history row, in the order of :data:`CHANGE_FIELDS`."""
        return (
            household_id,
            resident_id,
            self.now,
            self.user.pk if self.user is not None else None,
            SOURCE,
            field,
            change_text(old),
            change_text(new),
        )

    def _unit_name(self, unit_id: int | None) -> str:
        if unit_id is None:
            return ""
        for units in self.neighbourhoods.values():
            for unit in units.values():
                if unit.pk == unit_id:
                    return unit.name
        other = OrgUnit.objects.filter(pk=unit_id).first()
        return other.name if other else str(unit_id)

    def _ward_name(self, ward_id: int) -> str:
        if ward_id not in self.ward_names:
            ward = OrgUnit.objects.filter(pk=ward_id).first()
            self.ward_names[ward_id] = f"{ward.name} ({ward.code})" if ward else str(ward_id)
        return self.ward_names[ward_id]


def change_text(value: Any) -> str:
    """How a history row writes a value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:255]


def _grouped(objects: list[tuple[tuple[str, ...], Any]]) -> list[tuple[list[str], list[Any]]]:
    """Objects to bulk_update, grouped by the fields they change."""
    groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for fields, obj in objects:
        groups[tuple(sorted(fields))].append(obj)
    return [(list(k), v) for k, v in groups.items()]


def _births_agree(row: Row, resident: dict[str, Any]) -> bool:
    """A birth date missing on one side, or a year alone that the other date falls in."""
    theirs = resident["birth_date"]
    if row.birth is None or theirs is None:
        return True
    if row.year_only or resident["birth_year_only"]:
        return bool(theirs.year == row.birth.year)
    return False


def _names(unit: OrgUnit, text: str) -> bool:
    folded = fold(text)
    return text.lower() == unit.code.lower() or folded in {
        unit.search_name,
        unit.search_short_name,
        unit.official_code,
    }


def _letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: a spreadsheet's column letters."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shown(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
