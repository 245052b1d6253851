"""Reads: an indicator's figures for a council and quarter, rated by the domain
core, for the return page, the overview, the indicator page and the pack."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet

from goldenthread.domain import in_force
from goldenthread.domain.aggregation import Aggregation, Reading
from goldenthread.domain.assessment import (
    Basis,
    InYear,
    Method,
    PeriodAssessment,
    assess_period,
    period_figure,
)
from goldenthread.domain.comparison import ComparisonBasis, comparison_periods
from goldenthread.domain.exception_report import DEFAULT_RULES, ExceptionReportRules, Part
from goldenthread.domain.in_force import DaySpan
from goldenthread.domain.periods import (
    FinancialYear,
    Month,
    Period,
    PeriodError,
    Quarter,
    parse_period,
)
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import Assessment, RatingRule, Tolerance
from goldenthread.domain.schemes import Scheme
from goldenthread.domain.targets import NoTarget, NoTargetReason, Profile, Target, parse_target
from goldenthread.domain.values import Unit, Value, ValueKind, round_to
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.models import Target as TargetRow
from goldenthread.indicators.selectors import in_force_filter, links_in_force
from goldenthread.organisations.models import Organisation
from goldenthread.reporting.selectors import exception_report_rules
from goldenthread.returns.models import Commentary, Forecast, Measurement, MeasurementKind
from goldenthread.schemes.selectors import scheme_for, schemes_by_key
from goldenthread.submissions.selectors import Standing

NOT_SET = NoTarget(NoTargetReason.NOT_SET)


def method_of(indicator: Indicator, schemes: Mapping[str, Scheme] | None = None) -> Method:
    """How `indicator` is measured and rated; `schemes` (`schemes_by_key()`),
    read once for many indicators, else its scheme is read on its own."""
    scheme = schemes[indicator.scheme] if schemes is not None else scheme_for(indicator.scheme)
    return Method(
        polarity=Polarity(indicator.polarity),
        aggregation=Aggregation(indicator.aggregation),
        scheme=scheme,
        tolerance=Tolerance.parse(indicator.tolerance) if indicator.tolerance.strip() else None,
        decimals=indicator.decimals,
        unit=Unit(indicator.unit),
        in_year=InYear(indicator.in_year),
    )


def value_of(row: Measurement, unit: Unit) -> Value:
    if row.kind == MeasurementKind.NUMBER and row.amount is not None:
        amount = row.amount  # stored with 8 places; shown as entered
        if row.decimals is not None:
            amount = round_to(amount, row.decimals)
        return Value(ValueKind.NUMBER, amount, unit, row.decimals)
    if row.kind == MeasurementKind.NOT_APPLICABLE:
        return Value(ValueKind.NOT_APPLICABLE)
    return Value(ValueKind.NOT_AVAILABLE)


def forecast_value(row: Forecast | None, unit: Unit) -> Value | None:
    """A stored year-end forecast as a figure in the indicator's unit; None if none is given."""
    if row is None or row.amount is None:
        return None
    amount = row.amount if row.decimals is None else round_to(row.amount, row.decimals)
    return Value(ValueKind.NUMBER, amount, unit, row.decimals)


def rated_on_forecast(indicator: Indicator) -> bool:
    """Whether the service gives a year-end forecast for `indicator` (the register's choice)."""
    return indicator.in_year == InYear.FORECAST


def quarter_of(year: int, number: int) -> Quarter:
    return Quarter(FinancialYear(year), number)


first_day = in_force.first_day  # the first day of a month


def latest_quarter() -> Quarter:
    """The quarter of the latest monthly or quarterly figure; this quarter if none."""
    latest: datetime.date | None = Measurement.objects.filter(months__in=(1, 3)).aggregate(
        latest=Max("start")
    )["latest"]
    if latest is None:
        today = datetime.date.today()
        return Month(today.year, today.month).quarter
    return Month(latest.year, latest.month).quarter


def quarter_from(text: str | None) -> Quarter:
    """The quarter named in a query string, else the latest; bad text falls back too."""
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            return latest_quarter()
        if isinstance(period, Quarter):
            return period
        if isinstance(period, Month):
            return period.quarter
    return latest_quarter()


@dataclass(frozen=True)
class Listed:
    """A return on a person's list of returns: its standing, with the due date
    and the days overdue (`submissions.selectors.standings`); one not started is
    "Not started" until the due date, then "Overdue"."""

    standing: Standing

    @property
    def due(self) -> datetime.date | None:
        return self.standing.due_on

    @property
    def days_overdue(self) -> int:
        return self.standing.days_overdue

    @property
    def state(self) -> str:
        if self.standing.submission is None:
            return "Overdue" if self.days_overdue else "Not started"
        return self.standing.state


@dataclass
class MonthFigure:
    month: Month
    value: Value
    target: Target
    assessment: Assessment | None  # None for months after the quarter (not yet due)


@dataclass
class Figures:
    """One indicator for one organisation and quarter, with everything shown beside it."""

    indicator: Indicator
    organisation: Organisation
    quarter: Quarter
    target_text: str
    target: Target
    result: PeriodAssessment
    last_year: Value | None
    months: list[MonthFigure]
    breakdowns: dict[str, PeriodAssessment] = field(default_factory=dict)
    commentary: Commentary | None = None
    breakdown_last_year: dict[str, Value | None] = field(default_factory=dict)
    previous_quarter: Value | None = None  # the quarter before, shown beside last year
    # what an off-target figure's commentary must give (the team's reporting rules)
    exception_rules: ExceptionReportRules = DEFAULT_RULES

    @property
    def target_shown(self) -> str:
        """The target as a reader needs it: a profile's point for the quarter, else as written."""
        if isinstance(self.target, Profile):
            point = self.target.threshold_at(self.quarter.last_month.period_number)
            return f"{point} (profile, {self.quarter.last_month.label})"
        return self.target_text

    @property
    def status(self) -> str:
        return self.result.assessment.status.value

    @property
    def basis_words(self) -> str:
        """What the status was rated on where it is not the figure to date against
        the target as written: "forecast £12,800,000 against £12,780,000: Green"."""
        return self.result.basis_words(Unit(self.indicator.unit), self.indicator.decimals)

    @property
    def on_forecast(self) -> bool:
        return self.result.basis is Basis.FORECAST

    @property
    def basis_short(self) -> str:
        """Beside the status, where it was not rated on the figure to date
        against the target as written: "on the forecast", "pro rata"."""
        return _BASIS_SHORT.get(self.result.basis, "")

    @property
    def off_target(self) -> bool:
        return self.result.assessment.status.off_target

    @property
    def commentary_required(self) -> tuple[Part, ...]:
        """The parts of the commentary this figure's status requires."""
        return self.exception_rules.required(self.result.assessment.status)

    @property
    def commentary_missing(self) -> tuple[Part, ...]:
        """The required parts not yet given (blocking the return's submission)."""
        given = None
        if self.commentary is not None:
            given = {part.value: str(getattr(self.commentary, part.value)) for part in Part}
        return self.exception_rules.missing(self.result.assessment.status, given)

    @property
    def needs_commentary(self) -> bool:
        return bool(self.commentary_missing)


_BASIS_SHORT = {
    Basis.FORECAST: "on the forecast",
    Basis.PRO_RATA: "pro rata",
    Basis.NO_FORECAST: "no forecast given",
}


def parts_in_words(parts: Sequence[Part]) -> str:
    """Commentary parts as a sentence names them: "the reasons and the remedial actions"."""
    named = [f"the {part.label.lower()}" for part in parts]
    return " and ".join([", ".join(named[:-1]), named[-1]] if len(named) > 1 else named)


class _Store:
    """Measurements of many indicators and organisations, loaded in one query."""

    def __init__(self, rows: Iterable[Measurement], units: dict[int, Unit]) -> None:
        self.monthly: dict[tuple[int, int, str], dict[Month, Reading]] = defaultdict(dict)
        self.spans: dict[tuple[int, int, str, datetime.date, int], Value] = {}
        for row in rows:
            value = value_of(row, units[row.indicator_id])
            key = (row.indicator_id, row.organisation_id, row.breakdown)
            if row.months == 1:
                reading = Reading(value, row.numerator, row.denominator)
                self.monthly[key][Month(row.start.year, row.start.month)] = reading
            else:
                self.spans[(*key, row.start, row.months)] = value

    def months(self, key: tuple[int, int, str]) -> dict[Month, Reading]:
        return self.monthly.get(key, {})

    def reported(self, key: tuple[int, int, str], period: Period) -> Value | None:
        return self.spans.get((*key, first_day(period.first_month), period.month_count))

    def figure(self, key: tuple[int, int, str], period: Period, method: Method) -> Value | None:
        months = self.months(key)
        reported = self.reported(key, period)
        if reported is None and not any(m in months for m in period.months()):
            return None
        value, _ = period_figure(period, months, method, reported)
        return value if value.amount is not None else None


def _comparison(
    store: _Store, key: tuple[int, int, str], indicator: Indicator, quarter: Quarter, method: Method
) -> tuple[Value | None, Period, Value | None]:
    """(comparison figure, the period it is for, last year's outturn), by the
    indicator's comparison basis (`goldenthread.domain.comparison`)."""
    last_year_period = quarter.financial_year.previous()
    last_year = store.figure(key, last_year_period, method)
    periods = comparison_periods(ComparisonBasis(indicator.comparison), quarter)
    for period in periods:
        value = last_year if period == last_year_period else store.figure(key, period, method)
        if value is not None or period == periods[-1]:
            return value, period, last_year
    raise AssertionError("a comparison basis names at least one period")


def _assess(
    store: _Store,
    key: tuple[int, int, str],
    indicator: Indicator,
    quarter: Quarter,
    method: Method,
    target: Target,
    forecast: Value | None = None,
) -> tuple[PeriodAssessment, Value | None]:
    """The quarter rated and compared, and last year's outturn, for one total or
    part; `forecast`, the year-end forecast given for the total."""
    comparison, comparison_period, last_year = _comparison(store, key, indicator, quarter, method)
    assessed = assess_period(
        quarter,
        method,
        target,
        months=store.months(key),
        reported=store.reported(key, quarter),
        comparison=comparison,
        comparison_period=comparison_period,
        forecast=forecast,
    )
    return assessed, last_year


def parsed_target(text: str | None) -> Target:
    if text is None:
        return NOT_SET
    try:
        return parse_target(text)
    except ValueError:  # stored targets are validated on save; never fail a page on one
        return NOT_SET


def figures_for(
    *,
    quarter: Quarter,
    indicators: Sequence[Indicator],
    organisations: Sequence[Organisation],
    with_months: bool = True,
    pending: Sequence[Measurement] = (),
    pending_forecasts: Mapping[int, Value | None] | None = None,
) -> list[Figures]:
    """Figures for every (indicator, organisation) pair where the indicator applies.

    `pending` measurements (unsaved: a return as the officer is typing it)
    stand in for the stored ones for the same month or period, and
    `pending_forecasts` (indicator id: the forecast typed, None if blank) for
    the stored year-end forecasts of the one council shown. The measurements
    are read in one query, from the start of last year (last year's outturn, the
    previous quarter) to the end of this one.
    """
    if not indicators or not organisations:
        return []
    year = quarter.financial_year
    indicator_ids = [i.id for i in indicators]
    organisation_ids = [o.id for o in organisations]
    units = {i.id: Unit(i.unit) for i in indicators}
    rows = Measurement.objects.filter(
        indicator_id__in=indicator_ids,
        organisation_id__in=organisation_ids,
        start__gte=first_day(year.previous().first_month),
        start__lte=first_day(year.last_month),
    )
    store = _Store([*rows, *pending], units)  # pending rows come last, so they win
    targets = {
        (t.indicator_id, t.organisation_id): t.text
        for t in TargetRow.objects.filter(
            indicator_id__in=indicator_ids,
            organisation_id__in=organisation_ids,
            year=year.start_year,
        )
    }
    commentary = {
        (c.indicator_id, c.organisation_id): c
        for c in Commentary.objects.filter(
            indicator_id__in=indicator_ids,
            organisation_id__in=organisation_ids,
            year=year.start_year,
            quarter=quarter.number,
        )
    }
    forecasts = {
        (f.indicator_id, f.organisation_id): forecast_value(f, units[f.indicator_id])
        for f in Forecast.objects.filter(
            indicator_id__in=[i.id for i in indicators if rated_on_forecast(i)],
            organisation_id__in=organisation_ids,
            year=year.start_year,
            quarter=quarter.number,
        )
    }
    for indicator_id, typed in (pending_forecasts or {}).items():
        for organisation_id in organisation_ids:
            forecasts[(indicator_id, organisation_id)] = typed
    applies = set(  # only the pairs in force in the quarter are rated
        links_in_force(quarter)
        .filter(indicator_id__in=indicator_ids, organisation_id__in=organisation_ids)
        .values_list("indicator_id", "organisation_id")
    )
    exception_rules = exception_report_rules()
    schemes = schemes_by_key()
    result = []
    for indicator in indicators:
        method = method_of(indicator, schemes)
        breakdowns = [b.name for b in indicator.breakdowns.all()]
        for organisation in organisations:
            if (indicator.id, organisation.id) not in applies:
                continue
            text = targets.get((indicator.id, organisation.id))
            target = parsed_target(text)
            key = (indicator.id, organisation.id, "")
            forecast = forecasts.get((indicator.id, organisation.id))
            assessed, last_year = _assess(store, key, indicator, quarter, method, target, forecast)
            parts = {}
            parts_last_year = {}
            for name in breakdowns:  # each part compared like the total, with its own outturn
                part = (indicator.id, organisation.id, name)
                parts[name], parts_last_year[name] = _assess(
                    store, part, indicator, quarter, method, target
                )
            result.append(
                Figures(
                    indicator=indicator,
                    organisation=organisation,
                    quarter=quarter,
                    target_text=text or "",
                    target=target,
                    result=assessed,
                    last_year=last_year,
                    months=_months(store, key, quarter, method, target) if with_months else [],
                    breakdowns=parts,
                    commentary=commentary.get((indicator.id, organisation.id)),
                    breakdown_last_year=parts_last_year,
                    exception_rules=exception_rules,
                    previous_quarter=store.figure(key, quarter.previous(), method),
                )
            )
    return result


def _months(
    store: _Store, key: tuple[int, int, str], quarter: Quarter, method: Method, target: Target
) -> list[MonthFigure]:
    """The year's months against the target (a profile's point for each month)."""
    readings = store.months(key)
    figures = []
    for month in quarter.financial_year.months():
        reading = readings.get(month)
        value = reading.value if reading else Value(ValueKind.NOT_AVAILABLE)
        point = target.threshold_at(month.period_number) if isinstance(target, Profile) else target
        due = month <= quarter.last_month
        rule = RatingRule(
            point, method.polarity, method.scheme, method.tolerance, None, method.decimals
        )
        figures.append(MonthFigure(month, value, point, rule.assess(value) if due else None))
    return figures


def applicable_indicators(
    span: Quarter | DaySpan,
    *,
    organisation: Organisation | None = None,
    service_area_id: int | None = None,
) -> QuerySet[Indicator]:
    """Indicators that apply in `span` (a quarter), optionally for one organisation
    or service area: the indicator and its link to the council both in force in
    it (`goldenthread.domain.in_force`), so an approved quarter keeps its set."""
    links = links_in_force(span)
    if organisation is not None:
        links = links.filter(organisation=organisation)
    query = Indicator.objects.filter(in_force_filter(span), id__in=links.values("indicator_id"))
    if service_area_id is not None:
        query = query.filter(service_area_id=service_area_id)
    return query.select_related("service_area__directorate").prefetch_related("breakdowns")
