"""The structure the performance team keeps: organisations, directorates and
their service areas."""

from __future__ import annotations

import re

from django import forms

from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.pages.forms import GovukErrorMessages

_CODES = re.compile(r"[\s,;/]+")


def partners_named(text: str) -> list[Organisation]:
    """The councils a spreadsheet names as the papers write them ("LBH/LBN",
    "LBH, LBN"); "ALL" (all partners) is none. ValidationError names the codes
    no council has."""
    text = text.strip()
    if text.upper() == "ALL":
        return []
    codes = [c.upper() for c in _CODES.split(text) if c]
    councils = {o.code.upper(): o for o in Organisation.objects.all()}
    unknown = [c for c in codes if c not in councils]
    if unknown:
        raise forms.ValidationError(
            f"No council has the code {', '.join(unknown[:5])[:80]}: write ALL, or codes "
            "such as LBH/LBN"
        )
    return [councils[c] for c in dict.fromkeys(codes)]


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
