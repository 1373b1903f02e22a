"""What a roster import did, and what is wrong with a file (its result and row issues).

Errors and warnings are listed up to :data:`MAX_LISTED` each (a file of a million bad
rows must not hold a million messages); their counts stay exact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

MAX_LISTED = 10_000  # errors (and warnings) kept to list; the count stays exact


@dataclass(frozen=True)
class RowIssue:
    """One thing wrong with a file, where a spreadsheet user finds it."""

    line: int
    column: str
    vi: str
    en: str
    sheet: str = ""  # the sheet's name when the workbook has several
    value: str = ""  # the cell as the file writes it

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, " if self.sheet else ""
        return f"{where}line {self.line}, column {self.column}: {self.vi} / {self.en}"

    def localized(self, language: str) -> str:
        if language == "en":
            where = f"Sheet {self.sheet}, line" if self.sheet else "Line"
            return f"{where} {self.line}, column {self.column}: {self.en}"
        where = f"Trang {self.sheet}, dòng" if self.sheet else "Dòng"
        return f"{where} {self.line}, cột {self.column}: {self.vi}"


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
    bad_rows: int = 0  # rows with an error
    households_created: int = 0
    households_updated: int = 0
    transactions_created: int = 0
    surveys_created: int = 0
    changes: int = 0  # Change rows (history) written
    new_units: list[tuple[str, str]] = field(default_factory=list)  # (code, name) created
    errors: list[RowIssue] = field(default_factory=list)  # the first MAX_LISTED
    warnings: list[RowIssue] = field(default_factory=list)  # the first MAX_LISTED
    error_count: int = 0  # every error, listed or not
    warning_count: int = 0
    sheets: list[str] = field(default_factory=list)  # sheets read (XLSX)
    skipped_sheets: list[str] = field(default_factory=list)  # sheets without a header row
    written: bool = False  # True when the database was changed

    def add_error(self, issue: RowIssue) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED:
            self.errors.append(issue)

    def add_warning(self, issue: RowIssue) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_LISTED:
            self.warnings.append(issue)

    @property
    def unlisted(self) -> int:
        return self.error_count - len(self.errors)

    @property
    def to_write(self) -> int:
        """Residents added or changed: what confirming writes."""
        return self.created + self.updated

    @property
    def refused(self) -> bool:
        return bool(self.error_count) and not self.skip_invalid

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
        if self.skipped_sheets:
            skipped = ", ".join(self.skipped_sheets)
            counts_vi += f"; bỏ qua trang không có dòng tiêu đề: {skipped}"
            counts_en += f"; skipped sheets without a header row: {skipped}"
        if self.refused and self.dry_run:
            return (
                f"Kiểm tra {self.file}: {self.error_count} lỗi, tệp sẽ bị từ chối / "
                f"checked {self.file}: {self.error_count} errors, the file would be refused"
            )
        if self.refused:
            return (
                f"Tệp {self.file} bị từ chối, không ghi gì: {self.error_count} lỗi / "
                f"{self.file} refused, nothing written: {self.error_count} errors"
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
            "errors": self.error_count,
            "warnings": self.warning_count,
            "sheets": self.sheets,
            "skipped_sheets": self.skipped_sheets,
        }
