"""Register forms (used by the admin): targets and tolerances are read by the
domain core's parsers, so what is saved is what the rating engine understands."""

from __future__ import annotations

from django import forms

from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisations.models import Organisation


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


class TargetsForm(forms.Form):
    """One year's targets for each organisation an indicator applies to."""

    def __init__(self, *args: object, organisations: list[Organisation], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organisations = organisations
        for organisation in organisations:
            self.fields[f"target_{organisation.code}"] = forms.CharField(
                required=False,
                max_length=500,
                label=f"{organisation.name} ({organisation.code})",
                help_text="For example 97.00%, <26 weeks, >90%, a 12-month profile separated "
                "by ; (12.75%; 21.98%; ...), Reduction, TBC. Leave blank for none.",
            )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for organisation in self.organisations:
            name = f"target_{organisation.code}"
            text = str(data.get(name) or "").strip()
            try:
                parse_target(text)
            except TargetParseError as error:
                self.add_error(name, f"Target for {organisation.code}: {error}")
            data[name] = text
        return data

    def targets(self) -> dict[Organisation, str]:
        return {o: self.cleaned_data[f"target_{o.code}"] for o in self.organisations}
