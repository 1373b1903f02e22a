"""The field app's caseload: a neighbourhood's households and the residents living there
today (``registry.selectors.living_on``), as JSON.

The shape is interfaces.md's; the additive keys the phone needs offline are ``id`` and
``search`` (words without diacritics, for search) on households and residents, masked
``personal_id``/``phone``, ``eid_since`` and ``birth_year_only``, and ``services``: the
catalogue's active services for the "guided today on" chips.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from gocua.lib.dates import today
from gocua.orgunits.models import OrgUnit
from gocua.outreach.selectors import active_services
from gocua.registry.roster import mask
from gocua.registry.selectors import caseload_rows


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _resident(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "version": row["version"],
        "full_name": row["full_name"],
        "birth_date": _day(row["birth_date"]),
        "birth_year_only": row["birth_year_only"],
        "sex": row["sex"] or None,
        "personal_id": mask(row["personal_id"]) or None,
        "phone": mask(row["phone"]) or None,
        "moved_in": _day(row["moved_in"]),
        "search": row["search_name"],
        "facts": {
            "smartphone": _day(row["smartphone_since"]),
            "eid_level": row["eid_level"],
            "vssid": _day(row["vssid_since"]),
            "ehealth": _day(row["ehealth_since"]),
            "payment_account": _day(row["payment_since"]),
        },
        "eid_since": _day(row["eid2_since"] if row["eid_level"] == 2 else row["eid_since"]),
    }


def services_catalogue(unit: OrgUnit) -> list[dict[str, str]]:
    """The services offered in the unit (its ward's hidden ones left out)."""
    return [
        {"code": s.code, "name": s.name_vi, "name_en": s.name_en}
        for s in active_services(unit=unit)
    ]


def caseload_json(unit: OrgUnit) -> dict[str, Any]:
    """The caseload as of today: the residents living there today (registry's ``living_on``)."""
    day = today()
    households, residents = caseload_rows(unit=unit, day=day)
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in residents:
        members[row["household_id"]].append(_resident(row))
    return {
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "as_of": day.isoformat(),
        "services": services_catalogue(unit),
        "households": [
            {
                "id": h["id"],
                "code": h["code"],
                "address": h["address"],
                "neighbourhood": h["unit__name"],
                "neighbourhood_code": h["unit__code"],
                "version": h["version"],
                "search": h["search_address"],
                "facts": {"household_skills": _day(h["digital_skills_since"])},
                "residents": members.get(h["id"], []),
            }
            for h in households
        ],
    }
