"""The indicator page's charts, drawn on the server as inline SVG (no chart
script runs in the browser): each council's trend against its target, from the
pack's own Vega-Lite specification (`reports.charts.chart_spec`, with the
pack's period cells, `reports.exceptions.period_cells`), so the page and the
pack never draw a figure differently; and, for an indicator several councils
share, the quarter's figure of each council beside its target.

Every chart has words for a screen reader and a table beside it with every
figure. The charts are drawn from the figures the page shows: the caller passes
the figures the reader may see (`returns.visibility`), so a figure withheld from
the page is not drawn either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString

from goldenthread.domain.periods import Quarter
from goldenthread.domain.schemes import Status
from goldenthread.domain.targets import Profile, Target, Threshold
from goldenthread.domain.values import Value, ValueKind
from goldenthread.indicators.models import Frequency, Indicator
from goldenthread.pages.charts import drawing
from goldenthread.reports.charts import (
    AXIS_STYLE,
    FONT,
    HEIGHT,
    SERIES_COLOURS,
    TARGET_COLOUR,
    WIDTH,
    chart_spec,
)
from goldenthread.reports.content import (
    NOT_YET_DUE,
    PeriodCell,
    PeriodRow,
    PeriodTable,
    Shown,
    ShownStatus,
)
from goldenthread.reports.exceptions import period_cells, target_cells
from goldenthread.reports.snapshot import amount_text, shown_value
from goldenthread.returns.selectors import Figures, figures_for
from goldenthread.returns.visibility import SeenFigures, Viewer, seen

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Chart:
    """A chart, its words, and the table of every figure it draws."""

    key: str  # unique on the page (for the table's and the chart's ids)
    title: str
    description: str  # the text alternative: what the chart shows, in words
    table: PeriodTable
    svg: SafeString
    by_period: bool = True  # the table beside it: a line per period (else per row)

    @property
    def head(self) -> list[str]:
        """The headings of the table beside the chart."""
        if self.by_period:
            return [self.table.kind, *(row.label for row in self.table.rows)]
        return [self.table.kind, *self.table.header]

    @property
    def body(self) -> list[tuple[str, list[str]]]:
        """The lines of the table beside the chart: every figure it draws."""
        rows = self.table.rows
        if self.by_period:
            return [
                (label, [row.cells[i].text for row in rows])
                for i, label in enumerate(self.table.header)
            ]
        return [(row.label, [cell.text for cell in row.cells]) for row in rows]


# -- each council's trend --------------------------------------------------------


def _target_text(target: Target) -> str:
    return str(target)


def _target_amount(target: Target) -> str | None:
    return amount_text(target.amount) if isinstance(target, Threshold) else None


def _period(
    label: str, value: Value | None, unit: str, target: Target, status: Status | None
) -> dict[str, Any]:
    """One period as the pack's snapshot writes it (`packs.performance`), with
    the status itself beside its code (its label and colour are the scheme's)."""
    return {
        "label": label,
        "value": shown_value(value, unit) if value is not None else None,
        "target": _target_text(target),
        "target_amount": _target_amount(target),
        "status": status.code if status is not None else None,
        "shown": status,
    }


def _shown_status(status: Status | None) -> ShownStatus:
    """A status as the pack's cells carry it, from the status (not its code)."""
    if status is None:
        return NOT_YET_DUE
    return ShownStatus(status.code, status.label, status.colour, status.grade.value)


def _period_cells(periods: list[dict[str, Any]]) -> list[PeriodCell]:
    """The pack's cells, each period's status from the status it was rated (one
    figure's periods: one scheme, so a code is one status)."""
    statuses = {p["status"]: p["shown"] for p in periods if p["shown"] is not None}
    return period_cells(periods, lambda code: _shown_status(statuses.get(code)))


def _cells(periods: list[dict[str, Any]]) -> list[PeriodCell]:
    """The pack's cells; a period with no figure recorded says so."""
    return [
        _period_cells([p])[0] if p["value"] is not None else PeriodCell(Shown(NOT_RECORDED))
        for p in periods
    ]


def _has_months(figure: Figures) -> bool:
    return figure.indicator.frequency == Frequency.MONTHLY or any(
        m.value.kind is not ValueKind.NOT_AVAILABLE for m in figure.months
    )


def _months(figure: Figures) -> list[dict[str, Any]]:
    unit = figure.indicator.unit
    return [
        _period(
            m.month.label.split("-")[0],
            m.value if m.assessment is not None else Value(ValueKind.NOT_AVAILABLE),
            unit,
            m.target,
            m.assessment.status if m.assessment is not None else None,
        )
        for m in figure.months
    ]


def _quarters(
    figure: Figures, by_quarter: dict[Quarter, Figures | None], year_quarters: Sequence[Quarter]
) -> list[dict[str, Any]]:
    unit = figure.indicator.unit
    periods = []
    for q in year_quarters:
        found = by_quarter.get(q)
        target = figure.target
        if isinstance(target, Profile):
            target = target.threshold_at(q.last_month.period_number)
        if q > figure.quarter:
            value, status = Value(ValueKind.NOT_AVAILABLE), None
        elif found is None:
            value, status = None, None
        else:
            value, status = found.result.value, found.result.assessment.status
        periods.append(_period(f"Q{q.number}", value, unit, target, status))
    return periods


def _trend_table(
    figure: Figures, this_year: list[dict[str, Any]], last_year: list[dict[str, Any]]
) -> PeriodTable:
    quarter = figure.quarter
    header = [p["label"] for p in this_year]
    kind = "Quarter" if header[0].startswith("Q") else "Month"
    rows = [PeriodRow(quarter.financial_year.label, _cells(this_year))]
    if any(p["value"] is not None and p["value"]["amount"] is not None for p in last_year):
        rows.append(PeriodRow(quarter.financial_year.previous().label, _cells(last_year)))
    if any(p["target_amount"] is not None for p in this_year):
        rows.append(PeriodRow("Target", target_cells(this_year, figure.indicator.unit), True))
    return PeriodTable(kind, header, rows, figure.indicator.unit)


def _trend_description(figure: Figures, table: PeriodTable) -> str:
    """What the chart shows, in words (the table beside it has every figure)."""
    parts = []
    for row in table.rows:
        shown = [
            f"{label} {cell.value.text}"
            for label, cell in zip(table.header, row.cells, strict=True)
            if cell.due and cell.value.amount is not None
        ]
        if row.is_target:
            texts = {cell.value.text for cell in row.cells if cell.value.text}
            if len(texts) == 1:
                parts.append(f"target {texts.pop()} in every {table.kind.lower()}")
                continue
        if shown:
            parts.append(f"{row.label}: {', '.join(shown)}")
    by = table.kind.lower()
    return (
        f"Line chart of {figure.indicator.title} for {figure.organisation.code} by {by}, "
        f"{table.rows[0].label} against last year and the target. " + "; ".join(parts) + "."
    )


def trend_charts(
    figures: Sequence[Figures],
    last_year: Sequence[Figures],
    quarters: dict[Quarter, Sequence[Figures]],
) -> list[Chart]:
    """A chart per council of the page's figures: months where the indicator has
    them, else quarters; this year, last year and the target. `last_year` holds
    the figures of the last quarter of the year before (its months), `quarters`
    the figures of every quarter of both years (for an indicator reported per
    quarter); both as the reader may see them. Annual indicators get none."""
    charts = []
    for figure in figures:
        if figure.indicator.frequency == Frequency.ANNUAL:
            continue
        key = figure.organisation.id
        year = figure.quarter.financial_year
        if _has_months(figure):
            before = next((f for f in last_year if f.organisation.id == key), None)
            this_periods = _months(figure)
            last_periods = _months(before) if before is not None else []
        else:
            found = {q: _one(quarters.get(q, ()), key) for q in quarters}
            this_periods = _quarters(figure, found, year.quarters())
            last_periods = _quarters(figure, found, year.previous().quarters())
        table = _trend_table(figure, this_periods, last_periods)
        description = _trend_description(figure, table)
        charts.append(
            Chart(
                key=f"trend-{figure.organisation.code}",
                title=f"{figure.organisation.name} ({figure.organisation.code}): "
                f"{table.kind.lower()} by {table.kind.lower()} against the target",
                description=description,
                table=table,
                svg=drawing(chart_spec(table), description),
            )
        )
    return charts


def _one(figures: Sequence[Figures], organisation_id: int) -> Figures | None:
    return next((f for f in figures if f.organisation.id == organisation_id), None)


# -- councils compared -------------------------------------------------------------


def comparison_spec(table: PeriodTable) -> dict[str, Any]:
    """A bar per council (the table's rows), each with its target as a grey tick,
    in the pack's colours, font and size."""
    unit = {"%": "%", "mm:ss": "minutes", "£": "£", "number": "", "rating": "rating"}.get(
        table.unit, table.unit
    )
    values = [
        {
            "council": row.label,
            "value": float(row.cells[0].value.amount)
            if row.cells[0].value.amount is not None
            else None,
            "target": float(row.cells[1].value.amount)
            if row.cells[1].value.amount is not None
            else None,
        }
        for row in table.rows
    ]
    council = {
        "field": "council",
        "type": "nominal",
        "sort": None,
        "title": None,
        "axis": {"labelAngle": 0, "ticks": False},
    }
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": HEIGHT,
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": values},
        "encoding": {"x": council},
        "layer": [
            {
                "mark": {"type": "bar", "color": SERIES_COLOURS[0], "width": {"band": 0.5}},
                "encoding": {
                    "y": {
                        "field": "value",
                        "type": "quantitative",
                        "title": unit or None,
                        "axis": {"tickCount": 4, "ticks": False, "domain": False},
                    }
                },
            },
            {
                "mark": {
                    "type": "tick",
                    "color": TARGET_COLOUR,
                    "thickness": 3,
                    "size": 60,
                    "strokeDash": [5, 3],
                },
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            },
        ],
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": AXIS_STYLE,
        },
    }


def comparison_chart(figures: Sequence[Figures]) -> Chart | None:
    """The quarter's figure of each council the page shows, beside its target:
    for an indicator shared by two or more councils with a figure."""
    with_figure = [f for f in figures if f.result.value.amount is not None]
    if len(with_figure) < 2:
        return None
    first = with_figure[0]
    unit = first.indicator.unit
    quarter = first.quarter
    rows = []
    for f in with_figure:
        target = f.target
        if isinstance(target, Profile):
            target = target.threshold_at(quarter.last_month.period_number)
        rows.append(
            PeriodRow(
                f.organisation.code,
                [
                    *_period_cells(
                        [
                            {
                                "value": shown_value(f.result.value, unit),
                                "status": f.result.assessment.status.code,
                                "shown": f.result.assessment.status,
                            }
                        ]
                    ),
                    *target_cells(
                        [
                            {
                                "target": f.target_shown or "None set",
                                "target_amount": _target_amount(target),
                            }
                        ],
                        unit,
                    ),
                ],
            )
        )
    table = PeriodTable("Council", [quarter.label, "Target"], rows, unit)
    words = "; ".join(
        f"{row.label} {row.cells[0].value.text} against a target of {row.cells[1].value.text}"
        for row in rows
    )
    description = f"Bar chart of {first.indicator.title}, {quarter.label}, by council: {words}."
    return Chart(
        key="councils",
        title=f"Councils compared, {quarter.label}",
        description=description,
        table=table,
        svg=drawing(comparison_spec(table), description),
        by_period=False,
    )


# -- what the page draws -----------------------------------------------------------


@dataclass(frozen=True)
class IndicatorCharts:
    trends: list[Chart]
    councils: Chart | None


def indicator_charts(
    viewer: Viewer, indicator: Indicator, quarter: Quarter, rows: Sequence[SeenFigures]
) -> IndicatorCharts:
    """The indicator page's charts, from the figures the page shows (`rows`, as
    `returns.visibility.seen` gave them: withheld ones are not drawn) and, for
    last year and the year's other quarters, the figures `viewer` may see."""
    figures = [row.figures for row in rows if row.figures is not None]
    shown_organisations = [f.organisation for f in figures]

    def visible(q: Quarter, with_months: bool) -> list[Figures]:
        found = figures_for(
            quarter=q,
            indicators=[indicator],
            organisations=shown_organisations,
            with_months=with_months,
        )
        return [s.figures for s in seen(viewer, found) if s.figures is not None]

    last_year: list[Figures] = []
    quarters: dict[Quarter, Sequence[Figures]] = {}
    year = quarter.financial_year
    if figures and indicator.frequency != Frequency.ANNUAL:
        if indicator.frequency == Frequency.MONTHLY or any(_has_months(f) for f in figures):
            last_year = visible(year.previous().quarters()[-1], True)
        else:
            for q in (*year.previous().quarters(), *year.quarters()):
                if q == quarter:
                    quarters[q] = figures
                elif q < quarter:
                    quarters[q] = visible(q, False)
    return IndicatorCharts(trend_charts(figures, last_year, quarters), comparison_chart(figures))
