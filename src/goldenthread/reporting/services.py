"""Writes to the reporting rules; each is recorded in the model's history (and so
in the audit log) with who made it."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.periods import Quarter
from goldenthread.reporting.models import QuarterDeadline, ReportingRules


def reporting_rules_set(*, values: dict[str, Any], by: AbstractBaseUser) -> bool:
    """Store the team's rules (the one row, made if new); False if nothing changed."""
    with transaction.atomic():
        rules = ReportingRules.objects.select_for_update().filter(id=1).first()
        rules = rules or ReportingRules(id=1)
        stored = not rules._state.adding
        if stored and all(getattr(rules, name) == value for name, value in values.items()):
            return False
        for name, value in values.items():
            setattr(rules, name, value)
        rules._history_user = by  # type: ignore[attr-defined]
        rules.save()
    return True


def quarter_deadline_set(
    *, quarter: Quarter, due_on: datetime.date | None, by: AbstractBaseUser
) -> bool:
    """Give a quarter its own due date, or remove it (None); False if unchanged."""
    year = quarter.financial_year.start_year
    with transaction.atomic():
        row = (
            QuarterDeadline.objects.select_for_update()
            .filter(year=year, quarter=quarter.number)
            .first()
        )
        if due_on is None:
            if row is None:
                return False
            row._history_user = by  # type: ignore[attr-defined]
            row.delete()
            return True
        if row is not None and row.due_on == due_on:
            return False
        row = row or QuarterDeadline(year=year, quarter=quarter.number)
        row.due_on = due_on
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
    return True
