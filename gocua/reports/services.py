"""Writes of the reports app: the register of outgoing letters.

Each function runs in one transaction, refuses bad input with a bilingual
:class:`~gocua.lib.errors.Problem` before writing, and logs through
:func:`gocua.audit.services.audit_log`. Callers fetch the unit through
``accounts.selectors.access_unit_for_edit`` first: these functions trust it.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from gocua.audit.services import audit_log
from gocua.lib.errors import Problem
from gocua.lib.text import nfc
from gocua.orgunits.models import OrgUnit
from gocua.reports.letters.texts import letter_number
from gocua.reports.models import IssuedNumber

# "UBND-VHTT", "UBND", "BC-UBND", "QĐ-UBND": upper-case letters and digits joined by "-".
_SYMBOL = re.compile(r"^[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*$")
_DASHES = re.compile(r"\s*[-‐‑–—]\s*")
MAX_SEQUENCE = 99_999
ATTEMPTS = 5  # another officer took the number between our read and our write: retry


def normalize_symbol(symbol: str) -> str:
    """``ubnd – vhtt`` → ``UBND-VHTT``; raise :class:`Problem` if it is no symbol."""
    value = _DASHES.sub("-", nfc(symbol).strip()).upper()
    if not _SYMBOL.match(value):
        raise Problem(
            f"Ký hiệu văn bản “{symbol.strip()}” không đúng dạng; viết như UBND-VHTT",
            f"letter symbol “{symbol.strip()}” is not valid; write it like UBND-VHTT",
        )
    return value


def _check_year(year: int) -> None:
    if not 1945 <= year <= 9999:
        raise Problem(f"Năm {year} không hợp lệ", f"year {year} is not valid")


def letter_number_issue(
    *, unit: OrgUnit, year: int, symbol: str, subject: str = "", user: Any = None
) -> IssuedNumber:
    """The year's next number of ``unit``'s outgoing letters: ``297/UBND-VHTT``.

    Never issued twice. Officers of one unit take numbers one at a time: the unit's
    row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE
    transactions already serialize writers) until the caller's transaction ends, so
    keep that transaction short. The next number is the year's highest plus one,
    written in a savepoint; should another writer still have taken it (a number
    reserved by hand), the unique constraint on (unit, year, sequence) refuses ours
    and we read again.
    """
    symbol = normalize_symbol(symbol)
    _check_year(year)
    for _ in range(ATTEMPTS):
        try:
            with transaction.atomic():
                _lock(unit)
                highest = IssuedNumber.objects.filter(unit=unit, year=year).aggregate(
                    highest=Max("sequence")
                )["highest"]
                number = _new(
                    unit=unit,
                    year=year,
                    sequence=(highest or 0) + 1,
                    symbol=symbol,
                    subject=subject,
                    reserved=False,
                    user=user,
                )
        except IntegrityError:
            continue
        _log("reports.letter_number.issue", number, user)
        return number
    raise Problem(
        "Không cấp được số văn bản vì nhiều người cùng lấy số; hãy thử lại",
        "could not issue a letter number while others were taking numbers; try again",
    )


@transaction.atomic
def letter_number_reserve(
    *,
    unit: OrgUnit,
    year: int,
    sequence: int,
    symbol: str,
    subject: str = "",
    user: Any = None,
) -> IssuedNumber:
    """Enter a number chosen by hand (a letter numbered outside Gõ Cửa, the demo's
    297/UBND-VHTT of 2023); refused if that number of that year is already taken."""
    symbol = normalize_symbol(symbol)
    _check_year(year)
    if not 1 <= sequence <= MAX_SEQUENCE:
        raise Problem(
            f"Số văn bản phải từ 1 đến {MAX_SEQUENCE}, không phải {sequence}",
            f"a letter number runs from 1 to {MAX_SEQUENCE}, not {sequence}",
        )
    _lock(unit)
    taken = IssuedNumber.objects.filter(unit=unit, year=year, sequence=sequence).first()
    if taken is None:
        try:
            with transaction.atomic():
                number = _new(
                    unit=unit,
                    year=year,
                    sequence=sequence,
                    symbol=symbol,
                    subject=subject,
                    reserved=True,
                    user=user,
                )
        except IntegrityError:
            taken = IssuedNumber.objects.filter(unit=unit, year=year, sequence=sequence).first()
        else:
            _log("reports.letter_number.reserve", number, user)
            return number
    shown = taken.text if taken else letter_number(sequence, symbol)
    raise Problem(
        f"Số {sequence:02d} năm {year} của {unit.name} đã được cấp ({shown}); "
        "mỗi số chỉ cấp một lần trong năm",
        f"number {sequence:02d} of {year} of {unit.name} has already been issued ({shown}); "
        "a number is issued once a year",
    )


def _lock(unit: OrgUnit) -> None:
    """Hold the unit's row until the transaction ends: one number at a time per unit."""
    list(OrgUnit.objects.select_for_update().filter(pk=unit.pk).values_list("pk", flat=True))


def _new(
    *,
    unit: OrgUnit,
    year: int,
    sequence: int,
    symbol: str,
    subject: str,
    reserved: bool,
    user: Any,
) -> IssuedNumber:
    number = IssuedNumber(
        unit=unit,
        year=year,
        sequence=sequence,
        symbol=symbol,
        text=letter_number(sequence, symbol),
        subject=" ".join(nfc(subject).split()),
        reserved=reserved,
        issued_by=user if getattr(user, "is_authenticated", False) else None,
    )
    try:
        # Uniqueness is the database's to decide (a concurrent insert shows up there).
        number.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise Problem.from_text("; ".join(error.messages)) from None
    number.save()
    return number


def _log(action: str, number: IssuedNumber, user: Any) -> None:
    audit_log(
        action=action,
        user=user,
        unit_code=number.unit.code,
        object_type="issued_number",
        object_id=number.pk,
        detail={"number": number.text, "year": number.year},
    )
