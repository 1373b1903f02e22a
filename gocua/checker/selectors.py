"""Reads of checked letters, always through the user: outsiders get 404."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from gocua.accounts.models import Role, User
from gocua.accounts.permissions import can_see
from gocua.accounts.selectors import access_unit
from gocua.checker.letter_header import LetterFacts
from gocua.checker.models import CheckBatch, CheckedLetter
from gocua.lib.text import fold
from gocua.orgunits.models import Level, OrgUnit, OrgUnitQuerySet

CHECKING_LEVELS = (Level.PROVINCE, Level.DISTRICT)


def can_check(user: User) -> bool:
    """City and province officers receive letters; administrators too."""
    return user.is_authenticated and (user.is_admin or user.role == Role.UPPER_OFFICER)


def access_checking_unit(user: User, code: str) -> OrgUnit:
    """A city or province the user may check letters for, else 404."""
    unit = access_unit(user, code)
    if not can_check(user) or unit.level not in CHECKING_LEVELS:
        raise Http404("unit not found")
    return unit


def batches_for(user: User) -> QuerySet[CheckBatch]:
    if not can_check(user):
        return CheckBatch.objects.none()
    batches = CheckBatch.objects.select_related("scope", "created_by")
    if user.is_admin:
        return batches
    if user.unit is None:
        return CheckBatch.objects.none()
    return batches.filter(user.unit.subtree_q("scope"))


def access_batch(user: User, pk: int) -> CheckBatch:
    batch = batches_for(user).filter(pk=pk).first()
    if batch is None:
        raise Http404("batch not found")
    return batch


def access_letter(user: User, batch_pk: int, letter_pk: int) -> CheckedLetter:
    batch = access_batch(user, batch_pk)
    letter = batch.letters.select_related("ward").filter(pk=letter_pk).first()
    if letter is None:
        raise Http404("letter not found")
    letter.batch = batch
    return letter


def letters_of(batch: CheckBatch) -> QuerySet[CheckedLetter]:
    """The batch's letters (the caller got the batch through :func:`access_batch`)."""
    return batch.letters.select_related("ward", "taken_in_by").order_by("pk")


def ward_choices(scope: OrgUnit) -> OrgUnitQuerySet:
    """The wards (communes) under a city or province, by name."""
    return OrgUnit.objects.under(scope).filter(level=Level.COMMUNE).order_by("name", "code")


def access_ward(user: User, scope: OrgUnit, code: str) -> OrgUnit:
    ward = ward_choices(scope).filter(code=code).first()
    if ward is None or not can_see(user, ward):
        raise Http404("unit not found")
    return ward


def detect_ward(scope: OrgUnit, facts: LetterFacts) -> OrgUnit | None:
    """The ward under ``scope`` whose name the letter gives ("Phường Tuần Châu")."""
    names = [n for n in (facts.ward, facts.place) if n]
    wards = ward_choices(scope)
    for name in names:
        folded = fold(name)
        found = list(wards.filter(search_name=folded)) or list(
            wards.filter(search_short_name=folded)
        )
        if len(found) > 1 and facts.date is not None:
            found = [u for u in found if u.exists_on(facts.date)] or found
        if len(found) > 1:
            found = [u for u in found if u.exists_on(_today())] or found
        if len(found) == 1:
            return found[0]
    return None


def _today() -> dt.date:
    from gocua.lib.dates import today

    return today()
