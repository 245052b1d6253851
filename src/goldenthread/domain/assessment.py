"""An indicator's figure for a period, rated and compared: what every page,
return and pack shows for one indicator, council and quarter.

The period's figure is the one reported for the whole period if there is one
(a quarter reported as a whole), otherwise the months aggregated by the
indicator's method; it is rated against the target (a profile at the period's
last month) and compared with the comparison figure, like for like.

During the year an annual target can be met in three ways (`InYear`, the
register's choice): the figure to date against the target as written (or its
profile point); a summed or cumulative figure against the annual target pro
rata (3 months of £12.78M is £3.195M); or the year-end forecast the service
gives against the annual target (a profile's last point). The direction of
travel is always the figure to date's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from goldenthread.domain.aggregation import (
    Aggregation,
    AggregationError,
    Reading,
    aggregate,
    pro_rata,
)
from goldenthread.domain.aggregation import like_for_like as _like_for_like
from goldenthread.domain.direction import Travel, direction_of_travel
from goldenthread.domain.periods import Month, Period
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import Assessment, RatingRule, Scheme, Tolerance
from goldenthread.domain.targets import NoTarget, Profile, Target, Threshold
from goldenthread.domain.values import NOT_AVAILABLE, Unit, Value, format_amount


class InYear(StrEnum):
    """How a figure during the year is rated against an annual target: the figure
    to date against the target as written (or its profile point), against the
    annual target pro rata (summed and cumulative figures), or the year-end
    forecast the service gives against the annual target."""

    TO_DATE = "to-date"
    PRO_RATA = "pro-rata"
    FORECAST = "forecast"


class Basis(StrEnum):
    """What a period's status was rated on, as the pages and the pack say it."""

    TO_DATE = "to date"
    PRO_RATA = "to date, pro rata"
    FORECAST = "on the forecast"
    NO_FORECAST = "no forecast given: rated to date"


@dataclass(frozen=True, slots=True)
class Method:
    """How an indicator is measured and rated (from the register)."""

    polarity: Polarity
    aggregation: Aggregation
    scheme: Scheme = Scheme.RAG
    tolerance: Tolerance | None = None  # the indicator's own: wins over the scheme's
    decimals: int | None = None
    unit: Unit | None = None
    in_year: InYear = InYear.TO_DATE


@dataclass(frozen=True, slots=True)
class PeriodAssessment:
    """The figure, its rating, and its direction of travel (the figure to date's);
    `basis` says what the status was rated on: the figure to date, the figure
    to date against the annual target pro rata (`annual` the target, `months`
    the months covered), or the year-end `forecast`."""

    value: Value
    assessment: Assessment
    travel: Travel
    comparison: Value | None = None  # like for like with the value
    problem: str = ""  # why the months could not be combined, if they could not
    basis: Basis = Basis.TO_DATE
    forecast: Value | None = None  # the year-end forecast given, if any
    annual: Decimal | None = None  # the annual target, where rated pro rata or on a forecast
    months: int = 12  # the months the figure to date covers (pro rata)

    def basis_words(self, unit: Unit | None = None, decimals: int | None = None) -> str:
        """What the status was rated on, in words ('' when rated to date as
        written): "forecast £12,800,000 against £12,780,000: Green"; "rated to
        date against the annual target pro rata: £3,200,000 against £3,195,000
        (3 months of £12,780,000)"; "no forecast given: rated to date"."""
        status, target = self.assessment.status, self.assessment.target
        unit = unit or self.value.unit
        if self.basis is Basis.NO_FORECAST:
            return self.basis.value
        if self.basis is Basis.FORECAST and self.forecast is not None:
            amount = self.forecast.number()
            words = f"forecast {format_amount(amount, unit, decimals)}"
            if target is not None:
                words += f" against {format_amount(target, unit, decimals)}"
            return f"{words}: {status.label}"
        if self.basis is Basis.PRO_RATA and target is not None and self.annual is not None:
            value = self.value.amount
            shown = format_amount(value, unit, decimals) if value is not None else str(self.value)
            return (
                f"rated to date against the annual target pro rata: {shown} against "
                f"{format_amount(target, unit, decimals)} ({self.months} "
                f"month{'s' if self.months != 1 else ''} of {format_amount(self.annual, unit)})"
            )
        return ""


def period_figure(
    period: Period, months: Mapping[Month, Reading], method: Method, reported: Value | None
) -> tuple[Value, str]:
    """The period's figure and, if the months cannot be combined, why not."""
    if reported is not None:
        return reported, ""
    readings = [months.get(month, Reading(NOT_AVAILABLE)) for month in period.months()]
    try:
        value = aggregate(readings, method.aggregation)
    except AggregationError as error:
        return NOT_AVAILABLE, str(error)
    if value.is_number and method.decimals is not None:  # shown as the register says
        value = replace(value, decimals=method.decimals)
    return value, ""


def months_covered(period: Period, aggregation: Aggregation) -> int:
    """How many months a period's figure covers: a cumulative figure covers the
    financial year so far (June's covers April to June, September's six months)."""
    if aggregation is Aggregation.CUMULATIVE:
        return period.last_month.period_number
    return period.month_count


def assess_period(
    period: Period,
    method: Method,
    target: Target,
    *,
    months: Mapping[Month, Reading],
    reported: Value | None = None,
    comparison: Value | None = None,
    comparison_period: Period | None = None,
    forecast: Value | None = None,
) -> PeriodAssessment:
    """Rate one indicator for one organisation and period.

    `months` holds whatever monthly readings exist (missing months are not yet
    available); `reported` is a figure reported for the whole period, which
    wins; `comparison` is the figure for `comparison_period` (by default a
    whole year: last year's outturn), made like for like before it is compared.
    `forecast` is the year-end forecast the service gives, used where the
    indicator is rated on one (`Method.in_year`).
    """
    value, problem = period_figure(period, months, method, reported)
    whole_year = comparison
    covered = months_covered(period, method.aggregation)
    if comparison is not None:
        comparison = _like_for_like(
            comparison,
            method.aggregation,
            months=covered,
            comparison_months=12
            if comparison_period is None
            else months_covered(comparison_period, method.aggregation),
        )
    if comparison_period is not None and comparison_period.month_count != 12:
        whole_year = None  # a forecast is compared only with a whole year
    travel = direction_of_travel(
        value, comparison, polarity=method.polarity, decimals=method.decimals
    )
    basis, annual = _basis(method, value, target, forecast)
    if basis is Basis.FORECAST:
        assert forecast is not None
        annual_target = target.threshold_at(12) if isinstance(target, Profile) else target
        rated, against = forecast, whole_year
        rule = _rule(method, annual_target, 12)
    elif basis is Basis.PRO_RATA:
        assert isinstance(target, Threshold)
        share = replace(target, amount=pro_rata(target.amount, months=covered))
        rated, against = value, comparison
        rule = _rule(method, share, None)
    else:
        rated, against = value, comparison
        rule = _rule(method, target, period.last_month.period_number)
    return PeriodAssessment(
        value=value,
        assessment=rule.assess(rated, against),
        travel=travel,
        comparison=comparison,
        problem=problem,
        basis=basis,
        forecast=forecast if basis is Basis.FORECAST else None,
        annual=annual,
        months=covered,
    )


def _basis(
    method: Method, value: Value, target: Target, forecast: Value | None
) -> tuple[Basis, Decimal | None]:
    """What the period is rated on, and the annual target where it is not the
    target as written: a forecast where the register says so and a figure to
    date and a target are given (without a forecast: to date, saying none was given); pro
    rata only for summed and cumulative figures against a target figure."""
    if method.in_year is InYear.FORECAST and value.is_number and not isinstance(target, NoTarget):
        if forecast is None or not forecast.is_number:
            return Basis.NO_FORECAST, None
        annual = target.threshold_at(12) if isinstance(target, Profile) else target
        return Basis.FORECAST, annual.amount if isinstance(annual, Threshold) else None
    if (
        method.in_year is InYear.PRO_RATA
        and method.aggregation in (Aggregation.SUM, Aggregation.CUMULATIVE)
        and isinstance(target, Threshold)
    ):
        return Basis.PRO_RATA, target.amount
    return Basis.TO_DATE, None


def _rule(method: Method, target: Target, period_number: int | None) -> RatingRule:
    return RatingRule(
        target,
        method.polarity,
        method.scheme,
        method.tolerance,
        period_number,
        method.decimals,
    )
