"""The Improvement Plan's part of the Excel workbook: its facts and lines on the
About sheet, and its sheets "Plan summary" (each service's counts and shares
per status, then every service together) and "Plan actions" (every action)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from goldenthread.reports.content import Cell, PackContent, Sheet, Shown
from goldenthread.reports.plan import ROUNDING_NOTE, PlanSection, PlanTally

if TYPE_CHECKING:
    from goldenthread.reports.xlsx import ExcelBook


def facts(pack: PackContent, section: PlanSection) -> list[tuple[str, str]]:
    waiting = len(section.not_signed_off)
    return [
        (
            "Improvement Plan",
            f"{section.action_count} actions in {len(section.services)} services; "
            f"{waiting} update(s) not yet signed off. {ROUNDING_NOTE}",
        )
    ]


def write_about(book: ExcelBook, sheet: Any, row: int, section: PlanSection) -> int:
    """The plan updates not yet signed off, from `row`."""
    row += 1
    sheet.write_string(row, 0, "Plan updates not yet signed off", book.bold)
    if not section.not_signed_off:
        sheet.write_string(row, 1, "None: every update was signed off.", book.text)
        return row + 1
    for service in section.not_signed_off:
        book.write_text(sheet, row, 1, f"{service.heading} ({service.state})", wide=True)
        row += 1
    return row


def _share(tally: PlanTally) -> Shown:
    return Shown(tally.share, Decimal(tally.percent), "%")


def sheets(pack: PackContent, section: PlanSection) -> list[Sheet]:
    summary: list[list[Cell]] = []
    for service in section.services:
        if not service.signed_off:
            summary.append(
                [service.heading, service.lead, None, "Update not yet signed off", None, None]
            )
            continue
        summary += [
            [service.heading, service.lead, t.status, t.explanation, t.count, _share(t)]
            for t in service.tallies
        ]
    summary += [
        ["Every service together", "", t.status, "", t.count, _share(t)] for t in section.overall
    ]
    actions: list[list[Cell]] = [
        [
            service.heading,
            a.reference,
            a.partners,
            a.priority,
            a.delivery,
            a.outcome,
            a.target,
            "; ".join(a.dates),
            a.status if a.status is not None else a.status_text,
            a.confidence,
            a.percent_complete,
            a.progress,
            a.next_steps,
            "; ".join(a.flags),
        ]
        for service in section.services
        for a in service.actions
    ]
    return [
        Sheet(
            "Plan summary",
            ["Service", "Lead", "Status", "Explanation", "Actions", "Share"],
            [34, 30, 14, 60, 9, 9],
            summary,
        ),
        Sheet(
            "Plan actions",
            [
                "Service",
                "IP Ref",
                "Partner",
                "Priority",
                "Delivery",
                "Outcome",
                "Target date",
                "Dates read",
                "Status",
                "Confidence",
                "% complete",
                "Progress comments",
                "Next steps",
                "Flags",
            ],
            [26, 8, 10, 20, 50, 50, 30, 20, 14, 12, 10, 60, 50, 30],
            actions,
        ),
    ]
