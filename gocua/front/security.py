"""Three small middlewares of issue 12: the real client address behind a reverse proxy,
no caching of signed-in pages, and a busy database answered with "try again".

- :class:`ClientAddressMiddleware` (first in ``MIDDLEWARE``): when the request comes
  from an address of ``TRUSTED_PROXIES``, the client is the right-most address of
  ``X-Forwarded-For`` that is not itself a trusted proxy; ``REMOTE_ADDR`` is set to it,
  so the login lock-out (django-axes) and the logs see the person, not the proxy (with
  the proxy's address, five wrong passwords from anyone locked a user out for everyone).
  Without ``TRUSTED_PROXIES`` the header is ignored: anyone can write it.
- :class:`NoStoreMiddleware`: pages for signed-in people show personal data (full
  personal IDs on a resident's page, phones, exports): ``Cache-Control: no-store``.
- :class:`BusyDatabaseMiddleware`: SQLite answers "database is locked" when a long write
  (an import) holds the lock longer than the busy timeout. The person gets status 503,
  ``Retry-After``, "đang bận, thử lại" and, for a form, the same form filled with what
  they typed, to send again; a JSON client gets a JSON error. Never a 500.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
RETRY_AFTER_SECONDS = 5


def trusted_networks(values: list[str]) -> list[Network]:
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip()]


def client_address(remote: str, forwarded: str, trusted: list[Network]) -> str:
    """The client's address: ``remote``, or behind trusted proxies the last untrusted hop."""

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in trusted)

    if not trusted or not is_trusted(remote):
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled header: keep the proxy's address
    return hops[0] if hops else remote


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        trusted = trusted_networks(settings.TRUSTED_PROXIES)
        if trusted:
            remote = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = client_address(
                remote, request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted
            )
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response


def is_database_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, OperationalError) and (
        "database is locked" in text or "database table is locked" in text
    )


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path.startswith("/api/")
        or request.content_type == "application/json"
        or ("application/json" in accept and "text/html" not in accept)
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    message = _("The system is busy; please try again in a moment.")
    response: HttpResponse
    if wants_json(request):
        response = JsonResponse(
            {"error": "busy", "message": message, "retry_after": RETRY_AFTER_SECONDS},
            status=503,
        )
    else:
        fields: list[tuple[str, str]] = []
        if request.method == "POST":
            fields = [
                (name, value)
                for name, values in request.POST.lists()
                if name != "csrfmiddlewaretoken"
                for value in values
            ]
        response = render(
            request,
            "front/busy.html",
            {
                "message": message,
                "fields": fields,
                "files": bool(request.FILES) if request.method == "POST" else False,
                "retry_after": RETRY_AFTER_SECONDS,
            },
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class BusyDatabaseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if is_database_busy(exception):
            return busy_response(request)
        return None
