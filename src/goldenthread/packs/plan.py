"""The Improvement Plan's part of the pack's snapshot (Django side): the quarter's
summary per service and overall, and each action as the papers show it, for the
councils the pack covers. Only a signed-off (approved) update counts: a service
whose update is not approved shows its actions without a status ("Update not
yet signed off"), never a draft. `reports.plan` assembles it. (It lives in
`packs`, as the performance section's part does, since `packs` is the layer
above the apps whose data it reads.)

```
"plan": {"progress": [J], "confidence": [J] | null,
         "services": [{"number", "name", "lead", "signed_off": bool, "state",
                       "summary": [T], "total", "actions": [A]}],
         "overall": {"summary": [T], "total"}}
J: {"code", "label", "colour", "meaning", "stand"}   (the scale, best first)
T: {"code", "count", "percent", "explanation"}       (per judgement of the scale)
A: {"reference", "partners", "priority", "delivery", "outcome", "target",
    "dates": ["2019-09-01"], "status": "G" | "", "confidence": "H" | "",
    "percent_complete": 40 | null, "progress", "next_steps", "flags": [words]}
```
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.db.models import Q

from goldenthread.domain.judgements import Scale, Tally
from goldenthread.organisations.models import Organisation
from goldenthread.packs.pack_request import PackRequest, SnapshotPart
from goldenthread.plan.models import Action, PlanService, PlanUpdate
from goldenthread.plan.selectors import (
    ActionQuarter,
    ServiceSummary,
    action_quarters,
    confidence_scale,
    partners_label,
    progress_scale,
    summary,
    update_of,
    visible_actions,
)
from goldenthread.submissions.models import SubmissionStatus

NOT_SIGNED_OFF = "Update not yet signed off"


def plan_actions(request: PackRequest) -> list[Action]:
    """The actions the pack shows: those its councils may see, open or updated in
    the quarter, in the plan's order."""
    quarter = request.quarter
    updated = Action.objects.filter(
        updates__update__year=quarter.financial_year.start_year,
        updates__update__quarter=quarter.number,
    )
    return list(
        visible_actions(request.readers)
        .filter(Q(closed=False) | Q(pk__in=updated.values("pk")))
        .order_by("service__number", "service__name", "reference")
    )


def plan_part(request: PackRequest) -> SnapshotPart:
    """The plan's part of the snapshot for `request` (see the module's schema)."""
    quarter = request.quarter
    actions = plan_actions(request)
    services = list(dict.fromkeys(action.service for action in actions))
    updates = {service.pk: update_of(service, quarter) for service in services}
    signed = {pk for pk, update in updates.items() if _signed_off(update)}
    rows = [_counted(row, signed) for row in action_quarters(actions, quarter)]
    parts, overall = summary(rows, quarter, services)
    scale, second = progress_scale(), confidence_scale()
    by_service: dict[int, list[ActionQuarter]] = {}
    for row in rows:
        by_service.setdefault(row.action.service_id, []).append(row)
    data = {
        "progress": scale.to_rows(),
        "confidence": second.to_rows() if second else None,
        "services": [
            _service(service, updates[service.pk], part, by_service[service.pk], scale)
            for service, part in zip(services, parts, strict=True)
        ],
        "overall": _summary(overall, scale),
    }
    return SnapshotPart(
        {"plan": data}, organisations=_councils(request, actions), empty=not actions
    )


def _signed_off(update: PlanUpdate | None) -> bool:
    return update is not None and update.status == SubmissionStatus.APPROVED


def _counted(row: ActionQuarter, signed: set[int]) -> ActionQuarter:
    """The row as the pack counts it: no judgement from an update not signed off."""
    if row.action.service_id in signed:
        return row
    return dataclasses.replace(row, judgement=None, confidence=None, nothing_new=False)


def _summary(part: ServiceSummary, scale: Scale) -> dict[str, Any]:
    return {
        "summary": [_tally(t, part) for t in part.tallies if t.judgement in scale.judgements],
        "total": part.total,
    }


def _tally(tally: Tally, part: ServiceSummary) -> dict[str, Any]:
    return {
        "code": tally.judgement.code,
        "count": tally.count,
        "percent": tally.percent,
        "explanation": part.explanation(tally),
    }


def _service(
    service: PlanService,
    update: PlanUpdate | None,
    part: ServiceSummary,
    rows: list[ActionQuarter],
    scale: Scale,
) -> dict[str, Any]:
    signed = _signed_off(update)
    if not signed:  # the lead's lines are part of the update: not shown until signed off
        part = dataclasses.replace(part, explanations={})
    return {
        "number": service.number,
        "name": service.name,
        "lead": service.lead,
        "signed_off": signed,
        "state": update.get_status_display() if update else "Not started",
        **_summary(part, scale),
        "actions": [_action(row, signed) for row in rows],
    }


def _action(row: ActionQuarter, signed: bool) -> dict[str, Any]:
    action, update = row.action, row.update if signed else None
    return {
        "reference": action.reference,
        "partners": partners_label(action),
        "priority": action.priority.name if action.priority else "",
        "delivery": action.delivery,
        "outcome": action.outcome,
        "target": action.target,
        "dates": [d.isoformat() for d in row.target.dates],
        "status": row.judgement.code if row.judgement else "",
        "confidence": row.confidence.code if row.confidence else "",
        "percent_complete": update.percent_complete if update else None,
        "progress": update.progress if update else "",
        "next_steps": update.next_steps if update else "",
        "flags": row.flags if signed else [],
    }


def _councils(request: PackRequest, actions: list[Action]) -> set[str]:
    """The councils the actions are for (all the pack's councils for an "ALL" one,
    or when there is no action: the pack still says whom it covers)."""
    councils = [o for o in request.organisations if o.kind == Organisation.Kind.COUNCIL]
    if not actions or any(action.all_partners for action in actions):
        return {o.code for o in councils}
    partners = {o.pk for action in actions for o in action.partners.all()}
    return {o.code for o in councils if o.pk in partners}
