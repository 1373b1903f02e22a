"""Writes of the checker: check uploaded letters, choose a letter's ward, take its figures in.

Files are read in memory and dropped: only the result of the check is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.checker.checks import CheckResult, check_letter, figures_for_entry
from gocua.checker.models import CheckBatch, CheckedLetter
from gocua.checker.selectors import detect_ward
from gocua.indicators.services import aggregates_enter
from gocua.lib.errors import Problem
from gocua.orgunits.models import OrgUnit

MAX_FILES = 20


def letters_check(
    *,
    scope: OrgUnit,
    files: list[tuple[str, bytes]],
    ward: OrgUnit | None = None,
    user: User | None = None,
) -> CheckBatch:
    """Check each letter, find the ward it speaks for (unless ``ward`` is given), keep
    the findings. A file that cannot be read is kept as refused, with the reason."""
    if not files:
        raise Problem("Chưa chọn tệp nào", "no file chosen")
    if len(files) > MAX_FILES:
        raise Problem(
            f"Tối đa {MAX_FILES} tệp mỗi lần (đã chọn {len(files)})",
            f"at most {MAX_FILES} files at a time ({len(files)} chosen)",
        )
    letters = [_letter(scope, PurePath(name).name[:255] or "?", data, ward) for name, data in files]
    with transaction.atomic():
        batch = CheckBatch(scope=scope, created_by=user)
        batch.full_clean()
        batch.save()
        for letter in letters:
            letter.batch = batch
            letter.full_clean()
        CheckedLetter.objects.bulk_create(letters)
        audit_log(
            action="checker.upload",
            user=user,
            unit_code=scope.code,
            object_type="CheckBatch",
            object_id=batch.pk,
            rows=len(letters),
            detail={"files": [letter.file_name for letter in letters]},
        )
    return batch


def _letter(scope: OrgUnit, name: str, data: bytes, ward: OrgUnit | None) -> CheckedLetter:
    letter = CheckedLetter(
        file_name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest(), ward=ward
    )
    try:
        result = check_letter(name, data)
    except Problem as problem:
        letter.refused_vi, letter.refused_en = problem.vi, problem.en
        return letter
    facts = result.reading.facts
    if ward is None:
        letter.ward = detect_ward(scope, facts)
        letter.ward_detected = letter.ward is not None
    letter.unit_text = (facts.unit or "")[:255]
    letter.letter_number = (facts.number or "")[:100]
    letter.letter_date = facts.date
    letter.errors, letter.warnings = len(result.errors), len(result.warnings)
    letter.result = stored_result(result)
    return letter


def stored_result(result: CheckResult) -> dict[str, Any]:
    """What is kept of a check: figures, findings in both languages, the values to enter."""
    data = result.as_json()
    data["findings"] = [
        {
            "severity": f.severity,
            "code": f.code,
            "vi": f.vi,
            "en": f.en,
            "excerpt": f.excerpt,
            "line": f.line,
        }
        for f in result.findings
    ]
    as_of, values = figures_for_entry(result)
    data["entry"] = {
        "as_of": as_of.isoformat() if as_of else None,
        "values": {code: list(pair) for code, pair in values.items()},
    }
    return data


def letter_set_ward(*, letter: CheckedLetter, ward: OrgUnit, user: User | None = None) -> None:
    with transaction.atomic():
        letter.ward = ward
        letter.ward_detected = False
        letter.full_clean()
        letter.save(update_fields=["ward", "ward_detected"])
        audit_log(
            action="checker.ward",
            user=user,
            unit_code=ward.code,
            object_type="CheckedLetter",
            object_id=letter.pk,
        )


def letter_take_in(
    *,
    letter: CheckedLetter,
    as_of: dt.date,
    start: dt.date,
    codes: list[str],
    user: User | None = None,
) -> dict[str, tuple[int, int | None]]:
    """Enter the letter's figures (those of ``codes``) as its ward's aggregates, through the
    indicators' own ``aggregates_enter`` (a locked period is refused there)."""
    if letter.ward is None:
        raise Problem("Hãy chọn phường, xã của văn bản trước", "choose the letter's ward first")
    if start > as_of:
        raise Problem(
            "Ngày bắt đầu phải trước ngày số liệu",
            "the start date must not be after the as-of date",
        )
    stored = (letter.result.get("entry") or {}).get("values") or {}
    values: dict[str, tuple[int, int | None]] = {
        code: (int(pair[0]), None if pair[1] is None else int(pair[1]))
        for code, pair in stored.items()
        if code in codes
    }
    if not values:
        raise Problem("Chưa chọn số liệu nào", "no figure chosen")
    with transaction.atomic():
        aggregates_enter(unit=letter.ward, as_of=as_of, start=start, values=values, user=user)
        letter.taken_in_at = timezone.now()
        letter.taken_in_by = user
        letter.save(update_fields=["taken_in_at", "taken_in_by"])
        audit_log(
            action="checker.take_in",
            user=user,
            unit_code=letter.ward.code,
            object_type="CheckedLetter",
            object_id=letter.pk,
            rows=len(values),
            detail={
                "as_of": as_of.isoformat(),
                "from": start.isoformat(),
                "values": {code: list(pair) for code, pair in values.items()},
            },
        )
    return values
