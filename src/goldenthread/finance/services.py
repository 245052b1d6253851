"""Writes of budget monitoring: a period's forecast opened, saved (the lines'
forecasts and explanations, claiming the next version) and submitted (once every
open line has a forecast, and every line over or under budget an explanation),
on the shared lifecycle."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.lifecycle import Action as Move
from goldenthread.finance.models import Budget, BudgetLine, FinancePeriod, LineBudget, LineForecast
from goldenthread.submissions.services import submission_move


class ForecastRefused(Exception):
    """Why a forecast cannot be submitted, in words."""


@dataclass(frozen=True)
class LineEntry:
    """A line's forecast as entered."""

    line: BudgetLine
    forecast: Decimal
    explanation: str

    def same_as(self, row: LineForecast) -> bool:
        return (self.forecast, self.explanation) == (row.forecast, row.explanation)


def period_open(budget: Budget, period: int) -> FinancePeriod:
    """The budget's forecast for the period, made (as a draft) if there is none."""
    finance_period, _ = FinancePeriod.objects.get_or_create(
        organisation=budget.organisation,
        year=budget.year,
        period=period,
        defaults={"service_area": budget.prepared_by},
    )
    return finance_period


def forecasts_save(
    finance_period: FinancePeriod,
    entries: Sequence[LineEntry],
    *,
    expected_version: int,
    by: AbstractBaseUser,
) -> int:
    """Store the entries, claiming the next version; returns how many lines changed.
    A stale version is refused (`StaleSubmission`) and nothing is stored."""
    changed = 0
    with transaction.atomic():
        submission_move(finance_period, Move.SAVE, expected_version=expected_version, by=by)
        stored = {
            row.line_id: row for row in finance_period.forecasts.select_for_update().order_by("pk")
        }
        for entry in entries:
            row = stored.get(entry.line.pk)
            if row is not None and entry.same_as(row):
                continue
            row = row or LineForecast(period=finance_period, line=entry.line)
            row.forecast, row.explanation = entry.forecast, entry.explanation
            row._history_user = by  # type: ignore[attr-defined]
            row.save()
            changed += 1
    return changed


@dataclass(frozen=True)
class Missing:
    """What a line still needs before the forecast can be submitted."""

    line: BudgetLine
    what: str  # "give its forecast", "explain its variance"

    def __str__(self) -> str:
        return f"{self.line.code}: {self.what}"


def missing_for_submit(finance_period: FinancePeriod) -> list[Missing]:
    """Why the forecast cannot be submitted yet: each open controllable line with a budget for
    the year and no forecast, or over or under budget with no explanation."""
    budgets = {
        b.line_id: b.budget
        for b in LineBudget.objects.filter(
            line__organisation=finance_period.organisation, year=finance_period.year
        )
    }
    rows = {row.line_id: row for row in finance_period.forecasts.all()}
    problems = []
    lines = BudgetLine.objects.filter(
        organisation=finance_period.organisation,
        closed=False,
        controllable=True,
        id__in=list(budgets),
    ).order_by("code")
    for line in lines:
        row = rows.get(line.pk)
        if row is None:
            problems.append(Missing(line, "give its forecast"))
        elif row.forecast != budgets[line.pk] and not row.explanation.strip():
            problems.append(Missing(line, "explain its variance"))
    return problems


def forecast_submit(
    finance_period: FinancePeriod, *, expected_version: int, by: AbstractBaseUser
) -> None:
    """Submit for the Director of Finance's sign-off, once complete; else
    `ForecastRefused` listing what is missing."""
    problems = missing_for_submit(finance_period)
    if problems:
        raise ForecastRefused("Not submitted: " + "; ".join(map(str, problems)) + ".")
    submission_move(finance_period, Move.SUBMIT, expected_version=expected_version, by=by)
