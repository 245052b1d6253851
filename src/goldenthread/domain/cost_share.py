"""The cost share: how a shared service's line (its budget, its over- or
underspend) is split between the partner councils.

A line is split either by a **formula share** (each partner's share for that
service and year, stored exactly as agreed: the fraction, not the percentage
printed) or by a **specific allocation** (fixed amounts per partner; or the
line belongs to chosen partners only, split between them in proportion to
their formula shares). The exact parts are then rounded to a unit (£1 by
default) by the total-preserving rule of `domain.shares.round_to_unit`: the
partners' amounts add up exactly to the line, and each is within one unit of
its exact share. Rounding each partner on its own, as published partnership
tables do, can miss the total by a pound or two; this never does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from goldenthread.domain.money import to_decimal
from goldenthread.domain.shares import round_to_unit

ONE = Fraction(1)
#: The units the partners' amounts are rounded to: a penny, a pound, a thousand.
UNITS = {"0.01": Decimal("0.01"), "1": Decimal(1), "1000": Decimal(1000)}


class ShareError(ValueError):
    """Why a share, or a set of shares, cannot be used, in words."""


def read_share(text: str) -> Fraction:
    """A share as written: a percentage ("45.76%"), a decimal fraction ("0.4576")
    or a ratio of two whole numbers ("443226/968589"), kept exactly; between 0
    and 1 (0% and 100%)."""
    written = text.strip().replace(" ", "")
    shown = written if len(written) <= 30 else written[:27] + "..."
    if len(written) > 60:
        raise ShareError(f"'{shown}' is too long for a share")
    if written.startswith("-"):
        raise ShareError(f"'{shown}' is negative: a share is between 0% and 100%")
    try:
        if re.fullmatch(r"\d+/\d+", written):
            top, bottom = written.split("/")
            if int(bottom) == 0:
                raise ShareError(f"'{shown}' divides by nothing")
            share = Fraction(int(top), int(bottom))
        elif re.fullmatch(r"\d*\.?\d+%", written):
            share = Fraction(written[:-1]) / 100
        elif re.fullmatch(r"\d*\.?\d+", written):
            share = Fraction(written)
        else:
            raise ShareError(f"'{shown}' is not a share: write 45.76%, 0.4576 or 443226/968589")
    except (ValueError, ZeroDivisionError) as error:
        if isinstance(error, ShareError):
            raise
        raise ShareError(f"'{shown}' is not a share") from None
    if share > 1:
        raise ShareError(f"'{shown}' is more than the whole (100%)")
    return share


def percent(share: Fraction, places: int = 2) -> str:
    """A share as the papers print it: "44.41%" (the share itself stays exact)."""
    return f"{to_decimal(share * 100, places)}%"


@dataclass(frozen=True)
class Shares:
    """The partners' shares of a line, adding up to the whole exactly."""

    parts: Mapping[str, Fraction]

    @classmethod
    def agreed(cls, parts: Mapping[str, Fraction], tolerance: Fraction = Fraction(0)) -> Shares:
        """Shares as agreed. They must add up to the whole, or be within
        `tolerance` of it (shares printed rounded, 7.53% + 44.41% + 48.32%); then
        the difference is distributed in proportion to the shares."""
        if not parts:
            raise ShareError("no partner has a share")
        total = sum(parts.values(), Fraction(0))
        if total == ONE:
            return cls(dict(parts))
        if total == 0 or abs(total - ONE) > tolerance:
            raise ShareError(
                f"the shares add up to {percent(total, 4)}, not 100%"
                + (f" (nor within {percent(tolerance, 4)} of it)" if tolerance else "")
            )
        return cls({partner: share / total for partner, share in parts.items()})

    def among(self, partners: Sequence[str]) -> Shares:
        """The shares of chosen partners only, in proportion to their shares."""
        chosen = {p: self.parts.get(p, Fraction(0)) for p in partners}
        total = sum(chosen.values(), Fraction(0))
        if total == 0:
            raise ShareError(f"{', '.join(partners)} have no share to split by")
        return Shares({p: s / total for p, s in chosen.items()})


def year_end(estimate: Shares, actual: Shares | None, tolerance: Fraction | None) -> Shares:
    """An activity-driven basis (caseloads) at year end: re-split on the actual
    activity when any partner's actual share differs from its estimated share by
    more than the tolerance (a share of the whole: 1/100 is one percentage
    point; none given: any difference); else the estimate stands."""
    if actual is None:
        return estimate
    partners = set(estimate.parts) | set(actual.parts)
    allowed = tolerance or Fraction(0)
    moved = max(
        abs(actual.parts.get(p, Fraction(0)) - estimate.parts.get(p, Fraction(0))) for p in partners
    )
    return actual if moved > allowed else estimate


def exact_split(amount: Decimal | Fraction, shares: Shares) -> dict[str, Fraction]:
    """Each partner's exact part of an amount."""
    whole = Fraction(amount)
    return {partner: whole * share for partner, share in shares.parts.items()}


def rounded(exact: Mapping[str, Fraction], unit: Decimal = Decimal(1)) -> dict[str, Decimal]:
    """Exact parts rounded to the unit so that they add up exactly to their total
    rounded to the unit, each within one unit of its exact value."""
    partners = list(exact)
    parts = round_to_unit([exact[p] for p in partners], Fraction(unit))
    places = max(-int(unit.as_tuple().exponent), 0)
    return {p: to_decimal(part, places) for p, part in zip(partners, parts, strict=True)}


def split(amount: Decimal, shares: Shares, unit: Decimal = Decimal(1)) -> dict[str, Decimal]:
    """An amount split between partners by their shares, rounded to the unit by the
    total-preserving rule: the parts add up to the amount (rounded to the unit)."""
    return rounded(exact_split(amount, shares), unit)


def specific(amount: Decimal, allocation: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """A specific allocation: the fixed amounts per partner, which must add up to
    the line's amount exactly."""
    total = sum(allocation.values(), Decimal(0))
    if total != amount:
        raise ShareError(
            f"the partners' amounts add up to {total:,}, not the line's {amount:,} "
            f"(a difference of {total - amount:,})"
        )
    return dict(allocation)


def column_totals(rows: Sequence[Mapping[str, Decimal]]) -> dict[str, Decimal]:
    """Each partner's total over the rows (the rows' parts already add up, so the
    partners' totals add up to the grand total)."""
    totals: dict[str, Decimal] = {}
    for row in rows:
        for partner, amount in row.items():
            totals[partner] = totals.get(partner, Decimal(0)) + amount
    return totals
