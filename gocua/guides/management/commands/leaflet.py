"""``gocua leaflet --service CODE|all [--unit UNIT] [--size A4|A5] --out FILE.pdf``.

A printable leaflet (A5, the default) or poster (A4) guiding a resident through one
service of the catalogue, with the unit's team contacts; ``--service all`` writes one page
per active service. The file appears whole or not at all; the export is logged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from gocua.guides.leaflet import SIZES
from gocua.guides.services import leaflet_export
from gocua.lib.commands import GocuaCommand
from gocua.lib.errors import UsageProblem
from gocua.orgunits.selectors import find_unit
from gocua.reports.management.commands.report import write_whole


class Command(GocuaCommand):
    help = "Tờ rơi, áp phích hướng dẫn một dịch vụ / a leaflet or poster guiding one service"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--service", required=True, help="mã dịch vụ hoặc all / service code or all"
        )
        parser.add_argument("--unit", help="mã hoặc tên đơn vị / unit code or name")
        parser.add_argument(
            "--size", default="A5", choices=SIZES, help="A5 tờ rơi, A4 áp phích / leaflet, poster"
        )
        parser.add_argument("--out", required=True, help="tệp .pdf / file")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.suffix.lower() != ".pdf":
            raise UsageProblem(
                f"--out phải là tệp .pdf, không phải “{out.name}”",
                f"--out must be a .pdf file, not “{out.name}”",
            )
        unit = find_unit(options["unit"]) if options["unit"] else None
        data, pages, _services = leaflet_export(
            service_code=options["service"].strip().lower(),
            unit=unit,
            size=options["size"],
            user=None,
        )
        write_whole(out, data)
        self.stdout.write(f"{out} ({len(data):,} bytes): {pages} trang / pages, {options['size']}")
