"""Reads for the register: the indicator list (an indicator's own page, with
its figures and history, is read by `overview.indicator_selectors`)."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from goldenthread.indicators.models import Indicator


def register(*, include_retired: bool = False) -> QuerySet[Indicator]:
    query = Indicator.objects.select_related("service_area__directorate").prefetch_related(
        "organisations"
    )
    if not include_retired:
        query = query.filter(retired_on__isnull=True)
    return query.order_by("service_area__directorate__name", "service_area__name", "reference")


def indicator_fingerprint(indicator: Indicator) -> str:
    """What a person saw of a register entry: every field, its councils and
    its breakdowns. Saved, it is compared with the entry as it is then, so a
    change someone made in between is not silently overwritten."""
    parts = [
        f"{f.attname}={getattr(indicator, f.attname)!r}" for f in Indicator._meta.concrete_fields
    ]
    parts.append("councils=" + ",".join(sorted(str(o.pk) for o in indicator.organisations.all())))
    parts.append("breakdowns=" + ";".join(sorted(b.name for b in indicator.breakdowns.all())))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def last_changed_by(indicator_id: int) -> str:
    """Who saved the register entry last, as the history has it ("" if nobody known)."""
    last = Indicator.history.filter(id=indicator_id).order_by("-history_date").first()
    return str(last.history_user) if last is not None and last.history_user else ""
