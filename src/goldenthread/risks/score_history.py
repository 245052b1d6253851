"""A risk's score history: one line per signed-off review (the quarter, the
score in words, its level, the comment), and the same as a small chart drawn
on the server from a Vega-Lite specification with the pack's font, colours,
size and axes (`reports.charts`), as the indicator page draws its charts. The
table is the source: the chart repeats it, and its text alternative says what
it shows."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from goldenthread.domain.lifecycle import State
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.risk_matrix import Level, Matrix, Score
from goldenthread.reports.charts import (
    AXIS_STYLE,
    FONT,
    HEIGHT,
    SERIES_COLOURS,
    TARGET_COLOUR,
    WIDTH,
    render_svg,
)
from goldenthread.risks.models import Risk, RiskReview


@dataclass(frozen=True)
class Point:
    """A signed-off review of the risk."""

    quarter: Quarter
    score: Score
    words: str  # the score in words (`Matrix.describe`)
    level: Level
    comment: str
    reviewed_on: datetime.date


def score_history(risk: Risk, matrix: Matrix) -> list[Point]:
    """The risk's signed-off reviews, oldest first (a score off the matrix is skipped:
    the settings page refuses a matrix that would leave one off)."""
    reviews = (
        RiskReview.objects.filter(risk=risk, round__status=State.APPROVED.value)
        .select_related("round")
        .order_by("round__year", "round__quarter", "reviewed_on")
    )
    points = []
    for review in reviews:
        score = review.score
        if matrix.refusal(score) is not None:
            continue
        points.append(
            Point(
                Quarter(FinancialYear(review.round.year), review.round.quarter),
                score,
                matrix.describe(score),
                matrix.level(score),
                review.comment,
                review.reviewed_on,
            )
        )
    return points


def chart_spec(points: Sequence[Point], target: Score, matrix: Matrix) -> dict[str, Any]:
    """The score (likelihood x impact) by quarter, the target dashed and grey."""
    highest = len(matrix.likelihoods) * len(matrix.impacts)
    values = [
        {"quarter": p.quarter.label, "score": p.score.value, "level": p.level.name} for p in points
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": WIDTH,
        "height": HEIGHT,
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"values": values},
        "layer": [
            {
                "mark": {
                    "type": "line",
                    "color": SERIES_COLOURS[0],
                    "point": {"filled": True, "size": 60, "color": SERIES_COLOURS[0]},
                },
                "encoding": {
                    "x": {
                        "field": "quarter",
                        "type": "ordinal",
                        "sort": None,
                        "title": None,
                        "axis": {"labelAngle": 0},
                    },
                    "y": {
                        "field": "score",
                        "type": "quantitative",
                        "title": "Score (likelihood x impact)",
                        "scale": {"domain": [0, highest]},
                        "axis": {"tickCount": 5},
                    },
                },
            },
            {
                "mark": {"type": "rule", "color": TARGET_COLOUR, "strokeDash": [5, 3]},
                "encoding": {"y": {"datum": target.value}},
            },
        ],
        "config": {"font": FONT, "view": {"stroke": None}, "axis": AXIS_STYLE},
    }


def description(risk: Risk, points: Sequence[Point], target: Score) -> str:
    """What the chart shows, in words."""
    shown = "; ".join(f"{p.quarter.label} {p.score.value} ({p.level.name})" for p in points)
    return (
        f"Line chart of the score of {risk.reference} {risk.title} at each signed-off review: "
        f"{shown}. Target score {target.value}, drawn as a dashed line."
    )


def chart_svg(risk: Risk, points: Sequence[Point], matrix: Matrix) -> SafeString:
    """The chart as inline SVG, an image with its words (empty without reviews)."""
    if not points:
        return mark_safe("")  # nothing drawn: the page says there is no review yet
    root = ET.fromstring(render_svg(chart_spec(points, risk.target, matrix)))
    for element in root.iter():
        element.tag = element.tag.removeprefix("{http://www.w3.org/2000/svg}")
    root.set("xmlns", "http://www.w3.org/2000/svg")
    root.set("role", "img")
    root.set("aria-label", description(risk, points, risk.target))
    root.set("focusable", "false")
    root.set("class", "gt-chart__drawing")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # escaped by ElementTree
