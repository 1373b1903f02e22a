"""The ``gocua`` console script: Django's manage.py under another name.

Command names of interfaces.md use hyphens (``import-roster``); Django's
management commands are modules, so hyphens become underscores here.
Configuration and database errors become one clear line, never a traceback.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gocua"
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gocua.settings")

    from gocua.lib.errors import Problem

    try:
        from django.core.management import execute_from_command_line
        from django.db import DatabaseError

        execute_from_command_line(argv)
    except Problem as problem:
        sys.stderr.write(f"{problem}\n")
        sys.exit(problem.exit_status)
    except DatabaseError as error:
        sys.stderr.write(_database_message(error) + "\n")
        sys.exit(1)
    except BrokenPipeError:  # output piped into `head`: stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        sys.stderr.write("Đã dừng / interrupted\n")
        sys.exit(130)


def _database_message(error: Exception) -> str:
    text = " ".join(str(error).split())
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return (
            f"Cơ sở dữ liệu chưa được tạo, hãy chạy: gocua migrate (hoặc gocua demo) ({text}) / "
            f"the database is not set up, run: gocua migrate (or gocua demo) ({text})"
        )
    return f"Lỗi cơ sở dữ liệu: {text} / database error: {text}"


if __name__ == "__main__":
    main()
