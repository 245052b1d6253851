"""Writes to the register: one transaction each, attributed in the history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.values import Value
from goldenthread.indicators.models import Breakdown, Indicator, Target
from goldenthread.organisations.models import Organisation
from goldenthread.returns.selectors import first_day
from goldenthread.returns.services import Entry, measurement_set


def targets_set(
    *,
    indicator: Indicator,
    year: int,
    targets: dict[Organisation, str],
    outturns: dict[Organisation, Value] | None = None,
    by: AbstractBaseUser,
) -> int:
    """Set the year's target for each organisation (blank removes it) and the
    previous year's outturn (a 12-month figure); returns how many changed."""
    changed = 0
    previous = FinancialYear(year).previous()
    with transaction.atomic():
        for organisation, value in (outturns or {}).items():
            entry = Entry(indicator, "", first_day(previous.first_month), 12, value)
            changed += measurement_set(organisation=organisation, entry=entry, by=by)
        for organisation, text in targets.items():
            row = Target.objects.filter(
                indicator=indicator, organisation=organisation, year=year
            ).first()
            if not text:
                if row is not None:
                    row._history_user = by  # type: ignore[attr-defined]
                    row.delete()
                    changed += 1
                continue
            if row is not None and row.text == text:
                continue
            row = row or Target(indicator=indicator, organisation=organisation, year=year)
            row.text, row.source = text, "register"
            row._history_user = by  # type: ignore[attr-defined]
            row.save()
            changed += 1
    return changed


def indicator_retire(
    *, indicator: Indicator, on: datetime.date | None, by: AbstractBaseUser
) -> None:
    """Retire (or, with None, reinstate) an indicator; its figures and history stay."""
    indicator.retired_on = on
    indicator._history_user = by  # type: ignore[attr-defined]
    indicator.save()


def indicator_save(
    *,
    indicator: Indicator,
    organisations: Iterable[Organisation],
    breakdowns: list[str],
    by: AbstractBaseUser,
) -> Indicator:
    """Save a register entry (new or changed) with the organisations it applies
    to and its breakdowns; figures filed under a removed breakdown stay stored."""
    with transaction.atomic():
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
