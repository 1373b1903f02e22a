from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from gocua.backups.services import backup_restore
from gocua.lib.commands import GocuaCommand


class Command(GocuaCommand):
    help = (
        "Nạp một bản sao lưu vào cơ sở dữ liệu đang cấu hình (tất cả hoặc không gì cả) / "
        "load a backup into the configured database (all or nothing)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp sao lưu của gocua backup / a file of gocua backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="thay thế cả khi cơ sở dữ liệu đã có dữ liệu / replace a database that holds data",
        )

    def handle(self, *args: Any, file: str, force: bool, **options: Any) -> None:
        summary = backup_restore(path=Path(file), force=force, user=None)
        self.stdout.write(
            f"Đã khôi phục / restored: {summary.path} ({summary.database}, "
            f"sao lưu lúc / taken {summary.created}, {summary.media_files} tệp / files)"
        )
