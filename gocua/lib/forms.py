"""The one way a view submits a form to a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from gocua.lib.dates import check_period
from gocua.lib.errors import Problem


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], Any],
    *,
    done: str | Callable[[Any], str],
    then: Callable[[Any], HttpResponse] | str,
    error_field: str | None = None,
) -> HttpResponse | None:
    """On a POST with a valid form: ``action(form.cleaned_data)``, then the message ``done``
    (or ``done(result)``) and ``then`` (a URL, or a function of the action's result giving
    the response).

    A :class:`Problem` raised by the service goes on the form (on ``error_field``, or above
    the fields) and ``None`` comes back: the view renders the form again, as on a GET or an
    invalid form.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = action(form.cleaned_data)
    except Problem as problem:
        form.add_error(error_field, problem.localized())
        return None
    text = done(result) if callable(done) else done
    if text:
        messages.success(request, text)
    return then(result) if callable(then) else redirect(then)


def period_checked(form: forms.Form, data: dict[str, Any], start: str, end: str) -> dict[str, Any]:
    """A form's ``clean``: the date in ``start`` ("from") on or before the one in ``end``
    ("to"), else one error above the fields (gocua.lib.dates.check_period says it)."""
    try:
        check_period(data.get(start), data.get(end))
    except Problem as problem:
        form.add_error(None, problem.localized())
    return data
