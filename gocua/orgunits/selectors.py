"""Reads of the unit hierarchy.

:func:`find_unit` is how a person names a unit (CLI ``--unit``, the roster's
``khu_pho``): by code, or by name without diacritics or case. Scoping by user
lives in :mod:`gocua.accounts.selectors`, which calls these.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db.models import Q

from gocua.lib.errors import UsageProblem
from gocua.lib.text import fold
from gocua.orgunits.models import OrgUnit, OrgUnitQuerySet

# "Khu phố 1, Tuần Châu" or "Tuần Châu › Khu phố 1" narrows a name by an ancestor.
_SPLIT = re.compile(r"\s*(?:,|›|>)\s*")


def _matching(name: str, among: OrgUnitQuerySet) -> OrgUnitQuerySet:
    folded = fold(name)
    return among.filter(Q(search_name=folded) | Q(search_short_name=folded)).select_related(
        "parent"
    )


def find_units(query: str, *, among: OrgUnitQuerySet | None = None) -> list[OrgUnit]:
    """Every unit the words could mean: the code, or a name, narrowed by ancestors."""
    among = among if among is not None else OrgUnit.objects.all()
    query = query.strip()
    by_code = among.filter(code__iexact=query).first()
    if by_code is not None:
        return [by_code]
    parts = [p for p in _SPLIT.split(query) if p]
    if not parts:
        return []
    if "›" in query or ">" in query:  # written root first: "Hạ Long › Tuần Châu"
        parts.reverse()
    candidates = list(_matching(parts[0], among))
    for ancestor_name in parts[1:]:
        ancestors = _matching(ancestor_name, OrgUnit.objects.all()).values_list("code", flat=True)
        wanted = set(ancestors)
        candidates = [u for u in candidates if wanted & set(u.ancestor_codes())]
    return candidates


def find_unit(
    query: str, *, among: OrgUnitQuerySet | None = None, on: dt.date | None = None
) -> OrgUnit:
    """The one unit a code or name means, or a :class:`UsageProblem` saying why not.

    When a name fits several units (the old and the new list both have a
    "Phường Tuần Châu"), the ones in use are preferred (with units below them),
    then the ones that existed on ``on``, the as-of date of the command.
    """
    candidates = find_units(query, among=among)
    if len(candidates) > 1:
        with_children = set(
            OrgUnit.objects.filter(parent__in=candidates).values_list("parent_id", flat=True)
        )
        candidates = [u for u in candidates if u.pk in with_children] or candidates
    if len(candidates) > 1 and on is not None:
        candidates = [u for u in candidates if u.exists_on(on)] or candidates
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise UsageProblem(
            f"Không tìm thấy đơn vị “{query}” (xem: gocua units list)",
            f"no unit “{query}” found (see: gocua units list)",
        )
    listed = "; ".join(f"{u.code} {u.name} ({_parent_name(u)})" for u in candidates[:20])
    more = f" … +{len(candidates) - 20}" if len(candidates) > 20 else ""
    raise UsageProblem(
        f"“{query}” trùng tên nhiều đơn vị, hãy dùng mã: {listed}{more}",
        f"“{query}” names several units, use a code: {listed}{more}",
    )


def _parent_name(unit: OrgUnit) -> str:
    return unit.parent.name if unit.parent_id and unit.parent else "—"


def children_of(unit: OrgUnit) -> OrgUnitQuerySet:
    return OrgUnit.objects.filter(parent=unit).order_by("path")


def subtree(unit: OrgUnit, *, include_self: bool = True) -> OrgUnitQuerySet:
    return OrgUnit.objects.under(unit, include_self=include_self)
