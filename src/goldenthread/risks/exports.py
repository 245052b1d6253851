"""The risk register page's table as a download (CSV or Excel): the risks the
page lists for its quarter and filters, each as it stands (its signed-off
score, level, trend, appetite and review), read by the page's own selectors.
It is not the register's spreadsheet (`risks.sheet`), the team's, laid out to
be loaded back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from goldenthread.domain.periods import Quarter
from goldenthread.exports.responses import table_response
from goldenthread.exports.table import Column, Table
from goldenthread.organisations.models import ServiceArea
from goldenthread.people.access import Scope, scope_of, visible_organisations
from goldenthread.risks.register_selectors import Filters, movements, register_quarter
from goldenthread.risks.selectors import partners_label, risk_matrix, visible_risks

COLUMNS = (
    Column("Reference", 10),
    Column("Risk", 40),
    Column("Category", 12),
    Column("Register", 10),
    Column("Service area", 30),
    Column("Partners", 10),
    Column("Owner", 18),
    Column("Likelihood", 10),
    Column("Impact", 10),
    Column("Score", 8),
    Column("Level", 10),
    Column("Trend", 12),
    Column("Appetite", 10),
    Column("Next review", 12),
    Column("Flags", 30),
    Column("Status", 8),
)


def risk_table(scope: Scope, quarter: Quarter, query: dict[str, str]) -> Table:
    matrix = risk_matrix()
    visible = visible_risks(scope)
    areas = list(ServiceArea.objects.filter(risks__in=visible).distinct().order_by("name"))
    filters = Filters.read(
        query, matrix=matrix, service_areas=areas, councils=visible_organisations(scope)
    )
    moved = [
        m
        for m in movements(list(filters.risks(visible)), matrix=matrix, quarter=quarter)
        if filters.keeps(m.standing)
    ]
    rows = []
    for movement in moved:
        s, risk = movement.standing, movement.standing.risk
        rows.append(
            (
                risk.reference,
                risk.title,
                risk.get_category_display(),
                risk.organisation.code,
                str(risk.service_area),
                partners_label(risk),
                risk.owner or None,
                s.current.likelihood,
                s.current.impact,
                s.current.value,
                s.level.name,
                movement.trend.label,
                s.appetite or None,
                s.next_review,
                "; ".join(s.flags) or None,
                risk.get_status_display(),
            )
        )
    council = f" {filters.council.code}" if filters.council else ""
    return Table(f"Risk register, {quarter}{council}", f"risks {quarter}{council}", COLUMNS, rows)


@require_safe
def risk_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """What the register page lists, with the page's query string."""
    scope = scope_of(request.user)
    quarter = register_quarter(request.GET.get("period"))
    return table_response(risk_table(scope, quarter, request.GET.dict()), file_format)
