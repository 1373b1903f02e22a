"""The roster import behind :func:`gocua.registry.services.roster_import`.

One pass over the file, in batches of :data:`BATCH` rows, in four parts:

- **read** (this module, over :mod:`gocua.registry.roster` and
  :mod:`gocua.registry.xlsx`): each sheet's header row is found below its titles,
  its columns recognised (or mapped, or ignored), and each row is read and checked
  on its own (values, dates against the as-of date and the birth date, required
  pairs of columns, households by ``Chủ hộ`` rows when there is no ``ma_ho``);
- **match** (:mod:`gocua.registry.import_match`): the batch looks up what the
  database holds in a few queries, checks rows against each other in file order
  and plans what each good row does;
- **write** (:mod:`gocua.registry.import_write`): the plans, kept in a temporary file
  (:class:`~gocua.registry.import_match.Spool`) until the whole file is matched, go in with
  ``executemany``/``COPY`` and ``bulk_update``, with a
  :class:`~gocua.registry.models.Change` for every field that changed;
- **result** (:mod:`gocua.registry.import_result`): what was done and what is wrong.

Reading and matching hold no transaction (on SQLite, no write lock: the web app
keeps saving while a long file is read). The caller then writes the plans in one
short transaction, all or nothing, after checking that nothing changed in the unit
since matching began (``audit.services.versions_of``); if something did, it
matches again. So it does when the database refuses the write because one of the
file's personal IDs was saved meanwhile as living in another ward, a change the unit's
version does not cover (``registry.models.breaks_one_living_per_id``): matched again,
that row is "registered elsewhere" as in any import. A refused file or a dry run
writes nothing. Memory stays
small: only the households seen and the keys needed to find duplicates are
kept between batches, and the errors listed are bounded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections import defaultdict
from typing import Any

from gocua.accounts.models import User
from gocua.lib.errors import Problem
from gocua.lib.text import fold
from gocua.orgunits.models import Level, OrgUnit
from gocua.registry import facts, roster
from gocua.registry.import_match import FACTS, HouseholdState, Matching, Row, Spool, UnitRef
from gocua.registry.import_result import ImportResult, RowIssue
from gocua.registry.import_write import Writer, change_text
from gocua.registry.privacy import IdLookups
from gocua.registry.roster import FactValue, ValueProblem

__all__ = ["BATCH", "ImportResult", "RosterImport", "RowIssue", "change_text"]

BATCH = 2_000
HEADER_ROWS, HEADER_MIN = roster.HEADER_ROWS, roster.HEADER_MIN


class RosterImport(Matching):
    def __init__(
        self,
        *,
        reader: roster.RosterReader,
        unit: OrgUnit,
        as_of: dt.date,
        dry_run: bool,
        skip_invalid: bool,
        user: User | None,
        result: ImportResult,
        progress: Any = None,
        neighbourhood: OrgUnit | None = None,
        ignore: Any = (),
        mapping: dict[str, str] | None = None,
    ) -> None:
        self.reader = reader
        self.unit = unit
        self.fixed_unit = neighbourhood  # --unit a neighbourhood: every row goes there
        self.as_of = as_of
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.lookups = IdLookups(user=self.user)  # the caller logs them (privacy.py)
        self.result = result
        self.progress = progress
        # header_key → column ("" ignores it): --map, --ignore-column, the web's mapping step
        self.mapping: dict[str, str] = {roster.header_key(h): "" for h in ignore}
        for header, column in (mapping or {}).items():
            self.mapping[roster.header_key(header)] = column
        self.columns: list[str | None] = []
        self.headers: list[str] = []
        self.sheet = ""  # the sheet's name in messages ("" for a CSV or a single sheet)
        self.sheet_unit: str = ""  # the neighbourhood a sheet is named after
        self.by_relationship = False  # households follow quan_he (no ma_ho column)
        self.current_household = ""
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
        self.values: dict[str, Any] = {}  # the cells of the row being read, by column
        self.blank_headers: set[int] = set()
        self.elsewhere: dict[tuple[int, str], OrgUnit | None] = {}
        self.unit_cache: dict[tuple[int, str], tuple[UnitRef, str]] = {}
        self._progress_done = 0
        self.spool = Spool()
        self.writer = Writer(
            user=self.user,
            result=result,
            created_units=self.created_units,
            neighbourhoods=self.neighbourhoods,
        )

    # Driving -------------------------------------------------------------------

    def run(self) -> ImportResult:
        names = self.reader.sheet_names
        several = len(names) > 1
        found = False
        for name, records in self.reader.sheets():
            self.sheet = name if several else ""
            rest = self._start_sheet(name, records, only=not several)
            if rest is None:
                continue
            found = True
            if name:
                self.result.sheets.append(name)
            batch: list[Row] = []
            for record in rest:
                if all(roster.is_blank(v) for v in record.values):
                    continue
                self.result.rows += 1
                batch.append(self._parse(record))
                if len(batch) >= BATCH:
                    self._batch(batch)
                    batch = []
            if batch:
                self._batch(batch)  # a batch never spans sheets: their headers differ
        if not found:
            raise Problem(
                f"Tệp {self.result.file}: không trang nào có dòng tiêu đề (một dòng trong "
                f"{HEADER_ROWS} dòng đầu ghi ít nhất {HEADER_MIN} cột đã biết như Họ và tên, "
                "Ngày sinh, Khu phố)",
                f"{self.result.file}: no sheet has a header row (a row within the first "
                f"{HEADER_ROWS} naming at least {HEADER_MIN} known columns such as Họ và tên, "
                "Ngày sinh, Khu phố)",
            )
        self._tick()
        self._new_units()
        return self.result

    def write(self) -> None:
        """Write what :meth:`run` planned (the caller holds the transaction)."""
        try:
            for plans in self.spool.batches_of(self.households):
                self.writer.write(plans)
        finally:
            self.spool.close()
        self._new_units()

    def close(self) -> None:
        self.spool.close()

    def _new_units(self) -> None:
        self.result.new_units = [
            (self.created_units[ref].code if ref in self.created_units else "", name)
            for ref, name in self.new_units.items()
        ]

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

    def _error(self, issue: RowIssue) -> None:
        self.result.add_error(issue)

    # Header --------------------------------------------------------------------

    def _resolve(self, text: str) -> tuple[str | None, bool]:
        """A header's column and whether it is known (mapped, ignored or recognised)."""
        key = roster.header_key(text)
        if key in self.mapping:
            mapped = self.mapping[key]
            return (mapped or None), True
        if key in roster.IGNORED_HEADERS:
            return None, True
        column = roster.column_for(text)
        return column, column is not None

    def _start_sheet(self, name: str, records: Any, *, only: bool) -> Any:
        """Find the sheet's header row; the records after it, or None to skip the sheet."""
        header, seen = roster.find_header(records, lambda text: self._resolve(text)[0])
        if header is not None:
            self._header(header, name)
            return records
        if not seen:
            if only:
                raise Problem(
                    f"Tệp {self.result.file} rỗng, không có dòng tiêu đề",
                    f"{self.result.file} is empty: it has no header line",
                )
            return None
        if only:
            # A single sheet: its first line is the header, as in the template (the errors
            # then name what is missing or unknown).
            self._header(seen[0], name)
            return itertools.chain(seen[1:], records)
        self.result.skipped_sheets.append(name)
        return None

    def _header(self, record: roster.Record, sheet: str) -> None:
        self.columns, self.headers, self.blank_headers = [], [], set()
        seen: dict[str, str] = {}
        for index, raw in enumerate(record.values):
            text = roster.text_value(raw)
            self.headers.append(text or _letter(index))
            if not text:
                self.columns.append(None)
                self.blank_headers.add(index)
                continue
            key, known = self._resolve(text)
            if not known:
                self.columns.append(None)
                closest = roster.closest_header(text)
                ignored = " (bỏ qua)" if self.skip_invalid else ""
                self._error(
                    RowIssue(
                        record.line,
                        _shown(text),
                        f"cột không nhận ra (gần nhất: “{closest}”): hãy ghép với một cột "
                        f"hoặc bỏ qua nó{ignored}",
                        f"unknown column (closest: “{closest}”): map it to a column or "
                        f"ignore it{' (ignored)' if self.skip_invalid else ''}",
                        self.sheet,
                    )
                )
            elif key is None:
                self.columns.append(None)
            elif key in seen:
                self.columns.append(None)
                self._error(
                    RowIssue(
                        record.line,
                        _shown(text),
                        f"cột trùng với cột {seen[key]}",
                        f"the same column as {seen[key]}",
                        self.sheet,
                    )
                )
            else:
                seen[key] = text
                self.columns.append(key)
        self.has = set(seen)
        self.by_relationship = "ma_ho" not in self.has and "quan_he" in self.has
        self.current_household = ""
        self.sheet_unit = ""
        if self.fixed_unit is None and self.unit.level == Level.COMMUNE:
            self.sheet_unit = self._sheet_neighbourhood(sheet)
        optional: set[str] = set()
        if self.by_relationship:
            optional.add("ma_ho")
        if self.fixed_unit is not None or self.sheet_unit:
            optional.add("khu_pho")
        missing = [c for c in roster.COLUMNS if c.required and c.key not in self.has | optional]
        if missing:
            names = ", ".join(f"{c.key} ({c.alias})" for c in missing)
            where_vi = f", trang {sheet}" if self.sheet else ""
            where_en = f", sheet {sheet}" if self.sheet else ""
            hint_vi = (
                " hoặc cột quan_he (Quan hệ với chủ hộ) thay cho ma_ho"
                if "ma_ho" in {c.key for c in missing}
                else ""
            )
            hint_en = (
                " or a quan_he (Quan hệ với chủ hộ) column instead of ma_ho"
                if "ma_ho" in {c.key for c in missing}
                else ""
            )
            raise Problem(
                f"Tệp {self.result.file} thiếu cột bắt buộc: {names}{hint_vi} (dòng tiêu đề là "
                f"dòng {record.line}{where_vi})",
                f"{self.result.file} lacks required columns: {names}{hint_en} (the header is "
                f"line {record.line}{where_en})",
            )
        if self.unit.level != Level.COMMUNE and "phuong" not in self.has:
            raise Problem(
                f"Nhập cho {self.unit.name} (cấp {self.unit.level}) cần cột phuong (ward) "
                "cho biết phường, xã của từng dòng",
                f"an import into {self.unit.name} ({self.unit.level}) needs a phuong (ward) "
                "column naming each row's commune",
            )

    def _sheet_neighbourhood(self, sheet: str) -> str:
        """The neighbourhood a sheet is named after (``Khu phố 1``, ``KP1``, ``Thôn Đông``)."""
        if not sheet:
            return ""
        wanted = _compact(sheet)
        for unit in OrgUnit.objects.filter(parent=self.unit, level=Level.NEIGHBOURHOOD):
            names = {_compact(unit.name), _compact(unit.short_name or ""), unit.code.lower()}
            if wanted in names:
                return unit.code
        if wanted.startswith(_NEIGHBOURHOOD_WORDS) and wanted not in _NEIGHBOURHOOD_WORDS:
            text = " ".join(sheet.split())
            match = re.match(r"^(kp|tdp)\s*\.?\s*(.+)$", text, re.IGNORECASE)
            if match:
                word = "Khu phố" if match.group(1).lower() == "kp" else "Tổ dân phố"
                return f"{word} {match.group(2)}"
            return text
        return ""

    # One row on its own ----------------------------------------------------------

    def _parse(self, record: roster.Record) -> Row:
        row = Row(record.line, self.sheet)
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
                self._error(
                    RowIssue(
                        record.line,
                        _letter(index),
                        "có giá trị ở cột không có tiêu đề"
                        + (" (bỏ qua)" if self.skip_invalid else ""),
                        "a value in a column without a header"
                        + (" (ignored)" if self.skip_invalid else ""),
                        self.sheet,
                    )
                )
        self.row = row
        self.values = values
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
        if self.by_relationship:
            self._household_from_relationship(row)
        return row

    def _cell_text(self, column: str) -> str:
        if column in self.values:
            return roster.text_value(self.values[column])[:200]
        row = self.row
        known = {
            "ma_ho": row.household_code,
            "ho_ten": row.full_name,
            "khu_pho": row.unit_label,
            "dia_chi": row.address or "",
            "so_dinh_danh": row.personal_id or "",
        }
        return known.get(column, "")

    def _row_issue(self, column: str, vi: str, en: str) -> None:
        self.row.issues.append(
            RowIssue(
                self.row.line, self._label(column), vi, en, self.sheet, self._cell_text(column)
            )
        )

    def _row_warning(self, column: str, vi: str, en: str) -> None:
        self.result.add_warning(
            RowIssue(
                self.row.line, self._label(column), vi, en, self.sheet, self._cell_text(column)
            )
        )

    def _household_from_relationship(self, row: Row) -> None:
        """Without ma_ho: a ``Chủ hộ`` row starts a household, the rows below belong to it."""
        if facts.is_head(row.relationship):
            self.current_household = derived_code(row)
        elif not self.current_household:
            self._row_issue(
                "quan_he",
                "chưa có dòng Chủ hộ phía trên: không biết người này thuộc hộ nào (dòng Chủ hộ "
                "đứng trước các thành viên của hộ)",
                "no Chủ hộ row above: which household this person belongs to is unknown (the "
                "head's row comes before the household's members)",
            )
        row.household_code = self.current_household

    def _parse_identity(self, row: Row, values: dict[str, Any]) -> None:
        row.ward = self._ward(values.get("phuong"))
        if not self.by_relationship:
            row.household_code = roster.text_value(values.get("ma_ho"))
            if not row.household_code:
                self._row_issue("ma_ho", "thiếu mã hộ", "the household code is missing")
            elif len(row.household_code) > 64:
                self._row_issue("ma_ho", "mã hộ dài quá 64 ký tự", "the code is over 64 characters")
        neighbourhood = roster.text_value(values.get("khu_pho"))
        if self.fixed_unit is not None:
            if neighbourhood and not _names(self.fixed_unit, neighbourhood):
                self._row_issue(
                    "khu_pho",
                    f"“{_shown(neighbourhood)}” không phải {self.fixed_unit.name} (tệp nhập cho "
                    "khu phố này)",
                    f"“{_shown(neighbourhood)}” is not {self.fixed_unit.name} (the file is "
                    "imported into that neighbourhood)",
                )
            neighbourhood = self.fixed_unit.code
        elif not neighbourhood and self.sheet_unit:
            neighbourhood = self.sheet_unit
        self._neighbourhood(row, neighbourhood)
        if "quan_he" in values:
            relationship = roster.text_value(values["quan_he"])
            if len(relationship) > 40:
                self._row_issue(
                    "quan_he",
                    "quan hệ dài quá 40 ký tự",
                    "the relationship is over 40 characters",
                )
            elif relationship:
                row.relationship = facts.HEAD if facts.is_head(relationship) else relationship
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
            # A warning: the person is imported, without the number.
            self._row_warning(
                "so_dien_thoai", f"{problem.vi}: bỏ qua số", f"{problem.en}: the number is left out"
            )

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
                self._row_warning("so_dinh_danh", vi, en)
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
        for column, name in FACTS:
            row.facts[name] = self._fact(column, values.get(column))
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


def derived_code(row: Row) -> str:
    """The code of a household that the file gives by its ``Chủ hộ`` row, stable across imports.

    From the head's personal ID, else from the head's name, birth date and neighbourhood.
    """
    if row.personal_id:
        return f"CH-{row.personal_id}"
    key = "|".join(
        (fold(row.full_name), row.birth.isoformat() if row.birth else "", fold(row.unit_label))
    )
    return "CH-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10].upper()


def _names(unit: OrgUnit, text: str) -> bool:
    folded = fold(text)
    return text.lower() == unit.code.lower() or folded in {
        unit.search_name,
        unit.search_short_name,
        unit.official_code,
    }


_NEIGHBOURHOOD_WORDS = ("khupho", "kp", "thon", "todanpho", "tdp", "ap", "ban", "xom")


def _compact(text: str) -> str:
    """``"KP 01"`` → ``"khupho1"``: a sheet's or a unit's name, for comparing them."""
    key = re.sub(r"[^a-z0-9]+", "", fold(text))
    key = re.sub(r"^kp(?=\d)", "khupho", key)
    key = re.sub(r"^tdp(?=\d)", "todanpho", key)
    return re.sub(r"(?<![0-9])0+(?=\d)", "", key)


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
