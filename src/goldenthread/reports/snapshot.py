"""The snapshot: every figure a pack shows, as plain JSON-able data, so the
published pack can be rebuilt identically later (even after data change) and a
later pack can say what changed since.

A snapshot is a dict (schema below, `SCHEMA`); amounts are strings (exact
decimals, never floats), lists keep the pack's order, and renderers read only
lists and named keys, so the JSON text (`canonical_json`) fixes the output.

```
{"schema": 1, "publisher": "oneSource", "taken_at": "2019-07-20T09:00:00+00:00",
 "period": {"label": "2019/20 Q1", "year": "2019/20", "quarter": 1,
            "first_month": "2019-04", "last_month": "2019-06"},
 "council": null | "LBH", "exception_rule": "amber-red",
 "organisations": [{"code", "name", "kind"}],
 "indicators": [{"reference", "title", "definition", "directorate", "service_area",
                 "tier", "unit", "decimals", "polarity", "scheme", "tolerance",
                 "frequency", "comparison"}],
 "figures": [{"indicator", "organisation", "value": V, "target", "target_amount",
              "status", "direction", "movement", "last_year": V | null,
              "previous_status", "periods": [P], "breakdowns": [B],
              "commentary": {"reasons", "difference", "remedial_actions"} | null}],
 "returns": {"approved": 3, "not_approved": [{"organisation", "service_area", "state"}]},
 "since": null | {"built_at", "hash", "changes": [C]}}
V: {"text": "97.20%", "amount": "97.2" | null, "unit": "%"}
P: {"label": "Apr-19", "value": V, "target": "95%", "target_amount": "95" | null,
    "status": "GREEN" | null (not yet due)}
B: {"name", "value": V, "status", "direction", "movement", "last_year": V | null,
    "periods": [P]}
C: {"indicator", "organisation", "what", "before", "after"}
```
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from goldenthread.domain.values import Unit, Value, ValueKind, format_amount, round_to

SCHEMA = 1
Snapshot = dict[str, Any]


def canonical_json(snapshot: Snapshot) -> str:
    """The snapshot as the one JSON text it is stored and hashed as."""
    return json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot_hash(snapshot: Snapshot) -> str:
    """SHA-256 of the canonical JSON: two packs with the same hash show the same figures."""
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def load_snapshot(text: str) -> Snapshot:
    snapshot: Snapshot = json.loads(text)
    if snapshot.get("schema") != SCHEMA:
        raise ValueError(f"snapshot schema {snapshot.get('schema')!r} is not {SCHEMA}")
    return snapshot


def shown_value(value: Value | None, unit: str) -> dict[str, str | None] | None:
    """A value as the pack shows it (text) and as a spreadsheet stores it (amount)."""
    if value is None:
        return None
    if value.amount is None:
        text = "n/a" if value.kind is ValueKind.NOT_APPLICABLE else "Not yet available"
        return {"text": text, "amount": None, "unit": unit}
    shown_unit = value.unit or (Unit(unit) if unit else None)
    text = format_amount(value.amount, shown_unit, value.decimals)
    return {"text": text, "amount": _exact(value.amount, value.decimals), "unit": unit}


def amount_text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount.normalize():f}"


def _exact(amount: Decimal, decimals: int | None) -> str:
    if decimals is not None:
        amount = round_to(amount, decimals)
    return f"{amount:f}"


def _figure_key(figure: dict[str, Any]) -> tuple[str, str]:
    return figure["indicator"], figure["organisation"]


def _commentary_text(figure: dict[str, Any]) -> str:
    comment = figure.get("commentary") or {}
    parts = (comment.get("reasons", ""), comment.get("difference", ""))
    return " ".join(p for p in (*parts, comment.get("remedial_actions", "")) if p)


def changes_between(before: Snapshot, after: Snapshot) -> list[dict[str, str]]:
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


def sample_of(snapshot: Snapshot) -> Snapshot:
    """A small snapshot with a figure of every kind the pack shows: the figures of the
    first indicator of each tier and status (so met, exception, volumetric and not
    rated entries appear if the whole pack has them), for a quick trial of a template."""
    tiers = {indicator["reference"]: indicator["tier"] for indicator in snapshot["indicators"]}
    firsts: dict[tuple[str, str | None], str] = {}
    for figure in snapshot["figures"]:
        firsts.setdefault((tiers[figure["indicator"]], figure["status"]), figure["indicator"])
    chosen = set(firsts.values())
    since = snapshot.get("since")
    return {
        **snapshot,
        "indicators": [i for i in snapshot["indicators"] if i["reference"] in chosen],
        "figures": [f for f in snapshot["figures"] if f["indicator"] in chosen],
        "since": since and {**since, "changes": since["changes"][:3]},
    }
