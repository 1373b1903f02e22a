"""Reads of guides, and the team contacts a leaflet prints.

Guides are shared by every unit (as the catalogue is): reading one needs a login only.
The contacts are those of one unit, which the caller has already checked the user may see.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from gocua.guides.models import Guide, GuideVersion, empty_content
from gocua.orgunits.models import Level, OrgUnit
from gocua.outreach.models import Member, MemberRole, Service

MAX_CONTACTS = 6


def guide_of(service: Service) -> Guide:
    """The service's guide; an unsaved empty one when it has none yet."""
    guide = Guide.objects.filter(service=service).first()
    return guide or Guide(service=service, content=empty_content(), version=0)


def guided_services(*, code: str = "all") -> list[Service]:
    """``all``: the active services in the catalogue's order; else the service of that
    code (active or not: a retired service's leaflet can still be printed), or none."""
    services = Service.objects.select_related("guide")
    if code == "all":
        return list(services.filter(active=True).order_by("order", "code"))
    return list(services.filter(code=code))


def active_guides() -> list[Guide]:
    """The guides of the active services, in the catalogue's order (the field app's)."""
    return list(
        Guide.objects.filter(service__active=True)
        .select_related("service")
        .order_by("service__order", "service__code")
    )


def guide_versions(guide: Guide) -> QuerySet[GuideVersion]:
    return GuideVersion.objects.filter(guide=guide).select_related("edited_by").order_by("-number")


@dataclass(frozen=True)
class Contact:
    name: str
    role: str  # Tổ trưởng, Tổ phó
    phone: str
    team: str
    place: str  # where to find them: the team's unit


def contact_units(unit: OrgUnit) -> list[OrgUnit]:
    """Whose teams a leaflet of ``unit`` names: a neighbourhood's own team and its ward's;
    a ward's own team and its neighbourhoods'; a city's or a province's own team."""
    if unit.level == Level.NEIGHBOURHOOD and unit.parent is not None:
        return [unit, unit.parent]
    if unit.level == Level.COMMUNE:
        below = OrgUnit.objects.filter(parent=unit, valid_until__isnull=True).order_by("path")
        return [unit, *below]
    return [unit]


def team_contacts(unit: OrgUnit) -> list[Contact]:
    """The leaders (else deputies) of the current teams of :func:`contact_units`, the
    unit's own first; at most :data:`MAX_CONTACTS`."""
    units = contact_units(unit)
    order = {u.pk: index for index, u in enumerate(units)}
    members = (
        Member.objects.filter(
            team__unit__in=units,
            team__active_until__isnull=True,
            active_until__isnull=True,
        )
        .filter(Q(role=MemberRole.LEADER) | Q(role=MemberRole.DEPUTY))
        .select_related("team", "team__unit")
    )
    by_team: dict[int, list[Member]] = {}
    for member in members:
        by_team.setdefault(member.team_id, []).append(member)
    contacts: list[tuple[int, str, Contact]] = []
    for people in by_team.values():
        leaders = [m for m in people if m.role == MemberRole.LEADER]
        chosen = sorted(leaders or people, key=lambda m: m.full_name)[:1]
        for member in chosen:
            team = member.team
            contacts.append(
                (
                    order[team.unit_id],
                    member.full_name,
                    Contact(
                        name=member.full_name,
                        role=member.get_role_display(),
                        phone=member.phone,
                        team=team.name,
                        place=team.unit.name,
                    ),
                )
            )
    contacts.sort(key=lambda row: (row[0], row[1]))
    return [contact for _, _, contact in contacts][:MAX_CONTACTS]
