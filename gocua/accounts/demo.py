"""One demo login per role, all with the same printed password."""

from __future__ import annotations

from gocua.accounts.models import Role
from gocua.accounts.services import user_upsert
from gocua.orgunits.demo import DEMO_PASSWORD, DemoContext

# (username, role, unit key, full name, what to try with it)
DEMO_USERS = [
    ("admin", Role.ADMIN, None, "Quản trị hệ thống", "quản trị / administrator"),
    (
        "tinh",
        Role.UPPER_OFFICER,
        "province",
        "Trần Thị Tỉnh",
        "cán bộ tỉnh Quảng Ninh / province officer",
    ),
    ("thanhpho", Role.UPPER_OFFICER, "city", "Lê Văn Thành", "Phòng VH-TT Hạ Long / city officer"),
    (
        "tuanchau",
        Role.WARD_OFFICER,
        "ward",
        "Nguyễn Thị Phường",
        "cán bộ phường Tuần Châu / ward officer",
    ),
    (
        "tuanchau.kp1",
        Role.MEMBER,
        "ward.kp1",
        "Phạm Văn Tổ",
        "tổ CNSCĐ Khu phố 1, Tuần Châu / team member",
    ),
    (
        "hungthang",
        Role.WARD_OFFICER,
        "ward2",
        "Hoàng Thị Hùng",
        "cán bộ phường Hùng Thắng / ward officer",
    ),
    (
        "hungthang.kp1",
        Role.MEMBER,
        "ward2.kp1",
        "Vũ Văn Thắng",
        "tổ CNSCĐ Khu phố 1, Hùng Thắng / team member",
    ),
]


def build(ctx: DemoContext) -> None:
    for username, role, unit_key, full_name, what in DEMO_USERS:
        unit = ctx.units[unit_key] if unit_key else None
        user_upsert(
            username=username, password=DEMO_PASSWORD, role=role, unit=unit, full_name=full_name
        )
        ctx.logins.append((username, what))
