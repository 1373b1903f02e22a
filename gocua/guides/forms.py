from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

ROWS = {"rows": 5}


class GuideForm(forms.Form):
    audience = forms.CharField(
        label=_("Who it is for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    bring = forms.CharField(
        label=_("What to bring"),
        required=False,
        widget=forms.Textarea(attrs=ROWS),
        help_text=_("One item a line."),
    )
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("One step a line, in order: they are numbered when printed."),
    )
    problems = forms.CharField(
        label=_("Common problems"),
        required=False,
        widget=forms.Textarea(attrs=ROWS),
        help_text=_("One a line: the problem, a colon, then the fix."),
    )
    links = forms.CharField(
        label=_("Official links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: a label, a colon, then the address (https://…). Only official "
            "addresses: each is printed as a QR code."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
