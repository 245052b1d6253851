"""The data return form: one field per indicator, breakdown and month (or
whole period), numerator and denominator for ratios, and the commentary.
Every figure is read by the domain core's `domain.figures`, as in a spreadsheet."""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django import forms

from goldenthread.domain import figures
from goldenthread.domain.exception_report import Part
from goldenthread.domain.figures import FigureError
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.values import Unit, Value, ValueKind, round_to
from goldenthread.indicators.models import AggregationChoice, Frequency, Indicator
from goldenthread.pages.forms import GovukErrorMessages
from goldenthread.returns.feeds import fed
from goldenthread.returns.models import Commentary, Forecast, Measurement, MeasurementKind
from goldenthread.returns.selectors import first_day, rated_on_forecast
from goldenthread.returns.services import (
    COMMENTARY_PART_NAMES,
    CommentaryEntry,
    CommentaryMissing,
    Entry,
    ForecastEntry,
    ReturnError,
)

FORECAST_HINT = (
    "Where you expect the year to end. The status compares it with the annual target. "
    "Leave blank if you cannot say yet: the figure to date is rated instead."
)


@dataclass(frozen=True)
class Slot:
    """Where one figure goes: an indicator's breakdown and span of months."""

    indicator: Indicator
    breakdown: str
    start: datetime.date
    months: int
    label: str

    @functools.cached_property  # read for every field of every slot: made once
    def key(self) -> str:
        part = self.breakdown.replace(" ", "_")
        return f"i{self.indicator.id}-{part or 'total'}-{self.start:%Y%m}-{self.months}"

    @property
    def ratio(self) -> bool:
        return self.indicator.aggregation == AggregationChoice.RATIO


def slots_for(indicator: Indicator, quarter: Quarter) -> list[Slot]:
    """The figures a return asks for: each month for monthly indicators, the
    quarter for quarterly ones, the year for annual ones; for the total and
    each breakdown."""
    if indicator.frequency == Frequency.MONTHLY:
        spans = [(m, 1, m.label) for m in quarter.months()]
    elif indicator.frequency == Frequency.QUARTERLY:
        spans = [(quarter.first_month, 3, quarter.label)]
    else:
        year: FinancialYear = quarter.financial_year
        spans = [(year.first_month, 12, year.label)]
    names = ["", *(b.name for b in indicator.breakdowns.all())]
    return [
        Slot(indicator, name, first_day(month), months, label)
        for name in names
        for month, months, label in spans
    ]


def typed_slots(indicator: Indicator, quarter: Quarter, fed_ids: Container[int]) -> list[Slot]:
    """The figures a return asks to be typed: none of an indicator whose figures
    another module records (`returns.feeds`)."""
    return [] if indicator.id in fed_ids else slots_for(indicator, quarter)


def entered_text(row: Measurement | None, unit: Unit) -> str:
    """A stored figure as the officer would type it back."""
    if row is None or row.kind == MeasurementKind.NOT_AVAILABLE:
        return ""
    if row.kind == MeasurementKind.NOT_APPLICABLE:
        return "n/a"
    amount = round_to(row.amount, row.decimals)
    return f"{amount:f}{'%' if unit is Unit.PERCENT else ''}"


def forecast_text(row: Forecast | None, unit: Unit) -> str:
    """A stored year-end forecast as the officer would type it back."""
    if row is None or row.amount is None:
        return ""
    amount = round_to(row.amount, row.decimals)
    return f"{amount:f}{'%' if unit is Unit.PERCENT else ''}"


def forecast_key(indicator: Indicator) -> str:
    """The name of an indicator's year-end forecast field."""
    return f"i{indicator.id}-forecast"


def read_forecast(text: str, unit: Unit) -> Value | None:
    """A year-end forecast as typed, in the indicator's unit; None when blank.
    ValidationError when it is not a figure (n/a is not a forecast)."""
    value = read_figure(text, unit)
    if value.kind is ValueKind.NOT_AVAILABLE:
        return None
    if not value.is_number:
        raise forms.ValidationError("enter the forecast as a figure, or leave it blank")
    return value


def read_figure(text: str, unit: Unit) -> Value:
    """A figure as typed, in the indicator's unit (`domain.figures.read_figure`);
    ValidationError says why it cannot be read."""
    try:
        return figures.read_figure(text, unit)
    except FigureError as error:
        raise forms.ValidationError(str(error)) from None


def _number(text: str) -> Decimal | None:
    try:
        return figures.read_number(text)
    except FigureError as error:
        raise forms.ValidationError(str(error)) from None


class ReturnForm(GovukErrorMessages, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: object,
        indicators: list[Indicator],
        quarter: Quarter,
        loaded: Mapping[str, str] | None = None,
        **kwargs: object,
    ) -> None:
        """`loaded`: the fields' texts when the page was opened (returns.conflicts),
        so that a save changes only what the person changed; None if not known
        (then every field counts as changed, as in a spreadsheet import)."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.indicators = indicators
        self.quarter = quarter
        self.loaded = loaded
        self.fed = fed(i.id for i in indicators)  # read from another module, not typed
        self.slots = {i.id: typed_slots(i, quarter, self.fed) for i in indicators}
        self._units: dict[str, Unit] = {}  # figure fields, read in the indicator's unit
        for indicator in indicators:
            for slot in self.slots[indicator.id]:
                self._units[slot.key] = Unit(indicator.unit)
                name = f" ({slot.breakdown})" if slot.breakdown else ""
                self.fields[slot.key] = forms.CharField(
                    required=False, max_length=50, label=f"{indicator.title}{name}, {slot.label}"
                )
                if slot.ratio:
                    self.fields[f"{slot.key}-num"] = forms.CharField(
                        required=False,
                        max_length=30,
                        label=f"{indicator.title}{name}, {slot.label}, numerator",
                    )
                    self.fields[f"{slot.key}-den"] = forms.CharField(
                        required=False,
                        max_length=30,
                        label=f"{indicator.title}{name}, {slot.label}, denominator",
                    )
            if rated_on_forecast(indicator) and indicator.id not in self.fed:
                key = forecast_key(indicator)
                self._units[key] = Unit(indicator.unit)
                self.fields[key] = forms.CharField(
                    required=False,
                    max_length=50,
                    label=f"{indicator.title}, year-end forecast",
                    help_text=FORECAST_HINT,
                )
            for part in Part:
                field = forms.CharField(
                    required=False,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    label=f"{indicator.title}: {part.label.lower()}",
                )
                field.commentary_part = part  # type: ignore[attr-defined]  # for the page
                self.fields[f"i{indicator.id}-{part}"] = field

    @classmethod
    def initial_for(
        cls, indicators: list[Indicator], quarter: Quarter, organisation_id: int, version: int
    ) -> dict[str, object]:
        """The stored figures and commentary, as the fields show them."""
        initial: dict[str, object] = {"version": version}
        year = quarter.financial_year
        rows = {
            (m.indicator_id, m.breakdown, m.start, m.months): m
            for m in Measurement.objects.filter(
                indicator__in=indicators,
                organisation_id=organisation_id,
                start__gte=first_day(year.first_month),
                start__lte=first_day(year.last_month),
            )
        }
        fed_ids = fed(i.id for i in indicators)
        for indicator in indicators:
            unit = Unit(indicator.unit)
            for slot in typed_slots(indicator, quarter, fed_ids):
                row = rows.get((indicator.id, slot.breakdown, slot.start, slot.months))
                initial[slot.key] = entered_text(row, unit)
                if slot.ratio and row is not None:
                    initial[f"{slot.key}-num"] = (
                        "" if row.numerator is None else f"{row.numerator.normalize():f}"
                    )
                    initial[f"{slot.key}-den"] = (
                        "" if row.denominator is None else f"{row.denominator.normalize():f}"
                    )
        on_forecast = {i.id: i for i in indicators if rated_on_forecast(i)}
        for row in Forecast.objects.filter(
            indicator_id__in=list(on_forecast),
            organisation_id=organisation_id,
            year=year.start_year,
            quarter=quarter.number,
        ):
            indicator = on_forecast[row.indicator_id]
            initial[forecast_key(indicator)] = forecast_text(row, Unit(indicator.unit))
        for c in Commentary.objects.filter(
            indicator__in=indicators,
            organisation_id=organisation_id,
            year=year.start_year,
            quarter=quarter.number,
        ):
            initial[f"i{c.indicator_id}-reasons"] = c.reasons
            initial[f"i{c.indicator_id}-difference"] = c.difference
            initial[f"i{c.indicator_id}-remedial_actions"] = c.remedial_actions
        return initial

    def field_groups(self) -> list[tuple[str, ...]]:
        """The fields in the order the page shows them, in the groups that are kept
        or taken whole: a figure with its numerator and denominator; each part of
        an indicator's commentary on its own."""
        groups: list[tuple[str, ...]] = []
        for indicator in self.indicators:
            groups += [self.slot_fields(slot) for slot in self.slots[indicator.id]]
            if forecast_key(indicator) in self.fields:
                groups.append((forecast_key(indicator),))
            groups += [(f"i{indicator.id}-{part}",) for part in COMMENTARY_PART_NAMES]
        return groups

    @staticmethod
    def slot_fields(slot: Slot) -> tuple[str, ...]:
        return (slot.key, f"{slot.key}-num", f"{slot.key}-den") if slot.ratio else (slot.key,)

    def posted(self, name: str) -> str:
        """A field's text as posted."""
        return str(self.data.get(name, "") or "")

    def changed(self, names: Iterable[str]) -> bool:
        """Whether the person changed any of these fields from what the page showed
        when it was opened (True when that is not known)."""
        if self.loaded is None:
            return True
        return any(not self.same(n, self.posted(n), self.loaded.get(n, "")) for n in names)

    def same(self, name: str, text: str, other: str) -> bool:
        """Whether two texts of a field say the same: '99.99' and '99.99%' are one
        figure in a percentage field; commentary is compared as it is stored."""
        return self._meaning(name, text) == self._meaning(name, other)

    def _meaning(self, name: str, text: str) -> object:
        text = text.replace("\r\n", "\n").strip()
        try:
            if name in self._units:
                return read_figure(text, self._units[name])
            if name.endswith(("-num", "-den")):
                return _number(text)
        except forms.ValidationError:
            pass
        return text

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        self.entries: list[Entry] = []
        self.changed_entries: list[Entry] = []  # those the person changed
        for indicator in self.indicators:
            for slot in self.slots[indicator.id]:
                entry = self._entry(slot, data)
                if entry is not None:
                    self.entries.append(entry)
                    if self.changed(self.slot_fields(slot)):
                        self.changed_entries.append(entry)
        self.forecasts: list[ForecastEntry] = []
        self.changed_forecasts: list[ForecastEntry] = []
        for indicator in self.indicators:
            forecast = self._forecast(indicator, data)
            if forecast is not None:
                self.forecasts.append(forecast)
                if self.changed([forecast_key(indicator)]):
                    self.changed_forecasts.append(forecast)
        self.commentary = [
            CommentaryEntry(
                indicator=i,
                reasons=str(data.get(f"i{i.id}-reasons", "")),
                difference=str(data.get(f"i{i.id}-difference", "")),
                remedial_actions=str(data.get(f"i{i.id}-remedial_actions", "")),
            )
            for i in self.indicators
        ]
        self.changed_commentary: list[CommentaryEntry] = []  # only the parts changed
        for note in self.commentary:
            prefix = f"i{note.indicator.id}-"
            parts = frozenset(p for p in COMMENTARY_PART_NAMES if self.changed([prefix + p]))
            if parts:
                self.changed_commentary.append(dataclasses.replace(note, parts=parts))
        return data

    def _entry(self, slot: Slot, data: dict[str, object]) -> Entry | None:
        unit = Unit(slot.indicator.unit)
        label = self.fields[slot.key].label
        try:
            value = read_figure(str(data.get(slot.key, "") or ""), unit)
        except forms.ValidationError as error:
            self.add_error(slot.key, f"{label}: {error.messages[0]}")
            return None
        numerator = denominator = None
        if slot.ratio:
            try:
                numerator = _number(str(data.get(f"{slot.key}-num", "") or ""))
                denominator = _number(str(data.get(f"{slot.key}-den", "") or ""))
            except forms.ValidationError as error:
                self.add_error(
                    f"{slot.key}-num",
                    f"{label}: numerator and denominator {error.messages[0]}",
                )
                return None
            if value.is_number and (numerator is None or denominator is None):
                self.add_error(
                    f"{slot.key}-num",
                    f"{label}: enter the numerator and denominator of the figure",
                )
                return None
            if denominator == 0:
                self.add_error(f"{slot.key}-den", f"{label}: the denominator cannot be 0")
                return None
        return Entry(
            slot.indicator, slot.breakdown, slot.start, slot.months, value, numerator, denominator
        )

    def _forecast(self, indicator: Indicator, data: dict[str, object]) -> ForecastEntry | None:
        """The year-end forecast typed for `indicator` (None where it takes none,
        or where what was typed is refused: the error is added)."""
        key = forecast_key(indicator)
        if key not in self.fields:
            return None
        try:
            value = read_forecast(str(data.get(key, "") or ""), Unit(indicator.unit))
        except forms.ValidationError as error:
            self.add_error(key, f"{self.fields[key].label}: {error.messages[0]}")
            return None
        return ForecastEntry(indicator, value)

    def forecast_fields(self) -> list[str]:
        """The names of the year-end forecast fields, in the page's order."""
        return [forecast_key(i) for i in self.indicators if forecast_key(i) in self.fields]

    def refused(self, error: ReturnError) -> None:
        """Show why a save or submit was refused: above the form, and each part of
        an exception report left blank on its own field (so the summary links to it)."""
        self.add_error(None, str(error))
        if isinstance(error, CommentaryMissing):
            for indicator, part, message in error.missing:
                name = f"i{indicator.id}-{part.value}"
                if name in self.fields:
                    self.add_error(name, message)

    def errors_of(self, indicator: Indicator) -> list[str]:
        """The messages about one indicator's fields."""
        prefix = f"i{indicator.id}-"
        return [
            message
            for name, messages in self.errors.items()
            if name.startswith(prefix)
            for message in messages
        ]

    def errors_for_summary(self) -> list[tuple[str, str]]:
        """(field id, message) pairs for the GOV.UK error summary."""
        return [
            (f"id_{name}" if name != "__all__" else "", message)
            for name, messages in self.errors.items()
            for message in messages
        ]
