"""What the writes of the teams' work share: dates that cannot be in the future, units that
existed on the day, and how many people a session may plausibly reach."""

from __future__ import annotations

import datetime as dt

from gocua.lib.dates import day_text, today
from gocua.lib.errors import Problem
from gocua.lib.numbers import group
from gocua.orgunits.models import OrgUnit
from gocua.registry.models import Resident
from gocua.registry.selectors import living_on

# Plausibility of "people reached" / "people helped" at one session.
IN_PERSON_MAX = 2_000  # a meeting or conference of a ward, when no registry says more
SMALL_SESSION = 100  # always plausible, even where a registry is still being filled
BROADCAST_MAX = 200_000  # loudspeakers, web portal, Zalo, Facebook: listeners and viewers
EARLIEST = dt.date(2000, 1, 1)


# Helpers ------------------------------------------------------------------------------


def check_not_future(day: dt.date, what_vi: str, what_en: str) -> None:
    now = today()
    if day > now:
        raise Problem(
            f"{what_vi} ngày {day_text(day)} ở tương lai (hôm nay là {day_text(now)})",
            f"{what_en} dated {day.isoformat()} is in the future (today is {now.isoformat()})",
        )
    if day < EARLIEST:
        raise Problem(
            f"{what_vi} ngày {day_text(day)} quá xa (từ năm {EARLIEST.year} trở đi)",
            f"{what_en} dated {day.isoformat()} is too long ago (from {EARLIEST.year} on)",
        )


def check_unit_existed(unit: OrgUnit, day: dt.date) -> None:
    if not unit.exists_on(day):
        raise Problem(
            f"{unit.name} không tồn tại vào ngày {day_text(day)}",
            f"{unit.name} did not exist on {day.isoformat()}",
        )


def population(unit: OrgUnit, day: dt.date) -> int:
    """Residents of the registry living in the unit's subtree on that day (0: no registry)."""
    return Resident.objects.filter(unit.subtree_q("unit")).filter(living_on(day)).count()


def people_limit(unit: OrgUnit, day: dt.date, *, in_person: bool) -> tuple[int, str, str]:
    """The most people one session of the unit can plausibly reach, and why."""
    if not in_person:
        return BROADCAST_MAX, "giới hạn cho một buổi phát thanh, đăng tin", "limit for a broadcast"
    living = population(unit, day)
    if living >= SMALL_SESSION:
        return living, "số nhân khẩu đang sinh sống theo sổ theo dõi", "residents living there"
    if living:  # a registry being built: small sessions stay possible
        return (
            SMALL_SESSION,
            f"buổi đến {SMALL_SESSION} người luôn hợp lệ",
            f"sessions of up to {SMALL_SESSION} people are always accepted",
        )
    return IN_PERSON_MAX, "giới hạn cho một buổi trực tiếp", "limit for an in-person session"


def check_people(
    people: int | None, unit: OrgUnit, day: dt.date, *, in_person: bool, what_vi: str, what_en: str
) -> None:
    if people is None:
        return
    if people < 0:
        raise Problem(f"{what_vi} không được âm", f"{what_en} cannot be negative")
    limit, why_vi, why_en = people_limit(unit, day, in_person=in_person)
    if people > limit:
        raise Problem(
            f"{what_vi} ({group(people)}) không hợp lý cho một buổi ở {unit.name}: "
            f"tối đa {group(limit)} ({why_vi})",
            f"{what_en} ({people:,}) is not plausible for one session in {unit.name}: "
            f"at most {limit:,} ({why_en})",
        )
