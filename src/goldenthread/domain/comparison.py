"""The comparison basis: which earlier figure a quarter's figure is compared
with, for its direction of travel and for relative targets ("Reduction").

Against the same period last year (the default): last year's same quarter if
it has a figure, else last year's outturn (the whole year, compared pro rata
where the figures are summed; see `goldenthread.domain.aggregation`). Against
the previous period: the quarter before, and nothing else.
"""

from __future__ import annotations

from enum import StrEnum

from goldenthread.domain.periods import Period, Quarter


class ComparisonBasis(StrEnum):
    SAME_PERIOD_LAST_YEAR = "same-period-last-year"
    PREVIOUS_PERIOD = "previous-period"


def comparison_periods(basis: ComparisonBasis, quarter: Quarter) -> tuple[Period, ...]:
    """The periods `quarter` may be compared with, in order of preference: its
    comparison figure is the first of them that has a figure; when none has,
    there is no comparison figure, and the period named is the last one."""
    if basis is ComparisonBasis.PREVIOUS_PERIOD:
        return (quarter.previous(),)
    return (quarter.same_period_last_year(), quarter.financial_year.previous())
