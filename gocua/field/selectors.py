"""Reads of the field app: where a user may record visits, and the catalogue's services."""

from __future__ import annotations

from gocua.accounts.models import Role, User
from gocua.accounts.permissions import can_edit
from gocua.accounts.selectors import visible_units
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import Service


def field_units(user: User) -> list[OrgUnit]:
    """The neighbourhoods whose caseload this user may take to the field.

    A team member: their own neighbourhood. A ward officer (or an administrator): every
    neighbourhood under their unit. Upper officers only read, so none.
    """
    if not user.is_authenticated or (user.role == Role.UPPER_OFFICER and not user.is_admin):
        return []
    if user.unit is not None and user.unit.level == Level.NEIGHBOURHOOD:
        return [user.unit] if can_edit(user, user.unit) else []
    if user.is_admin:
        return []  # an administrator opens a unit's pages instead: no caseload of everything
    units = visible_units(user).filter(level=Level.NEIGHBOURHOOD).order_by("path")
    return [u for u in units if can_edit(user, u)]


def active_services(user: User | None = None) -> list[Service]:
    """The catalogue's services offered as "guided today on" chips, in the catalogue's order:
    where the user works (national, its province's, less those its ward hides); without a
    user (the shell, the same for everyone) every active one, field.js keeps the user's."""
    if user is not None and user.unit is not None:
        return list(Service.objects.offered_in(user.unit))
    return list(Service.objects.filter(active=True).order_by("order", "code"))
