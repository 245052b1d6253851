"""The risks section's part of the snapshot (Django side): the team's matrix and
every open risk the pack's councils may see, each as it stood at the end of the
pack's quarter (its current score from the latest review signed off by then:
`risks.selectors.standings`). `reports.risks` assembles it. (It lives in
`packs`, as the other sections' parts do: `packs` is the layer above the apps
whose data it reads.)

```
"risks": {"matrix": {"likelihood": [...], "impact": [...], "levels": [L], "cells": [[...]]},
          "risks": [R] (most serious first)}
L: {"name": "High", "colour": "red", "review_months": 3}
R: {"reference", "title", "category": "strategic" | "operational", "directorate",
    "service_area", "organisation" (whose register), "partners": "ALL" | "LBH/LBN",
    "owner", "escalation", "cause", "event", "consequence",
    "inherent": S, "current": S, "before": S | null, "target": S, "level", "trend",
    "appetite" ("" none), "above_appetite", "last_reviewed", "next_review" (ISO dates
    or null), "review_overdue", "comment",
    "controls": [{"description", "owner", "effectiveness"}],
    "actions": [{"description", "owner", "due" (ISO or null), "done", "plan_action"}]}
S: {"likelihood": 4, "impact": 4}
```
"""

from __future__ import annotations

import datetime
from typing import Any

from goldenthread.domain.risk_matrix import Score
from goldenthread.organisations.models import Organisation
from goldenthread.packs.pack_request import PackRequest, SnapshotPart
from goldenthread.risks.models import Risk
from goldenthread.risks.selectors import (
    Standing,
    partners_label,
    risk_filter,
    risk_matrix,
    standings,
)


def risks_part(request: PackRequest, *, today: datetime.date | None = None) -> SnapshotPart:
    """The risks section's part for `request`: the matrix and each open risk a
    reader of its councils may see, as it stood at the end of its quarter."""
    matrix = risk_matrix()
    shown = (
        Risk.objects.filter(risk_filter(request.readers))
        .filter(status=Risk.Status.OPEN)
        .distinct()
        .select_related("service_area__directorate", "organisation")
        .prefetch_related("partners", "controls", "actions__plan_action")
    )
    rows = standings(shown, matrix=matrix, quarter=request.quarter, today=today)
    return SnapshotPart(
        {"risks": {"matrix": matrix.to_data(), "risks": [_risk(row) for row in rows]}},
        organisations=_councils(request.organisations, [row.risk for row in rows]),
        empty=not rows,
    )


def _councils(candidates: list[Organisation], risks: list[Risk]) -> set[str]:
    """The councils the risks are for (every partner council for a risk for all);
    with no risk, the councils asked for (the pack still says whose it is)."""
    if not risks:
        councils = {o.code for o in candidates if o.kind == Organisation.Kind.COUNCIL}
        return councils or {o.code for o in candidates}
    codes = {risk.organisation.code for risk in risks}
    for risk in risks:
        codes |= {o.code for o in risk.partners.all()}
    if any(risk.all_partners for risk in risks):
        codes |= {o.code for o in candidates if o.kind == Organisation.Kind.COUNCIL}
    return codes & {o.code for o in candidates}


def _score(score: Score | None) -> dict[str, int] | None:
    return None if score is None else {"likelihood": score.likelihood, "impact": score.impact}


def _day(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _risk(row: Standing) -> dict[str, Any]:
    risk = row.risk
    area = risk.service_area
    return {
        "reference": risk.reference,
        "title": risk.title,
        "category": risk.category,
        "directorate": area.directorate.name,
        "service_area": area.name,
        "organisation": risk.organisation.code,
        "partners": partners_label(risk),
        "owner": risk.owner,
        "escalation": risk.escalation,
        "cause": risk.cause,
        "event": risk.event,
        "consequence": risk.consequence,
        "inherent": _score(risk.inherent),
        "current": _score(row.current),
        "before": _score(row.before),
        "target": _score(risk.target),
        "level": row.level.name,
        "trend": row.trend.value,
        "appetite": row.appetite,
        "above_appetite": row.above_appetite,
        "last_reviewed": _day(row.last_reviewed),
        "next_review": _day(row.next_review),
        "review_overdue": row.review_overdue,
        "comment": row.comment,
        "controls": [
            {
                "description": c.description,
                "owner": c.owner,
                "effectiveness": c.get_effectiveness_display(),
            }
            for c in risk.controls.all()
        ],
        "actions": [
            {
                "description": a.description,
                "owner": a.owner,
                "due": _day(a.due),
                "done": a.done,
                "plan_action": a.plan_action.reference if a.plan_action else "",
            }
            for a in risk.actions.all()
        ],
    }
