"""The register page's reads: its filters (from the query string, anything
unknown ignored), the quarter it is read for, each risk's movement since the
quarter before, and the risks in the papers' two groups: strategic risks for
the Joint Committee, operational risks for the Section 151 officers (seed 000
line 95).

Everything here starts from `selectors.visible_risks`: a person never sees a
risk of a council they do not cover."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from goldenthread.domain.lifecycle import State
from goldenthread.domain.periods import FinancialYear, Month, Quarter, parse_period
from goldenthread.domain.risk_matrix import Matrix, Trend
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.risks.models import ReviewRound, Risk
from goldenthread.risks.selectors import Standing, standings

STRATEGIC, OPERATIONAL, OPEN = "strategic", "operational", "open"  # the models' choices
HIGHEST = 5  # how many of the most serious risks the register lists first
GROUPS = {
    STRATEGIC: "Strategic risks, reported to the Joint Committee",
    OPERATIONAL: "Operational risks, reported quarterly to the Section 151 officers",
}


def register_quarter(text: str | None) -> Quarter:
    """The quarter named in the query string; else the latest with a signed-off
    review; else this quarter."""
    if text:
        try:
            period = parse_period(text)
        except ValueError:
            period = None
        if isinstance(period, Quarter) and 2000 <= period.financial_year.start_year <= 2100:
            return period
    latest = (
        ReviewRound.objects.filter(status=State.APPROVED.value)
        .order_by("-year", "-quarter")
        .values_list("year", "quarter")
        .first()
    )
    if latest is not None:
        return Quarter(FinancialYear(latest[0]), latest[1])
    today = datetime.date.today()
    return Month(today.year, today.month).quarter


@dataclass(frozen=True)
class Filters:
    """What the register shows: each a value the person chose from the page's lists."""

    category: str = ""
    service_area: ServiceArea | None = None
    council: Organisation | None = None
    level: str = ""
    status: str = OPEN  # "" for every status
    above_appetite: bool = False
    review_overdue: bool = False

    @classmethod
    def read(
        cls,
        query: Mapping[str, str],
        *,
        matrix: Matrix,
        service_areas: Sequence[ServiceArea],
        councils: Sequence[Organisation],
    ) -> Filters:
        """The filters named in the query string; a value not offered is ignored."""
        areas = {str(a.id): a for a in service_areas}
        by_code = {c.code: c for c in councils}
        level = matrix.level_named(query.get("level", "")[:40])
        status = query.get("status", OPEN)
        return cls(
            category=query.get("category", "") if query.get("category") in GROUPS else "",
            service_area=areas.get(query.get("service_area", "")),
            council=by_code.get(query.get("council", "")),
            level=level.name if level else "",
            status=status if status in ("", *Risk.Status.values) else OPEN,
            above_appetite=query.get("above_appetite") == "1",
            review_overdue=query.get("review_overdue") == "1",
        )

    def risks(self, visible: QuerySet[Risk]) -> QuerySet[Risk]:
        """The filters the database answers."""
        query = visible
        if self.category:
            query = query.filter(category=self.category)
        if self.service_area is not None:
            query = query.filter(service_area=self.service_area)
        if self.council is not None:
            query = query.filter(
                Q(organisation=self.council) | Q(partners=self.council) | Q(all_partners=True)
            ).distinct()
        if self.status:
            query = query.filter(status=self.status)
        return query

    def keeps(self, standing: Standing) -> bool:
        """The filters on a risk's standing (its level, appetite and review)."""
        return (
            (not self.level or standing.level.name == self.level)
            and (not self.above_appetite or standing.above_appetite)
            and (not self.review_overdue or standing.review_overdue)
        )

    @property
    def chosen(self) -> bool:
        return self != Filters()


@dataclass(frozen=True)
class Movement:
    """A risk's score at the end of the quarter against the quarter before."""

    standing: Standing
    before: Standing | None  # None: no signed-off review by then (new to the register's reviews)
    trend: Trend


def movements(
    risks: Sequence[Risk], *, matrix: Matrix, quarter: Quarter, today: datetime.date | None = None
) -> list[Movement]:
    """Each risk's movement since the quarter before `quarter`, most serious first."""
    before = {
        s.risk.pk: s
        for s in standings(risks, matrix=matrix, quarter=quarter.previous(), today=today)
        if s.last_reviewed is not None
    }
    rows = []
    for now in standings(risks, matrix=matrix, quarter=quarter, today=today):
        then = before.get(now.risk.pk)
        trend = matrix.trend(then.current if then else None, now.current)
        rows.append(Movement(now, then, trend))
    return rows


@dataclass
class Group:
    category: str
    heading: str
    rows: list[Standing] = field(default_factory=list)


def grouped(rows: Sequence[Standing]) -> list[Group]:
    """Strategic risks first, then operational, each group in the rows' order."""
    groups = {key: Group(key, heading) for key, heading in GROUPS.items()}
    for row in rows:
        groups[row.risk.category].rows.append(row)
    return [g for g in groups.values() if g.rows]
