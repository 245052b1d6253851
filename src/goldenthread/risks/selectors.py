"""Reads of the risk register: the matrix, what a person may see, each risk's
standing (its current score from the latest signed-off review, the trend since
the review before, appetite, whether its review is overdue), the heat map and
the movement since last quarter.

Who sees what is the plan's rule (`plan.selectors.action_filter`): the team and
people covering every council see every risk; anyone else the risks for their
councils, for all partners, and on their own organisation's register.

A risk's current score is its latest signed-off review's; until it has one, the
score entered on the register. The owners and the team also see draft reviews
on the review page; the register shows signed-off scores only, so readers never
see a score nobody signed off.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from goldenthread.domain.in_force import DaySpan
from goldenthread.domain.lifecycle import State
from goldenthread.domain.periods import Quarter
from goldenthread.domain.risk_matrix import DEFAULT, Level, Matrix, Score, Trend
from goldenthread.people.access import Scope, partner_filter
from goldenthread.risks.models import Appetite, Risk, RiskReview, RiskSettings


def risk_matrix() -> Matrix:
    settings = RiskSettings.objects.filter(id=1).first()
    return Matrix.build(settings.matrix) if settings and settings.matrix else DEFAULT


def risk_filter(scope: Scope) -> Q:
    """The risks this scope may see, as a filter (`people.access.partner_filter`)."""
    return partner_filter(scope, owner="organisation")


def visible_risks(scope: Scope) -> QuerySet[Risk]:
    return (
        Risk.objects.filter(risk_filter(scope))
        .distinct()
        .select_related("service_area__directorate", "organisation")
        .prefetch_related("partners")
    )


def may_see_risk(scope: Scope, risk: Risk) -> bool:
    return visible_risks(scope).filter(pk=risk.pk).exists()


def partners_label(risk: Risk) -> str:
    if risk.all_partners:
        return "ALL"
    return "/".join(sorted(o.code for o in risk.partners.all()))


def appetites() -> dict[tuple[str, int | None], str]:
    return {(a.category, a.service_area_id): a.level for a in Appetite.objects.all()}


def appetite_of(risk: Risk, table: dict[tuple[str, int | None], str]) -> str:
    """The level accepted for the risk: its service's, else its category's ("": none)."""
    return table.get((risk.category, risk.service_area_id)) or table.get((risk.category, None), "")


def signed_off_reviews(
    risks: Iterable[Risk], *, until: Quarter | None = None
) -> dict[int, list[RiskReview]]:
    """Each risk's signed-off reviews, latest first (up to `until`'s quarter)."""
    query = RiskReview.objects.filter(risk__in=list(risks), round__status=State.APPROVED.value)
    if until is not None:
        year, number = until.financial_year.start_year, until.number
        query = query.filter(
            Q(round__year__lt=year) | Q(round__year=year, round__quarter__lte=number)
        )
    by_risk: dict[int, list[RiskReview]] = {}
    for review in query.select_related("round").order_by(
        "-round__year", "-round__quarter", "-reviewed_on"
    ):
        by_risk.setdefault(review.risk_id, []).append(review)
    return by_risk


@dataclass(frozen=True)
class Standing:
    """A risk as it stands: its current score and level, the score before, the
    trend, appetite and the review flags."""

    risk: Risk
    current: Score
    level: Level
    before: Score | None
    trend: Trend
    appetite: str
    above_appetite: bool
    last_reviewed: datetime.date | None
    next_review: datetime.date | None
    review_overdue: bool
    comment: str

    @property
    def flags(self) -> list[str]:
        words = []
        if self.above_appetite:
            words.append(f"Above appetite ({self.appetite})")
        if self.review_overdue:
            words.append("Review overdue")
        return words


def standings(
    risks: Iterable[Risk],
    *,
    matrix: Matrix | None = None,
    quarter: Quarter | None = None,
    today: datetime.date | None = None,
) -> list[Standing]:
    """Each risk's standing as of `quarter` (its signed-off reviews up to then;
    None: all), most serious first. The trend compares the latest review with
    the one before it (none: new)."""
    risks = list(risks)
    matrix = matrix or risk_matrix()
    today = today or datetime.date.today()
    if quarter is not None:
        today = min(today, DaySpan.of(quarter).last)
    reviews = signed_off_reviews(risks, until=quarter)
    table = appetites()
    rows = []
    for risk in risks:
        kept = reviews.get(risk.pk, [])
        current = kept[0].score if kept else risk.current
        before = kept[1].score if len(kept) > 1 else (risk.current if kept else None)
        level = matrix.level(current)
        last = kept[0].reviewed_on if kept else None
        next_review = risk.review_date or (_add_months(last, level.review_months) if last else None)
        appetite = appetite_of(risk, table)
        rows.append(
            Standing(
                risk=risk,
                current=current,
                level=level,
                before=before,
                trend=matrix.trend(before, current) if kept else Trend.NEW,
                appetite=appetite,
                above_appetite=matrix.above_appetite(current, appetite),
                last_reviewed=last,
                next_review=next_review,
                review_overdue=(
                    risk.status == Risk.Status.OPEN
                    and next_review is not None
                    and next_review < today
                ),
                comment=kept[0].comment if kept else "",
            )
        )
    return sorted(rows, key=lambda s: (-matrix.rank(s.current), -s.current.value, s.risk.reference))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    level: Level
    references: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.references)


def heat_map(rows: Sequence[Standing], matrix: Matrix) -> list[list[Cell]]:
    """The matrix's cells, most likely row first, least severe column first, each
    with the risks whose current score falls in it."""
    grid = []
    for likelihood in range(len(matrix.likelihoods), 0, -1):
        line = []
        for impact in range(1, len(matrix.impacts) + 1):
            score = Score(likelihood, impact)
            refs = tuple(
                s.risk.reference
                for s in rows
                if (s.current.likelihood, s.current.impact) == (likelihood, impact)
            )
            line.append(Cell(likelihood, impact, matrix.level(score), refs))
        grid.append(line)
    return grid
