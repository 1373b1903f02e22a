"""The HTTP API (``/api/v1/``) of interfaces.md, with django-ninja.

Routes are thin: they find the unit through the same scoping as the pages (another
unit's object is 404), call a selector or a service, and return plain JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Query

from gocua.accounts.models import User
from gocua.accounts.selectors import access_unit
from gocua.api import errors
from gocua.api.auth import AUTH
from gocua.api.caseload import caseload_json
from gocua.indicators.selectors import indicator_values
from gocua.lib.dates import parse_date, start_of_year, today
from gocua.lib.errors import Problem
from gocua.orgunits.models import Level, OrgUnit

api = NinjaAPI(
    title="Gõ Cửa API",
    version="1",
    description=(
        "Chỉ tiêu, danh sách hộ cho ứng dụng thực địa và ghi nhận lượt đến hộ / "
        "indicators, the field app's caseload and door-to-door visits"
    ),
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,  # Swagger UI would load from a CDN; the schema is at openapi.json
)
errors.install(api)


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


def _date(value: str | None, name: str, default: dt.date) -> dt.date:
    if value is None or value == "":
        return default
    try:
        return parse_date(value)
    except Problem as problem:
        raise errors.ApiError(
            422, "invalid", f"{name}: {problem.vi}", f"{name}: {problem.en}"
        ) from None


@api.get("/units/{code}/indicators", summary="Chỉ tiêu của đơn vị / a unit's indicators")
def unit_indicators(
    request: HttpRequest,
    code: str,
    as_of: str | None = None,
    from_: str | None = Query(None, alias="from"),
) -> dict[str, Any]:
    """The same JSON as ``gocua indicators --unit CODE --format json``."""
    unit = access_unit(_user(request), code)
    day = _date(as_of, "as_of", today())
    start = _date(from_, "from", start_of_year(day))
    if start > day:
        raise errors.ApiError(
            422,
            "invalid",
            f"from {start.isoformat()} sau as_of {day.isoformat()}",
            f"from {start.isoformat()} is after as_of {day.isoformat()}",
        )
    return indicator_values(unit=unit, as_of=day, start=start).to_json()


CASELOAD_LEVELS = {Level.COMMUNE, Level.NEIGHBOURHOOD}


def _caseload_unit(user: User, code: str | None) -> OrgUnit:
    if not code:
        if user.unit is None or user.unit.level not in CASELOAD_LEVELS:
            raise errors.ApiError(
                422,
                "invalid",
                "unit: thiếu mã khu phố (?unit=MÃ)",
                "unit: the neighbourhood's code is required (?unit=CODE)",
            )
        code = user.unit.code
    unit = access_unit(user, code)
    if unit.level not in CASELOAD_LEVELS:
        raise errors.ApiError(
            422,
            "invalid",
            f"unit: {unit.name} không phải khu phố hay phường, xã",
            f"unit: {unit.name} is not a neighbourhood or a commune",
        )
    return unit


@api.get("/caseload", summary="Danh sách hộ của khu phố / a neighbourhood's caseload")
def caseload(request: HttpRequest, unit: str | None = None) -> Any:
    """Households and current residents of a neighbourhood (or a ward), for the field app."""
    from django.http import JsonResponse

    found = _caseload_unit(_user(request), unit)
    return JsonResponse(caseload_json(found), json_dumps_params={"ensure_ascii": False})
