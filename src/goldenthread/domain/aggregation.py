"""Aggregation: monthly figures into a quarter, year to date or year.

- `LATEST`: the last month's figure, for snapshots ("cases open at the end
  of the month");
- `CUMULATIVE`: also the last month's figure, for figures that build up over
  the financial year ("% of council tax collected so far": the quarter is
  June's figure). A year-to-date figure compares only with one for the same
  part of a year: June's with last June's, not with last year's outturn;
- `MEAN`: the mean of the monthly figures (monthly rates, average days);
- `SUM`: the total (counts, money);
- `RATIO`: summed numerators over summed denominators (x100 for percentages).

Months that are *not applicable* are left out (no care proceedings in June);
a month *not yet available* (or no month at all) makes the aggregate
incomplete, since a quarter cannot be reported until every month is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from goldenthread.domain.values import NOT_APPLICABLE, NOT_AVAILABLE, Unit, Value, ValueKind


class Aggregation(StrEnum):
    LATEST = "latest"
    CUMULATIVE = "cumulative"
    MEAN = "mean"
    SUM = "sum"
    RATIO = "ratio"

    @classmethod
    def parse(cls, text: str) -> Aggregation:
        key = text.strip().lower()
        try:
            return _NAMES[key]
        except KeyError:
            raise ValueError(
                f"unknown aggregation '{text.strip()}': use latest, cumulative, mean, sum or ratio"
            ) from None


_NAMES: dict[str, Aggregation] = {
    **{a.value: a for a in Aggregation},
    "year to date": Aggregation.CUMULATIVE,
    "ytd": Aggregation.CUMULATIVE,
    "snapshot": Aggregation.LATEST,
    "last": Aggregation.LATEST,
    "average": Aggregation.MEAN,
    "total": Aggregation.SUM,
}


class AggregationError(ValueError):
    """Figures that cannot be combined as asked; the message names the month."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One month's figure, with the numerator and denominator it came from, if known."""

    value: Value
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def aggregate(readings: Sequence[Reading | Value], method: Aggregation) -> Value:
    """Combine one period's months (in order, earliest first) into one figure."""
    months = [r if isinstance(r, Reading) else Reading(r) for r in readings]
    if not months or any(m.value.kind is ValueKind.NOT_AVAILABLE for m in months):
        return NOT_AVAILABLE
    present = [m for m in months if m.value.kind is ValueKind.NUMBER]
    if not present:
        return NOT_APPLICABLE
    unit = present[-1].value.unit
    decimals = max((m.value.decimals or 0) for m in present)
    if method in (Aggregation.LATEST, Aggregation.CUMULATIVE):
        return present[-1].value
    if method is Aggregation.RATIO:
        return Value(ValueKind.NUMBER, _ratio(months, present, unit), unit, decimals)
    total = sum((m.value.number() for m in present), Decimal(0))
    if method is Aggregation.SUM:
        return Value(ValueKind.NUMBER, total, unit, decimals)
    return Value(ValueKind.NUMBER, total / len(present), unit, decimals)


def _ratio(months: list[Reading], present: list[Reading], unit: Unit | None) -> Decimal:
    for index, month in enumerate(months, 1):
        if month.value.is_number and (month.numerator is None or month.denominator is None):
            raise AggregationError(f"month {index}: a ratio needs its numerator and denominator")
    numerator = sum((m.numerator or Decimal(0) for m in present), Decimal(0))
    denominator = sum((m.denominator or Decimal(0) for m in present), Decimal(0))
    if denominator == 0:
        raise AggregationError("the denominators add up to zero: the ratio is undefined")
    scale = 100 if unit is Unit.PERCENT else 1
    return numerator * scale / denominator


def like_for_like(
    comparison: Value, method: Aggregation, *, months: int, comparison_months: int
) -> Value | None:
    """The comparison figure scaled to the length of the period it is compared with.

    Only summed quantities scale: a quarter's complaints are compared with a
    quarter's share of last year's (pro rata). Rates, means and snapshots
    compare as they are. A cumulative figure covers the months of the year so
    far, and compares only with one covering as many (None otherwise).
    """
    if months <= 0 or comparison_months <= 0:
        raise AggregationError("a period must cover at least one month")
    if method is Aggregation.CUMULATIVE:
        return comparison if months == comparison_months else None
    if method is not Aggregation.SUM or comparison.amount is None or months == comparison_months:
        return comparison
    scaled = pro_rata(comparison.amount, months=months, of_months=comparison_months)
    return Value(ValueKind.NUMBER, scaled, comparison.unit, comparison.decimals)


def pro_rata(amount: Decimal, *, months: int, of_months: int = 12) -> Decimal:
    """The share of `amount` (for `of_months` months, a year by default) that
    falls in `months` months: 3 months of £12.78M is £3.195M."""
    if months <= 0 or of_months <= 0:
        raise AggregationError("a period must cover at least one month")
    return amount * months / of_months
