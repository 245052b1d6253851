"""The reporting schedule: annual indicators only with the year's last quarter."""

import pytest

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.schedule import Frequency, frequencies_reported_in

YEAR = FinancialYear(2019)


@pytest.mark.parametrize(
    ("number", "reported"),
    [
        (1, [Frequency.MONTHLY, Frequency.QUARTERLY]),
        (2, [Frequency.MONTHLY, Frequency.QUARTERLY]),
        (3, [Frequency.MONTHLY, Frequency.QUARTERLY]),
        (4, [Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL]),
    ],
)
def test_annual_indicators_are_reported_in_the_fourth_quarter_only(number, reported):
    quarter = Quarter(YEAR, number)
    assert frequencies_reported_in(quarter) == reported
    assert [f for f in Frequency if f.reported_in(quarter)] == reported
