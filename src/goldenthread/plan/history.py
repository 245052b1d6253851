"""An action's change history: who changed its register entry and its
milestones, when, and what, field by field, newest first (`audit.changes`)."""

from __future__ import annotations

from goldenthread.audit.changes import Change, changes_of
from goldenthread.plan.models import Action, Milestone


def action_changes(action: Action) -> list[Change]:
    return changes_of(
        [
            (action.history.all(), "Register entry"),
            (Milestone.history.filter(action_id=action.pk), "Milestone"),
        ],
        ignored={"action"},
    )
