"""Dates as users write them, and as the law writes them in letters."""

from __future__ import annotations

import datetime as dt
import re

from gocua.lib.errors import Problem, UsageProblem

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(text: str) -> dt.date:
    """Read ``YYYY-MM-DD`` or ``DD/MM/YYYY``; raise :class:`Problem` otherwise."""
    value = text.strip()
    match = _ISO.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _VN.match(value)
        if not match:
            raise Problem(
                f"“{text}” không phải ngày (dùng YYYY-MM-DD hoặc DD/MM/YYYY)",
                f"“{text}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
            )
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise Problem(
            f"“{text}” không phải ngày có thật",
            f"“{text}” is not a real date",
        ) from None


def parse_cli_date(text: str) -> dt.date:
    """As :func:`parse_date`, but a bad value is bad usage (exit status 2)."""
    try:
        return parse_date(text)
    except Problem as problem:
        raise UsageProblem(problem.vi, problem.en) from None


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def start_of_year(day: dt.date) -> dt.date:
    return dt.date(day.year, 1, 1)


def today() -> dt.date:
    """Today in Vietnam (settings.TIME_ZONE), not in UTC."""
    from django.utils import timezone

    return timezone.localdate()


def date_in_words(day: dt.date) -> str:
    """Decree 30 form: ``ngày 05 tháng 02 năm 2022``, ``ngày 26 tháng 6 năm 2023``.

    Days below 10 and the months 1 and 2 take a leading zero.
    """
    return f"ngày {day.day:02d} tháng {_month(day)} năm {day.year}"


def _month(day: dt.date) -> str:
    return f"{day.month:02d}" if day.month < 3 else str(day.month)


def day_text(day: dt.date | None) -> str:
    """``26/06/2023``: how every page shows a date (the birth date too); ``—`` for none.

    Letters cite documents the decree's way (:func:`short_date`); pages use this one.
    """
    if day is None:
        return "—"
    if isinstance(day, dt.datetime):
        day = _local(day).date()
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def day_time_text(moment: dt.datetime | None) -> str:
    """``26/06/2023 16:30`` in Vietnam's time: when something was recorded or sent."""
    if moment is None:
        return "—"
    moment = _local(moment)
    return f"{day_text(moment.date())} {moment.hour:02d}:{moment.minute:02d}"


def _local(moment: dt.datetime) -> dt.datetime:
    from django.utils import timezone

    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def check_period(start: dt.date | None, end: dt.date | None) -> None:
    """A period's "from" date comes on or before its "to" date (either may be open)."""
    if start is not None and end is not None and start > end:
        raise Problem(
            f"Ngày bắt đầu {day_text(start)} sau ngày kết thúc {day_text(end)}: "
            "ngày “từ” phải trước hoặc bằng ngày “đến”",
            f"the start date {day_text(start)} is after the end date {day_text(end)}: "
            "“from” must be on or before “to”",
        )


def short_date(day: dt.date) -> str:
    """``26/6/2023``, ``05/02/2022``: how letters cite other documents."""
    return f"{day.day:02d}/{_month(day)}/{day.year}"
