"""Fast inserts for the roster import: one prepared statement, many rows.

Django's ``bulk_create`` spends most of an import building SQL value by value
(about 0.7 ms a resident); ``executemany`` with plain values (SQLite) and
``COPY`` (PostgreSQL) are several times faster. Primary keys are reserved up front so that
residents' events and history can point at them without reading them back:

- PostgreSQL: ``nextval`` of the table's sequence, once per row, in one query;
- SQLite: above both the largest id and the AUTOINCREMENT counter; the import
  runs in an IMMEDIATE transaction, so no other writer can take them meanwhile.

Callers pass values ready for the database (days as YYYYMMDD integers, times
through :func:`db_datetime`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection, models

from gocua.lib.fields import day_number


def db_day(day: dt.date | None) -> int | None:
    return None if day is None else day_number(day)


def db_datetime(moment: dt.datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(moment)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` fresh primary keys for ``model``'s table."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        highest = cursor.fetchone()[0] or 0
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + count))


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT the rows (values in the order of ``fields``, attribute names like ``unit_id``)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    if connection.vendor == "postgresql":
        # COPY: one stream instead of a round trip per row.
        # On the driver's own cursor: its errors become Django's (an IntegrityError) as
        # those of every other statement do.
        with connection.cursor() as cursor, connection.wrap_database_errors:
            raw = cursor.cursor
            copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
            with raw.copy(copy_sql) as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
