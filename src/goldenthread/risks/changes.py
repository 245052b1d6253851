"""A risk's change history, from django-simple-history: every recorded change
to its register entry, its controls and its further actions, newest first, with
who made it and what changed in words ("Owner: (blank) → Head of Exchequer")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from goldenthread.organisations.models import Organisation
from goldenthread.risks.models import Control, Risk, RiskAction

_IGNORED = {"id", "risk", "history_id", "history_date", "history_user", "history_type"}
_IGNORED |= {"history_change_reason", "history_relation"}
_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    what: str
    kind: str
    changes: list[str]


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _shown(model: Any, name: str, value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, list):  # a many-to-many field's link rows: the councils
        ids = [row.get("organisation") for row in value]
        codes = sorted(o.code for o in Organisation.objects.filter(id__in=ids))
        return ", ".join(codes) or "(none)"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.many_to_one and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "(removed)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%-d %b %Y}"
    return str(value)


def _lines(record: Any) -> list[str]:
    model = type(record.instance)
    previous = record.prev_record if record.history_type == "~" else None
    if previous is None:  # created or deleted: what it held
        lines = []
        for field in model._meta.fields:
            name = field.attname if field.many_to_one else field.name
            value = getattr(record, name, None)
            if field.name not in _IGNORED and value not in (None, "", False):
                lines.append(f"{_label(model, field.name)}: {_shown(model, field.name, value)}")
        return lines
    delta = record.diff_against(previous)
    return [
        f"{_label(model, c.field)}: {_shown(model, c.field, c.old)} → "
        f"{_shown(model, c.field, c.new)}"
        for c in delta.changes
        if c.field not in _IGNORED
    ]


def risk_changes(risk: Risk, *, limit: int = 200) -> list[Change]:
    """The risk's recorded changes, newest first (at most `limit`)."""
    sources: list[tuple[Any, str]] = [
        (risk.history.select_related("history_user"), "Register entry"),
        (Control.history.filter(risk_id=risk.pk).select_related("history_user"), "Control"),
        (
            RiskAction.history.filter(risk_id=risk.pk).select_related("history_user"),
            "Further action",
        ),
    ]
    changes = []
    for records, what in sources:
        for record in records.order_by("-history_date")[:limit]:
            changes.append(
                Change(
                    when=record.history_date,
                    who=str(record.history_user or "system"),
                    what=what,
                    kind=_KINDS[record.history_type],
                    changes=_lines(record),
                )
            )
    return sorted(changes, key=lambda c: c.when, reverse=True)[:limit]
