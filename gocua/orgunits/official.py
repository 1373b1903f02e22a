"""The official unit lists of the ``vietnam-provinces`` package, as :class:`UnitRow`.

Code scheme (see README): the list in force since 1 July 2025 keeps its
official codes (province ``22``, commune ``06706``); the list before it is
prefixed with ``L`` (``L22``, district ``L193``, commune ``L06700``), because
the official codes were reused: 06706 is Tuần Châu today but was Đại Yên.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gocua.orgunits.models import Level, Source
from gocua.orgunits.services import UnitRow, division_word

REFORM_DAY = dt.date(2025, 7, 1)
LAST_LEGACY_DAY = REFORM_DAY - dt.timedelta(days=1)


def current_code(level: str, number: int) -> str:
    return f"{number:02d}" if level == Level.PROVINCE else f"{number:05d}"


def legacy_code(level: str, number: int) -> str:
    width = {Level.PROVINCE: 2, Level.DISTRICT: 3, Level.COMMUNE: 5}[Level(level)]
    return f"L{number:0{width}d}"


def current_rows() -> Iterator[UnitRow]:
    from vietnam_provinces import Province, Ward

    for p in Province.iter_all():
        yield UnitRow(
            code=current_code(Level.PROVINCE, p.code.value),
            name=p.name,
            level=Level.PROVINCE,
            division_type=division_word(p.name),
            parent_code=None,
            source=Source.OFFICIAL,
            official_code=f"{p.code.value:02d}",
            valid_from=REFORM_DAY,
            valid_until=None,
        )
    for w in Ward.iter_all():
        yield UnitRow(
            code=current_code(Level.COMMUNE, w.code.value),
            name=w.name,
            level=Level.COMMUNE,
            division_type=division_word(w.name),
            parent_code=current_code(Level.PROVINCE, w.province_code.value),
            source=Source.OFFICIAL,
            official_code=f"{w.code.value:05d}",
            valid_from=REFORM_DAY,
            valid_until=None,
        )


def legacy_rows(
    *, provinces: set[int] | None = None, districts: set[int] | None = None
) -> Iterator[UnitRow]:
    """The pre-2025 list; optionally only some provinces or districts (the demo)."""
    from vietnam_provinces import legacy

    def row(level: str, number: int, name: str, parent: str | None) -> UnitRow:
        width = 2 if level == Level.PROVINCE else 3 if level == Level.DISTRICT else 5
        return UnitRow(
            code=legacy_code(level, number),
            name=name,
            level=level,
            division_type=division_word(name),
            parent_code=parent,
            source=Source.LEGACY,
            official_code=f"{number:0{width}d}",
            valid_from=None,
            valid_until=LAST_LEGACY_DAY,
        )

    for p in legacy.Province.iter_all():
        if provinces is None or p.code.value in provinces:
            yield row(Level.PROVINCE, p.code.value, p.name, None)
    for d in legacy.District.iter_all():
        if (provinces is None or d.province_code.value in provinces) and (
            districts is None or d.code.value in districts
        ):
            parent = legacy_code(Level.PROVINCE, d.province_code.value)
            yield row(Level.DISTRICT, d.code.value, d.name, parent)
    for w in legacy.Ward.iter_all():
        if (provinces is None or w.province_code.value in provinces) and (
            districts is None or w.district_code.value in districts
        ):
            parent = legacy_code(Level.DISTRICT, w.district_code.value)
            yield row(Level.COMMUNE, w.code.value, w.name, parent)


def successions() -> Iterator[tuple[str, str, bool]]:
    """(legacy code, current code, partly) for provinces and communes."""
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCES
    from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW as WARDS

    for p_entry in PROVINCES.values():
        old = legacy_code(Level.PROVINCE, p_entry.old_province.code)
        for p_new in p_entry.new_provinces:
            yield old, current_code(Level.PROVINCE, p_new.code), len(p_entry.new_provinces) > 1
    for w_entry in WARDS.values():
        old = legacy_code(Level.COMMUNE, w_entry.old_ward.code)
        for w_new in w_entry.new_wards:
            yield old, current_code(Level.COMMUNE, w_new.code), w_entry.old_ward.is_partly_merged
