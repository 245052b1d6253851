"""Reading a sheet of indicators: CSV (UTF-8, with or without BOM) or XLSX.

Rows are streamed, never loaded whole. Cells come back as the person sees them:
text, numbers (an Excel percentage cell 0.97 reads as ``97%``), dates, or a
`Formula` marker, since goldenthread does not evaluate formulas. No part of a
workbook reaches openpyxl unless it is UTF-8 and declares no entities.
"""

from __future__ import annotations

import csv
import datetime
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path
from typing import IO, Any

Cell = str | int | float | Decimal | datetime.datetime | datetime.date | datetime.time | None


class SheetError(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass(frozen=True, slots=True)
class Formula:
    """A cell that holds a formula rather than a value."""

    text: str

    def __str__(self) -> str:
        return self.text


# A row as read: its number as the spreadsheet numbers it (the header is row 1)
# and its cells. A plain pair, not a class: a sheet can have a million of them.
Row = tuple[int, list[Cell | Formula]]


class Sheet:
    """A header and a stream of rows; use as a context manager."""

    def __init__(
        self,
        name: str,
        header: list[str],
        rows: Iterator[Row],
        close: Any,
        *,
        cells_are_text: bool,
    ) -> None:
        self.name = name  # the worksheet's name, or the file name for CSV
        self.header = header
        self.rows = rows
        self.cells_are_text = cells_are_text  # CSV: only ever str; XLSX: typed cells
        self._close = close

    @property
    def may_hold_formulas(self) -> bool:
        """Only a workbook's cells can hold formulas."""
        return not self.cells_are_text

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


def open_sheet(path: Path) -> Sheet:
    """Open a CSV or XLSX file by its content, not its name."""
    try:
        with path.open("rb") as probe:
            start = probe.read(4)
    except OSError as error:
        raise SheetError(f"cannot read {path}: {error.strerror or error}") from None
    if not start:
        raise SheetError(f"{path} is empty: expected a header row and one row per indicator")
    if start.startswith(b"PK"):
        return _open_xlsx(path)
    if start.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError(f"{path} is an old Excel (.xls) file: save it as .xlsx or CSV")
    return _open_csv(path)


def _open_csv(path: Path) -> Sheet:
    handle: IO[str] = path.open(encoding="utf-8-sig", newline="")
    try:
        first = handle.readline()
        dialect = csv.excel_tab if "\t" in first and "," not in first else csv.excel
        if ";" in first and "," not in first and "\t" not in first:
            dialect = _Semicolon
        handle.seek(0)
        reader = csv.reader(handle, dialect)
        header = next(reader, None)
    except UnicodeDecodeError as error:
        handle.close()
        raise SheetError(
            f"{path} is not UTF-8 text (byte {error.start}): save it as CSV UTF-8 or XLSX"
        ) from None
    if header is None or not any(h.strip() for h in header):
        handle.close()
        raise SheetError(f"{path} has no header row: the first row must name the columns")

    def rows() -> Iterator[Row]:
        try:
            for row in enumerate(reader, 2):  # (number, cells): already a Row
                if any(row[1]):
                    yield row  # type: ignore[misc]
        except UnicodeDecodeError as error:
            raise SheetError(
                f"{path} is not UTF-8 text (near row {reader.line_num}, byte {error.start}): "
                "save it as CSV UTF-8 or XLSX"
            ) from None
        except csv.Error as error:
            raise SheetError(f"{path}, row {reader.line_num}: {error}") from None

    return Sheet(path.name, header, rows(), handle.close, cells_are_text=True)


class _Semicolon(csv.excel):
    delimiter = ";"


def _open_xlsx(path: Path) -> Sheet:
    import openpyxl  # imported here: CSV users need not pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        _check_markup(path)
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as error:
        raise SheetError(f"{path} is not a readable .xlsx workbook ({error})") from None
    sheet = book.worksheets[0]
    cells = sheet.iter_rows()
    first = next(cells, None)
    if first is None:
        book.close()
        raise SheetError(f"{path}, sheet '{sheet.title}' is empty: expected a header row")
    header = ["" if c.value is None else str(c.value) for c in first]

    def rows() -> Iterator[Row]:
        number = 1
        try:
            for number, row in enumerate(cells, 2):
                values = [_xlsx_cell(c) for c in row]
                if any(v not in (None, "") for v in values):
                    yield number, values
        except Exception as error:  # a damaged part of the workbook, found as it streams
            raise SheetError(
                f"{path}, sheet '{sheet.title}' is damaged after row {number} ({error})"
            ) from None

    return Sheet(sheet.title, header, rows(), book.close, cells_are_text=False)


def _check_markup(path: Path) -> None:
    """No part reaches a parser in another encoding than UTF-8 or with entity
    declarations (billion laughs, XXE), whatever its name (decision 0007); a
    person's own sheet is not held to an upload's limits of size."""
    from goldenthread.workbooks.parts import PartRefused, check_markup

    try:
        with zipfile.ZipFile(path) as archive:
            check_markup(archive)
    except PartRefused as refusal:
        raise SheetError(
            f"{path}: its part {refusal.part} {refusal.reason}; it has not been opened"
        ) from None


def _xlsx_cell(cell: Any) -> Cell | Formula:
    value = cell.value
    if getattr(cell, "data_type", None) == "f":  # a text cell starting with "=" is text
        return Formula(str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        number_format = cell.number_format or ""
        if "%" in number_format:
            places = len(number_format.partition(".")[2].partition("%")[0].strip('"'))
            return f"{_percent(value, places):f}%"
        return value
    if isinstance(value, bool):
        return str(value).upper()
    return value  # type: ignore[no-any-return]


def _percent(value: int | float, places: int) -> Decimal:
    """A percentage cell's number as the percentage it shows, to `places` places,
    however large (1E+300 is written out in full, not a decimal error)."""
    amount = Decimal(repr(value)).scaleb(2)
    with localcontext() as context:
        context.prec = max(context.prec, max(amount.adjusted(), 0) + 1 + places)
        return amount.quantize(Decimal(1).scaleb(-places))


def as_text(cell: Cell | Formula) -> str:
    """A cell as text, exactly: floats by their shortest repr, Decimals unscientific."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(cell)
    if isinstance(cell, Decimal):
        return f"{cell:f}"
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell)
