"""The exception pages' small charts: one Vega-Lite specification per page,
drawn offline by vl-convert as SVG (HTML, PDF) and PNG (Word). The chart
repeats the period table beside it, which carries every figure; the chart's
alternative text says what it shows in words."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import vl_convert

from goldenthread.reports.content import PeriodTable

# Colour-blind-safe series colours (no red or green: those mean a status);
# the series also differ in point shape, and targets are dashed and grey.
SERIES_COLOURS = ("#1d70b8", "#f47738", "#4c2c92", "#28a197", "#912b88", "#85994b")
SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
TARGET_COLOUR = "#505a5f"
FONT = "DejaVu Sans"
# every chart the same size, axes and legend included: the pack's charts line up,
# and the PDF can lay a chart's page out before the chart is drawn
WIDTH, HEIGHT = 490, 200
# every chart's axes (the pack's and the application's): small type, light grid,
# labels neither cut nor thinned out for overlapping
AXIS_STYLE = {
    "labelFontSize": 10,
    "titleFontSize": 10,
    "gridColor": "#e5e5e5",
    "labelLimit": 0,
    "labelOverlap": False,
}


def _amount(amount: Any, unit: str) -> float:
    number = float(amount)
    return number / 60 if unit == "mm:ss" else number  # durations drawn in minutes


def value_domain(table: PeriodTable) -> list[float] | None:
    """The value axis's range: every figure drawn and every target, so a target
    far above or below the figures is still on the chart (Vega rounds it outwards
    to round numbers). None when there is nothing to draw."""
    amounts = [
        _amount(cell.value.amount, table.unit)
        for row in table.rows
        for cell in row.cells
        if cell.value.amount is not None and (cell.due or row.is_target)
    ]
    if not amounts:
        return None
    low, high = min(amounts), max(amounts)
    if low == high:  # one level: a band around it, so the line is not on the edge
        margin = abs(low) / 10 or 1.0
        low, high = low - margin, high + margin
    return [low, high]


def chart_spec(table: PeriodTable) -> dict[str, Any]:
    """The Vega-Lite specification for a period table's rows (targets dashed); the
    value axis covers the targets as well as the figures (`value_domain`)."""
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
    value_scale: dict[str, Any] = {"zero": False, "nice": True}
    domain = value_domain(table)
    if domain is not None:
        value_scale["domain"] = domain
    unit = {"%": "%", "mm:ss": "minutes", "£": "£", "number": "", "rating": "rating"}.get(
        table.unit, table.unit
    )
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": HEIGHT,
        "autosize": {"type": "fit", "contains": "padding"},
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
                "scale": value_scale,
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
            # labels are short (months, round numbers, councils): neither cut to a
            # length nor thinned out for overlapping, which Vega would measure
            # every label for (a third of the drawing time)
            "axis": {**AXIS_STYLE, "labelBound": False},
            "legend": {
                "labelFontSize": 10,
                "symbolStrokeWidth": 2,
                "labelLimit": 0,
                "labelOverlap": False,
            },
        },
    }


def render_svg(spec: dict[str, Any]) -> str:
    """Draw offline (no data or fonts fetched from anywhere), as plain SVG."""
    return plain_svg(vl_convert.vegalite_to_svg(spec, allowed_base_urls=[]))


SVG = "http://www.w3.org/2000/svg"
# what Vega writes for browsers' interaction and screen readers; the chart is an
# image here, whose alternative text (and the table beside it) says what it shows
_FOR_BROWSERS = (
    "class",
    "role",
    "aria-roledescription",
    "aria-label",
    "aria-hidden",
    "pointer-events",
)
_TRANSLATE = re.compile(r"translate\(([-+.\deE]+),([-+.\deE]+)\)(.*)")


def plain_svg(svg: str) -> str:
    """The same picture with less to draw: Vega's SVG, without its hidden and
    unpainted shapes, empty groups and attributes for browsers, and with groups
    that only move their contents folded into the contents' own positions.

    A chart has about a hundred elements; the PDF renderer draws each one in
    Python, so the 25 charts of the demonstration pack took 0.55 s and now 0.42 s.
    """
    root = ET.fromstring(svg)
    for element in root.iter():  # written back with SVG as the default namespace
        element.tag = element.tag.removeprefix(f"{{{SVG}}}")
    _simplify(root, painted={"fill": "black", "stroke": "none"})
    root.set("xmlns", SVG)
    return ET.tostring(root, encoding="unicode")


def _simplify(element: ET.Element, painted: dict[str, str]) -> None:
    kept: list[ET.Element] = []
    for child in list(element):
        element.remove(child)
        for name in _FOR_BROWSERS:
            child.attrib.pop(name, None)
        if child.get("opacity") == "1":
            del child.attrib["opacity"]
        paint = {name: child.get(name, painted[name]) for name in painted}
        if child.get("display") == "none" or _invisible(child, paint):
            continue
        _simplify(child, paint)
        if child.tag != "g":
            kept.append(child)
        elif len(child) == 0:
            continue
        elif child.attrib in ({}, {"transform": "translate(0,0)"}):
            kept.extend(child)
        elif list(child.attrib) == ["transform"] and (offset := _moved_by(child)):
            kept.extend(_moved(child, *offset))
        else:
            kept.append(child)
    element.extend(kept)


def _invisible(element: ET.Element, paint: dict[str, str]) -> bool:
    """A path that paints nothing: no fill, no stroke, or no outline."""
    return element.tag == "path" and (
        not element.get("d") or (paint["fill"] == "none" and paint["stroke"] == "none")
    )


def _moved_by(group: ET.Element) -> tuple[float, float] | None:
    match = _TRANSLATE.fullmatch(group.get("transform", ""))
    if match is None or match.group(3):
        return None
    return float(match.group(1)), float(match.group(2))


def _moved(group: ET.Element, dx: float, dy: float) -> list[ET.Element]:
    """The group's children, each moved as the group moved them."""
    for child in group:
        own = child.get("transform", "")
        match = _TRANSLATE.match(own)
        if match:
            x, y = float(match.group(1)) + dx, float(match.group(2)) + dy
            child.set("transform", f"translate({_number(x)},{_number(y)}){match.group(3)}")
        else:
            child.set("transform", f"translate({_number(dx)},{_number(dy)}) {own}".strip())
    return list(group)


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def render_png(svg: str, scale: float = 2.0) -> bytes:
    png: bytes = vl_convert.svg_to_png(svg, scale=scale)
    return png
