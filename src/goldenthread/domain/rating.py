"""Rating: a value against its target, as a performance team would rate it.

How far from the target each status reaches is the indicator's scheme
(`goldenthread.domain.schemes`): **RAG** (oneSource) is green when the target is
met, amber when it is missed by no more than the tolerance ("within 5% of the
agreed target"), red when missed by more; **Achieved/Failed** fails any miss,
however small; a council's own scheme sets its own bands and labels. The
tolerance is relative to the target figure (5% of 20 days is 1 day) or, for
councils that work that way, absolute in the indicator's units (2 percentage
points); an indicator's own tolerance wins over its scheme's. A tolerance of 0
makes amber impossible.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.schemes import Grade, Scheme, SchemeError, Status
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
from goldenthread.domain.tolerance import DEFAULT_TOLERANCE, Tolerance, ToleranceError
from goldenthread.domain.values import Value, ValueKind, round_to


class Assessment(NamedTuple):  # one per value rated: a tuple is the cheapest immutable record
    """The status of one value, the figure it was judged against, and the signed gap."""

    status: Status
    target: Decimal | None = None  # the figure judged against (profile point, band edge, ...)
    gap: Decimal | None = None  # value minus that figure
    reason: str = ""


_Reaches = tuple[tuple[Decimal, Status], ...]  # each band's reach from the bound, and its status


@dataclass(frozen=True, slots=True)
class RatingRule:
    """How one indicator is rated in one period: worked out once, applied to many values.

    `scheme` gives the statuses and their bands; `tolerance`, where the
    indicator has its own, sets the scheme's near-miss band (rag's amber).
    `period_number` (1 = April) picks the point of a profile target; `decimals`
    is the indicator's display precision: a value is judged as it is shown.
    """

    target: Target
    polarity: Polarity
    scheme: Scheme = Scheme.RAG
    tolerance: Tolerance | None = None
    period_number: int | None = None
    decimals: int | None = None
    _scheme: Scheme = field(init=False, repr=False)
    _met: Status | None = field(init=False, repr=False)  # None: monitor only
    _last: Status = field(init=False, repr=False)
    _fixed: tuple[Comparator, Decimal, _Reaches, _Reaches] | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        scheme = self.scheme.with_tolerance(self.tolerance)
        object.__setattr__(self, "_met", scheme.met)
        object.__setattr__(self, "_last", scheme.last or Status.MONITORED)
        target, fixed = self.target, None
        if isinstance(target, Profile):
            if self.period_number is None:
                raise ValueError("a profile target needs the month (period number) to rate against")
            target = target.threshold_at(self.period_number)
        if isinstance(target, Threshold):
            bound = target.amount
            fixed = (target.comparator_for(self.polarity), bound, *_reaches(scheme, bound))
        object.__setattr__(self, "_scheme", scheme)
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
        met = self._met
        if met is None:
            return _MONITORED
        if isinstance(target, NoTarget):
            return _NO_NUMERIC_TARGET[target.reason]
        shown = amount if self.decimals is None else round_to(amount, self.decimals)
        if self._fixed is not None:
            comparator, bound, beaten, near = self._fixed
        elif isinstance(target, Band):
            if target.low <= shown <= target.high:
                return Assessment(met, None, Decimal(0), "within the band")
            bound = target.low if shown < target.low else target.high
            comparator, (beaten, near) = Comparator.EQUAL, _reaches(self._scheme, bound)
        elif isinstance(target, Relative) and comparison and comparison.amount is not None:
            comparator, bound = target.comparator, comparison.amount
            if self.decimals is not None:  # judged as shown, like the value
                bound = round_to(bound, self.decimals)
            beaten, near = _reaches(self._scheme, bound)
        else:
            return _NO_COMPARISON
        gap = shown - bound
        if comparator.holds(shown, bound):
            if beaten and gap:  # a figure at the target has not beaten it
                distance = abs(gap)
                for margin, status in beaten:
                    if distance >= margin:
                        return Assessment(status, bound, gap, "target beaten")
            return Assessment(met, bound, gap, "target met")
        distance = abs(gap)
        for reach, status in near:
            if distance <= reach:
                return Assessment(status, bound, gap, "target missed")
        return Assessment(self._last, bound, gap, "target missed")


def _reaches(scheme: Scheme, bound: Decimal) -> tuple[_Reaches, _Reaches]:
    """How far from `bound` each band reaches: the margins that beat it, and the
    misses each band covers (bands that reach nothing left out: rag's green)."""
    beaten, near = scheme.allowances(bound)
    return beaten, tuple(reach for reach in near if reach[0] > 0)


_MONITORED = Assessment(Status.MONITORED, reason="monitor only: not rated")
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
    tolerance: Tolerance | None = None,
    comparison: Value | None = None,
    period_number: int | None = None,
    decimals: int | None = None,
) -> Assessment:
    """Rate `value` against `target` (the one-off form of `RatingRule`)."""
    rule = RatingRule(target, polarity, scheme, tolerance, period_number, decimals)
    return rule.assess(value, comparison)


__all__ = [
    "DEFAULT_TOLERANCE",
    "Assessment",
    "Grade",
    "RatingRule",
    "Scheme",
    "SchemeError",
    "Status",
    "Tolerance",
    "ToleranceError",
    "assess",
]
