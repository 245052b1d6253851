"""Register forms (the application's, the admin's, and a register spreadsheet's
rows): targets and tolerances are read by the domain core's parsers, so what
is saved is what the rating engine understands; a reference is one the
register's pages can be addressed by."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django import forms

from goldenthread.domain.figures import FigureError, read_figure
from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.schemes import Scheme
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.domain.values import Unit, Value, ValueParseError
from goldenthread.indicators.models import Indicator, InYearRating, Target
from goldenthread.indicators.selectors import (
    Applicability,
    councils_in_use,
    first_open_day,
    indicator_fingerprint,
)
from goldenthread.indicators.services import (
    IndicatorChanged,
    ReachesApproved,
    councils_from_default,
    indicator_check_unchanged,
    planned,
    refuse_reaching_approved,
)
from goldenthread.organisations.forms import organisation_label
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.pages.forms import reference_problem as pages_reference_problem
from goldenthread.schemes.selectors import schemes_by_key

MAX_DECIMALS = 8


def reference_problem(reference: str) -> str | None:
    """Why `reference` cannot name an indicator (its page's address must be made
    from it and lead back to it), or None."""
    return pages_reference_problem(reference, "indicators:detail")


class SuggestingInput(forms.TextInput):
    """A text input with suggestions (`web/field.html` writes them as a
    `<datalist>`): any text may be typed; the suggestions are the common answers."""

    def __init__(self, suggestions: tuple[str, ...], attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.suggestions = suggestions


UNIT_HELP = (
    "A known unit (%, £, days, weeks, months, hours, mm:ss, rating or number) or what "
    "is counted, as your papers write it: tonnes, visits, days per FTE, £ per head."
)


TOLERANCE_HELP = (
    "How far a target may be missed in the scheme's near-miss status (rag's amber): 5% of "
    "the target, 2pp, or 0. Blank: the scheme's own (rag: 5%)."
)


def scheme_key(text: str, schemes: Mapping[str, Scheme]) -> str:
    """The key of the scheme `text` names, by its key or its name (any case);
    the text itself if it names none."""
    wanted = " ".join(text.split()).casefold()
    for key, scheme in schemes.items():
        if wanted in (key.casefold(), scheme.name.casefold()):
            return key
    return text.strip()


def scheme_field(schemes: Mapping[str, Scheme]) -> forms.ChoiceField:
    """The register's choice of status scheme: the built-in ones, then the team's."""
    field = forms.ChoiceField(
        label="Status scheme",
        choices=[(key, scheme.name) for key, scheme in schemes.items()],
        help_text="How its figures are rated against their targets. The team's own schemes "
        "are set on the status schemes page.",
    )
    known = ", ".join(schemes).replace("%", "%%")  # the message is formatted with the value
    field.error_messages["invalid_choice"] = (
        f"unknown scheme '%(value)s': name one of {known} (by its key or its name)"
    )
    return field


class IndicatorForm(GovukErrorMessages, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = "__all__"

    def __init__(
        self, *args: Any, schemes: Mapping[str, Scheme] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schemes = schemes if schemes is not None else schemes_by_key()
        if "scheme" in self.fields:
            self.fields["scheme"] = scheme_field(self.schemes)
        if "tolerance" in self.fields:
            self.fields["tolerance"].help_text = TOLERANCE_HELP
        if "in_year" in self.fields:
            self.fields["in_year"].required = False  # left out: as it is
        unit = self.fields.get("unit")
        if unit is not None:
            unit.widget = SuggestingInput(tuple(known.value for known in Unit.KNOWN))
            unit.help_text = UNIT_HELP

    def clean_unit(self) -> str:
        """Any unit (`Unit.parse`): a known one by any of its names is stored by
        its code (`working days` as `days`), any other as its label."""
        text = str(self.cleaned_data["unit"])
        try:
            return Unit.parse(text).value
        except ValueParseError as error:
            raise forms.ValidationError(_sentence(str(error))) from None

    def clean_in_year(self) -> str:
        chosen = str(self.cleaned_data.get("in_year") or "")
        return chosen or str(self.instance.in_year or InYearRating.TO_DATE)

    def clean_tolerance(self) -> str:
        text = str(self.cleaned_data["tolerance"] or "").strip()
        if not text:
            return ""  # the scheme's own
        try:
            Tolerance.parse(text)
        except ToleranceError as error:
            raise forms.ValidationError(str(error)) from None
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme = self.schemes.get(str(data.get("scheme") or self.instance.scheme or ""))
        tolerance = str(data.get("tolerance") or "")
        if scheme is not None and tolerance and "tolerance" not in self.errors:
            misfit = scheme.tolerance_misfit(Tolerance.parse(tolerance))
            if misfit:  # the scheme's bands would overlap: a status could never be given
                self.add_error("tolerance", _sentence(misfit))
        return data

    def clean_decimals(self) -> int:
        decimals = self.cleaned_data["decimals"]
        if decimals is not None and not 0 <= decimals <= MAX_DECIMALS:
            raise forms.ValidationError(
                f"a whole number of decimal places from 0 to {MAX_DECIMALS}"
            )
        return int(decimals or 0)


def _sentence(reason: str) -> str:
    """A domain reason as an error message: 'Unit ... ' rather than 'unit ...'."""
    return reason[:1].upper() + reason[1:]


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
    councils_from = forms.DateField(
        required=False,
        label="Changes to councils take effect from",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="A council added applies from this day; a council removed stops on it. "
        "It starts as the first day of the earliest quarter with no approved return. "
        "Leave blank if no return is approved yet.",
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
            "in_year",
            "comparison",
            "organisations",
            "owner",
            "effective_from",
            "retired_on",
        ]
        widgets = {
            "organisations": forms.CheckboxSelectMultiple,
            "effective_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "retired_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }
        labels = {"in_year": "Rating during the year"}
        help_texts = {
            "reference": "Short and unique, e.g. EX-02. Figures and targets are filed under it.",
            "decimals": "How many decimal places figures are shown and compared at.",
            "effective_from": "The first day it applies. Blank: since always. A new "
            "indicator starts on the first day of the earliest quarter with no approved return.",
            "retired_on": "Leave blank while it is in use. From this day a retired indicator "
            "is no longer asked for; it keeps its figures and history.",
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
            self.initial["organisations"] = [o.pk for o in councils_in_use(self.instance)]
            self.initial["councils_from"] = councils_from_default(self.instance)
        elif not self.is_bound:
            self.initial["effective_from"] = first_open_day()

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
        if not self.errors:
            self.refuse_reaching_approved(data)
        return data

    def service_area_id(self, data: dict[str, Any]) -> int | None:
        area = data.get("service_area")
        return area.id if isinstance(area, ServiceArea) else None

    def refuse_reaching_approved(self, data: dict[str, Any]) -> None:
        """Refuse a change that would change the indicators of an approved return,
        on the field that makes it (the effective-from date of a new indicator)."""
        indicator = copy.copy(self.instance)
        indicator.service_area_id = self.service_area_id(data)  # type: ignore[assignment]
        indicator.effective_from = data.get("effective_from")
        indicator.retired_on = data.get("retired_on")
        before = Applicability.of(self.instance) if self.instance.pk else None
        on = data.get("councils_from") or councils_from_default(self.instance)
        after = planned(indicator, data.get("organisations") or [], on)
        try:
            refuse_reaching_approved(before, after)
        except ReachesApproved as refused:
            self.add_error(self.reaching_field(before, after), str(refused))

    def reaching_field(self, before: Applicability | None, after: Applicability) -> str:
        if before is None or before.indicator.effective_from != after.indicator.effective_from:
            return "effective_from"
        if before.indicator.retired_on != after.indicator.retired_on:
            return "retired_on"
        if before.service_area_id != after.service_area_id:
            return "service_area"
        return "councils_from" if "councils_from" in self.fields else "organisations"

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

    def service_area_id(self, data: dict[str, Any]) -> int | None:
        """The row names its service area by directorate and name (a new one has none)."""
        return (
            ServiceArea.objects.filter(
                directorate__name=data.get("directorate"), name=data.get("service_area") or ""
            )
            .values_list("id", flat=True)
            .first()
        )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisations"]
        known = ", ".join(sorted(o.code for o in Organisation.objects.all()))
        organisations.error_messages = {
            **organisations.error_messages,
            "invalid_choice": f"unknown council %(value)s (known: {known})",
            "required": "name at least one council the indicator applies to",
        }


class TargetForm(GovukErrorMessages, forms.ModelForm):
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


class TargetsForm(GovukErrorMessages, forms.Form):
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
