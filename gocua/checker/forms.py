from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from gocua.checker.extract import MAX_BYTES
from gocua.checker.services import MAX_FILES
from gocua.checker.vocabulary import INDICATORS
from gocua.lib.forms import period_checked
from gocua.orgunits.models import OrgUnit


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".docx,.txt,.md,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f] or [
            super().clean(None, initial)
        ]


class UploadForm(forms.Form):
    letters = MultipleFileField(
        label=_("Letters (.docx, .txt, .md, .pdf)"),
        help_text=_("Several files at once; each is read and then discarded."),
    )
    ward = forms.ChoiceField(
        label=_("Ward"),
        required=False,
        help_text=_("Leave empty to find the ward in each letter."),
    )

    def __init__(self, *args: Any, wards: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "ward").choices = [("", _("Found in the letter"))] + [
            (w.code, w.name) for w in wards
        ]

    def clean_letters(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["letters"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("At most %(count)d files at a time.") % {"count": MAX_FILES}
            )
        for upload in files:
            if (upload.size or 0) > MAX_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is too large (at most %(mb)d MB).")
                    % {"name": upload.name, "mb": MAX_BYTES // 1_048_576}
                )
        return files


class WardForm(forms.Form):
    ward = forms.ChoiceField(label=_("Ward"))

    def __init__(self, *args: Any, wards: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "ward").choices = [(w.code, w.name) for w in wards]


class TakeInForm(forms.Form):
    as_of = forms.DateField(
        label=_("Figures as of"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start = forms.DateField(
        label=_("Period from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    codes = forms.MultipleChoiceField(
        label=_("Figures to enter"), widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choice_field(self, "codes").choices = [(c, c) for c in codes if c in INDICATORS]

    def clean(self) -> dict[str, Any]:
        return period_checked(self, super().clean() or {}, "start", "as_of")


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field
