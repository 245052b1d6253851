"""Writes to the audit log. Every tracked model's history row (django-simple-
history, whichever face made the change: web, command line, spreadsheet import,
admin) becomes an event with what changed; people's accounts, signing in and
out and built packs are recorded explicitly. An event is written in the
transaction of the change it records."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, prefetch_related_objects
from django.utils import timezone
from simple_history.utils import get_m2m_reverse_field_name

from goldenthread.audit import context
from goldenthread.audit.models import Action, AuditEvent
from goldenthread.organisations.models import Organisation
from goldenthread.people.models import Membership

HISTORY_ACTIONS = {"+": Action.CREATED, "~": Action.CHANGED, "-": Action.DELETED}
# An account's personal details are recorded as changed, not copied into the log:
# anonymising someone who left (`goldenthread purge`) then leaves none behind.
ACCOUNT_FIELDS = ("username", "is_active", "is_staff", "is_superuser")
PERSONAL_FIELDS = ("first_name", "last_name", "email", "password")
CHANGED = "(changed)"


def json_value(value: Any) -> Any:
    """A field's value as the log keeps it (JSON): figures without trailing zeros."""
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _actor(actor: Any) -> tuple[int | None, str]:
    """(id, username) of `actor`, else of the person signed in to this request."""
    if actor is None:
        origin = context.current()
        actor = getattr(origin.request, "user", None) if origin and origin.request else None
    if actor is None or not actor.is_authenticated:
        return None, ""
    return actor.pk, actor.get_username()


def organisation_of(obj: Any) -> int | None:
    """The council an object (or its history row) belongs to, if one: its own
    `organisation`, an organisation itself, or a person's only council."""
    if isinstance(obj, Organisation):
        return obj.pk
    if getattr(obj, "instance_type", None) is Organisation:
        return obj.id
    organisation_id = getattr(obj, "organisation_id", None)
    if organisation_id is not None:
        return int(organisation_id)
    membership_id = None
    if isinstance(obj, Membership) or getattr(obj, "instance_type", None) is Membership:
        membership_id = obj.id
    elif isinstance(obj, get_user_model()):
        membership_id = Membership.objects.filter(user=obj).values_list("id", flat=True).first()
    if membership_id is None:
        return None
    councils = list(
        Membership.organisations.through.objects.filter(membership_id=membership_id)
        .values_list("organisation_id", flat=True)
        .distinct()[:2]
    )
    return councils[0] if len(councils) == 1 else None


def event_record(
    *,
    action: object,  # an Action (its members look like tuples to mypy without stubs)
    obj: Model | None = None,
    object_type: str = "",
    object_id: object = "",
    object_text: str = "",
    actor: Any = None,
    actor_name: str = "",
    organisation_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    purges_before: datetime.datetime | None = None,
) -> AuditEvent:
    """Record one event (an explicit one: changes to tracked models are recorded
    from their history). `actor` defaults to the person signed in to this request."""
    actor_id, name = _actor(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_text = object_text or str(obj)
        if organisation_id is None:
            organisation_id = organisation_of(obj)
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_name=actor_name or name,
        organisation_id=organisation_id,
        object_type=object_type,
        object_id=str(object_id or ""),
        object_text=object_text[:300],
        action=action,
        before={k: json_value(v) for k, v in (before or {}).items()},
        after={k: json_value(v) for k, v in (after or {}).items()},
        trail=_trail(),
        purges_before=purges_before,
    )


# -- from history ---------------------------------------------------------------


def _fields(history_row: Any) -> list[Any]:
    return [
        f
        for f in history_row.tracked_fields
        if f.name != "id" and not getattr(f, "auto_now", False)
    ]


def _state(history_row: Any) -> dict[str, Any]:
    state = {f.name: json_value(getattr(history_row, f.attname)) for f in _fields(history_row)}
    for field in history_row._history_m2m_fields:
        related = get_m2m_reverse_field_name(field)
        state[field.name] = sorted(getattr(history_row, field.name).values_list(related, flat=True))
    return state


def _changes(
    old: dict[str, Any] | None, new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the fields that differ; for a new object (`old` None),
    nothing before and its filled-in fields after."""
    if old is None:
        return {}, {k: v for k, v in new.items() if v not in ("", None, [])}
    changed = [name for name in new if old.get(name) != new[name]]
    return {n: old.get(n) for n in changed}, {n: new[n] for n in changed}


def _trail() -> str:
    """The request id, or the command and its run id, the change came from."""
    origin = context.current()
    return origin.trail if origin else ""


def _event_from_history(row: Any, previous: Any, instance: Model | None = None) -> AuditEvent:
    action = HISTORY_ACTIONS[row.history_type]
    before: dict[str, Any]
    after: dict[str, Any]
    if action == Action.DELETED:
        before, after = {k: v for k, v in _state(row).items() if v not in ("", None, [])}, {}
    else:
        old = _state(previous) if action == Action.CHANGED and previous is not None else None
        before, after = _changes(old, _state(row))
    actor = row.history_user
    actor_id, actor_name = (actor.pk, actor.get_username()) if actor else _actor(None)
    instance = instance if instance is not None else row.instance
    return AuditEvent(
        happened_at=row.history_date,
        actor_id=actor_id,
        actor_name=actor_name,
        organisation_id=organisation_of(row),
        object_type=row.instance_type._meta.label_lower,
        object_id=str(row.id),
        object_text=str(instance)[:300],
        action=action,
        before=before,
        after=after,
        trail=_trail(),
    )


def _previous(row: Any) -> Any:
    return (
        type(row)
        .objects.filter(id=row.id, history_id__lt=row.history_id)
        .order_by("-history_id")
        .first()
    )


def history_recorded(*, history_row: Any, instance: Model | None = None) -> AuditEvent:
    """Record the change a history row was just written for."""
    previous = _previous(history_row) if history_row.history_type == "~" else None
    event = _event_from_history(history_row, previous, instance)
    event.save()
    return event


def rows_written_in_bulk(
    *, written: Sequence[tuple[Model, dict[str, Any] | None]], fields: Sequence[str], by: Any
) -> int:
    """Record rows just written by simple-history's bulk helpers (which send no
    signal): each row with what its `fields` held before (None: it is new), from
    the values the writer already has, so a return of thousands of figures is
    recorded in one insert and no read."""
    actor_id, actor_name = _actor(by)
    happened_at, trail = timezone.now(), _trail()
    rows = [row for row, _ in written]
    if rows:  # each one's text names its indicator, council...: read them in a few queries
        relations = [f.name for f in rows[0]._meta.concrete_fields if f.is_relation]
        prefetch_related_objects(rows, *relations)
    events = []
    for row, before in written:
        old = None if before is None else {k: json_value(v) for k, v in before.items()}
        changed_from, changed_to = _changes(old, {n: json_value(getattr(row, n)) for n in fields})
        events.append(
            AuditEvent(
                happened_at=happened_at,
                actor_id=actor_id,
                actor_name=actor_name,
                organisation_id=organisation_of(row),
                object_type=row._meta.label_lower,
                object_id=str(row.pk),
                object_text=str(row)[:300],
                action=Action.CREATED if before is None else Action.CHANGED,
                before=changed_from,
                after=changed_to,
                trail=trail,
            )
        )
    AuditEvent.objects.bulk_create(events)
    return len(events)


# -- people's accounts and signing in --------------------------------------------


def account_state(user: AbstractBaseUser) -> dict[str, Any]:
    return {
        **{name: getattr(user, name, None) for name in ACCOUNT_FIELDS},
        **{name: getattr(user, name, None) for name in PERSONAL_FIELDS},
    }


def account_changed(
    *, user: AbstractBaseUser, before: dict[str, Any] | None, created: bool
) -> AuditEvent | None:
    """Record a change to someone's account (any face: the people page, the
    admin, `createsuperuser`, `changepassword`, the purge)."""
    now = account_state(user)
    if created or before is None:
        old: dict[str, Any] = {}
        new = {k: (CHANGED if k in PERSONAL_FIELDS and v else v) for k, v in now.items() if v}
        new.pop("password", None)
    else:
        changed = [name for name in now if now[name] != before.get(name)]
        if not changed:
            return None
        old = {n: (CHANGED if n in PERSONAL_FIELDS else before.get(n)) for n in changed}
        new = {n: (CHANGED if n in PERSONAL_FIELDS else now[n]) for n in changed}
    return event_record(
        action=Action.CREATED if created else Action.CHANGED,
        obj=user,
        object_text=user.get_username(),
        before=old,
        after=new,
    )


def account_deleted(*, user: AbstractBaseUser) -> AuditEvent:
    return event_record(
        action=Action.DELETED,
        object_type=user._meta.label_lower,
        object_id=user.pk,
        object_text=user.get_username(),
        before={"username": user.get_username()},
    )


def signed_in(*, user: AbstractBaseUser) -> AuditEvent:
    return event_record(action=Action.SIGNED_IN, obj=user, actor=user, object_text="signed in")


def signed_out(*, user: AbstractBaseUser | None) -> AuditEvent | None:
    if user is None or not user.is_authenticated:
        return None
    return event_record(action=Action.SIGNED_OUT, obj=user, actor=user, object_text="signed out")


def sign_in_refused(*, username: str) -> AuditEvent:
    """A failed sign-in: the name tried (which may be no one's) is the actor's name."""
    return event_record(
        action=Action.SIGN_IN_REFUSED,
        object_type="auth.user",
        object_text="sign-in refused",
        actor_name=username[:150] or "(blank)",
    )
