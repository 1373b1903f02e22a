"""``gocua indicators --unit UNIT [--as-of DATE] [--from DATE] [--format table|json|csv]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.indicators import engines, exports
from gocua.indicators.selectors import indicator_values
from gocua.lib.commands import GocuaCommand
from gocua.lib.dates import start_of_year, today
from gocua.lib.errors import UsageProblem
from gocua.lib.sheets import csv_writer
from gocua.orgunits.selectors import find_unit


class Command(GocuaCommand):
    help = (
        "Giá trị các chỉ tiêu của đơn vị và các đơn vị trực thuộc / "
        "indicator values of the unit and each unit directly below it"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã hoặc tên đơn vị / unit code or name")
        parser.add_argument("--as-of", dest="as_of", help="ngày số liệu / as-of date (today)")
        parser.add_argument(
            "--from", dest="start", help="đầu kỳ / period start (1 January of the as-of year)"
        )
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument(
            "--engine",
            choices=list(engines.ENGINES),
            default=engines.DATABASE,
            help="cơ sở dữ liệu, hoặc DuckDB/Spark trên bản chụp / database, or DuckDB/Spark "
            "over a snapshot",
        )
        parser.add_argument("--data", help="thư mục bản chụp / snapshot directory")
        parser.add_argument(
            "--spark-master",
            dest="spark_master",
            help=f"Spark master ({engines.DEFAULT_MASTER}, spark://host:7077, sc://host:15002)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = self.date_option(options["as_of"], default=today())
        start = self.date_option(options["start"], default=start_of_year(as_of))
        if start > as_of:
            raise UsageProblem(
                f"--from {start.isoformat()} sau --as-of {as_of.isoformat()}",
                f"--from {start.isoformat()} is after --as-of {as_of.isoformat()}",
            )
        unit = find_unit(options["unit"], on=as_of)
        backend = engines.backend(
            options["engine"], data=options["data"], master=options["spark_master"]
        )
        values = indicator_values(unit=unit, as_of=as_of, start=start, backend=backend)
        if options["format"] == "json":
            self.print_json(values.to_json())
        elif options["format"] == "csv":
            writer = csv_writer(self.stdout, lineterminator="\n")
            writer.writerows(exports.rows(values))
        else:
            headers, rows = exports.table(values)
            self.print_table(headers, rows)
