"""A budget line's forecasts across the year as a small chart: the forecast at
each period this person may see against the budget (dashed), drawn on the
server as inline SVG from the pack's own Vega-Lite specification
(`reports.charts.chart_spec`), as the indicator page draws its trends
(`overview.charts`). The table beside it on the page has every figure."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.safestring import SafeString

from goldenthread.domain.budget import PERIODS
from goldenthread.domain.money import pounds
from goldenthread.finance.tables import LinePeriod
from goldenthread.pages.charts import drawing
from goldenthread.reports.charts import chart_spec
from goldenthread.reports.content import PeriodCell, PeriodRow, PeriodTable, Shown

UNIT = "£"


def _cell(amount: Decimal | None) -> PeriodCell:
    if amount is None:
        return PeriodCell(Shown(""), due=False)
    return PeriodCell(Shown(pounds(amount, symbol=True), amount, UNIT))


def line_table(periods: Sequence[LinePeriod], budget: Decimal) -> PeriodTable:
    """The forecast at each period (P1-P12) and the budget, as the chart draws them."""
    by_number = {p.period: p for p in periods}
    forecasts = []
    for number in PERIODS:
        seen = by_number.get(number)
        forecasts.append(_cell(seen.position.forecast if seen and seen.position else None))
    header = [f"P{n}" for n in PERIODS]
    rows = [
        PeriodRow("Forecast", forecasts),
        PeriodRow("Budget", [_cell(budget) for _ in PERIODS], is_target=True),
    ]
    return PeriodTable("Period", header, rows, UNIT)


def description(name: str, periods: Sequence[LinePeriod], budget: Decimal) -> str:
    """What the chart shows, in words."""
    shown = [
        f"{p.label} {pounds(p.position.forecast, symbol=True)}"
        for p in periods
        if p.position is not None
    ]
    drawn = "; ".join(shown) if shown else "no forecast to show yet"
    return (
        f"Line chart of the forecast outturn of {name} by period against its budget of "
        f"{pounds(budget, symbol=True)}: {drawn}."
    )


def line_chart(name: str, periods: Sequence[LinePeriod], budget: Decimal) -> SafeString | None:
    """The chart as an image with its words; None when there is no forecast to draw."""
    if not any(p.position is not None for p in periods):
        return None
    words = description(name, periods, budget)
    return drawing(chart_spec(line_table(periods, budget)), words)
