"""A person: who they are, and the role and reach of their membership."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation

from goldenthread.organisations.forms import organisation_label
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.people.models import Membership, Role


class PersonForm(GovukErrorMessages, forms.Form):
    username = forms.CharField(max_length=150, help_text="What they sign in with.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False)
    is_active = forms.BooleanField(
        required=False,
        initial=True,
        label="Can sign in",
        help_text="Untick when someone leaves: their changes stay in the history.",
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput,
        strip=False,
        help_text="At least 8 characters, not a common password. Leave blank to keep "
        "the current one.",
    )
    # starts empty: the first role in the list is the most powerful (performance team)
    role = forms.ChoiceField(
        choices=[("", "Choose a role"), *Role.choices],
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    all_organisations = forms.BooleanField(
        required=False,
        label="Covers every organisation",
        help_text="For example a shared-service director or a Section 151 officer for all.",
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The councils whose figures they see (and, for officers, enter).",
    )
    directorates = forms.ModelMultipleChoiceField(
        queryset=Directorate.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Directors: the directorates whose returns they sign off.",
    )
    service_areas = forms.ModelMultipleChoiceField(
        queryset=ServiceArea.objects.select_related("directorate"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Service officers: the service areas they enter figures for.",
    )

    def __init__(self, data: Any = None, *, person: Any = None) -> None:
        self.person = person
        initial = initial_of(person) if person is not None and data is None else None
        super().__init__(data, initial=initial)
        organisations = self.fields["organisations"]
        assert isinstance(organisations, forms.ModelMultipleChoiceField)
        organisations.label_from_instance = organisation_label  # type: ignore[method-assign]
        if person is None:
            self.fields["password"].required = True
            self.fields["password"].help_text = "At least 8 characters, not a common password."

    def clean_username(self) -> str:
        username = str(self.cleaned_data["username"]).strip()
        others = get_user_model().objects.filter(username__iexact=username)
        if self.person is not None:
            others = others.exclude(pk=self.person.pk)
        if others.exists():
            raise forms.ValidationError("someone already signs in with that username")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        reach = data.get("all_organisations") or data.get("organisations")
        if role and role != Role.PERFORMANCE_TEAM and not reach:
            self.add_error(
                "organisations", "choose the councils they cover, or tick every organisation"
            )
        if role == Role.SERVICE_OFFICER and not data.get("service_areas"):
            self.add_error("service_areas", "a service officer needs at least one service area")
        if role == Role.DIRECTOR and not data.get("directorates"):
            self.add_error("directorates", "a director needs at least one directorate")
        password = data.get("password")
        if password:
            candidate = self.person or get_user_model()(
                username=data.get("username", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


def initial_of(person: Any) -> dict[str, Any]:
    membership = Membership.objects.filter(user=person).first()
    initial: dict[str, Any] = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "is_active": person.is_active,
    }
    if membership is not None:
        initial |= {
            "role": membership.role,
            "all_organisations": membership.all_organisations,
            "organisations": list(membership.organisations.all()),
            "directorates": list(membership.directorates.all()),
            "service_areas": list(membership.service_areas.all()),
        }
    return initial
