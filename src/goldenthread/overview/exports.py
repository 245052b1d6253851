"""The overview's two tables as downloads: the summary (each council's counts
by status) and the indicators (each figure, target, status and direction),
with the page's filters. Both come from `selectors.overview`, the page's own
reader, so the download holds what the person sees there and nothing more
(the councils they may see, the figures they may see before approval)."""

from __future__ import annotations

from django.http import QueryDict

from goldenthread.domain.values import Unit
from goldenthread.exports.table import Cell, Column, Figure, Table, figure_cell, file_stem
from goldenthread.overview import selectors
from goldenthread.overview.queries import overview_query
from goldenthread.people.access import Scope


def overview_of(scope: Scope, query: QueryDict) -> selectors.Overview:
    """The overview for the query string the page was asked with (`queries`:
    the page's own reading of it)."""
    asked = overview_query(scope, query)
    return selectors.overview(scope, asked.quarter, asked.filters, asked.columns)


def _name(view: selectors.Overview, what: str) -> str:
    """The file's name: the table, the quarter and the council if only one is shown."""
    council = view.organisations[0].code if len(view.organisations) == 1 else ""
    return file_stem(what, view.quarter.label, council)


def summary_table(view: selectors.Overview) -> Table:
    """The summary table: a column per status of the team's summary scheme (its
    labels), then the total and the share met, as the page shows them."""
    columns = [
        Column("Council", 10),
        *(Column(status.label, 10) for status in view.columns.columns),
        Column("Total", 10),
        Column(view.columns.met_heading, 10),
    ]
    rows = [
        (
            row.organisation,
            *row.counts,
            row.total,
            None if row.share_met is None else Figure(row.share_met, 0, Unit.PERCENT),
        )
        for row in view.summary
    ]
    title = f"Number of indicators of each status per council, {view.quarter.label}"
    return Table(title, _name(view, "overview-summary"), columns, rows)


def figures_table(view: selectors.Overview) -> Table:
    """The indicators table: each figure this person may see, marked if it is
    not yet approved; one withheld from them says "Awaiting approval"."""
    label = view.quarter.label
    columns = (
        Column("Directorate", 24),
        Column("Service area", 24),
        Column("Reference", 11),
        Column("Indicator", 50),
        Column("Council", 9),
        Column("Unit", 8),
        Column("Last year", 11),
        Column(label, 11),
        Column("Not yet approved", 14),
        Column("Target", 16),
        Column("Status", 14),
        Column("Direction", 12),
    )
    rows: list[tuple[Cell, ...]] = []
    for row in view.rows:
        indicator, f = row.indicator, row.figures
        shown: tuple[Cell, ...] = (None, None, row.label, None, None, None)
        if f is not None:
            direction = f.result.travel.direction
            shown = (
                figure_cell(f.last_year, indicator.unit),
                figure_cell(f.result.value, indicator.unit),
                row.label,
                f.target_shown,
                f.result.assessment.status.label,
                direction.label if direction is not None else "",
            )
        area = indicator.service_area
        where = (area.directorate.name, area.name, indicator.reference, indicator.title)
        rows.append((*where, row.organisation.code, indicator.unit, *shown))
    title = f"Each indicator's quarter figure, target, status and direction of travel, {label}"
    return Table(title, _name(view, "overview"), columns, rows)
