"""Direction of travel: this period's figure against the comparison period's.

The *movement* is what the figure did (up, down, same); the *direction* is
whether that is good news, by the indicator's polarity: improving, maintained
or declining. `NEW` when there is nothing to compare with; `NOT MEASURED` when
the indicator has no polarity (the movement is still given). Figures are
compared as they are shown (rounded to the indicator's decimal places), so a
change too small to see counts as maintained. Summed quantities compared with
a period of another length are first put on a like-for-like footing by the
caller (`aggregation.like_for_like`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.values import Value, round_to


class Direction(StrEnum):
    IMPROVING = "IMPROVING"
    MAINTAINED = "MAINTAINED"
    DECLINING = "DECLINING"
    NEW = "NEW"
    NOT_MEASURED = "NOT MEASURED"

    @property
    def label(self) -> str:
        """As a reader sees it, on the pages and in the pack: 'Measured' for an
        indicator with no polarity (seed 001's key: measured this period, but with
        no better or worse direction), otherwise the word itself ('Improving')."""
        return _LABELS.get(self, self.value.capitalize())


_LABELS = {Direction.NOT_MEASURED: "Measured"}


class Movement(StrEnum):
    UP = "UP"
    DOWN = "DOWN"
    SAME = "SAME"


@dataclass(frozen=True, slots=True)
class Travel:
    """Direction and movement; both None when there is no figure this period."""

    direction: Direction | None
    movement: Movement | None = None


def direction_of_travel(
    value: Value, comparison: Value | None, *, polarity: Polarity, decimals: int | None = None
) -> Travel:
    """Compare `value` with `comparison` (last period, or the same period last year)."""
    if value.amount is None:
        return _NO_FIGURE
    if comparison is None or comparison.amount is None:
        return _NEW
    now, before = round_to(value.amount, decimals), round_to(comparison.amount, decimals)
    movement = Movement.UP if now > before else Movement.DOWN if now < before else Movement.SAME
    return _TRAVELS[polarity, movement]


def _direction(polarity: Polarity, movement: Movement) -> Direction:
    """Whether a figure that made `movement` is good news, by the polarity."""
    if polarity is Polarity.NONE:
        return Direction.NOT_MEASURED
    if movement is Movement.SAME:
        return Direction.MAINTAINED
    better = (movement is Movement.UP) == (polarity is Polarity.UP)
    return Direction.IMPROVING if better else Direction.DECLINING


# A Travel is immutable and there are few of them: each is made once, not per figure.
_NO_FIGURE = Travel(None)
_NEW = Travel(Direction.NEW)
_TRAVELS = {
    (polarity, movement): Travel(_direction(polarity, movement), movement)
    for polarity in Polarity
    for movement in Movement
}
