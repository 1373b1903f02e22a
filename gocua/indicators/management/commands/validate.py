"""``gocua validate --unit UNIT [--as-of DATE] [--from DATE] [--format table|json]``.

JSON: an object ``{"unit", "as_of", "from", "findings": [...]}``; each finding has
``severity`` (error/warning), ``importance`` (high/medium/low), ``code``, ``unit``
(the unit's code), ``unit_name``, ``indicator``, ``text`` ("Vietnamese / English"),
``text_vi``, ``text_en``, ``action`` and ``figures``. Exit status 0 when it ran,
whatever it found.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.indicators.selectors import findings
from gocua.lib.commands import GocuaCommand
from gocua.lib.dates import start_of_year, today
from gocua.lib.errors import UsageProblem
from gocua.orgunits.selectors import find_unit


class Command(GocuaCommand):
    help = "Kiểm tra chất lượng số liệu / data-quality findings"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã hoặc tên đơn vị / unit code or name")
        parser.add_argument("--as-of", dest="as_of", help="ngày số liệu / as-of date (today)")
        parser.add_argument(
            "--from", dest="start", help="đầu kỳ / period start (1 January of the as-of year)"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self.date_option(options["as_of"], default=today())
        start = self.date_option(options["start"], default=start_of_year(as_of))
        if start > as_of:
            raise UsageProblem(
                f"--from {start.isoformat()} sau --as-of {as_of.isoformat()}",
                f"--from {start.isoformat()} is after --as-of {as_of.isoformat()}",
            )
        unit = find_unit(options["unit"], on=as_of)
        found = findings(unit=unit, as_of=as_of, start=start)
        if options["format"] == "json":
            self.print_json(
                {
                    "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
                    "as_of": as_of.isoformat(),
                    "from": start.isoformat(),
                    "findings": [f.to_json() for f in found],
                }
            )
            return
        if not found:
            self.stdout.write("Không có phát hiện nào / no findings")
            return
        self.print_table(
            ["mức/severity", "mã/code", "đơn vị/unit", "nội dung/text"],
            [[f.severity, f.code, f.unit_code, f.text] for f in found],
        )
