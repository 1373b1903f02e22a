"""Web forms of the reports pages: they parse input; the services decide what is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gocua.indicators.models import IndicatorDefinition
from gocua.lib.forms import period_checked
from gocua.orgunits.models import OrgUnit
from gocua.outreach.forms import date_field
from gocua.reports import labels

TEXT_ROWS = 4


def _area(rows: int = TEXT_ROWS) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class SignatoryForm(forms.Form):
    name = forms.CharField(label=_("Signer's full name"), max_length=120)
    title = forms.CharField(
        label=_("Title of the head"), max_length=120, initial="Chủ tịch", help_text="Chủ tịch"
    )
    collective = forms.CharField(
        label=_("On behalf of (TM.)"),
        max_length=120,
        required=False,
        initial="Ủy ban nhân dân",
        help_text=_("Empty when the head signs for an office, not a committee."),
    )
    # Not "prefix": a Django form has an attribute of that name (its HTML prefix).
    signing = forms.ChoiceField(
        label=_("How the signer signs"), choices=labels.SIGNING_PREFIXES, required=False
    )
    signer_title = forms.CharField(
        label=_("Signer's own title"),
        max_length=120,
        required=False,
        help_text=_("For KT., TL. and TUQ.: e.g. Phó Chủ tịch."),
    )
    symbol = forms.CharField(
        label=_("Symbol of the letter numbers"),
        max_length=40,
        initial="UBND-VHTT",
        help_text=_("What follows the number: 297/UBND-VHTT."),
    )


class UnitBoxes(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class RequestForm(forms.Form):
    number = forms.CharField(
        label=_("Number and symbol of the request letter"),
        max_length=60,
        help_text="389/UBND-VHTT",
    )
    date = date_field(_("Date of the letter"))
    subject = forms.CharField(
        label=_("Subject"),
        widget=_area(2),
        help_text=_("Without “V/v”: báo cáo kết quả hoạt động của Tổ Công nghệ số cộng đồng"),
    )
    start = date_field(_("Period from"))
    end = date_field(_("Period to (figures as of)"))
    deadline = date_field(_("Deadline"))
    codes = forms.MultipleChoiceField(
        label=_("Indicators asked (none ticked: every indicator in force)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    units = UnitBoxes(label=_("Units that must answer"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        english = get_language() == "en"
        seen: dict[str, str] = {}
        for definition in IndicatorDefinition.objects.order_by("order", "code", "-valid_from"):
            if definition.code not in seen:
                seen[definition.code] = definition.name_en if english else definition.name_vi
        self.fields["codes"].choices = list(seen.items())  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        return period_checked(self, super().clean() or {}, "start", "end")


class ReportForm(forms.Form):
    day = date_field(_("Date of the letter"), required=False)
    recipients = forms.CharField(
        label=_("To (one recipient a line)"), widget=_area(3), required=False
    )
    lessons = forms.CharField(
        label=_("Lessons and good practice (one item a line)"),
        widget=_area(),
        required=False,
    )
    difficulties = forms.CharField(
        label=_("Difficulties (one item a line)"), widget=_area(), required=False
    )
    proposals = forms.CharField(
        label=_("Proposals (one item a line)"), widget=_area(), required=False
    )
    copies = forms.CharField(
        label=_("Copies to (besides “Như trên” and the archive)"),
        widget=_area(2),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("recipients", "lessons", "difficulties", "proposals", "copies"):
            self.fields[name].strip = False  # type: ignore[attr-defined]  # stored as typed


class SubmitForm(forms.Form):
    reason = forms.CharField(
        label=_("Why submit despite the errors above"), widget=_area(2), required=False
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What to correct"), widget=_area(2))
