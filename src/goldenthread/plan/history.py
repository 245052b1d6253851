"""An action's change history (django-simple-history): who changed its register
entry, when, and what, field by field, newest first, as an indicator's page
shows its history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation
from goldenthread.plan.models import Action

_IGNORED = {"id", "history_id", "history_date", "history_user", "history_type"}
_IGNORED |= {"history_change_reason", "history_relation"}
_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    kind: str
    changes: list[str]


def _label(name: str) -> str:
    try:
        field = Action._meta.get_field(name)
    except Exception:
        return name.replace("_", " ").capitalize()
    return str(getattr(field, "verbose_name", name)).capitalize()


def _names(values: list[dict[str, Any]], key: str) -> list[str]:
    ids = [v.get(key) for v in values]
    if key == "organisation":
        return sorted(Organisation.objects.filter(id__in=ids).values_list("code", flat=True))
    return sorted(Indicator.objects.filter(id__in=ids).values_list("reference", flat=True))


def _shown(name: str, value: Any) -> str:
    if value in (None, ""):
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name in ("service", "priority"):
        model = Action._meta.get_field(name).related_model
        found = model.objects.filter(pk=value).first()  # type: ignore[union-attr]
        return str(found) if found else f"#{value}"
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def _changed(record: Any, previous: Any) -> list[str]:
    lines = []
    for change in record.diff_against(previous).changes:
        if change.field in _IGNORED:
            continue
        label = _label(change.field)
        if isinstance(change.new, list) or isinstance(change.old, list):
            key = "organisation" if change.field == "partners" else "indicator"
            old, new = set(_names(change.old or [], key)), set(_names(change.new or [], key))
            parts = []
            if new - old:
                parts.append(f"added {', '.join(sorted(new - old))}")
            if old - new:
                parts.append(f"removed {', '.join(sorted(old - new))}")
            if parts:
                lines.append(f"{label}: {'; '.join(parts)}")
            continue
        lines.append(
            f"{label}: {_shown(change.field, change.old)} → {_shown(change.field, change.new)}"
        )
    return lines


def action_changes(action: Action) -> list[Change]:
    """Every recorded change to the action's register entry, newest first."""
    changes = []
    for record in action.history.select_related("history_user").order_by("-history_date"):
        previous = record.prev_record
        if record.history_type == "~" and previous is not None:
            lines = _changed(record, previous)
        else:
            lines = []
        who = record.history_user
        changes.append(
            Change(
                when=record.history_date,
                who=(who.get_full_name() or who.get_username()) if who else "system",
                kind=_KINDS.get(record.history_type, "Changed"),
                changes=lines,
            )
        )
    return changes
