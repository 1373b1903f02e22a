from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.lib.commands import GocuaCommand
from gocua.lib.errors import Problem
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

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self.date_option(options["as_of"])
        unit = find_unit(options["unit"], on=as_of)
        result = roster_import(
            path=options["file"],
            unit=unit,
            as_of=as_of,
            dry_run=options["dry_run"],
            skip_invalid=options["skip_invalid"],
            show_progress=True,
        )
        for issue in result.errors:
            self.stderr.write(str(issue))
        for issue in result.warnings:
            self.stderr.write(f"{issue} (cảnh báo / warning)")
        if result.refused:
            raise Problem(*result.summary().split(" / ", 1))
        self.stdout.write(result.summary())
