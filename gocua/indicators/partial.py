"""The registry's rows kept per ward, so that a change in one ward re-reads that ward only.

The engine reads a subtree in one pass per statement (:mod:`.engine`). Above a ward, a
city's or a province's pass reads every ward's residents, though a visit saved in one
ward changed nothing in the others. Every change of data bumps the version of its
commune (``audit.services.data_changed``), so :func:`ward_reader` keeps the rows the
statement returned for each commune, under that commune's version and the global one,
and on the next pass asks the engine only for the communes whose version moved: all of
them in one statement listing their lowest units, never a query per commune. The first
pass (nothing kept) reads the whole subtree as before.

What is kept is the statement's own result rows (one per lowest unit: its id, then the
counted columns), under a digest of the statement's text and parameters for the whole
subtree, so a different definition, day or period is a different entry, and one entry
per root: a city keeps its wards' rows in one value. The versions are read before the
statement runs, so kept rows are never labelled newer than the data they counted.

Only for the configured database and with the indicators cache on
(``INDICATORS_CACHE_SECONDS``); a root that is a ward or below is read whole (its own
figures are cached whole by ``selectors.cached``). The rows are kept for
``INDICATORS_WARD_ROWS_SECONDS`` (a day), longer than the figures: they are checked
against the versions on every read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache

from gocua.audit.services import subtree_versions
from gocua.indicators.engine import Backend, DatabaseBackend, Reader, Statement, read_all
from gocua.orgunits.models import Level, OrgUnit

# A part of the subtree is read by listing its lowest units; past this many, the whole.
MOST_UNITS_LISTED = 2000

Rows = list[tuple[Any, ...]]


def ward_reader(*, root: OrgUnit, units: Sequence[Any], backend: Backend | None = None) -> Reader:
    """A reader for the engine's statements over ``root``'s subtree, ``units`` being the
    subtree's units (``computation.UnitRef``: id, level, parent_id, depth)."""
    plain = read_all(backend or DatabaseBackend())
    if (
        settings.INDICATORS_CACHE_SECONDS <= 0
        or (backend is not None and not isinstance(backend, DatabaseBackend))
        or root.level in (Level.COMMUNE, Level.NEIGHBOURHOOD)
    ):
        return plain
    owner = _owners(units)
    if not owner:
        return plain
    versions: list[tuple[int, dict[int, int]]] = []  # read once per pass, before any statement

    def read(label: str, statement: Statement) -> tuple[list[str], Rows]:
        if not versions:
            versions.append(subtree_versions(root))
        first, mine = versions[0]
        whole = statement(None)
        # The statement, and which ward each unit is in (a unit moved to another ward by
        # an edit outside the services bumps no version: it makes another entry).
        digest = hashlib.sha256(
            repr((label, whole.text, whole.params, sorted(owner.items()))).encode()
        ).hexdigest()
        key = f"gocua:ward-rows:{root.pk}:{digest}"
        kept: dict[str, Any] = cache.get(key) or {"names": [], "wards": {}, "loose": False}
        wards = sorted(set(owner.values()))
        now = {w: (first, mine.get(w, 0)) for w in wards}
        stale = {w for w in wards if w not in kept["wards"] or kept["wards"][w][0] != now[w]}
        if not stale and not kept["loose"]:
            return kept["names"], [row for w in wards for row in kept["wards"][w][1]]
        listed = [u for u, w in owner.items() if w in stale]
        everything = kept["loose"] or len(stale) == len(wards) or len(listed) > MOST_UNITS_LISTED
        names, rows = plain(label, statement if everything else lambda _: statement(listed))
        fresh = set(wards) if everything else stale
        by_ward: dict[int, Rows] = {w: [] for w in fresh}
        for row in rows:
            ward = owner.get(int(row[0]))
            if ward is None:  # counted in a unit in no ward: always read whole
                kept["loose"] = True
            elif ward in by_ward:
                by_ward[ward].append(tuple(row))
        kept["names"] = list(names)
        kept["wards"].update({w: (now[w], by_ward[w]) for w in fresh})
        cache.set(key, kept, max(settings.INDICATORS_WARD_ROWS_SECONDS, 1))
        if everything:
            return names, rows
        return names, [
            *rows,
            *(row for w in wards if w not in fresh for row in kept["wards"][w][1]),
        ]

    return read


def _owners(units: Sequence[Any]) -> dict[int, int]:
    """Each unit at or below a commune → that commune's id (walking down by depth)."""
    owner: dict[int, int] = {}
    for u in sorted(units, key=lambda x: x.depth):
        if u.level == Level.COMMUNE:
            owner[u.id] = u.id
        elif u.parent_id in owner:
            owner[u.id] = owner[u.parent_id]
    return owner
