"""Register forms (used by the admin): targets and tolerances are read by the
domain core's parsers, so what is saved is what the rating engine understands."""

from __future__ import annotations

from django import forms

from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.indicators.models import Indicator, Target


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = "__all__"

    def clean_tolerance(self) -> str:
        text = str(self.cleaned_data["tolerance"]).strip()
        try:
            Tolerance.parse(text)
        except ToleranceError as error:
            raise forms.ValidationError(f"Tolerance: {error}") from None
        return text


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = "__all__"

    def clean_text(self) -> str:
        text = str(self.cleaned_data["text"]).strip()
        try:
            parse_target(text)
        except TargetParseError as error:
            raise forms.ValidationError(f"Target: {error}") from None
        return text
