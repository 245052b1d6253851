"""Writes to any submission: claiming the next version (a stale copy is refused)
and moving it by an action of the lifecycle's table, in one transaction, recorded
on the submission (who, when, the reason) and in its history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Action, Refused, Transition
from goldenthread.submissions.kinds import kind_of
from goldenthread.submissions.models import Submission


class StaleSubmission(Refused):
    """Someone else saved the submission after this copy was opened."""


def ensure_allowed(submission: Submission, action: Action | str) -> Transition:
    """The table's row for `action`, if the submission's state allows it; else `Refused`."""
    return lifecycle.check(action, submission.status, noun=kind_of(type(submission)).noun)


def claim(
    submission: Submission, *, expected_version: int, by: AbstractBaseUser, **changes: object
) -> None:
    """Move the submission on one version, if nobody else has since `expected_version`.

    Call inside a transaction: the row is locked (PostgreSQL) or the database
    write lock is held (SQLite's immediate transactions) until it commits.
    """
    model = type(submission)
    current = model.objects.select_for_update().get(pk=submission.pk)
    if current.version != expected_version:
        raise StaleSubmission(kind_of(model).stale)
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current._history_user = by  # type: ignore[attr-defined]
    current.save()
    submission.refresh_from_db()


def submission_move(
    submission: Submission,
    action: Action | str,
    *,
    expected_version: int,
    by: AbstractBaseUser,
    reason: str | None = None,
) -> None:
    """Take `action` on the version decided on, as the table says: `Refused` if the
    state does not allow it, `ReasonNeeded` if it needs a reason not given,
    `StaleSubmission` if someone else changed it since. A save only claims the
    version (the module stores its content in the same transaction)."""
    moved = lifecycle.move(
        action, submission.status, noun=kind_of(type(submission)).noun, reason=reason
    )
    changes: dict[str, object] = {"status": moved.state.value}
    if moved.reason is not None:
        changes["reason"] = moved.reason
    kind = kind_of(type(submission))
    with transaction.atomic():
        claim(submission, expected_version=expected_version, by=by, **changes)
        if kind.moved is not None:
            kind.moved(submission, str(action))
