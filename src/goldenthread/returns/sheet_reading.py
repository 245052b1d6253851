"""Reading a filled-in return template, before any rule is applied: the file's
safety (`goldenthread.workbooks.safety`), the signed manifest, which council,
quarter and service areas it is for, the person's right to enter them, and
that every row is where the template put it; then each input cell as the text
a person effectively typed, with the sheet, row and column it came from.
`sheet_import` checks those texts with the return form's rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import Action
from goldenthread.domain.periods import PeriodError, Quarter, parse_period
from goldenthread.imports import pipeline
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope
from goldenthread.returns.forms import forecast_key
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import rated_on_forecast
from goldenthread.returns.sheet_template import (
    BREAKDOWN,
    COMMENTARY_COLUMNS,
    COMMENTARY_PARTS,
    COMMENTARY_SHEET,
    DENOMINATOR,
    FIGURE,
    FORECAST,
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
    return str(get_column_letter(column))


class ImportRefused(pipeline.ImportRefused):
    """The file is refused as a whole; `problems` say where and why (each a
    `Problem`, so that they sort by place)."""

    problems: list[Problem]

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        super().__init__(p if isinstance(p, Problem) else Problem(message=p) for p in problems)


@dataclass(frozen=True)
class Expected:
    """The return a person uploads from: the file must hold it."""

    organisation: Organisation
    service_area: ServiceArea
    quarter: Quarter


@dataclass
class Reading:
    """What a file holds, checked for everything but the form's rules."""

    manifest: Manifest
    organisation: Organisation
    quarter: Quarter
    areas: list[ServiceArea]
    layout: Layout
    cells: Cells


def read_template(
    data: bytes, *, filename: str, scope: Scope, expect: Expected | None = None
) -> Reading:
    """Read a return template's input cells, refusing (`ImportRefused`) a file that
    is unsafe, not a template, altered, for another return or for a return the
    person may not enter. Problems in single cells are collected in `cells`."""
    label = f"'{filename}'"
    try:
        inspect_xlsx(data, name=label)
        book = Workbook(data, name=label)
    except WorkbookRefused as refusal:
        raise ImportRefused([str(refusal)]) from None
    try:
        manifest = _manifest(book, label)
        organisation, quarter, areas = _identify(manifest, expect, label)
        check_permission(scope, organisation, areas, quarter)
        expected = _check_register(manifest, organisation, quarter, areas)
        return Reading(
            manifest, organisation, quarter, areas, expected, _read_cells(book, expected)
        )
    finally:
        book.close()


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


def check_permission(
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
    ).exclude(status__in=lifecycle.EDITABLE)
    problems = []
    for return_ in locked.select_related("service_area__directorate"):
        state = return_.state.label.lower()
        why = (
            "its figures are locked until a director reopens it"
            if lifecycle.allowed(Action.REOPEN, return_.state)
            else "it cannot be changed unless it is sent back"
        )
        problems.append(
            f"The {organisation.code} {return_.service_area} return for {quarter.label} is "
            f"{state}: {why}. Nothing was imported."
        )
    if problems:
        raise ImportRefused(problems)


@dataclass
class Layout:
    """The rows the current register asks for, as a template lays them out."""

    indicators: list[list[Indicator]]  # per service area, in the file's order
    figures: list[FigureRow]
    commentary: list[CommentaryRow]


def _check_register(
    manifest: Manifest, organisation: Organisation, quarter: Quarter, areas: list[ServiceArea]
) -> Layout:
    """The register must still ask for exactly the rows the template has."""
    indicators = [indicators_of(organisation, area, quarter) for area in areas]
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
    return Layout(indicators, figures, commentary)


@dataclass
class Cells:
    """The texts read from the file, by service area and form field, with the cell
    each came from; and every problem found on the way."""

    data: dict[int, dict[str, str]]
    places: dict[tuple[int, str], tuple[str, int, int]]
    problems: list[Problem]


EXTRA_ROWS_READ = 1000


def _read_cells(book: Workbook, expected: Layout) -> Cells:
    cells = Cells({n: {} for n in range(len(expected.indicators))}, {}, [])
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


def _read_figures(rows: dict[int, Row], expected: list[FigureRow], cells: Cells) -> None:
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
        _read_forecast(row, placed, cells)
    if misplaced > 5:
        cells.problems.append(
            Problem(RETURN_SHEET, 0, 0, f"{misplaced - 5} more rows are out of place.")
        )


def _read_forecast(row: Row, placed: FigureRow, cells: Cells) -> None:
    """The year-end forecast, read from the first row of an indicator rated on
    its forecast; a forecast anywhere else is refused (nothing would keep it)."""
    ref, indicator = placed.ref, placed.indicator
    text = _cell_text(row[FORECAST - 1], cells, RETURN_SHEET)
    if placed.forecast:
        name = forecast_key(indicator)
        cells.data[ref.service_area][name] = text
        cells.places[(ref.service_area, name)] = (RETURN_SHEET, ref.row, FORECAST)
    elif text:
        where = (
            "its first row"
            if rated_on_forecast(indicator)
            else "indicators rated on a year-end forecast"
        )
        cells.problems.append(
            Problem(
                RETURN_SHEET,
                ref.row,
                FORECAST,
                f"{indicator.reference} takes a year-end forecast only on {where}. "
                "Clear this cell.",
            )
        )


def _describe(reference: str, breakdown: str, period: str) -> str:
    if not (reference or breakdown or period):
        return ""
    return " ".join(p for p in (reference, period, breakdown) if p)


def _cell_text(cell: Cell, cells: Cells, sheet: str) -> str:
    try:
        return written_text(cell).strip()
    except CellError as error:
        cells.problems.append(Problem(sheet, cell.row, cell.column, f"{error}."))
        return ""


def _read_commentary(rows: dict[int, Row], expected: list[CommentaryRow], cells: Cells) -> None:
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
