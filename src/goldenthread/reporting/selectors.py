"""Reads of the team's reporting rules."""

from __future__ import annotations

import datetime

from goldenthread.domain.periods import Quarter
from goldenthread.reporting.models import QuarterDeadline, ReportingRules


def reporting_rules() -> ReportingRules:
    """The rules in force: the stored row, else the defaults (not saved)."""
    return ReportingRules.objects.filter(id=1).first() or ReportingRules(id=1)


def quarter_end(quarter: Quarter) -> datetime.date:
    month = quarter.last_month.next()
    return datetime.date(month.year, month.month, 1) - datetime.timedelta(days=1)


def due_date(quarter: Quarter, rules: ReportingRules | None = None) -> datetime.date:
    """When a quarter's returns are due: its own date, else the days after its end."""
    own = QuarterDeadline.objects.filter(
        year=quarter.financial_year.start_year, quarter=quarter.number
    ).first()
    if own is not None:
        return own.due_on
    days = (rules or reporting_rules()).due_days
    return quarter_end(quarter) + datetime.timedelta(days=days)
