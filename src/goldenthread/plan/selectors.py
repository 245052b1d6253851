"""Reads of the Improvement Plan: the judgement scales, what a person may see,
each action's quarter with its flags, and the summary table per service.

Who sees what: the performance team and people covering every council see the
whole plan; anyone else sees the actions for their councils and for all
partners ("ALL"), and every action of a plan that is their organisation's
(the shared service's people see all of the shared service's plan); never
another council's own actions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from goldenthread.domain.in_force import DaySpan
from goldenthread.domain.judgements import CONFIDENCE, PROGRESS, Judgement, Scale, Tally, tally
from goldenthread.domain.periods import Quarter
from goldenthread.domain.target_dates import TargetDate, overdue, said_nothing_new
from goldenthread.people.access import Scope, partner_filter
from goldenthread.plan.models import Action, ActionUpdate, PlanService, PlanSettings, PlanUpdate


def plan_settings() -> PlanSettings:
    """The stored settings, else the defaults (not saved)."""
    return PlanSettings.objects.filter(id=1).first() or PlanSettings(id=1)


def progress_scale(settings: PlanSettings | None = None) -> Scale:
    rows = (settings or plan_settings()).progress_scale
    return Scale.build("progress", rows) if rows else PROGRESS


def confidence_scale(settings: PlanSettings | None = None) -> Scale | None:
    """The second judgement's scale, or None where the team has not turned it on."""
    settings = settings or plan_settings()
    if not settings.confidence_on:
        return None
    rows = settings.confidence_scale
    return Scale.build("confidence", rows) if rows else CONFIDENCE


def action_filter(scope: Scope) -> Q:
    """The actions this scope may see, as a filter (`people.access.partner_filter`)."""
    return partner_filter(scope, owner="service__organisation")


def visible_actions(scope: Scope) -> QuerySet[Action]:
    return (
        Action.objects.filter(action_filter(scope))
        .distinct()
        .select_related("service__service_area__directorate", "service__organisation", "priority")
        .prefetch_related("partners")
    )


def may_see_action(scope: Scope, action: Action) -> bool:
    return visible_actions(scope).filter(pk=action.pk).exists()


def partners_label(action: Action) -> str:
    """The plan's words for whom an action is for: "ALL", "LBH/LBN"."""
    if action.all_partners:
        return "ALL"
    return "/".join(sorted(o.code for o in action.partners.all()))


@dataclass(frozen=True)
class ActionQuarter:
    """An action as it stood in a quarter: its update (if any), the judgement it
    was given, and its flags."""

    action: Action
    update: ActionUpdate | None
    judgement: Judgement | None
    confidence: Judgement | None
    overdue: bool
    nothing_new: bool

    @property
    def target(self) -> TargetDate:
        return self.action.target_date

    @property
    def flags(self) -> list[str]:
        words = []
        if self.overdue:
            words.append("Target date passed, not complete")
        if self.nothing_new:
            words.append("On track, nothing new said since last quarter")
        if self.update is not None and self.update.late:
            words.append("Updated late")
        return words


def action_quarters(
    actions: Iterable[Action], quarter: Quarter, *, today: datetime.date | None = None
) -> list[ActionQuarter]:
    """Each action in `quarter`: its update (from any state of the plan update),
    its judgements and flags. Overdue is judged at the quarter's end or today,
    whichever is earlier."""
    actions = list(actions)
    scale, second = progress_scale(), confidence_scale()
    this, before = _updates_in(actions, quarter), _updates_in(actions, quarter.previous())
    when = min(today or datetime.date.today(), DaySpan.of(quarter).last)
    rows = []
    for action in actions:
        update = this.get(action.pk)
        judgement = scale.find(update.status) if update and update.status else None
        stand = judgement.stand if judgement else None
        last = before.get(action.pk)
        rows.append(
            ActionQuarter(
                action=action,
                update=update,
                judgement=judgement,
                confidence=(
                    second.find(update.confidence)
                    if second and update and update.confidence
                    else None
                ),
                overdue=overdue(action.target_date, stand, when),
                nothing_new=said_nothing_new(
                    stand, update.progress if update else "", last.progress if last else None
                ),
            )
        )
    return rows


def _updates_in(actions: Sequence[Action], quarter: Quarter) -> dict[int, ActionUpdate]:
    rows = ActionUpdate.objects.filter(
        action__in=actions,
        update__year=quarter.financial_year.start_year,
        update__quarter=quarter.number,
    ).select_related("update")
    return {row.action_id: row for row in rows}


def update_of(service: PlanService, quarter: Quarter) -> PlanUpdate | None:
    return PlanUpdate.objects.filter(
        organisation=service.organisation,
        service_area=service.service_area,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    ).first()


def history_of(action: Action) -> list[ActionUpdate]:
    """Every quarter's update of an action, latest first."""
    return list(
        action.updates.select_related("update", "update__updated_by").order_by(
            "-update__year", "-update__quarter"
        )
    )


@dataclass(frozen=True)
class ServiceSummary:
    """A service's row group in the summary table (seed 001's layout): per
    judgement the count, share and the lead's explanation line; the total."""

    name: str
    number: int | None
    lead: str
    tallies: list[Tally]
    explanations: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(t.count for t in self.tallies)

    def explanation(self, tally: Tally) -> str:
        return self.explanations.get(tally.judgement.code, "")


def summary(
    rows: Sequence[ActionQuarter], quarter: Quarter, services: Iterable[PlanService]
) -> tuple[list[ServiceSummary], ServiceSummary]:
    """The summary per service (those with actions in `rows`) and overall, of
    the judgements given in `quarter` (an action not yet judged is not counted)."""
    scale = progress_scale()
    by_service: dict[int, list[str]] = {}
    for row in rows:
        if row.judgement is not None:
            by_service.setdefault(row.action.service_id, []).append(row.judgement.code)
    shown = {row.action.service_id for row in rows}
    parts = []
    for service in services:
        if service.pk not in shown:
            continue
        update = update_of(service, quarter)
        parts.append(
            ServiceSummary(
                service.name,
                service.number,
                service.lead,
                tally(scale, by_service.get(service.pk, [])),
                dict(update.explanations) if update else {},
            )
        )
    every = [code for codes in by_service.values() for code in codes]
    return parts, ServiceSummary("All services", None, "", tally(scale, every))


def services_with_actions(scope: Scope) -> list[PlanService]:
    visible = visible_actions(scope)
    return list(
        PlanService.objects.filter(actions__in=visible)
        .distinct()
        .select_related("service_area__directorate", "organisation")
        .prefetch_related(Prefetch("actions", queryset=visible.order_by("reference")))
    )
