"""``gocua api-token create USERNAME [--label TEXT]``, ``list [USERNAME]``, ``revoke PREFIX``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from gocua.accounts.models import User
from gocua.api.selectors import api_tokens
from gocua.api.services import api_token_create, api_token_revoke
from gocua.lib.commands import GocuaCommand
from gocua.lib.errors import Problem, UsageProblem


def _user(username: str) -> User:
    user = User.objects.filter(username=username).select_related("unit").first()
    if user is None:
        raise Problem(f"Không có tài khoản {username}", f"no account {username}")
    return user


class Command(GocuaCommand):
    help = "Tạo, liệt kê, thu hồi mã truy cập API / create, list and revoke API tokens"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        cli = bool(parser.called_from_command_line)
        create = sub.add_parser(
            "create", help="tạo mã mới / create a token", called_from_command_line=cli
        )
        create.add_argument("username")
        create.add_argument("--label", default="", help="ghi chú / label")
        listing = sub.add_parser("list", help="liệt kê / list tokens", called_from_command_line=cli)
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser(
            "revoke", help="thu hồi / revoke a token", called_from_command_line=cli
        )
        revoke.add_argument("prefix", metavar="TOKEN_PREFIX")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            new = api_token_create(user=_user(options["username"]), label=options["label"])
            self.stdout.write(new.token)
            self.stderr.write(
                "Hãy lưu mã này: nó chỉ hiện một lần / keep this token: it is shown only once"
            )
        elif action == "list":
            username = options["username"]
            if username:
                _user(username)
            rows = [
                [
                    f"gc_{t.prefix}",
                    t.user.username,
                    t.label,
                    f"{t.created_at:%Y-%m-%d %H:%M}",
                    f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "",
                    "thu hồi / revoked" if t.revoked_at else "còn hiệu lực / active",
                ]
                for t in api_tokens(username=username)
            ]
            self.print_table(["prefix", "user", "label", "created", "last used", "status"], rows)
        elif action == "revoke":
            record = api_token_revoke(prefix=options["prefix"])
            self.stdout.write(f"gc_{record.prefix} ({record.user.username}): revoked")
        else:  # pragma: no cover - argparse refuses others
            raise UsageProblem("Lệnh không rõ", "unknown action")
