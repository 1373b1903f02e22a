"""Who calls the API: a bearer token from ``gocua api-token``, or the browser session.

The session needs Django's CSRF token on writes (``X-CSRFToken`` header), exactly as a form
does; a token does not (it is not sent by the browser on its own). Without either: 401.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from gocua.api.errors import ApiError
from gocua.api.services import api_token_user

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=False)  # checked below, once we know a session is there

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403,
                "csrf",
                "Thiếu mã CSRF: hãy tải lại trang rồi gửi lại",
                "CSRF check failed: reload the page and send again",
            )
        return user


AUTH = [BearerToken(), Session()]
