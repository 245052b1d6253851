"""The snapshot: every figure a pack shows, as plain JSON-able data, so the
published pack can be rebuilt identically later (even after data change) and a
later pack can say what changed since.

A snapshot is a dict (schema below, `SCHEMA`): the frame's keys, then each
section's own (`reports.sections`; the performance section's are
`exception_rule`, the status tables, `indicators`, `figures` and `returns`);
amounts are strings (exact decimals, never floats), lists keep the pack's order,
and renderers read only lists and named keys, so the JSON text (`canonical_json`) fixes the output.

```
{"schema": 1, "publisher": "oneSource", "taken_at": "2019-07-20T09:00:00+00:00",
 "period": {"label": "2019/20 Q1", "year": "2019/20", "quarter": 1,
            "first_month": "2019-04", "last_month": "2019-06"},
 "council": null | "LBH", "exception_rule": "amber-red",
 "summary_scheme": "rag", "schemes": [...], "statuses": {...}  (reports.statuses; absent
   in packs built before issue 17: the built-in codes),
 "organisations": [{"code", "name", "kind"}],
 "indicators": [{"reference", "title", "definition", "directorate", "service_area",
                 "tier", "unit", "decimals", "polarity", "scheme", "tolerance",
                 "frequency", "comparison"}],
 "figures": [{"indicator", "organisation", "value": V, "target", "target_amount",
              "status", "direction", "movement", "last_year": V | null,
              "previous_status", "periods": [P], "breakdowns": [B],
              "commentary": {"reasons", "difference", "remedial_actions"} | null,
              "basis", "forecast": V | null  (only where rated on a year-end forecast or
              pro rata: how, in words, e.g. "forecast £12,800,000 against £12,780,000: Green")}],
 "returns": {"approved": 3, "not_approved": [{"organisation", "service_area", "state"}]},
 "since": null | {"built_at", "hash", "changes": [C]},
 "sections": ["performance", ...]  (absent: the performance section alone)}
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
