"""The guides for the field app (``GET /api/v1/guides``): every active service's guide,
and the team contacts of the unit asked for, so a member can show a resident the steps
at the door with no network."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from gocua.guides.selectors import active_guides, team_contacts
from gocua.orgunits.models import OrgUnit


def guides_json(unit: OrgUnit | None) -> dict[str, Any]:
    guides = []
    for guide in active_guides():
        content = guide.content
        guides.append(
            {
                "service": guide.service.code,
                "name": guide.service.name_vi,
                "name_en": guide.service.name_en,
                "version": guide.version,
                "audience": content.get("audience", ""),
                "bring": content.get("bring", []),
                "steps": content.get("steps", []),
                "problems": content.get("problems", []),
                "links": content.get("links", []),
            }
        )
    return {
        "guides": guides,
        "contacts": [asdict(c) for c in team_contacts(unit)] if unit is not None else [],
    }
