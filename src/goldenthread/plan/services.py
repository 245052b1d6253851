"""Writes to the Improvement Plan's quarterly updates: saving the actions'
updates (and the lead's summary lines) and submitting; each one transaction,
on the submission lifecycle (`goldenthread.submissions.services`): a save on a
stale copy is refused, a state that does not allow it is refused with the
reason. Signing off, sending back and reopening are the lifecycle's own
(`submissions.views.decide`)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Action as Move
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.plan.models import Action, ActionUpdate, Milestone, PlanService, PlanUpdate
from goldenthread.reporting.selectors import due_date
from goldenthread.submissions.services import submission_move

PlanUpdateRefused = lifecycle.Refused


@dataclass(frozen=True)
class ActionEntry:
    """An action's update as entered."""

    action: Action
    status: str
    confidence: str
    percent_complete: int | None
    progress: str
    next_steps: str

    def same_as(self, row: ActionUpdate) -> bool:
        return (
            self.status,
            self.confidence,
            self.percent_complete,
            self.progress,
            self.next_steps,
        ) == (row.status, row.confidence, row.percent_complete, row.progress, row.next_steps)


def update_open(service: PlanService, quarter: Quarter) -> PlanUpdate:
    """The service's update for the quarter, made (as a draft) if there is none."""
    update, _ = PlanUpdate.objects.get_or_create(
        organisation=service.organisation,
        service_area=service.service_area,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    )
    return update


def quarter_of(update: PlanUpdate) -> Quarter:
    return Quarter(FinancialYear(update.year), update.quarter)


def update_save(
    update: PlanUpdate,
    entries: Sequence[ActionEntry],
    *,
    expected_version: int,
    by: AbstractBaseUser,
    explanations: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> int:
    """Store the entries (an action's row changed after the quarter's due date is
    marked late) and the lead's lines, claiming the next version. Returns how
    many actions' updates changed."""
    late = (today or datetime.date.today()) > due_date(quarter_of(update))
    changed = 0
    with transaction.atomic():
        submission_move(update, Move.SAVE, expected_version=expected_version, by=by)
        stored = {row.action_id: row for row in update.actions.select_for_update()}
        for entry in entries:
            row = stored.get(entry.action.pk)
            if row is not None and entry.same_as(row):
                continue
            row = row or ActionUpdate(update=update, action=entry.action)
            row.status, row.confidence = entry.status, entry.confidence
            row.percent_complete = entry.percent_complete
            row.progress, row.next_steps = entry.progress, entry.next_steps
            row.late = row.late or late
            row._history_user = by  # type: ignore[attr-defined]
            row.save()
            changed += 1
        if explanations is not None and explanations != update.explanations:
            update.explanations = explanations
            update._history_user = by  # type: ignore[attr-defined]
            update.save(update_fields=["explanations"])
    return changed


def missing_for_submit(update: PlanUpdate) -> list[str]:
    """Why the update cannot be submitted yet: each open action of the service
    without a judgement or without a progress comment."""
    service = PlanService.objects.get(service_area=update.service_area)
    rows = {row.action_id: row for row in update.actions.all()}
    problems = []
    for action in service.actions.filter(closed=False).order_by("reference"):
        row = rows.get(action.pk)
        if row is None or not row.status:
            problems.append(f"{action.reference}: give its status")
        elif not row.progress:
            problems.append(f"{action.reference}: say what progress was made")
    return problems


def update_submit(update: PlanUpdate, *, expected_version: int, by: AbstractBaseUser) -> None:
    """Submit for the lead's sign-off, once every open action is judged with a
    progress comment; else `Refused` listing what is missing."""
    problems = missing_for_submit(update)
    if problems:
        raise PlanUpdateRefused("Not submitted: " + "; ".join(problems) + ".")
    submission_move(update, Move.SUBMIT, expected_version=expected_version, by=by)


def milestone_save(milestone: Milestone, *, by: AbstractBaseUser) -> None:
    milestone._history_user = by  # type: ignore[attr-defined]
    milestone.save()


def milestone_delete(milestone: Milestone, *, by: AbstractBaseUser) -> None:
    milestone._history_user = by  # type: ignore[attr-defined]
    milestone.delete()
