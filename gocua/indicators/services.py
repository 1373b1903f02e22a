"""Writes of the indicator engine: entered aggregates, locks, data sources, targets.

Each service runs in one transaction, checks its input (refusals are
:class:`~gocua.lib.errors.Problem` in Vietnamese and English) and writes an
audit record.

``aggregates_enter(*, unit, as_of, start, values, user=None) -> AggregateEntry``
    ``values`` maps codes to ``(numerator, denominator)``: an indicator in force
    on ``as_of`` (activity figures ``sessions``/``guided`` with a denominator of
    ``None``) or a population figure (``residents``, ``households``,
    ``residents_14``, ``residents_18``, denominator ``None``). ``(None, None)``
    removes a value. Values that break a validation rule are kept (as DHIS2
    does) and reported by ``selectors.findings``; only malformed ones are
    refused. A locked period is refused whole.
``aggregates_lock(*, unit, as_of, start, user=None) -> AggregateEntry``
    Locks the period's entered figures (issue 6, when the city accepts a report).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gocua.accounts.models import User
from gocua.audit.services import audit_log
from gocua.indicators import rules
from gocua.indicators.models import (
    POPULATION_CODES,
    AggregateEntry,
    AggregateValue,
    DataSource,
    IndicatorDefinition,
    IndicatorTarget,
    UnitSource,
    valid_on,
)
from gocua.lib.dates import today
from gocua.lib.errors import Problem
from gocua.lib.numbers import group
from gocua.lib.writes import user_or_none
from gocua.orgunits.models import OrgUnit

Values = Mapping[str, tuple[int | None, int | None]]
MAX_FIGURE = 10**12


def _period_checked(as_of: dt.date, start: dt.date) -> None:
    if start > as_of:
        raise Problem(
            "Ngày bắt đầu kỳ phải trước hoặc bằng ngày số liệu",
            "the period's start must not be after its as-of date",
        )
    if as_of > today():
        raise Problem(
            f"Ngày số liệu {as_of:%d/%m/%Y} ở tương lai",
            f"the as-of date {as_of.isoformat()} is in the future",
        )


def _whole(value: Any, what_vi: str, what_en: str, code: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Problem(
            f"{code}: {what_vi} phải là số nguyên", f"{code}: the {what_en} must be a whole number"
        )
    if value < 0:
        raise Problem(
            f"{code}: {what_vi} không được âm", f"{code}: the {what_en} cannot be negative"
        )
    if value > MAX_FIGURE:
        raise Problem(
            f"{code}: {what_vi} quá lớn ({group(value)})", f"{code}: the {what_en} is too large"
        )
    return value


def _checked_values(values: Values, as_of: dt.date) -> dict[str, tuple[int, int | None] | None]:
    if not values:
        raise Problem("Chưa có số liệu nào", "no figure given")
    populations = dict(
        IndicatorDefinition.objects.filter(valid_on(as_of)).values_list("code", "population")
    )
    checked: dict[str, tuple[int, int | None] | None] = {}
    for code, pair in values.items():
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise Problem(
                f"{code}: cần (tử số, mẫu số)", f"{code}: expected (numerator, denominator)"
            )
        numerator, denominator = pair
        if code not in populations and code not in POPULATION_CODES:
            raise Problem(
                f"Không có chỉ tiêu “{code}” có hiệu lực ngày {as_of:%d/%m/%Y}",
                f"no indicator “{code}” in force on {as_of.isoformat()}",
            )
        if numerator is None and denominator is None:
            checked[code] = None  # remove
            continue
        n = _whole(numerator, "tử số", "numerator", code)
        counts = code in POPULATION_CODES or populations.get(code) == rules.ACTIVITY
        if counts:
            if denominator is not None:
                raise Problem(
                    f"{code}: là số đếm, không có mẫu số",
                    f"{code}: is a count, with no denominator",
                )
            checked[code] = (n, None)
        else:
            if denominator is None:
                raise Problem(f"{code}: thiếu mẫu số", f"{code}: the denominator is missing")
            checked[code] = (n, _whole(denominator, "mẫu số", "denominator", code))
    return checked


def _refuse_locked(entry: AggregateEntry | None) -> None:
    if entry is not None and entry.locked:
        raise Problem(
            f"Số liệu kỳ {entry.start:%d/%m/%Y}–{entry.as_of:%d/%m/%Y} đã khóa (báo cáo đã được "
            "chấp nhận); không sửa được",
            f"the figures of {entry.start.isoformat()}..{entry.as_of.isoformat()} are locked "
            "(the report was accepted); they cannot be changed",
        )


def aggregates_enter(
    *,
    unit: OrgUnit,
    as_of: dt.date,
    start: dt.date,
    values: Values,
    user: User | None = None,
) -> AggregateEntry:
    _period_checked(as_of, start)
    checked = _checked_values(values, as_of)
    with transaction.atomic():
        entry = (
            AggregateEntry.objects.select_for_update()
            .filter(unit=unit, as_of=as_of, start=start)
            .first()
        )
        _refuse_locked(entry)
        if entry is None:
            entry = AggregateEntry(
                unit=unit, as_of=as_of, start=start, entered_by=user_or_none(user)
            )
            entry.full_clean()
            entry.save()
        else:
            entry.entered_by = user_or_none(user)
            entry.save(update_fields=["entered_by", "updated_at"])
        existing = {v.code: v for v in entry.values.all()}
        before = {code: [v.numerator, v.denominator] for code, v in existing.items()}
        for code, pair in checked.items():
            current = existing.get(code)
            if pair is None:
                if current is not None:
                    current.delete()
                continue
            if current is None:
                current = AggregateValue(entry=entry, code=code)
            current.numerator, current.denominator = pair
            current.full_clean()
            current.save()
        audit_log(
            action="indicators.aggregates_enter",
            user=user,
            unit_code=unit.code,
            object_type="AggregateEntry",
            object_id=entry.pk,
            rows=len(checked),
            detail={
                "as_of": as_of.isoformat(),
                "from": start.isoformat(),
                "values": {c: None if p is None else list(p) for c, p in checked.items()},
                "before": {c: before[c] for c in checked if c in before},
            },
        )
    return entry


def aggregates_lock(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date, user: User | None = None
) -> AggregateEntry:
    """Lock the period's entered figures (creating an empty locked period if none)."""
    with transaction.atomic():
        entry, _ = AggregateEntry.objects.select_for_update().get_or_create(
            unit=unit, as_of=as_of, start=start
        )
        if not entry.locked:
            entry.locked_at = timezone.now()
            entry.locked_by = user_or_none(user)
            entry.save(update_fields=["locked_at", "locked_by", "updated_at"])
            audit_log(
                action="indicators.aggregates_lock",
                user=user,
                unit_code=unit.code,
                object_type="AggregateEntry",
                object_id=entry.pk,
                detail={"as_of": as_of.isoformat(), "from": start.isoformat()},
            )
    return entry


def aggregates_unlock(
    *, unit: OrgUnit, as_of: dt.date, start: dt.date, user: User | None = None
) -> AggregateEntry | None:
    """Undo a lock (an administrator, when a report is sent back)."""
    with transaction.atomic():
        entry = (
            AggregateEntry.objects.select_for_update()
            .filter(unit=unit, as_of=as_of, start=start)
            .first()
        )
        if entry is not None and entry.locked:
            entry.locked_at = None
            entry.locked_by = None
            entry.save(update_fields=["locked_at", "locked_by", "updated_at"])
            audit_log(
                action="indicators.aggregates_unlock",
                user=user,
                unit_code=unit.code,
                object_type="AggregateEntry",
                object_id=entry.pk,
                detail={"as_of": as_of.isoformat(), "from": start.isoformat()},
            )
    return entry


def unit_source_set(
    *, unit: OrgUnit, source: str | None, user: User | None = None
) -> UnitSource | None:
    """Declare where the unit's figures come from (None: inherit from the unit above)."""
    if source is not None and source not in DataSource.values:
        raise Problem(
            f"Nguồn số liệu “{source}” không hợp lệ (registry hoặc entered)",
            f"unknown data source “{source}” (registry or entered)",
        )
    with transaction.atomic():
        current = UnitSource.objects.filter(unit=unit).first()
        old = current.source if current else None
        if source is None:
            if current is not None:
                current.delete()
            result = None
        else:
            if current is None:
                current = UnitSource(unit=unit)
            current.source = source
            current.updated_by = user_or_none(user)
            current.full_clean()
            current.save()
            result = current
        if old != source:
            audit_log(
                action="indicators.source",
                user=user,
                unit_code=unit.code,
                object_type="UnitSource",
                object_id=unit.pk,
                detail={"from": old, "to": source},
            )
    return result


def target_set(
    *,
    code: str,
    unit: OrgUnit | None,
    value: Decimal | float | int,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    user: User | None = None,
) -> IndicatorTarget:
    """Set the target of an indicator for a unit's subtree (None: everywhere) over a period."""
    if not IndicatorDefinition.objects.filter(code=code).exists():
        raise Problem(f"Không có chỉ tiêu “{code}”", f"no indicator “{code}”")
    with transaction.atomic():
        target, _ = IndicatorTarget.objects.get_or_create(
            code=code,
            unit=unit,
            valid_from=valid_from,
            defaults={"value": Decimal(str(value)), "valid_until": valid_until},
        )
        target.value = Decimal(str(value))
        target.valid_until = valid_until
        target.full_clean()
        target.save()
        audit_log(
            action="indicators.target",
            user=user,
            unit_code=unit.code if unit else "",
            object_type="IndicatorTarget",
            object_id=target.pk,
            detail={"code": code, "value": str(value)},
        )
    return target
