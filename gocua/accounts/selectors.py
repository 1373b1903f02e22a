"""What a user may see. Every read of unit-scoped data starts here.

Views never query a unit-scoped model directly: they call
:func:`access_unit` (or :func:`visible_units`) first, so that a user of
another unit gets 404 (not 403, which would confirm the unit exists to them).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from gocua.accounts.models import Role, User
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


def can_see(user: User, unit: OrgUnit) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    return user.unit is not None and user.unit.is_ancestor_of(unit)


def can_edit(user: User, unit: OrgUnit) -> bool:
    """Members and ward officers edit their own subtree; upper officers only read."""
    if not can_see(user, unit):
        return False
    return user.is_admin or user.role in (Role.MEMBER, Role.WARD_OFFICER)


def is_officer_of(user: User, unit: OrgUnit) -> bool:
    """Ward officers of the unit's commune (or above it for upper officers) and admins."""
    if not can_see(user, unit):
        return False
    return user.is_admin or user.role in (Role.WARD_OFFICER, Role.UPPER_OFFICER)


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
