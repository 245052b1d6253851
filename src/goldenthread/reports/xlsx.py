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
from goldenthread.reports.content import Cell, PackContent, Sheet, Shown, ShownStatus
from goldenthread.reports.sections import kind_of


class ExcelBook:
    """A workbook with one number format per (unit, decimals), made once."""

    def __init__(self, target: io.BytesIO, pack: PackContent) -> None:
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
        self._status_formats: dict[tuple[str, str, bool], Format] = {}

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
                # money as finance papers print it: brackets for a negative amount
                "£m": "0.000;(0.000)",
                "£ brackets": "#,##0;(#,##0)",
            }.get(unit, f"#,##0{places}")
            self._formats[key] = self.workbook.add_format({"num_format": pattern, "valign": "top"})
        return self._formats[key]

    def status_format(self, status: ShownStatus) -> Format:
        """A status's word on its colour's fill, its shape shown before the word (a
        number format: the cell's value stays the word): the colour and the shape
        repeat the word."""
        quoted = could_run_as_formula(status.label)  # a team's label is text, never a formula
        key = (status.colour, status.symbol, quoted)
        if key not in self._status_formats:
            style: dict[str, Any] = {"valign": "top", "bg_color": f"#{status.fill}", "pattern": 1}
            if status.symbol:
                style["num_format"] = f'"{status.symbol} "@'
            if quoted:
                style["quote_prefix"] = True
            self._status_formats[key] = self.workbook.add_format(style)
        return self._status_formats[key]

    def table(self, table: Sheet) -> Worksheet:
        return self.sheet(table.name, table.headers, table.widths, table.rows)

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
                if cell.text:  # no empty strings for a figure not shown
                    self.write_text(sheet, row, column, cell.text, wide=False)
                return
            number, decimals = _number(cell.amount, cell.unit)
            sheet.write_number(row, column, number, self.number_format(cell.unit, decimals))
            return
        if isinstance(cell, ShownStatus):
            sheet.write_string(row, column, cell.label, self.status_format(cell))
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


def render_xlsx(pack: PackContent) -> bytes:
    """The workbook: About, then each section's sheets, then what changed."""
    target = io.BytesIO()
    book = ExcelBook(target, pack)
    _about(book, pack)
    for section in pack.sections:
        for table in kind_of(section).excel_sheets(pack, section):
            book.table(table)
    if pack.since is not None:
        book.sheet(
            "Changes",
            ["Ref", "Council", "What", "Before", "Now"],
            [8, 8, 20, 50, 50],
            [[c.reference, c.organisation, c.what, c.before, c.after] for c in pack.since.changes],
        )
    book.workbook.close()
    return target.getvalue()


def _about(book: ExcelBook, pack: PackContent) -> None:
    sheet = book.workbook.add_worksheet("About")
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 110)
    sheet.write_string(0, 0, f"{pack.title}: {pack.period} ({pack.months})", book.title)
    facts: list[tuple[str, Any]] = [("Covers", pack.scope), ("Data taken", pack.taken_at_text)]
    for section in pack.sections:
        facts += kind_of(section).excel_facts(pack, section)
    facts.append(("Snapshot (SHA-256)", pack.snapshot_hash))
    row = 2
    for label, value in facts:
        sheet.write_string(row, 0, label, book.bold)
        book.write_text(sheet, row, 1, value, wide=True)
        row += 1
    for section in pack.sections:
        row = kind_of(section).excel_about(book, sheet, row, section)
    sheet.freeze_panes(1, 0)
