"""The sign-off interface of every kind of submission: a module's decision view
checks the person may see the submission and `may_post` a decision, then calls
`decide`; its page includes `submissions/_sign_off.html`. The buttons are the
table's decisions (every move not made with the content): a signatory's approve,
send back and reopen, and a contributor's withdraw."""

from __future__ import annotations

from collections.abc import Collection

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Party, ReasonNeeded, Refused, Transition
from goldenthread.submissions.forms import REASON_LABEL, DecisionForm
from goldenthread.submissions.kinds import kind_of
from goldenthread.submissions.models import Submission
from goldenthread.submissions.services import submission_move


def may_post(request: HttpRequest, parties: Collection[Party]) -> bool:
    """Whether this person may post a decision: a signatory (whatever they post:
    the form says what is wrong with it), or someone posting a decision that is
    theirs to take (a contributor withdrawing). Anyone else is refused unread."""
    if Party.SIGNATORY in parties:
        return True
    posted = request.POST.get("action", "")
    return any(t.action == posted and t.who in parties for t in lifecycle.DECISIONS)


def decide(
    request: HttpRequest, submission: Submission, *, parties: Collection[Party]
) -> DecisionForm | None:
    """Take the decision posted on `submission`: None once taken (a message says
    so); else the form, saying why not. PermissionDenied if the person may not take
    the action (the caller refuses anyone who may not post, `may_post`, before this)."""
    decision = DecisionForm(request.POST)
    if not decision.is_valid():
        return decision
    action = decision.cleaned_data["action"]
    if not lifecycle.may(action, parties):
        raise PermissionDenied("You may not take this decision")
    opened = decision.cleaned_data["version"]
    try:
        submission_move(
            submission,
            action,
            expected_version=opened,
            reason=decision.cleaned_data["reason"],
            by=request.user,
        )
    except Refused as error:
        message = str(error)
        if not isinstance(error, ReasonNeeded) and submission.version != opened:
            message += " " + _changed_since(submission)
        decision.add_error("reason" if isinstance(error, ReasonNeeded) else None, message)
        return decision
    messages.success(request, kind_of(type(submission)).done[action])
    return None


def _changed_since(submission: Submission) -> str:
    """Why the state is not what the person saw: who moved it, and when."""
    by = submission.updated_by
    who = (by.get_full_name() or by.get_username()) if by else "Someone"
    when = timezone.localtime(submission.updated_at).strftime("%-d %B %Y at %H:%M")
    state = lifecycle.State(submission.status).label.lower()
    return f"{who} changed it on {when}, after you opened this page: it is {state} now."


def sign_off(
    submission: Submission, *, parties: Collection[Party], decision: DecisionForm | None = None
) -> dict[str, object]:
    """What `submissions/_sign_off.html` shows: the form (with the version to decide
    on) and the buttons this person has in the submission's state. Empty (nothing
    to show) for someone who signs nothing off and has no decision to take now."""
    moves: list[Transition] = lifecycle.decisions(submission.status, parties)
    signatory = Party.SIGNATORY in parties
    if not signatory and not moves:
        return {}
    return {
        "form": decision or DecisionForm(initial={"version": submission.version}),
        "moves": moves,
        "signatory": signatory,
        "noun": kind_of(type(submission)).noun,
        "reason_label": REASON_LABEL,
    }


def opened_version(text: str | None) -> int:
    """The version a submission's page was opened at, as it posts it back
    (anything unreadable is stale: -1, so the save is refused as stale)."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else -1


def saved_meanwhile(submission: Submission) -> dict[str, str]:
    """Who saved the submission after a person opened it, and when (the page's
    conflict message)."""
    by = submission.updated_by
    return {
        "by": (by.get_full_name() or by.get_username()) if by else "Someone else",
        "time": timezone.localtime(submission.updated_at).strftime("%-d %B %Y at %H:%M"),
    }


def page_errors(
    errors: list[tuple[str, str]],
    *,
    noun: str,
    conflict: dict[str, str] | None = None,
    refused: str = "",
    decision: DecisionForm | None = None,
) -> list[tuple[str, str]]:
    """The error summary of a submission's page, as (field id, message): a save
    over someone else's first, then the fields' problems, a refusal, and the
    decision form's problems."""
    found = list(errors)
    if conflict is not None:
        found.insert(
            0,
            (
                "conflict",
                f"{conflict['by']} saved this {noun} on {conflict['time']}, after you "
                "opened it: your entries are still on this page.",
            ),
        )
    if refused:
        found.append(("", refused))
    if decision is not None:
        found += [
            ("id_reason" if name == "reason" else "", message)
            for name, problems in decision.errors.items()
            for message in problems
        ]
    return found
