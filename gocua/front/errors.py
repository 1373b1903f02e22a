"""Error pages (400, 403, 404, 500): Vietnamese first, the app's layout, a way back.

The 500 page renders without the request's context processors and without the database: when the
server fails, the session or the database may be what failed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def _previous(request: HttpRequest) -> str:
    """The page the user came from, if it is on this site and not the failing page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    allowed = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return referer if allowed and referer != request.build_absolute_uri() else ""


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    context = {"status": status, "title": title, "text": text, "previous": _previous(request)}
    return render(request, "front/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("The request could not be understood"),
        _("The address or the form sent was not valid. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        403,
        _("You cannot open this page"),
        _("Your account does not give access to this page. Ask your ward officer if you need it."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        404,
        _("Page not found"),
        _("This page does not exist, or it belongs to a unit your account cannot see."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """No request context, no database: a plain template, both languages written out."""
    try:
        body = loader.get_template("front/500.html").render({"static": settings.STATIC_URL})
    except Exception:  # the last resort must not fail in turn
        body = "<h1>Lỗi máy chủ / Server error (500)</h1><p><a href='/'>Trang chủ / Home</a></p>"
    return HttpResponseServerError(body)
