"""What a user may see. Every read of unit-scoped data starts here.

Views never query a unit-scoped model directly: they call
:func:`access_unit` (or :func:`visible_units`) first, so that a user of
another unit gets 404 (not 403, which would confirm the unit exists to them).
Who may do what is decided in :mod:`gocua.accounts.permissions`.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from gocua.accounts.models import User
from gocua.accounts.permissions import (
    LOGIN_ROLE_OF_LEVEL,
    can_edit,
    can_see,
    is_ward_officer,
    may_create_login,
    may_manage_login,
    may_manage_logins_at,
)
from gocua.orgunits.models import OrgUnit, OrgUnitQuerySet
from gocua.orgunits.selectors import find_unit


def scope_root(user: User) -> OrgUnit | None:
    """The unit whose subtree the user sees; None for administrators (everything)."""
    if user.is_admin:
        return None
    return user.unit


def visible_units(user: User) -> OrgUnitQuerySet:
    if not user.is_authenticated or not user.is_active:
        return OrgUnit.objects.none()
    if user.is_admin:
        return OrgUnit.objects.all()
    if user.unit is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.under(user.unit)


def access_unit(user: User, code: str) -> OrgUnit:
    """The unit with that code if the user may see it, else 404."""
    unit = OrgUnit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not can_see(user, unit):
        raise Http404("unit not found")
    return unit


def access_unit_for_edit(user: User, code: str) -> OrgUnit:
    unit = access_unit(user, code)
    if not can_edit(user, unit):
        raise Http404("unit not found")
    return unit


def access_ward_officer_unit(user: User, code: str) -> OrgUnit:
    """The unit if the user is a ward officer of it (or an administrator), else 404."""
    unit = access_unit_for_edit(user, code)
    if not is_ward_officer(user, unit):
        raise Http404("unit not found")
    return unit


def visible_ancestors(user: User, unit: OrgUnit) -> list[OrgUnit]:
    """The unit's ancestors the user may see, root first (a member sees none above their
    unit): the breadcrumbs of every unit page."""
    return [a for a in unit.ancestors() if can_see(user, a)]


def find_visible_unit(user: User, query: str, *, on: dt.date | None = None) -> OrgUnit:
    """The CLI/web lookup by code or name, restricted to what the user sees."""
    return find_unit(query, among=visible_units(user), on=on)


def home_units(user: User) -> list[OrgUnit]:
    """The tree on the home page: the user's unit and two levels below it.

    Administrators see the roots (provinces). Deeper levels open on a unit's
    page, so the list stays small even for a province officer.
    """
    if user.is_admin:
        return list(OrgUnit.objects.filter(parent__isnull=True).order_by("path"))
    if user.unit is None:
        return []
    limit = user.unit.depth + 2
    return list(OrgUnit.objects.under(user.unit).filter(depth__lte=limit).order_by("path"))


def access_login_unit(user: User, code: str) -> OrgUnit:
    """The unit whose logins the user manages (their own unit), else 404."""
    unit = access_unit(user, code)
    if not may_manage_logins_at(user, unit):
        raise Http404("unit not found")
    return unit


def login_units(user: User, unit: OrgUnit) -> list[OrgUnit]:
    """The units just below ``unit`` where the user may create logins, by name."""
    children = OrgUnit.objects.filter(parent=unit, level__in=list(LOGIN_ROLE_OF_LEVEL))
    return [u for u in children.order_by("name", "path") if may_create_login(user, u)]


def managed_logins(user: User, unit: OrgUnit) -> QuerySet[User]:
    """The logins of the units just below ``unit`` that the user manages, active first."""
    if not may_manage_logins_at(user, unit):
        return User.objects.none()
    right_role = Q()
    for level, role in LOGIN_ROLE_OF_LEVEL.items():
        right_role |= Q(unit__level=level, role=role)
    return (
        User.objects.filter(right_role, unit__parent=unit, is_superuser=False)
        .select_related("unit")
        .order_by("-is_active", "unit__name", "first_name", "last_name", "username")
    )


def access_managed_login(user: User, unit: OrgUnit, pk: int) -> User:
    """One login of ``unit``'s list that the user may manage, else 404."""
    account = managed_logins(user, unit).filter(pk=pk).first()
    if account is None or not may_manage_login(user, account):
        raise Http404("login not found")
    return account


def logins_under(user: User, unit: OrgUnit) -> QuerySet[User]:
    """The logins attached to ``unit`` or below it, if the user sees the unit: the people
    of a unit's history page."""
    if not can_see(user, unit):
        return User.objects.none()
    return User.objects.filter(unit__in=OrgUnit.objects.under(unit)).order_by(
        "first_name", "last_name", "username"
    )
