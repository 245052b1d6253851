"""A target as a spreadsheet needs it: its figure as a number and its comparator
in a column of its own, beside the target as written (which stays the record).

`>95.00%` is `>` and 0.95; a bare `20 days` is compared as its indicator's
polarity says (`<=` for days, where lower is better); a quarter's point of a
profile, `21.98% (profile, Jun-19)`, is `Profile` and 0.2198; a band, a relative
target (`Reduction`) and no target (`TBC`) name no single figure, so only their
comparator (`Between`, `Reduction`, ...) is given.
"""

from __future__ import annotations

import re

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.targets import (
    Band,
    NoTarget,
    Profile,
    Relative,
    TargetParseError,
    Threshold,
    parse_target,
)
from goldenthread.reports.content import NO_TARGET_FIGURE, Shown, TargetFigure

# how the pack writes a profile's point for the quarter (`returns` `target_shown`)
_PROFILE_POINT = re.compile(r"(?P<point>.+) \(profile, [^()]*\)")
# a target as written is short; anything longer is not read as a figure
_LONGEST = 200


def target_figure(written: str, *, unit: str, polarity: str) -> TargetFigure:
    """The comparator and figure of the target `written`, for an indicator measured
    in `unit` with `polarity` ('up', 'down', 'none'); nothing for text that is
    not a target."""
    text = written.strip()
    if not text or len(text) > _LONGEST:
        return NO_TARGET_FIGURE
    profile_point = _PROFILE_POINT.fullmatch(text)
    try:
        target = parse_target(profile_point["point"] if profile_point else text)
    except TargetParseError:
        return NO_TARGET_FIGURE
    if isinstance(target, Threshold):
        shown = Shown(written, target.amount, target.unit.value if target.unit else unit)
        if profile_point:
            return TargetFigure("Profile", shown)
        try:
            comparator = target.comparator_for(Polarity(polarity)).value
        except ValueError:  # an unknown polarity: only what is written
            comparator = target.comparator.value if target.comparator else ""
        return TargetFigure(comparator, shown)
    if isinstance(target, Band):
        return TargetFigure("Between", Shown(""))
    if isinstance(target, Profile):
        return TargetFigure("Profile", Shown(""))
    if isinstance(target, Relative):
        return TargetFigure(str(target), Shown(""))
    assert isinstance(target, NoTarget)
    return NO_TARGET_FIGURE
