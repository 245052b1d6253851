"""A table written as CSV or as an Excel workbook. No Django.

Both write the same cells with their types: in Excel, a figure is a number
with its number format (97.50% is 0.975 formatted 0.00%, £8,861 is 8861
formatted in pounds, 7:27 is a time), a date a date, text a string cell; in
CSV, each as Excel reads it back as that type (97.50%, 2019-06-30, 0:07:27),
in UTF-8 with a byte-order mark so that Excel reads every character.

Text that starts like a formula (`=`, `+`, `-`, `@`, a tab or carriage return)
stays text as everywhere else in goldenthread (`domain.spreadsheet_text`): a
string cell with Excel's quote prefix, or a leading apostrophe in CSV. A
figure is a number and is never escaped (-3 is the number -3).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from typing import Any

import xlsxwriter

from goldenthread.domain.spreadsheet_text import could_run_as_formula, csv_field
from goldenthread.domain.values import Unit, format_amount, round_to
from goldenthread.exports.table import Cell, Figure, Table

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECONDS_IN_A_DAY = 86400


# --- CSV -------------------------------------------------------------------------


def csv_bytes(table: Table) -> bytes:
    """The table as CSV: a row of headings, then one line per row."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([csv_field(column.heading) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_text(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _csv_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return csv_field(cell)
    if isinstance(cell, Figure):
        return _figure_text(cell)
    if isinstance(cell, datetime.datetime):
        return cell.strftime("%Y-%m-%d %H:%M")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell)


def _shown(figure: Figure) -> Decimal:
    shown = round_to(figure.amount, figure.shown_places)
    return abs(shown) if shown == 0 else shown  # no "-0.00"


def _figure_text(figure: Figure) -> str:
    if figure.unit is Unit.DURATION:
        seconds = int(round_to(figure.amount, 0))
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        hours, rest = divmod(seconds, 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    text = f"{_shown(figure):f}"
    return f"{text}%" if figure.unit is Unit.PERCENT else text


# --- Excel -----------------------------------------------------------------------

_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\']")


def sheet_name(title: str) -> str:
    """A worksheet name from a title: without the characters Excel refuses, at
    most 31 characters."""
    return _NOT_IN_SHEET_NAMES.sub("-", title)[:31].strip() or "Table"


def xlsx_bytes(table: Table) -> bytes:
    """The table as a workbook of one sheet: headings, then one row per row,
    frozen under the headings and with a filter on each column."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    book.set_properties({"title": table.title, "author": "goldenthread"})
    styles = _Styles(book)
    sheet = book.add_worksheet(sheet_name(table.title))
    for column, heading in enumerate(table.columns):
        sheet.write_string(0, column, heading.heading, styles.heading(heading.heading))
        sheet.set_column(column, column, heading.width)
    for row_number, row in enumerate(table.rows, start=1):
        for column, cell in enumerate(row):
            _write_cell(sheet, row_number, column, cell, styles)
    sheet.freeze_panes(1, 0)
    if table.columns:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)
    book.close()
    return buffer.getvalue()


class _Styles:
    """The workbook's formats, each made once."""

    def __init__(self, book: Any) -> None:
        self._book = book
        self._made: dict[tuple[str, bool, bool], Any] = {}

    def get(self, num_format: str = "", *, quoted: bool = False, bold: bool = False) -> Any:
        key = (num_format, quoted, bold)
        if key not in self._made:
            spec: dict[str, Any] = {"valign": "top"}
            if num_format:
                spec["num_format"] = num_format
            if quoted:
                spec["quote_prefix"] = True
            if bold:
                spec.update({"bold": True, "text_wrap": True, "bottom": 1})
            self._made[key] = self._book.add_format(spec)
        return self._made[key]

    def heading(self, text: str) -> Any:
        return self.get(quoted=could_run_as_formula(text), bold=True)


def _places(places: int) -> str:
    return "." + "0" * places if places > 0 else ""


def _write_cell(sheet: Any, row: int, column: int, cell: Cell, styles: _Styles) -> None:
    if cell is None:
        return
    if isinstance(cell, str):
        # a string cell always (never `write`, which makes "=..." a formula)
        sheet.write_string(row, column, cell, styles.get(quoted=could_run_as_formula(cell)))
    elif isinstance(cell, Figure):
        _write_figure(sheet, row, column, cell, styles)
    elif isinstance(cell, datetime.datetime):
        sheet.write_datetime(row, column, cell, styles.get("d mmm yyyy hh:mm"))
    elif isinstance(cell, datetime.date):
        moment = datetime.datetime.combine(cell, datetime.time())
        sheet.write_datetime(row, column, moment, styles.get("d mmm yyyy"))
    else:
        sheet.write_number(row, column, cell, styles.get("0"))


def _write_figure(sheet: Any, row: int, column: int, figure: Figure, styles: _Styles) -> None:
    places = _places(figure.shown_places)
    if figure.unit is Unit.DURATION:
        seconds = round_to(figure.amount, 0)
        if seconds < 0:  # Excel cannot show a negative time: the text the page shows
            text = format_amount(figure.amount, Unit.DURATION)
            sheet.write_string(row, column, text, styles.get(quoted=True))
            return
        style = styles.get("[h]:mm:ss" if seconds >= 3600 else "[m]:ss")
        sheet.write_number(row, column, float(seconds / SECONDS_IN_A_DAY), style)
    elif figure.unit is Unit.PERCENT:
        amount = _shown(figure) / 100
        sheet.write_number(row, column, float(amount), styles.get(f"0{places}%"))
    elif figure.unit is Unit.MONEY:
        sheet.write_number(row, column, float(_shown(figure)), styles.get(f'"£"#,##0{places}'))
    else:
        sheet.write_number(row, column, float(_shown(figure)), styles.get(f"#,##0{places}"))
