"""The performance section's part of "what changed since the last pack" (figures,
targets, statuses, months and commentary), and its sample for trying a Word
template."""

from __future__ import annotations

from typing import Any

from goldenthread.reports.snapshot import Snapshot


def _figure_key(figure: dict[str, Any]) -> tuple[str, str]:
    return figure["indicator"], figure["organisation"]


def _commentary_text(figure: dict[str, Any]) -> str:
    comment = figure.get("commentary") or {}
    parts = (comment.get("reasons", ""), comment.get("difference", ""))
    return " ".join(p for p in (*parts, comment.get("remedial_actions", "")) if p)


def performance_changes(before: Snapshot, after: Snapshot) -> list[dict[str, str]]:
    """What a later snapshot shows differently: figures, targets, statuses and
    commentary changed, and figures added or gone, in the later pack's order."""
    old = {_figure_key(f): f for f in before.get("figures", [])}
    new_keys = set()
    changes: list[dict[str, str]] = []

    def change(figure: dict[str, Any], what: str, was: str, now: str) -> None:
        changes.append(
            {
                "indicator": figure["indicator"],
                "organisation": figure["organisation"],
                "what": what,
                "before": was,
                "after": now,
            }
        )

    for figure in after.get("figures", []):
        key = _figure_key(figure)
        new_keys.add(key)
        previous = old.get(key)
        if previous is None:
            change(figure, "added", "", figure["value"]["text"])
            continue
        if previous["value"]["text"] != figure["value"]["text"]:
            change(figure, "figure", previous["value"]["text"], figure["value"]["text"])
        if previous["target"] != figure["target"]:
            change(figure, "target", previous["target"], figure["target"])
        if previous["status"] != figure["status"]:
            change(figure, "status", previous["status"], figure["status"])
        was_months = {p["label"]: p["value"]["text"] for p in previous.get("periods", [])}
        for period in figure.get("periods", []):
            was = was_months.get(period["label"])
            if was is not None and was != period["value"]["text"]:
                change(figure, f"figure for {period['label']}", was, period["value"]["text"])
        if _commentary_text(previous) != _commentary_text(figure):
            change(figure, "commentary", _commentary_text(previous), _commentary_text(figure))
    for figure in before.get("figures", []):
        if _figure_key(figure) not in new_keys:
            change(figure, "removed", figure["value"]["text"], "")
    return changes


def performance_sample(snapshot: Snapshot) -> Snapshot:
    """The snapshot with a figure of every kind the performance section shows: the
    figures of the first indicator of each tier and status (so met, exception,
    volumetric and not rated entries appear if the whole pack has them)."""
    tiers = {indicator["reference"]: indicator["tier"] for indicator in snapshot["indicators"]}
    firsts: dict[tuple[str, str | None], str] = {}
    for figure in snapshot["figures"]:
        firsts.setdefault((tiers[figure["indicator"]], figure["status"]), figure["indicator"])
    chosen = set(firsts.values())
    return {
        **snapshot,
        "indicators": [i for i in snapshot["indicators"] if i["reference"] in chosen],
        "figures": [f for f in snapshot["figures"] if f["indicator"] in chosen],
    }
