"""Writes to the register: one transaction each, attributed in the history
(an indicator's targets, with the previous year's outturn, are set by
`returns.services.targets_set`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.indicators.models import Breakdown, Indicator
from goldenthread.indicators.selectors import indicator_fingerprint, last_changed_by
from goldenthread.organisations.models import Organisation


def indicator_retire(
    *, indicator: Indicator, on: datetime.date | None, by: AbstractBaseUser
) -> None:
    """Retire (or, with None, reinstate) an indicator; its figures and history stay."""
    indicator.retired_on = on
    indicator._history_user = by  # type: ignore[attr-defined]
    indicator.save()


class IndicatorChanged(Exception):
    """Someone saved the register entry after the person saving opened it.
    `fingerprint` is the entry as it is now (what the person has then seen)."""

    def __init__(self, indicator_id: int, fingerprint: str) -> None:
        who = last_changed_by(indicator_id)
        super().__init__(
            "Someone else changed this indicator after you opened it"
            + (f" (last by {who})" if who else "")
            + ". Nothing was saved: your changes are still below. Look at the "
            "indicator's page in another tab to see theirs, then save again to "
            "replace theirs with yours."
        )
        self.fingerprint = fingerprint


def indicator_check_unchanged(indicator_id: int, seen: str, *, lock: bool = False) -> None:
    """Raise `IndicatorChanged` if the stored entry is no longer what `seen` says
    the person was shown; with `lock` (inside a transaction) the row stays locked
    until it commits, so nobody can change it between this check and the save."""
    query = Indicator.objects.filter(pk=indicator_id)
    current = (query.select_for_update() if lock else query).first()
    now = indicator_fingerprint(current) if current is not None else ""
    if now != seen:
        raise IndicatorChanged(indicator_id, now)


def indicator_save(
    *,
    indicator: Indicator,
    organisations: Iterable[Organisation],
    breakdowns: list[str],
    by: AbstractBaseUser,
    seen: str = "",
) -> Indicator:
    """Save a register entry (new or changed) with the organisations it applies
    to and its breakdowns; figures filed under a removed breakdown stay stored.
    `seen` (the entry's fingerprint when the person opened it) makes the save
    refuse, with `IndicatorChanged`, if someone changed the entry since."""
    with transaction.atomic():
        if indicator.pk and seen:
            indicator_check_unchanged(indicator.pk, seen, lock=True)
        indicator._history_user = by  # type: ignore[attr-defined]
        indicator.save()
        indicator.organisations.set(organisations)
        current = {b.name: b for b in indicator.breakdowns.all()}
        for name, breakdown in current.items():
            if name not in breakdowns:
                breakdown._history_user = by  # type: ignore[attr-defined]
                breakdown.delete()
        for name in breakdowns:
            if name not in current:
                breakdown = Breakdown(indicator=indicator, name=name)
                breakdown._history_user = by  # type: ignore[attr-defined]
                breakdown.save()
    return indicator
