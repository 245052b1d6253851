"""The plan page's table of actions as a download (CSV or Excel): the actions
the page lists for its quarter and filters, as this person sees them (the
page's own selectors: `plan.register.plan_page`). It is not the plan's
spreadsheet (`plan.sheet`), the team's actions laid out to be loaded back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from goldenthread.domain.periods import Quarter
from goldenthread.exports.responses import table_response
from goldenthread.exports.table import Column, Table
from goldenthread.people.access import Scope, scope_of
from goldenthread.plan import selectors
from goldenthread.plan.register import PlanFilters, filters_from, plan_page, quarter_from

COLUMNS = (
    Column("Service", 24),
    Column("Reference", 10),
    Column("Partners", 10),
    Column("Priority", 20),
    Column("Delivery", 50),
    Column("Target date", 20),
    Column("Status", 14),
    Column("Confidence", 14),
    Column("% complete", 10),
    Column("Progress", 50),
    Column("Next steps", 40),
    Column("Flags", 30),
)


def plan_table(scope: Scope, quarter: Quarter, filters: PlanFilters) -> Table:
    page = plan_page(scope, selectors.visible_actions(scope), quarter, filters)
    rows = []
    for group in page.groups:
        for line in group.lines:
            row, action, update = line.row, line.row.action, line.row.update
            rows.append(
                (
                    group.service.name,
                    action.reference,
                    line.partners,
                    action.priority.name if action.priority else None,
                    action.delivery,
                    action.target or None,
                    row.judgement.label if row.judgement else "Not yet judged",
                    row.confidence.label if row.confidence else None,
                    update.percent_complete if update else None,
                    update.progress if update else None,
                    update.next_steps if update else None,
                    "; ".join(row.flags) or None,
                )
            )
    chosen = [
        f.name
        for f in (filters.service, filters.priority, filters.council)
        if f is not None and hasattr(f, "name")
    ]
    shown = f", {', '.join(chosen)}" if chosen else ""
    codes = [filters.council.code] if filters.council else []
    return Table(
        f"Improvement Plan actions, {quarter}{shown}", f"plan {quarter} {' '.join(codes)}",
        COLUMNS, rows,
    )  # fmt: skip


@require_safe
def plan_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """What the plan page lists, with the page's query string."""
    scope = scope_of(request.user)
    filters = filters_from(scope, request.GET, selectors.services_with_actions(scope))
    table = plan_table(scope, quarter_from(request.GET.get("period")), filters)
    return table_response(table, file_format)
