"""Budget monitoring's pages (the read side): the latest period's position, a
period's position (seed 001's summary per council, the movement since the last
period, the main variances, the portfolio table, the lines, the contradictions),
its cost share, the reserve table, the savings programme and each line across
the year. A reader sees signed-off periods only, and never another council's
non-shared lines; those who see drafts see them marked. Views parse, check
who may see what (`finance.selectors`), read (`finance.tables`), render."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from goldenthread.audit.changes import Change, changes_of
from goldenthread.domain.budget import PERIODS
from goldenthread.domain.lifecycle import State
from goldenthread.domain.money import spend_words
from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.reserves import Stage
from goldenthread.finance import selectors, tables
from goldenthread.finance.kind import FORECASTS
from goldenthread.finance.line_chart import line_chart
from goldenthread.finance.models import (
    BudgetLine,
    FinancePeriod,
    FixedAllocation,
    LineBudget,
    LineForecast,
)
from goldenthread.finance.selectors import PeriodPosition
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import Scope, scope_of


def _service(scope: Scope) -> Organisation | None:
    """The shared service the pages show: the first whose budget this person reads."""
    services = selectors.shared_services(scope)
    return services[0] if services else None


def _number(text: str | None) -> int | None:
    """A whole number from the query string, or None."""
    text = (text or "")[:6]
    return int(text) if text.isascii() and text.isdigit() else None


def enters_forecasts(scope: Scope, organisation: Organisation, year: int) -> bool:
    """The finance business partners, the Director of Finance and the team."""
    budget = selectors.budget_of(organisation, year)
    if budget is None:
        return False
    return scope.is_performance_team or bool(
        FORECASTS.parties(scope, organisation, budget.prepared_by)
    )


def _nothing(request: HttpRequest, scope: Scope, organisation: Organisation | None) -> HttpResponse:
    """No period to show yet (or no budget this person reads)."""
    years = list(selectors.years_of(organisation)) if organisation else []
    year = years[0] if years else None
    return render(
        request,
        "finance/none.html",
        {
            "organisation": organisation,
            "year": year,
            "enters": year is not None
            and organisation is not None
            and enters_forecasts(scope, organisation, year),
        },
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """The latest period this person may see of the shared service's latest year;
    with `year` and `period` (the period picker), that period."""
    scope = scope_of(request.user)
    organisation = _service(scope)
    if organisation is None:
        return _nothing(request, scope, None)
    years = selectors.years_of(organisation)
    year, period = _number(request.GET.get("year")), _number(request.GET.get("period"))
    if year in years and period in PERIODS:
        return redirect("finance:position", year, period)
    if not years:
        return _nothing(request, scope, organisation)
    latest = selectors.latest_seen(scope, organisation, years[0])
    if latest is None:
        return _nothing(request, scope, organisation)
    return redirect("finance:position", latest.year, latest.period)


def period_position(request: HttpRequest, year: int, period: int) -> PeriodPosition:
    """The period's position as this person sees it; 404 for a year without a
    budget or a period not 1-12."""
    scope = scope_of(request.user)
    organisation = _service(scope)
    if organisation is None or period not in PERIODS:
        raise Http404("No such period")
    if year not in selectors.years_of(organisation):
        raise Http404("No budget for that year")
    return selectors.position(scope, organisation, year, period)


def _period_context(
    request: HttpRequest, year: int, period: int
) -> tuple[Scope, PeriodPosition, dict[str, Any]]:
    """What every page of a period shows: the period picker, the state of its
    forecast and the links."""
    scope = scope_of(request.user)
    at = period_position(request, year, period)
    organisation = at.organisation
    years = selectors.years_of(organisation)
    context = {
        "organisation": organisation,
        "year": year,
        "year_label": FinancialYear(year).label,
        "years": [(y, FinancialYear(y).label) for y in years],
        "period": period,
        "periods": [(p, FinancePeriod(year=year, period=p).label) for p in PERIODS],
        "label": FinancePeriod(year=year, period=period).label,
        "at": at,
        "state": tables.state_words(scope, at.period),
        "draft": at.shown and at.period is not None and at.period.status != State.APPROVED,
        "enters": enters_forecasts(scope, organisation, year),
    }
    return scope, at, context


@require_safe
def position(request: HttpRequest, year: int, period: int) -> HttpResponse:
    scope, at, context = _period_context(request, year, period)
    summary = tables.summary(scope, at)
    before = tables.before_of(scope, at)
    context.update(
        {
            "summary": summary,
            "movement": summary.minus(tables.summary(scope, before)) if before else None,
            "before": before,
            "main": tables.main_variances(at),
            "portfolio": tables.portfolio(at),
            "contradictions": selectors.contradictions(at),
        }
    )
    return render(request, "finance/position.html", context)


@require_safe
def cost_share(request: HttpRequest, year: int, period: int) -> HttpResponse:
    _, at, context = _period_context(request, year, period)
    context.update(
        {
            "totals": tables.cost_share_totals(at),
            "formulas": tables.formula_shares(at),
        }
    )
    return render(request, "finance/cost_share.html", context)


def _year_of(scope: Scope, year: int) -> tuple[Organisation, list[int]]:
    organisation = _service(scope)
    if organisation is None:
        raise Http404("No budget")
    years = list(selectors.years_of(organisation))
    if year not in years:
        raise Http404("No budget for that year")
    return organisation, years


@require_safe
def reserves(request: HttpRequest, year: int) -> HttpResponse:
    """The reserve table, offset by the partners' shares of the shared over- or
    underspend at the latest period this person sees."""
    scope = scope_of(request.user)
    organisation, years = _year_of(scope, year)
    latest = selectors.latest_seen(scope, organisation, year)
    offsets = None
    if latest is not None:
        offsets = selectors.position(scope, organisation, year, latest.period).shared_parts
    table, _ = selectors.reserve_table(organisation, year, offsets)
    names = {p.code: p.name for p in selectors.partners_of(organisation)}
    offset_total = sum(table.offset_row.values())
    return render(
        request,
        "finance/reserves.html",
        {
            "organisation": organisation,
            "year": year,
            "year_label": FinancialYear(year).label,
            "years": [(y, FinancialYear(y).label) for y in years],
            "table": table,
            "year_end": year + 1,
            "partners": [(code, names.get(code, code)) for code in table.partners],
            "stages": [
                (stage.label, [d for d in table.drawdowns if d.stage is stage]) for stage in Stage
            ],
            "latest": latest,
            "offset_words": spend_words(offset_total),
            "short": [names.get(code, code) for code in table.short()] if latest else [],
            "in_base": any(d.in_base for d in table.drawdowns),
        },
    )


@require_safe
def savings(request: HttpRequest, year: int) -> HttpResponse:
    scope = scope_of(request.user)
    organisation, years = _year_of(scope, year)
    items = selectors.savings(organisation, year)
    return render(
        request,
        "finance/savings.html",
        {
            "organisation": organisation,
            "year": year,
            "year_label": FinancialYear(year).label,
            "years": [(y, FinancialYear(y).label) for y in years],
            "items": items,
            "partners": tables.savings_by_partner(items),
            "overall": tables.overall_savings(selectors.savings_totals(items)),
        },
    )


def _visible_line(scope: Scope, code: str) -> BudgetLine:
    """The line, or 404 if there is none this person may see (another council's
    non-shared line is not there for them)."""
    found = (
        BudgetLine.objects.filter(
            selectors.line_filter(scope),
            organisation__in=selectors.shared_services(scope),
            code=code[:40],
        )
        .select_related("service", "council", "organisation")
        .first()
    )
    if found is None:
        raise Http404("No such line")
    return found


def line_changes(scope: Scope, line: BudgetLine) -> list[Change]:
    """The line's recorded changes: its entry, budgets, fixed amounts, and its
    forecasts in the periods this person may see."""
    seen = [
        p.id
        for p in FinancePeriod.objects.filter(organisation=line.organisation)
        if selectors.period_seen(scope, p)
    ]
    return changes_of(
        [
            (line.history.all(), "Line"),
            (LineBudget.history.filter(line_id=line.pk), "Budget"),
            (FixedAllocation.history.filter(line_id=line.pk), "Fixed amount"),
            (LineForecast.history.filter(line_id=line.pk, period_id__in=seen), "Forecast"),
        ],
        ignored={"line", "organisation"},
    )


@require_safe
def line(request: HttpRequest, code: str) -> HttpResponse:
    scope = scope_of(request.user)
    budget_line = _visible_line(scope, code)
    budgets = tables.budgets_of(budget_line)
    years = [b.year for b in budgets]
    asked = _number(request.GET.get("year"))
    year = asked if asked in years else (years[0] if years else None)
    periods = tables.line_year(scope, budget_line, year) if year is not None else []
    budget = next((b.budget for b in budgets if b.year == year), None)
    chart = line_chart(budget_line.name, periods, budget) if budget is not None else None
    return render(
        request,
        "finance/line.html",
        {
            "line": budget_line,
            "group": tables.line_group(budget_line),
            "basis": selectors.basis_words(budget_line, year)
            if budget_line.shared and year is not None
            else "",
            "budgets": [(b, FinancialYear(b.year).label) for b in budgets],
            "year": year,
            "year_label": FinancialYear(year).label if year is not None else "",
            "budget": budget,
            "periods": periods,
            "explained": [p for p in periods if p.explanation],
            "chart": chart,
            "changes": line_changes(scope, budget_line),
        },
    )
