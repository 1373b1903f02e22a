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
from gocua.orgunits.models import Level, OrgUnit


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


def catalogue_province(user: User | None) -> OrgUnit | None:
    """Where a user's additions to the catalogue go: a province officer's province; the
    national catalogue (None) for administrators and the system."""
    if user is None or user.role != Role.UPPER_OFFICER or user.unit is None:
        return None
    return user.unit if user.unit.level == Level.PROVINCE else None


def may_edit_catalogue(user: User | None, province: OrgUnit | None = None) -> bool:
    """Add, retire or bring back entries of the shared catalogue of services and channels.

    The catalogue is national (``province`` None: administrators) or provincial (a
    province's own additions: administrators and that province's officers). Ward officers
    and city officers may not: a service every unit uses is not theirs to retire (a ward
    hides a service for itself instead, :func:`may_hide_service`). ``None`` is the system
    (demo, migrations), which may."""
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    return province is not None and catalogue_province(user) == province


def may_hide_service(user: User | None, unit: OrgUnit) -> bool:
    """A ward's officers (and administrators) hide a service for their ward: its forms, the
    field app's list and its pages leave it out; the indicators are not changed."""
    return user is not None and unit.level == Level.COMMUNE and is_ward_officer(user, unit)


# Logins an officer gives out: the role of an account follows its unit's level, and the
# officer of the unit just above manages it (a ward officer the members of the ward's
# neighbourhoods, a city officer the ward officers of the city, a province officer the city
# officers, and the ward officers of a ward directly under the province).
LOGIN_ROLE_OF_LEVEL = {
    Level.NEIGHBOURHOOD: Role.MEMBER,
    Level.COMMUNE: Role.WARD_OFFICER,
    Level.DISTRICT: Role.UPPER_OFFICER,
}
_MANAGER_ROLE_OF_LEVEL = {
    Level.COMMUNE: Role.WARD_OFFICER,
    Level.DISTRICT: Role.UPPER_OFFICER,
    Level.PROVINCE: Role.UPPER_OFFICER,
}


def may_manage_logins_at(user: User, unit: OrgUnit) -> bool:
    """The unit's page of logins: its own officer (a ward officer for a commune, a city or
    province officer for theirs), or an administrator. Never an officer of the unit above:
    a city officer does not hand out the logins of a ward's members."""
    if not user.is_authenticated or not user.is_active:
        return False
    if unit.level not in _MANAGER_ROLE_OF_LEVEL:
        return False
    if user.is_admin:
        return True
    return user.unit_id == unit.pk and user.role == _MANAGER_ROLE_OF_LEVEL[Level(unit.level)]


def may_create_login(user: User, unit: OrgUnit) -> bool:
    """A new login on that unit (its role follows from the unit's level): the officer of the
    parent unit only, strictly below themselves, never on a sibling's unit."""
    if unit.level not in LOGIN_ROLE_OF_LEVEL or unit.parent_id is None:
        return False
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_admin:
        return True
    return user.unit_id == unit.parent_id and may_manage_logins_at(user, user.unit)  # type: ignore[arg-type]


def may_manage_login(user: User, account: User) -> bool:
    """Reset the password of, deactivate or reactivate that login: the one who may create it
    there; never one's own login, an administrator, or a login of another role than its
    unit's (an officer wrongly attached to a neighbourhood is the administrator's)."""
    if account.pk == user.pk or account.is_admin or account.unit is None:
        return False
    if account.role != LOGIN_ROLE_OF_LEVEL.get(account.unit.level):  # type: ignore[call-overload]
        return False
    return may_create_login(user, account.unit)


def may_assess_skills(user: User, unit: OrgUnit, member_login_id: int | None) -> bool:
    """A team member's levels per service: the member themself (``member_login_id`` is
    their login) while they may write in the team's unit, and the ward officer of the
    team's ward (or an administrator) for anyone."""
    if is_ward_officer(user, unit):
        return True
    return member_login_id is not None and member_login_id == user.pk and can_edit(user, unit)


def may_record_training(user: User, unit: OrgUnit) -> bool:
    """A training session of the unit's members (who attended, what it was about): the
    ward officer of the unit's ward and administrators."""
    return is_ward_officer(user, unit)


def may_edit_guides(user: User | None) -> bool:
    """The guides of the catalogue's services (leaflets, posters, the field app's help):
    city and province officers and administrators; everybody else reads them. ``None`` is
    the system (demo, migrations), which may."""
    return user is None or user.is_admin or user.role == Role.UPPER_OFFICER
