"""A login given out with a one-time password chooses its own before anything else."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# Open to such a login: logging in and out, this choice, the language, static files, and what
# a browser fetches by itself (the field app's service worker and manifest: a redirect there
# would break the app's installation, and they need no user, so they are not even looked up).
OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/field/sw.js", "/field/manifest")


class PasswordChoiceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
        ):
            if request.path.startswith("/api/") or request.path.endswith(".json"):
                # the API's one error shape (gocua.api.errors, a layer above this one)
                message = "Hãy chọn mật khẩu của mình trước / choose your own password first"
                return JsonResponse(
                    {"error": {"code": "password_change_required", "message": message}}, status=403
                )
            url = reverse("password_choose")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
