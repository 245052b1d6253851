"""Annual targets rated during the year: on the year-end forecast, or the
figure to date against the annual target pro rata (`domain.assessment.InYear`).

Seed 001 (lines 623, 666-669): the pack calls Havering's property and
commercial income indicators green, "on track to achieve its target", in Q1
against annual targets; Havering's council tax arrears reduction green at
6.36% (cumulative) against 19.00% for the year (line 671).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.aggregation import Aggregation, Reading
from goldenthread.domain.assessment import Basis, InYear, Method, assess_period
from goldenthread.domain.direction import Direction
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import Status
from goldenthread.domain.schemes import Scheme
from goldenthread.domain.targets import parse_target
from goldenthread.domain.values import NOT_APPLICABLE, NOT_AVAILABLE, Unit, Value, parse_value

YEAR = FinancialYear(2019)
Q1, Q2 = Quarter(YEAR, 1), Quarter(YEAR, 2)
INCOME = Method(Polarity.UP, Aggregation.SUM, decimals=0, unit=Unit.MONEY)
ON_FORECAST = Method(
    Polarity.UP, Aggregation.SUM, decimals=0, unit=Unit.MONEY, in_year=InYear.FORECAST
)
PRO_RATA = Method(
    Polarity.UP, Aggregation.SUM, decimals=0, unit=Unit.MONEY, in_year=InYear.PRO_RATA
)
ARREARS = Method(Polarity.UP, Aggregation.CUMULATIVE, decimals=2, in_year=InYear.PRO_RATA)


def rated(method: Method, target: str, figure: str, forecast: str | None = None, **kw: object):
    return assess_period(
        kw.pop("quarter", Q1),  # type: ignore[arg-type]
        method,
        parse_target(target),
        months={},
        reported=parse_value(figure),
        forecast=parse_value(forecast) if forecast is not None else None,
        **kw,  # type: ignore[arg-type]
    )


def test_seed_001_capital_receipts_to_date_are_red_against_the_year() -> None:
    """As today (to date): £28K in Q1 against £12.78M for the year is red."""
    result = rated(INCOME, "£12.78M", "£28K", forecast="£12.8M")
    assert result.assessment.status is Status.RED
    assert result.basis is Basis.TO_DATE
    assert result.forecast is None  # a forecast counts only where the register says so
    assert result.basis_words(Unit.MONEY, 0) == ""


def test_seed_001_capital_receipts_on_the_forecast_are_on_track() -> None:
    """Issue 17: "forecast £12.8M against £12.78M: on track", in the scheme's label."""
    result = rated(ON_FORECAST, "£12.78M", "£28K", forecast="£12.8M")
    assert result.assessment.status is Status.GREEN
    assert result.basis is Basis.FORECAST
    assert result.assessment.target == Decimal("12780000")
    assert result.value == parse_value("£28K")  # the figure shown stays the figure to date
    assert result.forecast == parse_value("£12.8M")
    assert result.basis_words(Unit.MONEY, 0) == "forecast £12,800,000 against £12,780,000: Green"


@pytest.mark.parametrize(
    ("forecast", "status"),
    [
        pytest.param("£3.15M", Status.GREEN, id="at-the-target"),
        pytest.param("£3M", Status.AMBER, id="4.8%-short"),
        pytest.param("£2.99M", Status.RED, id="5.1%-short"),
    ],
)
def test_the_forecast_is_rated_by_the_scheme_and_tolerance(forecast: str, status: Status) -> None:
    """Havering's commercial income, £250K in Q1 against £3.15M (seed 001 line 667)."""
    assert rated(ON_FORECAST, "£3.15M", "£250K", forecast=forecast).assessment.status is status


def test_the_forecast_takes_the_schemes_own_labels() -> None:
    method = Method(
        Polarity.UP,
        Aggregation.SUM,
        scheme=Scheme.ACHIEVED_FAILED,
        unit=Unit.MONEY,
        in_year=InYear.FORECAST,
    )
    result = rated(method, "£3.15M", "£250K", forecast="£3.1M")
    assert result.assessment.status is Status.FAILED
    assert result.basis_words(Unit.MONEY, 0).endswith(": Failed")


def test_no_forecast_given_is_rated_to_date_and_says_so() -> None:
    result = rated(ON_FORECAST, "£12.78M", "£28K")
    assert result.assessment.status is Status.RED
    assert result.basis is Basis.NO_FORECAST
    assert result.basis_words(Unit.MONEY, 0) == "no forecast given: rated to date"


@pytest.mark.parametrize("target", ["TBD", "n/a", ""])
def test_without_a_target_the_forecast_changes_nothing(target: str) -> None:
    """Newham's capital receipts: target TBD (seed 001 line 702)."""
    result = rated(ON_FORECAST, target, "£0", forecast="£1M")
    assert result.basis is Basis.TO_DATE
    assert result.assessment == rated(INCOME, target, "£0").assessment


@pytest.mark.parametrize("figure", [NOT_AVAILABLE, NOT_APPLICABLE])
def test_a_forecast_without_a_figure_to_date_rates_nothing(figure: Value) -> None:
    """The forecast is entered beside the figure to date: without that figure
    the quarter is incomplete (or not applicable), as it would be to date."""
    result = assess_period(
        Q1,
        ON_FORECAST,
        parse_target("£12.78M"),
        months={},
        reported=figure,
        forecast=parse_value("£12.8M"),
    )
    assert result.assessment.status in (Status.INCOMPLETE, Status.NOT_APPLICABLE)
    assert result.basis is Basis.TO_DATE
    assert result.forecast is None


def test_a_forecast_is_rated_against_a_profiles_last_point() -> None:
    """A quarterly profile: the forecast is the year's end, so the last point."""
    result = rated(ON_FORECAST, "£1M; £2M; £3M; £4M", "£0.5M", forecast="£3.9M")
    assert result.assessment.target == Decimal("4000000")
    assert result.assessment.status is Status.AMBER  # 2.5% short of £4M
    to_date = rated(INCOME, "£1M; £2M; £3M; £4M", "£0.5M")
    assert to_date.assessment.status is Status.RED  # half of Q1's £1M


def test_direction_of_travel_stays_on_the_figure_to_date() -> None:
    """Last year £1.2M for the year, £300K a quarter pro rata; £250K is worse,
    however good the forecast."""
    result = rated(
        ON_FORECAST, "£3.15M", "£250K", forecast="£3.5M", comparison=parse_value("£1.2M")
    )
    assert result.assessment.status is Status.GREEN
    assert result.travel.direction is Direction.DECLINING


def test_a_relative_target_compares_the_forecast_with_last_years_outturn() -> None:
    result = rated(
        ON_FORECAST, "Increase", "£250K", forecast="£1.3M", comparison=parse_value("£1.2M")
    )
    assert result.assessment.status is Status.GREEN
    assert result.assessment.target == Decimal("1200000")  # the whole year, not its quarter


def test_a_forecast_beside_a_quarter_compared_with_the_previous_quarter_has_no_whole_year() -> None:
    result = rated(
        ON_FORECAST,
        "Increase",
        "£250K",
        forecast="£1.3M",
        comparison=parse_value("£240K"),
        comparison_period=Quarter(YEAR.previous(), 4),
    )
    assert result.assessment.status is Status.NO_TARGET


def test_seed_001_council_tax_arrears_pro_rata_is_green() -> None:
    """6.36% reduction by June against 19.00% for the year: 4.75% pro rata."""
    result = rated(ARREARS, "19.00%", "6.36%")
    assert result.assessment.status is Status.GREEN
    assert result.basis is Basis.PRO_RATA
    assert result.assessment.target == Decimal("4.75")
    assert result.months == 3
    assert result.basis_words(Unit.PERCENT, 2) == (
        "rated to date against the annual target pro rata: 6.36% against 4.75% (3 months of 19.00%)"
    )
    as_written = rated(Method(Polarity.UP, Aggregation.CUMULATIVE, decimals=2), "19.00%", "6.36%")
    assert as_written.assessment.status is Status.RED


def test_a_cumulative_figure_in_q2_covers_six_months() -> None:
    result = rated(ARREARS, "19.00%", "9.10%", quarter=Q2)
    assert result.assessment.target == Decimal("9.5")
    assert result.months == 6
    assert result.assessment.status is Status.AMBER  # 4.2% short of 9.5%


def test_issue_17_pro_rata_words() -> None:
    """ "£3.2M against £3.195M (3 months of £12.78M)"."""
    result = rated(PRO_RATA, "£12.78M", "£3.2M")
    assert result.assessment.status is Status.GREEN
    assert result.basis_words(Unit.MONEY, 0) == (
        "rated to date against the annual target pro rata: £3,200,000 against £3,195,000 "
        "(3 months of £12,780,000)"
    )


@pytest.mark.parametrize(
    ("aggregation", "target"),
    [
        pytest.param(Aggregation.MEAN, "£12.78M", id="a-mean-is-not-summed"),
        pytest.param(Aggregation.LATEST, "£12.78M", id="a-snapshot-is-not-summed"),
        pytest.param(Aggregation.SUM, "£1M; £2M; £3M; £12.78M", id="a-profile-is-in-year"),
        pytest.param(Aggregation.SUM, "TBD", id="no-target"),
    ],
)
def test_pro_rata_applies_only_to_summed_figures_against_a_target_figure(
    aggregation: Aggregation, target: str
) -> None:
    method = Method(Polarity.UP, aggregation, unit=Unit.MONEY, in_year=InYear.PRO_RATA)
    to_date = Method(Polarity.UP, aggregation, unit=Unit.MONEY)
    result = rated(method, target, "£28K")
    assert result.basis is Basis.TO_DATE
    assert result.assessment == rated(to_date, target, "£28K").assessment


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(target=amounts.filter(lambda d: d > 0), worse=amounts, better=amounts)
def test_a_better_forecast_never_gets_a_worse_status(
    target: Decimal, worse: Decimal, better: Decimal
) -> None:
    worse, better = min(worse, better), max(worse, better)
    rank = [Status.RED, Status.AMBER, Status.GREEN]
    statuses = [
        assess_period(
            Q1,
            ON_FORECAST,
            parse_target(f"£{target}"),
            months={},
            reported=parse_value("£1"),
            forecast=Value.of(forecast, Unit.MONEY),
        ).assessment.status
        for forecast in (worse, better)
    ]
    assert rank.index(statuses[0]) <= rank.index(statuses[1])


@given(target=amounts.filter(lambda d: d > 0), figure=amounts)
def test_pro_rata_over_the_whole_year_is_the_target_as_written(
    target: Decimal, figure: Decimal
) -> None:
    year = Quarter(YEAR, 4)
    months = {m: Reading(Value.of(figure, Unit.PERCENT)) for m in year.months()}
    args = {"months": months}
    pro_rata = assess_period(year, ARREARS, parse_target(f"{target}%"), **args)  # type: ignore[arg-type]
    as_written = assess_period(
        year,
        Method(Polarity.UP, Aggregation.CUMULATIVE, decimals=2),
        parse_target(f"{target}%"),
        **args,  # type: ignore[arg-type]
    )
    assert pro_rata.months == 12
    assert pro_rata.assessment.status is as_written.assessment.status
