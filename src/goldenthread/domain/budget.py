"""A budget line's position in a period: the annual budget, the forecast outturn,
the variance (forecast less budget: positive an overspend, negative an
underspend), and the movement since the last period's forecast; and the check
that a figure a paper states agrees with the lines it sums (seed 001 states
Bexley's non-shared underspend as (£0.144m) in its summary and (£0.114m) in its
table: the lines add up to the table's)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

#: The periods of a financial year: P1 is April, P12 March.
PERIODS = range(1, 13)


@dataclass(frozen=True)
class Position:
    """A line's (or a total's) budget and forecast for a period, with the forecast
    of the period before (None if there is none)."""

    budget: Decimal
    forecast: Decimal
    previous: Decimal | None = None

    @property
    def variance(self) -> Decimal:
        return self.forecast - self.budget

    @property
    def movement(self) -> Decimal | None:
        """How the forecast moved since the last period (positive: worse)."""
        return None if self.previous is None else self.forecast - self.previous

    @property
    def variance_percent(self) -> Decimal | None:
        """The variance as a share of the budget, in per cent to one place."""
        if not self.budget:
            return None
        return (self.variance * 100 / abs(self.budget)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    def __add__(self, other: Position) -> Position:
        previous = (
            None
            if self.previous is None or other.previous is None
            else self.previous + other.previous
        )
        return Position(self.budget + other.budget, self.forecast + other.forecast, previous)


NOTHING = Position(Decimal(0), Decimal(0), Decimal(0))


def total(positions: list[Position]) -> Position:
    result = NOTHING
    for position in positions:
        result = result + position
    return result


def differs(stated: Decimal, computed: Decimal, precision: Decimal) -> Decimal | None:
    """How far a stated figure (written to `precision`: £1,000 for "£0.114m")
    is from what the lines add up to, once that is rounded the same way; None
    when they agree."""
    shown = (computed / precision).quantize(Decimal(1), rounding=ROUND_HALF_UP) * precision
    return None if shown == stated else stated - computed
