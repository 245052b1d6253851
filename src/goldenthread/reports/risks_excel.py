"""The risks section's part of the Excel workbook: its fact on the About sheet
and its sheets: "Risk heat map" (every cell of the matrix with its level and
the number of risks in it, and their references) and "Risks" (every open risk
with its scores, level, trend, appetite and review)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from goldenthread.reports.content import Cell, PackContent, Sheet, ShownStatus
from goldenthread.reports.risks import RiskLevel, RiskRow, RisksSection

if TYPE_CHECKING:
    from goldenthread.reports.xlsx import ExcelBook


def facts(pack: PackContent, section: RisksSection) -> list[tuple[str, str]]:
    return [("Risks", section.summary_text)]


def write_about(book: ExcelBook, sheet: Any, row: int, section: RisksSection) -> int:
    """A line on where the risks' scores come from, from `row`."""
    row += 1
    book.write_text(
        sheet,
        row,
        1,
        "Risk scores are likelihood times impact, from each risk's latest review signed off "
        f"by the end of {section.period}; a cell's level is set by the team's matrix.",
        wide=True,
    )
    return row + 1


def _level(level: RiskLevel) -> ShownStatus:
    """A level as a status cell: its word on its colour's fill."""
    return ShownStatus(level.name, level.name, level.colour)


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _risk(row: RiskRow) -> list[Cell]:
    before = row.before
    return [
        row.reference,
        row.title,
        row.category_label,
        row.directorate,
        row.service_area,
        row.partners,
        row.owner,
        row.current.likelihood,
        row.current.impact,
        row.current.value,
        _level(row.level),
        before.value if before else None,
        before.level.name if before else "",
        row.trend.label,
        row.target.value,
        row.target.level.name,
        row.inherent.value,
        row.appetite,
        _yes(row.above_appetite),
        row.last_reviewed,
        row.next_review,
        _yes(row.review_overdue),
        row.comment,
        row.escalation,
    ]


HEAT_MAP_HEADERS = ["Likelihood", "Likelihood in words", "Impact", "Impact in words", "Level"]
HEAT_MAP_HEADERS += ["Risks", "References"]
RISK_HEADERS = [
    "Ref",
    "Risk",
    "Category",
    "Directorate",
    "Service area",
    "Councils",
    "Owner",
    "Likelihood",
    "Impact",
    "Score",
    "Level",
    "Score before",
    "Level before",
    "Trend",
    "Target score",
    "Target level",
    "Inherent score",
    "Appetite",
    "Above appetite",
    "Last reviewed",
    "Next review",
    "Review overdue",
    "Latest review comment",
    "Escalated to",
]
RISK_WIDTHS = [8, 50, 12, 26, 24, 10, 20, 10, 8, 8, 12, 12, 12, 14, 12, 12, 12, 12, 10]
RISK_WIDTHS += [18, 18, 10, 60, 20]


def sheets(pack: PackContent, section: RisksSection) -> list[Sheet]:
    cells: list[list[Cell]] = [
        [
            cell.likelihood,
            cell.likelihood_word,
            cell.impact,
            cell.impact_word,
            _level(cell.level),
            cell.count,
            ", ".join(cell.references),
        ]
        for row in section.heat_map
        for cell in row.cells
    ]
    return [
        Sheet(
            "Risk heat map",
            HEAT_MAP_HEADERS,
            [11, 20, 8, 20, 12, 8, 50],
            cells,
        ),
        Sheet("Risks", RISK_HEADERS, RISK_WIDTHS, [_risk(r) for r in section.risks]),
    ]
