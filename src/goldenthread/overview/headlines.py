"""The overview's headline per council: how many indicators have each status
this quarter, and the change since the quarter before ("Green 38 (up 3)",
"On target 12 (down 1)"), from the overview's own summary of the two quarters
(`selectors.overview`), so the headline counts what the summary table counts,
in its columns' labels."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.domain.schemes import Status
from goldenthread.domain.summary import SUMMARY_COLUMNS
from goldenthread.overview.selectors import SummaryRow


@dataclass(frozen=True)
class Count:
    """One status's count, and its change since the quarter before (None: no
    figures that quarter to compare with)."""

    status: str  # the column's label: "Green", "On target", "Not applicable", ...
    count: int
    change: int | None

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        if self.change == 0:
            return "no change"
        return f"{'up' if self.change > 0 else 'down'} {abs(self.change)}"

    @property
    def text(self) -> str:
        change = self.change_text
        return f"{self.status} {self.count}" + (f" ({change})" if change else "")


@dataclass(frozen=True)
class Headline:
    organisation: str
    counts: list[Count]
    total: int


def headlines(
    now: list[SummaryRow],
    before: list[SummaryRow],
    columns: tuple[Status, ...] = SUMMARY_COLUMNS,
) -> list[Headline]:
    """A headline per council of `now` (this quarter's summary), with the changes
    since `before` (the previous quarter's, by the same filters); `columns` are
    the summary's (`StatusColumns.columns`: rag's by default)."""
    earlier = {row.organisation: row for row in before if row.total}
    result = []
    for row in now:
        previous = earlier.get(row.organisation)
        counts = [
            Count(status.label, count, None if previous is None else count - previous.counts[i])
            for i, (status, count) in enumerate(zip(columns, row.counts, strict=True))
        ]
        result.append(Headline(row.organisation, counts, row.total))
    return result
