"""``POST /api/v1/visits``: each visit read on its own, so one bad visit refuses only itself.

Every field is checked here with a message naming it (``visits[2].residents[0].facts.vssid:
phải là true hoặc false / must be true or false``); the visit itself is written by
:func:`gocua.outreach.visits.visit_record`, the same service the online visit form uses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.http import Http404

from gocua.accounts.models import User
from gocua.accounts.selectors import access_unit_for_edit
from gocua.audit.services import write_group
from gocua.lib.dates import parse_date
from gocua.lib.errors import Problem
from gocua.outreach.visits import (
    MoveOut,
    NewResident,
    ResidentVisit,
    VisitBatch,
    VisitInput,
    visit_record,
)
from gocua.registry.models import Household, Sex
from gocua.registry.services import HOUSEHOLD_VISIT_FACTS, VISIT_FACTS


class Refused(Problem):
    pass


def _bad(where: str, vi: str, en: str) -> Refused:
    return Refused(f"{where}: {vi}", f"{where}: {en}")


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(where, "phải là đối tượng JSON", "must be a JSON object")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _bad(where, "phải là danh sách", "must be a list")
    return value


def _int(value: Any, where: str, *, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise _bad(where, f"phải là số nguyên ≥ {minimum}", f"must be an integer ≥ {minimum}")
    return value


def _text(value: Any, where: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _bad(where, "phải là chuỗi ký tự, không trống", "must be a non-empty string")
    return value.strip()


def _date(value: Any, where: str, *, required: bool = True) -> dt.date | None:
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise _bad(where, "phải là ngày YYYY-MM-DD", "must be a date YYYY-MM-DD")
    try:
        return parse_date(value)
    except Problem as problem:
        raise _bad(where, problem.vi, problem.en) from None


def _unknown(data: dict[str, Any], known: set[str], where: str) -> None:
    extra = sorted(set(data) - known)
    if extra:
        raise _bad(
            f"{where}.{extra[0]}" if where else extra[0],
            f"không có trường này (có: {', '.join(sorted(known))})",
            f"unknown field (known: {', '.join(sorted(known))})",
        )


def _facts(value: Any, where: str, names: list[str]) -> dict[str, Any]:
    data = _object(value if value is not None else {}, where)
    _unknown(data, set(names), where)
    facts: dict[str, Any] = {}
    for name, raw in data.items():
        if raw is None:
            continue
        if name == "eid_level":
            if isinstance(raw, bool) or raw not in (0, 1, 2):
                raise _bad(f"{where}.eid_level", "phải là 0, 1 hoặc 2", "must be 0, 1 or 2")
        elif not isinstance(raw, bool):
            raise _bad(f"{where}.{name}", "phải là true hoặc false", "must be true or false")
        facts[name] = raw
    return facts


def _guided(value: Any, where: str) -> list[str]:
    codes = _list(value, where)
    for index, code in enumerate(codes):
        _text(code, f"{where}[{index}]")
    return list(dict.fromkeys(codes))


RESIDENT_FACTS = [*VISIT_FACTS, "eid_level"]
VISIT_KEYS = {
    "key",
    "household",
    "unit",
    "date",
    "household_version",
    "household_facts",
    "residents",
    "new_residents",
    "moved_out",
}


def _unit(user: User, unit_code: str, units: dict[str, Any]) -> Any:
    """The unit the user may edit by that code, or None; ``units``: looked up once a batch."""
    if unit_code not in units:
        try:
            units[unit_code] = access_unit_for_edit(user, unit_code)
        except Http404:
            units[unit_code] = None
    return units[unit_code]


def _household(
    user: User,
    unit_code: str,
    code: str,
    where: str,
    units: dict[str, Any] | None = None,
    households: dict[tuple[str, str], Household] | None = None,
) -> Household:
    not_found = _bad(
        where,
        f"không tìm thấy hộ {code} ở {unit_code}",
        f"household {code} not found in {unit_code}",
    )
    if households is not None and (unit_code, code) in households:
        return households[(unit_code, code)]
    unit = _unit(user, unit_code, {} if units is None else units)
    if unit is None:
        raise not_found
    household = (
        Household.objects.filter(unit.subtree_q("unit"), code=code).select_related("unit").first()
    )
    if household is None:
        raise not_found
    return household


def _households(
    visits: list[Any], user: User, units: dict[str, Any]
) -> dict[tuple[str, str], Household]:
    """The households of a group of visits, (unit code, household code) → household: one
    query per unit rather than one per visit, each row locked as :func:`visit_record`
    would lock it (it takes them as they are: see :class:`VisitBatch`). Visits that name
    no valid unit or household are left to :func:`parse_visit` to refuse."""
    wanted: dict[str, set[str]] = {}
    for raw in visits:
        if isinstance(raw, dict):
            unit_code, code = raw.get("unit"), raw.get("household")
            if isinstance(unit_code, str) and isinstance(code, str):
                wanted.setdefault(unit_code.strip(), set()).add(code.strip())
    found: dict[tuple[str, str], Household] = {}
    for unit_code, codes in wanted.items():
        unit = _unit(user, unit_code, units)
        if unit is None:
            continue
        rows = (
            Household.objects.filter(unit.subtree_q("unit"), code__in=codes)
            .select_related("unit")
            .select_for_update()
            .order_by("pk")  # the one .first() would take if a code repeats in the subtree
        )
        for household in rows:
            found.setdefault((unit_code, household.code), household)
    return found


def parse_visit(
    raw: Any,
    where: str,
    user: User,
    units: dict[str, Any] | None = None,
    households: dict[tuple[str, str], Household] | None = None,
) -> VisitInput:
    data = _object(raw, where)
    _unknown(data, VISIT_KEYS, where)
    try:
        key = uuid.UUID(_text(data.get("key"), f"{where}.key"))
    except ValueError:
        raise _bad(f"{where}.key", "phải là UUID", "must be a UUID") from None
    household = _household(
        user,
        _text(data.get("unit"), f"{where}.unit"),
        _text(data.get("household"), f"{where}.household"),
        f"{where}.household",
        units,
        households,
    )
    day = _date(data.get("date"), f"{where}.date")
    assert day is not None
    version = data.get("household_version")
    residents = []
    for index, item in enumerate(_list(data.get("residents"), f"{where}.residents")):
        at = f"{where}.residents[{index}]"
        entry = _object(item, at)
        _unknown(entry, {"id", "version", "facts", "guided", "seen"}, at)
        seen = entry.get("seen")
        if seen is not None:
            _unknown(_object(seen, f"{at}.seen"), set(RESIDENT_FACTS), f"{at}.seen")
        residents.append(
            ResidentVisit(
                id=_int(entry.get("id"), f"{at}.id"),
                version=_int(entry["version"], f"{at}.version")
                if entry.get("version") is not None
                else None,
                facts=_facts(entry.get("facts"), f"{at}.facts", RESIDENT_FACTS),
                guided=_guided(entry.get("guided"), f"{at}.guided"),
                seen=seen,
            )
        )
    new_residents = []
    for index, item in enumerate(_list(data.get("new_residents"), f"{where}.new_residents")):
        at = f"{where}.new_residents[{index}]"
        entry = _object(item, at)
        _unknown(
            entry,
            {
                "ref",
                "full_name",
                "birth_date",
                "birth_year_only",
                "sex",
                "moved_in",
                "facts",
                "guided",
            },
            at,
        )
        sex = _text(entry.get("sex"), f"{at}.sex", required=False)
        if sex not in ("", *Sex.values):
            raise _bad(f"{at}.sex", "phải là M, F hoặc X", "must be M, F or X")
        year_only = entry.get("birth_year_only", False)
        if not isinstance(year_only, bool):
            raise _bad(f"{at}.birth_year_only", "phải là true hoặc false", "must be true or false")
        new_residents.append(
            NewResident(
                ref=str(entry.get("ref") or ""),
                full_name=_text(entry.get("full_name"), f"{at}.full_name"),
                birth_date=_date(entry.get("birth_date"), f"{at}.birth_date", required=False),
                birth_year_only=year_only,
                sex=sex,
                moved_in=_date(entry.get("moved_in"), f"{at}.moved_in", required=False),
                facts=_facts(entry.get("facts"), f"{at}.facts", RESIDENT_FACTS),
                guided=_guided(entry.get("guided"), f"{at}.guided"),
            )
        )
    moved_out = []
    for index, item in enumerate(_list(data.get("moved_out"), f"{where}.moved_out")):
        at = f"{where}.moved_out[{index}]"
        entry = _object(item, at)
        _unknown(entry, {"id", "date"}, at)
        moved = _date(entry.get("date"), f"{at}.date")
        assert moved is not None
        moved_out.append(MoveOut(id=_int(entry.get("id"), f"{at}.id"), day=moved))
    return VisitInput(
        key=key,
        household=household,
        day=day,
        household_version=_int(version, f"{where}.household_version")
        if version is not None
        else None,
        household_facts=_facts(
            data.get("household_facts"), f"{where}.household_facts", list(HOUSEHOLD_VISIT_FACTS)
        ),
        residents=residents,
        new_residents=new_residents,
        moved_out=moved_out,
        payload=data,
        source="api",
    )


# Visits of a batch are committed by groups: each visit is its own savepoint (a refused
# one rolls back alone), and a phone's 500 waiting visits cost ten commits, not 500.
COMMIT_EVERY = 50


def visits_receive(visits: list[Any], user: User) -> list[dict[str, Any]]:
    """One result per visit, in order; a refused visit does not stop the others."""
    results: list[dict[str, Any]] = []
    for start in range(0, len(visits), COMMIT_EVERY):
        with transaction.atomic(), write_group():
            results += _receive(visits[start : start + COMMIT_EVERY], start, user)
    return results


def _receive(visits: list[Any], offset: int, user: User) -> list[dict[str, Any]]:
    results = []
    keys = []
    for raw in visits:
        try:
            keys.append(uuid.UUID(str(raw.get("key"))))
        except (AttributeError, ValueError):
            continue  # refused by parse_visit below
    batch = VisitBatch.of(keys, user)  # what the group's visits share, looked up once
    units: dict[str, Any] = {}
    households = _households(visits, user, units)
    batch.locked = {h.pk: h for h in households.values()}
    for index, raw in enumerate(visits, start=offset):
        where = f"visits[{index}]"
        key = raw.get("key") if isinstance(raw, dict) else None
        try:
            visit = parse_visit(raw, where, user, units, households)
            outcome = visit_record(visit=visit, user=user, batch=batch)
        except Problem as problem:
            message = str(problem)
            if not isinstance(problem, Refused):
                message = f"{where}: {problem.vi} / {where}: {problem.en}"
            results.append({"key": key, "status": "refused", "message": message})
            continue
        result: dict[str, Any] = {
            "key": str(outcome.key),
            "status": outcome.status,
            "message": outcome.message,
        }
        if outcome.created:
            result["created"] = outcome.created
        results.append(result)
    return results
