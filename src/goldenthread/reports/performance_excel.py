"""The performance section's part of the Excel workbook: its facts and lines on
the About sheet, and its sheets (Summary, Key, Met target, Exceptions,
Commentary, Months, All figures, Volumetric)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from goldenthread.reports.content import (
    SHAPE_SYMBOLS,
    Cell,
    PackContent,
    PerformanceSection,
    Sheet,
    Shown,
    ShownStatus,
    TargetFigure,
)

if TYPE_CHECKING:
    from goldenthread.reports.xlsx import ExcelBook


def facts(pack: PackContent, section: PerformanceSection) -> list[tuple[str, str]]:
    return [("Exception reports for", section.rule_label)]


def write_about(book: ExcelBook, sheet: Any, row: int, section: PerformanceSection) -> int:
    """The covering summary and the returns not yet approved, from `row`."""
    row += 1
    for line in section.covering:
        book.write_text(sheet, row, 1, line, wide=True)  # a covering note's "- " list
        row += 1
    row += 1
    sheet.write_string(row, 0, "Returns not yet approved", book.bold)
    if not section.returns_not_approved:
        sheet.write_string(row, 1, "None: every return was approved.", book.text)
    for item in section.returns_not_approved:
        sheet.write_string(row, 1, f"{item.organisation}: {item.service_area} ({item.state})")
        row += 1
    return row


# a target in three columns: its comparator, its figure (a number, in the
# indicator's format) and the target as written
TARGET_HEADERS = ["Comparator", "Target", "Target as written"]
TARGET_WIDTHS = [11, 12, 18]


def target_columns(written: str, target: TargetFigure) -> list[Cell]:
    return [target.comparator, target.figure, written]


def sheets(pack: PackContent, section: PerformanceSection) -> list[Sheet]:
    tables: list[Sheet] = []
    columns = [c.label for c in section.summary_columns]
    tables.append(
        Sheet(
            "Summary",
            ["Council", "Code", *columns, "Total", section.share_heading],
            [34, 8, *(max(8, len(label) + 2) for label in columns), 8, 12],
            [
                [
                    r.organisation.name,
                    r.organisation.code,
                    *r.counts,
                    r.total,
                    Shown(r.share_text, r.share_green.quantize(Decimal(1)), "%")
                    if r.share_green is not None
                    else r.share_text,
                ]
                for r in section.summary
            ],
        )
    )
    key: list[list[Cell]] = [
        [
            ShownStatus(e.term, e.term, e.colour, "", e.shape),
            SHAPE_SYMBOLS.get(e.shape, ""),
            e.meaning,
            e.scheme,
        ]
        for e in section.key_status
    ]
    key += [[e.term, e.symbol, e.meaning, ""] for e in section.key_direction]
    tables.append(Sheet("Key", ["Term", "Symbol", "Meaning", "Scheme"], [16, 8, 100, 24], key))
    tables.append(
        Sheet(
            "Met target",
            [
                "Council",
                "Directorate",
                "Service area",
                "Ref",
                "Indicator",
                *TARGET_HEADERS,
                "Value",
                "Direction",
            ],
            [8, 26, 24, 8, 60, *TARGET_WIDTHS, 14, 16],
            [
                [
                    c.organisation.code,
                    g.directorate,
                    g.service_area,
                    r.reference,
                    r.title,
                    *target_columns(r.target, r.target_figure),
                    r.value,
                    r.direction.text,
                ]
                for c in section.met
                for g in c.groups
                for r in g.rows
            ],
        )
    )
    tables.append(
        Sheet(
            "Exceptions",
            [
                "Directorate",
                "Ref",
                "Indicator",
                "Why reported",
                "Council",
                "Breakdown",
                "Last year",
                "Value",
                *TARGET_HEADERS,
                "Status",
                "Direction",
            ],
            [26, 8, 50, 30, 8, 12, 14, 14, *TARGET_WIDTHS, 12, 16],
            [
                [
                    g.directorate,
                    e.indicator.reference,
                    e.indicator.title,
                    e.why,
                    r.organisation.code,
                    r.breakdown,
                    r.last_year,
                    r.value,
                    *target_columns(r.target, r.target_figure),
                    r.status,
                    r.direction.text,
                ]
                for g in section.exceptions
                for e in g.entries
                for r in e.outturn
            ],
        )
    )
    tables.append(
        Sheet(
            "Commentary",
            [
                "Ref",
                "Indicator",
                "Council",
                "Reasons",
                "Difference from target",
                "Remedial actions",
            ],
            [8, 40, 8, 60, 50, 60],
            [
                [
                    e.indicator.reference,
                    e.indicator.title,
                    b.organisation.code,
                    b.reasons,
                    b.difference,
                    b.remedial_actions,
                ]
                for g in section.exceptions
                for e in g.entries
                for b in e.commentary
            ],
        )
    )
    tables.append(
        Sheet(
            "Months",
            ["Ref", "Indicator", "Council", "Breakdown", "Period", "Value", "Target", "Status"],
            [8, 50, 8, 12, 10, 14, 14, 14],
            [
                [
                    f.indicator.reference,
                    f.indicator.title,
                    f.organisation.code,
                    f.breakdown,
                    label,
                    cell.value if cell.due else "Not yet due",
                    target,
                    cell.status if cell.due else "",
                ]
                for f in section.figures
                for label, cell, target in f.periods
            ],
        )
    )
    tables.append(
        Sheet(
            "All figures",
            [
                "Ref",
                "Indicator",
                "Directorate",
                "Service area",
                "Tier",
                "Council",
                "Breakdown",
                "Value",
                "Unit",
                *TARGET_HEADERS,
                "Judged against",
                "Status",
                "Direction",
                "Last year",
                "Reasons",
                "Difference from target",
                "Remedial actions",
            ],
            [8, 50, 24, 22, 11, 8, 12, 14, 7, *TARGET_WIDTHS, 14, 14, 16, 14, 50, 40, 50],
            [
                [
                    f.indicator.reference,
                    f.indicator.title,
                    f.indicator.directorate,
                    f.indicator.service_area,
                    f.indicator.tier,
                    f.organisation.code,
                    f.breakdown,
                    f.value,
                    f.indicator.unit,
                    *target_columns(f.target, f.target_figure),
                    f.judged_against,
                    f.status,
                    f.direction.text,
                    f.last_year,
                    f.reasons,
                    f.difference,
                    f.remedial_actions,
                ]
                for f in section.figures
            ],
        )
    )
    if section.volumetric:
        tables.append(
            Sheet(
                "Volumetric",
                [
                    "Directorate",
                    "Ref",
                    "Measure",
                    "Breakdown",
                    "Council",
                    "Last year",
                    "Value",
                    "Comment",
                ],
                [26, 8, 50, 24, 8, 14, 14, 60],
                [
                    [
                        g.directorate,
                        r.reference,
                        r.title,
                        r.breakdown,
                        r.organisation.code,
                        r.last_year,
                        r.value,
                        r.comment,
                    ]
                    for g in section.volumetric
                    for r in g.rows
                ],
            )
        )
    return tables
