"""A shared service's reserve per partner, as seed 001 (lines 283-294) sets it
out: the opening balance (a credit balance is negative, printed in brackets),
the drawdowns (drawn down, or projected: not yet carried out), the forecast
closing balance, the offset of the year's shared over- or underspend (each
partner's share of it), and the closing balance after the cost share.

    Bexley: (63,112) + 5,000 = (58,112); + 71,000 = 12,888
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal


class Stage(enum.StrEnum):
    """Whether a drawdown has been carried out."""

    DRAWN = "drawn"
    PROJECTED = "projected"

    @property
    def label(self) -> str:
        return {"drawn": "Drawn down", "projected": "Projected"}[self.value]


@dataclass(frozen=True)
class Drawdown:
    """A use of the reserve, with its purpose and each partner's amount; `in_base`
    marks (with * in the papers) an item since built into a later base budget."""

    purpose: str
    stage: Stage
    amounts: Mapping[str, Decimal]
    in_base: bool = False

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass(frozen=True)
class ReserveTable:
    """The reserve table for a year: every figure follows from the opening
    balances, the drawdowns and the offsets (the partners' shares of the shared
    over- or underspend)."""

    partners: Sequence[str]
    opening: Mapping[str, Decimal]
    drawdowns: Sequence[Drawdown] = ()
    offsets: Mapping[str, Decimal] = field(default_factory=dict)

    def _column(self, values: Mapping[str, Decimal]) -> dict[str, Decimal]:
        return {p: values.get(p, Decimal(0)) for p in self.partners}

    @property
    def opening_row(self) -> dict[str, Decimal]:
        return self._column(self.opening)

    def drawn(self, stage: Stage | None = None) -> dict[str, Decimal]:
        """Each partner's drawdowns, of one stage or all."""
        sums = {p: Decimal(0) for p in self.partners}
        for item in self.drawdowns:
            if stage is None or item.stage is stage:
                for partner in self.partners:
                    sums[partner] += item.amounts.get(partner, Decimal(0))
        return sums

    @property
    def closing(self) -> dict[str, Decimal]:
        """The forecast closing balance before the cost share."""
        drawn = self.drawn()
        return {p: self.opening_row[p] + drawn[p] for p in self.partners}

    @property
    def offset_row(self) -> dict[str, Decimal]:
        return self._column(self.offsets)

    @property
    def after_cost_share(self) -> dict[str, Decimal]:
        """The forecast closing balance after offsetting the shared over- or
        underspend: positive means the reserve cannot meet it."""
        return {p: self.closing[p] + self.offset_row[p] for p in self.partners}

    def short(self) -> list[str]:
        """The partners whose reserve cannot meet their share (a debit balance)."""
        return [p for p, balance in self.after_cost_share.items() if balance > 0]


def total(row: Mapping[str, Decimal]) -> Decimal:
    return sum(row.values(), Decimal(0))
