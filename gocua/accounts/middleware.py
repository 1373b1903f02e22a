"""A login given out with a one-time password chooses its own before anything else."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages open to such a login: logging in and out, this choice, the language, static files.
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/")


class PasswordChoiceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            if request.path.startswith("/api/") or request.path.endswith(".json"):
                return JsonResponse(
                    {"error": "Hãy đổi mật khẩu trước / choose your password first"}, status=403
                )
            url = reverse("password_choose")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
