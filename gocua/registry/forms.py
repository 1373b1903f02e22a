"""Forms of the registry pages. They parse and validate; services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gocua.lib.dates import day_text, today
from gocua.lib.errors import Problem
from gocua.registry import facts, roster
from gocua.registry.models import Sex


class BirthField(forms.CharField):
    """A birth date (YYYY-MM-DD, DD/MM/YYYY) or a year alone: cleans to (date, year_only)."""

    def to_python(self, value: Any) -> tuple[dt.date, bool] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return roster.birth_value(text)
        except roster.ValueProblem as problem:
            raise forms.ValidationError(Problem(problem.vi, problem.en).localized()) from None


def birth_text(day: dt.date | None, year_only: bool) -> str:
    if day is None:
        return ""
    return str(day.year) if year_only else day_text(day)


DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_INPUT)


class PersonFields(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth = BirthField(
        label=_("Birth date or year"),
        required=False,
        help_text=_("DD/MM/YYYY, or the year alone"),
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    personal_id = forms.CharField(
        label=_("Personal ID number (12 digits)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )

    def clean_personal_id(self) -> str:
        return self._parsed("personal_id", roster.personal_id_value) or ""

    def clean_phone(self) -> str:
        return self._parsed("phone", roster.phone_value) or ""

    def _parsed(self, name: str, parse: Any) -> str | None:
        value = self.cleaned_data.get(name, "")
        if not value:
            return None
        try:
            return parse(value)  # type: ignore[no-any-return]
        except roster.ValueProblem as problem:
            raise forms.ValidationError(Problem(problem.vi, problem.en).localized()) from None


EID_CHOICES = [(0, _("No account")), (1, _("Level 1")), (2, _("Level 2"))]


class ResidentForm(PersonFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    relationship = forms.CharField(
        label=_("Relationship to the head of household"),
        required=False,
        max_length=40,
        help_text=_("“Chủ hộ” for the head; Vợ, Chồng, Con…"),
    )
    moved_in = _date(_("Moved in on (empty: always lived here)"))
    moved_out = _date(_("Moved out or died on (empty: still here)"))
    smartphone_since = _date(_("Smartphone since"))
    eid_level = forms.TypedChoiceField(
        label=_("VNeID e-ID account"), choices=EID_CHOICES, coerce=int, required=False
    )
    eid_since = _date(_("VNeID level 1 or 2 since"))
    eid2_since = _date(_("VNeID level 2 since"))
    vssid_since = _date(_("VssID since"))
    ehealth_since = _date(_("E-health book since"))
    payment_since = _date(_("Payment account since"))

    def __init__(self, *args: Any, full_values: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.full_values = full_values
        if not full_values:
            for name in ("personal_id", "phone"):
                self.fields[name].help_text = _("Leave empty to keep the number on record.")

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        birth = data.get("birth")
        values: dict[str, Any] = {
            # The facts of gocua.registry.facts that this form edits, by name.
            name: data.get(name)
            for name in facts.RESIDENT_VALUES
            if name in self.fields and name not in ("personal_id", "phone")
        }
        values.update(
            full_name=data["full_name"],
            birth_date=birth[0] if birth else None,
            birth_year_only=birth[1] if birth else False,
            sex=data.get("sex") or "",
            relationship=_relationship(data.get("relationship") or ""),
            eid_level=data.get("eid_level") or 0,
        )
        for name in ("personal_id", "phone"):
            if data.get(name) or self.full_values:
                values[name] = data.get(name) or ("" if name == "phone" else None)
        return values


def _relationship(text: str) -> str:
    text = " ".join(text.split())
    return facts.HEAD if facts.is_head(text) else text


class NewResidentForm(PersonFields):
    KIND_CHOICES = [
        ("newborn", _("A newborn (born here)")),
        ("newcomer", _("A newcomer (moved in)")),
    ]
    kind = forms.ChoiceField(
        label=_("Who"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="newcomer"
    )
    moved_in = _date(_("Moved in on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "newborn" and not data.get("birth"):
            self.add_error("birth", _("A newborn needs a birth date."))
        if data.get("kind") == "newcomer" and not data.get("moved_in"):
            data["moved_in"] = today()
        if data.get("kind") == "newborn":
            data["moved_in"] = None
        return data


class HouseholdForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(label=_("Household code"), max_length=64)
    unit = forms.ChoiceField(label=_("Neighbourhood"))
    address = forms.CharField(label=_("Address"), required=False, max_length=255)
    digital_skills_since = _date(_("Household has digital skills since"))

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]  # type: ignore[attr-defined]


class NewHouseholdForm(forms.Form):
    unit = forms.ChoiceField(label=_("Neighbourhood"))
    code = forms.CharField(label=_("Household code"), max_length=64)
    address = forms.CharField(label=_("Address"), required=False, max_length=255)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.fields["unit"].choices = [(str(u.pk), u.name) for u in units]  # type: ignore[attr-defined]


class MoveOutForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    day = _date(_("Left or died on"), required=True)

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day > today():
            raise forms.ValidationError(_("The date cannot be after today."))
        return day


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Roster file (.csv or .xlsx)"))
    as_of = _date(_("Figures as of"), required=True)
