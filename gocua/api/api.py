"""The HTTP API (``/api/v1/``) of interfaces.md, with django-ninja.

Routes are thin: they find the unit through the same scoping as the pages (another
unit's object is 404), call a selector or a service, and return plain JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, NinjaAPI, Query, Schema

from gocua.accounts.models import User
from gocua.accounts.selectors import access_unit
from gocua.api import errors
from gocua.api.auth import AUTH
from gocua.api.caseload import caseload_json
from gocua.api.guides import guides_json
from gocua.api.visits import visits_receive
from gocua.indicators.selectors import (
    MAX_MONTHS,
    indicator_series,
    indicator_values,
    series_json,
)
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
    series: str | None = None,
    months: int = 12,
) -> dict[str, Any]:
    """The same JSON as ``gocua indicators --unit CODE --format json``. With
    ``series=monthly&months=N`` (1 to 36, default 12) it adds ``series``: the unit's own
    indicators as of the last day of each of the N months ending with the as-of date's
    month (the last point as of the as-of date), oldest first, each over the same
    ``from``."""
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
    if series not in (None, "", "monthly"):
        raise errors.ApiError(
            422,
            "invalid",
            f"series: chỉ có “monthly”, không có “{series}”",
            f"series: only “monthly” exists, not “{series}”",
        )
    if series and not 1 <= months <= MAX_MONTHS:
        raise errors.ApiError(
            422,
            "invalid",
            f"months: từ 1 đến {MAX_MONTHS}",
            f"months: between 1 and {MAX_MONTHS}",
        )
    data = indicator_values(unit=unit, as_of=day, start=start).to_json()
    if series:
        data["series"] = series_json(
            indicator_series(unit=unit, as_of=day, start=start, months=months)
        )
    return data


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
    return JsonResponse(  # compact: a neighbourhood of 10,000 residents is megabytes
        caseload_json(found), json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}
    )


@api.get("/guides", summary="Hướng dẫn từng dịch vụ / the services' guides")
def guides(request: HttpRequest, unit: str | None = None) -> dict[str, Any]:
    """Every active service's guide (who it is for, what to bring, steps, common problems,
    official links) and, with ``unit``, that unit's team contacts (404 outside the
    caller's units)."""
    found = access_unit(_user(request), unit) if unit else None
    return guides_json(found)


# Visits ---------------------------------------------------------------------------------


class FactsDoc(Schema):
    smartphone: bool | None = None
    eid_level: int | None = Field(default=None, ge=0, le=2)
    vssid: bool | None = None
    ehealth: bool | None = None
    payment_account: bool | None = None


class ResidentVisitDoc(Schema):
    id: int
    version: int | None = None
    facts: FactsDoc = FactsDoc()
    guided: list[str] = []
    seen: dict[str, Any] | None = Field(
        None,
        description="the resident's facts as the caseload showed them (copy them as they "
        "came): with it, only facts changed on the server since are conflicts",
    )


class NewResidentDoc(Schema):
    ref: str | None = Field(None, description="the phone's own id, echoed back in `created`")
    full_name: str
    birth_date: str | None = Field(None, description="a newborn's birth date (YYYY-MM-DD)")
    birth_year_only: bool = False
    sex: str | None = Field(None, description="M, F or X")
    moved_in: str | None = Field(None, description="a newcomer's moved-in date; null: born here")
    facts: FactsDoc = FactsDoc()
    guided: list[str] = []


class MoveOutDoc(Schema):
    id: int
    date: str


class HouseholdFactsDoc(Schema):
    household_skills: bool | None = None


class VisitDoc(Schema):
    key: str = Field(..., description="UUID made on the phone; the same key again is a duplicate")
    household: str
    unit: str
    date: str
    household_version: int | None = None
    household_facts: HouseholdFactsDoc = HouseholdFactsDoc()
    residents: list[ResidentVisitDoc] = []
    new_residents: list[NewResidentDoc] = []
    moved_out: list[MoveOutDoc] = []


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with its ``$defs`` references replaced by the definitions themselves."""
    defs = schema.pop("$defs", {})

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return walk(defs[ref.rsplit("/", 1)[1]])
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    return walk(schema)  # type: ignore[no-any-return]


class VisitBatchIn(Schema):
    # Each visit is read on its own (api/visits.py), so that one bad visit refuses only
    # itself; the schema still documents their shape.
    visits: list[Any] = Field(
        ..., json_schema_extra={"items": _inline(VisitDoc.model_json_schema())}
    )


class VisitResultOut(Schema):
    key: str | None
    status: str = Field(..., description="applied, duplicate, conflict or refused")
    message: str
    created: list[dict[str, Any]] | None = None


class VisitResultsOut(Schema):
    results: list[VisitResultOut]


@api.post(
    "/visits",
    summary="Ghi nhận lượt đến hộ / record door-to-door visits",
    response=VisitResultsOut,
    exclude_none=True,
)
def visits(request: HttpRequest, payload: VisitBatchIn) -> dict[str, Any]:
    """One result per visit, in order: applied, duplicate, conflict, or refused with the reason."""
    return {"results": visits_receive(payload.visits, _user(request))}
