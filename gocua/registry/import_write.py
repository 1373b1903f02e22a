"""Writing a batch of the roster import: households, residents, events and history.

Rows are built by name from the field lists below (derived from
:mod:`gocua.registry.facts`), never by position, and go in with
:func:`gocua.registry.bulk.insert_rows` (``executemany`` or ``COPY``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.utils import timezone

from gocua.accounts.models import User
from gocua.lib.fields import DayField
from gocua.lib.text import fold
from gocua.orgunits.models import Level, OrgUnit
from gocua.registry import bulk, facts
from gocua.registry.import_match import HouseholdState, Plan, UnitRef
from gocua.registry.import_result import ImportResult
from gocua.registry.models import Change, Household, Resident, SurveyParticipation, Transaction

SOURCE = "import"

HOUSEHOLD_FIELDS = (
    "id",
    "ward_id",
    "unit_id",
    "code",
    "address",
    "search_address",
    "digital_skills_since",
    "version",
    "created_at",
    "updated_at",
)
RESIDENT_INSERT_FIELDS = (
    "id",
    "household_id",
    "ward_id",
    "unit_id",
    "search_name",
    *facts.RESIDENT_VALUES,
    "version",
    "created_at",
    "updated_at",
)
DAY_FIELDS = frozenset(
    f.name
    for f in (*Resident._meta.concrete_fields, *Household._meta.concrete_fields)
    if isinstance(f, DayField)
)


def db_row(fields: tuple[str, ...], values: dict[str, Any]) -> tuple[Any, ...]:
    """A row for :func:`gocua.registry.bulk.insert_rows`, in the order of ``fields``."""
    return tuple(
        bulk.db_day(values[name]) if name in DAY_FIELDS else values[name] for name in fields
    )


CHANGE_FIELDS = ("household_id", "resident_id", "at", "user_id", "source", "field", "old", "new")


class Writer:
    """Writes the plans of one batch; keeps the neighbourhoods it created for the next."""

    def __init__(
        self,
        *,
        user: User | None,
        result: ImportResult,
        created_units: dict[tuple[int, str], OrgUnit],
        neighbourhoods: dict[int, dict[str, OrgUnit]],
    ) -> None:
        self.user = user
        self.result = result
        self.created_units = created_units
        self.neighbourhoods = neighbourhoods
        self.now: Any = None

    def write(self, plans: list[Plan]) -> None:
        now = timezone.now()
        self.now = bulk.db_datetime(now)
        households = list({id(p.household): p.household for p in plans}.values())
        self._create_units(households)
        changes: list[tuple[Any, ...]] = []
        self._write_households([h for h in households if h.dirty], changes, now)
        residents_created = self._write_residents(plans, changes, now)
        self._write_events(plans, residents_created)
        bulk.insert_rows(Change, CHANGE_FIELDS, changes)
        self.result.changes += len(changes)
        if plans or changes:
            self.result.written = True

    def _unit_id(self, ref: UnitRef | None) -> int:
        assert ref is not None
        if isinstance(ref, tuple):
            return self.created_units[ref].pk
        return ref

    def _create_units(self, households: list[HouseholdState]) -> None:
        from gocua.orgunits.services import orgunit_add

        for household in households:
            ref = household.unit
            if isinstance(ref, tuple) and ref not in self.created_units:
                ward = OrgUnit.objects.get(pk=ref[0])
                unit = orgunit_add(
                    name=household.unit_label, parent=ward, level=Level.NEIGHBOURHOOD
                )
                # Rows after this batch keep naming it by the same (ward, name) reference.
                self.created_units[ref] = unit

    def _write_households(
        self, households: list[HouseholdState], changes: list[tuple[Any, ...]], now: dt.datetime
    ) -> None:
        new = [h for h in households if h.id is None]
        ids = bulk.reserve_ids(Household, len(new))
        rows = []
        for state, pk in zip(new, ids, strict=True):
            address = state.address or ""
            unit_id = self._unit_id(state.unit)
            new_values = {
                "id": pk,
                "ward_id": state.ward_id,
                "unit_id": unit_id,
                "code": state.code,
                "address": address,
                "search_address": fold(address),
                "digital_skills_since": state.target_skills,
                "version": 1,
                "created_at": self.now,
                "updated_at": self.now,
            }
            rows.append(db_row(HOUSEHOLD_FIELDS, new_values))
            state.id, state.version, state.db_unit = pk, 1, unit_id
            state.db_address, state.db_skills = address, state.target_skills
            state.dirty = False
            changes.append(self._change(household_id=pk, field="created"))
        bulk.insert_rows(Household, HOUSEHOLD_FIELDS, rows)
        updated = []
        for state in households:
            if state.id is None or not state.dirty:
                continue
            values: dict[str, Any] = {}
            unit_id = self._unit_id(state.unit)
            if unit_id != state.db_unit:
                values["unit_id"] = unit_id
                changes.append(
                    self._change(
                        household_id=state.id,
                        field="unit",
                        old=self._unit_name(state.db_unit),
                        new=self._unit_name(unit_id),
                    )
                )
                Resident.objects.filter(household_id=state.id).exclude(unit_id=unit_id).update(
                    unit_id=unit_id
                )
                state.db_unit = unit_id
            if state.address is not None and state.address != state.db_address:
                values["address"] = state.address
                values["search_address"] = fold(state.address)
                changes.append(
                    self._change(
                        household_id=state.id,
                        field="address",
                        old=state.db_address,
                        new=state.address,
                    )
                )
                state.db_address = state.address
            if state.target_skills != state.db_skills:
                values["digital_skills_since"] = state.target_skills
                changes.append(
                    self._change(
                        household_id=state.id,
                        field="digital_skills_since",
                        old=state.db_skills,
                        new=state.target_skills,
                    )
                )
                state.db_skills = state.target_skills
            state.dirty = False
            if values:
                state.version += 1
                updated.append(
                    (
                        tuple(values),
                        Household(pk=state.id, version=state.version, updated_at=now, **values),
                    )
                )
        for fields, group in _grouped(updated):
            Household.objects.bulk_update(group, [*fields, "version", "updated_at"])

    def _write_residents(
        self, plans: list[Plan], changes: list[tuple[Any, ...]], now: dt.datetime
    ) -> dict[int, int]:
        """Write new and changed residents; returns the new residents' ids by plan."""
        new_plans = [p for p in plans if p.existing is None]
        ids = bulk.reserve_ids(Resident, len(new_plans))
        rows = []
        by_plan: dict[int, int] = {}
        for plan, pk in zip(new_plans, ids, strict=True):
            household = plan.household
            assert household.id is not None
            values = {
                **plan.values,
                "id": pk,
                "household_id": household.id,
                "ward_id": household.ward_id,
                "unit_id": household.db_unit,
                "search_name": fold(plan.values["full_name"]),
                "version": 1,
                "created_at": self.now,
                "updated_at": self.now,
            }
            rows.append(db_row(RESIDENT_INSERT_FIELDS, values))
            by_plan[id(plan)] = pk
            changes.append(self._change(resident_id=pk, field="created"))
        bulk.insert_rows(Resident, RESIDENT_INSERT_FIELDS, rows)
        updated = []
        for plan in plans:
            existing = plan.existing
            if existing is None:
                continue
            household = plan.household
            values = dict(plan.values)
            if household.id != existing["household_id"]:
                values["household_id"] = household.id
                changes.append(
                    self._change(
                        resident_id=existing["id"],
                        field="household",
                        old=existing["household__code"],
                        new=household.code,
                    )
                )
            if household.db_unit != existing["unit_id"]:
                values["unit_id"] = household.db_unit
            if not values:
                continue
            for name, value in plan.values.items():
                changes.append(
                    self._change(
                        resident_id=existing["id"], field=name, old=existing[name], new=value
                    )
                )
            if "full_name" in values:
                values["search_name"] = fold(values["full_name"])
            updated.append(
                (
                    tuple(values),
                    Resident(
                        pk=existing["id"], version=existing["version"] + 1, updated_at=now, **values
                    ),
                )
            )
        for fields, group in _grouped(updated):
            Resident.objects.bulk_update(group, [*fields, "version", "updated_at"])
        return by_plan

    def _write_events(self, plans: list[Plan], created: dict[int, int]) -> None:
        transactions = []
        surveys = []
        for plan in plans:
            if id(plan) in created:
                resident_id = created[id(plan)]
            else:
                assert plan.existing is not None
                resident_id = plan.existing["id"]
            unit_id = plan.household.db_unit
            if plan.transaction:
                day, channel = plan.transaction
                transactions.append((resident_id, unit_id, bulk.db_day(day), channel))
            if plan.survey:
                surveys.append((resident_id, unit_id, bulk.db_day(plan.survey)))
        bulk.insert_rows(Transaction, ("resident_id", "unit_id", "day", "channel"), transactions)
        bulk.insert_rows(SurveyParticipation, ("resident_id", "unit_id", "day"), surveys)

    def _change(
        self,
        *,
        field: str,
        household_id: int | None = None,
        resident_id: int | None = None,
        old: Any = None,
        new: Any = None,
    ) -> tuple[Any, ...]:
        """A history row, in the order of :data:`CHANGE_FIELDS`."""
        return (
            household_id,
            resident_id,
            self.now,
            self.user.pk if self.user is not None else None,
            SOURCE,
            field,
            change_text(old),
            change_text(new),
        )

    def _unit_name(self, unit_id: int | None) -> str:
        if unit_id is None:
            return ""
        for units in self.neighbourhoods.values():
            for unit in units.values():
                if unit.pk == unit_id:
                    return unit.name
        other = OrgUnit.objects.filter(pk=unit_id).first()
        return other.name if other else str(unit_id)


def change_text(value: Any) -> str:
    """How a history row writes a value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:255]


def _grouped(objects: list[tuple[tuple[str, ...], Any]]) -> list[tuple[list[str], list[Any]]]:
    """Objects to bulk_update, grouped by the fields they change."""
    groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for fields, obj in objects:
        groups[tuple(sorted(fields))].append(obj)
    return [(list(k), v) for k, v in groups.items()]
