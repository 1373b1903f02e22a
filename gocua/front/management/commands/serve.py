from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandParser

from gocua.lib.commands import GocuaCommand


class Command(GocuaCommand):
    help = "Chạy ứng dụng web (máy chủ waitress) / run the web app (waitress server)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:
        from waitress import serve

        from gocua.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        from gocua.registry.services import import_jobs_recover

        import_jobs_recover()  # web imports a stopped server left unfinished: marked failed
        if host not in ("0.0.0.0", "::") and host not in settings.ALLOWED_HOSTS:  # noqa: S104
            settings.ALLOWED_HOSTS.append(host)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104
        self.stdout.write(f"Gõ Cửa: http://{shown}:{port}/  (Ctrl+C để dừng / to stop)")
        self.stdout.flush()
        serve(application, host=host, port=port, threads=threads, ident="gocua")
