"""Register forms (the application's and the admin's): targets and tolerances
are read by the domain core's parsers, so what is saved is what the rating
engine understands."""

from __future__ import annotations

from django import forms

from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.domain.values import Unit, Value
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisations.forms import organisation_label
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.returns.forms import read_figure


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


class IndicatorEditForm(IndicatorForm):
    """The register entry as the performance team edits it in the application."""

    breakdowns = forms.CharField(
        required=False,
        max_length=500,
        help_text="Parts it is also reported by, separated by ; (e.g. HAY; GLPC). "
        "Leave blank for none.",
    )

    class Meta:
        model = Indicator
        fields = [
            "reference",
            "title",
            "definition",
            "service_area",
            "tier",
            "unit",
            "decimals",
            "polarity",
            "aggregation",
            "frequency",
            "scheme",
            "tolerance",
            "comparison",
            "organisations",
            "owner",
            "retired_on",
        ]
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "retired_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }
        help_texts = {
            "reference": "Short and unique, e.g. EX-02. Figures and targets are filed under it.",
            "decimals": "How many decimal places figures are shown and compared at.",
            "retired_on": "Leave blank while it is in use. A retired indicator keeps its "
            "figures and history but is no longer asked for.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["service_area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ServiceArea.objects.select_related("directorate")
        organisations = self.fields["organisations"]
        assert isinstance(organisations, forms.ModelMultipleChoiceField)
        organisations.label_from_instance = organisation_label  # type: ignore[method-assign]
        if self.instance.pk and not self.is_bound:
            names = self.instance.breakdowns.values_list("name", flat=True)
            self.initial["breakdowns"] = "; ".join(names)

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data["reference"]).strip()
        if not reference or reference == "new" or "/" in reference or " " in reference:
            raise forms.ValidationError("use letters, digits and dashes, with no spaces or /")
        return reference

    def clean_breakdowns(self) -> list[str]:
        names = [n.strip() for n in str(self.cleaned_data["breakdowns"]).split(";")]
        names = [n for n in names if n]
        if len({n.casefold() for n in names}) != len(names):
            raise forms.ValidationError("name each breakdown once")
        if any(len(n) > 100 for n in names):
            raise forms.ValidationError("a breakdown's name is at most 100 characters")
        return names


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
    """One year's targets for each organisation an indicator applies to, and
    the previous year's outturn that direction of travel compares with."""

    def __init__(
        self,
        *args: object,
        organisations: list[Organisation],
        unit: Unit,
        year: FinancialYear,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.organisations = organisations
        self.unit = unit
        for organisation in organisations:
            self.fields[f"target_{organisation.code}"] = forms.CharField(
                required=False,
                max_length=500,
                label=f"{organisation_label(organisation)}: {year.label} target",
                help_text="For example 97.00%, <26 weeks, >90%, a 12-month profile separated "
                "by ; (12.75%; 21.98%; ...), Reduction, TBC. Leave blank for none.",
            )
            self.fields[f"outturn_{organisation.code}"] = forms.CharField(
                required=False,
                max_length=50,
                label=f"{organisation_label(organisation)}: {year.previous().label} outturn",
                help_text=f"The whole year's figure in {unit.value}, or n/a. Blank: not "
                "recorded (then the months of that year are used, if stored).",
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
            name = f"outturn_{organisation.code}"
            try:
                data[name] = read_figure(str(data.get(name) or ""), self.unit)
            except forms.ValidationError as error:
                self.add_error(name, f"Outturn for {organisation.code}: {error.messages[0]}")
        return data

    def targets(self) -> dict[Organisation, str]:
        return {o: self.cleaned_data[f"target_{o.code}"] for o in self.organisations}

    def outturns(self) -> dict[Organisation, Value]:
        return {o: self.cleaned_data[f"outturn_{o.code}"] for o in self.organisations}
