"""The page a refused form (expired page, lost cookie) lands on: in Vietnamese, nothing lost."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW. keep-form.js has kept the fields; the link goes back to them."""
    back = request.get_full_path() if request.method == "POST" else "/"
    return render(request, "front/csrf_failure.html", {"back": back}, status=403)
