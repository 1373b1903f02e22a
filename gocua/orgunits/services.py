"""Writes to the unit hierarchy. Views and commands call these, never ``save()``."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from gocua.lib.errors import Problem
from gocua.lib.text import clean_text, fold
from gocua.orgunits.models import (
    LEVEL_ORDER,
    PATH_SEPARATOR,
    Level,
    OrgUnit,
    Source,
    Succession,
)

DIVISION_WORDS = [
    "thành phố",
    "thị xã",
    "thị trấn",
    "đặc khu",
    "tỉnh",
    "quận",
    "huyện",
    "phường",
    "xã",
    "khu phố",
    "tổ dân phố",
    "thôn",
    "bản",
    "ấp",
    "khu",
]


def division_word(name: str) -> str:
    """The division word a unit's name starts with (``Phường Tuần Châu`` → ``phường``)."""
    lowered = name.lower()
    for word in DIVISION_WORDS:
        if lowered.startswith(word + " "):
            return word
    return ""


def search_names(name: str, division_type: str) -> tuple[str, str]:
    folded = fold(name)
    prefix = fold(division_type)
    short = folded[len(prefix) + 1 :] if prefix and folded.startswith(prefix + " ") else folded
    return folded, short


def _path(parent: OrgUnit | None, code: str) -> str:
    return (parent.path if parent else PATH_SEPARATOR) + code + PATH_SEPARATOR


@dataclass(frozen=True)
class UnitRow:
    """One unit of an official list, ready to be written."""

    code: str
    name: str
    level: str
    division_type: str
    parent_code: str | None
    source: str
    official_code: str
    valid_from: dt.date | None
    valid_until: dt.date | None


@dataclass
class UpsertResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


_COMPARED = (
    "name",
    "level",
    "division_type",
    "source",
    "official_code",
    "valid_from",
    "valid_until",
)


@transaction.atomic
def orgunits_upsert(rows: Iterable[UnitRow], *, batch_size: int = 2000) -> UpsertResult:
    """Create or update units by code; parents must come before children.

    Idempotent: a second run with the same rows changes nothing. Units are
    fetched and written in bulk, so loading ten thousand units takes seconds.
    """
    rows = list(rows)
    existing = {u.code: u for u in OrgUnit.objects.filter(code__in=[r.code for r in rows])}
    parent_codes = {r.parent_code for r in rows if r.parent_code} - existing.keys()
    known = {u.code: u for u in OrgUnit.objects.filter(code__in=parent_codes)}
    known.update(existing)
    result = UpsertResult()
    to_create: list[OrgUnit] = []
    to_update: list[OrgUnit] = []
    for row in rows:
        parent = known.get(row.parent_code) if row.parent_code else None
        if row.parent_code and parent is None:
            raise Problem(
                f"Không có đơn vị cha {row.parent_code} cho {row.code}",
                f"no parent unit {row.parent_code} for {row.code}",
            )
        folded, short = search_names(row.name, row.division_type)
        values = {
            "name": row.name,
            "level": row.level,
            "division_type": row.division_type,
            "source": row.source,
            "official_code": row.official_code,
            "valid_from": row.valid_from,
            "valid_until": row.valid_until,
        }
        unit = existing.get(row.code)
        if unit is None:
            unit = OrgUnit(
                code=row.code,
                parent=parent,
                path=_path(parent, row.code),
                depth=(parent.depth + 1) if parent else 0,
                search_name=folded,
                search_short_name=short,
                **values,
            )
            to_create.append(unit)
            known[row.code] = unit
            result.created += 1
            continue
        if all(getattr(unit, k) == v for k, v in values.items()) and unit.parent_id == (
            parent.pk if parent else None
        ):
            result.unchanged += 1
            continue
        if unit.parent_id != (parent.pk if parent else None):
            raise Problem(
                f"Đơn vị {row.code} đã có đơn vị cha khác",
                f"unit {row.code} already has another parent",
            )
        for key, value in values.items():
            setattr(unit, key, value)
        unit.search_name, unit.search_short_name = folded, short
        to_update.append(unit)
        result.updated += 1
        # Children created in this batch need their parent's primary key.
    _create_in_order(to_create, batch_size)
    if to_update:
        OrgUnit.objects.bulk_update(
            to_update, [*_COMPARED, "search_name", "search_short_name"], batch_size=batch_size
        )
    return result


def _create_in_order(units: list[OrgUnit], batch_size: int) -> None:
    """bulk_create level by level, so that each child gets its parent's id."""
    for depth in sorted({u.depth for u in units}):
        batch = [u for u in units if u.depth == depth]
        for unit in batch:
            if unit.parent is not None:
                unit.parent_id = unit.parent.pk
        OrgUnit.objects.bulk_create(batch, batch_size=batch_size)
        if batch and batch[0].pk is None:  # backends that do not return ids
            ids = dict(
                OrgUnit.objects.filter(code__in=[u.code for u in batch]).values_list("code", "pk")
            )
            for unit in batch:
                unit.pk = ids[unit.code]


@transaction.atomic
def successions_upsert(links: Iterable[tuple[str, str, bool]], *, effective: dt.date) -> int:
    """Record (old code, new code, partly) successions; returns how many are new."""
    links = list(links)
    codes = {c for old, new, _ in links for c in (old, new)}
    ids = dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "pk"))
    have = set(Succession.objects.values_list("predecessor_id", "successor_id"))
    new = [
        Succession(
            predecessor_id=ids[old], successor_id=ids[nw], partly=partly, effective=effective
        )
        for old, nw, partly in links
        if old in ids and nw in ids and (ids[old], ids[nw]) not in have
    ]
    Succession.objects.bulk_create(new, batch_size=5000)
    return len(new)


def _next_local_code(parent: OrgUnit) -> str:
    """``<parent code>.NN``: the next free two-digit suffix under the parent."""
    pattern = re.compile(re.escape(parent.code) + r"\.(\d+)$")
    used = [
        int(m.group(1))
        for code in OrgUnit.objects.filter(code__startswith=parent.code + ".").values_list(
            "code", flat=True
        )
        if (m := pattern.match(code))
    ]
    return f"{parent.code}.{(max(used) + 1) if used else 1:02d}"


def _level_below(parent: OrgUnit) -> str:
    index = LEVEL_ORDER.index(Level(parent.level))
    if parent.level == Level.PROVINCE:
        return Level.COMMUNE  # since 2025 communes sit directly under provinces
    if index + 1 >= len(LEVEL_ORDER):
        raise Problem(
            f"Không thể thêm đơn vị dưới cấp {parent.get_level_display()} ({parent.name})",
            f"no unit can be added below a neighbourhood ({parent.name})",
        )
    return LEVEL_ORDER[index + 1]


@transaction.atomic
def orgunit_add(
    *, name: str, parent: OrgUnit, level: str | None = None, code: str | None = None
) -> OrgUnit:
    """Add a unit the official list lacks (a neighbourhood, or a missing ward)."""
    name = clean_text(name)
    if not name:
        raise Problem("Tên đơn vị không được để trống", "the unit's name must not be empty")
    level = level or _level_below(parent)
    if level not in Level.values:
        raise Problem(
            f"Cấp “{level}” không có; dùng: {', '.join(Level.values)}",
            f"unknown level “{level}”; use one of: {', '.join(Level.values)}",
        )
    if LEVEL_ORDER.index(Level(level)) <= LEVEL_ORDER.index(Level(parent.level)):
        raise Problem(
            f"Cấp {level} không thể nằm dưới cấp {parent.level} ({parent.name})",
            f"a {level} cannot sit under a {parent.level} ({parent.name})",
        )
    folded = fold(name)
    clash = parent.children.filter(search_name=folded).first()
    if clash is not None:
        raise Problem(
            f"{parent.name} đã có đơn vị “{clash.name}” (mã {clash.code})",
            f"{parent.name} already has “{clash.name}” (code {clash.code})",
        )
    code = code or _next_local_code(parent)
    if OrgUnit.objects.filter(code=code).exists():
        raise Problem(f"Mã {code} đã được dùng", f"code {code} is already in use")
    division = division_word(name) if level != Level.NEIGHBOURHOOD else ""
    folded, short = search_names(name, division)
    unit = OrgUnit(
        code=code,
        name=name,
        level=level,
        division_type=division,
        parent=parent,
        path=_path(parent, code),
        depth=parent.depth + 1,
        source=Source.LOCAL,
        search_name=folded,
        search_short_name=short,
    )
    try:
        unit.full_clean()
    except ValidationError as error:
        raise Problem.from_text(error.messages[0]) from None
    unit.save()
    return unit
