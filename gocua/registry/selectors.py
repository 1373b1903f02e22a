"""Reads of the registry. Each takes a unit the caller got through
``accounts.selectors.access_unit`` (so scoping cannot be forgotten): every
query is limited to that unit's subtree with one range on the path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from gocua.lib.text import fold
from gocua.orgunits.models import OrgUnit
from gocua.registry import facts
from gocua.registry.models import (
    Change,
    Household,
    ImportJob,
    Resident,
    SurveyParticipation,
    Transaction,
)
from gocua.registry.templatetags.registry import dayfmt

CHANNEL_CODES = {"online": "truc_tuyen", "postal": "buu_chinh", "in_person": "truc_tiep"}
SEX_WORDS = {"M": "Nam", "F": "Nữ", "X": "Khác"}


def _in(unit: OrgUnit, prefix: str = "unit") -> Q:
    return unit.subtree_q(prefix)


def households_in(unit: OrgUnit) -> QuerySet[Household]:
    return Household.objects.filter(_in(unit))


def residents_in(unit: OrgUnit) -> QuerySet[Resident]:
    return Resident.objects.filter(_in(unit))


def _word_matches(word: str, *, living: bool | None) -> Q:
    """A household matches ``word`` (folded) by its code, address, neighbourhood or a
    member's name; ``living`` narrows the members (True: living there, False: moved out,
    None: any)."""
    members = Resident.objects.filter(household=OuterRef("pk"), search_name__contains=word)
    if living is True:
        members = members.filter(moved_out__isnull=True)
    elif living is False:
        members = members.filter(moved_out__isnull=False)
    return (
        Q(code__icontains=word)
        | Q(search_address__contains=word)
        | Q(unit__search_name__contains=word)
        | Q(Exists(members))
    )


def search_words(query: str) -> list[str]:
    """The words of a search, folded (no diacritics, lower case), each once, at most 8."""
    return list(dict.fromkeys(fold(query).split()))[:8]


def household_search(*, unit: OrgUnit, query: str = "") -> QuerySet[Household]:
    """Households of the unit where every word of ``query`` matches somewhere: the code,
    the address, the neighbourhood's name or a member's name, in any order, without
    diacritics or case, a part of a word too (``hung nguyen``, ``ngo ha 5``, ``kp1``).

    Each household carries ``found_through``: the moved-out members whose names it was
    found by, when it matched only with them (else an empty list), and ``living``:
    its members living there (prefetched: one more query each).
    """
    households = households_in(unit)
    words = search_words(query)
    for word in words:
        households = households.filter(_word_matches(word, living=None))
    if words:
        live = Q()
        for word in words:
            live &= _word_matches(word, living=True)
        households = households.annotate(
            live_match=Case(When(live, then=Value(True)), default=Value(False))
        )
    return (
        households.select_related("unit")
        .prefetch_related(
            Prefetch(
                "residents",
                queryset=Resident.objects.filter(moved_out__isnull=True).order_by("id"),
                to_attr="living",
            ),
            Prefetch(
                "residents",
                queryset=_moved_out_named(words),
                to_attr="found_through",
            ),
        )
        .order_by("unit__path", "code")
    )


def _moved_out_named(words: list[str]) -> QuerySet[Resident]:
    """Moved-out members whose names hold one of the words (none without words)."""
    if not words:
        return Resident.objects.none()
    named = Q()
    for word in words:
        named |= Q(search_name__contains=word)
    return Resident.objects.filter(named, moved_out__isnull=False).order_by("id")


def household_get(*, unit: OrgUnit, pk: int) -> Household:
    """The household if it lies in the unit's subtree, else 404."""
    household = households_in(unit).select_related("unit", "ward").filter(pk=pk).first()
    if household is None:
        raise Http404("household not found")
    return household


def import_job_get(*, unit: OrgUnit, pk: int) -> ImportJob:
    """A web import confirmed on the unit's pages, else 404."""
    job = ImportJob.objects.filter(unit=unit, pk=pk).first()
    if job is None:
        raise Http404("import not found")
    return job


def resident_get(*, unit: OrgUnit, pk: int) -> Resident:
    resident = residents_in(unit).select_related("household", "unit", "ward").filter(pk=pk).first()
    if resident is None:
        raise Http404("resident not found")
    return resident


def household_members(household: Household) -> list[Resident]:
    """Living members first, the head (``Chủ hộ``) first of all, then those who left;
    otherwise by the order they were recorded."""
    return sorted(
        household.residents.all(),
        key=lambda r: (r.moved_out is not None, not facts.is_head(r.relationship), r.pk),
    )


def household_history(household: Household) -> QuerySet[Change]:
    return household.changes.select_related("user")


def resident_history(resident: Resident) -> QuerySet[Change]:
    return resident.changes.select_related("user")


# The e-ID is one fact written as three columns (level, since, level 2 since): one change
# of it is one row of the history, not three.
EID_FIELDS = ("eid_level", "eid_since", "eid2_since")
SAME_WRITE = dt.timedelta(seconds=1)


@dataclass
class EidChange:
    """The rows of one write of the e-ID, as one: ``VNeID: mức 1 → mức 2, 05/03/2025``."""

    at: dt.datetime
    user: Any
    source: str
    parts: dict[str, Change]
    field: str = "vneid"

    @property
    def resident_id(self) -> int | None:
        return next(iter(self.parts.values())).resident_id

    def side(self, which: str) -> str:
        values = {name: getattr(c, which) for name, c in self.parts.items()}
        level = values.get("eid_level")
        if level == "0":
            return str(_("none"))
        day = values.get("eid2_since") if level == "2" else None
        day = day or values.get("eid_since") or values.get("eid2_since")
        words = [str(_("level %(level)s") % {"level": level})] if level else []
        if day:
            words.append(str(_("on %(day)s") % {"day": dayfmt(day)}))
        return ", ".join(words) or "—"

    @property
    def old(self) -> str:
        return self.side("old")

    @property
    def new(self) -> str:
        return self.side("new")


def history_rows(changes: Iterable[Change]) -> list[Change | EidChange]:
    """The history as a person reads it: the e-ID rows of one write (same resident, person,
    source, within a second, no column twice) merged into one :class:`EidChange` where the
    first of them stood; the other rows as they are."""
    rows: list[Change | EidChange] = []
    group: EidChange | None = None
    for change in changes:
        if change.field not in EID_FIELDS:
            rows.append(change)
            continue
        if (
            group is not None
            and change.field not in group.parts
            and group.resident_id == change.resident_id
            and getattr(group.user, "pk", None) == change.user_id
            and group.source == change.source
            and abs(group.at - change.at) <= SAME_WRITE
        ):
            group.parts[change.field] = change
        else:
            group = EidChange(change.at, change.user, change.source, {change.field: change})
            rows.append(group)
    return rows


def resident_events(resident: Resident) -> list[tuple[dt.date | None, str, Any]]:
    """Transactions, surveys and guidance of a resident, newest first: (day, kind, detail)."""
    from gocua.outreach.models import Guidance

    events: list[tuple[dt.date | None, str, Any]] = []
    for t in Transaction.objects.filter(resident=resident):
        events.append((t.day, "transaction", t.get_channel_display()))
    for s in SurveyParticipation.objects.filter(resident=resident):
        events.append((s.day, "survey", ""))
    for g in Guidance.objects.filter(resident=resident).select_related("service", "member"):
        events.append((g.day, "guidance", g))
    events.sort(key=lambda e: e[0] or dt.date.min, reverse=True)
    return events


def roster_rows(*, unit: OrgUnit, columns: list[str]) -> Iterator[list[str]]:
    """The roster of a unit as file rows (the import's ``columns``, in that order), streamed.

    Every resident, moved out included; the latest transaction and survey of each.
    Each row is built by column name (gocua.registry.facts), never by position.
    """
    latest = Transaction.objects.filter(resident=OuterRef("pk")).order_by("-day", "-id")
    survey = SurveyParticipation.objects.filter(resident=OuterRef("pk")).order_by("-day")
    rows = (
        residents_in(unit)
        .annotate(
            tx_day=Subquery(latest.values("day")[:1]),
            tx_channel=Subquery(latest.values("channel")[:1]),
            survey_day=Subquery(survey.values("day")[:1]),
        )
        .order_by("unit__path", "household__code", "id")
        .values(
            "household__code",
            "unit__name",
            "household__address",
            "household__digital_skills_since",
            "ward__code",
            "tx_day",
            "tx_channel",
            "survey_day",
            *facts.RESIDENT_VALUES,
        )
    )
    for r in rows.iterator(chunk_size=2000):
        yield [_cell(column, r) for column in columns]


def _cell(column: str, r: dict[str, Any]) -> str:
    """One exported cell, as the import reads it back."""
    field = facts.BY_COLUMN[column]
    if column == "ma_ho":
        return str(r["household__code"])
    if column == "khu_pho":
        return str(r["unit__name"])
    if column == "dia_chi":
        return str(r["household__address"])
    if column == "phuong":
        return str(r["ward__code"])
    if column == "ho_ky_nang_so":
        return _day(r["household__digital_skills_since"])
    if column == "ngay_sinh":
        birth = r["birth_date"]
        return (str(birth.year) if r["birth_year_only"] else birth.isoformat()) if birth else ""
    if column == "gioi_tinh":
        return SEX_WORDS.get(r["sex"], "")
    if column == "vneid":
        return str(r["eid_level"]) if r["eid_level"] else ""
    if column == "ngay_vneid":
        level = r["eid_level"]
        return _day(r["eid2_since"] if level == 2 else r["eid_since"]) if level else ""
    if column == "tthc_ngay":
        return _day(_as_date(r["tx_day"]))
    if column == "tthc_hinh_thuc":
        return CHANNEL_CODES.get(r["tx_channel"] or "", "") if r["tx_day"] else ""
    if column == "khao_sat_ngay":
        return _day(_as_date(r["survey_day"]))
    value = r[field.name]
    if field.kind in ("fact", "date"):
        return _day(value)
    return "" if value is None else str(value)


def roster_mapping(*, ward: OrgUnit) -> dict[str, str]:
    """The ward's remembered choices for headers the import does not know: header_key →
    roster column ("" ignores it)."""
    from gocua.registry.models import RosterMapping

    return dict(RosterMapping.objects.filter(ward=ward).values_list("header", "column"))


def _as_date(value: Any) -> dt.date | None:
    """Subquery values come back as dates, or as YYYYMMDD on backends that skip converters."""
    if value is None or isinstance(value, dt.date):
        return value
    number = int(value)
    return dt.date(number // 10000, number // 100 % 100, number % 100)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def living_on(day: dt.date) -> Q:
    """Residents living in their unit on ``day`` (domain.md): born on or before it (no
    birth date: assumed born), moved in on or before it (or always there), not moved out
    or died on or before it. The SQL of the indicator engine is its twin
    (``indicators.engine.living_sql``)."""
    return (
        (Q(birth_date__isnull=True) | Q(birth_date__lte=day))
        & (Q(moved_in__isnull=True) | Q(moved_in__lte=day))
        & (Q(moved_out__isnull=True) | Q(moved_out__gt=day))
    )


# The field app's caseload -------------------------------------------------------------

CASELOAD_HOUSEHOLD_COLUMNS = (
    "id",
    "code",
    "address",
    "search_address",
    "unit__code",
    "unit__name",
    "version",
    "digital_skills_since",
)
CASELOAD_RESIDENT_COLUMNS = (
    "id",
    "household_id",
    "version",
    "full_name",
    "search_name",
    "birth_date",
    "birth_year_only",
    "sex",
    "personal_id",
    "phone",
    "moved_in",
    "smartphone_since",
    "eid_level",
    "eid_since",
    "eid2_since",
    "vssid_since",
    "ehealth_since",
    "payment_since",
)


def caseload_rows(
    *, unit: OrgUnit, day: dt.date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Households of the unit's subtree and their residents living there on ``day``
    (:func:`living_on`, the one rule), as plain rows.

    Two queries, no model instances (a neighbourhood of 10,000 residents in well under a
    second): households by neighbourhood and code, residents by household and id.
    """
    households = list(
        households_in(unit).order_by("unit__path", "code").values(*CASELOAD_HOUSEHOLD_COLUMNS)
    )
    residents = list(
        residents_in(unit)
        .filter(living_on(day))
        .order_by("household_id", "id")
        .values(*CASELOAD_RESIDENT_COLUMNS)
    )
    return households, residents
