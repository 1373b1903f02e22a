from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from gocua.audit.models import AuditEvent
from gocua.lib.writes import user_or_none


def audit_log(
    *,
    action: str,
    user: AbstractBaseUser | None = None,
    unit_code: str = "",
    object_type: str = "",
    object_id: str | int = "",
    rows: int | None = None,
    detail: dict[str, Any] | None = None,
    channel: str = "web",
) -> AuditEvent:
    """Record one action on personal data. ``user`` None means the command line.

    The acting user is any Django user (``accounts.User``: audit sits beside accounts, not
    above it)."""
    real_user = user_or_none(user)
    if not any(word in action for word in _READS):
        data_changed(unit_code)
    username = real_user.get_username() if real_user else _system_user()
    return AuditEvent.objects.create(
        user_id=real_user.pk if real_user else None,
        username=username,
        action=action,
        unit_code=unit_code,
        object_type=object_type,
        object_id=str(object_id),
        rows=rows,
        detail=detail or {},
        channel=channel if real_user else "cli",
    )


def _system_user() -> str:
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except Exception:
        return "cli"


# Actions that read or look up data without changing it: no new data version.
_READS = ("export", "download", "lookup", "view")


def data_changed(unit_code: str = "") -> None:
    """Bump the data version: cached computations made before are stale.

    Called by :func:`audit_log` for every action that changes data (every service
    logs its writes), and by writes that are not logged (units added). A change logged
    against a commune or a neighbourhood bumps the version of that commune and of each
    unit above it (:class:`~gocua.audit.models.UnitVersion`); anything else (no unit,
    or a unit above a commune, whose change may reach every commune below it) bumps the
    one global version that every key holds."""
    from django.db.models import F

    from gocua.audit.models import DataVersion, UnitVersion
    from gocua.orgunits.models import OrgUnit

    codes = _codes_of(unit_code)
    if codes is None:
        if not DataVersion.objects.filter(pk=1).update(value=F("value") + 1):
            DataVersion.objects.get_or_create(pk=1, defaults={"value": 1})
        return
    # One statement; PostgreSQL takes the rows in the order of their ids (as versions_of).
    units = OrgUnit.objects.filter(code__in=codes).values("pk")
    if UnitVersion.objects.filter(unit__in=units).update(value=F("value") + 1) < len(codes):
        UnitVersion.objects.bulk_create(
            [UnitVersion(unit=pk, value=1) for pk in units.values_list("pk", flat=True)],
            ignore_conflicts=True,
        )


def _codes_of(unit_code: str) -> list[str] | None:
    """The codes of the units whose version a change in ``unit_code`` bumps: its commune
    and every unit above; None for the global version."""
    from gocua.orgunits.models import Level, OrgUnit

    if not unit_code:
        return None
    unit = OrgUnit.objects.filter(code=unit_code).only("id", "code", "level", "path").first()
    codes = None
    if unit is not None and unit.level in (Level.COMMUNE, Level.NEIGHBOURHOOD):
        codes = unit.ancestor_codes()
        if unit.level == Level.COMMUNE:
            codes.append(unit.code)
    return codes


def version_key(unit: Any = None) -> int:
    """The id of the version row that covers ``unit``: its commune for a neighbourhood,
    the unit itself otherwise."""
    from gocua.orgunits.models import Level

    if unit.level == Level.NEIGHBOURHOOD and unit.parent_id is not None:
        return int(unit.parent_id)
    return int(unit.pk)


def data_version(unit: Any = None) -> str:
    """The global data version, and with ``unit`` that unit's own (``"12.7"``), in one
    query: it changes with every change of data that may change the unit's figures."""
    from django.db import connection

    from gocua.audit.models import DataVersion, UnitVersion

    tables = DataVersion._meta.db_table, UnitVersion._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT value FROM {tables[0]} WHERE id = 1), "  # noqa: S608 - our tables
            f"(SELECT value FROM {tables[1]} WHERE unit = %s)",
            [version_key(unit) if unit is not None else 0],
        )
        first, mine = cursor.fetchone()
    version = str(first or 0)
    if unit is not None:
        version += f".{mine or 0}"
    return version


def subtree_versions(unit: Any) -> tuple[int, dict[int, int]]:
    """The global data version and the own version of every unit of ``unit``'s subtree
    that has one (communes and units above; a unit never changed has none: 0), in one
    query: what keeps each ward's part of a bigger unit's figures apart
    (``indicators.partial``)."""
    from django.db import connection

    from gocua.audit.models import DataVersion, UnitVersion
    from gocua.orgunits.models import OrgUnit

    low, high = unit.subtree_bounds()
    units, versions, first = (
        OrgUnit._meta.db_table,
        UnitVersion._meta.db_table,
        DataVersion._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT v.unit, v.value FROM {versions} v WHERE v.unit IN "  # noqa: S608 - ours
            f"(SELECT id FROM {units} WHERE path >= %s AND path < %s) "
            f"UNION ALL SELECT -1, value FROM {first} WHERE id = 1",
            [low, high],
        )
        rows = cursor.fetchall()
    mine = {int(k): int(v) for k, v in rows if k != -1}
    return next((int(v) for k, v in rows if k == -1), 0), mine


def versions_of(unit: Any) -> tuple[int, int]:
    """The global version and ``unit``'s (by :func:`version_key`).

    In a transaction, the rows of the unit's version and of the units above it are
    locked until it ends where the database can (PostgreSQL), in the order every writer
    takes them (:func:`data_changed`): a write that bumped them is waited for, one that
    would bump them waits."""
    from django.db import transaction

    from gocua.audit.models import DataVersion, UnitVersion

    key = version_key(unit)
    if transaction.get_connection().in_atomic_block:
        from gocua.orgunits.models import OrgUnit

        codes = _codes_of(unit.code)
        keys = (
            list(OrgUnit.objects.filter(code__in=codes).values_list("pk", flat=True))
            if codes
            else [key]
        )
        _lock(keys)
    mine = UnitVersion.objects.filter(unit=key).values_list("value", flat=True).first()
    first = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    return int(first or 0), int(mine or 0)


def _lock(keys: list[int]) -> None:
    """Lock the version rows of ``keys`` in one order (PostgreSQL; SQLite's writer holds
    the whole database), creating the missing ones."""
    from django.db import connection

    from gocua.audit.models import UnitVersion

    if not connection.features.has_select_for_update:
        return
    UnitVersion.objects.bulk_create(
        [UnitVersion(unit=k, value=0) for k in keys], ignore_conflicts=True
    )
    list(
        UnitVersion.objects.filter(unit__in=keys)
        .order_by("unit")
        .select_for_update()
        .values_list("unit", flat=True)
    )
