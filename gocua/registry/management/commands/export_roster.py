from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from gocua.lib.commands import GocuaCommand
from gocua.lib.dates import today
from gocua.lib.errors import UsageProblem
from gocua.orgunits.selectors import find_unit
from gocua.registry.services import roster_export


class Command(GocuaCommand):
    help = (
        "Xuất danh sách nhân khẩu của một đơn vị ra CSV hoặc XLSX / "
        "write a unit's resident roster to CSV or XLSX"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã hoặc tên / code or name")
        parser.add_argument("--out", required=True, help="tệp .csv hoặc .xlsx / a .csv or .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = find_unit(options["unit"], on=today())
        out = Path(options["out"])
        file_format = out.suffix.lower().lstrip(".")
        if file_format not in ("csv", "xlsx"):
            raise UsageProblem(
                f"Tệp ra phải là .csv hoặc .xlsx: {out.name}",
                f"the output file must be .csv or .xlsx: {out.name}",
            )
        try:
            handle = out.open("wb")
        except OSError as error:
            raise UsageProblem(
                f"Không ghi được {out} ({error.strerror})", f"cannot write {out} ({error.strerror})"
            ) from None
        with handle:
            count = roster_export(unit=unit, out=handle, file_format=file_format)
        self.stdout.write(
            f"Đã xuất {count} nhân khẩu của {unit.name} ra {out} / "
            f"exported {count} residents of {unit.name} to {out}"
        )
