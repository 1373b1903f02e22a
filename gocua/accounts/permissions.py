"""Who may do what, in one place. Every app's views, services and the API ask here.

Roles (see :class:`gocua.accounts.models.Role`):

- member: one neighbourhood; records visits and guidance there (writes its subtree);
- ward officer: a commune and everything under it; edits its data, sees full personal IDs,
  imports and exports, writes and submits its report;
- upper officer: a city or province; reads everything under it, sends, returns and accepts the
  reports it asked for;
- administrator: everything.

These are pure functions of the user and the unit (no query beyond the user's unit). The
"404 outside your scope" helpers that look a unit up by code are in ``accounts.selectors``.
"""

from __future__ import annotations

from gocua.accounts.models import Role, User
from gocua.orgunits.models import OrgUnit


def can_see(user: User, unit: OrgUnit) -> bool:
    """The unit lies in the user's subtree (administrators see everything)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    return user.unit is not None and user.unit.is_ancestor_of(unit)


def can_edit(user: User, unit: OrgUnit) -> bool:
    """Members and ward officers write in their own subtree; upper officers only read."""
    if not can_see(user, unit):
        return False
    return user.is_admin or user.role in (Role.MEMBER, Role.WARD_OFFICER)


def is_ward_officer(user: User, unit: OrgUnit) -> bool:
    """A ward officer of the unit's ward (or an administrator): edits documents, teams,
    members, entered figures and the report; sees full personal IDs; imports and exports."""
    return can_see(user, unit) and (user.is_admin or user.role == Role.WARD_OFFICER)


def may_see_full_ids(user: User, unit: OrgUnit) -> bool:
    """Full personal ID numbers, birth dates and phones; everybody else sees them masked."""
    return is_ward_officer(user, unit)


def is_officer_of(user: User, unit: OrgUnit) -> bool:
    """Ward officers of the unit's commune, officers above it, and administrators."""
    if not can_see(user, unit):
        return False
    return user.is_admin or user.role in (Role.WARD_OFFICER, Role.UPPER_OFFICER)


def is_upper_officer_of(user: User, unit: OrgUnit) -> bool:
    """A city or province officer whose subtree holds the unit (not an administrator)."""
    return user.role == Role.UPPER_OFFICER and can_see(user, unit)


def may_edit_catalogue(user: User | None) -> bool:
    """The shared catalogue of services and channels: ward officers and administrators.
    ``None`` is the system (demo, migrations), which may."""
    return user is None or user.is_admin or user.role == Role.WARD_OFFICER


def may_edit_guides(user: User | None) -> bool:
    """The guides of the catalogue's services (leaflets, posters, the field app's help):
    city and province officers and administrators; everybody else reads them. ``None`` is
    the system (demo, migrations), which may."""
    return user is None or user.is_admin or user.role == Role.UPPER_OFFICER
