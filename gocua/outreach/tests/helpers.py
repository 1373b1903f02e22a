"""Small hand-made data for the outreach tests."""

from __future__ import annotations

import datetime as dt

from gocua.orgunits.models import OrgUnit
from gocua.outreach.catalogue import install_defaults
from gocua.outreach.models import ActivityChannel, DocumentKind, LegalDocument, Service, Team
from gocua.outreach.services.documents import document_create
from gocua.outreach.services.teams import team_create
from gocua.registry.models import Household, Resident
from gocua.testing import BaseTestCase


def channel(code: str) -> ActivityChannel:
    """A default channel (put back first if a transactional test flushed the catalogue)."""
    install_defaults()
    return ActivityChannel.objects.get(code=code)


def service(code: str) -> Service:
    install_defaults()
    return Service.objects.get(code=code)


def household(unit: OrgUnit, code: str, *names: str, moved_out: dt.date | None = None) -> Household:
    """A household of a neighbourhood with residents (all moved out on ``moved_out`` if given)."""
    assert unit.parent is not None
    home = Household.objects.create(ward=unit.parent, unit=unit, code=code, address=f"Số {code}")
    for name in names or (f"Người {code}",):
        Resident.objects.create(
            household=home,
            ward=unit.parent,
            unit=unit,
            full_name=name,
            search_name=name.lower(),
            moved_out=moved_out,
        )
    return home


def decision(unit: OrgUnit, number: str, day: dt.date, summary: str = "") -> LegalDocument:
    return document_create(
        unit=unit,
        kind=DocumentKind.DECISION,
        number=number,
        date=day,
        issuer=f"UBND {unit.name}",
        summary=summary or f"thành lập tổ {number}",
    )


def team(unit: OrgUnit, number: str | None = None, day: dt.date = dt.date(2022, 5, 24)) -> Team:
    """A team of ``unit`` set up by decision ``number`` of its ward (none if None)."""
    register = unit.parent if unit.level == "neighbourhood" and unit.parent else unit
    founding = decision(register, number, day) if number else None
    return team_create(unit=unit, name=f"Tổ CNSCĐ {unit.name}", decision=founding)


class OutreachTestCase(BaseTestCase):
    """BaseTestCase with the default catalogue present (a transactional test run before
    this one in the same process may have flushed what the migrations installed)."""

    @classmethod
    def setUpTestData(cls) -> None:
        install_defaults()
        super().setUpTestData()
