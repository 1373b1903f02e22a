"""The team's logins, without Django's admin: a ward officer gives out the logins of the
members of the ward's neighbourhoods, a city officer those of the ward officers, a province
officer those of the city officers. Who may manage whom: ``accounts.permissions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gocua.accounts import selectors, services
from gocua.accounts.models import User
from gocua.lib.errors import Problem
from gocua.lib.phones import normalize_phone
from gocua.lib.text import clean_text
from gocua.orgunits.models import OrgUnit
from gocua.outreach.services.teams import member_login_link


class LoginForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    username = forms.CharField(
        label=_("User name"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to make one from the name (without diacritics)."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, units: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["unit"].choices = [(u.code, u.name) for u in units]  # type: ignore[attr-defined]

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except Problem as problem:
            raise forms.ValidationError(problem.localized()) from problem

    def clean_full_name(self) -> str:
        return clean_text(self.cleaned_data["full_name"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def logins(request: HttpRequest, code: str) -> HttpResponse:
    unit = selectors.access_login_unit(_user(request), code)
    accounts = list(selectors.managed_logins(_user(request), unit))
    return render(
        request,
        "front/logins.html",
        {
            "unit": unit,
            "crumbs": selectors.visible_ancestors(_user(request), unit),
            "accounts": accounts,
            "can_create": bool(selectors.login_units(_user(request), unit)),
        },
    )


@login_required
def login_new(request: HttpRequest, code: str) -> HttpResponse:
    user = _user(request)
    unit = selectors.access_login_unit(user, code)
    units = selectors.login_units(user, unit)
    form = LoginForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                account, password = services.account_create(
                    unit=form.units[data["unit"]],
                    full_name=data["full_name"],
                    phone=data["phone"],
                    username=data["username"],
                    user=user,
                )
                member = member_login_link(account=account, user=user)
        except Problem as problem:
            form.add_error(None, problem.localized())
        else:
            return _slip(request, unit, account, password, member=member, new=True)
    return render(
        request,
        "front/login_new.html",
        {"unit": unit, "crumbs": selectors.visible_ancestors(user, unit), "form": form},
    )


def _slip(
    request: HttpRequest,
    unit: OrgUnit,
    account: User,
    password: str,
    *,
    member: Any = None,
    new: bool,
) -> HttpResponse:
    """The one-time password, shown once (the answer to the POST, never stored, never
    cached: NoStoreMiddleware), on a slip to hand over or print."""
    return render(
        request,
        "front/login_slip.html",
        {
            "unit": unit,
            "crumbs": selectors.visible_ancestors(_user(request), unit),
            "account": account,
            "password": password,
            "member": member,
            "new": new,
            "login_url": request.build_absolute_uri("/accounts/login/"),
        },
    )


ACTIONS = {
    "reset": (
        _("Give a new one-time password"),
        _(
            "The current password stops working now and every open session of this login ends. "
            "You will see the new one-time password once, to hand over or print."
        ),
    ),
    "deactivate": (
        _("Deactivate the login"),
        _(
            "The person can no longer log in. What they recorded stays in the registry and "
            "the history under their name. You can reactivate the login later."
        ),
    ),
    "reactivate": (
        _("Reactivate the login"),
        _("The person can log in again with their password."),
    ),
}


@login_required
def login_action(request: HttpRequest, code: str, pk: int, action: str) -> HttpResponse:
    """A confirmation page (GET) that says what will happen, then the action (POST)."""
    user = _user(request)
    unit = selectors.access_login_unit(user, code)
    account = selectors.access_managed_login(user, unit, pk)
    if action not in ACTIONS:
        raise Http404("no such action")
    title, explanation = ACTIONS[action]
    if request.method == "POST":
        if action == "reset":
            password = services.account_password_reset(account=account, user=user)
            return _slip(request, unit, account, password, new=False)
        if action == "deactivate":
            services.account_deactivate(account=account, user=user)
            messages.success(
                request,
                gettext("%(name)s can no longer log in.") % {"name": account.get_full_name()},
            )
        else:
            services.account_reactivate(account=account, user=user)
            messages.success(
                request, gettext("%(name)s can log in again.") % {"name": account.get_full_name()}
            )
        return redirect("logins", unit.code)
    return render(
        request,
        "front/login_confirm.html",
        {
            "unit": unit,
            "crumbs": selectors.visible_ancestors(user, unit),
            "account": account,
            "action": action,
            "title": title,
            "explanation": explanation,
        },
    )
