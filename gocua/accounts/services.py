from __future__ import annotations

from django.db import transaction

from gocua.accounts.models import Role, User
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit

# The unit levels each role may be attached to.
ROLE_LEVELS = {
    Role.MEMBER: {Level.NEIGHBOURHOOD},
    Role.WARD_OFFICER: {Level.COMMUNE},
    Role.UPPER_OFFICER: {Level.DISTRICT, Level.PROVINCE},
}


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    role: str,
    unit: OrgUnit | None,
    full_name: str = "",
    email: str = "",
) -> User:
    """Create a login (or reset an existing one: idempotent for the demo)."""
    if role != Role.ADMIN:
        if unit is None:
            raise Problem("Tài khoản cần một đơn vị", "an account needs a unit")
        if unit.level not in ROLE_LEVELS[Role(role)]:
            raise Problem(
                f"Vai trò {role} không gắn được với cấp {unit.level} ({unit.name})",
                f"role {role} cannot be attached to a {unit.level} ({unit.name})",
            )
    user = User.objects.filter(username=username).first() or User(username=username)
    first, _, last = full_name.rpartition(" ")
    user.first_name, user.last_name = (first, last) if first else (full_name, "")
    user.email = email
    user.role = role
    user.unit = unit
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user
