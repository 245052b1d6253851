"""The finance pages' tables as downloads (CSV or Excel): each line's budget
and forecast in a period (the position page's lines), and the cost share of the
shared lines with each partner's amount. Read by the pages' own selectors for
the person signed in (`finance.views`), so a file holds what the page shows:
nothing of a period a reader may not see yet, no other council's non-shared
line. Amounts are in pounds, as numbers (an underspend is negative)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from goldenthread.domain.values import Unit
from goldenthread.exports.responses import table_response
from goldenthread.exports.table import Cell, Column, Figure, Table
from goldenthread.finance import tables
from goldenthread.finance.selectors import PeriodPosition
from goldenthread.finance.views import period_position


def money(amount: Decimal | None) -> Cell:
    return None if amount is None else Figure(amount, 2, Unit.MONEY)


def _title(at: PeriodPosition, what: str) -> tuple[str, str]:
    label = at.period.label if at.period else f"{at.year} P?"
    period = f"{at.year} P{at.period.period}" if at.period else str(at.year)
    return f"{at.organisation.name} {what}, {label}", f"{at.organisation.code} {what} {period}"


def position_table(at: PeriodPosition) -> Table:
    """Each line's budget, forecast, variance, movement and explanation."""
    columns = (
        Column("Line", 10),
        Column("Name", 30),
        Column("Shared or non-shared", 24),
        Column("Service", 24),
        Column("Budget (£)", 14),
        Column("Forecast (£)", 14),
        Column("Forecast entered", 10),
        Column("Variance (£)", 14),
        Column("Movement (£)", 14),
        Column("Explanation", 50),
    )
    rows = []
    if at.shown and at.period is not None:
        for r in at.rows:
            rows.append(
                (
                    r.line.code,
                    r.line.name,
                    tables.line_group(r.line),
                    r.line.service.name,
                    money(r.position.budget),
                    money(r.position.forecast),
                    "Yes" if r.forecast_entered else "No",
                    money(r.position.variance),
                    money(r.position.movement),
                    r.explanation or None,
                )
            )
    title, filename = _title(at, "budget position")
    return Table(title, filename, columns, rows)


def cost_share_table(at: PeriodPosition) -> Table:
    """Each shared line's variance, basis and each partner's amount, then the totals."""
    partners = at.partners
    columns = (
        Column("Line", 10),
        Column("Name", 30),
        Column("Service", 24),
        Column("Basis", 30),
        Column("Variance (£)", 14),
        *(Column(f"{p.name} (£)", 14) for p in partners),
    )
    rows: list[tuple[Cell, ...]] = []
    if at.shown and at.period is not None:
        for r in at.shared_rows:
            rows.append(
                (
                    r.line.code,
                    r.line.name,
                    r.line.service.name,
                    r.problem or r.basis,
                    money(r.position.variance),
                    *(money(r.parts.get(p.code)) for p in partners),
                )
            )
        totals = tables.cost_share_totals(at)
        rows.append(
            ("Total", None, None, None, money(at.shared.variance), *(money(t) for t in totals))
        )
    title, filename = _title(at, "cost share")
    return Table(title, filename, columns, rows)


@require_safe
def position_export(request: HttpRequest, year: str, period: str, file_format: str) -> HttpResponse:
    """The position page's lines (the URL's year and period are digits)."""
    at = period_position(request, int(year), int(period))
    return table_response(position_table(at), file_format)


@require_safe
def cost_share_export(
    request: HttpRequest, year: str, period: str, file_format: str
) -> HttpResponse:
    """The cost-share page's table (the URL's year and period are digits)."""
    at = period_position(request, int(year), int(period))
    return table_response(cost_share_table(at), file_format)
