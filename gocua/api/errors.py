"""Every API error has one shape: ``{"error": {"code": "...", "message": "vi / en"}}``.

Ninja's own answers (422 validation, 401, 405, 404 of an unknown path) are reshaped here,
so that a phone or a script reads one form whatever went wrong.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from gocua.lib.errors import Problem

log = logging.getLogger(__name__)


class ApiError(Exception):
    """A refusal with an HTTP status and a stable code."""

    def __init__(self, status: int, code: str, vi: str, en: str) -> None:
        super().__init__(f"{vi} / {en}")
        self.status = status
        self.code = code
        self.message = f"{vi} / {en}"


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def error_response(status: int, code: str, message: str, **extra: Any) -> JsonResponse:
    return JsonResponse(
        error_body(code, message, **extra), status=status, json_dumps_params={"ensure_ascii": False}
    )


UNAUTHORIZED = (
    "Cần đăng nhập hoặc mã truy cập API (Authorization: Bearer …)",
    "log in or send an API token (Authorization: Bearer …)",
)
NOT_FOUND = ("Không tìm thấy", "not found")

_PYDANTIC_VI = {
    "missing": "thiếu",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "string_type": "phải là chuỗi ký tự",
    "list_type": "phải là danh sách",
    "dict_type": "phải là đối tượng JSON",
    "model_attributes_type": "phải là đối tượng JSON",
    "json_invalid": "không phải JSON hợp lệ",
    "uuid_parsing": "phải là UUID",
}


def _field_message(error: dict[str, Any]) -> tuple[str, str]:
    loc = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query"))
    loc = loc.replace("payload.", "")
    vi = _PYDANTIC_VI.get(error.get("type", ""), "không hợp lệ")
    en = error.get("msg", "invalid")
    return f"{loc}: {vi}" if loc else vi, f"{loc}: {en}" if loc else en


def install(api: NinjaAPI) -> None:
    """The handlers for every error the API can meet."""

    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message)

    @api.exception_handler(AuthenticationError)
    def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = error_response(401, "unauthorized", " / ".join(UNAUTHORIZED))
        response["WWW-Authenticate"] = 'Bearer realm="gocua"'
        return response

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "not_found", " / ".join(NOT_FOUND))

    @api.exception_handler(NinjaValidationError)
    def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        pairs = [_field_message(e) for e in exc.errors]
        vi = "; ".join(p[0] for p in pairs) or "dữ liệu không hợp lệ"
        en = "; ".join(p[1] for p in pairs) or "invalid data"
        return error_response(
            422,
            "invalid",
            f"Dữ liệu không hợp lệ: {vi} / invalid data: {en}",
            fields=[{"field": p[1].split(":")[0], "message": f"{p[0]} / {p[1]}"} for p in pairs],
        )

    @api.exception_handler(Problem)
    def _refused(request: HttpRequest, exc: Problem) -> HttpResponse:
        return error_response(400, "refused", str(exc))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(
                400,
                "invalid",
                "Không đọc được nội dung gửi lên (cần JSON) / "
                "cannot parse the request body (JSON expected)",
            )
        return error_response(exc.status_code, "http_error", f"{exc} / {exc}")

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s", request.path)
        return error_response(
            500, "server_error", "Lỗi máy chủ, hãy thử lại sau / server error, try again later"
        )


def reshape(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a ninja URL view: its plain-text 405 becomes the JSON error shape."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            body = error_body(
                "method_not_allowed",
                f"Không hỗ trợ phương thức {request.method} (dùng {allowed}) / "
                f"method {request.method} not allowed (use {allowed})",
            )
            response.content = json.dumps(body, ensure_ascii=False).encode()
            response["Content-Type"] = "application/json; charset=utf-8"
        return response

    for attribute in ("csrf_exempt",):
        if hasattr(view, attribute):
            setattr(wrapped, attribute, getattr(view, attribute))
    return wrapped


@csrf_exempt
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    return error_response(404, "not_found", " / ".join(NOT_FOUND))
