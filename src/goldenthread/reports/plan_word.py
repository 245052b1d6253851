"""The Improvement Plan's placeholders in the Word template (docs/pack.md lists
them): `plan` (true when the pack has the section), `plan_key`, `plan_summary`
(per service, then every service together), `plan_note` and `plan_services`
(each with its actions), `plan_not_signed_off`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from goldenthread.reports.content import PackContent, ShownStatus
from goldenthread.reports.plan import ROUNDING_NOTE, PlanAction, PlanSection, PlanTally

Picture = Callable[[str, str], Any]  # (chart key, alternative text) -> picture, or None


def _status(status: ShownStatus | None, text: str) -> dict[str, str]:
    return {
        "status": text,
        "symbol": status.symbol if status else "",
        "fill": status.fill if status else "FFFFFF",
    }


def _tally(tally: PlanTally) -> dict[str, Any]:
    return {
        **_status(tally.status, tally.status.label),
        "explanation": tally.explanation or "N/A",
        "count": tally.count,
        "share": tally.share,
    }


def _action(action: PlanAction) -> dict[str, Any]:
    notes = []
    if action.percent_complete is not None:
        notes.append(f"{action.percent_complete}% complete")
    if action.confidence is not None:
        notes.append(f"Confidence: {action.confidence.label}")
    return {
        "reference": action.reference,
        "partners": action.partners,
        "delivery": action.delivery,
        "outcome": action.outcome,
        "target": action.target or "None given",
        "dates": f"Read as {'; '.join(action.dates)}" if action.dates else "",
        **_status(action.status, action.status_text),
        "progress": action.progress,
        "notes": "; ".join(notes + action.flags),
        "next_steps": action.next_steps,
    }


def placeholders(pack: PackContent, section: PlanSection, picture: Picture) -> dict[str, Any]:
    return {
        "plan": True,
        "plan_key": [
            {**_status(e.status, e.status.label), "meaning": e.meaning} for e in section.key
        ]
        + [
            {**_status(e.status, f"Confidence: {e.status.label}"), "meaning": e.meaning}
            for e in section.confidence_key
        ],
        "plan_summary": [
            {
                "heading": s.heading + (f"  Lead: {s.lead}" if s.lead else ""),
                "rows": [_tally(t) for t in s.tallies] if s.signed_off else [],
                "total": s.total,
                "waiting": ""
                if s.signed_off
                else f"Update not yet signed off ({s.state}): not counted.",
            }
            for s in section.services
        ]
        + [
            {
                "heading": "Every service together",
                "rows": [{**_tally(t), "explanation": ""} for t in section.overall],
                "total": section.overall_total,
                "waiting": "",
            }
        ],
        "plan_note": ROUNDING_NOTE,
        "plan_services": [
            {
                "heading": s.heading,
                "lead": f"Lead: {s.lead}" if s.lead else "",
                "waiting": ""
                if s.signed_off
                else f"Update not yet signed off ({s.state}): the actions are shown "
                "without a status, progress or next steps.",
                "actions": [_action(a) for a in s.actions],
            }
            for s in section.services
        ],
        "plan_not_signed_off": [f"{s.heading} ({s.state})" for s in section.not_signed_off],
        "contents": [
            {"level": 1, "text": "Improvement Plan"},
            {"level": 2, "text": "Summary by service"},
            *({"level": 2, "text": s.heading} for s in section.services),
        ],
    }
