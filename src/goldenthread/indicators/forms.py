"""Register forms (the application's, the admin's, and a register spreadsheet's
rows): targets and tolerances are read by the domain core's parsers, so what
is saved is what the rating engine understands; a reference is one the
register's pages can be addressed by."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from django import forms
from django.urls import NoReverseMatch, resolve, reverse

from goldenthread.domain.figures import FigureError, read_figure
from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.domain.values import Unit, Value
from goldenthread.indicators.models import Indicator, Target
from goldenthread.indicators.selectors import indicator_fingerprint
from goldenthread.indicators.services import IndicatorChanged, indicator_check_unchanged
from goldenthread.organisations.forms import organisation_label
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea

MAX_DECIMALS = 8
REFERENCE_RULE = "use letters, digits and dashes, with no spaces or /"


def reference_problem(reference: str) -> str | None:
    """Why `reference` cannot name an indicator, or None. Its page's address
    (overview/indicator_urls.py) must be made from it and lead back to it: a `/`
    cannot be in an address, and `new` (or `spreadsheet`) leads to another
    page of the register."""
    if not reference or any(c.isspace() for c in reference) or not reference.strip("."):
        return REFERENCE_RULE
    try:
        address = reverse("indicators:detail", args=[reference])
    except NoReverseMatch:
        return REFERENCE_RULE
    found = resolve(unquote(address))
    if found.view_name != "indicators:detail" or found.kwargs.get("reference") != reference:
        return f"'{reference}' is the address of another register page ({address}): choose another"
    return None


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = "__all__"

    def clean_tolerance(self) -> str:
        text = str(self.cleaned_data["tolerance"]).strip()
        try:
            Tolerance.parse(text)
        except ToleranceError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean_decimals(self) -> int:
        decimals = self.cleaned_data["decimals"]
        if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
            raise forms.ValidationError(
                f"a whole number of decimal places from 0 to {MAX_DECIMALS}"
            )
        return int(decimals or 0)


class IndicatorEditForm(IndicatorForm):
    """The register entry as the performance team edits it in the application.
    `seen` carries what the person was shown: if someone else saved the entry
    since, the form says so and saves nothing."""

    breakdowns = forms.CharField(
        required=False,
        max_length=500,
        help_text="Parts it is also reported by, separated by ; (e.g. HAY; GLPC). "
        "Leave blank for none.",
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

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
        field = self.fields.get("service_area")
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = ServiceArea.objects.select_related("directorate")
        organisations = self.fields["organisations"]
        assert isinstance(organisations, forms.ModelMultipleChoiceField)
        organisations.label_from_instance = organisation_label  # type: ignore[method-assign]
        for choice in self.fields.values():
            if isinstance(choice, forms.TypedChoiceField):
                values = ", ".join(str(v) for v, _ in choice.choices if v != "")
                values = values.replace("%", "%%")  # the message is formatted with the value
                choice.error_messages["invalid_choice"] = f"'%(value)s' is not one of {values}"
        if self.instance.pk and not self.is_bound:
            names = self.instance.breakdowns.values_list("name", flat=True)
            self.initial["breakdowns"] = "; ".join(names)
            self.initial["seen"] = indicator_fingerprint(self.instance)

    def clean_reference(self) -> str:
        reference = str(self.cleaned_data["reference"]).strip()
        problem = reference_problem(reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        seen = str(data.get("seen") or "")
        if self.instance.pk and seen:
            try:
                indicator_check_unchanged(self.instance.pk, seen)
            except IndicatorChanged as changed:
                self.changed_meanwhile(changed)
        return data

    def changed_meanwhile(self, changed: IndicatorChanged) -> None:
        """Show that someone saved the entry since the person opened it; the page
        then carries the entry as it is now, so saving again replaces theirs."""
        posted: Any = getattr(self, "data").copy()  # noqa: B009 (untyped on Form)
        posted["seen"] = changed.fingerprint
        self.data = posted
        self.add_error(None, str(changed))

    def clean_breakdowns(self) -> list[str]:
        names = [n.strip() for n in str(self.cleaned_data["breakdowns"]).split(";")]
        names = [n for n in names if n]
        if len({n.casefold() for n in names}) != len(names):
            raise forms.ValidationError("name each breakdown once")
        if any(len(n) > 100 for n in names):
            raise forms.ValidationError("a breakdown's name is at most 100 characters")
        return names


class IndicatorRowForm(IndicatorEditForm):
    """A register entry as a spreadsheet row gives it (`bulk`): the edit
    form's rules, with the service area named by its directorate and its own
    name (either may be new) and the councils by code."""

    directorate = forms.CharField(max_length=Directorate._meta.get_field("name").max_length)
    service_area = forms.CharField(
        required=False, max_length=ServiceArea._meta.get_field("name").max_length
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(), to_field_name="code"
    )

    class Meta(IndicatorEditForm.Meta):
        fields = [f for f in IndicatorEditForm.Meta.fields if f != "service_area"] + ["source"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisations"]
        known = ", ".join(sorted(o.code for o in Organisation.objects.all()))
        organisations.error_messages = {
            **organisations.error_messages,
            "invalid_choice": f"unknown council %(value)s (known: {known})",
            "required": "name at least one council the indicator applies to",
        }


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
            except FigureError as error:
                self.add_error(name, f"Outturn for {organisation.code}: {error}")
        return data

    def targets(self) -> dict[Organisation, str]:
        return {o: self.cleaned_data[f"target_{o.code}"] for o in self.organisations}

    def outturns(self) -> dict[Organisation, Value]:
        return {o: self.cleaned_data[f"outturn_{o.code}"] for o in self.organisations}
