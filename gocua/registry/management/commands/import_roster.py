from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.lib.commands import GocuaCommand
from gocua.lib.errors import Problem, UsageProblem
from gocua.orgunits.selectors import find_unit
from gocua.registry.services import roster_import


class Command(GocuaCommand):
    help = (
        "Nhập danh sách nhân khẩu (CSV hoặc XLSX) vào một phường, xã / "
        "import a resident roster (CSV or XLSX) into a ward"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .csv hoặc .xlsx / a .csv or .xlsx file")
        parser.add_argument(
            "--unit",
            required=True,
            help="phường, xã (mã hoặc tên); thành phố, tỉnh khi tệp có cột phuong / "
            "the ward (code or name); a city or province when the file has a phuong column",
        )
        parser.add_argument(
            "--as-of", help="ngày chốt số liệu (mặc định hôm nay) / as-of date (default today)"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="chỉ kiểm tra, không ghi / check and report only",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="nhập các dòng đúng, liệt kê dòng sai / import the good rows, list the bad ones",
        )
        parser.add_argument(
            "--ignore-column",
            action="append",
            default=[],
            metavar="HEADER",
            help="bỏ qua cột có tiêu đề này (lặp lại được) / ignore the column with this header "
            "(repeatable)",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=column",
            help='đọc cột HEADER như cột column của mẫu, ví dụ "Họ tên chủ hộ=ho_ten" '
            "(lặp lại được) / read the column HEADER as the template's column (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self.date_option(options["as_of"])
        mapping: dict[str, str] = {}
        for item in options["map"]:
            header, sep, column = item.rpartition("=")
            if not sep or not header.strip():
                raise UsageProblem(
                    f'--map {item}: cần dạng "TIÊU ĐỀ=cột"',
                    f'--map {item}: use the form "HEADER=column"',
                )
            mapping[header.strip()] = column.strip()
        unit = find_unit(options["unit"], on=as_of)
        result = roster_import(
            path=options["file"],
            unit=unit,
            as_of=as_of,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            show_progress=True,
            ignore=options["ignore_column"],
            mapping=mapping,
        )
        for issue in result.errors:
            self.stderr.write(str(issue))
        if result.unlisted:
            self.stderr.write(
                f"… và {result.unlisted} lỗi nữa (chỉ liệt kê {len(result.errors)} lỗi đầu) / "
                f"… and {result.unlisted} more errors (only the first {len(result.errors)} listed)"
            )
        for issue in result.warnings:
            self.stderr.write(f"{issue} (cảnh báo / warning)")
        if result.warning_count > len(result.warnings):
            more = result.warning_count - len(result.warnings)
            self.stderr.write(f"… và {more} cảnh báo nữa / … and {more} more warnings")
        if result.refused:
            raise Problem(*result.summary().split(" / ", 1))
        self.stdout.write(result.summary())
