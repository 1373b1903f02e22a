"""Rosters built directly with the ORM (the roster import is another engineer's), and a
plain-Python reference of domain.md to compare the SQL engine with."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from gocua.indicators.defaults import install_defaults
from gocua.lib.text import fold
from gocua.orgunits.models import OrgUnit
from gocua.outreach.catalogue import install_defaults as install_catalogue
from gocua.registry.models import Household, Resident, SurveyParticipation, Transaction

D = dt.date
BORN = D(1980, 5, 5)


def setup_catalogue() -> None:
    install_catalogue()
    install_defaults()


class Roster:
    """Households and residents of one ward, numbered automatically."""

    def __init__(self, ward: OrgUnit) -> None:
        self.ward = ward
        self.count = 0

    def household(
        self, unit: OrgUnit, *, skills: dt.date | None = None, code: str = ""
    ) -> Household:
        self.count += 1
        return Household.objects.create(
            ward=self.ward,
            unit=unit,
            code=code or f"H{self.count:05d}",
            digital_skills_since=skills,
        )

    def resident(
        self,
        household: Household,
        *,
        born: dt.date | None = BORN,
        name: str = "",
        **fields: Any,
    ) -> Resident:
        self.count += 1
        full_name = name or f"Người {self.count}"
        return Resident.objects.create(
            household=household,
            ward=self.ward,
            unit=household.unit,
            full_name=full_name,
            search_name=fold(full_name),
            birth_date=born,
            **fields,
        )

    def person(self, unit: OrgUnit, **fields: Any) -> Resident:
        """A resident alone in a new household."""
        return self.resident(self.household(unit), **fields)


def transaction(resident: Resident, day: dt.date, channel: str = "online") -> Transaction:
    return Transaction.objects.create(
        resident=resident, unit=resident.unit, day=day, channel=channel
    )


def survey(resident: Resident, day: dt.date) -> SurveyParticipation:
    return SurveyParticipation.objects.create(resident=resident, unit=resident.unit, day=day)


# The reference: domain.md read literally, one resident at a time ----------------------------


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years, birthday counted; a 29 February birthday comes on 1 March in other years."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _held(since: dt.date | None, day: dt.date) -> bool:
    return since is not None and since <= day


def _within(day: dt.date | None, start: dt.date, end: dt.date) -> bool:
    return day is not None and start <= day <= end


def reference(
    ward: OrgUnit, as_of: dt.date, start: dt.date
) -> dict[int, dict[str, tuple[int, int]]]:
    """{unit_id: {code: (numerator, denominator)}} for each neighbourhood of the ward that has
    someone living there, and for the ward (key ward.pk), plus populations."""
    per_unit: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    transactions: dict[int, list[Transaction]] = defaultdict(list)
    for t in Transaction.objects.filter(resident__ward=ward):
        transactions[t.resident_id].append(t)
    surveys: dict[int, list[SurveyParticipation]] = defaultdict(list)
    for s in SurveyParticipation.objects.filter(resident__ward=ward):
        surveys[s.resident_id].append(s)
    living_households: dict[int, int] = {}
    for r in Resident.objects.filter(ward=ward):
        if r.moved_in is not None and r.moved_in > as_of:
            continue
        if r.birth_date is not None and r.birth_date > as_of:
            continue  # not born yet: counts nowhere
        if r.moved_out is not None and r.moved_out <= as_of:
            continue
        living_households[r.household_id] = r.unit_id
        u = per_unit[r.unit_id]
        age = None if r.birth_date is None else age_on(r.birth_date, as_of)
        in_period = [t for t in transactions[r.pk] if _within(t.day, start, as_of)]
        u["population:residents"][1] += 1

        def count(code: str, den: bool, num: bool, u: Any = u) -> None:
            if den:
                u[code][1] += 1
                if num:
                    u[code][0] += 1

        count("population:residents_14", age is not None and age >= 14, False)
        count("population:residents_18", age is not None and age >= 18, False)
        count("eid", age is not None and age >= 14, _held(r.eid_since, as_of))
        count(
            "online_services",
            bool(in_period),
            any(t.channel in ("online", "postal") for t in in_period),
        )
        count("cashless", age is not None and age >= 18, _held(r.payment_since, as_of))
        count(
            "essential_apps",
            _held(r.smartphone_since, as_of),
            all(_held(x, as_of) for x in (r.eid_since, r.vssid_since, r.ehealth_since)),
        )
        count(
            "civic_engagement",
            age is not None and age >= 14,
            any(_within(s.day, start, as_of) for s in surveys[r.pk]),
        )
    for h in Household.objects.filter(pk__in=list(living_households)):
        u = per_unit[h.unit_id]
        u["population:households"][1] += 1
        u["household_skills"][1] += 1
        if _held(h.digital_skills_since, as_of):
            u["household_skills"][0] += 1
    result = {
        unit: {code: (v[0], v[1]) for code, v in codes.items()} for unit, codes in per_unit.items()
    }
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for codes in result.values():
        for code, (n, d) in codes.items():
            total[code][0] += n
            total[code][1] += d
    result[ward.pk] = {code: (v[0], v[1]) for code, v in total.items()}
    return result
