"""The Improvement Plan's quarterly update as a kind of submission
(`goldenthread.submissions`): each plan service with open actions owes one a
quarter; its action owners (the service area's officers) save and submit it,
the service lead (its directorate's director) signs it off."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.plan.models import PlanService, PlanUpdate
from goldenthread.submissions.kinds import Kind, Owed


def owed(organisations: list[Organisation], quarter: Quarter) -> list[Owed]:
    """Each plan service of these organisations with open actions, and how many."""
    services = (
        PlanService.objects.filter(organisation__in=organisations)
        .select_related("organisation", "service_area__directorate")
        .annotate(open=Count("actions", filter=Q(actions__closed=False)))
        .filter(open__gt=0)
    )
    return [Owed(s.organisation, s.service_area, s.open) for s in services]


def in_period(quarter: Quarter) -> dict[str, Any]:
    return {"year": quarter.financial_year.start_year, "quarter": quarter.number}


def url(organisation: Organisation, service_area: ServiceArea, quarter: Quarter) -> str:
    year = quarter.financial_year.start_year
    return reverse("plan:update", args=[service_area.id, year, quarter.number])


PLAN_UPDATES = Kind(
    name="plan",
    label="Improvement Plan updates",
    noun="plan update",
    items="Actions",
    model=PlanUpdate,
    owed=owed,
    in_period=in_period,
    url=url,
    stale=(
        "Someone else saved this plan update while you were editing it. Your entries are "
        "still on this page: compare them with the latest update, then save again."
    ),
    done={
        "submit": "Plan update submitted to the service lead for sign-off.",
        "approve": "Plan update signed off: it is locked.",
        "send-back": "Plan update sent back to the action owners.",
        "reopen": "Plan update reopened: the action owners can correct it.",
        "withdraw": "Plan update withdrawn: it is not submitted now, so you can change it.",
    },
)
