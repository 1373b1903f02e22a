"""Matching a batch of the roster import against the registry and against the file.

A batch looks up what the database holds in a few queries (living residents with
the batch's personal IDs, the batch's households and their members), then checks
rows against each other in file order and plans what each good row does: create a
resident or update the one it matches. :class:`Matching` is the part of
:class:`~gocua.registry.importer.RosterImport` that does it.
"""

from __future__ import annotations

import datetime as dt
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from gocua.orgunits.models import OrgUnit
from gocua.registry import facts
from gocua.registry.import_result import ImportResult, RowIssue
from gocua.registry.models import Household, Resident, SurveyParticipation, Transaction
from gocua.registry.privacy import IdLookups
from gocua.registry.roster import FactValue

if TYPE_CHECKING:
    from gocua.registry.import_write import Writer

# A neighbourhood the file names: an existing unit's id, or (ward id, folded name) of a new one.
UnitRef = int | tuple[int, str]


@dataclass(slots=True)
class Row:
    line: int
    sheet: str = ""
    issues: list[RowIssue] = field(default_factory=list)
    ward: OrgUnit | None = None
    household_code: str = ""
    unit_ref: UnitRef | None = None
    unit_label: str = ""
    address: str | None = None
    full_name: str = ""
    birth: dt.date | None = None
    year_only: bool = False
    sex: str | None = None
    personal_id: str | None = None
    phone: str | None = None
    relationship: str | None = None  # None: not stated (kept)
    has_moved_in: bool = False
    moved_in: dt.date | None = None
    has_moved_out: bool = False
    moved_out: dt.date | None = None
    facts: dict[str, FactValue] = field(default_factory=dict)  # model name → value
    eid_level: int | None = None
    eid_date: dt.date | None = None
    transaction: tuple[dt.date, str] | None = None
    survey: dt.date | None = None
    skills: FactValue = None

    @property
    def name_key(self) -> str:
        return self.full_name.casefold()


@dataclass(slots=True)
class HouseholdState:
    """A household named by the file: what the database holds and what the file says."""

    ward_id: int
    code: str
    id: int | None = None
    version: int = 0
    db_unit: int = 0  # 0 until the household is in the database
    db_address: str = ""
    db_skills: dt.date | None = None
    unit: UnitRef | None = None  # as the file says (first row)
    unit_line: int = 0
    unit_label: str = ""
    address: str | None = None
    address_line: int = 0
    skills: FactValue = None
    skills_line: int = 0
    target_skills: dt.date | None = None
    dirty: bool = False  # needs writing (new, or a stated value differs)
    counted: bool = False  # in the result's households created/updated


# Derived from gocua.registry.facts: rows are built by name, never by position.
RESIDENT_FIELDS = (
    "id",
    "ward_id",
    "household_id",
    "household__code",
    "unit_id",
    *facts.RESIDENT_VALUES,
    "version",
)
# Resident facts held as "true since" days: (roster column, model field).
FACTS = [(f.column, f.name) for f in facts.FIELDS if f.kind == "fact" and f.owner == "resident"]

NEW_RESIDENT = {
    f.name: f.get_default()
    for f in Resident._meta.concrete_fields
    if f.name in facts.RESIDENT_VALUES
}


@dataclass(slots=True)
class Plan:
    """What one good row does: create a resident, or update one."""

    row: Row | None  # None once spooled (the writer does not need it)
    household: HouseholdState
    existing: dict[str, Any] | None
    values: dict[str, Any]  # resident fields to set (all of them for a new resident)
    transaction: tuple[dt.date, str] | None
    survey: dt.date | None


class Spool:
    """The plans of every batch, kept in a temporary file until they are written.

    Matching reads the file and the database without holding the write lock; the plans
    wait here (memory stays bounded) and go in afterwards in one short transaction.
    A plan is kept with its household's key: the households stay in memory, shared by
    the batches, as the writer updates them (ids of new ones, versions).
    """

    def __init__(self) -> None:
        self.file: Any = None
        self.batches = 0

    def add(self, plans: list[Plan]) -> None:
        if not plans:
            return
        if self.file is None:
            self.file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        kept = [
            ((p.household.ward_id, p.household.code), p.existing, p.values, p.transaction, p.survey)
            for p in plans
        ]
        pickle.dump(kept, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.batches += 1

    def batches_of(self, households: dict[tuple[int, str], HouseholdState]) -> Iterator[list[Plan]]:
        if self.file is None:
            return
        self.file.seek(0)
        for _ in range(self.batches):
            yield [
                Plan(None, households[key], existing, values, event, survey)
                for key, existing, values, event, survey in pickle.load(self.file)  # noqa: S301 - our own file
            ]

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


class Matching:
    """Batches against the database and against each other (see the module's doc)."""

    result: ImportResult
    as_of: dt.date
    dry_run: bool
    skip_invalid: bool
    row: Row
    values: dict[str, Any]
    households: dict[tuple[int, str], HouseholdState]
    seen_ids: dict[str, int]
    seen_keys: dict[tuple[int, str, str, dt.date | None], int]
    matched: dict[int, int]
    lookups: IdLookups
    new_units: dict[tuple[int, str], str]
    ward_names: dict[int, str]
    writer: Writer
    spool: Spool

    def _row_issue(self, column: str, vi: str, en: str) -> None:
        raise NotImplementedError

    def _error(self, issue: RowIssue) -> None:
        raise NotImplementedError

    def _tick(self) -> None:
        raise NotImplementedError

    @property
    def writing(self) -> bool:
        return not self.dry_run and (self.skip_invalid or not self.result.error_count)

    # A batch against the database --------------------------------------------------

    def _batch(self, rows: list[Row]) -> None:
        self.values = {}
        good = [r for r in rows if not r.issues]
        by_id = self._residents_by_id(good)
        self._load_households(good)
        by_household = self._members(good, by_id)
        plans: list[Plan] = []
        for row in rows:
            if not row.issues:
                plan = self._plan(row, by_id, by_household)
                if plan is not None:
                    plans.append(plan)
                    continue
            self.result.bad_rows += 1
            for issue in row.issues:
                self._error(issue)
            if self.skip_invalid:
                self.result.skipped += 1
        self._count(plans)
        if self.writing:
            self.spool.add(plans)
        self._tick()

    def _residents_by_id(self, rows: list[Row]) -> dict[str, list[dict[str, Any]]]:
        numbers = {r.personal_id for r in rows if r.personal_id}
        if not numbers:
            return {}
        wards = {r.ward.pk for r in rows if r.ward is not None}
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        query = Resident.objects.filter(
            Q(moved_out__isnull=True) | Q(ward_id__in=wards), personal_id__in=numbers
        ).values(*RESIDENT_FIELDS)
        for resident in query:
            found[resident["personal_id"]].append(resident)
        return found

    def _load_households(self, rows: list[Row]) -> None:
        wanted: dict[int, set[str]] = defaultdict(set)
        for row in rows:
            assert row.ward is not None
            if (row.ward.pk, row.household_code) not in self.households:
                wanted[row.ward.pk].add(row.household_code)
        if not wanted:
            return
        condition = Q()
        for ward_id, codes in wanted.items():
            condition |= Q(ward_id=ward_id, code__in=codes)
        fields = ("id", "ward_id", "code", "unit_id", "address", "digital_skills_since", "version")
        for h in Household.objects.filter(condition).values(*fields):
            self.households[(h["ward_id"], h["code"])] = HouseholdState(
                ward_id=h["ward_id"],
                code=h["code"],
                id=h["id"],
                version=h["version"],
                db_unit=h["unit_id"],
                db_address=h["address"],
                db_skills=h["digital_skills_since"],
                target_skills=h["digital_skills_since"],
            )

    def _members(
        self, rows: list[Row], by_id: dict[str, list[dict[str, Any]]]
    ) -> dict[int, list[dict[str, Any]]]:
        """Residents of the batch's households, for rows not found by personal ID."""
        wanted = set()
        for row in rows:
            assert row.ward is not None
            if row.personal_id and any(
                r["ward_id"] == row.ward.pk for r in by_id.get(row.personal_id, [])
            ):
                continue
            household = self.households.get((row.ward.pk, row.household_code))
            if household is not None and household.id is not None:
                wanted.add(household.id)
        members: dict[int, list[dict[str, Any]]] = defaultdict(list)
        if wanted:
            for resident in Resident.objects.filter(household_id__in=wanted).values(
                *RESIDENT_FIELDS
            ):
                members[resident["household_id"]].append(resident)
        return members

    # Rows against each other, and matching -------------------------------------------

    def _plan(
        self,
        row: Row,
        by_id: dict[str, list[dict[str, Any]]],
        by_household: dict[int, list[dict[str, Any]]],
    ) -> Plan | None:
        assert row.ward is not None and row.unit_ref is not None
        self.row = row
        ward_id = row.ward.pk
        key = (ward_id, row.household_code)
        household = self.households.get(key) or HouseholdState(ward_id=ward_id, code=key[1])
        self._household_conflicts(row, household)
        person_key = (ward_id, row.household_code, row.name_key, row.birth)
        if row.personal_id and row.personal_id in self.seen_ids:
            first = self.seen_ids[row.personal_id]
            self._row_issue(
                "so_dinh_danh",
                f"số định danh {row.personal_id} trùng với dòng {first}",
                f"personal ID {row.personal_id} is also on line {first}",
            )
        elif person_key in self.seen_keys:
            first = self.seen_keys[person_key]
            self._row_issue(
                "ho_ten",
                f"cùng người (mã hộ, họ tên, ngày sinh) với dòng {first}",
                f"the same person (household, name, birth date) as line {first}",
            )
        if row.personal_id and row.moved_out is None:
            for other in by_id.get(row.personal_id, []):
                if other["ward_id"] != ward_id and other["moved_out"] is None:
                    # The ward is named only to whom may see it; logged and limited.
                    ward = OrgUnit.objects.get(pk=other["ward_id"])
                    vi, en = self.lookups.elsewhere(row.personal_id, ward)
                    self._row_issue("so_dinh_danh", vi[0].lower() + vi[1:], en)
                    break
        existing = self._match(row, household, by_id, by_household)
        if existing is not None and existing["id"] in self.matched:
            self._row_issue(
                "ho_ten",
                f"cùng người với dòng {self.matched[existing['id']]}",
                f"the same resident as line {self.matched[existing['id']]}",
            )
        if row.issues:
            return None
        # The row is good: register what it says.
        self.households[key] = household
        self._household_statements(row, household)
        if row.personal_id:
            self.seen_ids[row.personal_id] = row.line
        else:
            self.seen_keys[person_key] = row.line
        if existing is not None:
            self.matched[existing["id"]] = row.line
        values = self._resident_values(row, household, existing)
        return Plan(row, household, existing, values, row.transaction, row.survey)

    def _household_conflicts(self, row: Row, household: HouseholdState) -> None:
        code = row.household_code
        if household.unit is not None and household.unit != row.unit_ref:
            self._row_issue(
                "khu_pho",
                f"hộ {code} ở {household.unit_label} (dòng {household.unit_line}), "
                f"không thể ở cả {row.unit_label}",
                f"household {code} is in {household.unit_label} (line {household.unit_line}); "
                f"it cannot also be in {row.unit_label}",
            )
        if row.address is not None and household.address not in (None, row.address):
            self._row_issue(
                "dia_chi",
                f"địa chỉ khác với dòng {household.address_line} của cùng hộ {code}",
                f"the address differs from line {household.address_line} of household {code}",
            )
        if household.skills is not None and row.skills not in (None, household.skills):
            self._row_issue(
                "ho_ky_nang_so",
                f"khác với dòng {household.skills_line} của cùng hộ {code}",
                f"differs from line {household.skills_line} of household {code}",
            )

    def _household_statements(self, row: Row, household: HouseholdState) -> None:
        if household.unit is None:
            household.unit, household.unit_line = row.unit_ref, row.line
            household.unit_label = row.unit_label
            if household.id is None or household.db_unit != row.unit_ref:
                household.dirty = True
        if row.address is not None and household.address is None:
            household.address, household.address_line = row.address, row.line
            if household.id is None or household.db_address != row.address:
                household.dirty = True
        if row.skills is not None and household.skills is None:
            household.skills, household.skills_line = row.skills, row.line
            household.target_skills = self._fact_after(row.skills, household.db_skills)
            if household.id is None or household.target_skills != household.db_skills:
                household.dirty = True
        if household.id is None:
            household.dirty = True

    def _match(
        self,
        row: Row,
        household: HouseholdState,
        by_id: dict[str, list[dict[str, Any]]],
        by_household: dict[int, list[dict[str, Any]]],
    ) -> dict[str, Any] | None:
        assert row.ward is not None
        if row.personal_id:
            same = [r for r in by_id.get(row.personal_id, []) if r["ward_id"] == row.ward.pk]
            if same:
                if row.has_moved_out:
                    exact = [r for r in same if r["moved_out"] == row.moved_out]
                    if exact:
                        return exact[0]
                living = [r for r in same if r["moved_out"] is None]
                return (living or sorted(same, key=lambda r: r["id"]))[-1]
        if household.id is None:
            return None
        named = [
            r
            for r in by_household.get(household.id, [])
            if r["full_name"].casefold() == row.name_key
            and (row.personal_id is None or r["personal_id"] in (None, row.personal_id))
            and r["id"] not in self.matched
        ]
        exact = [r for r in named if r["birth_date"] == row.birth]
        if not exact:
            exact = [r for r in named if _births_agree(row, r)]
        if len(exact) > 1:
            self._row_issue(
                "ho_ten",
                f"hộ {row.household_code} có {len(exact)} người tên {row.full_name}; "
                "hãy ghi số định danh hoặc ngày sinh",
                f"household {row.household_code} has {len(exact)} residents named "
                f"{row.full_name}; give the personal ID or the birth date",
            )
            return None
        return exact[0] if exact else None

    # What a row sets -------------------------------------------------------------------

    def _fact_after(self, value: FactValue, current: dt.date | None) -> dt.date | None:
        """A fact as the file states it on the as-of date, over what the database holds.

        A date replaces; yes keeps an earlier date (else the as-of date); no clears,
        unless the database knows it became true after the as-of date; empty keeps.
        """
        if value is None:
            return current
        if isinstance(value, dt.date):
            return value
        if value:
            return current if current is not None and current <= self.as_of else self.as_of
        return current if current is not None and current > self.as_of else None

    def _eid_after(
        self, row: Row, level: int, since: dt.date | None, since2: dt.date | None
    ) -> tuple[int, dt.date | None, dt.date | None]:
        new = row.eid_level
        if new is None:
            return level, since, since2
        if new == 0:
            if since is not None and since > self.as_of:
                return level, since, since2
            return 0, None, None
        if new == 1:
            start = row.eid_date or (since if since and since <= self.as_of else self.as_of)
            if since2 is not None and since2 > self.as_of:
                return 2, start, since2
            return 1, start, None
        start2 = row.eid_date or (since2 if since2 and since2 <= self.as_of else self.as_of)
        start = since if since is not None and since <= start2 else start2
        return 2, start, start2

    def _resident_values(
        self, row: Row, household: HouseholdState, existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        current = existing or NEW_RESIDENT
        target: dict[str, Any] = {"full_name": row.full_name}
        birth, year_only = current["birth_date"], current["birth_year_only"]
        if row.birth is not None:
            keep_precise = (
                row.year_only
                and birth is not None
                and not year_only
                and birth.year == row.birth.year
            )
            if not keep_precise:
                birth, year_only = row.birth, row.year_only
        target["birth_date"], target["birth_year_only"] = birth, year_only
        target["sex"] = row.sex or current["sex"]
        target["personal_id"] = row.personal_id or current["personal_id"]
        target["phone"] = row.phone or current["phone"]
        for name, stated, value in (
            ("moved_in", row.has_moved_in, row.moved_in),
            ("moved_out", row.has_moved_out, row.moved_out),
        ):
            old = current[name]
            if not stated or (old is not None and old > self.as_of):
                target[name] = old
            else:
                target[name] = value
        for _, name in FACTS:
            target[name] = self._fact_after(row.facts.get(name), current[name])
        target["relationship"] = (
            row.relationship if row.relationship is not None else current["relationship"]
        )
        target["eid_level"], target["eid_since"], target["eid2_since"] = self._eid_after(
            row, current["eid_level"], current["eid_since"], current["eid2_since"]
        )
        if existing is None:
            return target
        return {k: v for k, v in target.items() if v != existing[k]}

    # Counting and writing ------------------------------------------------------------

    def _count(self, plans: list[Plan]) -> None:
        for plan in plans:
            if plan.existing is None:
                self.result.created += 1
                if plan.transaction:
                    self.result.transactions_created += 1
                if plan.survey:
                    self.result.surveys_created += 1
        self._existing_events(plans)
        for plan in plans:
            if plan.existing is not None:
                if plan.values or plan.transaction or plan.survey:
                    self.result.updated += 1
                else:
                    self.result.unchanged += 1
                if plan.transaction:
                    self.result.transactions_created += 1
                if plan.survey:
                    self.result.surveys_created += 1
        for plan in plans:
            household = plan.household
            if household.dirty and not household.counted:
                household.counted = True
                if household.id is None:
                    self.result.households_created += 1
                else:
                    self.result.households_updated += 1
            if isinstance(household.unit, tuple):
                self.new_units.setdefault(household.unit, household.unit_label)

    def _existing_events(self, plans: list[Plan]) -> None:
        """Drop events the matched residents already have (so a second import adds none)."""
        ids = [p.existing["id"] for p in plans if p.existing and p.transaction]
        if ids:
            have = set(
                Transaction.objects.filter(resident_id__in=ids).values_list(
                    "resident_id", "day", "channel"
                )
            )
            for plan in plans:
                if plan.existing and plan.transaction:
                    day, channel = plan.transaction
                    if (plan.existing["id"], day, channel) in have:
                        plan.transaction = None
        ids = [p.existing["id"] for p in plans if p.existing and p.survey]
        if ids:
            have_surveys = set(
                SurveyParticipation.objects.filter(resident_id__in=ids).values_list(
                    "resident_id", "day"
                )
            )
            for plan in plans:
                if (
                    plan.existing
                    and plan.survey
                    and (plan.existing["id"], plan.survey) in (have_surveys)
                ):
                    plan.survey = None


def _births_agree(row: Row, resident: dict[str, Any]) -> bool:
    """A birth date missing on one side, or a year alone that the other date falls in."""
    theirs = resident["birth_date"]
    if row.birth is None or theirs is None:
        return True
    if row.year_only or resident["birth_year_only"]:
        return bool(theirs.year == row.birth.year)
    return False
