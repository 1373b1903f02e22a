from __future__ import annotations

from django.core.management import call_command
from django.db import transaction

from gocua.accounts.demo import DEMO_USERS
from gocua.accounts.models import User
from gocua.demo.context import DemoContext
from gocua.demo.steps import steps
from gocua.lib.errors import Problem
from gocua.orgunits.models import OrgUnit
from gocua.registry.models import Resident


def demo_load(*, reset: bool = False) -> DemoContext:
    """Migrate, then build the demo; safe to run twice."""
    call_command("migrate", interactive=False, verbosity=0)
    _refuse_real_data(reset=reset)
    if reset:
        call_command("flush", interactive=False, verbosity=0)
    ctx = DemoContext()
    with transaction.atomic():
        for step in steps():
            step(ctx)
    return ctx


def _refuse_real_data(*, reset: bool) -> None:
    """The demo prints public passwords and adds synthetic residents; ``--reset`` erases
    everything. Either is done only to an empty database or one that holds only the demo."""
    demo_names = {u[0] for u in DEMO_USERS}
    others = list(
        User.objects.exclude(username__in=demo_names)
        .order_by("username")
        .values_list("username", flat=True)[:5]
    )
    what = "--reset sẽ xoá hết" if reset else "bản demo sẽ thêm tài khoản mật khẩu công khai"
    what_en = (
        "--reset would erase everything"
        if reset
        else "the demo would add logins with a public password"
    )
    if others:
        raise Problem(
            f"Cơ sở dữ liệu có tài khoản thật ({', '.join(others)}); {what}. "
            "Hãy dùng DATABASE_URL khác cho bản demo",
            f"the database holds real accounts ({', '.join(others)}); {what_en}. "
            "Use another DATABASE_URL for the demo",
        )
    if User.objects.filter(username__in=demo_names).exists():
        return  # the demo's own database
    units, residents = OrgUnit.objects.count(), Resident.objects.count()
    if units or residents:
        raise Problem(
            f"Cơ sở dữ liệu đã có dữ liệu không phải của bản demo ({units} đơn vị, "
            f"{residents} nhân khẩu); {what}. Hãy dùng DATABASE_URL khác cho bản demo",
            f"the database holds data that is not the demo's ({units} units, {residents} "
            f"residents); {what_en}. Use another DATABASE_URL for the demo",
        )
