"""The register as a spreadsheet laid out like Appendix 1 of the framework
(seed 000): Service, Service area, KPI, then each year's target per council,
then the rest of the register as further columns. `register_workbook` writes
it (XlsxWriter); `read_register_workbook` reads one back (after the same
safety checks as a data return) into the entries `bulk.register_preview` checks
with the register form's rules.

Text is written as string cells only, and text that starts like a formula (an
owner `=HYPERLINK(...)`) with Excel's quote prefix, so editing it cannot make
it one (`goldenthread.domain.spreadsheet_text`); it reads back as typed.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.contrib.auth.models import AbstractBaseUser

from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.schemes import COLOURS
from goldenthread.domain.spreadsheet_text import could_run_as_formula
from goldenthread.imports.pipeline import ImportRefused, SpreadsheetImport
from goldenthread.indicators.bulk import (
    IndicatorEntry,
    Loaded,
    RegisterPreview,
    TargetEntry,
    register_load,
    register_preview,
)
from goldenthread.indicators.models import Indicator, Target, UnitChoice
from goldenthread.indicators.selectors import councils_in_use
from goldenthread.organisations.models import Organisation
from goldenthread.schemes.sheet import (
    SchemeEntry,
    read_schemes_sheet,
    schemes_preview,
    write_schemes_sheet,
)
from goldenthread.workbooks.cells import Cell, CellError, Row, Workbook, number_text, written_text
from goldenthread.workbooks.safety import WorkbookRefused, inspect_xlsx

SHEET = "Register"
MAX_ROWS = 5000

# (heading, register field, width, other headings accepted on import)
COLUMNS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("Service", "directorate", 26, ("directorate",)),
    ("Service area", "service_area", 24, ()),
    ("KPI", "title", 50, ("indicator", "title")),
)
EXTRA_COLUMNS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("Reference", "reference", 11, ("ref",)),
    ("Definition", "definition", 40, ()),
    ("Tier", "tier", 12, ()),
    ("Unit", "unit", 8, ()),
    ("Decimals", "decimals", 9, ("decimal places",)),
    ("Good is", "polarity", 9, ("polarity",)),
    ("Aggregation", "aggregation", 12, ()),
    ("Frequency", "frequency", 11, ()),
    ("Scheme", "scheme", 16, ("rating scheme",)),
    ("Tolerance", "tolerance", 10, ()),
    ("Compared with", "comparison", 22, ("comparison",)),
    ("Councils", "organisations", 16, ("organisations",)),
    ("Owner", "owner", 16, ()),
    ("Breakdowns", "breakdowns", 20, ()),
    ("Effective from", "effective_from", 11, ("effective",)),
    ("Retired on", "retired_on", 11, ()),
    ("Source", "source", 30, ()),
    ("Rated during the year", "in_year", 14, ("in year",)),  # last: earlier letters kept
)
REQUIRED = ("reference", "directorate", "service_area", "title")
DATES = ("effective_from", "retired_on")
_TARGET = re.compile(
    r"(?P<year>\d{2,4}\s*[/-]\s*\d{2,4})\s+target\s*\(?\s*(?P<code>[A-Za-z0-9]+)\s*\)?"
)


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


_NAMES = {
    _key(alias): name
    for heading, name, _, aliases in (*COLUMNS, *EXTRA_COLUMNS)
    for alias in (heading, name, *aliases)
}


def target_heading(year: int, code: str) -> str:
    return f"{FinancialYear(year).label} target {code}"


# --- export ----------------------------------------------------------------------


def register_workbook(*, include_retired: bool = True) -> bytes:
    """The whole register and every year's targets, as an .xlsx workbook."""
    indicators = list(
        Indicator.objects.select_related("service_area__directorate")
        .prefetch_related("indicatororganisation_set__organisation", "breakdowns")
        .order_by("service_area__directorate__name", "service_area__name", "reference")
    )
    if not include_retired:
        indicators = [i for i in indicators if i.retired_on is None]
    targets = {
        (t.indicator_id, t.organisation_id, t.year): t.text
        for t in Target.objects.filter(indicator__in=indicators)
    }
    years = sorted({year for _, _, year in targets}, reverse=True)
    organisations = list(Organisation.objects.order_by("code"))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"title": "Indicator register", "author": "goldenthread"})
    base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
    header = book.add_format(
        {**base, "bold": True, "bg_color": "#1d70b8", "font_color": "#ffffff", "text_wrap": True}
    )
    text = book.add_format({**base, "num_format": "@"})
    quoted = book.add_format({**base, "num_format": "@", "quote_prefix": True})
    date = book.add_format({**base, "num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet(SHEET)
    headings: list[tuple[str, int]] = [(h, w) for h, _, w, _ in COLUMNS]
    headings += [(target_heading(y, o.code), 12) for y in years for o in organisations]
    headings += [(h, w) for h, _, w, _ in EXTRA_COLUMNS]
    for column, (heading, width) in enumerate(headings):
        sheet.write_string(0, column, heading, header)
        sheet.set_column(column, column, width)
    for row, indicator in enumerate(indicators, start=1):
        area = indicator.service_area
        cells: list[Any] = [area.directorate.name, area.name, indicator.title]
        cells += [targets.get((indicator.id, o.id, y), "") for y in years for o in organisations]
        cells += [_export_value(indicator, name) for _, name, _, _ in EXTRA_COLUMNS]
        for column, value in enumerate(cells):
            if isinstance(value, datetime.date):
                sheet.write_datetime(
                    row, column, datetime.datetime.combine(value, datetime.time()), date
                )
            elif value != "":
                shown = str(value)
                sheet.write_string(
                    row, column, shown, quoted if could_run_as_formula(shown) else text
                )
    first_extra = len(COLUMNS) + len(years) * len(organisations)
    for offset, (_, name, _, _) in enumerate(EXTRA_COLUMNS):
        model_field = Indicator._meta.get_field(name) if name != "reference" else None
        choices = getattr(model_field, "choices", None) if model_field else None
        if choices and name != "organisations":
            sheet.data_validation(
                1,
                first_extra + offset,
                max(len(indicators), 1) + 200,
                first_extra + offset,
                {"validate": "list", "source": [str(v) for v, _ in choices]},
            )
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, max(len(indicators), 1), len(headings) - 1)
    _choices_sheet(book, header, text)
    write_schemes_sheet(book, header, text, quoted)
    book.close()
    return buffer.getvalue()


def _export_value(indicator: Indicator, name: str) -> Any:
    if name == "organisations":
        return " ".join(o.code for o in councils_in_use(indicator))
    if name == "breakdowns":
        return "; ".join(b.name for b in indicator.breakdowns.all())
    value = getattr(indicator, name)
    return "" if value is None else value


def _choices_sheet(book: Any, header: Any, text: Any) -> None:
    sheet = book.add_worksheet("Choices")
    _write_texts(sheet, 0, ["Column", "Write", "Meaning"], header)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 24)
    sheet.set_column(2, 2, 60)
    row = 1
    for heading, name, _, _ in EXTRA_COLUMNS:
        if name in ("reference", "organisations", "breakdowns", "effective_from", "retired_on"):
            continue
        choices = getattr(Indicator._meta.get_field(name), "choices", None)
        if name == "unit":  # any unit: the known ones, then what is counted
            choices = [*UnitChoice.choices, ("tonnes", _COUNTED_UNIT)]
        for value, label in choices or ():
            _write_texts(sheet, row, [heading, str(value), str(label)], text)
            row += 1
    notes = (
        (
            "Councils",
            "LBH LBN",
            "The councils the indicator applies to, by code. A council added or removed "
            "takes effect from the first day of the earliest quarter with no approved return.",
        ),
        ("Breakdowns", "HAY; GLPC", "Parts it is also reported by, separated by ;"),
        (
            "YYYY/YY target CODE",
            "97.00%",
            "A target as written: 97.00%, <26 weeks, >90%, "
            "a 12-month profile (12.75%; 21.98%; ...), Reduction, TBC. Blank: no target.",
        ),
        (
            "Effective from",
            "2019-07-01",
            "The first day the indicator applies. Blank: since always. A date inside a "
            "quarter whose return is approved is refused: reopen the return first.",
        ),
        (
            "Retired on",
            "2020-04-01",
            "The first day it no longer applies. Blank while the indicator is in use.",
        ),
        (
            "Scheme",
            "rag",
            "The status scheme: rag, achieved-failed, monitor-only, or the key or name of "
            "one of the team's schemes (the Schemes sheet lists them; add one there).",
        ),
        (
            "Tolerance",
            "5%",
            "How far a target may be missed in the scheme's near-miss status (rag's amber): "
            "5%, 2pp or 0. Blank: the scheme's own.",
        ),
        (
            "Schemes sheet",
            "green-within-5",
            "One row per status, best first: the scheme's key and name, its position, label, "
            "within (5%, 2pp or 0), exceeds (for a status above the target met), colour "
            f"({', '.join(COLOURS)}) and meaning. A built-in scheme cannot be changed; "
            "a scheme left off the sheet is kept (delete it on the status schemes page).",
        ),
    )
    for note in notes:
        _write_texts(sheet, row, list(note), text)
        row += 1


_COUNTED_UNIT = (
    "Any other unit is what is counted, written as your papers write it: tonnes, visits, "
    "days per FTE, number of cases, £ per head (at most 40 characters: letters, digits, "
    "spaces and £ % / . - ( ) '). Figures are then written 15,239 tonnes or 15239."
)


def _write_texts(sheet: Any, row: int, texts: list[str], style: Any) -> None:
    """Texts as string cells from column A (`write_row` would make `=...` a formula)."""
    for column, text in enumerate(texts):
        sheet.write_string(row, column, text, style)


# --- import ----------------------------------------------------------------------


@dataclass
class RegisterRows:
    indicators: list[IndicatorEntry]
    targets: list[TargetEntry]
    schemes: list[SchemeEntry] = dataclasses.field(default_factory=list)


class RegisterSheetRefused(ImportRefused):
    """A file or layout that cannot be read as the register."""

    problems: list[str]


def read_register_workbook(data: bytes, *, filename: str) -> RegisterRows:
    """The register rows of an Appendix 1 spreadsheet, each field with its
    place; `RegisterSheetRefused` for a file or layout that cannot be read."""
    label = f"'{filename}'"
    try:
        inspect_xlsx(data, name=label)
        book = Workbook(data, name=label)
    except WorkbookRefused as refusal:
        raise RegisterSheetRefused([str(refusal)]) from None
    try:
        if SHEET not in book.sheet_names:
            raise RegisterSheetRefused(
                [
                    f"{label} has no sheet named '{SHEET}'. Export the register to see the "
                    "layout, or rename the sheet that holds it."
                ]
            )
        rows = iter(book.rows(SHEET, max_row=MAX_ROWS + 2, max_column=200))
        header = next(rows, None)
        if header is None or header.number != 1:
            raise RegisterSheetRefused([f"{SHEET} sheet: row 1 must hold the column headings."])
        columns, targets, problems = _columns(header)
        if problems:
            raise RegisterSheetRefused(problems)
        merged = book.merged_ranges(SHEET)
        if merged:
            raise RegisterSheetRefused(
                [f"{SHEET} sheet: cells {', '.join(merged[:5])} are merged: unmerge them."]
            )
        result = RegisterRows([], [], read_schemes_sheet(book, problems))
        for cells in rows:
            if cells.number > MAX_ROWS + 1:
                raise RegisterSheetRefused(
                    [f"{SHEET} sheet has more than {MAX_ROWS} indicators: split it in two."]
                )
            _row(cells, columns, targets, result, problems)
        if problems:
            raise RegisterSheetRefused(problems)
        return result
    finally:
        book.close()


def _columns(
    header: Row,
) -> tuple[dict[str, Cell], dict[int, tuple[str, str, Cell]], list[str]]:
    columns: dict[str, Cell] = {}
    targets: dict[int, tuple[str, str, Cell]] = {}
    problems: list[str] = []
    for cell in header:
        if cell.is_blank:
            continue
        heading = str(cell.value).strip()
        where = f"{SHEET} sheet, row 1, column {cell.letter}"
        name = _NAMES.get(_key(heading))
        match = _TARGET.fullmatch(heading.strip())
        if name is not None:
            if name in columns:
                problems.append(f"{where}: '{heading}' is a second {name} column")
            columns[name] = cell
        elif match is not None:
            targets[cell.column] = (match["year"].replace(" ", ""), match["code"].upper(), cell)
        else:
            known = ", ".join(h for h, _, _, _ in (*COLUMNS, *EXTRA_COLUMNS))
            problems.append(
                f"{where}: unknown heading '{heading}'. The headings are {known}, and targets "
                "as '2019/20 target LBH'."
            )
    for name in REQUIRED:
        if name not in columns:
            heading = next(h for h, n, _, _ in (*COLUMNS, *EXTRA_COLUMNS) if n == name)
            problems.append(f"{SHEET} sheet, row 1: there is no '{heading}' column; it is needed.")
    return columns, targets, problems


def _place(cell: Cell, header: Cell) -> str:
    return f"{SHEET} sheet, row {cell.row}, column {cell.letter} ({header.value})"


def _row(
    cells: Row,
    columns: dict[str, Cell],
    targets: dict[int, tuple[str, str, Cell]],
    result: RegisterRows,
    problems: list[str],
) -> None:
    texts: dict[str, str] = {}
    places: dict[str, str] = {}
    for name, header in columns.items():
        cell = cells[header.column - 1]
        places[name] = _place(cell, header)
        try:
            texts[name] = _cell_text(cell, name)
        except CellError as error:
            problems.append(f"{places[name]}: {error}")
            texts[name] = ""
    row = f"{SHEET} sheet, row {cells.number}"
    reference = texts.pop("reference", "")
    if not reference:
        problems.append(
            f"{places.get('reference', row)}: the reference is empty: every indicator needs one"
        )
        return
    result.indicators.append(
        IndicatorEntry(
            reference,
            texts.pop("directorate", ""),
            texts.pop("service_area", ""),
            texts,
            places,
            row,
        )
    )
    for column, (year, code, header) in targets.items():
        cell = cells[column - 1]
        try:
            text = _cell_text(cell, "target")
        except CellError as error:
            problems.append(f"{_place(cell, header)}: {error}")
            continue
        result.targets.append(
            TargetEntry(
                reference, code, year, text, _place(cell, header), "register spreadsheet", row
            )
        )


def _cell_text(cell: Cell, name: str) -> str:
    value = cell.value
    if name in DATES and isinstance(value, datetime.datetime | datetime.date):
        return f"{value:%Y-%m-%d}"
    if name == "decimals" and isinstance(value, float) and value.is_integer():
        return str(int(value))
    if name == "target" and isinstance(value, int | float) and not isinstance(value, bool):
        return number_text(value, cell.number_format)
    text = written_text(cell).strip()
    return _date_text(text) if name in DATES else text


class RegisterImport(SpreadsheetImport[RegisterPreview, Loaded]):
    """The register spreadsheet on the import pipeline: read here, checked
    with the register form's rules and saved by `bulk`."""

    kind = "register"
    noun = "register"
    refused_verb = "loaded"

    def read(self, data: bytes, *, filename: str) -> RegisterPreview:
        rows = read_register_workbook(data, filename=filename)
        return _preview(rows, filename=filename)

    def to_payload(self, preview: RegisterPreview) -> dict[str, Any]:
        schemes = preview.schemes
        return {
            "filename": preview.filename,
            "indicators": [dataclasses.asdict(c.entry) for c in preview.indicators],
            "targets": [dataclasses.asdict(t.entry) for t in preview.targets],
            "seen": preview.seen,
            "schemes": [dataclasses.asdict(c.entry) for c in schemes.changes] if schemes else [],
            "schemes_seen": schemes.seen if schemes else {},
        }

    def from_payload(self, payload: dict[str, Any]) -> RegisterPreview:
        rows = RegisterRows(
            [IndicatorEntry(**e) for e in payload["indicators"]],
            [TargetEntry(**t) for t in payload["targets"]],
            [SchemeEntry(**s) for s in payload.get("schemes", [])],
        )
        return _preview(
            rows,
            filename=payload["filename"],
            seen=payload["seen"],
            schemes_seen=payload.get("schemes_seen"),
        )

    def save(self, preview: RegisterPreview, *, by: AbstractBaseUser | None) -> Loaded:
        return register_load(preview=preview, by=by)


def _preview(
    rows: RegisterRows,
    *,
    filename: str,
    seen: dict[str, str | None] | None = None,
    schemes_seen: dict[str, int | None] | None = None,
) -> RegisterPreview:
    """The register rows checked, with the schemes of the Schemes sheet, which
    the rows may name: `RegisterRefused` lists every problem of both."""
    problems: list[str] = []
    schemes = schemes_preview(rows.schemes, problems, seen=schemes_seen)
    try:
        preview = register_preview(
            rows.indicators, rows.targets, seen=seen, filename=filename, schemes=schemes.available()
        )
    except ImportRefused as refused:
        raise RegisterSheetRefused([*problems, *refused.problems]) from None
    if problems:
        raise RegisterSheetRefused(problems)
    preview.schemes = schemes if rows.schemes else None
    return preview


def _date_text(text: str) -> str:
    """A date typed as text, as the form reads it (2020-03-31); other text as it is."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d %b %Y", "%d %B %Y"):
        try:
            return f"{datetime.datetime.strptime(text, pattern):%Y-%m-%d}"
        except ValueError:
            continue
    return text
