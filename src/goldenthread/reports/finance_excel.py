"""The finance section's part of the Excel workbook: its fact and the rounding
rule on the About sheet, and its sheets "Finance summary" (shared, non-shared
and total per council in £m), "Finance movement" (since the last period),
"Main variances" (with their explanations), "Reserves" (the reserve table in
pounds) and "Budget" (per service area: full-year budget, forecast, variance in
pounds). Money is a
number, formatted `0.000;(0.000)` in £m and `#,##0;(#,##0)` in pounds, so an
underspend or a credit balance shows in brackets as in the papers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from goldenthread.reports.content import Cell, PackContent, Sheet, Shown
from goldenthread.reports.finance import NOT_SHOWN, ROUNDING_NOTE, FinanceSection, Money

if TYPE_CHECKING:
    from goldenthread.reports.xlsx import ExcelBook

MILLIONS = "£m"  # the units `reports.xlsx` formats with brackets for a negative amount
POUNDS = "£ brackets"


def facts(pack: PackContent, section: FinanceSection) -> list[tuple[str, str]]:
    return [("Finance", section.headline[:1].upper() + section.headline[1:])]


def write_about(book: ExcelBook, sheet: Any, row: int, section: FinanceSection) -> int:
    """The rounding rule, from `row`."""
    if not section.signed_off:
        return row
    row += 1
    book.write_text(sheet, row, 1, ROUNDING_NOTE, wide=True)
    return row + 1


def _m(money: Money) -> Cell:
    if money.amount is None:
        return NOT_SHOWN
    return Shown(money.m, money.millions_value, MILLIONS)


def _pounds(money: Money) -> Cell:
    if money.amount is None:
        return None
    return Shown(money.whole, money.amount, POUNDS)


def sheets(pack: PackContent, section: FinanceSection) -> list[Sheet]:
    if not section.signed_off:
        return []
    names = [p.name for p in section.partners]
    summary: list[list[Cell]] = [
        [section.period_label, row.label, *(_m(c) for c in row.cells), _m(row.total)]
        for row in section.summary
    ]
    width = len(names) + 1
    movement: list[list[Cell]] = [
        [move.label, _m(move.before), _m(move.now), _m(move.movement)]
        for move in section.movement
        if section.previous
    ]
    variances: list[list[Cell]] = [
        [group.heading, item.line, item.service, _m(item.amount), item.explanation]
        for group in section.variances
        for item in group.items
    ]
    reserves: list[list[Cell]] = [
        [
            row.label,
            *(_pounds(c) if c.amount or row.kind != "item" else None for c in row.cells),
            _pounds(row.total),
        ]
        for row in section.reserves
        if not row.heading
    ]
    budget: list[list[Cell]] = [
        [
            row.group,
            row.service or "Total",
            _pounds(row.budget),
            _pounds(row.forecast),
            _pounds(row.variance),
        ]
        for row in section.budget
    ]
    return [
        Sheet(
            "Finance summary",
            ["Period", "Position", *(f"{n} (£m)" for n in names), "Total (£m)"],
            [30, 34, *([14] * width)],
            summary,
        ),
        Sheet(
            "Finance movement",
            [
                "Position",
                f"{section.previous_short or 'Period before'} (£m)",
                f"{section.period_short} (£m)",
                "Movement (£m)",
            ],
            [30, 18, 18, 16],
            movement,
        ),
        Sheet(
            "Main variances",
            ["Position", "Line", "Service area", "Variance (£m)", "Explanation"],
            [40, 30, 26, 14, 60],
            variances,
        ),
        Sheet(
            "Reserves",
            ["Reserve", *(f"{n} (£)" for n in names), "Total (£)"],
            [50, *([14] * width)],
            reserves,
        ),
        Sheet(
            "Budget",
            ["Lines", "Service area", "Full-year budget (£)", "Forecast (£)", "Variance (£)"],
            [26, 34, 18, 18, 18],
            budget,
        ),
    ]
