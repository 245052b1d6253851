"""The performance section's placeholders in the Word template (docs/pack.md
lists them): every table of the section as rows of text, each chart as the
picture `reports.docx` makes of it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldenthread.reports.content import (
    SHAPE_SYMBOLS,
    STATUS_FILLS,
    ExceptionEntry,
    KeyEntry,
    PackContent,
    PerformanceSection,
)

Picture = Callable[[str, str], Any]  # (chart key, alternative text) -> picture, or None


def placeholders(
    pack: PackContent, section: PerformanceSection, picture: Picture
) -> dict[str, Any]:
    return {
        "exception_rule": section.rule_label,
        "covering": section.covering,
        # the summary scheme's columns; each row's counts in them (and, for templates
        # written before schemes, the papers' columns by name: green, amber, ...)
        "summary_columns": [c.label for c in section.summary_columns],
        "share_heading": section.share_heading,
        "summary_note": section.summary_note,
        "summary": [
            {
                "name": f"{r.organisation.name} ({r.organisation.code})",
                "counts": list(r.counts),
                "green": r.green,
                "amber": r.amber,
                "red": r.red,
                "not_applicable": r.not_applicable,
                "incomplete": r.incomplete,
                "no_target": r.no_target,
                "total": r.total,
                "share": r.share_text,
            }
            for r in section.summary
        ],
        "key_status": [_key_entry(e) for e in section.key_status],
        "key_groups": [
            {"scheme": g.scheme, "entries": [_key_entry(e) for e in g.entries]}
            for g in section.key_groups
        ],
        "key_direction": [
            {"term": e.term, "symbol": e.symbol, "meaning": e.meaning}
            for e in section.key_direction
        ],
        "contents": contents(section),
        "met": [
            {
                "heading": heading,
                "rows": [
                    {
                        "area": g.service_area if index == 0 else "",
                        "reference": r.reference,
                        "title": r.title,
                        "target": r.target,
                        "value": r.value.text,
                        "direction": r.direction.text,
                    }
                    for g in c.groups
                    for index, r in enumerate(g.rows)
                ],
            }
            for c, heading in zip(section.met, _met_headings(section), strict=True)
        ],
        "exceptions_intro": (
            f"One report for {section.exception_rule.label}, grouped by directorate: the outturn "
            "per council against the target and last year, the year by month (or quarter) "
            "against the target profile (\u2013: not yet due), a chart of the same figures, "
            "and the service's commentary."
        ),
        "exceptions": [
            {
                "directorate": g.directorate,
                "entries": [_entry(e, picture) for e in g.entries],
            }
            for g in section.exceptions
        ],
        "volumetric": [
            {
                "directorate": g.directorate,
                "reference": r.reference,
                "title": f"{r.title}: {r.breakdown}" if r.breakdown else r.title,
                "council": r.organisation.code,
                "last_year": r.last_year.text or "Not recorded",
                "value": r.value.text,
                "comment": r.comment,
            }
            for g in section.volumetric
            for r in g.rows
        ],
        "not_rated": [
            {
                "reference": r.reference,
                "title": r.title,
                "council": r.organisation.code,
                "status": r.status.label,
                "symbol": r.status.symbol,
                "target": r.target or "Not set",
            }
            for r in section.not_rated
        ],
        "about": (
            "Every figure carries its indicator's reference, as in the register. The figures "
            f"were taken on {pack.taken_at_text}; the snapshot of every figure this pack shows "
            f"is kept, so the pack can be rebuilt exactly (snapshot {pack.snapshot_hash}). "
            + (
                "Data returns not yet approved by their director:"
                if section.returns_not_approved
                else "Every data return for the quarter had been approved."
            )
        ),
        "returns_not_approved": [
            {
                "organisation": group.organisation,
                "state": f"{group.state} ({len(group.service_areas)})",
                "service_area": "; ".join(group.service_areas),
            }
            for group in section.pending_returns
        ],
    }


def _key_entry(entry: KeyEntry) -> dict[str, str]:
    """A status of the key: its word, its shape's character and its fill."""
    return {
        "term": entry.term,
        "symbol": SHAPE_SYMBOLS.get(entry.shape, ""),
        "meaning": entry.meaning,
        "fill": STATUS_FILLS.get(entry.colour, "FFFFFF"),
        "scheme": entry.scheme,
    }


def contents(section: PerformanceSection) -> list[dict[str, Any]]:
    """The section's headings in the default template, at their levels: the
    contents page until Word lays the pages out and fills in their numbers."""
    entries = [(1, "Summary"), (2, "Key"), (1, "Indicators that met their target")]
    entries += [(2, heading) for heading in _met_headings(section)]
    entries.append((1, "Exception reports"))
    for group in section.exceptions:
        entries.append((2, group.directorate))
        entries += [(3, _heading(entry)) for entry in group.entries]
    if section.volumetric:
        entries.append((1, "Volumetric and service standards"))
    if section.not_rated:
        entries.append((2, "Indicators not rated this quarter"))
    return [{"level": level, "text": text} for level, text in entries]


def _met_headings(section: PerformanceSection) -> list[str]:
    return [
        f"{c.organisation.name} ({c.organisation.code}): "
        f"{c.count} indicator{'s' if c.count != 1 else ''}"
        for c in section.met
    ]


def _heading(entry: ExceptionEntry) -> str:
    info = entry.indicator
    area = f", {info.service_area}" if info.service_area != info.directorate else ""
    return f"{info.title} ({info.reference}{area})"


def _entry(entry: ExceptionEntry, picture: Picture) -> dict[str, Any]:
    info = entry.indicator
    table = entry.periods
    chart = picture(info.reference, entry.chart_description)
    return {
        "heading": _heading(entry),
        "definition": info.definition,
        "why": entry.why + ".",
        "outturn": [
            {
                "label": r.label,
                "last_year": r.last_year.text or "Not recorded",
                "value": r.value.text,
                "target": r.target,
                "status": r.status.label,
                "symbol": r.status.symbol,
                "fill": r.status.fill,
                "direction": r.direction.text,
            }
            for r in entry.outturn
        ],
        "period_kind": table.kind if table else "",
        "period_header": table.header if table else [],
        "period_rows": [
            {"label": row.label, "cells": [c.text for c in row.cells]} for row in table.rows
        ]
        if table
        else [],
        "chart": chart or "",
        "chart_caption": f"{info.reference}: the figures in the table above, drawn against "
        "the target (dashed)."
        if chart
        else "",
        "commentary": [
            {
                "council": f"{b.organisation.name} ({b.organisation.code})",
                "lines": [
                    {"label": label, "text": text}
                    for label, text in (
                        ("Reasons", b.reasons),
                        ("Difference from target", b.difference),
                        ("Remedial actions", b.remedial_actions),
                    )
                    if text
                ],
            }
            for b in entry.commentary
        ],
        "missing": ", ".join(entry.missing_commentary),
    }
