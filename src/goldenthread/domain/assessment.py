"""An indicator's figure for a period, rated and compared: what every page,
return and pack shows for one indicator, council and quarter.

The period's figure is the one reported for the whole period if there is one
(a quarter reported as a whole), otherwise the months aggregated by the
indicator's method; it is rated against the target (a profile at the period's
last month) and compared with the comparison figure, like for like.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from goldenthread.domain.aggregation import Aggregation, AggregationError, Reading, aggregate
from goldenthread.domain.aggregation import like_for_like as _like_for_like
from goldenthread.domain.direction import Travel, direction_of_travel
from goldenthread.domain.periods import Month, Period
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import DEFAULT_TOLERANCE, Assessment, RatingRule, Scheme, Tolerance
from goldenthread.domain.targets import Target
from goldenthread.domain.values import NOT_AVAILABLE, Unit, Value


@dataclass(frozen=True, slots=True)
class Method:
    """How an indicator is measured and rated (from the register)."""

    polarity: Polarity
    aggregation: Aggregation
    scheme: Scheme = Scheme.RAG
    tolerance: Tolerance = DEFAULT_TOLERANCE
    decimals: int | None = None
    unit: Unit | None = None


@dataclass(frozen=True, slots=True)
class PeriodAssessment:
    """The figure, its rating, and its direction of travel."""

    value: Value
    assessment: Assessment
    travel: Travel
    comparison: Value | None = None  # like for like with the value
    problem: str = ""  # why the months could not be combined, if they could not


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
) -> PeriodAssessment:
    """Rate one indicator for one organisation and period.

    `months` holds whatever monthly readings exist (missing months are not yet
    available); `reported` is a figure reported for the whole period, which
    wins; `comparison` is the figure for `comparison_period` (by default a
    whole year: last year's outturn), made like for like before it is compared.
    """
    value, problem = period_figure(period, months, method, reported)
    if comparison is not None:
        comparison = _like_for_like(
            comparison,
            method.aggregation,
            months=months_covered(period, method.aggregation),
            comparison_months=12
            if comparison_period is None
            else months_covered(comparison_period, method.aggregation),
        )
    rule = RatingRule(
        target,
        method.polarity,
        method.scheme,
        method.tolerance,
        period.last_month.period_number,
        method.decimals,
    )
    return PeriodAssessment(
        value=value,
        assessment=rule.assess(value, comparison),
        travel=direction_of_travel(
            value, comparison, polarity=method.polarity, decimals=method.decimals
        ),
        comparison=comparison,
        problem=problem,
    )
