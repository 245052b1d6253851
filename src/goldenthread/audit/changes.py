"""A register entry's recorded changes in words, from django-simple-history:
who changed what and when, field by field ("Owner: (blank) → Head of
Exchequer"; for a many-to-many field "Partners: added LBN; removed LBB"),
newest first. The Improvement Plan's actions and the risk register's risks
show their history with it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_IGNORED = frozenset(
    {"id", "history_id", "history_date", "history_user", "history_type"}
    | {"history_change_reason", "history_relation"}
)
_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
LONGEST = 200  # the most of a long text a line shows


@dataclass(frozen=True)
class Change:
    when: datetime.datetime
    who: str
    what: str  # "Register entry", "Control", ...
    kind: str  # "Created", "Changed", "Deleted"
    changes: list[str]


def _label(model: Any, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _linked(model: Any, name: str, rows: list[dict[str, Any]]) -> set[str]:
    """A many-to-many field's link rows as the linked things' names."""
    field = model._meta.get_field(name)
    key = field.m2m_reverse_field_name()
    ids = [row.get(key) for row in rows]
    return {str(o) for o in field.related_model._default_manager.filter(pk__in=ids)}


def _shown(model: Any, name: str, value: Any) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%-d %b %Y}"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.many_to_one and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "(removed)"
    text = str(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _line(model: Any, name: str, old: Any, new: Any) -> str | None:
    if isinstance(old, list) or isinstance(new, list):
        before, after = _linked(model, name, old or []), _linked(model, name, new or [])
        parts = [f"added {', '.join(sorted(after - before))}"] if after - before else []
        parts += [f"removed {', '.join(sorted(before - after))}"] if before - after else []
        return f"{_label(model, name)}: {'; '.join(parts)}" if parts else None
    return f"{_label(model, name)}: {_shown(model, name, old)} → {_shown(model, name, new)}"


def lines(record: Any, *, ignored: Iterable[str] = ()) -> list[str]:
    """What a history record changed (a change), or held (made or deleted)."""
    model = type(record.instance)
    skip = _IGNORED | set(ignored)
    previous = record.prev_record if record.history_type == "~" else None
    if previous is None:
        held = []
        for field in model._meta.fields:
            value = getattr(record, field.attname if field.many_to_one else field.name, None)
            if field.name not in skip and value not in (None, "", False):
                held.append(f"{_label(model, field.name)}: {_shown(model, field.name, value)}")
        return held
    found = (
        _line(model, c.field, c.old, c.new)
        for c in record.diff_against(previous).changes
        if c.field not in skip
    )
    return [line for line in found if line]


def changes_of(
    sources: Iterable[tuple[Any, str]], *, ignored: Iterable[str] = (), limit: int = 200
) -> list[Change]:
    """The records of each (history queryset, what it is) source, newest first,
    at most `limit`."""
    found = []
    for records, what in sources:
        for record in records.select_related("history_user").order_by("-history_date")[:limit]:
            who = record.history_user
            found.append(
                Change(
                    when=record.history_date,
                    who=(who.get_full_name() or who.get_username()) if who else "system",
                    what=what,
                    kind=_KINDS.get(record.history_type, "Changed"),
                    changes=lines(record, ignored=ignored),
                )
            )
    return sorted(found, key=lambda c: c.when, reverse=True)[:limit]
