"""The base of every ``gocua`` command.

Errors reach the user as one line, Vietnamese then English, with the exit
status of interfaces.md: 1 refused input, 2 bad usage. Commands stay thin:
they parse arguments, call a service or selector, and print.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from gocua.lib.dates import parse_cli_date, today
from gocua.lib.errors import Problem


class GocuaCommand(BaseCommand):
    requires_system_checks: list[str] = []

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        _bilingual_usage_errors(parser)
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        try:
            super().run_from_argv(argv)
        except Problem as problem:
            self.stderr.write(str(problem))
            sys.exit(problem.exit_status)

    # Helpers shared by commands -------------------------------------------------

    @staticmethod
    def date_option(value: str | None, *, default: dt.date | None = None) -> dt.date:
        if value is None:
            return default or today()
        return parse_cli_date(value)

    def print_json(self, data: Any) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    def print_table(self, headers: list[str], rows: list[list[Any]]) -> None:
        """A plain aligned table; wide text is not cut."""
        cells = [[str(c) for c in headers]] + [
            ["" if c is None else str(c) for c in r] for r in rows
        ]
        widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
        for index, row in enumerate(cells):
            self.stdout.write(
                "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))


def _bilingual_usage_errors(parser: CommandParser) -> None:
    """argparse errors as one bilingual line after the usage, exit status 2."""

    def error(message: str) -> NoReturn:
        if not parser.called_from_command_line:
            from django.core.management.base import CommandError

            raise CommandError(f"Error: {message}")
        parser.print_usage(sys.stderr)
        sys.stderr.write(f"Cách dùng sai: {message} / bad usage: {message}\n")
        sys.exit(2)

    parser.error = error  # type: ignore[method-assign]
    for action in parser._actions:  # subparsers of "units list/add"
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict):
            for sub in choices.values():
                if isinstance(sub, CommandParser):
                    _bilingual_usage_errors(sub)
