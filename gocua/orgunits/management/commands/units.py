from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.lib.commands import GocuaCommand
from gocua.lib.dates import today
from gocua.lib.errors import UsageProblem
from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.selectors import find_unit
from gocua.orgunits.services import orgunit_add


class Command(GocuaCommand):
    help = "Liệt kê hoặc thêm đơn vị / list or add units"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        listing = sub.add_parser(
            "list",
            help="liệt kê đơn vị / list units",
            called_from_command_line=parser.called_from_command_line,
        )
        listing.add_argument(
            "--under",
            help="mã hoặc tên đơn vị cha (mặc định: cấp tỉnh) / parent unit (default: provinces)",
        )
        listing.add_argument(
            "--depth",
            type=int,
            default=1,
            help="số cấp bên dưới, 0 = tất cả (mặc định 1) / levels below, 0 = all (default 1)",
        )
        listing.add_argument("--level", choices=Level.values, help="chỉ cấp này / only this level")
        listing.add_argument("--format", choices=["table", "json"], default="table")
        adding = sub.add_parser(
            "add",
            help="thêm đơn vị / add a unit",
            called_from_command_line=parser.called_from_command_line,
        )
        adding.add_argument("name")
        adding.add_argument("--parent", required=True)
        adding.add_argument("--level", choices=Level.values)
        adding.add_argument("--code")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "add":
            parent = find_unit(options["parent"], on=today())
            unit = orgunit_add(
                name=options["name"], parent=parent, level=options["level"], code=options["code"]
            )
            self.stdout.write(unit.code)
            return
        self._list(options)

    def _list(self, options: dict[str, Any]) -> None:
        depth: int = options["depth"]
        if depth < 0:
            raise UsageProblem("--depth phải ≥ 0", "--depth must be ≥ 0")
        if options["under"]:
            root = find_unit(options["under"], on=today())
            units = OrgUnit.objects.under(root, include_self=False)
            if depth:
                units = units.filter(depth__lte=root.depth + depth)
        else:
            units = OrgUnit.objects.all()
            if depth:
                units = units.filter(depth__lt=depth)
        if options["level"]:
            units = units.filter(level=options["level"])
        units = units.select_related("parent").order_by("path")
        rows = [
            {
                "code": u.code,
                "name": u.name,
                "level": u.level,
                "parent": u.parent.code if u.parent else None,
                "parent_name": u.parent.name if u.parent else None,
                "valid_from": u.valid_from.isoformat() if u.valid_from else None,
                "valid_until": u.valid_until.isoformat() if u.valid_until else None,
            }
            for u in units
        ]
        if options["format"] == "json":
            self.print_json(rows)
            return
        self.print_table(
            ["code", "name", "level", "parent", "valid"],
            [[r["code"], r["name"], r["level"], r["parent"] or "", _validity(r)] for r in rows],
        )


def _validity(row: dict[str, Any]) -> str:
    if row["valid_until"]:
        return f"→ {row['valid_until']}"
    if row["valid_from"]:
        return f"{row['valid_from']} →"
    return ""
