"""Direction of travel: this period's figure against the comparison period's.

The *movement* is what the figure did (up, down, same); the *direction* is
whether that is good news, by the indicator's polarity: improving, maintained
or declining, shown to readers as both ("Up, worse", "Down, better", "Same").
`NEW` when there is nothing to compare with; `NOT MEASURED` when the indicator
has no polarity (the movement is still given). Figures are
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
        """Good news or bad, as a reader sees it: 'Better', 'Same', 'Worse', 'New';
        'Measured' for an indicator with no polarity (seed 001's key: measured this
        period, but with no better or worse direction). With the figure's movement
        it reads 'Up, worse' (`travel_label`)."""
        return _LABELS[self]


_LABELS = {
    Direction.IMPROVING: "Better",
    Direction.MAINTAINED: "Same",
    Direction.DECLINING: "Worse",
    Direction.NEW: "New",
    Direction.NOT_MEASURED: "Measured",
}


class Movement(StrEnum):
    UP = "UP"
    DOWN = "DOWN"
    SAME = "SAME"


def travel_label(direction: Direction | None, movement: Movement | None) -> str:
    """The direction of travel in words for members, on the pages and in the pack:
    the figure's movement and whether it is good news ('Up, worse', 'Down, better'),
    else the direction's own word ('Same', 'New', 'Measured'); '' with no figure.
    ('Declining' beside an up arrow read wrong for days: fewer is better.)"""
    if direction is None:
        return ""
    if direction in (Direction.IMPROVING, Direction.DECLINING) and movement in _MOVED:
        return f"{_MOVED[movement]}, {direction.label.lower()}"
    return direction.label


_MOVED = {Movement.UP: "Up", Movement.DOWN: "Down"}


@dataclass(frozen=True, slots=True)
class Travel:
    """Direction and movement; both None when there is no figure this period."""

    direction: Direction | None
    movement: Movement | None = None

    @property
    def label(self) -> str:
        """'Up, worse', 'Down, better', 'Same', 'New', 'Measured' (`travel_label`)."""
        return travel_label(self.direction, self.movement)


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
