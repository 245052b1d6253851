"""What a person sees of the plan's quarterly updates: the team, the plan
service's officers and the director who signs it off see every update, drafts
marked ("Draft", "Submitted", "Sent back"); anyone else sees an action's update
only once its quarter's plan update is signed off (approved), as the figures of
a data return (`returns.visibility`).

And the risks an action serves, as the risk register shows them (the one rule,
`people.access.partner_filter`, read through the action's `risk_actions`: the
risk register sits above the plan)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from goldenthread.domain.in_force import DaySpan
from goldenthread.domain.judgements import Judgement
from goldenthread.domain.lifecycle import State
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.target_dates import overdue
from goldenthread.people.access import Scope, partner_filter
from goldenthread.plan.kind import PLAN_UPDATES
from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanUpdate
from goldenthread.plan.selectors import (
    ActionQuarter,
    ServiceSummary,
    action_quarters,
    confidence_scale,
    progress_scale,
    update_of,
)

AWAITING = "Awaiting sign-off"


def sees_drafts(scope: Scope, service: PlanService) -> bool:
    """The team, the service area's officers and its directorate's director."""
    return bool(PLAN_UPDATES.parties(scope, service.organisation, service.service_area))


def update_seen(scope: Scope, service: PlanService, update: PlanUpdate | None) -> bool:
    return update is not None and (
        update.status == State.APPROVED.value or sees_drafts(scope, service)
    )


def draft_label(update: PlanUpdate) -> str:
    """ "Draft", "Submitted", "Sent back" for an update not yet signed off; else ""."""
    return "" if update.status == State.APPROVED.value else State(update.status).label


def seen_quarters(
    scope: Scope,
    rows: Sequence[ActionQuarter],
    quarter: Quarter,
    *,
    today: datetime.date | None = None,
) -> list[ActionQuarter]:
    """The rows as this person may see them: an update they may not see yet is
    taken out (not judged, not counted; overdue judged without it)."""
    when = min(today or datetime.date.today(), DaySpan.of(quarter).last)
    drafts: dict[int, bool] = {}
    shown = []
    for row in rows:
        service = row.action.service
        if service.pk not in drafts:
            drafts[service.pk] = sees_drafts(scope, service)
        if row.update is None or drafts[service.pk] or row.update.update.status == "approved":
            shown.append(row)
            continue
        shown.append(
            dataclasses.replace(
                row,
                update=None,
                judgement=None,
                confidence=None,
                nothing_new=False,
                overdue=overdue(row.action.target_date, None, when),
            )
        )
    return shown


def action_quarters_seen(
    scope: Scope, actions: Sequence[Action], quarter: Quarter
) -> list[ActionQuarter]:
    """`selectors.action_quarters` as this person may see them."""
    return seen_quarters(scope, action_quarters(actions, quarter), quarter)


def awaiting(scope: Scope, rows: Sequence[ActionQuarter]) -> set[int]:
    """The actions whose update exists but is not yet shown to this person."""
    return {
        row.action.pk
        for row in rows
        if row.update is not None
        and row.update.update.status != "approved"
        and not sees_drafts(scope, row.action.service)
    }


def seen_summaries(
    scope: Scope,
    summaries: Sequence[ServiceSummary],
    services: Iterable[PlanService],
    quarter: Quarter,
) -> list[ServiceSummary]:
    """The lead's lines only where this person may see the service's update."""
    by_name = {s.name: s for s in services}
    shown = []
    for part in summaries:
        service = by_name.get(part.name)
        update = update_of(service, quarter) if service else None
        if service is not None and not update_seen(scope, service, update):
            part = dataclasses.replace(part, explanations={})
        shown.append(part)
    return shown


@dataclass(frozen=True)
class SeenUpdate:
    """An action's update for a quarter as a person may see it."""

    row: ActionUpdate
    quarter: Quarter
    judgement: Judgement | None
    confidence: Judgement | None
    label: str  # "Draft", "Submitted", "Sent back"; "" once signed off


def seen_history(scope: Scope, action: Action, rows: Iterable[ActionUpdate]) -> list[SeenUpdate]:
    """An action's quarters this person may see (latest first), drafts marked."""
    scale, second = progress_scale(), confidence_scale()
    drafts = sees_drafts(scope, action.service)
    shown = []
    for row in rows:
        if row.update.status != State.APPROVED.value and not drafts:
            continue
        shown.append(
            SeenUpdate(
                row,
                Quarter(FinancialYear(row.update.year), row.update.quarter),
                scale.find(row.status) if row.status else None,
                second.find(row.confidence) if second and row.confidence else None,
                draft_label(row.update),
            )
        )
    return shown


def latest_seen(scope: Scope, actions: Iterable[Action]) -> list[tuple[Action, SeenUpdate | None]]:
    """Each action with its latest update this person may see (or None)."""
    rows = []
    for action in actions:
        history = seen_history(
            scope,
            action,
            action.updates.select_related("update").order_by("-update__year", "-update__quarter"),
        )
        rows.append((action, history[0] if history else None))
    return rows


@dataclass(frozen=True)
class ServedRisk:
    reference: str
    title: str
    url: str | None  # the risk's page, once the risk register has one


def risks_served(scope: Scope, actions: QuerySet[Action] | Sequence[Action]) -> list[ServedRisk]:
    """The risks these actions serve that this person may see, by reference."""
    risk_action = Action._meta.get_field("risk_actions").related_model  # risks.RiskAction
    found = (
        risk_action.objects.filter(
            partner_filter(scope, owner="organisation", prefix="risk__"), plan_action__in=actions
        )
        .select_related("risk")
        .order_by("risk__reference")
    )
    served: dict[str, ServedRisk] = {}
    for row in found:
        risk = row.risk
        if risk.reference not in served:
            served[risk.reference] = ServedRisk(
                risk.reference, risk.title, _risk_url(risk.reference)
            )
    return list(served.values())


def _risk_url(reference: str) -> str | None:
    try:
        return reverse("risks:risk", args=[reference])
    except NoReverseMatch:
        return None
