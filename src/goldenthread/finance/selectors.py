"""Reads of budget monitoring: who sees which lines and periods, a period's
position line by line, the cost share of the shared lines, the summary of
shared and non-shared per council (seed 001 line 270), the reserve table and
the savings programme. Pages, downloads, the import, the pack and the
indicators that read from finance all read here, so they never disagree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Q, QuerySet

from goldenthread.domain import lifecycle
from goldenthread.domain.budget import Position, differs, total
from goldenthread.domain.cost_share import ShareError, Shares, exact_split, rounded, year_end
from goldenthread.domain.lifecycle import State
from goldenthread.domain.reserves import Drawdown, ReserveTable, Stage
from goldenthread.finance.kind import FORECASTS
from goldenthread.finance.models import (
    Allocation,
    Budget,
    BudgetLine,
    FinancePeriod,
    LineBudget,
    ReserveItem,
    Saving,
    ShareBasis,
)
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import Scope


def line_filter(scope: Scope) -> Q:
    """The lines a person may see: the team and people covering every council see
    all; the shared service's own people (its finance business partners and
    directors, whose membership names the shared service and no council) see all
    of its lines, as they manage every partner's; anyone else the shared lines and
    their own councils' non-shared lines, never another council's."""
    if scope.role is None:
        return Q(pk__in=[])
    if scope.is_performance_team or scope.all_organisations:
        return Q()
    named = Organisation.objects.filter(id__in=scope.organisation_ids)
    if not named.filter(kind=Organisation.Kind.COUNCIL).exists():
        return Q(council__isnull=True) | Q(organisation_id__in=list(scope.organisation_ids))
    return Q(council__isnull=True) | Q(council_id__in=list(scope.organisation_ids))


def visible_lines(scope: Scope, organisation: Organisation) -> QuerySet[BudgetLine]:
    return (
        BudgetLine.objects.filter(line_filter(scope), organisation=organisation)
        .select_related("service", "council")
        .prefetch_related("partners")
    )


def partners_of(organisation: Organisation) -> list[Organisation]:
    """The partner councils of a shared service: the councils its lines belong to
    or are shared with, in code order (Bexley, Havering, Newham)."""
    ids = set(
        BudgetLine.objects.filter(organisation=organisation, council__isnull=False).values_list(
            "council_id", flat=True
        )
    )
    ids |= set(
        ShareBasis.objects.filter(service__budget_lines__organisation=organisation).values_list(
            "shares__partner_id", flat=True
        )
    )
    ids.discard(None)  # type: ignore[arg-type]
    return list(Organisation.objects.filter(id__in=ids).order_by("code"))


def shared_services(scope: Scope) -> list[Organisation]:
    """The organisations with a budget a person may read."""
    if scope.role is None:
        return []
    return list(Organisation.objects.filter(budget__isnull=False).distinct().order_by("code"))


def budget_of(organisation: Organisation, year: int) -> Budget | None:
    return Budget.objects.filter(organisation=organisation, year=year).first()


def period_of(organisation: Organisation, year: int, period: int) -> FinancePeriod | None:
    return (
        FinancePeriod.objects.filter(organisation=organisation, year=year, period=period)
        .select_related("organisation", "service_area__directorate", "updated_by")
        .first()
    )


def sees_drafts(scope: Scope, finance_period: FinancePeriod) -> bool:
    """The team, the finance business partners and the Director of Finance see a
    period's forecast before it is signed off; readers see signed-off ones only."""
    return scope.is_performance_team or bool(
        FORECASTS.parties(scope, finance_period.organisation, finance_period.service_area)
    )


def period_seen(scope: Scope, finance_period: FinancePeriod | None) -> bool:
    if finance_period is None:
        return False
    return finance_period.status == State.APPROVED.value or sees_drafts(scope, finance_period)


def editable(finance_period: FinancePeriod) -> bool:
    return lifecycle.editable(finance_period.status)


def latest_seen(scope: Scope, organisation: Organisation, year: int) -> FinancePeriod | None:
    """The last period of the year this person may see."""
    for finance_period in FinancePeriod.objects.filter(
        organisation=organisation, year=year
    ).order_by("-period"):
        if period_seen(scope, finance_period):
            return finance_period
    return None


def shares_of(line: BudgetLine, year: int, period: int | None = None) -> Shares:
    """How a shared line is split in a year: its service's formula shares; its
    chosen partners' formula shares between them; or its fixed amounts' shares.
    At year end (P12) an activity-driven basis with actual shares is re-split on
    them when they differ by more than its tolerance (`cost_share.year_end`).
    `ShareError` if the line cannot be split (no formula for the service)."""
    if line.allocation == Allocation.FIXED:
        fixed = {f.partner.code: Fraction(f.amount) for f in line.fixed.filter(year=year)}
        total_fixed = sum(fixed.values(), Fraction(0))
        if not total_fixed:
            raise ShareError(f"{line.code} has no fixed amounts for {year}")
        return Shares({p: a / total_fixed for p, a in fixed.items()})
    basis = ShareBasis.objects.filter(service=line.service, year=year).first()
    if basis is None:
        raise ShareError(f"{line.service} has no formula share for {year}")
    rows = list(basis.shares.select_related("partner"))
    shares = Shares.agreed({s.partner.code: s.share for s in rows})
    if basis.activity_driven and period == 12 and all(s.actual is not None for s in rows):
        actual = Shares.agreed({s.partner.code: s.actual for s in rows if s.actual is not None})
        tolerance = None if basis.tolerance is None else Fraction(basis.tolerance) / 100
        shares = year_end(shares, actual, tolerance)
    if line.allocation == Allocation.PARTNERS:
        return shares.among([p.code for p in line.partners.all()])
    return shares


def basis_words(line: BudgetLine, year: int) -> str:
    """The basis of a shared line's split, in words, for the cost-share table."""
    if line.allocation == Allocation.FIXED:
        return "Specific allocation (fixed amounts)"
    basis = ShareBasis.objects.filter(service=line.service, year=year).first()
    formula = f"Formula share: {basis.basis}" if basis and basis.basis else "Formula share"
    if basis is not None and basis.activity_driven:
        beyond = (
            f" beyond {basis.tolerance.normalize():f} percentage points"
            if basis.tolerance is not None
            else ""
        )
        formula += f" (activity-driven: re-split at year end on the actual activity{beyond})"
    if line.allocation == Allocation.PARTNERS:
        names = ", ".join(p.code for p in line.partners.all())
        return f"{formula}, {names} only"
    return formula


@dataclass(frozen=True)
class LineRow:
    """A line's position in a period; for a shared line each partner's part of its
    variance (rounded to £1 so the parts add up to the variance)."""

    line: BudgetLine
    position: Position
    explanation: str
    forecast_entered: bool
    parts: dict[str, Decimal] = field(default_factory=dict)
    basis: str = ""
    problem: str = ""  # why a shared line cannot be split


@dataclass(frozen=True)
class PeriodPosition:
    """A period's position as one person may see it."""

    organisation: Organisation
    year: int
    period: FinancePeriod | None
    partners: list[Organisation]
    rows: list[LineRow]
    shown: bool  # whether the person may see this period's forecast

    @property
    def shared_rows(self) -> list[LineRow]:
        return [r for r in self.rows if r.line.shared]

    def non_shared_rows(self, council: Organisation) -> list[LineRow]:
        return [r for r in self.rows if r.line.council_id == council.id]

    @property
    def shared(self) -> Position:
        return total([r.position for r in self.shared_rows])

    @property
    def shared_parts(self) -> dict[str, Decimal]:
        """Each partner's share of the shared variance: the cost-share table's
        column totals (each row adds up, so these add up to the shared variance)."""
        totals = {p.code: Decimal(0) for p in self.partners}
        for row in self.shared_rows:
            for partner, amount in row.parts.items():
                totals[partner] = totals.get(partner, Decimal(0)) + amount
        return totals

    def non_shared(self, council: Organisation) -> Position:
        return total([r.position for r in self.non_shared_rows(council)])

    @property
    def missing(self) -> list[BudgetLine]:
        """Open lines with no forecast entered for the period."""
        return [r.line for r in self.rows if not r.forecast_entered and not r.line.closed]


def position(scope: Scope, organisation: Organisation, year: int, period: int) -> PeriodPosition:
    """The period's position of the lines this person sees (the controllable
    ones: the papers monitor controllable budgets only). A line with no
    forecast for the period is taken as on budget (and listed as missing); the
    previous period's forecast gives the movement, if the person may see it."""
    finance_period = period_of(organisation, year, period)
    shown = period_seen(scope, finance_period)
    previous = period_of(organisation, year, period - 1) if period > 1 else None
    lines = list(
        visible_lines(scope, organisation).filter(budgets__year=year, controllable=True).distinct()
    )
    budgets = {b.line_id: b.budget for b in LineBudget.objects.filter(line__in=lines, year=year)}
    forecasts = {}
    if shown and finance_period is not None:
        forecasts = {f.line_id: f for f in finance_period.forecasts.all()}
    before = {}
    if previous is not None and period_seen(scope, previous):
        before = {f.line_id: f.forecast for f in previous.forecasts.all()}
    rows = []
    for line in lines:
        budget = budgets.get(line.id, Decimal(0))
        entered = forecasts.get(line.id)
        forecast = entered.forecast if entered else budget
        here = Position(budget, forecast, before.get(line.id, budget) if before else None)
        parts: dict[str, Decimal] = {}
        problem = basis = ""
        if line.shared:
            basis = basis_words(line, year)
            try:
                parts = rounded(exact_split(here.variance, shares_of(line, year, period)))
            except ShareError as error:
                problem = str(error)
        rows.append(
            LineRow(
                line,
                here,
                entered.explanation if entered else "",
                entered is not None,
                parts,
                basis,
                problem,
            )
        )
    rows.sort(
        key=lambda r: (
            r.line.council.code if r.line.council else "",
            r.line.service.name,
            r.line.code,
        )
    )
    return PeriodPosition(
        organisation, year, finance_period, partners_of(organisation), rows, shown
    )


@dataclass(frozen=True)
class Contradiction:
    """A figure a paper states that its own lines do not add up to."""

    label: str
    where: str
    stated: Decimal
    computed: Decimal
    difference: Decimal


def contradictions(at: PeriodPosition) -> list[Contradiction]:
    """The period's stated figures that differ from what the lines add up to
    (only those the person may see the lines of)."""
    if at.period is None or not at.shown:
        return []
    found = []
    councils = {p.id: p for p in at.partners}
    for stated in at.period.stated.all():
        if stated.measure == "shared":
            computed = (
                at.shared_parts.get(councils[stated.council_id].code, Decimal(0))
                if stated.council_id in councils
                else at.shared.variance
            )
        elif stated.measure == "non-shared":
            council = councils.get(stated.council_id)
            if council is None or not at.non_shared_rows(council):
                continue
            computed = at.non_shared(council).variance
        else:
            every = BudgetLine.objects.filter(organisation=at.organisation, budgets__year=at.year)
            if len(at.rows) < every.distinct().count():
                continue  # the gap would tell of lines the person may not see
            computed = total([r.position for r in at.rows]).variance
        gap = differs(stated.amount, computed, stated.precision)
        if gap is not None:
            who = councils[stated.council_id].name if stated.council_id in councils else "Total"
            label = f"{who}: {stated.get_measure_display().lower()}"
            found.append(Contradiction(label, stated.where, stated.amount, computed, gap))
    return found


def reserve_table(
    organisation: Organisation, year: int, offsets: dict[str, Decimal] | None = None
) -> tuple[ReserveTable, list[ReserveItem]]:
    """The year's reserve table: opening balances and drawdowns as entered, and the
    offsets (each partner's share of the shared over- or underspend) given."""
    partners = [p.code for p in partners_of(organisation)]
    items = list(
        ReserveItem.objects.filter(organisation=organisation, year=year).prefetch_related(
            "amounts__partner"
        )
    )
    opening: dict[str, Decimal] = {}
    drawdowns = []
    for item in items:
        amounts = {a.partner.code: a.amount for a in item.amounts.all()}
        if item.kind == ReserveItem.Kind.OPENING:
            for partner, amount in amounts.items():
                opening[partner] = opening.get(partner, Decimal(0)) + amount
        else:
            drawdowns.append(Drawdown(item.purpose, Stage(item.kind), amounts, item.in_base))
    return ReserveTable(partners, opening, drawdowns, offsets or {}), items


@dataclass(frozen=True)
class SavingsTotals:
    planned: Decimal
    achieved: Decimal


def savings(organisation: Organisation, year: int) -> list[Saving]:
    return list(
        Saving.objects.filter(organisation=organisation, year=year).select_related("partner")
    )


def savings_totals(items: Iterable[Saving]) -> SavingsTotals:
    listed = list(items)
    return SavingsTotals(
        sum((s.planned for s in listed), Decimal(0)),
        sum((s.achieved or Decimal(0) for s in listed), Decimal(0)),
    )


def years_of(organisation: Organisation) -> Sequence[int]:
    return list(
        Budget.objects.filter(organisation=organisation)
        .order_by("-year")
        .values_list("year", flat=True)
    )


def open_lines(scope: Scope, budget: Budget) -> list[BudgetLine]:
    """The open lines with a budget for the year that this person sees, by
    service, shared first then each council's: the lines a forecast is entered
    for (on the page and in the workbook)."""
    lines = visible_lines(scope, budget.organisation).filter(
        budgets__year=budget.year, closed=False, controllable=True
    )
    return sorted(
        lines.distinct(),
        key=lambda line: (line.service.name, line.council.code if line.council else "", line.code),
    )
