"""The login lock-out (django-axes) with one more rule: password spraying per address.

django-axes locks a user name at one client address after ``LOGIN_FAILURE_LIMIT``
failures (``AXES_LOCKOUT_PARAMETERS``: user name *and* address, so that a stranger
cannot lock a user out for everyone). Spraying a few passwords over many accounts
stays under that limit for each of them (24 tries over 6 accounts passed): this handler
also refuses an address once its failures over every user name reach
``LOGIN_ADDRESS_FAILURE_LIMIT`` within the cool-off time. The address is the client's,
also behind a reverse proxy (``TRUSTED_PROXIES``, gocua.front.security).
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(ip_address: str, request: Any) -> int:
    attempts = AccessAttempt.objects.filter(ip_address=ip_address)
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


def address_locked(request: Any) -> bool:
    address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return address_failures(address, request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class LockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        return super().is_locked(request, credentials) or address_locked(request)

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not request.axes_locked_out and address_locked(request):
            request.axes_locked_out = True  # AxesMiddleware answers with the lock-out page
            request.axes_credentials = credentials
