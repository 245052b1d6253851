"""A period's budget forecast as a kind of submission (`goldenthread.submissions`):
each shared service with a budget for the year owes one a period; the finance
business partners (officers of the service area that prepares the budget) enter
or import it and submit it, the Director of Finance (that area's directorate's
director) signs it off. The progress page, which goes by quarter, chases the
quarter's last period (P3, P6, P9, P12: the committee's)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from goldenthread.domain.periods import Quarter
from goldenthread.finance.models import Budget, FinancePeriod
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.submissions.kinds import Kind, Owed
from goldenthread.submissions.models import Submission


def period_of_quarter(quarter: Quarter) -> int:
    """The period the progress page chases for a quarter: its last."""
    return quarter.number * 3


def owed(organisations: list[Organisation], quarter: Quarter) -> list[Owed]:
    """Each of these organisations' budgets for the quarter's year, with its open
    lines."""
    budgets = (
        Budget.objects.filter(
            organisation__in=organisations, year=quarter.financial_year.start_year
        )
        .select_related("organisation", "prepared_by__directorate")
        .annotate(
            lines=Count(
                "organisation__budget_lines",
                filter=Q(organisation__budget_lines__closed=False),
                distinct=True,
            )
        )
    )
    return [Owed(b.organisation, b.prepared_by, b.lines) for b in budgets]


def in_period(quarter: Quarter) -> dict[str, Any]:
    return {"year": quarter.financial_year.start_year, "period": period_of_quarter(quarter)}


def url(organisation: Organisation, service_area: ServiceArea, quarter: Quarter) -> str:
    year = quarter.financial_year.start_year
    return reverse("finance:forecast", args=[year, period_of_quarter(quarter)])


def moved(finance_period: Submission, action: str) -> None:
    """A period signed off or reopened: the indicators that read from budget
    monitoring follow it (`finance.measures`, which reads this module's
    selectors, hence imported here)."""
    from goldenthread.finance.measures import refresh

    assert isinstance(finance_period, FinancePeriod)
    refresh(finance_period, action=action, by=finance_period.updated_by)


FORECASTS = Kind(
    name="finance",
    label="Budget forecasts",
    noun="budget forecast",
    items="Budget lines",
    model=FinancePeriod,
    owed=owed,
    in_period=in_period,
    url=url,
    stale=(
        "Someone else saved this period's forecast while you were editing it. Your "
        "entries are still on this page: compare them with the latest forecast, then "
        "save again."
    ),
    page_of=lambda p: reverse("finance:forecast", args=[p.year, p.period]),  # type: ignore[attr-defined]
    period_words=lambda p: p.label,  # type: ignore[attr-defined]
    moved=moved,
    done={
        "submit": "Forecast submitted to the Director of Finance for sign-off.",
        "approve": "Forecast signed off: it is locked, and readers now see it.",
        "send-back": "Forecast sent back to the finance business partners.",
        "reopen": "Forecast reopened: the finance business partners can correct it.",
        "withdraw": "Forecast withdrawn: it is not submitted now, so you can change it.",
    },
)
