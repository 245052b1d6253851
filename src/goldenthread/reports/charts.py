"""The exception pages' small charts: one Vega-Lite specification per page,
drawn offline by vl-convert as SVG (HTML, PDF) and PNG (Word). The chart
repeats the period table beside it, which carries every figure; the chart's
alternative text says what it shows in words."""

from __future__ import annotations

from typing import Any

import vl_convert

from goldenthread.reports.content import PeriodTable

# Colour-blind-safe series colours (no red or green: those mean a status);
# the series also differ in point shape, and targets are dashed and grey.
SERIES_COLOURS = ("#1d70b8", "#f47738", "#4c2c92", "#28a197", "#912b88", "#85994b")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
TARGET_COLOUR = "#505a5f"
FONT = "DejaVu Sans"


def _amount(amount: Any, unit: str) -> float:
    number = float(amount)
    return number / 60 if unit == "mm:ss" else number  # durations drawn in minutes


def chart_spec(table: PeriodTable) -> dict[str, Any]:
    """The Vega-Lite specification for a period table's rows (targets dashed)."""
    values = []
    series: list[str] = []
    targets: list[str] = []
    for row in table.rows:
        (targets if row.is_target else series).append(row.label)
        for label, cell in zip(table.header, row.cells, strict=True):
            if cell.due and cell.value.amount is not None:
                values.append(
                    {
                        "period": label,
                        "series": row.label,
                        "value": _amount(cell.value.amount, table.unit),
                    }
                )
    names = series + targets
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(series))]
    # a council's own target ('LBH target') is dashed in the council's colour; one
    # target shared by every council is dashed grey
    colours += [
        colours[series.index(name.removesuffix(" target"))]
        if name.removesuffix(" target") in series
        else TARGET_COLOUR
        for name in targets
    ]
    shapes = [SHAPES[i % len(SHAPES)] for i in range(len(series))] + ["stroke"] * len(targets)
    dashes = [[1, 0]] * len(series) + [[5, 3]] * len(targets)
    unit = {"%": "%", "mm:ss": "minutes", "£": "£", "number": "", "rating": "rating"}.get(
        table.unit, table.unit
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 440,
        "height": 140,
        "data": {"values": values},
        "mark": {"type": "line", "point": {"size": 40, "filled": True}, "strokeWidth": 2},
        "encoding": {
            "x": {
                "field": "period",
                "type": "ordinal",
                "sort": table.header,
                "scale": {"domain": table.header},
                "title": None,
                "axis": {
                    "labelAngle": 0,
                    "grid": False,
                    "ticks": False,
                    "labelExpr": "split(datum.label, '-')[0]",  # Apr-19 -> Apr
                },
            },
            "y": {
                "field": "value",
                "type": "quantitative",
                "title": unit or None,
                "scale": {"zero": False, "nice": True},
                "axis": {"tickCount": 4, "ticks": False, "domain": False},
            },
            "color": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": names, "range": colours},
                "legend": {"orient": "bottom", "title": None},
            },
            "shape": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": names, "range": shapes},
                "legend": None,
            },
            "strokeDash": {
                "field": "series",
                "type": "nominal",
                "scale": {"domain": names, "range": dashes},
                "legend": None,
            },
        },
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {"labelFontSize": 10, "titleFontSize": 10, "gridColor": "#e5e5e5"},
            "legend": {"labelFontSize": 10, "symbolStrokeWidth": 2},
        },
    }


def render_svg(spec: dict[str, Any]) -> str:
    """Draw offline: no data or fonts fetched from anywhere."""
    svg: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return svg


def render_png(svg: str, scale: float = 2.0) -> bytes:
    png: bytes = vl_convert.svg_to_png(svg, scale=scale)
    return png
