"""Reads of the reports app. Callers pass a unit they got through
``accounts.selectors.access_unit`` (so scoping cannot be forgotten)."""

from __future__ import annotations

from django.db.models import QuerySet

from gocua.orgunits.models import OrgUnit
from gocua.reports.models import IssuedNumber


def issued_numbers(*, unit: OrgUnit, year: int | None = None) -> QuerySet[IssuedNumber]:
    """The unit's register of outgoing letters, newest first."""
    numbers = IssuedNumber.objects.filter(unit=unit)
    if year is not None:
        numbers = numbers.filter(year=year)
    return numbers.order_by("-year", "-sequence")


def issued_number_find(*, unit: OrgUnit, year: int, sequence: int) -> IssuedNumber | None:
    return IssuedNumber.objects.filter(unit=unit, year=year, sequence=sequence).first()
