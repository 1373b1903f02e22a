"""Model fields shared by the apps."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models


def day_number(day: dt.date) -> int:
    """2023-06-26 → 20230626: what a :class:`DayField` stores."""
    return day.year * 10000 + day.month * 100 + day.day


def number_day(value: int) -> dt.date:
    return dt.date(value // 10000, value // 100 % 100, value % 100)


if TYPE_CHECKING:
    _DayBase = models.Field[dt.date | int | str | None, dt.date | None]
else:
    _DayBase = models.Field


class DayField(_DayBase):
    """A calendar date stored as the integer YYYYMMDD.

    Registry tables hold millions of dated facts and the indicator engine
    compares them with cutoff dates. SQLite stores DateField as ISO text, and
    comparing text is several times slower than comparing integers there; an
    integer keeps the same order, reads well in SQL (20230626) and behaves the
    same on SQLite, PostgreSQL and DuckDB. Python code sees ``datetime.date``.
    """

    description = "Date stored as YYYYMMDD integer"

    def get_internal_type(self) -> str:
        return "IntegerField"

    def from_db_value(self, value: int | None, expression: Any, connection: Any) -> dt.date | None:
        return None if value is None else number_day(value)

    def to_python(self, value: Any) -> dt.date | None:
        if value is None or isinstance(value, dt.date):
            return value
        if isinstance(value, int):
            return number_day(value)
        return dt.date.fromisoformat(str(value))

    def get_prep_value(self, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return day_number(value)
        if isinstance(value, str):
            return day_number(dt.date.fromisoformat(value))
        return int(value)

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.DateField(**{"required": not self.blank, **kwargs})

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(value)


class BinaryCharField(models.CharField):  # type: ignore[type-arg]
    """Text compared byte by byte on every database, whatever collation it was created with.

    Materialized paths are compared as ranges (``path >= '/A/' AND path < '/A/~'``). That holds
    only under a binary order: a PostgreSQL created with ``--icu-locale=vi-VN`` sorts ``~`` before
    letters and every subtree comes back empty. SQLite compares text as bytes already (BINARY);
    PostgreSQL gets the column collation "C".
    """

    def db_parameters(self, connection: Any) -> dict[str, Any]:
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
