"""A register sheet read and written one row per record (the plan's actions, the
risk register's risks), for the import pipeline (`goldenthread.imports`).

Writing: each value as a typed cell (text always as a string cell, and text
that starts like a formula with Excel's quote prefix, so it stays text:
`domain.spreadsheet_text`). Reading: after `workbooks.safety`, row 1's
headings name the columns; every other row is a record's texts, each with its
place (sheet, row, column) for the messages. A row is checked by the module's
own form; what it would change is compared field by field with the record as
exported, and a record's fingerprint (its exported texts) refuses an apply
when someone changed it since the preview.

Used by `plan.sheet` and `risks.sheet`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from goldenthread.domain.spreadsheet_text import could_run_as_formula
from goldenthread.imports.pipeline import ImportRefused
from goldenthread.workbooks.cells import Cell, CellError, Workbook, number_text, written_text
from goldenthread.workbooks.safety import WorkbookRefused, inspect_xlsx

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# a control character as a workbook stores it (Excel writes a bell as _x0007_;
# a typed "_x0007_" is stored _x005F_x0007_)
ESCAPED_CONTROL = re.compile(r"(?<!_x005F)_x00(?:0[0-8BCEF]|1[0-9A-F]|7F)_", re.IGNORECASE)
MAX_COLUMNS = 60


@dataclass(frozen=True)
class SheetColumn:
    """A column: its heading, the form field it fills, its width."""

    heading: str
    name: str
    width: int = 14


@dataclass(frozen=True)
class SheetRow:
    """A row as read: its number, each field's text and place."""

    number: int
    texts: dict[str, str]
    places: dict[str, str]


@dataclass
class Item:
    """One record in a preview: new, changed or unchanged, and each change
    (heading, now, after)."""

    key: str
    kind: str
    changes: list[tuple[str, str, str]]
    row: SheetRow
    form: Any = None  # the checked form, saved on apply


LISTED = 500  # changes listed per kind on a preview


@dataclass
class RowsPreview:
    """What an import of a register sheet would change."""

    filename: str
    items: list[Item]
    seen: dict[str, str | None]  # each record's fingerprint as the preview read it
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return any(item.kind != "unchanged" for item in self.items)

    def count(self, kind: str) -> int:
        return sum(1 for item in self.items if item.kind == kind)

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items if item.kind == kind]

    def context(self) -> dict[str, Any]:
        """The counts and the listed changes, for `imports/_row_changes.html`."""
        return {
            "counts": [(k.title(), self.count(k)) for k in ("new", "changed", "unchanged")],
            "new": self.of_kind("new")[:LISTED],
            "changed": self.of_kind("changed")[:LISTED],
            "listed": LISTED,
        }


# --- writing ---------------------------------------------------------------------


class SheetWriter:
    """The formats every register sheet uses, for one XlsxWriter workbook."""

    def __init__(self, book: Any) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.book = book
        heading = {"bold": True, "bg_color": "#1d70b8", "font_color": "#ffffff"}
        self.header = book.add_format({**base, **heading, "text_wrap": True})
        self.text = book.add_format({**base, "num_format": "@", "text_wrap": True})
        self.quoted = book.add_format(
            {**base, "num_format": "@", "text_wrap": True, "quote_prefix": True}
        )
        self.date = book.add_format({**base, "num_format": "yyyy-mm-dd"})
        self.number = book.add_format({**base, "num_format": "0"})

    def sheet(
        self, name: str, columns: Sequence[SheetColumn], rows: Iterable[Sequence[Any]]
    ) -> Any:
        sheet = self.book.add_worksheet(name)
        for column, spec in enumerate(columns):
            sheet.write_string(0, column, spec.heading, self.header)
            sheet.set_column(column, column, spec.width)
        count = 0
        for row, values in enumerate(rows, start=1):
            count = row
            for column, value in enumerate(values):
                self.cell(sheet, row, column, value)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
        return sheet

    def cell(self, sheet: Any, row: int, column: int, value: Any) -> None:
        if value is None or value == "":
            return
        if isinstance(value, bool):
            sheet.write_string(row, column, "Yes" if value else "No", self.text)
        elif isinstance(value, int):
            sheet.write_number(row, column, value, self.number)
        elif isinstance(value, datetime.date):
            sheet.write_datetime(
                row, column, datetime.datetime.combine(value, datetime.time()), self.date
            )
        else:
            text = str(value)
            sheet.write_string(
                row, column, text, self.quoted if could_run_as_formula(text) else self.text
            )


def yes_no(value: bool) -> str:
    return "Yes" if value else "No"


def fingerprint(texts: dict[str, str]) -> str:
    """A record as exported, in a few characters: changed since means changed."""
    data = json.dumps(texts, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()[:32]


# --- reading ---------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


def open_book(data: bytes, *, filename: str) -> Workbook:
    """The workbook after the safety checks; `ImportRefused` for one that is not."""
    label = f"'{filename}'"
    try:
        inspect_xlsx(data, name=label)
        return Workbook(data, name=label)
    except WorkbookRefused as refusal:
        raise ImportRefused([str(refusal)]) from None


def cell_text(cell: Cell) -> str:
    """What was written in a cell, as a form reads it; a date as 2019-09-30."""
    value = cell.value
    if isinstance(value, datetime.datetime | datetime.date) and cell.data_type != "f":
        return f"{value:%Y-%m-%d}"
    if isinstance(value, int | float) and not isinstance(value, bool) and cell.data_type == "n":
        return number_text(value, "General")
    return written_text(cell).strip()


def read_rows(
    book: Workbook,
    *,
    sheet: str,
    columns: Sequence[SheetColumn],
    required: Sequence[str],
    key: str,
    max_rows: int,
    problems: list[str],
    first_row: int = 1,
) -> list[SheetRow]:
    """Each row below the headings (on `first_row`) as texts with their places.
    `ImportRefused` for headings that cannot be read; a cell's problem (a
    formula, a control character, an empty or repeated `key`) is added to
    `problems`, for the caller to refuse with the rows' own problems."""
    if sheet not in book.sheet_names:
        raise ImportRefused(
            [
                f"{book.name} has no sheet named '{sheet}'. Download the spreadsheet to see "
                "the layout."
            ]
        )
    names = {_key(c.heading): c for c in columns} | {_key(c.name): c for c in columns}
    rows = iter(book.rows(sheet, max_row=first_row + max_rows + 1, max_column=MAX_COLUMNS))
    header = next((r for r in rows if r.number >= first_row), None)
    if header is None or header.number != first_row:
        raise ImportRefused([f"{sheet} sheet: row {first_row} must hold the column headings."])
    found: dict[str, tuple[SheetColumn, Cell]] = {}
    heading_problems: list[str] = []
    for cell in header:
        if cell.is_blank:
            continue
        heading = str(cell.value).strip()
        spec = names.get(_key(heading))
        where = f"{sheet} sheet, row {first_row}, column {cell.letter}"
        if spec is None:
            known = ", ".join(c.heading for c in columns)
            heading_problems.append(
                f"{where}: unknown heading '{heading[:60]}'. The headings are {known}."
            )
        elif spec.name in found:
            heading_problems.append(f"{where}: '{heading}' is a second {spec.heading} column")
        else:
            found[spec.name] = (spec, cell)
    for name in required:
        if name not in found:
            heading = next(c.heading for c in columns if c.name == name)
            heading_problems.append(
                f"{sheet} sheet, row {first_row}: there is no '{heading}' column."
            )
    if heading_problems:
        raise ImportRefused(heading_problems)
    result: list[SheetRow] = []
    first_seen: dict[str, int] = {}
    for cells in rows:
        if cells.number > first_row + max_rows:
            raise ImportRefused([f"{sheet} sheet has more than {max_rows} rows: split it in two."])
        texts: dict[str, str] = {}
        places: dict[str, str] = {}
        for name, (spec, head) in found.items():
            places[name] = (
                f"{sheet} sheet, row {cells.number}, column {head.letter} ({spec.heading})"
            )
            if head.column > len(cells):
                texts[name] = ""
                continue
            cell = cells[head.column - 1]
            try:
                text = cell_text(cell)
            except CellError as error:
                problems.append(f"{places[name]}: {error}")
                text = ""
            if CONTROL.search(text) or ESCAPED_CONTROL.search(text):
                problems.append(f"{places[name]}: has a control character: remove it")
            texts[name] = text
        row = SheetRow(cells.number, texts, places)
        value = texts.get(key, "")
        if not value:
            problems.append(f"{places[key]}: empty: every row needs one")
            continue
        folded = value.casefold()
        if folded in first_seen:
            problems.append(
                f"{places[key]}: '{value[:40]}' is also on row {first_seen[folded]}: "
                "each may be on one row only"
            )
            continue
        first_seen[folded] = cells.number
        result.append(row)
    return result


def form_problems(row: SheetRow, form: Any, headings: dict[str, str]) -> list[str]:
    """A row's form errors, each with its place (a field's column, else the row)."""
    problems = []
    for name, errors in form.errors.items():
        place = row.places.get(name)
        if place is None:
            related = next((n for n in row.places if name.startswith(n)), None)
            place = row.places.get(related or "", "")
        where = place or f"row {row.number} ({headings.get(name, name)})"
        for error in errors:
            problems.append(f"{where}: {error}")
    return problems


def compare(
    columns: Sequence[SheetColumn], before: dict[str, str] | None, after: dict[str, str]
) -> tuple[str, list[tuple[str, str, str]]]:
    """new, changed or unchanged, and the changes (heading, now, after)."""
    if before is None:
        return "new", [(c.heading, "", after.get(c.name, "")) for c in columns]
    changes = [
        (c.heading, before.get(c.name, ""), after.get(c.name, ""))
        for c in columns
        if before.get(c.name, "") != after.get(c.name, "")
    ]
    return ("changed" if changes else "unchanged"), changes


def stale(key: str, noun: str) -> str:
    return (
        f"Someone changed {noun} {key} since your preview: nothing was saved. Upload the "
        "file again."
    )
