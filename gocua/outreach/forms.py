"""Web forms of the outreach pages: they parse input; the services decide what is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gocua.accounts.models import User
from gocua.orgunits.models import OrgUnit
from gocua.outreach import labels
from gocua.outreach.models import (
    Activity,
    ActivityChannel,
    LegalDocument,
    Member,
    MemberSkill,
    Service,
)

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def local_name(item: Service | ActivityChannel) -> str:
    return item.name_en if get_language() == "en" else item.name_vi


class LocalNameChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return local_name(obj)


class LocalNameMultipleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return local_name(obj)


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DocumentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} ({obj.date:%d/%m/%Y})"


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=list(labels.DOCUMENT_KINDS.items()))
    number = forms.CharField(
        label=_("Number and symbol"),
        max_length=60,
        help_text=_("As written on the document: 48/KH-UBND, 297/UBND-VHTT, 09-NQ/TU"),
    )
    date = date_field(_("Date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=200)
    summary = forms.CharField(
        label=_("Subject"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What it is about, without the leading “về việc”"),
    )
    cite_in_reports = forms.BooleanField(
        label=_("Cite as legal basis in the unit's reports"), required=False, initial=True
    )
    file = forms.FileField(label=_("File (PDF, Word, picture)"), required=False)


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=200, required=False)
    decision = DocumentChoice(
        label=_("Decision setting it up"),
        queryset=LegalDocument.objects.none(),
        required=False,
        empty_label=_("— none yet —"),
        help_text=_("Register the decision in the document register first."),
    )
    active_from = date_field(_("Active from"), required=False)

    def __init__(self, *args: Any, decisions: QuerySet[LegalDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]


class TeamEditForm(TeamForm):
    active_until = date_field(_("Active until (dissolved)"), required=False)


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({labels.MEMBER_ROLES.get(obj.role, obj.role)})"


class ReconstituteForm(forms.Form):
    decision = DocumentChoice(
        label=_("Re-constituting decision"), queryset=LegalDocument.objects.none()
    )
    ending = MemberChoice(
        label=_("Members who leave the team"),
        queryset=Member.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        decisions: QuerySet[LegalDocument],
        members: QuerySet[Member],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions  # type: ignore[attr-defined]
        self.fields["ending"].queryset = members  # type: ignore[attr-defined]


class LoginChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{obj.username} ({name})" if name else str(obj.username)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=list(labels.MEMBER_ROLES.items()))
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    skill_level = forms.TypedChoiceField(
        label=_("Digital-skill level"),
        choices=list(labels.SKILL_LEVELS.items()),
        coerce=int,
        initial=1,
    )
    login = LoginChoice(label=_("Login (optional)"), queryset=User.objects.none(), required=False)
    active_from = date_field(_("Member from"), required=False)
    active_until = date_field(_("Member until"), required=False)

    def __init__(self, *args: Any, logins: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].queryset = logins  # type: ignore[attr-defined]


class TrainingForm(forms.Form):
    date = date_field(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)


class MemberSkillsForm(forms.Form):
    """One level per active service; "not assessed" is offered only where there is none
    yet (a level once given is changed, never removed)."""

    def __init__(
        self,
        *args: Any,
        services: list[Service],
        current: dict[int, MemberSkill],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.services = {f"service_{s.pk}": s for s in services}
        levels = [(str(value), label) for value, label in labels.SERVICE_SKILLS.items()]
        for name, service in self.services.items():
            row = current.get(service.pk)
            choices = levels if row is not None else [("", _("Not assessed yet")), *levels]
            self.fields[name] = forms.TypedChoiceField(
                label=local_name(service),
                choices=choices,
                coerce=int,
                required=row is not None,
                empty_value=None,
                initial=str(row.level) if row is not None else "",
            )

    def levels(self) -> dict[Service, int | None]:
        return {service: self.cleaned_data.get(name) for name, service in self.services.items()}


class AttendeeChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} · {obj.team.unit.name}"


class TrainingSessionForm(forms.Form):
    date = date_field(_("Date"))
    service = LocalNameChoice(label=_("Service"), queryset=Service.objects.none(), empty_label=None)
    topic = forms.CharField(
        label=_("Topic"),
        max_length=200,
        required=False,
        help_text=_("Empty: “Training on” and the service's name."),
    )
    attendees = AttendeeChoice(
        label=_("Members who attended"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["attendees"].queryset = members  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    date = date_field(_("Date"))
    unit = UnitChoice(label=_("Held in"), queryset=OrgUnit.objects.none(), empty_label=None)
    channel = LocalNameChoice(
        label=_("Channel"), queryset=ActivityChannel.objects.none(), empty_label=None
    )
    services = LocalNameMultipleChoice(
        label=_("Services covered"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    people_reached = forms.IntegerField(
        label=_("People reached"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    leaflets = forms.IntegerField(
        label=_("Leaflets handed out"),
        min_value=0,
        required=False,
        help_text=_("Required when leaflets were handed out; not for broadcasts."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["channel"].queryset = ActivityChannel.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["services"].queryset = Service.objects.filter(active=True)  # type: ignore[attr-defined]


class SessionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        people = f", {obj.people_reached}" if obj.people_reached is not None else ""
        return f"{obj.date:%d/%m/%Y} · {obj.unit.name} · {local_name(obj.channel)}{people}"


class BulkGuidanceForm(forms.Form):
    """Date, unit (or a session) and one number per active service."""

    date = date_field(_("Date"), required=False)
    unit = UnitChoice(label=_("Held in"), queryset=OrgUnit.objects.none(), empty_label=None)
    activity = SessionChoice(
        label=_("At the session (optional)"),
        queryset=Activity.objects.none(),
        required=False,
        empty_label=_("— no session —"),
        help_text=_("A session gives its date and place."),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[OrgUnit],
        sessions: QuerySet[Activity],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["activity"].queryset = sessions  # type: ignore[attr-defined]
        self.services = list(Service.objects.filter(active=True))
        for service in self.services:
            self.fields[f"service_{service.pk}"] = forms.IntegerField(
                label=local_name(service),
                min_value=0,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("activity") and not data.get("date"):
            self.add_error("date", _("Give the date, or pick the session."))
        return data

    def counts(self) -> dict[Service, int]:
        return {
            service: self.cleaned_data.get(f"service_{service.pk}") or 0
            for service in self.services
        }

    def service_fields(self) -> list[forms.BoundField]:
        return [self[f"service_{service.pk}"] for service in self.services]


class ServiceForm(forms.Form):
    name_vi = forms.CharField(label=_("Name in Vietnamese"), max_length=120)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)
    code = forms.SlugField(label=_("Code (optional)"), max_length=40, required=False)
    fact = forms.ChoiceField(
        label=_("Registry fact it gives"),
        choices=list(labels.REGISTRY_FACTS.items()),
        required=False,
    )


class ChannelForm(forms.Form):
    name_vi = forms.CharField(label=_("Name in Vietnamese"), max_length=120)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)
    code = forms.SlugField(label=_("Code (optional)"), max_length=40, required=False)
    in_person = forms.BooleanField(label=_("People attend in person"), required=False)
