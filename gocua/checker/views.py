"""Pages of the checker, for city and province officers (and administrators).

Everyone else gets 404, as do officers of another city for a batch they did not
upload into their own scope.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gocua.accounts.models import User
from gocua.accounts.selectors import visible_ancestors
from gocua.checker import selectors, services
from gocua.checker.forms import TakeInForm, UploadForm, WardForm
from gocua.checker.vocabulary import INDICATORS
from gocua.lib.dates import start_of_year
from gocua.lib.errors import Problem

RECENT_BATCHES = 30


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not selectors.can_check(user):
        raise Http404("not found")
    batches = list(selectors.batches_for(user)[:RECENT_BATCHES])
    own = user.unit if user.unit and user.unit.level in selectors.CHECKING_LEVELS else None
    return render(request, "checker/index.html", {"batches": batches, "own_unit": own})


@login_required
def upload(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    scope = selectors.access_checking_unit(user, code)
    wards = list(selectors.ward_choices(scope))
    form = UploadForm(request.POST or None, request.FILES or None, wards=wards)
    if request.method == "POST" and form.is_valid():
        ward = None
        if form.cleaned_data["ward"]:
            ward = selectors.access_ward(user, scope, form.cleaned_data["ward"])
        files = [(f.name or "?", f.read()) for f in form.cleaned_data["letters"]]
        try:
            batch = services.letters_check(scope=scope, files=files, ward=ward, user=user)
        except Problem as problem:
            form.add_error("letters", problem.localized())
        else:
            return redirect("checker:batch", batch.pk)
    return render(
        request,
        "checker/upload.html",
        {
            "unit": scope,
            "crumbs": visible_ancestors(_user(request), scope),
            "form": form,
            "batches": list(selectors.batches_for(user).filter(scope=scope)[:RECENT_BATCHES]),
        },
    )


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = selectors.access_batch(user, pk)
    letters = list(selectors.letters_of(found))
    wards = list(selectors.ward_choices(found.scope))
    english = request.LANGUAGE_CODE == "en"  # type: ignore[attr-defined]
    rows = [
        {"letter": letter, **finding, "text": finding["en" if english else "vi"]}
        for letter in letters
        for finding in letter.result.get("findings", [])
    ]
    rows.sort(key=lambda r: (r["letter"].ward.name if r["letter"].ward else "~", r["severity"]))
    return render(
        request,
        "checker/batch.html",
        {
            "batch": found,
            "unit": found.scope,
            "crumbs": visible_ancestors(_user(request), found.scope),
            "letters": [
                {"letter": letter, "ward_form": _ward_form(letter, wards)} for letter in letters
            ],
            "rows": rows,
            "nothing_checked": bool(letters)
            and all(
                letter.refused or (letter.result.get("coverage") or {}).get("nothing_checked")
                for letter in letters
            ),
            "english": english,
        },
    )


def _ward_form(letter: Any, wards: list[Any]) -> WardForm:
    return WardForm(initial={"ward": letter.ward.code if letter.ward else ""}, wards=wards)


@login_required
@require_POST
def set_ward(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    user = _user(request)
    letter = selectors.access_letter(user, pk, letter_pk)
    wards = list(selectors.ward_choices(letter.batch.scope))
    form = WardForm(request.POST, wards=wards)
    if form.is_valid():
        ward = selectors.access_ward(user, letter.batch.scope, form.cleaned_data["ward"])
        services.letter_set_ward(letter=letter, ward=ward, user=user)
        messages.success(request, _("Ward saved."))
    else:
        messages.error(request, _("Choose a ward from the list."))
    return redirect("checker:batch", pk)


@login_required
def take_in(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    user = _user(request)
    letter = selectors.access_letter(user, pk, letter_pk)
    if letter.refused:
        raise Http404("nothing to take in")
    entry = letter.result.get("entry") or {}
    values: dict[str, list[int | None]] = entry.get("values") or {}
    as_of = dt.date.fromisoformat(entry["as_of"]) if entry.get("as_of") else None
    initial = {
        "as_of": as_of,
        "start": start_of_year(as_of) if as_of else None,
        "codes": list(values),
    }
    form = TakeInForm(request.POST or None, initial=initial, codes=list(values))
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_take_in(
                letter=letter,
                as_of=form.cleaned_data["as_of"],
                start=form.cleaned_data["start"],
                codes=form.cleaned_data["codes"],
                user=user,
            )
        except Problem as problem:
            messages.error(request, problem.localized())
        else:
            done = _("The figures were entered for %(ward)s.") % {"ward": letter.ward}
            messages.success(request, done)
            return redirect("checker:batch", pk)
    english = request.LANGUAGE_CODE == "en"  # type: ignore[attr-defined]
    figures = [
        {
            "code": code,
            "name": INDICATORS.get(code, (code, code))[1 if english else 0],
            "numerator": pair[0],
            "denominator": pair[1],
            "checked": code in (form["codes"].value() or []),
        }
        for code, pair in values.items()
    ]
    return render(
        request,
        "checker/take_in.html",
        {
            "batch": letter.batch,
            "letter": letter,
            "unit": letter.batch.scope,
            "crumbs": visible_ancestors(_user(request), letter.batch.scope),
            "form": form,
            "figures": figures,
            "english": english,
        },
    )
