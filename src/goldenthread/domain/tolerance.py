"""A band's width from the target: a share of the target (5% of 20 days is 1
day) or points in the indicator's units (2pp); rag's amber tolerance is one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final


class ToleranceError(ValueError):
    """A tolerance that cannot be read."""


_TOLERANCE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|pp|percentage points?|points?)?")


@dataclass(frozen=True, slots=True)
class Tolerance:
    """A band's width from the target: a share of the target (5% of 20 days is 1
    day) or points in the indicator's units (2pp)."""

    amount: Decimal
    absolute: bool = False  # False: percent of the target; True: in the indicator's units

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """`5%` (relative to the target), `2pp` (absolute points), `0` (none)."""
        match = _TOLERANCE.fullmatch(str(text).strip().lower())
        if match is None or (match[2] is None and Decimal(match[1]) != 0):
            shown = str(text).strip()[:40]
            raise ToleranceError(
                f"could not read tolerance '{shown}': write a share of the target "
                "such as 5%, absolute points such as 2pp, or 0 for none"
            )
        return cls(Decimal(match[1]), absolute=match[2] not in (None, "%"))

    def allowance(self, target: Decimal) -> Decimal:
        """How far from `target` this band reaches."""
        if self.absolute:
            return self.amount
        return abs(target) * self.amount / 100

    def describe(self) -> str:
        """Words for a report's key, e.g. 'within 5% of the target'."""
        if self.amount == 0:
            return "no tolerance: any shortfall is red"
        if self.absolute:
            return f"within {self.amount.normalize():f} points of the target"
        return f"within {self.amount.normalize():f}% of the target"

    def __str__(self) -> str:
        return f"{self.amount.normalize():f}{'pp' if self.absolute else '%'}"


NO_TOLERANCE: Final = Tolerance(Decimal(0))
DEFAULT_TOLERANCE: Final = Tolerance(Decimal(5))
