"""The lifecycle of a periodic submission: a data return, and next a plan update,
a risk review, a budget forecast or a survey round. Someone owes one for a council,
an area and a period; a contributor drafts and submits it; a signatory approves it
or sends it back with a reason; an approved one can be reopened, with a reason.
Until it is signed off, the contributor can withdraw a submitted one (back to a
draft, to change it).

`TRANSITIONS` is the one table of moves (action, from, to, who may, reason needed);
every rule here is read from it. Saving is an action too: it leaves the state as it
is, and the states it is allowed from are the editable ones. A reopened submission
is sent back (state `SENT_BACK`), its reason recorded as "Reopened: ...".
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SENT_BACK = "sent-back"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS: Final = {
    State.DRAFT: "Not submitted",
    State.SUBMITTED: "Submitted",
    State.SENT_BACK: "Sent back",
    State.APPROVED: "Approved",
}

#: What a submission that is owed, but that nobody has started, is shown as.
MISSING: Final = "Missing"


class Action(StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    APPROVE = "approve"
    SEND_BACK = "send-back"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"


class Party(StrEnum):
    """Who may take an action on a submission (each module says who is which)."""

    CONTRIBUTOR = "contributor"  # enters it: a service officer for their service area
    SIGNATORY = "signatory"  # signs it off: a director for their directorate


@dataclass(frozen=True)
class Transition:
    """One row of the table. `refusal` says why the action is refused from any other
    state ({noun}: "return"; {state}: the state's label in lower case); a reason is
    kept as `recorded_as` says. A move with no reason clears the reason kept."""

    action: Action
    sources: frozenset[State]
    target: State | None  # None: the state stays as it is
    who: Party
    reason_needed: bool
    label: str  # the button
    refusal: str
    recorded_as: str = "{}"


_OPEN: Final = frozenset({State.DRAFT, State.SENT_BACK})
_SUBMITTED: Final = frozenset({State.SUBMITTED})
_APPROVED: Final = frozenset({State.APPROVED})
_CONTRIBUTOR, _SIGNATORY = Party.CONTRIBUTOR, Party.SIGNATORY

# fmt: off
TRANSITIONS: Final = (
    #          action            from        to                who           reason label
    Transition(Action.SAVE,      _OPEN,      None,             _CONTRIBUTOR, False, "Save",
               "This {noun} is {state}: it cannot be changed unless it is reopened."),
    Transition(Action.SUBMIT,    _OPEN,      State.SUBMITTED,  _CONTRIBUTOR, False, "Submit",
               "This {noun} is already {state}."),
    Transition(Action.APPROVE,   _SUBMITTED, State.APPROVED,   _SIGNATORY,   False, "Approve",
               "Only a submitted {noun} can be approved."),
    Transition(Action.SEND_BACK, _SUBMITTED, State.SENT_BACK,  _SIGNATORY,   True,  "Send back",
               "Only a submitted {noun} can be sent back."),
    Transition(Action.REOPEN,    _APPROVED,  State.SENT_BACK,  _SIGNATORY,   True,  "Reopen",
               "Only an approved {noun} can be reopened.", recorded_as="Reopened: {}"),
    Transition(Action.WITHDRAW,  _SUBMITTED, State.DRAFT,      _CONTRIBUTOR, False, "Withdraw",
               "Only a submitted {noun} can be withdrawn: once signed off it is the "
               "signatory's to reopen."),
)
# fmt: on

_BY_ACTION: Final = {t.action: t for t in TRANSITIONS}

REASON_NEEDED: Final = "Enter a reason for the service: what needs correcting."


class Refused(Exception):
    """An action the submission's state does not allow; the message says why."""


class ReasonNeeded(Refused):
    """Sending back or reopening needs a reason."""


@dataclass(frozen=True)
class Move:
    """What an allowed action does: the state it leaves the submission in, and the
    reason then kept on it (None: the reason kept stays as it is)."""

    state: State
    reason: str | None


def transition(action: Action | str) -> Transition:
    return _BY_ACTION[Action(action)]


def allowed(action: Action | str, state: State | str) -> bool:
    """Whether the table allows `action` from `state`."""
    return State(state) in transition(action).sources


def may(action: Action | str, parties: Collection[Party]) -> bool:
    """Whether someone who is each of `parties` for a submission may take `action`."""
    return transition(action).who in parties


def editable(state: State | str) -> bool:
    """Whether a submission in `state` can be changed (saved)."""
    return allowed(Action.SAVE, state)


EDITABLE: Final = frozenset(s for s in State if editable(s))


#: The moves made with the submission's content, on the module's own form (saving
#: and submitting it); the others are decisions on it as it stands (the shared
#: sign-off form's buttons).
WITH_CONTENT: Final = frozenset({Action.SAVE, Action.SUBMIT})


def actions(state: State | str, parties: Collection[Party]) -> list[Transition]:
    """The moves someone who is each of `parties` can make from `state`, in the
    table's order (to show as buttons)."""
    return [t for t in TRANSITIONS if State(state) in t.sources and t.who in parties]


def decisions(state: State | str, parties: Collection[Party]) -> list[Transition]:
    """The decisions (moves not made with the content) someone who is each of
    `parties` can take from `state`: the sign-off form's buttons."""
    return [t for t in actions(state, parties) if t.action not in WITH_CONTENT]


DECISIONS: Final = tuple(t for t in TRANSITIONS if t.action not in WITH_CONTENT)


def check(action: Action | str, state: State | str, *, noun: str) -> Transition:
    """The transition for `action`, if allowed from `state`; else `Refused`."""
    row = transition(action)
    if State(state) not in row.sources:
        raise Refused(row.refusal.format(noun=noun, state=State(state).label.lower()))
    return row


def move(action: Action | str, state: State | str, *, noun: str, reason: str | None = None) -> Move:
    """What taking `action` from `state` does, with the `reason` given; `Refused`
    if the table does not allow it, `ReasonNeeded` if it needs a reason not given."""
    row = check(action, state, noun=noun)
    if row.target is None:
        return Move(State(state), None)
    if not row.reason_needed:
        return Move(row.target, "")
    if reason is None or not reason.strip():
        raise ReasonNeeded(REASON_NEEDED)
    return Move(row.target, row.recorded_as.format(reason.strip()))
