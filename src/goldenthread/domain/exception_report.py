"""What an exception report must give: the commentary an off-target figure needs
before its return is submitted.

A figure off target (amber, red or failed) is explained in up to three parts, as
the return page labels them: the reasons, the difference between target and
achievement, and the remedial actions. Which parts are required is the
performance team's choice, one set for amber and one for red, read by the
status's grade whatever its scheme calls it: a near miss is "amber" (rag's
amber, "Within tolerance"), the last status "red" (rag's red, failed, "Off
target"). By default amber needs the reasons, and red the reasons and the
remedial actions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from goldenthread.domain.schemes import Grade, Status


class Part(StrEnum):
    """A part of an exception report's commentary (its value names the field)."""

    REASONS = "reasons"
    DIFFERENCE = "difference"
    REMEDIAL_ACTIONS = "remedial_actions"

    @property
    def label(self) -> str:
        """As the return page labels the field."""
        return _LABELS[self]


_LABELS: Final = {
    Part.REASONS: "Reasons",
    Part.DIFFERENCE: "Difference between target and achievement",
    Part.REMEDIAL_ACTIONS: "Remedial actions",
}


@dataclass(frozen=True)
class ExceptionReportRules:
    """The parts an amber figure's commentary must give, and a red one's."""

    amber: frozenset[Part]
    red: frozenset[Part]

    @classmethod
    def of(cls, amber: Iterable[Part | str], red: Iterable[Part | str]) -> ExceptionReportRules:
        return cls(frozenset(Part(p) for p in amber), frozenset(Part(p) for p in red))

    def required(self, status: Status | str) -> tuple[Part, ...]:
        """The parts a figure of `status` must give, in the page's order; none for a
        figure on target or not rated."""
        grade = _status(status).grade
        wanted = self.amber if grade is Grade.NEAR else self.red if grade is Grade.MISSED else ()
        return tuple(part for part in Part if part in wanted)

    def missing(self, status: Status | str, given: Mapping[str, str] | None) -> tuple[Part, ...]:
        """The required parts left blank in `given` (part name to text; None: no
        commentary at all)."""
        given = given or {}
        return tuple(p for p in self.required(status) if not str(given.get(p, "")).strip())


DEFAULT_RULES: Final = ExceptionReportRules.of(
    amber=[Part.REASONS], red=[Part.REASONS, Part.REMEDIAL_ACTIONS]
)


def missing_message(reference: str, title: str, status: Status | str, part: Part) -> str:
    """What a refused submit says about one part left blank."""
    return f"{reference} {title} is {_status(status).label.lower()}: enter the {part.label.lower()}"


def _status(status: Status | str) -> Status:
    return status if isinstance(status, Status) else Status.from_code(status)
