"""The field app: a page shell, its service worker and manifest, and who is logged in.

Everything a team member sees in the field is drawn by ``static/field/field.js`` from
IndexedDB, so that it opens with no network; the server side of the data is the HTTP API
(``GET /api/v1/caseload``, ``POST /api/v1/visits``). These views hold no personal data:
the shell is the same for everyone and is cached by the service worker.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gocua.accounts.models import User
from gocua.field.selectors import field_units
from gocua.outreach.selectors import active_services
from gocua.registry.models import Sex
from gocua.registry.visit import member_row

# Bumped when the shell or its scripts change, so that phones fetch them again.
VERSION = "2026-11-30.2"
VENDOR = "field/vendor/"
STATIC_FILES = [
    "gocua/app.css",
    "gocua/icon.svg",
    "registry/registry.css",
    "field/field.css",
    "field/field.js",
    "field/icon-192.png",
    "field/icon-512.png",
    VENDOR + "dexie/dexie.min.js",
]


@never_cache
def app(request: HttpRequest) -> HttpResponse:
    """The shell: the same for every user, so the service worker may keep it offline."""
    english = get_language() == "en"
    return render(
        request,
        "field/app.html",
        {
            "version": VERSION,
            "blank": member_row(None, services=active_services(unit=None), english=english),
            "sexes": Sex.choices,
            "text": _texts(),
        },
    )


def _texts() -> dict[str, str]:
    """Words field.js shows, translated here like every other page's."""
    return {
        "online": _("Online"),
        "offline": _("Offline"),
        "loading": _("Loading…"),
        "need_login": _("Log in to load your households."),
        "no_units": _("This account has no neighbourhood to visit."),
        "no_caseload": _("No list of households on this phone yet: connect to the network once."),
        "empty": _("No household of this neighbourhood is in the registry yet."),
        "caseload": _("%(count)s households, %(residents)s residents, updated %(when)s"),
        "found": _("%(count)s found"),
        "more": _("and %(count)s more: type more of the name"),
        "none_found": _("No household found."),
        "waiting_badge": _("waiting"),
        "problems_short": _("· %(count)s to check"),
        "visit_day": _("Facts ticked now are recorded from today, %(day)s."),
        "age": _("%(age)s y.o."),
        "saved": _("Saved on the phone: it will be sent when the network is back."),
        "saved_sent": _("Saved and sent."),
        "nothing": _("Nothing changed."),
        "confirm_move": _("Mark %(name)s as moved out (or died) today?"),
        "moving": _("moves out"),
        "undo": _("Undo"),
        "new_person": _("new"),
        "pending": _("waiting to be sent"),
        "name_required": _("Type the full name."),
        "birth_future": _("The birth date is in the future."),
        "sync_running": _("Sending…"),
        "sync_done": _("%(applied)s sent, %(problems)s need you, %(waiting)s waiting."),
        "sync_offline": _("No network: the visits wait on this phone."),
        "sync_login": _("Your login has expired: log in again, the visits will be sent then."),
        "sync_error": _("The server did not answer: the visits wait on this phone."),
        "conflict": _("Changed by someone else meanwhile: the ward officer will choose."),
        "refused": _("Refused by the server"),
        "dismiss": _("Remove from the phone"),
        "seen": _("Understood: the ward officer has it"),
        "confirm_dismiss": _("Remove this visit from the phone? It was not recorded."),
        "never": _("never"),
        "no_problems": _("None."),
        "visit_of": _("Visit of %(code)s on %(day)s"),
        "guides": _("Guides"),
        "no_guides": _("No guide on this phone yet: connect to the network once."),
        "guide_for": _("For:"),
        "guide_bring": _("What to bring"),
        "guide_steps": _("Steps"),
        "guide_problems": _("Common problems"),
        "guide_links": _("Official links"),
        "guide_contacts": _("Team contacts"),
        "all_guides": _("All guides"),
    }


@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    body = render(
        request,
        "field/sw.js",
        {
            "version": VERSION,
            "workbox": static(VENDOR + "workbox/workbox-sw.js"),
            "workbox_prefix": static(VENDOR + "workbox/"),
            "precache": json.dumps([reverse("field:app")] + [static(f) for f in STATIC_FILES]),
            "static_prefix": static("").rstrip("/") + "/",
        },
        content_type="text/javascript; charset=utf-8",
    )
    body["Service-Worker-Allowed"] = reverse("field:app")
    return body


def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("Gõ Cửa: door-to-door visits"),
        "short_name": "Gõ Cửa",
        "lang": get_language(),
        "start_url": reverse("field:app"),
        "scope": reverse("field:app"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#faf8f5",
        "theme_color": "#b3261e",
        "icons": [
            {"src": static("field/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("field/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("field/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@never_cache
def session(request: HttpRequest) -> HttpResponse:
    """Who is logged in, where they may work, the services, and a fresh CSRF token.

    401 when nobody is: the app keeps its waiting visits and asks to log in again.
    """
    user: User = request.user  # type: ignore[assignment]
    if not user.is_authenticated:
        return JsonResponse(
            {
                "error": {
                    "code": "unauthenticated",
                    "message": "Chưa đăng nhập / not logged in",
                }
            },
            status=401,
        )
    english = get_language() == "en"
    return JsonResponse(
        {
            "username": user.username,
            "name": user.get_full_name() or user.username,
            "units": [{"code": u.code, "name": u.name} for u in field_units(user)],
            "services": [
                {"code": s.code, "name": s.name_en if english else s.name_vi}
                for s in active_services(unit=user.unit)
            ],
            "csrf": get_token(request),
        }
    )
