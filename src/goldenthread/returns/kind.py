"""The data return as a kind of submission (`goldenthread.submissions`): who owes
one for a quarter (each council and service area with indicators), where it is,
and what people are told."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from goldenthread.domain.periods import Quarter
from goldenthread.indicators.selectors import links_in_force
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.returns.models import Return
from goldenthread.submissions.kinds import Kind, Owed


def owed(organisations: list[Organisation], quarter: Quarter) -> list[Owed]:
    """Each council and service area with indicators in use, and how many."""
    pairs: dict[tuple[int, int], int] = {}
    through = (
        links_in_force(quarter)
        .filter(organisation__in=organisations)
        .values_list("organisation_id", "indicator__service_area_id")
    )
    for pair in through:
        pairs[pair] = pairs.get(pair, 0) + 1
    by_id = {o.id: o for o in organisations}
    areas = ServiceArea.objects.select_related("directorate").in_bulk({s for _, s in pairs})
    return [Owed(by_id[o], areas[s], count) for (o, s), count in pairs.items()]


def in_period(quarter: Quarter) -> dict[str, Any]:
    return {"year": quarter.financial_year.start_year, "quarter": quarter.number}


def url(organisation: Organisation, service_area: ServiceArea, quarter: Quarter) -> str:
    year = quarter.financial_year.start_year
    return reverse("returns:edit", args=[organisation.code, service_area.id, year, quarter.number])


RETURNS = Kind(
    name="returns",
    label="Data returns",
    noun="return",
    items="Indicators",
    model=Return,
    owed=owed,
    in_period=in_period,
    url=url,
    stale=(
        "Someone else saved this return while you were editing it. Your entries are "
        "still on this page: compare them with the latest figures, then save again."
    ),
    done={
        "submit": "Return submitted for sign-off.",
        "approve": "Return approved: its figures are locked.",
        "send-back": "Return sent back to the service.",
        "reopen": "Return reopened: the service can correct it.",
        "withdraw": "Return withdrawn: it is not submitted now, so you can change it.",
    },
)
