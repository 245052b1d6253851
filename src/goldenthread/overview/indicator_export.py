"""An indicator page's figures as a download: for each council the reader
may see, the quarter, last year's outturn and each month, with its target,
status and direction, as the page shows them. The figures are the page's
own (`indicator_figures`), so what a reader may see before approval is the
same in the file."""

from __future__ import annotations

from django.http import QueryDict

from goldenthread.domain.periods import Quarter
from goldenthread.exports.table import Cell, Column, Table, figure_cell, file_stem
from goldenthread.indicators.models import Indicator
from goldenthread.overview.queries import indicator_query
from goldenthread.people.access import Scope
from goldenthread.returns.selectors import figures_for
from goldenthread.returns.visibility import SeenFigures, seen, viewer_of

COLUMNS = (
    Column("Council", 9),
    Column("Period", 12),
    Column("Unit", 8),
    Column("Figure", 11),
    Column("Not yet approved", 14),
    Column("Target", 16),
    Column("Status", 14),
    Column("Direction", 12),
)


def _rows(row: SeenFigures) -> list[tuple[Cell, ...]]:
    """A council's rows: the quarter, last year's outturn, then each month."""
    code, quarter, unit = row.organisation.code, row.quarter, row.indicator.unit
    figures = row.figures
    if figures is None:  # withheld: "Awaiting approval", nothing else
        return [(code, quarter.label, unit, None, row.label, None, None, None)]
    result = figures.result
    direction = result.travel.direction
    rows: list[tuple[Cell, ...]] = [
        (
            code,
            quarter.label,
            unit,
            figure_cell(result.value, unit),
            row.label,
            figures.target_text or "None set",
            result.assessment.status.label,
            direction.label if direction is not None else "",
        ),
        (
            code,
            quarter.financial_year.previous().label,
            unit,
            figure_cell(figures.last_year, unit) or "Not recorded",
            None,
            None,
            None,
            None,
        ),
    ]
    for month in row.months:
        figure = month.figure
        assessment = figure.assessment  # None for a month after the quarter
        if month.withheld:
            shown: tuple[Cell, ...] = (None, month.label, str(figure.target), month.label)
        elif assessment is None:
            shown = ("Future month", None, str(figure.target), "Not yet due")
        else:
            status = assessment.status.label
            shown = (figure_cell(figure.value, unit), month.label, str(figure.target), status)
        rows.append((code, figure.month.label, unit, *shown, None))
    return rows


def indicator_table(indicator: Indicator, quarter: Quarter, figures: list[SeenFigures]) -> Table:
    rows = [row for f in figures for row in _rows(f)]
    council = figures[0].organisation.code if len(figures) == 1 else ""
    return Table(
        f"{indicator.reference} {indicator.title}, {quarter.label}",
        file_stem(indicator.reference, quarter.label, council),
        COLUMNS,
        rows,
    )


def indicator_figures(
    scope: Scope, indicator: Indicator, query: QueryDict
) -> tuple[Quarter, list[SeenFigures]]:
    """The quarter and the figures the indicator's page shows for this query
    string (`period`, `organisation`: the councils the person may see, or the
    one named among them), as this person may see them (`returns.visibility`)."""
    quarter, organisations = indicator_query(scope, query)
    figures = figures_for(quarter=quarter, indicators=[indicator], organisations=organisations)
    return quarter, seen(viewer_of(scope), figures)
