from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser

from gocua.lib.commands import GocuaCommand
from gocua.orgunits.official import REFORM_DAY, current_rows, legacy_rows, successions
from gocua.orgunits.services import orgunits_upsert, successions_upsert


class Command(GocuaCommand):
    help = (
        "Nạp danh mục đơn vị hành chính chính thức (hiện hành; với --legacy cả danh mục "
        "trước 01/7/2025) / load the official unit list (current; with --legacy also the "
        "pre-July-2025 list)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--legacy",
            action="store_true",
            help="cũng nạp danh mục cũ có cấp huyện / also load the old list with districts",
        )

    def handle(self, *args: Any, legacy: bool, **options: Any) -> None:
        started = time.perf_counter()
        result = orgunits_upsert(current_rows())
        line = f"hiện hành / current: +{result.created} ~{result.updated} ={result.unchanged}"
        if legacy:
            old = orgunits_upsert(legacy_rows())
            links = successions_upsert(successions(), effective=REFORM_DAY)
            line += (
                f"; trước 2025 / before 2025: +{old.created} ~{old.updated} ={old.unchanged};"
                f" kế thừa / successions: +{links}"
            )
        self.stdout.write(f"{line} ({time.perf_counter() - started:.1f} s)")
