"""The sign-off interface of every kind of submission: a module's decision view
checks the person may see the submission, then calls `decide`; its page includes
`submissions/_sign_off.html`."""

from __future__ import annotations

from collections.abc import Collection

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Party, ReasonNeeded, Refused, Transition
from goldenthread.submissions.forms import REASON_LABEL, DecisionForm
from goldenthread.submissions.kinds import kind_of
from goldenthread.submissions.models import Submission
from goldenthread.submissions.services import submission_move


def decide(
    request: HttpRequest, submission: Submission, *, parties: Collection[Party]
) -> DecisionForm | None:
    """Take the decision posted on `submission`: None once taken (a message says
    so); else the form, saying why not. PermissionDenied if the person may not take
    the action (the caller refuses anyone who is no signatory before this)."""
    decision = DecisionForm(request.POST)
    if not decision.is_valid():
        return decision
    action = decision.cleaned_data["action"]
    if not lifecycle.may(action, parties):
        raise PermissionDenied("You may not take this decision")
    try:
        submission_move(
            submission,
            action,
            expected_version=decision.cleaned_data["version"],
            reason=decision.cleaned_data["reason"],
            by=request.user,
        )
    except Refused as error:
        decision.add_error("reason" if isinstance(error, ReasonNeeded) else None, str(error))
        return decision
    messages.success(request, kind_of(type(submission)).done[action])
    return None


def sign_off(
    submission: Submission, *, parties: Collection[Party], decision: DecisionForm | None = None
) -> dict[str, object]:
    """What `submissions/_sign_off.html` shows: the form (with the version to decide
    on) and the buttons this person has in the submission's state."""
    moves: list[Transition] = [
        t for t in lifecycle.actions(submission.status, parties) if t.who == Party.SIGNATORY
    ]
    return {
        "form": decision or DecisionForm(initial={"version": submission.version}),
        "moves": moves,
        "noun": kind_of(type(submission)).noun,
        "reason_label": REASON_LABEL,
    }
