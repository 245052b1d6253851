"""The quarterly risk review as a kind of submission (`goldenthread.submissions`):
each service area with open risks on a register owes one a quarter; its risk
owners (the service area's officers) record the scores and comments, its
directorate's director signs it off. A review overdue by the risk's own
interval is flagged on the register; a round not yet submitted is chased on
the progress page with the other returns."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.urls import reverse

from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.risks.models import ReviewRound, Risk
from goldenthread.submissions.kinds import Kind, Owed


def owed(organisations: list[Organisation], quarter: Quarter) -> list[Owed]:
    """Each register organisation and service area with open risks, and how many."""
    pairs = (
        Risk.objects.filter(organisation__in=organisations, status=Risk.Status.OPEN)
        .values("organisation_id", "service_area_id")
        .annotate(count=Count("id"))
    )
    by_id = {o.id: o for o in organisations}
    areas = ServiceArea.objects.select_related("directorate").in_bulk(
        {p["service_area_id"] for p in pairs}
    )
    return [
        Owed(by_id[p["organisation_id"]], areas[p["service_area_id"]], p["count"]) for p in pairs
    ]


def in_period(quarter: Quarter) -> dict[str, Any]:
    return {"year": quarter.financial_year.start_year, "quarter": quarter.number}


def url(organisation: Organisation, service_area: ServiceArea, quarter: Quarter) -> str:
    year = quarter.financial_year.start_year
    return reverse("risks:review", args=[organisation.code, service_area.id, year, quarter.number])


RISK_REVIEWS = Kind(
    name="risks",
    label="Risk reviews",
    noun="risk review",
    items="Risks",
    model=ReviewRound,
    owed=owed,
    in_period=in_period,
    url=url,
    stale=(
        "Someone else saved this risk review while you were editing it. Your entries are "
        "still on this page: compare them with the latest review, then save again."
    ),
    done={
        "submit": "Risk review submitted for sign-off.",
        "approve": "Risk review signed off: its scores are now the risks' current scores.",
        "send-back": "Risk review sent back to the risk owners.",
        "reopen": "Risk review reopened: the risk owners can correct it.",
        "withdraw": "Risk review withdrawn: it is not submitted now, so you can change it.",
    },
)
