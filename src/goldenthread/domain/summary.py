"""Summaries: counts of each status per organisation, and the share met.

The share met ("share green") is the statuses that count as met (green,
achieved, on target, blue: `Grade.met_target`) over the *rated* indicators:
those judged against a target. Not applicable, incomplete, no-target and
monitor-only indicators are left out of the denominator, as the papers do when
they "discount the non-applicable indicators".

The summary table's columns are the primary scheme's statuses (rag unless the
team chose another: `schemes.summary_columns`), then not applicable,
incomplete and no target; a status of another scheme is counted in the column
of its grade (`schemes.column_of`: achieved as green, failed as red).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from goldenthread.domain.schemes import Status, column_of, summary_columns

# The rag summary table's status columns, in the papers' order.
SUMMARY_COLUMNS = summary_columns()


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

    def columns(self, columns: tuple[Status, ...] = SUMMARY_COLUMNS) -> tuple[int, ...]:
        """The count in each of `columns` (the papers' layout by default: green,
        amber, red, not applicable, incomplete, no target), then the total; each
        status is counted in its column (`schemes.column_of`)."""
        grouped: Counter[Status] = Counter()
        for status, n in self.counts.items():
            grouped[column_of(status, columns)] += n
        return (*(grouped[column] for column in columns), self.total)

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
