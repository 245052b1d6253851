"""Summaries: counts of each status per organisation, and the share green.

The share green is green (or achieved) over the *rated* indicators: those
judged against a target (green, amber, red; achieved, failed). Not applicable,
incomplete and no-target indicators are left out of the denominator, as the
papers do when they "discount the non-applicable indicators".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from goldenthread.domain.rating import Status

# The summary table's status columns, in the papers' order; every status is
# counted in one of them (its `Status.group`).
SUMMARY_COLUMNS = (
    Status.GREEN,
    Status.AMBER,
    Status.RED,
    Status.NOT_APPLICABLE,
    Status.INCOMPLETE,
    Status.NO_TARGET,
)


@dataclass(slots=True)
class StatusCounts:
    """How many indicators of one organisation have each status."""

    organisation: str
    counts: Counter[Status] = field(default_factory=Counter)

    def add(self, status: Status, indicators: int = 1) -> None:
        self.counts[status] += indicators

    def __getitem__(self, status: Status) -> int:
        return self.counts[status]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def rated(self) -> int:
        return sum(n for status, n in self.counts.items() if status.is_rated)

    @property
    def met(self) -> int:
        return sum(n for status, n in self.counts.items() if status.met_target)

    def columns(self) -> tuple[int, int, int, int, int, int, int]:
        """The summary table's columns as the papers lay them out: green, amber,
        red, not applicable, incomplete, no target, total (each status counted
        in its `Status.group`: achieved as green, failed as red)."""
        grouped: Counter[Status] = Counter()
        for status, n in self.counts.items():
            grouped[status.group] += n
        green, amber, red, not_applicable, incomplete, no_target = (
            grouped[status] for status in SUMMARY_COLUMNS
        )
        return green, amber, red, not_applicable, incomplete, no_target, self.total

    @property
    def share_green(self) -> Decimal | None:
        """Met over rated, as a percentage; None when nothing was rated."""
        return Decimal(self.met * 100) / self.rated if self.rated else None


def summarise(statuses: Iterable[tuple[str, Status]]) -> dict[str, StatusCounts]:
    """Count (organisation, status) pairs, organisations in order of first appearance."""
    summary: dict[str, StatusCounts] = {}
    for organisation, status in statuses:
        summary.setdefault(organisation, StatusCounts(organisation)).add(status)
    return summary
