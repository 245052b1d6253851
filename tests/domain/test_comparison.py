"""The comparison basis: which earlier periods a quarter is compared with."""

from goldenthread.domain.comparison import ComparisonBasis, comparison_periods
from goldenthread.domain.periods import FinancialYear, Quarter

Q1 = Quarter(FinancialYear(2019), 1)


def test_against_last_year_the_same_quarter_comes_first_then_the_outturn():
    assert comparison_periods(ComparisonBasis.SAME_PERIOD_LAST_YEAR, Q1) == (
        Quarter(FinancialYear(2018), 1),
        FinancialYear(2018),
    )


def test_against_the_previous_period_only_the_quarter_before():
    assert comparison_periods(ComparisonBasis.PREVIOUS_PERIOD, Q1) == (
        Quarter(FinancialYear(2018), 4),
    )
