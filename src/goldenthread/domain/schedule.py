"""The reporting schedule: which indicators are reported in which quarter.

Monthly and quarterly indicators are reported every quarter; an annual
indicator only with the year's last quarter (Q4), when its year is complete.
"""

from __future__ import annotations

from enum import StrEnum

from goldenthread.domain.periods import Quarter


class Frequency(StrEnum):
    """How often an indicator's figure is collected."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    def reported_in(self, quarter: Quarter) -> bool:
        """Whether an indicator of this frequency is reported in `quarter`."""
        return self is not Frequency.ANNUAL or quarter.number == 4


def frequencies_reported_in(quarter: Quarter) -> list[Frequency]:
    """The frequencies whose indicators are reported in `quarter`, in order."""
    return [frequency for frequency in Frequency if frequency.reported_in(quarter)]
