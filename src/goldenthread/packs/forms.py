"""The 'Build pack' form: quarter, council (or every council), which indicators
get an exception page, the formats, and a Word template in the council's own
style (optional)."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.domain.periods import PeriodError, Quarter, parse_period
from goldenthread.organisations.models import Organisation
from goldenthread.packs.models import FORMATS
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.reports.content import ExceptionRule

FORMAT_LABELS = {
    "html": "Web page (HTML)",
    "pdf": "PDF (tagged, accessible)",
    "docx": "Word",
    "xlsx": "Excel",
}


class BuildPackForm(GovukErrorMessages, forms.Form):
    period = forms.ChoiceField(label="Quarter")
    council = forms.ChoiceField(label="Council", required=False)
    exceptions = forms.ChoiceField(
        label="Exception pages for",
        choices=[(rule.value, rule.label.capitalize()) for rule in ExceptionRule],
        initial=ExceptionRule.AMBER_AND_RED.value,
        widget=forms.RadioSelect,
    )
    formats = forms.MultipleChoiceField(
        label="Formats",
        choices=[(fmt, FORMAT_LABELS[fmt]) for fmt in FORMATS],
        initial=list(FORMATS),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one format"},
    )
    template = forms.FileField(
        label="Word template (optional)",
        required=False,
        help_text="A copy of the default template restyled in Word (fonts, logo, headers). "
        "Leave empty to use the default.",
    )

    def __init__(self, *args: Any, quarters: list[Quarter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(q.label, q.label) for q in quarters]
        self.fields["council"].choices = [("", "Every council")] + [
            (o.code, f"{o.code}: {o.name}") for o in Organisation.objects.all()
        ]

    def clean_period(self) -> Quarter:
        text = self.cleaned_data["period"]
        try:
            period = parse_period(text)
        except PeriodError as error:
            raise forms.ValidationError(f"Quarter: {error}") from None
        if not isinstance(period, Quarter):
            raise forms.ValidationError("Quarter: choose a quarter such as 2019/20 Q1")
        return period

    def clean_template(self) -> Any:
        upload = self.cleaned_data.get("template")
        if upload is not None and not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                "Word template: choose a Word document (.docx), saved from Word as "
                "'Word Document (*.docx)'"
            )
        return upload

    def clean_council(self) -> Organisation | None:
        code = self.cleaned_data.get("council") or ""
        return Organisation.objects.filter(code=code).first() if code else None
