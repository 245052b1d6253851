"""The finance section's placeholders in the Word template (docs/pack.md lists
them, each starting `finance_`): the tables as rows of text, money as the
papers print it (£m to three places, whole pounds; brackets for underspends and
credit balances)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldenthread.reports.content import PackContent
from goldenthread.reports.finance import (
    NOT_SHOWN,
    ROUNDING_NOTE,
    FinanceSection,
    ReserveRow,
    SummaryRow,
)

Picture = Callable[[str, str], Any]  # (chart key, alternative text) -> picture, or None


def _summary(row: SummaryRow) -> dict[str, Any]:
    return {"label": row.label, "cells": [c.m for c in row.cells] + [row.total.m]}


def _reserve(row: ReserveRow) -> dict[str, Any]:
    if row.heading:
        return {"label": row.label, "cells": ["" for _ in row.cells] + [""]}
    blank = row.kind == "item"  # a drawdown leaves a partner's cell empty, as the paper
    cells = ["" if blank and not c.amount else c.whole for c in row.cells]
    return {"label": row.label, "cells": [*cells, row.total.whole]}


def placeholders(pack: PackContent, section: FinanceSection, picture: Picture) -> dict[str, Any]:
    signed = section.signed_off
    intro = (
        f"{section.service}'s forecast outturn for {section.year_label} as at "
        f"{section.period_label}, signed off by the Director of Finance: controllable budgets "
        "only, before transfers to or from reserves. A positive variance is an overspend; an "
        "underspend is in brackets."
        if signed
        else f"No finance period of {section.quarter} has been signed off by the Director of "
        "Finance, so this pack shows no forecast."
    )
    if signed and not section.complete:
        names = " and ".join(c.name for c in section.councils)
        intro += f" This pack shows the shared position and the non-shared lines of {names} only."
    return {
        "contents": contents(section),
        "finance_heading": section.heading,
        "finance_signed_off": signed,
        "finance_cover": section.headline,
        "finance_intro": intro,
        "finance_partners_m": [f"{p.name} (£m)" for p in section.partners] + ["Total (£m)"],
        "finance_partners_pounds": [f"{p.name} (£)" for p in section.partners] + ["Total (£)"],
        "finance_summary": [_summary(row) for row in section.summary],
        "finance_summary_note": ""
        if section.complete
        else f"{NOT_SHOWN} : not in this pack (another council's non-shared lines).",
        "finance_movement_intro": (
            f"Variance at {section.previous} and at {section.period_label} (£m)."
            if section.previous
            else f"No earlier period of {section.year_label} has been signed off, so there is "
            "no movement to show."
        ),
        "finance_movement": [
            {
                "label": row.label,
                "before": row.before.m,
                "now": row.now.m,
                "movement": row.movement.m,
            }
            for row in section.movement
        ]
        if section.previous
        else [],
        "finance_variances": [
            {
                "heading": group.summary,
                "rows": [
                    {
                        "line": item.line,
                        "service": item.service,
                        "amount": item.amount.m,
                        "explanation": item.explanation or "No explanation given",
                    }
                    for item in group.items
                ]
                + (
                    [
                        {
                            "line": "Smaller variances",
                            "service": "",
                            "amount": group.rest.m,
                            "explanation": "A number of smaller variances",
                        }
                    ]
                    if group.rest.amount
                    else []
                ),
                "total": group.total.m,
            }
            for group in section.variances
        ],
        "finance_budget": [
            {
                "group": row.group,
                "service": row.service or "Total",
                "budget": row.budget.whole,
                "forecast": row.forecast.whole,
                "variance": row.variance.whole,
            }
            for row in section.budget
        ],
        "finance_reserves": [_reserve(row) for row in section.reserves],
        "finance_reserves_note": section.in_base_note if section.has_in_base else "",
        "finance_reserves_short": section.reserves_short_text,
        "finance_contradictions": [
            {
                "label": c.label,
                "where": c.where,
                "stated": c.stated.m_symbol,
                "computed": c.computed.m_symbol,
                "difference": c.difference.m_symbol,
            }
            for c in section.contradictions
        ],
        "finance_note": ROUNDING_NOTE if signed else "",
    }


def contents(section: FinanceSection) -> list[dict[str, Any]]:
    """The section's headings in the default template, at their levels."""
    entries = [(1, section.heading)]
    if section.signed_off:
        entries += [(2, "Summary of shared and non-shared positions")]
        entries += [(2, "Movement since the last period"), (2, "Main variances")]
        entries += [(2, "Budget by service area"), (2, "Reserve")]
        if section.contradictions:
            entries.append((2, "Figures that disagree with their lines"))
    return [{"level": level, "text": text} for level, text in entries]
