"""Splitting a whole into parts that add up to it exactly: the shares of a
summary table (percentages that add up to 100) and, later, money between
partners (pounds that add up to the line).

The rule is the largest remainder (Hamilton's method): each part first gets the
whole units of its exact share; the units left over go one each to the parts
with the largest fractions left over, ties to the larger part, then to the
earlier one. So the parts always add up to the whole, and each is within one
unit of its exact share. Rounding each share on its own (as seed 001 does:
Finance's 3 and 5 of 8 actions print 38% and 63%, 101%) does not add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from numbers import Rational


def largest_remainder(weights: Sequence[int | Rational], whole: int) -> list[int]:
    """`whole` units split in proportion to `weights` (none negative, not all
    zero unless `whole` is 0): the parts add up to `whole` exactly."""
    if any(w < 0 for w in weights):
        raise ValueError("a weight cannot be negative")
    total = sum((Fraction(w) for w in weights), Fraction(0))
    if total == 0:
        if whole:
            raise ValueError("nothing to split in proportion to")
        return [0 for _ in weights]
    exact = [Fraction(w) * whole / total for w in weights]
    parts = [e.numerator // e.denominator for e in exact]
    left = whole - sum(parts)
    order = sorted(
        range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), -Fraction(weights[i]), i)
    )
    for i in order[:left]:
        parts[i] += 1
    return parts


def percentages(counts: Sequence[int]) -> list[int]:
    """Whole percentages of `counts` that add up to 100 (all 0 when there is
    nothing to count)."""
    if not any(counts):
        return [0 for _ in counts]
    return largest_remainder(counts, 100)


def rounded_alone(counts: Sequence[int]) -> list[int]:
    """Each count's percentage rounded on its own, half up (how the papers do it;
    shown beside ours in docs/demo.md): these need not add up to 100."""
    total = sum(counts)
    if not total:
        return [0 for _ in counts]
    return [int(Fraction(c * 100, total) + Fraction(1, 2)) for c in counts]


def half_away(value: Fraction) -> int:
    """The nearest whole number, a half away from zero (the papers' rounding:
    0.5 -> 1, -0.5 -> -1)."""
    whole = int(abs(value) + Fraction(1, 2))
    return whole if value >= 0 else -whole


def round_to_unit(exact: Sequence[Fraction], unit: Fraction) -> list[Fraction]:
    """Signed parts (money: overspends and underspends) rounded to whole `unit`s so
    that they add up exactly to their total rounded to the unit (half away from
    zero), each within one unit of its exact value.

    Each part first gets the whole units below it (floor, so an underspend is
    rounded down too); the units left over go one each to the parts with the
    largest fractions left over, ties to the larger part, then to the earlier
    one. The units left over number between 0 and the count of parts, because the
    rounded total lies between the floors' sum and that sum plus one unit per part.
    """
    if unit <= 0:
        raise ValueError("the unit must be more than nothing")
    scaled = [Fraction(e) / unit for e in exact]
    floors = [s.numerator // s.denominator for s in scaled]
    left = half_away(sum(scaled, Fraction(0))) - sum(floors)
    order = sorted(range(len(scaled)), key=lambda i: (-(scaled[i] - floors[i]), -abs(scaled[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [f * unit for f in floors]
