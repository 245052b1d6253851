"""An indicator's period figure, rated and compared like for like."""

from __future__ import annotations

import pytest

from goldenthread.domain.aggregation import Aggregation, Reading
from goldenthread.domain.assessment import Method, assess_period, months_covered
from goldenthread.domain.direction import Direction
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.targets import parse_target
from goldenthread.domain.values import parse_value

YEAR = FinancialYear(2019)
CUMULATIVE = Method(Polarity.UP, Aggregation.CUMULATIVE, decimals=2)


def collected(quarter: Quarter, *figures: str) -> dict:
    return {m: Reading(parse_value(f)) for m, f in zip(quarter.months(), figures, strict=True)}


@pytest.mark.parametrize(
    ("quarter", "aggregation", "expected"),
    [
        pytest.param(1, Aggregation.CUMULATIVE, 3, id="q1-ytd"),
        pytest.param(2, Aggregation.CUMULATIVE, 6, id="q2-ytd"),
        pytest.param(4, Aggregation.CUMULATIVE, 12, id="q4-ytd"),
        pytest.param(2, Aggregation.LATEST, 3, id="q2-snapshot"),
        pytest.param(2, Aggregation.SUM, 3, id="q2-sum"),
    ],
)
def test_months_covered(quarter: int, aggregation: Aggregation, expected: int) -> None:
    assert months_covered(Quarter(YEAR, quarter), aggregation) == expected


def test_council_tax_at_june_is_not_compared_with_last_years_outturn() -> None:
    """Seed 001: Havering council tax 30.48% collected by June; last year's
    outturn (March) is about 96%. They are not like for like."""
    q1 = Quarter(YEAR, 1)
    result = assess_period(
        q1,
        CUMULATIVE,
        parse_target("30.3%"),
        months=collected(q1, "10.93%", "20.63%", "30.48%"),
        comparison=parse_value("96.03%"),
        comparison_period=YEAR.previous(),
    )
    assert str(result.value) == "30.48%"
    assert result.travel.direction is Direction.NEW
    assert result.comparison is None


def test_council_tax_at_june_is_compared_with_last_june() -> None:
    q1 = Quarter(YEAR, 1)
    result = assess_period(
        q1,
        CUMULATIVE,
        parse_target("30.3%"),
        months=collected(q1, "10.93%", "20.63%", "30.48%"),
        comparison=parse_value("30.12%"),
        comparison_period=q1.same_period_last_year(),
    )
    assert result.travel.direction is Direction.IMPROVING


def test_council_tax_at_march_is_compared_with_last_years_outturn() -> None:
    q4 = Quarter(YEAR, 4)
    result = assess_period(
        q4,
        CUMULATIVE,
        parse_target("96%"),
        months=collected(q4, "78.1%", "87.2%", "95.50%"),
        comparison=parse_value("96.03%"),
        comparison_period=YEAR.previous(),
    )
    assert result.travel.direction is Direction.DECLINING
