from __future__ import annotations

from django.core.management import call_command
from django.db import transaction

from gocua.accounts.demo import DEMO_USERS
from gocua.accounts.models import User
from gocua.demo.context import DemoContext
from gocua.demo.steps import steps
from gocua.lib.errors import Problem


def demo_load(*, reset: bool = False) -> DemoContext:
    """Migrate, then build the demo; safe to run twice."""
    call_command("migrate", interactive=False, verbosity=0)
    if reset:
        _refuse_reset_of_real_data()
        call_command("flush", interactive=False, verbosity=0)
    ctx = DemoContext()
    with transaction.atomic():
        for step in steps():
            step(ctx)
    return ctx


def _refuse_reset_of_real_data() -> None:
    """--reset erases the database: refuse when it holds logins the demo did not make."""
    demo_names = {u[0] for u in DEMO_USERS}
    others = list(
        User.objects.exclude(username__in=demo_names).values_list("username", flat=True)[:5]
    )
    if others:
        raise Problem(
            f"Cơ sở dữ liệu có tài khoản thật ({', '.join(others)}); --reset sẽ xoá hết. "
            "Hãy dùng DATABASE_URL khác cho bản demo",
            f"the database holds real accounts ({', '.join(others)}); --reset would erase "
            "everything. Use another DATABASE_URL for the demo",
        )
