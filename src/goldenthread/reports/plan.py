"""The Improvement Plan's section of the pack (Django-free): its content from the
snapshot's `plan` part (written by `plan.pack`, schema there), what changed in it
since the last pack, and a small part for trying a Word template.

Laid out as seed 001's "oneSource Improvement Plan Monitoring": per service the
summary (each judgement with the lead's explanation line, its count and share,
the total), then the service's actions (reference, partners, delivery, target
date, status, progress comments, next steps). Shares are whole percentages
that add up to 100 (the largest remainder: `domain.shares.percentages`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from goldenthread.domain.judgements import Stand
from goldenthread.reports.content import PackContent, ShownStatus, day_words
from goldenthread.reports.snapshot import Snapshot

NOT_SIGNED_OFF: Final = "Update not yet signed off"
ROUNDING_NOTE: Final = (
    "Shares are rounded to whole percentages so that they add up to 100% "
    "(the largest remainder method)."
)
# a judgement's shape by where the action stands, as the statuses' shapes by grade
# (reports.statuses: green a circle, amber a square, red a diamond)
SHAPES: Final = {
    Stand.ON_TRACK.value: "circle",
    Stand.VARIANCE.value: "square",
    Stand.BEHIND.value: "diamond",
    Stand.COMPLETE.value: "triangle",
    Stand.NOT_STARTED.value: "ring",
}


@dataclass(frozen=True)
class JudgementShown:
    """A judgement of a scale as the key shows it."""

    status: ShownStatus
    meaning: str


@dataclass(frozen=True)
class PlanTally:
    """One row of a service's summary: a judgement, the lead's line, count, share."""

    status: ShownStatus
    explanation: str
    count: int
    percent: int

    @property
    def share(self) -> str:
        return f"{self.percent}%"


@dataclass(frozen=True)
class PlanAction:
    reference: str
    partners: str
    priority: str
    delivery: str
    outcome: str
    target: str
    dates: list[str]  # the dates read from the target, as words ("1 September 2019")
    status: ShownStatus | None  # None: not judged (or the update is not signed off)
    confidence: ShownStatus | None
    percent_complete: int | None
    progress: str
    next_steps: str
    flags: list[str]
    signed_off: bool = True

    @property
    def status_text(self) -> str:
        if self.status is not None:
            return self.status.label
        return "Not updated" if self.signed_off else NOT_SIGNED_OFF


@dataclass
class PlanServiceShown:
    number: int | None
    name: str
    lead: str
    signed_off: bool
    state: str  # the update's state in words ("Submitted"), "Not started"
    tallies: list[PlanTally]
    total: int
    actions: list[PlanAction] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.name}" if self.number is not None else self.name

    @property
    def anchor(self) -> str:
        return f"plan-{self.number if self.number is not None else 0}"


@dataclass
class PlanSection:
    """The plan's summary per service and overall, and each service's actions."""

    services: list[PlanServiceShown]
    overall: list[PlanTally]
    overall_total: int
    key: list[JudgementShown]
    confidence_key: list[JudgementShown]
    name: str = "plan"

    @property
    def action_count(self) -> int:
        return sum(len(s.actions) for s in self.services)

    @property
    def not_signed_off(self) -> list[PlanServiceShown]:
        return [s for s in self.services if not s.signed_off]

    @property
    def headline(self) -> str:
        waiting = len(self.not_signed_off)
        return f"{self.action_count} plan action(s), {waiting} service update(s) not signed off"


def _shown(row: dict[str, str]) -> ShownStatus:
    return ShownStatus(row["code"], row["label"], row["colour"], "", SHAPES.get(row["stand"], ""))


def _tallies(rows: list[dict[str, Any]], scale: dict[str, ShownStatus]) -> list[PlanTally]:
    return [
        PlanTally(scale[row["code"]], row["explanation"], row["count"], row["percent"])
        for row in rows
        if row["code"] in scale
    ]


def assemble_plan(snapshot: Snapshot, frame: PackContent) -> PlanSection:
    """The plan's section from the snapshot's `plan` part."""
    part = snapshot["plan"]
    scale = {row["code"]: _shown(row) for row in part["progress"]}
    second = {row["code"]: _shown(row) for row in part["confidence"] or []}
    services = []
    for service in part["services"]:
        signed = service["signed_off"]
        services.append(
            PlanServiceShown(
                number=service["number"],
                name=service["name"],
                lead=service["lead"],
                signed_off=signed,
                state=service["state"],
                tallies=_tallies(service["summary"], scale),
                total=service["total"],
                actions=[_action(a, scale, second, signed) for a in service["actions"]],
            )
        )
    return PlanSection(
        services=services,
        overall=_tallies(part["overall"]["summary"], scale),
        overall_total=part["overall"]["total"],
        key=[JudgementShown(scale[r["code"]], r["meaning"]) for r in part["progress"]],
        confidence_key=[
            JudgementShown(second[r["code"]], r["meaning"]) for r in part["confidence"] or []
        ],
    )


def _action(
    row: dict[str, Any],
    scale: dict[str, ShownStatus],
    second: dict[str, ShownStatus],
    signed: bool,
) -> PlanAction:
    return PlanAction(
        reference=row["reference"],
        partners=row["partners"],
        priority=row["priority"],
        delivery=row["delivery"],
        outcome=row["outcome"],
        target=row["target"],
        dates=[day_words(d) for d in row["dates"]],
        status=scale.get(row["status"]),
        confidence=second.get(row["confidence"]),
        percent_complete=row["percent_complete"],
        progress=row["progress"],
        next_steps=row["next_steps"],
        flags=list(row["flags"]),
        signed_off=signed,
    )


def _actions(snapshot: Snapshot) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    part = snapshot.get("plan") or {"services": []}
    return {a["reference"]: (a, s) for s in part["services"] for a in s["actions"]}


def _status_label(snapshot: Snapshot, action: dict[str, Any], service: dict[str, Any]) -> str:
    if not service["signed_off"]:
        return NOT_SIGNED_OFF
    labels: dict[str, str] = {row["code"]: row["label"] for row in snapshot["plan"]["progress"]}
    return labels.get(action["status"], "Not updated")


def plan_changes(before: Snapshot, after: Snapshot) -> list[dict[str, str]]:
    """What the plan shows differently from the last pack: each action's status
    changed, actions added and gone, in the later pack's order."""
    old, new = _actions(before), _actions(after)
    changes: list[dict[str, str]] = []

    def change(action: dict[str, Any], what: str, was: str, now: str) -> None:
        changes.append(
            {
                "indicator": action["reference"],
                "organisation": action["partners"],
                "what": what,
                "before": was,
                "after": now,
            }
        )

    for reference, (action, service) in new.items():
        now = _status_label(after, action, service)
        if reference not in old:
            change(action, "plan action added", "", now)
            continue
        was = _status_label(before, *old[reference])
        if was != now:
            change(action, "plan status", was, now)
    for reference, (action, service) in old.items():
        if reference not in new:
            change(action, "plan action removed", _status_label(before, action, service), "")
    return changes


def plan_sample(snapshot: Snapshot) -> Snapshot:
    """The snapshot with, per service, the first action of each status (and the
    first not judged), so every kind of row appears."""
    part = snapshot.get("plan")
    if not part:
        return snapshot
    services = []
    for service in part["services"]:
        firsts: dict[str, dict[str, Any]] = {}
        for action in service["actions"]:
            firsts.setdefault(action["status"], action)
        chosen = [a for a in service["actions"] if a in firsts.values()]
        services.append({**service, "actions": chosen})
    return {**snapshot, "plan": {**part, "services": services}}
