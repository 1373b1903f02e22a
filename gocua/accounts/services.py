from __future__ import annotations

import re
import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from gocua.accounts.models import Role, User
from gocua.accounts.permissions import LOGIN_ROLE_OF_LEVEL, may_create_login, may_manage_login
from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.lib.phones import normalize_phone
from gocua.lib.text import clean_text, fold
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
    _set_name(user, full_name)
    user.email = email
    user.role = role
    user.unit = unit
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


def _set_name(user: User, full_name: str) -> None:
    first, _, last = full_name.rpartition(" ")
    user.first_name, user.last_name = (first, last) if first else (full_name, "")


# One-time passwords are read from a slip and typed on a phone: no look-alike characters.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")


def one_time_password() -> str:
    """``k7m2-p9qx``: 8 random characters of 31 (about 40 bits), in two groups of four."""
    chars = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def suggest_username(full_name: str) -> str:
    """``Nguyễn Thị Lan`` → ``lannt`` (the given name, then the initials of the others, as
    Vietnamese offices write e-mail addresses); ``lannt2``, ``lannt3``… if taken."""
    words = re.findall(r"[a-z0-9]+", fold(full_name))
    base = (words[-1] + "".join(w[0] for w in words[:-1])) if words else "tocnscd"
    base = base[:30] if len(base) >= 3 else f"{base}cnscd"
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _refuse_unless(allowed: bool) -> None:
    if not allowed:
        raise Problem(
            "Bạn không quản lý tài khoản ở đơn vị này", "you do not manage the logins of that unit"
        )


@transaction.atomic
def account_create(
    *,
    unit: OrgUnit,
    full_name: str,
    phone: str = "",
    username: str = "",
    user: User | None,
) -> tuple[User, str]:
    """A login on ``unit`` (a member on a neighbourhood, a ward officer on a commune, a city
    officer on a city) with a one-time password, returned once and never stored nor logged:
    the new user chooses their own password at the first login. ``user`` None is the system."""
    if user is not None:
        _refuse_unless(may_create_login(user, unit))
    role = LOGIN_ROLE_OF_LEVEL.get(unit.level)  # type: ignore[call-overload]
    if role is None:
        raise Problem(
            f"Không tạo được tài khoản ở cấp này ({unit.name})",
            f"no login can be created at that level ({unit.name})",
        )
    full_name = clean_text(full_name)
    if not full_name:
        raise Problem("Cần họ và tên", "a full name is needed")
    username = clean_text(username).lower()
    if username:
        if not _USERNAME.fullmatch(username):
            raise Problem(
                f"Tên đăng nhập “{username}” không hợp lệ (3–40 chữ thường không dấu, số, . _ -)",
                f"user name “{username}” is not valid (3–40 lower-case letters, digits, . _ -)",
            )
        if User.objects.filter(username=username).exists():
            raise Problem(
                f"Tên đăng nhập “{username}” đã có người dùng",
                f"user name “{username}” is taken",
            )
    else:
        username = suggest_username(full_name)
    password = one_time_password()
    account = User(username=username, role=role, unit=unit, phone=normalize_phone(phone))
    _set_name(account, full_name)
    account.set_password(password)
    account.must_change_password = True
    account.full_clean(exclude=["password"])
    account.save()
    audit_log(
        action="accounts.login.create",
        user=user,
        unit_code=unit.code,
        object_type="user",
        object_id=account.pk,
        detail={"username": account.username, "role": role},
    )
    return account, password


@transaction.atomic
def account_password_reset(*, account: User, user: User | None) -> str:
    """A new one-time password (returned once); the old one and every open session end."""
    if user is not None:
        _refuse_unless(may_manage_login(user, account))
    password = one_time_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    _log(account, "accounts.login.password_reset", user)
    return password


@transaction.atomic
def account_deactivate(*, account: User, user: User | None) -> User:
    """The person left: the login is refused from now on, their history stays theirs."""
    if user is not None:
        _refuse_unless(may_manage_login(user, account))
    if account.is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])
        _log(account, "accounts.login.deactivate", user)
    return account


@transaction.atomic
def account_reactivate(*, account: User, user: User | None) -> User:
    if user is not None:
        _refuse_unless(may_manage_login(user, account))
    if not account.is_active:
        account.is_active = True
        account.save(update_fields=["is_active"])
        _log(account, "accounts.login.reactivate", user)
    return account


@transaction.atomic
def account_password_choose(*, account: User, password: str, again: str) -> User:
    """The user's own new password (after a one-time one): checked by the password rules."""
    if password != again:
        raise Problem("Hai lần nhập mật khẩu không khớp", "the two passwords differ")
    if account.check_password(password):
        raise Problem(
            "Hãy chọn một mật khẩu khác mật khẩu được cấp",
            "choose a password other than the one you were given",
        )
    try:
        password_validation.validate_password(password, account)
    except ValidationError as error:
        raise Problem(" ".join(error.messages), " ".join(error.messages)) from error
    account.set_password(password)
    account.must_change_password = False
    account.save(update_fields=["password", "must_change_password"])
    _log(account, "accounts.password.choose", account)
    return account


def _log(account: User, action: str, user: User | None) -> None:
    audit_log(
        action=action,
        user=user,
        unit_code=account.unit.code if account.unit else "",
        object_type="user",
        object_id=account.pk,
        detail={"username": account.username},
    )
