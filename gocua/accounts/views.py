"""The user's own password, chosen at the first login after a one-time one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from gocua.accounts import services
from gocua.lib.forms import form_submit


class PasswordChoiceForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "autofocus": True}),
    )
    again = forms.CharField(
        label=_("The new password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


@login_required
def password_choose(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        wanted = ""
    form = PasswordChoiceForm(request.POST or None)

    def choose(data: dict[str, Any]) -> Any:
        account = services.account_password_choose(
            account=user, password=data["password"], again=data["again"]
        )
        update_session_auth_hash(request, account)  # stay logged in with the new password
        return account

    done = form_submit(
        request,
        form,
        choose,
        done=str(_("Your password is saved.")),
        then=wanted or "home",
    )
    return done or render(
        request,
        "accounts/password_choose.html",
        {"form": form, "next": wanted, "forced": user.must_change_password},
    )
