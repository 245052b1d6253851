"""Reads of the audit log, for the performance team's page and the purge."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from goldenthread.audit.models import AuditEvent


@dataclass(frozen=True)
class EventFilter:
    organisation_id: int | None = None
    object_type: str = ""
    actor: str = ""  # a username, or part of one
    since: datetime.date | None = None
    until: datetime.date | None = None  # inclusive


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def events(chosen: EventFilter) -> QuerySet[AuditEvent]:
    """The events chosen, newest first."""
    found = AuditEvent.objects.select_related("organisation")
    if chosen.organisation_id is not None:
        found = found.filter(organisation_id=chosen.organisation_id)
    if chosen.object_type:
        found = found.filter(object_type=chosen.object_type)
    if chosen.actor:
        found = found.filter(actor_name__icontains=chosen.actor)
    if chosen.since:
        found = found.filter(happened_at__gte=_start_of(chosen.since))
    if chosen.until:
        found = found.filter(happened_at__lt=_start_of(chosen.until + datetime.timedelta(days=1)))
    return found.order_by("-happened_at", "-id")


def object_types() -> list[str]:
    """Every kind of object the log names, for the filter."""
    return sorted(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


def events_before(moment: datetime.datetime) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(happened_at__lt=moment)
