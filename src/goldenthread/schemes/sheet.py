"""The team's status schemes as the register workbook's "Schemes" sheet: one row
per status (scheme key, name, position, label, within, exceeds, colour,
meaning). `write_schemes_sheet` adds it to the register's export;
`read_schemes_sheet` reads it back, `schemes_preview` checks each scheme with
`Scheme.build` (every problem named by sheet, row and column) and
`schemes_load` saves them inside the register import's one transaction.
A built-in scheme's key cannot be given: built-in schemes do not change.

Text is written as string cells, quote-prefixed where it starts like a formula
(a label `=HYPERLINK(...)`), so it reads back as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from goldenthread.domain.schemes import COLOURS, Scheme, SchemeError
from goldenthread.domain.spreadsheet_text import could_run_as_formula
from goldenthread.imports.pipeline import ImportRefused
from goldenthread.schemes.forms import MAX_STATUSES, ROW_FIELDS, error_place
from goldenthread.schemes.models import StatusScheme
from goldenthread.schemes.selectors import schemes_by_key
from goldenthread.schemes.services import key_problem, scheme_save
from goldenthread.workbooks.cells import Cell, CellError, Row, Workbook, written_text

SHEET = "Schemes"
MAX_ROWS = 1000
# (heading, field, width)
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("Scheme", "key", 20),
    ("Name", "name", 28),
    ("Position", "position", 9),
    ("Label", "label", 20),
    ("Within", "within", 9),
    ("Exceeds", "exceeds", 9),
    ("Colour", "colour", 9),
    ("Meaning", "meaning", 50),
)
_FIELDS = {heading.lower(): name for heading, name, _ in COLUMNS} | {
    name: name for _, name, _ in COLUMNS
}
_HEADING = {name: heading for heading, name, _ in COLUMNS}


def write_schemes_sheet(book: Any, header: Any, text: Any, quoted: Any) -> None:
    """Every team scheme's statuses, in key order, best first (XlsxWriter)."""
    sheet = book.add_worksheet(SHEET)
    for column, (heading, _, width) in enumerate(COLUMNS):
        sheet.write_string(0, column, heading, header)
        sheet.set_column(column, column, width)
    row = 0
    for stored in StatusScheme.objects.order_by("key"):
        for position, status in enumerate(stored.statuses, 1):
            row += 1
            values = {"key": stored.key, "name": stored.name, **status}
            for column, (_, name, _) in enumerate(COLUMNS):
                if name == "position":
                    sheet.write_number(row, column, position)
                    continue
                shown = str(values.get(name) or "")
                if shown:
                    style = quoted if could_run_as_formula(shown) else text
                    sheet.write_string(row, column, shown, style)
    colour = next(i for i, (_, name, _) in enumerate(COLUMNS) if name == "colour")
    sheet.data_validation(
        1, colour, row + 200, colour, {"validate": "list", "source": list(COLOURS)}
    )
    sheet.freeze_panes(1, 0)


@dataclass
class SchemeEntry:
    """One scheme as the sheet gives it: its statuses in order, the sheet row of
    each, and the column letter of each field."""

    key: str
    name: str
    statuses: list[dict[str, str]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)

    def place(self, index: int, name: str) -> str:
        letter = self.columns.get(name, "")
        column = f", column {letter} ({_HEADING[name]})" if letter else ""
        return f"{SHEET} sheet, row {self.rows[index]}{column}"


def read_schemes_sheet(book: Workbook, problems: list[str]) -> list[SchemeEntry]:
    """The schemes on the Schemes sheet (none if there is no such sheet); each
    problem is added to `problems`, with its place."""
    if SHEET not in book.sheet_names:
        return []
    rows = iter(book.rows(SHEET, max_row=MAX_ROWS + 2, max_column=len(COLUMNS) + 10))
    header = next(rows, None)
    if header is None or header.number != 1:
        problems.append(f"{SHEET} sheet: row 1 must hold the column headings.")
        return []
    columns = _columns(header, problems)
    if problems:
        return []
    entries: dict[str, SchemeEntry] = {}
    positions: dict[str, list[tuple[int, int]]] = {}
    for cells in rows:
        if cells.number > MAX_ROWS + 1:
            problems.append(f"{SHEET} sheet has more than {MAX_ROWS} statuses: remove some.")
            return []
        _status_row(cells, columns, entries, positions, problems)
    for key, entry in entries.items():
        order = sorted(range(len(entry.rows)), key=lambda i: positions[key][i])
        entry.statuses = [entry.statuses[i] for i in order]
        entry.rows = [entry.rows[i] for i in order]
        if not entry.name:
            problems.append(f"{entry.place(0, 'name')}: give the scheme '{key}' a name")
    return list(entries.values())


def _columns(header: Row, problems: list[str]) -> dict[str, Cell]:
    columns: dict[str, Cell] = {}
    for cell in header:
        if cell.is_blank:
            continue
        heading = " ".join(str(cell.value).split())
        name = _FIELDS.get(heading.lower())
        if name is None:
            known = ", ".join(h for h, _, _ in COLUMNS)
            problems.append(
                f"{SHEET} sheet, row 1, column {cell.letter}: unknown heading "
                f"'{heading[:40]}'. The headings are {known}."
            )
        elif name in columns:
            problems.append(f"{SHEET} sheet, row 1, column {cell.letter}: a second {heading}")
        else:
            columns[name] = cell
    for name in ("key", "label"):
        if name not in columns:
            problems.append(f"{SHEET} sheet, row 1: there is no '{_HEADING[name]}' column")
    return columns


def _status_row(
    cells: Row,
    columns: dict[str, Cell],
    entries: dict[str, SchemeEntry],
    positions: dict[str, list[tuple[int, int]]],
    problems: list[str],
) -> None:
    texts: dict[str, str] = {}
    for name, header in columns.items():
        cell = cells[header.column - 1]
        try:
            texts[name] = written_text(cell).strip()
        except CellError as error:
            problems.append(f"{SHEET} sheet, row {cells.number}, column {cell.letter}: {error}")
            texts[name] = ""
    if not any(texts.values()):
        return
    letters = {name: header.letter for name, header in columns.items()}
    where = f"{SHEET} sheet, row {cells.number}"
    key = texts.get("key", "").lower()
    if not key:
        problems.append(f"{where}, column {letters['key']} (Scheme): give the scheme's key")
        return
    entry = entries.setdefault(key, SchemeEntry(key, "", columns=letters))
    name = " ".join(texts.get("name", "").split())
    if name and entry.name and name != entry.name:
        problems.append(
            f"{where}, column {letters['name']} (Name): '{key}' is named '{entry.name[:80]}' "
            "on an earlier row: give one name"
        )
    entry.name = entry.name or name
    position = texts.get("position", "")
    number = len(entry.rows) + 1
    if position:
        if not position.isdigit() or not 1 <= int(position) <= MAX_ROWS:
            problems.append(
                f"{where}, column {letters['position']} (Position): '{position[:20]}' is not "
                "a whole number from 1"
            )
            return
        number = int(position)
    taken = positions.setdefault(key, [])
    if any(n == number for n, _ in taken):
        problems.append(
            f"{where}, column {letters.get('position', '')} (Position): '{key}' has a second "
            f"status at position {number}"
        )
        return
    taken.append((number, cells.number))
    entry.rows.append(cells.number)
    entry.statuses.append({f: texts.get(f, "") for f in ROW_FIELDS if f in texts})


@dataclass
class SchemeChange:
    """One scheme of a preview: the entry, the scheme it gives, and whether it is
    new, changed or unchanged."""

    entry: SchemeEntry
    scheme: Scheme
    kind: str


@dataclass
class SchemesPreview:
    """What the sheet would change; `seen` is each scheme's version when read
    (None: it did not exist), compared again on load."""

    changes: list[SchemeChange]
    seen: dict[str, int | None]

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def has_changes(self) -> bool:
        return any(c.kind != "unchanged" for c in self.changes)

    def available(self) -> dict[str, Scheme]:
        """The schemes indicators may name: the built-in and stored ones, with these."""
        schemes = schemes_by_key()
        schemes.update({c.scheme.key: c.scheme for c in self.changes})
        return schemes


def schemes_preview(
    entries: list[SchemeEntry], problems: list[str], *, seen: dict[str, int | None] | None = None
) -> SchemesPreview:
    """Check each scheme; problems are added to `problems`."""
    stored = {r.key: r for r in StatusScheme.objects.filter(key__in=[e.key for e in entries])}
    changes = []
    for entry in entries:
        problem = key_problem(entry.key, new=False)
        if problem is None and len(entry.statuses) > MAX_STATUSES:
            problem = (
                f"'{entry.key}' has {len(entry.statuses)} statuses: give at most {MAX_STATUSES}"
            )
        if problem:
            problems.append(f"{entry.place(0, 'key')}: {problem}")
            continue
        try:
            scheme = Scheme.build(entry.name, entry.statuses, entry.key)
        except SchemeError as error:
            message = str(error)
            labels = [s.get("label", "") for s in entry.statuses]
            place = error_place(message, labels)
            where = entry.place(*place) if place else entry.place(0, "name")
            problems.append(f"{where}: {message}")
            continue
        row = stored.get(entry.key)
        rows = [dict(r) for r in scheme.to_rows()]
        if row is None:
            kind = "new"
        elif row.name == scheme.name and row.statuses == rows:
            kind = "unchanged"
        else:
            kind = "changed"
        changes.append(SchemeChange(entry, scheme, kind))
    if seen is None:
        seen = {e.key: (stored[e.key].version if e.key in stored else None) for e in entries}
    return SchemesPreview(changes, seen)


def schemes_load(preview: SchemesPreview, *, by: AbstractBaseUser | None) -> tuple[int, int]:
    """Save the preview's schemes (inside the caller's transaction); how many were
    created and changed. `ImportRefused` if any was saved or made since the preview."""
    now = {
        r.key: r.version
        for r in StatusScheme.objects.select_for_update().filter(key__in=list(preview.seen))
    }
    changed_since = [key for key, version in preview.seen.items() if now.get(key) != version]
    if changed_since:
        raise ImportRefused(
            [
                f"Someone changed the scheme {', '.join(changed_since[:10])} since your preview, "
                "so nothing was loaded and their change is kept. Upload the file again to see "
                "what it would change now."
            ]
        )
    created = changed = 0
    for change in preview.changes:
        if change.kind == "unchanged":
            continue
        scheme = change.scheme
        scheme_save(
            key=scheme.key,
            name=scheme.name,
            statuses=scheme.to_rows(),
            version=preview.seen.get(scheme.key),
            by=by,
        )
        created += change.kind == "new"
        changed += change.kind == "changed"
    return created, changed
