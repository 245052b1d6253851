"""Read a workbook's cells with openpyxl in read-only (streaming) mode, knowing
where each came from, and turn a cell into the text a person effectively
wrote, so that the same rules read a spreadsheet and a web form.

Call `safety.inspect_xlsx` first: this module trusts the archive's sizes, and
that no part declares entities or holds more rows, cells or strings than the
limits in `parts` (openpyxl builds every cell of a row it reads).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any, overload

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from goldenthread.workbooks.parts import sheet_parts
from goldenthread.workbooks.safety import WorkbookRefused

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
# A number is written out in full for the form's rules to judge (a figure has
# far fewer digits) up to this many digits; a longer one (1E+300, 1E-300) is
# refused here, before it is written out.
MAX_NUMBER_DIGITS = 40


class CellError(ValueError):
    """A cell that holds something other than what a person types (a formula,
    a date, an error value); the message says what and what to do."""


class Cell:
    """One cell's stored value, as openpyxl reads it, and where it is. The number
    format is looked up only when asked for (it costs a style lookup)."""

    __slots__ = ("_raw", "column", "row")

    def __init__(self, row: int, column: int, raw: Any) -> None:
        self.row = row
        self.column = column  # 1 = A
        self._raw = raw

    @property
    def value(self) -> Any:
        return self._raw.value

    @property
    def data_type(self) -> str:
        """n number, s string, f formula, b boolean, d date, e error."""
        return str(self._raw.data_type)

    @property
    def number_format(self) -> str:
        return str(getattr(self._raw, "number_format", None) or "General")

    @property
    def letter(self) -> str:
        return str(get_column_letter(self.column))

    @property
    def is_blank(self) -> bool:
        value = self._raw.value
        return value is None or (isinstance(value, str) and not value.strip())


class Row(Sequence[Cell]):
    """One row's cells, A onwards, made into `Cell`s only when looked at."""

    __slots__ = ("_cells", "number")

    def __init__(self, number: int, cells: tuple[Any, ...]) -> None:
        self.number = number
        self._cells = cells

    def __len__(self) -> int:
        return len(self._cells)

    @overload
    def __getitem__(self, index: int) -> Cell: ...
    @overload
    def __getitem__(self, index: slice) -> list[Cell]: ...
    def __getitem__(self, index: int | slice) -> Cell | list[Cell]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._cells)))]
        if index < 0:
            index += len(self._cells)
        return Cell(self.number, index + 1, self._cells[index])


class Workbook:
    """An inspected .xlsx workbook, opened for streaming reads."""

    def __init__(self, data: bytes, *, name: str = "The file") -> None:
        self.data = data
        self.name = name
        try:
            self._book = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise WorkbookRefused(
                f"{name} could not be read as a workbook ({type(error).__name__}). Save it "
                "again from your spreadsheet program as an Excel Workbook (.xlsx)."
            ) from None

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheetnames)

    def sheet_state(self, sheet: str) -> str:
        return str(getattr(self._book[sheet], "sheet_state", "visible"))

    def rows(self, sheet: str, *, max_row: int, max_column: int) -> Iterator[Row]:
        """Each row up to `max_row` that has any cell, as cells A.. up to `max_column`.
        Rows past `max_row` are not read."""
        worksheet = self._book[sheet]
        try:
            for number, row in enumerate(
                worksheet.iter_rows(min_row=1, max_row=max_row, max_col=max_column), start=1
            ):
                if any(
                    cell.value is not None
                    and not (isinstance(cell.value, str) and not cell.value.strip())
                    for cell in row
                ):
                    yield Row(number, row)
        except WorkbookRefused:
            raise
        except Exception as error:
            raise WorkbookRefused(
                f"{self.name}: the sheet '{sheet}' is damaged and could not be read "
                f"({type(error).__name__}). Save the workbook again as an Excel Workbook "
                "(.xlsx)."
            ) from None

    def merged_ranges(self, sheet: str) -> list[str]:
        """The merged ranges of a sheet (A1:B2), read from its XML part."""
        archive = zipfile.ZipFile(io.BytesIO(self.data))
        with archive:
            part = sheet_parts(archive).get(sheet)
            if part is None:
                return []
            with archive.open(part) as handle:
                found: list[str] = []
                tail = b""
                while chunk := handle.read(1024 * 1024):
                    text = tail + chunk
                    cut = text.rfind(b"<")
                    complete, tail = (text[:cut], text[cut:]) if cut > 0 else (text, b"")
                    found += [m.decode() for m in _MERGE.findall(complete)]
                found += [m.decode() for m in _MERGE.findall(tail)]
                return found

    def close(self) -> None:
        self._book.close()


def written_text(cell: Cell) -> str:
    """The text a person effectively wrote in a cell, for the rules a web form
    applies: a number as shown (97.50 in a 0.00 cell; 0.975 in a percentage cell
    is 97.5%), a string as it is. A formula, date, time, true/false or error
    value raises `CellError`. A formula is a cell that holds one (data type "f",
    the XML's <f>); a text cell whose text starts with "=" is text, as typed
    (goldenthread writes such text quote-prefixed: domain/spreadsheet_text.py)."""
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f":
        shown = str(value) if isinstance(value, str) else "a formula"
        raise CellError(f"holds a formula ({_clip(shown)}); type the figure itself, not a formula")
    if cell.data_type == "e":
        raise CellError(f"holds an error value ({value}); type the figure itself")
    if isinstance(value, bool):
        raise CellError(f"holds {'TRUE' if value else 'FALSE'}, not a figure")
    if isinstance(value, datetime.datetime | datetime.date):
        raise CellError(
            f"holds a date ({value:%d %b %Y}), not a figure; format the cell as a number "
            "and type the figure"
        )
    if isinstance(value, datetime.time | datetime.timedelta):
        raise CellError(
            f"holds a time ({value}); type a duration as text such as 7:27, or the figure"
        )
    if isinstance(value, int | float):
        return number_text(value, cell.number_format)
    return str(value)


def number_text(value: int | float, number_format: str = "General") -> str:
    """A stored number as the cell shows it: at least the format's decimal
    places, every digit kept; a percentage format shows 0.975 as 97.5%."""
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:  # pragma: no cover - repr of a float is always a number
        raise CellError(f"holds {value!r}, not a figure") from None
    if not amount.is_finite():
        raise CellError(f"holds {value!r}, not a figure")
    section = _QUOTED.sub("", number_format.split(";")[0])
    percent = "%" in section
    if percent:
        amount = amount.scaleb(2)
    shown = _format_places(section)
    exponent = amount.normalize().as_tuple().exponent
    places = max(shown, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    text = f"{to_places(amount, places):f}"
    return f"{text}%" if percent else text


def to_places(amount: Decimal, places: int) -> Decimal:
    """`amount` with `places` decimal places, rounded half-even, in as many digits
    as that takes (the default context keeps 28 and would raise): a figure is
    never that long, but it is written out for the form's rules to refuse. A
    number of more than `MAX_NUMBER_DIGITS` digits raises `CellError`."""
    digits = max(amount.adjusted(), 0) + 1 + places
    if digits > MAX_NUMBER_DIGITS:
        raise CellError(
            f"holds {amount.normalize():.4G}, a number of {digits:,} digits: too many "
            "digits for a figure"
        )
    with localcontext() as context:
        context.prec = max(context.prec, digits)
        return amount.quantize(Decimal(1).scaleb(-places))


def _format_places(section: str) -> int:
    if "E+" in section.upper() or "." not in section:
        return 0
    after = section.split(".", 1)[1]
    count = 0
    for char in after:
        if char in "0#?":
            count += 1
        else:
            break
    return count


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
