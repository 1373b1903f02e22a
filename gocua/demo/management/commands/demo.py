from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.demo.context import DEMO_PASSWORD
from gocua.demo.services import demo_load
from gocua.lib.commands import GocuaCommand


class Command(GocuaCommand):
    help = (
        "Tạo cơ sở dữ liệu và nạp dữ liệu mẫu (phường Tuần Châu, Hạ Long) / "
        "migrate the database and load the demo (Tuần Châu ward, Hạ Long)"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="xoá toàn bộ dữ liệu rồi nạp lại / erase the database and load again",
        )

    def handle(self, *args: Any, reset: bool, **options: Any) -> None:
        ctx = demo_load(reset=reset)
        self.stdout.write("Đã nạp dữ liệu mẫu / demo loaded")
        for note in ctx.notes:
            self.stdout.write(f"  {note}")
        self.stdout.write(f"Tài khoản mẫu (mật khẩu / password: {DEMO_PASSWORD}):")
        width = max(len(name) for name, _ in ctx.logins)
        for username, what in ctx.logins:
            self.stdout.write(f"  {username.ljust(width)}  {what}")
