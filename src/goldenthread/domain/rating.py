"""Rating: a value against its target, as a performance team would rate it.

Two schemes. **RAG** (oneSource): green when the target is met; amber when it is
missed by no more than the tolerance ("within 5% of the agreed target"); red
when missed by more. **Achieved/Failed**: any miss, however small, has failed.
The tolerance is relative to the target figure (5% of 20 days is 1 day) or, for
councils that work that way, absolute in the indicator's units (2 percentage
points). A tolerance of 0 makes amber impossible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.targets import (
    Band,
    Comparator,
    NoTarget,
    NoTargetReason,
    Profile,
    Relative,
    Target,
    Threshold,
)
from goldenthread.domain.values import Value, ValueKind, round_to


class Scheme(StrEnum):
    RAG = "rag"
    ACHIEVED_FAILED = "achieved-failed"


class Status(StrEnum):
    GREEN = "GREEN"
    AMBER = "AMBER"
    RED = "RED"
    ACHIEVED = "ACHIEVED"
    FAILED = "FAILED"
    NO_TARGET = "NO TARGET"
    NOT_APPLICABLE = "NOT APPLICABLE"
    INCOMPLETE = "INCOMPLETE"

    @property
    def label(self) -> str:
        """As people read it, on the tags, the filters and the pack: 'Green',
        'No target' (the value, 'NO TARGET', is the code spreadsheets and
        snapshots keep)."""
        return self.value.capitalize()

    @property
    def is_rated(self) -> bool:
        """Judged against a target (as opposed to n/a, incomplete or no target)."""
        return self in _RATED

    @property
    def met_target(self) -> bool:
        return self in (Status.GREEN, Status.ACHIEVED)

    @property
    def off_target(self) -> bool:
        """Rated and not met (amber, red, failed): commentary is needed, and the
        pack gives it an exception report."""
        return self.is_rated and not self.met_target

    @property
    def group(self) -> Status:
        """The status it is counted and filtered as in a summary: achieved as
        green, failed as red, the others as themselves."""
        return _GROUP.get(self, self)


_RATED = frozenset({Status.GREEN, Status.AMBER, Status.RED, Status.ACHIEVED, Status.FAILED})
_GROUP = {Status.ACHIEVED: Status.GREEN, Status.FAILED: Status.RED}


class ToleranceError(ValueError):
    """A tolerance that cannot be read."""


_TOLERANCE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|pp|percentage points?|points?)?")


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far a target may be missed and still be amber."""

    amount: Decimal
    absolute: bool = False  # False: percent of the target; True: in the indicator's units

    @classmethod
    def parse(cls, text: str) -> Tolerance:
        """`5%` (relative to the target), `2pp` (absolute points), `0` (no amber)."""
        match = _TOLERANCE.fullmatch(text.strip().lower())
        if match is None or (match[2] is None and Decimal(match[1]) != 0):
            raise ToleranceError(
                f"could not read tolerance '{text.strip()}': write a share of the target "
                "such as 5%, absolute points such as 2pp, or 0 for no amber"
            )
        return cls(Decimal(match[1]), absolute=match[2] not in (None, "%"))

    def allowance(self, target: Decimal) -> Decimal:
        """How far from `target` a value may fall and still be amber."""
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


DEFAULT_TOLERANCE = Tolerance(Decimal(5))


class Assessment(NamedTuple):  # one per value rated: a tuple is the cheapest immutable record
    """The status of one value, the figure it was judged against, and the signed gap."""

    status: Status
    target: Decimal | None = None  # the figure judged against (profile point, band edge, ...)
    gap: Decimal | None = None  # value minus that figure
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RatingRule:
    """How one indicator is rated in one period: worked out once, applied to many values.

    `period_number` (1 = April) picks the point of a profile target; `decimals`
    is the indicator's display precision: a value is judged as it is shown.
    """

    target: Target
    polarity: Polarity
    scheme: Scheme = Scheme.RAG
    tolerance: Tolerance = DEFAULT_TOLERANCE
    period_number: int | None = None
    decimals: int | None = None
    _fixed: tuple[Comparator, Decimal, Decimal] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        target, fixed = self.target, None
        if isinstance(target, Profile):
            if self.period_number is None:
                raise ValueError("a profile target needs the month (period number) to rate against")
            target = target.threshold_at(self.period_number)
        if isinstance(target, Threshold):
            bound = target.amount
            fixed = (target.comparator_for(self.polarity), bound, self.tolerance.allowance(bound))
        object.__setattr__(self, "_fixed", fixed)

    def assess(self, value: Value, comparison: Value | None = None) -> Assessment:
        """Rate `value`; relative targets (`Reduction`) are judged against `comparison`,
        the like-for-like comparison figure (see `aggregation.like_for_like`)."""
        amount, target = value.amount, self.target
        if value.kind is ValueKind.NOT_APPLICABLE:
            return _VALUE_NOT_APPLICABLE
        if isinstance(target, NoTarget) and target.reason is NoTargetReason.NOT_APPLICABLE:
            return _TARGET_NOT_APPLICABLE
        if amount is None:
            return _INCOMPLETE
        if isinstance(target, NoTarget):
            return _NO_NUMERIC_TARGET[target.reason]
        shown = amount if self.decimals is None else round_to(amount, self.decimals)
        if self._fixed is not None:
            comparator, bound, allowance = self._fixed
        elif isinstance(target, Band):
            if target.low <= shown <= target.high:
                return Assessment(self._met(), None, Decimal(0), "within the band")
            bound = target.low if shown < target.low else target.high
            comparator, allowance = Comparator.EQUAL, self.tolerance.allowance(bound)
        elif isinstance(target, Relative) and comparison and comparison.amount is not None:
            comparator, bound = target.comparator, comparison.amount
            if self.decimals is not None:  # judged as shown, like the value
                bound = round_to(bound, self.decimals)
            allowance = self.tolerance.allowance(bound)
        else:
            return _NO_COMPARISON
        gap = shown - bound
        if comparator.holds(shown, bound):
            return Assessment(self._met(), bound, gap, "target met")
        return Assessment(self._missed(abs(gap), allowance), bound, gap, "target missed")

    def _met(self) -> Status:
        return _MET_NEAR_MISSED[self.scheme][0]

    def _missed(self, shortfall: Decimal, allowance: Decimal) -> Status:
        _, near, missed = _MET_NEAR_MISSED[self.scheme]
        return near if allowance > 0 and shortfall <= allowance else missed


# What each scheme calls a target met, missed by no more than the tolerance, and missed.
_MET_NEAR_MISSED = {
    Scheme.RAG: (Status.GREEN, Status.AMBER, Status.RED),
    Scheme.ACHIEVED_FAILED: (Status.ACHIEVED, Status.FAILED, Status.FAILED),  # any miss fails
}


_VALUE_NOT_APPLICABLE = Assessment(Status.NOT_APPLICABLE, reason="value not applicable")
_TARGET_NOT_APPLICABLE = Assessment(Status.NOT_APPLICABLE, reason="target not applicable")
_INCOMPLETE = Assessment(Status.INCOMPLETE, reason="value not yet available")
_NO_COMPARISON = Assessment(Status.NO_TARGET, reason="relative target with no comparison figure")
_NO_NUMERIC_TARGET = {
    reason: Assessment(Status.NO_TARGET, reason=f"no numeric target: {reason.value}")
    for reason in NoTargetReason
}


def assess(
    value: Value,
    target: Target,
    *,
    polarity: Polarity,
    scheme: Scheme = Scheme.RAG,
    tolerance: Tolerance = DEFAULT_TOLERANCE,
    comparison: Value | None = None,
    period_number: int | None = None,
    decimals: int | None = None,
) -> Assessment:
    """Rate `value` against `target` (the one-off form of `RatingRule`)."""
    rule = RatingRule(target, polarity, scheme, tolerance, period_number, decimals)
    return rule.assess(value, comparison)
