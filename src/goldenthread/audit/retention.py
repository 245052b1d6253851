"""Retention (`goldenthread purge`): anonymise the accounts of people who left,
delete row history and audit events older than their retention periods. One
transaction, recorded in the audit log by an event written first: the
database lets audit events be deleted only below the cutoff of such an event
(migration 0002; docs/decisions/0013-audit-log-and-retention.md)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from goldenthread.audit import selectors
from goldenthread.audit.models import Action, AuditEvent
from goldenthread.audit.services import event_record
from goldenthread.people.services import ANONYMOUS_PREFIX, person_anonymise

MINIMUM_AUDIT_YEARS = 1  # the database refuses a younger cutoff (migration 0002)


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass(frozen=True)
class PurgePlan:
    leavers_before: datetime.datetime
    history_before: datetime.datetime
    audit_before: datetime.datetime
    leavers: list[Any]
    history: dict[str, int] = field(default_factory=dict)  # model label: rows
    audit_events: int = 0

    @property
    def history_rows(self) -> int:
        return sum(self.history.values())

    @property
    def is_empty(self) -> bool:
        return not (self.leavers or self.history_rows or self.audit_events)

    def summary(self) -> dict[str, int]:
        return {
            "people anonymised": len(self.leavers),
            "history rows deleted": self.history_rows,
            "audit events deleted": self.audit_events,
        }


def leavers(before: datetime.datetime) -> QuerySet[Any]:
    """People who left: accounts that cannot sign in, last used (or, never used,
    made) before `before`, not yet anonymised."""
    return (
        get_user_model()
        .objects.filter(is_active=False)
        .filter(Q(last_login__lt=before) | Q(last_login__isnull=True, date_joined__lt=before))
        .exclude(username__startswith=ANONYMOUS_PREFIX, email="")
        .order_by("username")
    )


def sign_in_records_forget(*, username: str) -> int:
    """Delete django-axes' records of someone's sign-ins (their username, address
    and browser): anonymising them would otherwise leave these behind."""
    if not apps.is_installed("axes"):
        return 0
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(username=username).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def tracked_history_models() -> list[Any]:
    """The history model of every model django-simple-history tracks."""
    found = []
    for model in apps.get_models():
        manager = getattr(model._meta, "simple_history_manager_attribute", None)
        if manager and not getattr(model, "instance_type", None):
            found.append(getattr(model, manager).model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def old_history(history_model: Any, before: datetime.datetime) -> QuerySet[Any]:
    """History rows older than `before`, except each object's newest (it says what
    the object is now, and the next change is compared with it)."""
    newest = history_model.objects.values("id").annotate(newest=Max("history_id"))
    return history_model.objects.filter(history_date__lt=before).exclude(
        history_id__in=newest.values("newest")
    )


def purge_plan(
    *,
    leaver_days: int,
    history_years: int,
    audit_years: int,
    now: datetime.datetime | None = None,
) -> PurgePlan:
    if audit_years < MINIMUM_AUDIT_YEARS:
        raise ValueError(f"audit events are kept at least {MINIMUM_AUDIT_YEARS} year")
    now = now or timezone.now()
    leavers_before = now - datetime.timedelta(days=leaver_days)
    history_before = years_before(now, history_years)
    audit_before = years_before(now, audit_years)
    history = {}
    for model in tracked_history_models():
        rows = old_history(model, history_before).count()
        if rows:
            history[model.instance_type._meta.label_lower] = rows
    return PurgePlan(
        leavers_before=leavers_before,
        history_before=history_before,
        audit_before=audit_before,
        leavers=list(leavers(leavers_before)),
        history=history,
        audit_events=selectors.events_before(audit_before).count(),
    )


def purge_apply(*, plan: PurgePlan) -> AuditEvent | None:
    """Do what the plan says, all or nothing; the event recording it comes first
    (its `purges_before` is what lets the database delete older events)."""
    if plan.is_empty:
        return None
    with transaction.atomic():
        event = event_record(
            action=Action.PURGED,
            object_type="audit.retention",
            object_text="purged: " + ", ".join(f"{n} {what}" for what, n in plan.summary().items()),
            after={
                **plan.summary(),
                "people who left before": plan.leavers_before,
                "history before": plan.history_before,
                "audit events before": plan.audit_before,
            },
            purges_before=plan.audit_before if plan.audit_events else None,
        )
        for person in plan.leavers:
            username = person.get_username()
            person_anonymise(person=person)
            sign_in_records_forget(username=username)
        for model in tracked_history_models():
            old_history(model, plan.history_before).delete()
        selectors.events_before(plan.audit_before).delete()
    return event
