from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from gocua.backups.services import backup_create
from gocua.lib.commands import GocuaCommand


class Command(GocuaCommand):
    help = (
        "Sao lưu toàn bộ cơ sở dữ liệu và tệp đã tải lên, trong khi ứng dụng vẫn chạy / "
        "back up the whole database and the uploaded files while the app runs"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="tệp sao lưu / the backup file (.zip)")

    def handle(self, *args: Any, out: str, **options: Any) -> None:
        summary = backup_create(out=Path(out), user=None)
        self.stdout.write(
            f"Đã sao lưu / backed up: {summary.path} ({summary.database}, "
            f"{summary.size:,} byte, {summary.media_files} tệp / files)"
        )
