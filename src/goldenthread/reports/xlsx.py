"""The pack as an Excel workbook: one sheet per section, every indicator,
council and month with its value, target, status, direction and commentary.
Numbers are numbers (a percentage as a fraction formatted as %), headers are
frozen, and text is always written as text: a comment that starts with `=`,
`+`, `-` or `@` is never a formula a spreadsheet would run, not even after an
edit in Excel (a string cell with the quote prefix: `domain.spreadsheet_text`)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from goldenthread.domain.spreadsheet_text import could_run_as_formula
from goldenthread.reports.content import Pack, Shown

Cell = Shown | str | int | Decimal | None


class _Book:
    """A workbook with one number format per (unit, decimals), made once."""

    def __init__(self, target: io.BytesIO, pack: Pack) -> None:
        self.workbook = xlsxwriter.Workbook(
            target,
            {
                "in_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        created = datetime.datetime.fromisoformat(pack.taken_at).replace(tzinfo=None)
        self.workbook.set_properties(
            {
                "title": f"{pack.title}: {pack.period}",
                "subject": f"Quarterly performance pack, {pack.period} ({pack.months})",
                "author": pack.title,
                "comments": f"Snapshot {pack.snapshot_hash}",
                "created": created,
            }
        )
        self.header = self.workbook.add_format(
            {"bold": True, "bg_color": "#F3F2F1", "bottom": 1, "text_wrap": True, "valign": "top"}
        )
        self.text = self.workbook.add_format({"valign": "top"})
        self.wrapped = self.workbook.add_format({"text_wrap": True, "valign": "top"})
        # the same, for text that starts like a formula: Excel's quote prefix
        self.text_quoted = self.workbook.add_format({"valign": "top", "quote_prefix": True})
        self.wrapped_quoted = self.workbook.add_format(
            {"text_wrap": True, "valign": "top", "quote_prefix": True}
        )
        self.bold = self.workbook.add_format({"bold": True})
        self.title = self.workbook.add_format({"bold": True, "font_size": 14})
        self._formats: dict[tuple[str, int], Format] = {}

    def number_format(self, unit: str, decimals: int) -> Format:
        key = (unit, decimals)
        if key not in self._formats:
            places = "." + "0" * decimals if decimals else ""
            pattern = {
                "%": f"0{places}%",
                "£": f"£#,##0{places}",
                "mm:ss": "[m]:ss",
                "days": f'0{places} "days"',
                "weeks": f'0{places} "weeks"',
                "months": f'0{places} "months"',
                "hours": f'0{places} "hours"',
            }.get(unit, f"#,##0{places}")
            self._formats[key] = self.workbook.add_format({"num_format": pattern, "valign": "top"})
        return self._formats[key]

    def sheet(
        self, name: str, headers: Sequence[str], widths: Sequence[int], rows: list[list[Cell]]
    ) -> Worksheet:
        sheet = self.workbook.add_worksheet(name)
        for column, (heading, width) in enumerate(zip(headers, widths, strict=True)):
            sheet.write_string(0, column, heading, self.header)
            sheet.set_column(column, column, width)
        for number, row in enumerate(rows, start=1):
            for column, cell in enumerate(row):
                self.write(sheet, number, column, cell, wide=widths[column] >= 40)
        sheet.freeze_panes(1, 0)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(headers) - 1)
        return sheet

    def write(self, sheet: Worksheet, row: int, column: int, cell: Cell, wide: bool) -> None:
        if cell is None or cell == "":
            return
        if isinstance(cell, Shown):
            if cell.amount is None:
                self.write_text(sheet, row, column, cell.text, wide=False)
                return
            number, decimals = _number(cell.amount, cell.unit)
            sheet.write_number(row, column, number, self.number_format(cell.unit, decimals))
            return
        if isinstance(cell, int | Decimal):
            sheet.write_number(row, column, float(cell), self.text)
            return
        self.write_text(sheet, row, column, cell, wide=wide)

    def write_text(self, sheet: Worksheet, row: int, column: int, text: str, wide: bool) -> None:
        """A string cell, never a formula; quote-prefixed if it starts like one."""
        if could_run_as_formula(text):
            style = self.wrapped_quoted if wide else self.text_quoted
        else:
            style = self.wrapped if wide else self.text
        sheet.write_string(row, column, text, style)


def _number(amount: Decimal, unit: str) -> tuple[float, int]:
    exponent = amount.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if unit == "%":
        return float(amount / 100), decimals
    if unit == "mm:ss":
        return float(amount / 86400), 0
    return float(amount), decimals


def render_xlsx(pack: Pack) -> bytes:
    target = io.BytesIO()
    book = _Book(target, pack)
    _about(book, pack)
    book.sheet(
        "Summary",
        [
            "Council",
            "Code",
            "Green",
            "Amber",
            "Red",
            "Not applicable",
            "Incomplete",
            "No target",
            "Total",
            "Share green",
        ],
        [34, 8, 8, 8, 8, 14, 11, 10, 8, 12],
        [
            [
                r.organisation.name,
                r.organisation.code,
                r.green,
                r.amber,
                r.red,
                r.not_applicable,
                r.incomplete,
                r.no_target,
                r.total,
                Shown(r.share_text, r.share_green.quantize(Decimal(1)), "%")
                if r.share_green is not None
                else r.share_text,
            ]
            for r in pack.summary
        ],
    )
    book.sheet(
        "Key",
        ["Term", "Arrow", "Meaning"],
        [16, 8, 100],
        [[e.term, e.symbol, e.meaning] for e in (*pack.key_status, *pack.key_direction)],
    )
    book.sheet(
        "Met target",
        [
            "Council",
            "Directorate",
            "Service area",
            "Ref",
            "Indicator",
            "Target",
            "Value",
            "Direction",
        ],
        [8, 26, 24, 8, 60, 16, 14, 16],
        [
            [
                c.organisation.code,
                g.directorate,
                g.service_area,
                r.reference,
                r.title,
                r.target,
                r.value,
                r.direction.text,
            ]
            for c in pack.met
            for g in c.groups
            for r in g.rows
        ],
    )
    book.sheet(
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
            "Target",
            "Status",
            "Direction",
        ],
        [26, 8, 50, 30, 8, 12, 14, 14, 16, 12, 16],
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
                r.target,
                r.status.label,
                r.direction.text,
            ]
            for g in pack.exceptions
            for e in g.entries
            for r in e.outturn
        ],
    )
    book.sheet(
        "Commentary",
        ["Ref", "Indicator", "Council", "Reasons", "Difference from target", "Remedial actions"],
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
            for g in pack.exceptions
            for e in g.entries
            for b in e.commentary
        ],
    )
    book.sheet(
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
                cell.status.label if cell.due else "",
            ]
            for f in pack.figures
            for label, cell, target in f.periods
        ],
    )
    book.sheet(
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
            "Target",
            "Judged against",
            "Status",
            "Direction",
            "Last year",
            "Reasons",
            "Difference from target",
            "Remedial actions",
        ],
        [8, 50, 24, 22, 11, 8, 12, 14, 7, 18, 14, 14, 16, 14, 50, 40, 50],
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
                f.target,
                f.judged_against,
                f.status.label,
                f.direction.text,
                f.last_year,
                f.reasons,
                f.difference,
                f.remedial_actions,
            ]
            for f in pack.figures
        ],
    )
    if pack.volumetric:
        book.sheet(
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
                for g in pack.volumetric
                for r in g.rows
            ],
        )
    if pack.since is not None:
        book.sheet(
            "Changes",
            ["Ref", "Council", "What", "Before", "Now"],
            [8, 8, 20, 50, 50],
            [[c.reference, c.organisation, c.what, c.before, c.after] for c in pack.since.changes],
        )
    book.workbook.close()
    return target.getvalue()


def _about(book: _Book, pack: Pack) -> None:
    sheet = book.workbook.add_worksheet("About")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 110)
    sheet.write_string(0, 0, f"{pack.title}: {pack.period} ({pack.months})", book.title)
    facts: list[tuple[str, Any]] = [
        ("Covers", pack.scope),
        ("Data taken", pack.taken_at_text),
        ("Exception reports for", pack.exception_rule.label),
        ("Snapshot (SHA-256)", pack.snapshot_hash),
    ]
    row = 2
    for label, value in facts:
        sheet.write_string(row, 0, label, book.bold)
        book.write_text(sheet, row, 1, value, wide=True)
        row += 1
    row += 1
    for line in pack.covering:
        book.write_text(sheet, row, 1, line, wide=True)  # a covering note's "- " list
        row += 1
    row += 1
    sheet.write_string(row, 0, "Returns not yet approved", book.bold)
    if not pack.returns_not_approved:
        sheet.write_string(row, 1, "None: every return was approved.", book.text)
    for item in pack.returns_not_approved:
        sheet.write_string(row, 1, f"{item.organisation}: {item.service_area} ({item.state})")
        row += 1
    sheet.freeze_panes(1, 0)
