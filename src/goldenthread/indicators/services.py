"""Writes to the register: one transaction each, attributed in the history
(an indicator's targets, with the previous year's outturn, are set by
`returns.services.targets_set`)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.in_force import InForce
from goldenthread.indicators.models import Breakdown, Indicator, IndicatorOrganisation
from goldenthread.indicators.selectors import (
    Applicability,
    approved_reached,
    first_open_day,
    indicator_fingerprint,
    last_changed_by,
    links_after,
    reach_message,
)
from goldenthread.organisations.models import Organisation


class ReachesApproved(Exception):
    """A change to the register that would change the set of indicators of an
    approved return; the message names the returns and the way out."""


def indicator_retire(
    *, indicator: Indicator, on: datetime.date | None, by: AbstractBaseUser
) -> None:
    """Retire (or, with None, reinstate) an indicator; its figures and history
    stay. `ReachesApproved` if that would change an approved return."""
    with transaction.atomic():
        before = Applicability.of(Indicator.objects.select_for_update().get(pk=indicator.pk))
        indicator.retired_on = on
        refuse_reaching_approved(before, Applicability.of(indicator))
        indicator._history_user = by  # type: ignore[attr-defined]
        indicator.save()


def refuse_reaching_approved(before: Applicability | None, after: Applicability) -> None:
    reached = approved_reached(before, after)
    if reached:
        raise ReachesApproved(reach_message(reached))


def councils_set(
    indicator: Indicator, organisations: Iterable[Organisation], on: datetime.date | None
) -> bool:
    """Make the indicator apply to `organisations`, the change taking effect
    `on` (`selectors.links_after`): links are added, reinstated or retired,
    never deleted. Whether anything changed (the caller saves the indicator
    then, so its history records the links as they are)."""
    links = {link.organisation_id: link for link in indicator.indicatororganisation_set.all()}
    before = {o: InForce(link.effective_from, link.retired_on) for o, link in links.items()}
    after = links_after(before, {o.id for o in organisations}, on)
    changed = False
    for organisation_id, wanted in after.items():
        if before.get(organisation_id) == wanted:
            continue
        link = links.get(organisation_id) or IndicatorOrganisation(
            indicator=indicator, organisation_id=organisation_id
        )
        link.effective_from, link.retired_on = wanted.effective_from, wanted.retired_on
        link.save()
        changed = True
    return changed


def planned(
    indicator: Indicator, organisations: Iterable[Organisation], on: datetime.date | None
) -> Applicability:
    """Where and when the (unsaved) `indicator` would apply with these councils."""
    links = (
        {
            link.organisation_id: InForce(link.effective_from, link.retired_on)
            for link in IndicatorOrganisation.objects.filter(indicator_id=indicator.pk)
        }
        if indicator.pk
        else {}
    )
    if not indicator.pk:
        on = None  # a new indicator's councils apply whenever it does
    return Applicability(
        indicator.service_area_id,
        InForce(indicator.effective_from, indicator.retired_on),
        links_after(links, {o.id for o in organisations}, on),
    )


def councils_from_default(indicator: Indicator) -> datetime.date | None:
    """When a change to an indicator's councils takes effect unless told: the
    first day of the earliest quarter with no approved return."""
    return first_open_day() if indicator.pk else None


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
    councils_from: datetime.date | None = None,
) -> Indicator:
    """Save a register entry (new or changed) with the organisations it applies
    to and its breakdowns; figures filed under a removed breakdown stay stored.
    A change to its councils takes effect `councils_from` (default: the first
    day of the earliest quarter with no approved return). `seen` (the entry's
    fingerprint when the person opened it) makes the save refuse, with
    `IndicatorChanged`, if someone changed the entry since; a change that
    would change an approved return's indicators is refused with `ReachesApproved`."""
    organisations = list(organisations)
    with transaction.atomic():
        before = None
        if indicator.pk:
            if seen:
                indicator_check_unchanged(indicator.pk, seen, lock=True)
            before = Applicability.of(Indicator.objects.select_for_update().get(pk=indicator.pk))
        on = councils_from or councils_from_default(indicator)
        refuse_reaching_approved(before, planned(indicator, organisations, on))
        indicator._history_user = by  # type: ignore[attr-defined]
        indicator.save()
        if councils_set(indicator, organisations, on):
            indicator._history_user = by  # type: ignore[attr-defined]
            indicator.save()  # the history records the links as they are now
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
