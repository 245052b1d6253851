"""Writing a rated sheet as CSV, JSON or XLSX, one row at a time.

XLSX cells keep their types (numbers as numbers), and text is always written
as text, so no cell is ever executed as a formula: text that starts like one
(`=`, `+`, `-`, `@`, a tab or carriage return) is a string cell with Excel's
quote prefix in XLSX, so it stays text even after an edit, and has a leading
apostrophe in CSV (`domain.spreadsheet_text`).
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, Protocol

from goldenthread.domain.spreadsheet_text import FORMULA_STARTS, could_run_as_formula, csv_field
from goldenthread.ratesheet.read import Cell, Formula, as_text

FORMATS = ("csv", "json", "xlsx")


_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")
_PERCENT = re.compile(r"(-?\d+(?:\.(\d+))?)%")
# A field starts like a formula only if the joined line starts like one or has
# one of these after a comma: most lines are cleared without looking at each field.
_AFTER_A_COMMA = re.compile("," + "[" + re.escape("".join(FORMULA_STARTS)) + "]")


class SheetWriter(Protocol):
    def write(self, cells: list[Cell | Formula]) -> None: ...
    def close(self) -> None: ...


class CsvWriter:
    """Cells as text, exactly as csv.writer writes them (Excel dialect: commas, CRLF).

    csv.writer quotes a field that holds a comma, a double quote or a line
    break, and finds out by testing every character on its own: a fifth of
    the time of rating a large sheet. Joined by commas, a row's fields show
    at once whether any of them does; most rows need no quoting and are
    written joined, byte for byte what csv.writer would write. The others
    (and an empty row, which csv.writer writes as "") go to csv.writer.

    A field that a spreadsheet would run as a formula (OWASP's CSV injection)
    is written with a leading apostrophe (`csv_field`), header included.
    """

    def __init__(
        self, path: Path, header: list[str], figures: frozenset[int], *, cells_are_text: bool
    ) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow([csv_field(name) for name in header])
        self._cells_are_text = cells_are_text  # every cell is a str: no conversion needed

    def write(self, cells: list[Cell | Formula]) -> None:
        if self._cells_are_text:
            texts: list[str] = cells  # type: ignore[assignment]  # as promised; cast() costs a call
        else:
            texts = [cell if type(cell) is str else as_text(cell) for cell in cells]
        line = ",".join(texts)
        if line.startswith(FORMULA_STARTS) or _AFTER_A_COMMA.search(line) is not None:
            texts = [csv_field(text) for text in texts]
            line = ",".join(texts)
        if (
            line
            and line.count(",") == len(texts) - 1
            and '"' not in line
            and "\r" not in line
            and "\n" not in line
        ):
            self._file.write(line + "\r\n")
        else:
            self._csv.writerow(texts)

    def close(self) -> None:
        self._file.close()


class JsonWriter:
    """A JSON array of objects keyed by the header; figures stay text, so nothing is rounded."""

    def __init__(self, path: Path, header: list[str], figures: frozenset[int]) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8")
        self._header = header
        self._first = True
        self._file.write("[")

    def write(self, cells: list[Cell | Formula]) -> None:
        record = {name: as_text(cell) for name, cell in zip(self._header, cells, strict=False)}
        self._file.write(("\n" if self._first else ",\n") + json.dumps(record, ensure_ascii=False))
        self._first = False

    def close(self) -> None:
        self._file.write("\n]\n")
        self._file.close()


class XlsxWriter:
    """One worksheet, header frozen, streamed (constant memory), typed cells.

    Figures in the `figures` columns that arrive as text (``97.00%``, ``22.3``)
    are written as numbers, percentages with a percentage format; every other
    text is written as text.
    """

    def __init__(
        self, path: Path, header: list[str], figures: frozenset[int], sheet: str = "Rated"
    ) -> None:
        import xlsxwriter

        self._book: Any = xlsxwriter.Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        self._sheet: Any = self._book.add_worksheet(sheet)
        bold = self._book.add_format({"bold": True, "bottom": 1})
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._quoted = self._book.add_format({"quote_prefix": True})
        self._percent: dict[int, Any] = {}
        self._figures = figures
        quoted_bold = self._book.add_format({"bold": True, "bottom": 1, "quote_prefix": True})
        for column, name in enumerate(header):
            self._sheet.write_string(
                0, column, name, quoted_bold if could_run_as_formula(name) else bold
            )
        self._sheet.freeze_panes(1, 0)
        self._row = 1

    def write(self, cells: list[Cell | Formula]) -> None:
        for column, cell in enumerate(cells):
            if cell is None or cell == "":
                continue
            if isinstance(cell, bool) or not isinstance(cell, int | float | Decimal):
                if isinstance(cell, datetime.datetime | datetime.date):
                    self._sheet.write_datetime(self._row, column, cell, self._date)
                elif not (column in self._figures and self._write_figure(column, as_text(cell))):
                    text = as_text(cell)
                    if could_run_as_formula(text):
                        self._sheet.write_string(self._row, column, text, self._quoted)
                    else:
                        self._sheet.write_string(self._row, column, text)
            else:
                self._sheet.write_number(self._row, column, cell)
        self._row += 1

    def _write_figure(self, column: int, text: str) -> bool:
        if _PLAIN_NUMBER.fullmatch(text):
            self._sheet.write_number(self._row, column, Decimal(text))
            return True
        percent = _PERCENT.fullmatch(text)
        if percent:
            places = len(percent[2] or "")
            if places not in self._percent:
                pattern = "0" + ("." + "0" * places if places else "") + "%"
                self._percent[places] = self._book.add_format({"num_format": pattern})
            number = Decimal(percent[1]) / 100
            self._sheet.write_number(self._row, column, number, self._percent[places])
            return True
        return False

    def close(self) -> None:
        self._book.close()


def open_writer(
    fmt: str,
    path: Path,
    header: list[str],
    figures: frozenset[int] = frozenset(),
    *,
    cells_are_text: bool = False,
    sheet: str = "Rated",
) -> SheetWriter:
    """A writer for `fmt`; `figures` are the columns that hold figures (typed in XLSX);
    `cells_are_text` promises every cell written is a str; `sheet` names an XLSX's worksheet."""
    if fmt == "csv":
        return CsvWriter(path, header, figures, cells_are_text=cells_are_text)
    if fmt == "xlsx":
        return XlsxWriter(path, header, figures, sheet)
    return JsonWriter(path, header, figures)
