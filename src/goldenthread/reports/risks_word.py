"""The risks section's placeholders in the Word template (docs/pack.md lists
them, each starting `risks_`): the heat map as a table of cells (count and
level in words, the level's fill), the same as a list, and the section's
tables as rows of text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldenthread.reports.content import PackContent
from goldenthread.reports.risks import RiskRow, RisksSection

Picture = Callable[[str, str], Any]  # (chart key, alternative text) -> picture, or None


def placeholders(pack: PackContent, section: RisksSection, picture: Picture) -> dict[str, Any]:
    return {
        "contents": contents(),
        "risks_summary": section.summary_text,
        "risks_intro": (
            f"{section.summary_text.capitalize()}. Each risk's current score is likelihood "
            "times impact on the team's matrix, from its latest review signed off by the end "
            f"of {section.period} (until it has one, the score on the register). A cell's "
            "level is set by the matrix, not by the product alone."
        ),
        "risks_levels": [
            {
                "name": t.level.name if t.level else t.label,
                "fill": t.level.fill if t.level else "FFFFFF",
                "count": t.count,
                "review": t.level.review_text if t.level else "",
            }
            for t in section.level_counts
        ],
        "risks_heat_header": [f"{impact} ({n})" for n, impact in enumerate(section.impacts, 1)],
        "risks_heat_rows": [
            {
                "label": f"{row.word} ({row.likelihood})",
                "cells": [
                    {"count": c.count, "level": c.level.name, "fill": c.level.fill}
                    for c in row.cells
                ],
            }
            for row in section.heat_map
        ],
        "risks_heat_cells": [
            {
                "likelihood": f"{c.likelihood_word} ({c.likelihood})",
                "impact": f"{c.impact_word} ({c.impact})",
                "level": c.level.name,
                "count": c.count,
                "references": ", ".join(c.references),
            }
            for c in section.filled_cells
        ],
        "risks_highest_text": section.highest_text,
        "risks_highest": [_row(r) for r in section.highest],
        "risks_strategic": [_full(r) for r in section.strategic],
        "risks_operational": [_row(r) for r in section.operational],
        "risks_above_appetite": [_row(r) for r in section.above_appetite],
        "risks_movement_intro": (
            "Each risk's current score against its score at the review before, both signed "
            "off: " + "; ".join(f"{t.label.lower()} {t.count}" for t in section.trend_counts) + "."
        ),
        "risks_movement": [_row(r) for r in section.movement],
        "risks_overdue": [_row(r) for r in section.overdue],
    }


def contents() -> list[dict[str, Any]]:
    """The section's headings in the default template, at their levels."""
    entries = [(1, "Risk register"), (2, "Heat map"), (2, "Highest risks")]
    entries += [(2, "Strategic risks"), (2, "Operational risks"), (2, "Risks above appetite")]
    entries += [(2, "Movement since the last review"), (2, "Overdue reviews")]
    return [{"level": level, "text": text} for level, text in entries]


def _row(row: RiskRow) -> dict[str, Any]:
    return {
        "reference": row.reference,
        "title": row.title,
        "service": f"{row.service} ({row.partners})",
        "level": row.level.name,
        "fill": row.level.fill,
        "score": row.current.text,
        "now": row.current.short,
        "before": row.before_text,
        "trend": row.trend.text,
        "target": row.target.short,
        "appetite": row.appetite_text,
        "owner": row.owner or "Not named",
        "last_reviewed": row.last_reviewed or "Not yet reviewed",
        "next_review": row.review_text,
    }


def _full(row: RiskRow) -> dict[str, Any]:
    details = [
        ("Level now", row.current.words),
        ("Trend", row.trend.text + (f" (was {row.before.short})" if row.before else "")),
        ("Inherent", row.inherent.words),
        ("Target", row.target.words),
        ("Appetite", row.appetite_text),
        ("Service", row.service),
        ("Councils", row.partners),
        ("Owner", row.owner or "Not named"),
        ("Escalated to", row.escalation),
        ("Cause", row.cause),
        ("Event", row.event),
        ("Consequence", row.consequence),
        ("Last reviewed", row.last_reviewed or "Not yet reviewed"),
        ("Next review", row.review_text),
        ("Review comment", row.comment),
    ]
    return {
        **_row(row),
        "heading": f"{row.title} ({row.reference})",
        "details": [{"label": label, "text": text} for label, text in details if text],
        "controls": [
            {"description": c.description, "owner": c.owner, "effectiveness": c.effectiveness}
            for c in row.controls
        ],
        "actions": [
            {
                "description": a.text,
                "owner": a.owner,
                "due": a.due or "Not set",
                "state": a.state,
            }
            for a in row.actions
        ],
    }
