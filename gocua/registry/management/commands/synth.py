from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import DatabaseError

from gocua.lib.commands import GocuaCommand
from gocua.lib.errors import UsageProblem
from gocua.orgunits.models import Level, OrgUnit
from gocua.orgunits.selectors import find_unit
from gocua.registry.synth import synth_file

DEFAULT_CITY = "L193"  # Thành phố Hạ Long, the demo's city


class Command(GocuaCommand):
    help = (
        "Viết một danh sách nhân khẩu giả lập để thử và đo / "
        "write a synthetic resident roster for trials and benchmarks"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--wards", type=int, required=True, help="số phường / wards")
        parser.add_argument(
            "--residents", type=int, required=True, help="tổng số nhân khẩu / residents in all"
        )
        parser.add_argument("--seed", type=int, default=1, help="hạt giống (mặc định 1) / seed")
        parser.add_argument(
            "--as-of", help="ngày chốt số liệu (mặc định hôm nay) / as-of date (default today)"
        )
        parser.add_argument(
            "--unit",
            help="thành phố, tỉnh có các phường ghi ở cột phuong khi --wards > 1 (mặc định "
            "Hạ Long nếu có) / the city or province whose communes fill the phuong column "
            "when --wards > 1 (default: Hạ Long if present)",
        )
        parser.add_argument("--out", required=True, help="tệp .csv (hoặc .xlsx) / output file")

    def handle(self, *args: Any, **options: Any) -> None:
        wards_count: int = options["wards"]
        residents: int = options["residents"]
        if wards_count < 1 or residents < 0:
            raise UsageProblem(
                "--wards phải ≥ 1 và --residents ≥ 0", "--wards must be ≥ 1 and --residents ≥ 0"
            )
        as_of = self.date_option(options["as_of"])
        out = Path(options["out"])
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise UsageProblem(
                f"Tệp ra phải là .csv hoặc .xlsx: {out.name}",
                f"the output file must be .csv or .xlsx: {out.name}",
            )
        wards: list[str | None] = [None]
        if wards_count > 1:
            wards = list(self._wards(options["unit"], wards_count, as_of))
        try:
            count = synth_file(
                path=out,
                wards=wards,
                residents=residents,
                seed=options["seed"],
                as_of=as_of,
                show_progress=True,
            )
        except OSError as error:
            raise UsageProblem(
                f"Không ghi được {out} ({error.strerror})", f"cannot write {out} ({error.strerror})"
            ) from None
        self.stdout.write(
            f"Đã viết {count} nhân khẩu ({wards_count} phường) vào {out} / "
            f"wrote {count} residents ({wards_count} wards) to {out}"
        )

    def _wards(self, query: str | None, count: int, as_of: Any) -> list[str]:
        """Commune codes under the unit (default: Hạ Long), or made-up names without one."""
        try:
            if query:
                unit = find_unit(query, on=as_of)
            else:
                unit = OrgUnit.objects.filter(code=DEFAULT_CITY).first()  # type: ignore[assignment]
                if unit is None:
                    return [f"Phường {n}" for n in range(1, count + 1)]
            codes = list(
                OrgUnit.objects.under(unit)
                .filter(level=Level.COMMUNE)
                .order_by("code")
                .values_list("code", flat=True)
            )
        except DatabaseError:
            if query:
                raise
            return [f"Phường {n}" for n in range(1, count + 1)]
        if len(codes) < count:
            raise UsageProblem(
                f"{unit.name} chỉ có {len(codes)} phường, xã; cần {count}",
                f"{unit.name} has only {len(codes)} communes; {count} are needed",
            )
        return codes[:count]
