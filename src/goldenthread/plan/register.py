"""The plan's page (`/plan/`): how it reads its query string (the quarter and
the filters: service, priority, status, council), and what it shows: the
summary table per service and overall (seed 001's layout) and each service's
actions with this quarter's update, as this person may see them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict

from goldenthread.domain.judgements import Tally
from goldenthread.domain.periods import FinancialYear, Month, PeriodError, Quarter, parse_period
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import Scope, visible_organisations
from goldenthread.plan.models import Action, PlanService, PlanUpdate, Priority
from goldenthread.plan.selectors import (
    ActionQuarter,
    ServiceSummary,
    action_quarters,
    partners_label,
    summary,
)
from goldenthread.plan.visibility import awaiting, seen_quarters, seen_summaries

NOT_JUDGED = "none"  # the status filter's choice for actions not yet judged


def latest_plan_quarter(today: datetime.date | None = None) -> Quarter:
    """The latest quarter with a plan update, else the current quarter."""
    latest = PlanUpdate.objects.order_by("-year", "-quarter").first()
    if latest is not None:
        return Quarter(FinancialYear(latest.year), latest.quarter)
    today = today or datetime.date.today()
    return Month(today.year, today.month).quarter


def quarter_from(text: str | None) -> Quarter:
    """The quarter named in the query string, else the latest (bad text too)."""
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            return latest_plan_quarter()
        if isinstance(period, Quarter):
            return period
        if isinstance(period, Month):
            return period.quarter
    return latest_plan_quarter()


def _id(text: str | None) -> int | None:
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 10 else None


@dataclass(frozen=True)
class PlanFilters:
    service: PlanService | None
    priority: Priority | None
    status: str  # a judgement's code, NOT_JUDGED, or "" for all
    council: Organisation | None
    councils: list[Organisation]  # those this person may choose

    @property
    def any(self) -> bool:
        return bool(self.service or self.priority or self.status or self.council)


def filters_from(scope: Scope, query: QueryDict, services: list[PlanService]) -> PlanFilters:
    """The filters named in the query; one this person may not choose is ignored,
    except a council they may not see, which is not found (404), as elsewhere."""
    service_id, number = _id(query.get("service")), _id(query.get("priority"))
    service = next((s for s in services if s.pk == service_id), None)
    priority = Priority.objects.filter(number=number).first() if number is not None else None
    councils = visible_organisations(scope)
    code = query.get("council", "")
    council = next((o for o in councils if o.code == code), None)
    if code and council is None:
        raise Http404("No such council")
    status = query.get("status", "")[:20]
    return PlanFilters(service, priority, status, council, councils)


def filtered(actions: QuerySet[Action], filters: PlanFilters) -> QuerySet[Action]:
    if filters.service is not None:
        actions = actions.filter(service=filters.service)
    if filters.priority is not None:
        actions = actions.filter(priority=filters.priority)
    if filters.council is not None:
        actions = actions.filter(Q(all_partners=True) | Q(partners=filters.council)).distinct()
    return actions


def status_matches(row: ActionQuarter, status: str) -> bool:
    if not status:
        return True
    if status == NOT_JUDGED:
        return row.judgement is None
    return row.judgement is not None and row.judgement.code.casefold() == status.casefold()


@dataclass(frozen=True)
class ActionLine:
    row: ActionQuarter
    partners: str  # "ALL", "LBH/LBN"


@dataclass(frozen=True)
class ServiceActions:
    """A service's actions as the papers group them, under its number and lead."""

    service: PlanService
    lines: list[ActionLine]


@dataclass(frozen=True)
class SummaryPart:
    """A service's (or all services') rows of the summary table: each judgement
    with its count, share and the lead's line."""

    part: ServiceSummary
    lines: list[tuple[Tally, str]]

    @classmethod
    def of(cls, part: ServiceSummary) -> SummaryPart:
        return cls(part, [(t, part.explanation(t)) for t in part.tallies])


@dataclass(frozen=True)
class PlanPage:
    summaries: list[SummaryPart]
    overall: SummaryPart
    groups: list[ServiceActions]
    awaiting: set[int]  # actions whose update awaits sign-off (not shown to this person)


def plan_page(
    scope: Scope, actions: QuerySet[Action], quarter: Quarter, filters: PlanFilters
) -> PlanPage:
    """The summary counts the actions the filters other than status choose; the
    list below shows those of the chosen status too."""
    chosen = list(filtered(actions, filters).order_by("service__number", "reference"))
    rows = action_quarters(chosen, quarter)
    hidden = awaiting(scope, rows)
    rows = seen_quarters(scope, rows, quarter)
    services: dict[int, PlanService] = {}
    for action in chosen:
        services.setdefault(action.service_id, action.service)
    parts, overall = summary(rows, quarter, services.values())
    parts = seen_summaries(scope, parts, services.values(), quarter)
    groups = [
        ServiceActions(
            service,
            [
                ActionLine(r, partners_label(r.action))
                for r in rows
                if r.action.service_id == service.pk and status_matches(r, filters.status)
            ],
        )
        for service in services.values()
    ]
    return PlanPage(
        [SummaryPart.of(p) for p in parts],
        SummaryPart.of(overall),
        [g for g in groups if g.lines],
        hidden,
    )
