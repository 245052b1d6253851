"""The register page's table as a download (CSV or Excel): the indicators the
page lists, with its search and its choice to show retired ones, in the
page's columns. It is not the register spreadsheet (`register_sheet`), the
performance team's whole register with every target, laid out to be loaded
back."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from goldenthread.domain.search import Search
from goldenthread.exports.responses import table_response
from goldenthread.exports.table import Column, Table
from goldenthread.indicators import selectors
from goldenthread.indicators.search import matching

COLUMNS = (
    Column("Directorate", 24),
    Column("Service area", 24),
    Column("Reference", 11),
    Column("Indicator", 50),
    Column("Tier", 12),
    Column("Unit", 8),
    Column("Good is", 10),
    Column("Councils", 14),
    Column("In use from", 12),
    Column("Retired on", 12),
)


def register_table(*, include_retired: bool, search: Search) -> Table:
    indicators = matching(selectors.register(include_retired=include_retired), search)
    rows = [
        (
            i.service_area.directorate.name,
            i.service_area.name,
            i.reference,
            i.title,
            i.get_tier_display(),
            i.unit,
            i.get_polarity_display(),
            " ".join(  # as the page lists them: the councils it still applies to
                link.organisation.code
                for link in i.indicatororganisation_set.all()
                if not link.retired_on
            ),
            i.effective_from,
            i.retired_on,
        )
        for i in indicators
    ]
    shown = "with retired indicators" if include_retired else "in use"
    searched = f", matching “{search.text}”" if search else ""
    return Table(f"Indicator register, {shown}{searched}", "register", COLUMNS, rows)


@require_safe
def register_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """What the register page lists, with the page's query string."""
    table = register_table(
        include_retired=request.GET.get("retired") == "1",
        search=Search.of(request.GET.get("q")),
    )
    return table_response(table, file_format)
