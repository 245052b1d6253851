"""Reads of the team's reporting rules."""

from __future__ import annotations

import datetime

from goldenthread.domain.exception_report import ExceptionReportRules, Part
from goldenthread.domain.in_force import DaySpan
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.reporting.models import QuarterDeadline, ReportingRules


def reporting_rules() -> ReportingRules:
    """The rules in force: the stored row, else the defaults (not saved)."""
    return ReportingRules.objects.filter(id=1).first() or ReportingRules(id=1)


def exception_report_rules(rules: ReportingRules | None = None) -> ExceptionReportRules:
    """The parts an off-target figure's commentary must give, as the team set them."""
    rules = rules or reporting_rules()
    return ExceptionReportRules.of(
        amber=[p for p in Part if getattr(rules, f"amber_needs_{p.value}")],
        red=[p for p in Part if getattr(rules, f"red_needs_{p.value}")],
    )


def due_date(quarter: Quarter, rules: ReportingRules | None = None) -> datetime.date:
    """When a quarter's returns are due: its own date, else the days after its end."""
    own = QuarterDeadline.objects.filter(
        year=quarter.financial_year.start_year, quarter=quarter.number
    ).first()
    if own is not None:
        return own.due_on
    days = (rules or reporting_rules()).due_days
    return DaySpan.of(quarter).last + datetime.timedelta(days=days)


def quarter_deadlines() -> list[tuple[Quarter, datetime.date]]:
    """The quarters given their own due date, latest first."""
    return [
        (Quarter(FinancialYear(d.year), d.quarter), d.due_on)
        for d in QuarterDeadline.objects.order_by("-year", "-quarter")
    ]
