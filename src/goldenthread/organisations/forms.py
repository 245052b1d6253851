"""The structure the performance team keeps: organisations, directorates and
their service areas."""

from __future__ import annotations

from django import forms

from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.pages.forms import GovukErrorMessages


def organisation_label(organisation: Organisation) -> str:
    """How an organisation is offered in a list of choices."""
    return f"{organisation.name} ({organisation.code})"


class OrganisationForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["code", "name", "kind"]
        help_texts = {"code": "Short and unique, e.g. LBH. It labels the council's figures."}

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if not code.isalnum():
            raise forms.ValidationError("use letters and digits only, e.g. LBH")
        return code


class DirectorateForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = Directorate
        fields = ["name"]


class ServiceAreaForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = ServiceArea
        fields = ["directorate", "name"]
        help_texts = {
            "name": "Leave blank for the directorate's own indicators (e.g. its strategic ones)."
        }
        labels = {"name": "Service area"}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["name"].required = False


FORMS: dict[str, type[forms.ModelForm]] = {
    "organisation": OrganisationForm,
    "directorate": DirectorateForm,
    "service-area": ServiceAreaForm,
}
