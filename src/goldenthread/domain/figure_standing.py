"""What a person sees of a figure before its return is approved.

A figure belongs to the returns of the quarters it covers (a month to its
quarter's, a year's outturn to the year's four). It is *approved* when none of
those returns is awaiting approval: every one is approved, or there is none
(the figure was recorded outside the returns, e.g. an outturn the performance
team set, or figures loaded from published papers).

Before approval:

- the performance team, the service's officers and the directors who sign it
  off see the figure as a *draft*, marked with its return's state;
- everyone else (readers, officers of other services) sees it *provisional*,
  marked so, where the team publishes provisional figures;
- else it is *withheld*: "Awaiting approval", no figure, no status, not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from goldenthread.domain.lifecycle import State


class FigureStanding(StrEnum):
    APPROVED = "approved"
    DRAFT = "draft"
    PROVISIONAL = "provisional"
    WITHHELD = "withheld"

    @property
    def shown(self) -> bool:
        """Shown, and counted in the summary (withheld figures are neither)."""
        return self is not FigureStanding.WITHHELD


#: What a withheld figure shows instead.
AWAITING_APPROVAL = "Awaiting approval"


def figure_standing(
    states: Iterable[State | None], *, sees_drafts: bool, provisional_to_readers: bool
) -> FigureStanding:
    """The standing of a figure whose quarters' returns are in `states` (None:
    no return), for a person who sees the service's drafts or does not."""
    if all(state in (None, State.APPROVED) for state in states):
        return FigureStanding.APPROVED
    if sees_drafts:
        return FigureStanding.DRAFT
    if provisional_to_readers:
        return FigureStanding.PROVISIONAL
    return FigureStanding.WITHHELD


def standing_label(standing: FigureStanding, state: State | None) -> str:
    """The mark beside a figure: "" when approved; a draft's return state
    ("Draft", "Submitted", "Sent back"); "Provisional"; "Awaiting approval"."""
    if standing is FigureStanding.APPROVED:
        return ""
    if standing is FigureStanding.DRAFT:
        return "Draft" if state in (None, State.DRAFT) else state.label
    if standing is FigureStanding.PROVISIONAL:
        return "Provisional"
    return AWAITING_APPROVAL


def _figures(count: int, kind: str) -> str:
    return f"{count} {kind} figure{'' if count == 1 else 's'}"


def counted_note(*, drafts: int, provisional: int, withheld: int) -> str:
    """What a summary of figures counts, in words."""
    extra = []
    if drafts:
        extra.append(_figures(drafts, "draft"))
    if provisional:
        extra.append(_figures(provisional, "provisional"))
    if not extra:
        note = "Counts approved figures only."
    else:
        listed = extra[0] if len(extra) == 1 else f"{extra[0]} and {extra[1]}"
        note = f"Counts approved figures and {listed}, not yet approved."
    if withheld:
        waiting = "figure awaiting" if withheld == 1 else "figures awaiting"
        note += f" {withheld} {waiting} approval {'is' if withheld == 1 else 'are'} not counted."
    return note
