"""The overview's headline per council: how many indicators have each status
this quarter, and the change since the quarter before ("Green 38 (up 3)"),
from the overview's own summary of the two quarters (`selectors.overview`), so
the headline counts what the summary table counts."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.domain.summary import SUMMARY_COLUMNS
from goldenthread.overview.selectors import SummaryRow

# the summary's columns (domain.summary.SUMMARY_COLUMNS) as SummaryRow names them
_FIELDS = ("green", "amber", "red", "not_applicable", "incomplete", "no_target")
assert len(_FIELDS) == len(SUMMARY_COLUMNS)


@dataclass(frozen=True)
class Count:
    """One status's count, and its change since the quarter before (None: no
    figures that quarter to compare with)."""

    status: str  # "Green", "Not applicable", ...
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


def headlines(now: list[SummaryRow], before: list[SummaryRow]) -> list[Headline]:
    """A headline per council of `now` (this quarter's summary), with the changes
    since `before` (the previous quarter's, by the same filters)."""
    earlier = {row.organisation: row for row in before if row.total}
    result = []
    for row in now:
        previous = earlier.get(row.organisation)
        counts = [
            Count(
                status.value.capitalize(),
                getattr(row, name),
                None if previous is None else getattr(row, name) - getattr(previous, name),
            )
            for status, name in zip(SUMMARY_COLUMNS, _FIELDS, strict=True)
        ]
        result.append(Headline(row.organisation, counts, row.total))
    return result
