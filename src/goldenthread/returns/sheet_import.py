"""Importing a filled-in return template: all of it or none of it.

`read_return_workbook` checks the file (`goldenthread.workbooks.safety`), the
signed manifest, the person's right to enter every return it holds, the layout
of every row, and then every cell with the web form's own rules (`ReturnForm`),
and gives an `ImportPlan`: what will be new, changed, cleared or unchanged. A
problem anywhere refuses the whole file (`ImportRefused`), each problem naming
sheet, row, column and reason. `returns_import` applies a plan through
`services.return_save` (optimistic concurrency, history attributed to the
importer), all returns in one transaction.

Between preview and apply the web keeps nothing on the server: the plan's
validated cell texts travel back to the browser signed (`plan_payload`), and
are checked again with the same rules before anything is saved
(`plan_from_payload`). See docs/decisions/0006-spreadsheet-returns.md.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.periods import PeriodError, Quarter, parse_period
from goldenthread.domain.values import Unit, Value, ValueKind
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope
from goldenthread.returns import services
from goldenthread.returns.forms import ReturnForm
from goldenthread.returns.models import Commentary, Measurement, MeasurementKind, Return
from goldenthread.returns.selectors import first_day, value_of
from goldenthread.returns.sheet_template import (
    BREAKDOWN,
    COMMENTARY_COLUMNS,
    COMMENTARY_PARTS,
    COMMENTARY_SHEET,
    DENOMINATOR,
    FIGURE,
    HEADER_ROW,
    NOT_APPLICABLE,
    NUMERATOR,
    PERIOD,
    REFERENCE,
    RETURN_COLUMNS,
    RETURN_SHEET,
    CommentaryRow,
    FigureRow,
    indicators_of,
    layout,
    secret,
)
from goldenthread.workbooks.cells import Cell, CellError, Row, Workbook, written_text
from goldenthread.workbooks.manifest import (
    SHEET,
    Manifest,
    ManifestError,
    RowRef,
    layout_digest,
    read_manifest,
)
from goldenthread.workbooks.safety import WorkbookRefused, inspect_xlsx

MAX_PROBLEMS = 200
MAX_MANIFEST_ROWS = 20_000
_NOT_APPLICABLE_WORDS = {"n/a", "na", "not applicable"}
_COLUMN_NAMES = {
    RETURN_SHEET: {n: h for n, (h, _) in enumerate(RETURN_COLUMNS, start=1)},
    COMMENTARY_SHEET: {n: h for n, (h, _) in enumerate(COMMENTARY_COLUMNS, start=1)},
}


@dataclass(frozen=True, order=True)
class Problem:
    """Why a file cannot be imported, and where: a sheet, row and column, or the file."""

    sheet: str = ""
    row: int = 0
    column: int = 0
    message: str = ""

    def __str__(self) -> str:
        if not self.sheet:
            return self.message
        place = f"{self.sheet} sheet"
        if self.row:
            place += f", row {self.row}"
        if self.column:
            letter = _letter(self.column)
            heading = _COLUMN_NAMES.get(self.sheet, {}).get(self.column)
            place += f", column {letter}" + (f" ({heading})" if heading else "")
        return f"{place}: {self.message}"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


class ImportRefused(Exception):
    """The file is refused as a whole; `problems` say where and why."""

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        self.problems = [p if isinstance(p, Problem) else Problem(message=p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Change:
    """One line of the preview."""

    service_area: ServiceArea
    indicator: Indicator
    what: str  # "Apr-19", "Apr-19 HAY", "Reasons"
    before: str
    after: str
    kind: str  # new, changed, cleared, unchanged

    @property
    def is_commentary(self) -> bool:
        return self.what in ("Reasons", "Difference", "Remedial actions")


@dataclass
class Part:
    """One return of the file: its service area, the version it was checked
    against, the cell texts as the web form would receive them, and the result."""

    service_area: ServiceArea
    return_: Return | None
    version: int
    data: dict[str, str]
    form: ReturnForm
    changes: list[Change] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(c.kind != "unchanged" for c in self.changes)


@dataclass
class ImportPlan:
    organisation: Organisation
    quarter: Quarter
    parts: list[Part]
    filename: str
    sha256: str
    made: str = ""
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.parts for c in p.changes if c.kind == kind)

    def changes(self, kind: str) -> list[Change]:
        return [c for p in self.parts for c in p.changes if c.kind == kind]

    @property
    def has_changes(self) -> bool:
        return any(p.has_changes for p in self.parts)

    @property
    def made_at(self) -> datetime.datetime | None:
        """When the template was made, as its manifest says."""
        try:
            return datetime.datetime.fromisoformat(self.made)
        except ValueError:
            return None

    @property
    def title(self) -> str:
        names = ", ".join(str(p.service_area) for p in self.parts)
        return f"{self.organisation.code} {names}, {self.quarter.label}"


@dataclass(frozen=True)
class Expected:
    """The return a person uploads from: the file must hold it."""

    organisation: Organisation
    service_area: ServiceArea
    quarter: Quarter


# --- reading a workbook ------------------------------------------------------------


def read_return_workbook(
    data: bytes, *, filename: str, scope: Scope, expect: Expected | None = None
) -> ImportPlan:
    """Check a return template and everything in it; the plan of what importing
    it would change, or `ImportRefused` with every problem found."""
    label = f"'{filename}'"
    try:
        inspect_xlsx(data, name=label)
        book = Workbook(data, name=label)
    except WorkbookRefused as refusal:
        raise ImportRefused([str(refusal)]) from None
    try:
        manifest = _manifest(book, label)
        organisation, quarter, areas = _identify(manifest, expect, label)
        _check_permission(scope, organisation, areas, quarter)
        expected = _check_register(manifest, organisation, quarter, areas)
        cells = _read_cells(book, expected)
    finally:
        book.close()
    parts = _parts(organisation, quarter, areas, expected, cells)
    plan = ImportPlan(
        organisation,
        quarter,
        parts,
        filename,
        hashlib.sha256(data).hexdigest(),
        manifest.made,
    )
    for part, (_, _, version) in zip(parts, manifest.service_areas, strict=True):
        if part.version != version:
            who = part.return_.updated_by if part.return_ else None
            plan.notes.append(
                f"The {part.service_area} return has been saved since this file was made"
                + (f" (last by {who})" if who else "")
                + ": check the changes below, a blank cell clears a saved figure."
            )
    return plan


def _manifest(book: Workbook, label: str) -> Manifest:
    names = book.sheet_names
    if SHEET not in names:
        raise ImportRefused(
            [
                f"{label} is not a goldenthread data return template (it has no identification "
                "sheet). Download the template from the return's page in goldenthread, fill "
                "that in, and upload it."
            ]
        )
    missing = [s for s in (RETURN_SHEET, COMMENTARY_SHEET) if s not in names]
    if missing:
        raise ImportRefused(
            [
                f"{label} has no sheet named '{name}': it was deleted or renamed. Rename it "
                "back, or download a fresh template and copy your figures into it."
                for name in missing
            ]
        )
    lines = []
    for cells in book.rows(SHEET, max_row=MAX_MANIFEST_ROWS, max_column=4):
        text = ["" if c.value is None else str(c.value) for c in cells]
        while text and not text[-1]:
            text.pop()
        lines.append(text)
    try:
        return read_manifest(lines, secret())
    except ManifestError as error:
        raise ImportRefused(
            [
                f"{label} cannot be imported: {error}. Download a fresh template from the "
                "return's page and copy your figures into it."
            ]
        ) from None


def _identify(
    manifest: Manifest, expect: Expected | None, label: str
) -> tuple[Organisation, Quarter, list[ServiceArea]]:
    organisation = Organisation.objects.filter(code=manifest.organisation).first()
    try:
        quarter = parse_period(manifest.period)
    except PeriodError:
        quarter = None
    if organisation is None or not isinstance(quarter, Quarter):
        raise ImportRefused(
            [
                f"This file is for {manifest.organisation} {manifest.period}, which is not "
                "known here."
            ]
        )
    found = {
        (a.directorate.name, a.name): a for a in ServiceArea.objects.select_related("directorate")
    }
    keys = [(d, name) for d, name, _ in manifest.service_areas]
    gone = [f"{d}: {name}" if name else d for d, name in keys if (d, name) not in found]
    if gone:
        raise ImportRefused(
            [f"{label} is for a service area that no longer exists: {', '.join(gone)}."]
        )
    areas = [found[key] for key in keys]
    if expect is not None:
        what = f"the {organisation.code} {_names(areas)} return for {quarter.label}"
        here = (
            f"the {expect.organisation.code} {expect.service_area} return for "
            f"{expect.quarter.label}"
        )
        if (
            organisation != expect.organisation
            or quarter != expect.quarter
            or expect.service_area not in areas
        ):
            problem = f"{label} is {what}, but you are importing into {here}."
            if organisation == expect.organisation and quarter != expect.quarter:
                problem = (
                    f"{label} is for {quarter.label}, not {expect.quarter.label} (the wrong "
                    f"period): it is {what}."
                )
            raise ImportRefused(
                [
                    f"{problem} Nothing was imported. Download this return's template, or "
                    "upload the file from its own return's page."
                ]
            )
    return organisation, quarter, areas


def _names(areas: list[ServiceArea]) -> str:
    return ", ".join(str(a) for a in areas)


def _check_permission(
    scope: Scope, organisation: Organisation, areas: list[ServiceArea], quarter: Quarter
) -> None:
    refused = [a for a in areas if not scope.enters_data_for(organisation.id, a.id)]
    if refused:
        raise ImportRefused(
            [
                f"You do not enter data for {organisation.code} {_names(refused)}, so the file "
                "is refused as a whole: nothing was imported."
            ]
        )
    locked = Return.objects.filter(
        organisation=organisation,
        service_area__in=areas,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    ).exclude(status__in=services.EDITABLE)
    problems = []
    for return_ in locked.select_related("service_area__directorate"):
        state = return_.get_status_display().lower()
        why = (
            "its figures are locked until a director reopens it"
            if return_.status == "approved"
            else "it cannot be changed unless it is sent back"
        )
        problems.append(
            f"The {organisation.code} {return_.service_area} return for {quarter.label} is "
            f"{state}: {why}. Nothing was imported."
        )
    if problems:
        raise ImportRefused(problems)


@dataclass
class _Layout:
    """The rows the current register asks for, as a template lays them out."""

    indicators: list[list[Indicator]]  # per service area, in the file's order
    figures: list[FigureRow]
    commentary: list[CommentaryRow]


def _check_register(
    manifest: Manifest, organisation: Organisation, quarter: Quarter, areas: list[ServiceArea]
) -> _Layout:
    """The register must still ask for exactly the rows the template has."""
    indicators = [indicators_of(organisation, area) for area in areas]
    figures, commentary = layout(indicators, quarter)
    if layout_digest([r.ref for r in figures] + [r.ref for r in commentary]) != manifest.layout:
        now = {(n, i.reference) for n, area in enumerate(indicators) for i in area}
        then = set(manifest.indicators)
        added = sorted(ref for _, ref in now - then)
        removed = sorted(ref for _, ref in then - now)
        detail = (
            "; ".join(
                part
                for part in (
                    f"it now also asks for {', '.join(added)}" if added else "",
                    f"it no longer asks for {', '.join(removed)}" if removed else "",
                )
                if part
            )
            or "the months or breakdowns some indicators are reported by have changed"
        )
        raise ImportRefused(
            [
                f"The indicator register has changed since this file was made ({detail}). "
                "Download a fresh template and copy your figures into it: nothing was imported."
            ]
        )
    return _Layout(indicators, figures, commentary)


@dataclass
class _Cells:
    """The texts read from the file, by service area and form field, with the cell
    each came from; and every problem found on the way."""

    data: dict[int, dict[str, str]]
    places: dict[tuple[int, str], tuple[str, int, int]]
    problems: list[Problem]


EXTRA_ROWS_READ = 1000


def _read_cells(book: Workbook, expected: _Layout) -> _Cells:
    cells = _Cells({n: {} for n in range(len(expected.indicators))}, {}, [])
    for sheet, columns, refs in (
        (RETURN_SHEET, RETURN_COLUMNS, [r.ref for r in expected.figures]),
        (COMMENTARY_SHEET, COMMENTARY_COLUMNS, [r.ref for r in expected.commentary]),
    ):
        last = max((r.row for r in refs), default=HEADER_ROW)
        rows = {
            row.number: row
            for row in book.rows(sheet, max_row=last + EXTRA_ROWS_READ, max_column=len(columns))
        }
        _check_header(sheet, rows.get(HEADER_ROW), columns, cells.problems)
        _check_merges(book, sheet, last, len(columns), cells.problems)
        extra = min((n for n in rows if n > last), default=None)
        if extra is not None:
            cells.problems.append(
                Problem(
                    sheet,
                    extra,
                    0,
                    "is not part of the template: figures and commentary go only in the rows "
                    "the template has (do not add rows).",
                )
            )
        if sheet == RETURN_SHEET:
            _read_figures(rows, expected.figures, cells)
        else:
            _read_commentary(rows, expected.commentary, cells)
    return cells


def _check_header(
    sheet: str,
    row: Row | None,
    columns: tuple[tuple[str, int], ...],
    problems: list[Problem],
) -> None:
    found = [str(c.value or "").strip() for c in row] if row else []
    for number, (heading, _) in enumerate(columns, start=1):
        seen = found[number - 1] if number <= len(found) else ""
        if seen != heading:
            problems.append(
                Problem(
                    sheet,
                    HEADER_ROW,
                    number,
                    f"the heading should be '{heading}' but is '{seen}': columns were moved, "
                    "added or deleted. Put them back, or use a fresh template.",
                )
            )
            return


def _check_merges(
    book: Workbook, sheet: str, last: int, columns: int, problems: list[Problem]
) -> None:
    from openpyxl.utils.cell import range_boundaries

    for merged in book.merged_ranges(sheet):
        low_col, low_row, _, high_row = range_boundaries(merged)
        if high_row > HEADER_ROW and low_row <= last + 1000 and low_col <= columns:
            problems.append(
                Problem(
                    sheet,
                    low_row,
                    0,
                    f"cells {merged} are merged: unmerge them, so that every figure and "
                    "comment has a cell of its own.",
                )
            )


def _misplaced(sheet: str, ref: RowRef, expected: str, found: str, twin: int | None) -> Problem:
    repeat = f" (it repeats row {twin})" if twin is not None else ""
    return Problem(
        sheet,
        ref.row,
        0,
        f"should hold {expected} but holds {found or 'nothing'}{repeat}: rows were moved, "
        "inserted, deleted or copied over. Put the rows back in the template's order, or "
        "copy your figures into a fresh template.",
    )


def _text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    return str(cell.value).strip()


def _read_figures(rows: dict[int, Row], expected: list[FigureRow], cells: _Cells) -> None:
    identities = {
        (r.indicator.reference, r.slot.breakdown, r.slot.label): r.ref.row for r in expected
    }
    misplaced = 0
    for placed in expected:
        ref, indicator, slot = placed.ref, placed.indicator, placed.slot
        row = rows.get(ref.row)
        found = (
            (_text(row[REFERENCE - 1]), _text(row[BREAKDOWN - 1]), _text(row[PERIOD - 1]))
            if row
            else ("", "", "")
        )
        wanted = (ref.reference, slot.breakdown, slot.label)
        if found != wanted:
            misplaced += 1
            if misplaced <= 5:
                cells.problems.append(
                    _misplaced(
                        RETURN_SHEET,
                        ref,
                        _describe(*wanted),
                        _describe(*found),
                        identities.get(found),
                    )
                )
            continue
        assert row is not None
        data = cells.data[ref.service_area]
        figure = _cell_text(row[FIGURE - 1], cells, RETURN_SHEET)
        marked = _cell_text(row[NOT_APPLICABLE - 1], cells, RETURN_SHEET)
        if marked and marked.lower() not in _NOT_APPLICABLE_WORDS:
            cells.problems.append(
                Problem(
                    RETURN_SHEET,
                    ref.row,
                    NOT_APPLICABLE,
                    f"choose n/a or leave it empty, not '{marked}'.",
                )
            )
        elif marked:
            if figure:
                cells.problems.append(
                    Problem(
                        RETURN_SHEET,
                        ref.row,
                        FIGURE,
                        f"has a figure ({figure}) and is marked not applicable: clear one of them.",
                    )
                )
            figure = "n/a"
        data[slot.key] = figure
        cells.places[(ref.service_area, slot.key)] = (RETURN_SHEET, ref.row, FIGURE)
        for column, suffix in ((NUMERATOR, "-num"), (DENOMINATOR, "-den")):
            text = _cell_text(row[column - 1], cells, RETURN_SHEET)
            if slot.ratio:
                data[f"{slot.key}{suffix}"] = text
                cells.places[(ref.service_area, f"{slot.key}{suffix}")] = (
                    RETURN_SHEET,
                    ref.row,
                    column,
                )
            elif text:
                cells.problems.append(
                    Problem(
                        RETURN_SHEET,
                        ref.row,
                        column,
                        f"{indicator.reference} is not a ratio: it takes no numerator or "
                        "denominator. Clear this cell.",
                    )
                )
    if misplaced > 5:
        cells.problems.append(
            Problem(RETURN_SHEET, 0, 0, f"{misplaced - 5} more rows are out of place.")
        )


def _describe(reference: str, breakdown: str, period: str) -> str:
    if not (reference or breakdown or period):
        return ""
    return " ".join(p for p in (reference, period, breakdown) if p)


def _cell_text(cell: Cell, cells: _Cells, sheet: str) -> str:
    try:
        return written_text(cell).strip()
    except CellError as error:
        cells.problems.append(Problem(sheet, cell.row, cell.column, f"{error}."))
        return ""


def _read_commentary(rows: dict[int, Row], expected: list[CommentaryRow], cells: _Cells) -> None:
    seen: dict[str, int] = {}
    for placed in expected:
        seen.setdefault(placed.ref.reference, placed.ref.row)
    misplaced = 0
    for placed in expected:
        ref, indicator = placed.ref, placed.indicator
        row = rows.get(ref.row)
        found = _text(row[REFERENCE - 1]) if row else ""
        if found != ref.reference:
            misplaced += 1
            if misplaced <= 5:
                cells.problems.append(
                    _misplaced(COMMENTARY_SHEET, ref, ref.reference, found, seen.get(found))
                )
            continue
        assert row is not None
        for column, part in COMMENTARY_PARTS.items():
            name = f"i{indicator.id}-{part}"
            cells.data[ref.service_area][name] = _cell_text(
                row[column - 1], cells, COMMENTARY_SHEET
            )
            cells.places[(ref.service_area, name)] = (COMMENTARY_SHEET, ref.row, column)
    if misplaced > 5:
        cells.problems.append(
            Problem(COMMENTARY_SHEET, 0, 0, f"{misplaced - 5} more rows are out of place.")
        )


# --- checking with the form's rules, and the preview --------------------------------


def _parts(
    organisation: Organisation,
    quarter: Quarter,
    areas: list[ServiceArea],
    expected: _Layout,
    cells: _Cells,
) -> list[Part]:
    problems = list(cells.problems)
    parts = []
    for index, area in enumerate(areas):
        part = _part(organisation, quarter, area, expected.indicators[index], cells.data[index])
        for name, messages in part.form.errors.items():
            sheet, row, column = cells.places.get((index, name), ("", 0, 0))
            for message in messages:
                problems.append(Problem(sheet or RETURN_SHEET, row, column, _sentence(message)))
        parts.append(part)
    if problems:
        raise ImportRefused(sorted(set(problems), key=_order)[:MAX_PROBLEMS])
    for part in parts:
        part.changes = _changes(organisation, quarter, part)
    return parts


def _order(problem: Problem) -> tuple[int, int, int, str]:
    sheets = {"": 0, RETURN_SHEET: 1, COMMENTARY_SHEET: 2}
    return (sheets.get(problem.sheet, 3), problem.row, problem.column, problem.message)


def _sentence(message: str) -> str:
    return message if message.endswith(".") else f"{message}."


def _part(
    organisation: Organisation,
    quarter: Quarter,
    area: ServiceArea,
    indicators: list[Indicator],
    data: dict[str, str],
    version: int | None = None,
) -> Part:
    return_ = Return.objects.filter(
        organisation=organisation,
        service_area=area,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    ).first()
    current = return_.version if return_ else 0
    form = ReturnForm(
        {**data, "version": str(current if version is None else version)},
        indicators=indicators,
        quarter=quarter,
    )
    form.is_valid()
    return Part(area, return_, current if version is None else version, data, form)


def _changes(organisation: Organisation, quarter: Quarter, part: Part) -> list[Change]:
    form = part.form
    year = quarter.financial_year
    stored = {
        (m.indicator_id, m.breakdown, m.start, m.months): m
        for m in Measurement.objects.filter(
            indicator__in=form.indicators,
            organisation=organisation,
            start__gte=first_day(year.first_month),
            start__lte=first_day(year.last_month),
        )
    }
    changes = []
    for entry in form.entries:
        row = stored.get((entry.indicator.id, entry.breakdown, entry.start, entry.months))
        blank = row is None or row.kind == MeasurementKind.NOT_AVAILABLE
        if blank and entry.value.kind is ValueKind.NOT_AVAILABLE:
            continue  # blank stays blank: nothing to say
        unit = Unit(entry.indicator.unit)
        before = _shown_stored(row, unit)
        after = _shown(entry.value, unit, entry.numerator, entry.denominator)
        if not services.measurement_differs(row, entry):
            kind = "unchanged"
        elif blank:
            kind = "new"  # nothing was there: a stored "not yet available" is no figure
        elif entry.value.kind is ValueKind.NOT_AVAILABLE:
            kind = "cleared"
        else:
            kind = "changed"
        what = " ".join(
            p for p in (_period_label(entry.start, entry.months, quarter), entry.breakdown) if p
        )
        changes.append(Change(part.service_area, entry.indicator, what, before, after, kind))
    notes = {
        c.indicator_id: c
        for c in Commentary.objects.filter(
            indicator__in=form.indicators,
            organisation=organisation,
            year=year.start_year,
            quarter=quarter.number,
        )
    }
    labels = (
        ("reasons", "Reasons"),
        ("difference", "Difference"),
        ("remedial_actions", "Remedial actions"),
    )
    for note in form.commentary:
        row = notes.get(note.indicator.id)
        wanted = services.commentary_fields(note)
        for name, label in labels:
            before = getattr(row, name) if row else ""
            after = wanted[name]
            if not before and not after:
                continue
            kind = (
                "unchanged"
                if before == after
                else "new"
                if not before
                else "cleared"
                if not after
                else "changed"
            )
            changes.append(Change(part.service_area, note.indicator, label, before, after, kind))
    return changes


def _period_label(start: Any, months: int, quarter: Quarter) -> str:
    for slot_months, label in (
        (1, f"{start:%b-%y}"),
        (3, quarter.label),
        (12, quarter.financial_year.label),
    ):
        if months == slot_months:
            return label
    return f"{start:%b-%y}"


def _shown_stored(row: Measurement | None, unit: Unit) -> str:
    if row is None:
        return ""
    return _shown(value_of(row, unit), unit, row.numerator, row.denominator)


def _shown(value: Value, unit: Unit, numerator: Any, denominator: Any) -> str:
    if value.kind is ValueKind.NOT_AVAILABLE:
        return ""
    if value.kind is ValueKind.NOT_APPLICABLE:
        return "n/a"
    text = str(Value(ValueKind.NUMBER, value.amount, value.unit or unit, value.decimals))
    if numerator is not None and denominator is not None:
        text += f" ({numerator.normalize():f} of {denominator.normalize():f})"
    return text


# --- between preview and apply --------------------------------------------------------


def plan_payload(plan: ImportPlan) -> dict[str, Any]:
    """What the browser sends back to apply the plan (signed by the caller)."""
    return {
        "organisation": plan.organisation.code,
        "period": plan.quarter.label,
        "filename": plan.filename,
        "sha256": plan.sha256,
        "made": plan.made,
        "parts": [
            {"service_area": p.service_area.id, "version": p.version, "data": p.data}
            for p in plan.parts
        ],
    }


def plan_from_payload(payload: dict[str, Any], *, scope: Scope) -> ImportPlan:
    """Rebuild a previewed plan, checked again as on upload (permission, locks,
    register, every value with the form's rules); the versions stay those the
    preview showed, so a return saved since then is refused on apply."""
    organisation = Organisation.objects.filter(code=payload["organisation"]).first()
    quarter = parse_period(payload["period"])
    if organisation is None or not isinstance(quarter, Quarter):
        raise ImportRefused(["This import is no longer valid: upload the file again."])
    found = ServiceArea.objects.select_related("directorate").in_bulk(
        [p["service_area"] for p in payload["parts"]]
    )
    if len(found) != len(payload["parts"]):
        raise ImportRefused(["A service area in this file no longer exists: nothing was imported."])
    areas = [found[p["service_area"]] for p in payload["parts"]]
    _check_permission(scope, organisation, areas, quarter)
    parts = []
    problems = []
    for area, given in zip(areas, payload["parts"], strict=True):
        indicators = indicators_of(organisation, area)
        part = _part(organisation, quarter, area, indicators, dict(given["data"]), given["version"])
        expected = {n for n in part.form.fields if n != "version"}
        if set(given["data"]) != expected:
            raise ImportRefused(
                [
                    "The indicator register changed since the preview: upload the file again "
                    "to see what it would change now. Nothing was imported."
                ]
            )
        problems += [str(m) for ms in part.form.errors.values() for m in ms]
        parts.append(part)
    if problems:
        raise ImportRefused(problems)
    for part in parts:
        part.changes = _changes(organisation, quarter, part)
    return ImportPlan(
        organisation, quarter, parts, payload["filename"], payload["sha256"], payload["made"]
    )


# --- the write ---------------------------------------------------------------------------


def returns_import(*, plan: ImportPlan, by: AbstractBaseUser) -> int:
    """Save every return in the plan, or none: one transaction; each through
    `return_save`, which refuses a return saved by someone else since the
    preview. Returns with nothing to change are left alone (not even their
    version moves), so importing the same file again changes nothing."""
    changed = 0
    with transaction.atomic():
        for part in plan.parts:
            if not part.has_changes:
                continue
            return_ = part.return_ or services.return_open(
                organisation=plan.organisation,
                service_area=part.service_area,
                year=plan.quarter.financial_year.start_year,
                quarter=plan.quarter.number,
            )
            changed += services.return_save(
                return_=return_,
                expected_version=part.version,
                entries=part.form.entries,
                commentary=part.form.commentary,
                by=by,
            )
    return changed
