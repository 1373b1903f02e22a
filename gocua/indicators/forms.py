"""Forms of the indicator pages: the data-entry grid and the unit's data source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gocua.indicators import rules
from gocua.indicators.models import POPULATION_CODES, POPULATION_NAMES, DataSource, Measure
from gocua.lib.forms import period_checked

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1"}),
    )


class EntryForm(forms.Form):
    """As-of date, start, and per indicator a numerator and (except counts) a denominator;
    then the population figures. Fields are ``<code>__n`` and ``<code>__d``."""

    as_of = forms.DateField(label=_("As of"), widget=DATE_INPUT)
    start = forms.DateField(label=_("From"), widget=DATE_INPUT)

    def __init__(self, *args: Any, definitions: list[Any], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items: list[tuple[str, str, bool]] = []  # code, label, is a count
        for d in definitions:
            is_count = d.population == rules.ACTIVITY or d.measure == Measure.COUNT
            label = d.name_en if language == "en" else d.name_vi
            self.items.append((d.code, label, is_count))
        for name in POPULATION_CODES:
            vi, en = POPULATION_NAMES[name]
            self.items.append((name, en if language == "en" else vi, True))
        for code, label, is_count in self.items:
            self.fields[f"{code}__n"] = _number_field(label)
            if not is_count:
                self.fields[f"{code}__d"] = _number_field(label)

    def clean(self) -> dict[str, Any]:
        return period_checked(self, super().clean() or {}, "start", "as_of")

    def rows(self) -> list[tuple[str, str, Any, Any]]:
        """(code, label, numerator field, denominator field or None) for the template."""
        return [
            (
                code,
                label,
                self[f"{code}__n"],
                None if is_count else self[f"{code}__d"],
            )
            for code, label, is_count in self.items
        ]

    def values(self) -> dict[str, tuple[int | None, int | None]]:
        data = self.cleaned_data
        return {
            code: (data.get(f"{code}__n"), None if is_count else data.get(f"{code}__d"))
            for code, _label, is_count in self.items
        }

    def values_for_check(self) -> dict[str, tuple[int | None, int | None]]:
        """What the form holds now (typed or stored), for the rules beside it."""
        if self.is_bound:
            return self.values() if self.is_valid() else {}
        return {
            code: (self.initial.get(f"{code}__n"), self.initial.get(f"{code}__d"))
            for code, _label, _count in self.items
        }


class SourceForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Data source"),
        required=False,
        choices=[("", _("inherited from the unit above")), *DataSource.choices],
    )


class TargetForm(forms.Form):
    """One indicator's target for the unit and the units below it, over a period."""

    code = forms.ChoiceField(label=_("Indicator"))
    value = forms.DecimalField(
        label=_("Target (percent, or a count for activity figures)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": "0", "step": "any"}),
    )
    valid_from = forms.DateField(label=_("From"), required=False, widget=DATE_INPUT)
    valid_until = forms.DateField(label=_("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        return period_checked(self, super().clean() or {}, "valid_from", "valid_until")
