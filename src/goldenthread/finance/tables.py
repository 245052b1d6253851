"""The finance pages' tables, as one person sees them, built from the position
the selectors give (`selectors.position`): seed 001's summary of the shared and
non-shared variance per council (lines 266-274), the movement since the last
period, the main variances, the portfolio table per service, the cost share of
the shared lines with the formula shares per service, and a line's forecasts
across the year. The pages and their downloads (`finance.exports`) read here,
so a download holds what its page shows.

A reader sees the shared figures in full and the non-shared figures of their
own councils only: another council's non-shared cell, and so the non-shared
total, is not shown to them (`None`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from goldenthread.domain.budget import PERIODS, Position, total
from goldenthread.domain.lifecycle import State
from goldenthread.finance import selectors
from goldenthread.finance.models import (
    BudgetLine,
    FinancePeriod,
    LineBudget,
    Saving,
    ShareBasis,
)
from goldenthread.finance.selectors import LineRow, PeriodPosition
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope

MAIN_VARIANCES = 5  # how many lines the position page lists as its main variances


def state_words(scope: Scope, finance_period: FinancePeriod | None) -> str:
    """The state of a period's forecast as this person may know it: readers see
    only whether it is signed off."""
    if finance_period is None:
        return "Not started"
    if finance_period.status == State.APPROVED.value:
        return "Signed off"
    if not selectors.sees_drafts(scope, finance_period):
        return "Awaiting sign-off"
    if finance_period.status == State.DRAFT.value:
        return "Draft"
    return State(finance_period.status).label


# -- the summary per council (seed 001 line 270) ------------------------------------


@dataclass(frozen=True)
class CouncilColumn:
    """A council's column of the summary: its part of the shared variance and
    its non-shared variance (None: not shown to this person)."""

    council: Organisation
    shared: Decimal
    non_shared: Decimal | None

    @property
    def total(self) -> Decimal | None:
        return None if self.non_shared is None else self.shared + self.non_shared


@dataclass(frozen=True)
class Summary:
    columns: list[CouncilColumn]
    shared: Decimal  # the shared variance (the columns' shared parts add up to it)

    @property
    def non_shared(self) -> Decimal | None:
        if any(c.non_shared is None for c in self.columns):
            return None
        return sum((c.non_shared or Decimal(0) for c in self.columns), Decimal(0))

    @property
    def total(self) -> Decimal | None:
        return None if self.non_shared is None else self.shared + self.non_shared

    @property
    def hidden(self) -> list[Organisation]:
        """The councils whose non-shared figures this person does not see."""
        return [c.council for c in self.columns if c.non_shared is None]

    def rows(self) -> list[tuple[str, list[Decimal | None], Decimal | None]]:
        """Shared, Non-shared and Total: each council's cell, then the total."""
        return [
            ("Shared", [c.shared for c in self.columns], self.shared),
            ("Non-shared", [c.non_shared for c in self.columns], self.non_shared),
            ("Total", [c.total for c in self.columns], self.total),
        ]

    def minus(self, before: Summary) -> Summary:
        """The movement from `before` (the last period) to this one."""
        earlier = {c.council.id: c for c in before.columns}
        columns = []
        for column in self.columns:
            then = earlier.get(column.council.id)
            shared = column.shared - (then.shared if then else Decimal(0))
            non_shared = None
            if column.non_shared is not None and then is not None and then.non_shared is not None:
                non_shared = column.non_shared - then.non_shared
            columns.append(CouncilColumn(column.council, shared, non_shared))
        return Summary(columns, self.shared - before.shared)


def summary(scope: Scope, at: PeriodPosition) -> Summary:
    parts = at.shared_parts
    columns = [
        CouncilColumn(
            council,
            parts.get(council.code, Decimal(0)),
            at.non_shared(council).variance if scope.sees_organisation(council.id) else None,
        )
        for council in at.partners
    ]
    return Summary(columns, at.shared.variance)


def before_of(scope: Scope, at: PeriodPosition) -> PeriodPosition | None:
    """The position of the period before, if there is one this person may see."""
    if at.period is None or at.period.period <= 1:
        return None
    before = selectors.position(scope, at.organisation, at.year, at.period.period - 1)
    return before if before.period is not None and before.shown else None


# -- the main variances and the portfolio table ------------------------------------


def main_variances(at: PeriodPosition, count: int = MAIN_VARIANCES) -> list[LineRow]:
    """The lines furthest over or under budget, largest first."""
    rows = [r for r in at.rows if r.position.variance]
    rows.sort(key=lambda r: (-abs(r.position.variance), r.line.code))
    return rows[:count]


@dataclass(frozen=True)
class ServiceRow:
    service: ServiceArea
    position: Position


@dataclass(frozen=True)
class PortfolioGroup:
    """The shared lines, or one council's non-shared lines, by service."""

    label: str
    council: Organisation | None
    rows: list[ServiceRow]

    @property
    def total(self) -> Position:
        return total([r.position for r in self.rows])


def _by_service(rows: Sequence[LineRow]) -> list[ServiceRow]:
    services: dict[int, tuple[ServiceArea, list[Position]]] = {}
    for row in rows:
        services.setdefault(row.line.service_id, (row.line.service, []))[1].append(row.position)
    found = [ServiceRow(service, total(positions)) for service, positions in services.values()]
    return sorted(found, key=lambda r: r.service.name)


def portfolio(at: PeriodPosition) -> list[PortfolioGroup]:
    """The portfolio-style table: the shared lines by service, then each
    council's non-shared lines this person sees, by service."""
    groups = [PortfolioGroup("Shared", None, _by_service(at.shared_rows))]
    for council in at.partners:
        rows = at.non_shared_rows(council)
        if rows:
            groups.append(PortfolioGroup(f"{council.name} non-shared", council, _by_service(rows)))
    return [g for g in groups if g.rows]


def line_group(line: BudgetLine) -> str:
    """Shared, or the council's name and non-shared."""
    return "Shared" if line.council is None else f"{line.council.name} non-shared"


# -- the cost share ---------------------------------------------------------------


@dataclass(frozen=True)
class FormulaShares:
    """A service's formula shares for a year, exactly as agreed."""

    service: ServiceArea
    basis: str
    shares: dict[str, Fraction]  # partner code -> share
    activity_driven: bool
    tolerance: Decimal | None


def formula_shares(at: PeriodPosition) -> list[FormulaShares]:
    """The formula shares of the services of the shared lines this person sees."""
    services = {r.line.service_id for r in at.shared_rows}
    bases = (
        ShareBasis.objects.filter(service_id__in=services, year=at.year)
        .select_related("service")
        .prefetch_related("shares__partner")
        .order_by("service__name")
    )
    return [
        FormulaShares(
            basis.service,
            basis.basis,
            {s.partner.code: s.share for s in basis.shares.all()},
            basis.activity_driven,
            basis.tolerance,
        )
        for basis in bases
    ]


def cost_share_totals(at: PeriodPosition) -> list[Decimal]:
    """Each partner's total of the cost-share table, in the partners' order."""
    parts = at.shared_parts
    return [parts.get(p.code, Decimal(0)) for p in at.partners]


# -- a line across the year ----------------------------------------------------------


@dataclass(frozen=True)
class LinePeriod:
    """A line's forecast at a period this person may see (None where the period
    has no forecast of the line, or is not seen)."""

    period: int
    label: str  # "P5"
    state: str
    position: Position | None
    explanation: str


def line_year(scope: Scope, line: BudgetLine, year: int) -> list[LinePeriod]:
    """The line's forecast at each period of the year that has been started,
    as this person may see it; the movement from the period before it."""
    budget_row = LineBudget.objects.filter(line=line, year=year).first()
    budget = budget_row.budget if budget_row else Decimal(0)
    periods = {
        p.period: p for p in FinancePeriod.objects.filter(organisation=line.organisation, year=year)
    }
    forecasts = {
        f.period.period: f
        for f in line.forecasts.filter(period__year=year).select_related("period")
    }
    found = []
    previous: Decimal | None = None
    for number in PERIODS:
        finance_period = periods.get(number)
        if finance_period is None:
            previous = None
            continue
        seen = selectors.period_seen(scope, finance_period)
        entered = forecasts.get(number) if seen else None
        position = Position(budget, entered.forecast, previous) if entered else None
        found.append(
            LinePeriod(
                number,
                f"P{number}",
                state_words(scope, finance_period),
                position,
                entered.explanation if entered else "",
            )
        )
        previous = entered.forecast if entered else None
    return found


def budgets_of(line: BudgetLine) -> list[LineBudget]:
    return list(LineBudget.objects.filter(line=line).order_by("-year"))


# -- the savings programme -------------------------------------------------------------


@dataclass(frozen=True)
class PartnerSavings:
    """A partner's savings for the year (or those shared by all: `partner` None)."""

    partner: Organisation | None
    planned: Decimal
    achieved: Decimal

    @property
    def share_achieved(self) -> Fraction | None:
        return Fraction(self.achieved) / Fraction(self.planned) if self.planned else None


def savings_by_partner(items: Sequence[Saving]) -> list[PartnerSavings]:
    """Each partner's planned and achieved savings, in code order, then those
    shared by all."""
    found: dict[int | None, PartnerSavings] = {}
    for item in items:
        key = item.partner_id
        was = found.get(key, PartnerSavings(item.partner, Decimal(0), Decimal(0)))
        found[key] = PartnerSavings(
            item.partner, was.planned + item.planned, was.achieved + (item.achieved or 0)
        )
    return sorted(
        found.values(), key=lambda s: (s.partner is None, s.partner.code if s.partner else "")
    )


def overall_savings(totals: selectors.SavingsTotals) -> PartnerSavings:
    return PartnerSavings(None, totals.planned, totals.achieved)
