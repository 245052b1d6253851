"""Indicators that read from budget monitoring (seed 000's strategic indicator
"Savings achieved"): which measures there are, which indicators can read each
(its unit, and how often it is reported), which span of months each signed-off
period gives a figure for, and the note that says where a figure comes from.

A period's forecast is the forecast outturn of the whole year as at that month,
so a monthly indicator takes each signed-off period, a quarterly one the
latest signed-off period in the quarter, an annual one the latest in the year.
The savings programme is a year's (it has no periods): only an annual indicator
can read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

MONTHLY, QUARTERLY, ANNUAL = "monthly", "quarterly", "annual"


class Measure(StrEnum):
    """What an indicator reads: for the shared service the whole, for a partner
    council its own part."""

    SAVINGS_ACHIEVED = "savings-achieved"  # the year's savings achieved (its own, for a council)
    VARIANCE_PERCENT = "variance-percent"  # shared variance (a council's non-shared) % of budget
    SHARED_VARIANCE = "shared-variance"  # the shared variance (a council's cost share of it), £

    @property
    def unit(self) -> str:
        return "%" if self is Measure.VARIANCE_PERCENT else "£"


def misfit(measure: Measure, unit: str, frequency: str) -> str | None:
    """Why an indicator of this unit and frequency cannot read the measure; None if it can."""
    if unit != measure.unit:
        return f"this measure is in {measure.unit}: the indicator's unit must be {measure.unit}"
    if measure is Measure.SAVINGS_ACHIEVED and frequency != ANNUAL:
        return "savings achieved are a year's figure: only an annual indicator can read them"
    return None


@dataclass(frozen=True, order=True)
class Span:
    """The months a figure covers, as a return asks for it: from period `first`
    (1 = April), `months` long (1, 3 or 12)."""

    first: int
    months: int


def span_of(frequency: str, period: int) -> Span:
    """The span of months an indicator reported this often gives period `period` to."""
    if frequency == MONTHLY:
        return Span(period, 1)
    if frequency == QUARTERLY:
        return Span((period - 1) // 3 * 3 + 1, 3)
    return Span(1, 12)


def latest_in_spans(frequency: str, periods: Iterable[int]) -> dict[Span, int]:
    """Each span that has a signed-off period, with the latest such period in it."""
    found: dict[Span, int] = {}
    for period in sorted(periods):
        found[span_of(frequency, period)] = period
    return found


def from_period(label: str) -> str:
    """Where a figure comes from: "From budget monitoring: Period 5 2019/20
    (August 2019), signed off"."""
    return f"From budget monitoring: {label}, signed off"


def from_savings(year_label: str) -> str:
    return f"From budget monitoring: the savings programme {year_label}, savings achieved"


def decimals_of(measure: Measure, amount: Decimal) -> int:
    """The decimal places a figure is shown to: a percentage to one place (as
    `domain.budget.Position.variance_percent` gives it), money in whole pounds
    unless it has pence."""
    if measure is Measure.VARIANCE_PERCENT:
        return 1
    return 0 if amount == amount.to_integral_value() else 2
