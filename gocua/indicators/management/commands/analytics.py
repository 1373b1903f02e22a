"""``gocua analytics export --out DIR [--unit UNIT]``: the Parquet snapshot that
``gocua indicators --engine duckdb|spark --data DIR`` reads (see ``snapshot``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from gocua.indicators.snapshot import snapshot_export
from gocua.lib.commands import GocuaCommand
from gocua.orgunits.selectors import find_unit


class Command(GocuaCommand):
    help = "Bản chụp dữ liệu cho phân tích / snapshot for analytics"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        export = sub.add_parser(
            "export",
            help="ghi bản chụp Parquet / write a Parquet snapshot",
            called_from_command_line=parser.called_from_command_line,
        )
        export.add_argument("--out", required=True, help="thư mục / directory")
        export.add_argument("--unit", help="chỉ cây đơn vị này / only this unit's subtree")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = find_unit(options["unit"]) if options.get("unit") else None
        manifest = snapshot_export(out=Path(options["out"]), unit=unit)
        rows = ", ".join(f"{name} {t['rows']}" for name, t in manifest["tables"].items())
        self.stdout.write(
            f"Đã ghi bản chụp {manifest['snapshot_at']} vào {options['out']} ({rows}) / "
            f"snapshot {manifest['snapshot_at']} written to {options['out']}"
        )
