"""The data return as a spreadsheet: an .xlsx template for one council, period
and service area (or a directorate's service areas), written with XlsxWriter.

One row per indicator, breakdown and month (or the quarter or year, for
indicators reported less often) on the Return sheet; one row per indicator on
the Commentary sheet. Everything but the input cells is locked (sheet
protection without a password: a guard against slips, not a security
measure); input cells carry data validation for the indicator's unit. A very
hidden sheet holds the signed manifest (`goldenthread.workbooks.manifest`) that
the importer checks before reading a figure.

Text is always written as a string cell, and text that starts like a formula
(`=1+1` typed as commentary) with Excel's quote prefix, so editing it cannot
make it one (`goldenthread.domain.spreadsheet_text`); it reads back as typed.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.conf import settings
from django.utils import timezone
from xlsxwriter.utility import xl_col_to_name

from goldenthread.domain.periods import Quarter
from goldenthread.domain.spreadsheet_text import could_run_as_formula
from goldenthread.domain.targets import Profile
from goldenthread.domain.values import Unit
from goldenthread.indicators.models import AggregationChoice, Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.returns.feeds import fed
from goldenthread.returns.forms import ReturnForm, Slot, forecast_key, typed_slots
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import (
    Figures,
    applicable_indicators,
    figures_for,
    rated_on_forecast,
)
from goldenthread.workbooks.manifest import SHEET, Manifest, RowRef, layout_digest

RETURN_SHEET = "Return"
COMMENTARY_SHEET = "Commentary"
HEADER_ROW = 6  # 1-based; data starts on the next row

# (heading, width); the first columns identify the row and are checked on import.
RETURN_COLUMNS = (
    ("Reference", 11),
    ("Indicator", 46),
    ("Service area", 22),
    ("Definition", 40),
    ("Unit", 8),
    ("Breakdown", 14),
    ("Period", 10),
    ("Target", 14),
    ("Last year", 12),
    ("Figure", 12),
    ("Not applicable", 14),
    ("Numerator", 12),
    ("Denominator", 12),
    ("Year-end forecast", 14),
)
COMMENTARY_COLUMNS = (
    ("Reference", 11),
    ("Indicator", 46),
    ("Service area", 22),
    ("Target", 14),
    ("Saved figure for the quarter", 22),
    ("Reasons", 45),
    ("Difference between target and achievement", 45),
    ("Remedial actions", 45),
)
# 1-based column numbers the importer reads.
REFERENCE, TITLE, AREA, DEFINITION, UNIT, BREAKDOWN, PERIOD, TARGET, LAST_YEAR = range(1, 10)
FIGURE, NOT_APPLICABLE, NUMERATOR, DENOMINATOR, FORECAST = 10, 11, 12, 13, 14
REASONS, DIFFERENCE, REMEDIAL_ACTIONS = 6, 7, 8
COMMENTARY_PARTS = {
    REASONS: "reasons",
    DIFFERENCE: "difference",
    REMEDIAL_ACTIONS: "remedial_actions",
}
NOT_APPLICABLE_WORD = "n/a"
COMMENTARY_LIMIT = 5000  # as the web form


def secret() -> bytes:
    """The key that signs template manifests: this installation's secret key."""
    return ("goldenthread.return-template:" + settings.SECRET_KEY).encode("utf-8")


@dataclass
class Area:
    """One service area of a template: its indicators and what is stored."""

    service_area: ServiceArea
    indicators: list[Indicator]
    version: int
    initial: dict[str, Any]
    figures: dict[int, Figures]


@dataclass(frozen=True)
class Template:
    content: bytes
    filename: str


@dataclass(frozen=True)
class FigureRow:
    ref: RowRef
    indicator: Indicator
    slot: Slot
    forecast: bool = False  # holds the indicator's year-end forecast (its first row)


@dataclass(frozen=True)
class CommentaryRow:
    ref: RowRef
    indicator: Indicator


def layout(
    indicators: list[list[Indicator]], quarter: Quarter
) -> tuple[list[FigureRow], list[CommentaryRow]]:
    """Where every row of a template goes, for each service area's indicators
    (in reference order): the template is written from this, and an import
    checks a file against it, so the two cannot drift apart."""
    figures = []
    commentary = []
    fed_ids = fed(i.id for area_indicators in indicators for i in area_indicators)
    row = HEADER_ROW + 1
    for index, area_indicators in enumerate(indicators):
        for indicator in area_indicators:
            on_forecast = rated_on_forecast(indicator)
            for number, slot in enumerate(typed_slots(indicator, quarter, fed_ids)):
                ref = RowRef(
                    RETURN_SHEET,
                    row,
                    index,
                    indicator.reference,
                    slot.breakdown,
                    f"{slot.start:%Y-%m}",
                    slot.months,
                )
                figures.append(FigureRow(ref, indicator, slot, on_forecast and number == 0))
                row += 1
    row = HEADER_ROW + 1
    for index, area_indicators in enumerate(indicators):
        for indicator in area_indicators:
            ref = RowRef(COMMENTARY_SHEET, row, index, indicator.reference)
            commentary.append(CommentaryRow(ref, indicator))
            row += 1
    return figures, commentary


def indicators_of(
    organisation: Organisation, service_area: ServiceArea, quarter: Quarter
) -> list[Indicator]:
    """The indicators a return asks for, in the order a template lists them."""
    return list(
        applicable_indicators(
            quarter, organisation=organisation, service_area_id=service_area.id
        ).order_by("reference")
    )


def template_areas(
    organisation: Organisation, service_areas: list[ServiceArea], quarter: Quarter
) -> list[ServiceArea]:
    """The service areas, of those given, that have indicators for the council."""
    return [
        area
        for area in service_areas
        if applicable_indicators(
            quarter, organisation=organisation, service_area_id=area.id
        ).exists()
    ]


def return_template(
    *, organisation: Organisation, service_areas: list[ServiceArea], quarter: Quarter
) -> Template:
    """The .xlsx data return for a council, quarter and service areas, filled
    in with whatever is already stored."""
    areas = [_area(organisation, area, quarter) for area in service_areas]
    areas = [a for a in areas if a.indicators]
    if not areas:
        raise ValueError("no indicators apply to this council and service area")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"title": _title(organisation, areas, quarter), "author": "goldenthread"})
    styles = _Styles(book)
    figures, commentary = layout([a.indicators for a in areas], quarter)
    _return_sheet(book, styles, organisation, areas, quarter, figures)
    _commentary_sheet(book, styles, organisation, areas, quarter, commentary)
    manifest = Manifest(
        organisation=organisation.code,
        period=quarter.label,
        made=timezone.now().isoformat(timespec="seconds"),
        service_areas=tuple(
            (a.service_area.directorate.name, a.service_area.name, a.version) for a in areas
        ),
        indicators=tuple(
            (index, i.reference) for index, area in enumerate(areas) for i in area.indicators
        ),
        layout=layout_digest([r.ref for r in figures] + [r.ref for r in commentary]),
    )
    hidden = book.add_worksheet(SHEET)
    for number, line in enumerate(manifest.signed_lines(secret())):
        for column, text in enumerate(line):
            if text:
                hidden.write_string(number, column, text)
    hidden.very_hidden()
    hidden.protect()
    book.close()
    return Template(buffer.getvalue(), _filename(organisation, areas, quarter))


def _area(organisation: Organisation, service_area: ServiceArea, quarter: Quarter) -> Area:
    indicators = indicators_of(organisation, service_area, quarter)
    return_ = Return.objects.filter(
        organisation=organisation,
        service_area=service_area,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    ).first()
    version = return_.version if return_ else 0
    figures = {
        f.indicator.id: f
        for f in figures_for(
            quarter=quarter, indicators=indicators, organisations=[organisation], with_months=False
        )
    }
    initial = ReturnForm.initial_for(indicators, quarter, organisation.id, version)
    return Area(service_area, indicators, version, initial, figures)


def _title(organisation: Organisation, areas: list[Area], quarter: Quarter) -> str:
    return f"{organisation.name}: {_areas_name(areas)} data return, {quarter.label}"


def _areas_name(areas: list[Area]) -> str:
    if len(areas) == 1:
        return str(areas[0].service_area)
    return f"{areas[0].service_area.directorate.name} ({len(areas)} service areas)"


def _filename(organisation: Organisation, areas: list[Area], quarter: Quarter) -> str:
    name = str(areas[0].service_area) if len(areas) == 1 else areas[0].service_area.directorate.name
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()
    year = quarter.financial_year.label.replace("/", "-")
    return f"{organisation.code}-{slug}-{year}-Q{quarter.number}.xlsx"


class _Styles:
    """Cell formats, made once per workbook and shared."""

    def __init__(self, book: Any) -> None:
        self.book = book
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.base = base
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.note = book.add_format({**base, "text_wrap": False, "italic": True})
        self.header = book.add_format(
            {
                **base,
                "bold": True,
                "bg_color": "#1d70b8",
                "font_color": "#ffffff",
                "text_wrap": True,
                "border": 1,
            }
        )
        self.locked = book.add_format(
            {**base, "bg_color": "#f3f2f1", "border": 1, "border_color": "#b1b4b6"}
        )
        locked_text = {
            **base,
            "bg_color": "#f3f2f1",
            "border": 1,
            "border_color": "#b1b4b6",
            "num_format": "@",
        }
        input_text = {**base, "locked": False, "border": 1, "text_wrap": True, "num_format": "@"}
        self.locked_text = book.add_format(locked_text)
        self.input_text = book.add_format(input_text)
        # the same, for text that starts like a formula: Excel's quote prefix
        self.locked_quoted = book.add_format({**locked_text, "quote_prefix": True})
        self.input_quoted = book.add_format({**input_text, "quote_prefix": True})
        # Whole-column formats: a cell that is never written takes its column's
        # format, so a template needs no entry for an empty cell (and an import
        # parses fewer cells).
        self.read_only_column = book.add_format({**base, "bg_color": "#f3f2f1"})
        self.figure_column = book.add_format({**base, "locked": False})
        self.text_column = book.add_format({**base, "locked": False, "num_format": "@"})
        self._numbers: dict[tuple[str, int], Any] = {}

    def write_text(self, sheet: Any, row: int, column: int, text: str, *, locked: bool) -> None:
        """A string cell (never a formula), locked or an input, quote-prefixed if
        it starts like a formula."""
        if could_run_as_formula(text):
            style = self.locked_quoted if locked else self.input_quoted
        else:
            style = self.locked_text if locked else self.input_text
        sheet.write_string(row, column, text, style)

    def number(self, unit: str, decimals: int) -> Any:
        """An input cell for a figure shown at `decimals` places."""
        key = (unit, decimals)
        if key not in self._numbers:
            places = "0" + ("." + "0" * decimals if decimals else "")
            if unit == Unit.MONEY.value:
                pattern = f'"£"#,##{places}'
            elif unit == Unit.DURATION.value:
                pattern = "@"
            else:
                pattern = places
            self._numbers[key] = self.book.add_format(
                {**self.base, "locked": False, "border": 1, "num_format": pattern}
            )
        return self._numbers[key]


def _return_sheet(
    book: Any,
    styles: _Styles,
    organisation: Organisation,
    areas: list[Area],
    quarter: Quarter,
    rows: list[FigureRow],
) -> None:
    sheet = book.add_worksheet(RETURN_SHEET)
    sheet.activate()
    sheet.write_string(0, 0, _title(organisation, areas, quarter), styles.title)
    sheet.write_string(
        1,
        0,
        "Type each figure in the Figure column, in the indicator's unit; leave it blank if "
        "it is not yet available. Choose n/a under Not applicable if the indicator does not "
        "apply. Ratio indicators need their numerator and denominator too. An indicator rated "
        "on a year-end forecast takes it under Year-end forecast, on its first row.",
        styles.note,
    )
    sheet.write_string(
        2,
        0,
        "Explain any figure off target on the Commentary sheet. Do not add, move or delete "
        "rows. Upload the file on the return's page in goldenthread: you will see every "
        "change before it is saved.",
        styles.note,
    )
    sheet.write_string(3, 0, f"Council: {organisation.code} · Period: {quarter.label}", styles.note)
    read_elsewhere = fed(i.id for area in areas for i in area.indicators)
    if read_elsewhere:  # recorded by another module: no rows here (`returns.feeds`)
        named = "; ".join(
            f"{i.reference} {i.title} ({read_elsewhere[i.id]})"
            for area in areas
            for i in area.indicators
            if i.id in read_elsewhere
        )
        styles.write_text(sheet, 4, 0, f"Not typed here: {named}", locked=True)
    for column, (heading, width) in enumerate(RETURN_COLUMNS, start=1):
        sheet.write_string(HEADER_ROW - 1, column - 1, heading, styles.header)
        style = {FIGURE: styles.figure_column, NOT_APPLICABLE: styles.text_column}.get(
            column, styles.read_only_column
        )
        sheet.set_column(column - 1, column - 1, width, style)
    first = 0
    validations = _Validations()
    for number, placed in enumerate(rows):
        area = areas[placed.ref.service_area]
        _slot_row(sheet, styles, area, placed, placed.ref.row - 1, starts=number == first)
        following = rows[number + 1].indicator if number + 1 < len(rows) else None
        if following is not placed.indicator:
            validations.add(
                placed.indicator, rows[first].ref.row - 1, placed.ref.row - 1, placed.slot.ratio
            )
            first = number + 1
    validations.write(sheet)
    last = rows[-1].ref.row - 1 if rows else HEADER_ROW
    sheet.freeze_panes(HEADER_ROW, 2)
    sheet.autofilter(HEADER_ROW - 1, 0, max(last, HEADER_ROW), len(RETURN_COLUMNS) - 1)
    _protect(sheet)


def _slot_row(
    sheet: Any, styles: _Styles, area: Area, placed: FigureRow, row: int, *, starts: bool
) -> None:
    """One figure's row. The indicator's title, service area, definition, unit,
    target and last year's figure are shown on the first row of its block (a
    profile's target on every month); its reference, breakdown and month on
    every row, for the import to check."""
    indicator, slot = placed.indicator, placed.slot
    figures = area.figures.get(indicator.id)
    unit = indicator.unit
    shown = {REFERENCE: indicator.reference, BREAKDOWN: slot.breakdown, PERIOD: slot.label}
    if starts or (figures is not None and isinstance(figures.target, Profile)):
        shown[TARGET] = _target(figures, slot)  # a profile's point changes month by month
    if starts:
        shown |= {
            TITLE: indicator.title,
            AREA: area.service_area.name or area.service_area.directorate.name,
            DEFINITION: indicator.definition,
            UNIT: unit,
            LAST_YEAR: str(figures.last_year) if figures and figures.last_year else "",
        }
    for column, text in shown.items():
        if text:
            styles.write_text(sheet, row, column - 1, text, locked=True)
    entered = str(area.initial.get(slot.key, "") or "")
    if entered == "n/a":
        sheet.write_string(row, NOT_APPLICABLE - 1, NOT_APPLICABLE_WORD, styles.input_text)
    elif entered or unit == Unit.DURATION.value:
        style = styles.number(unit, _places(entered, indicator.decimals))
        _write_figure(sheet, row, FIGURE - 1, entered, unit, style)
    if slot.ratio:
        for column, suffix in ((NUMERATOR, "-num"), (DENOMINATOR, "-den")):
            text = str(area.initial.get(f"{slot.key}{suffix}", "") or "")
            style = styles.number("number", _places(text, 0))
            _write_figure(sheet, row, column - 1, text, "number", style)
    if placed.forecast:
        text = str(area.initial.get(forecast_key(indicator), "") or "")
        style = styles.number(unit, _places(text, indicator.decimals))
        _write_figure(sheet, row, FORECAST - 1, text, unit, style)


def _places(text: str, default: int) -> int:
    """Decimal places of a stored figure as typed (97.50% has 2); `default` if blank."""
    number = text.rstrip("%").strip()
    if not number:
        return default
    return len(number.split(".", 1)[1]) if "." in number else 0


def _write_figure(sheet: Any, row: int, column: int, text: str, unit: str, style: Any) -> None:
    number = text.rstrip("%").strip()
    if not number:
        sheet.write_blank(row, column, None, style)
    elif unit == Unit.DURATION.value:
        sheet.write_string(row, column, text, style)
    else:
        sheet.write_number(row, column, float(Decimal(number)), style)


def _target(figures: Figures | None, slot: Slot) -> str:
    if figures is None:
        return ""
    target = figures.target
    if isinstance(target, Profile) and slot.months == 1:
        return str(target.threshold_at((slot.start.month - 4) % 12 + 1))
    return figures.target_text


_RANGES: dict[str, tuple[str, Any, Any, str]] = {
    # unit: (validate, minimum, maximum, error style)
    Unit.PERCENT.value: ("decimal", 0, 100, "warning"),
    Unit.DAYS.value: ("decimal", 0, None, "stop"),
    Unit.WEEKS.value: ("decimal", 0, None, "stop"),
    Unit.MONTHS.value: ("decimal", 0, None, "stop"),
    Unit.HOURS.value: ("decimal", 0, None, "stop"),
    Unit.RATING.value: ("decimal", 0, None, "stop"),
    Unit.MONEY.value: ("decimal", None, None, "stop"),
    Unit.NUMBER.value: ("decimal", None, None, "stop"),
}


def figure_rule(indicator: Indicator) -> tuple[str, Any, Any, str] | None:
    """The spreadsheet's own check on a figure cell, by unit: percentages 0-100 (a
    warning: some are legitimately outside it), durations and ratings not below 0,
    counts (summed numbers shown without decimals) whole and not below 0."""
    if indicator.unit == Unit.NUMBER.value and (
        indicator.aggregation == AggregationChoice.SUM and indicator.decimals == 0
    ):
        return ("integer", 0, None, "stop")
    return _RANGES.get(indicator.unit)


class _Validations:
    """The sheet's data validation, one rule per kind of cell with every range it
    covers (a rule per indicator would make thousands of rules for Excel and the
    importer to read)."""

    def __init__(self) -> None:
        self.ranges: dict[tuple[Any, ...], list[str]] = {}
        self.options: dict[tuple[Any, ...], dict[str, Any]] = {}

    def add(self, indicator: Indicator, first: int, last: int, ratio: bool) -> None:
        rule = figure_rule(indicator)
        if rule is not None:
            key = ("figure", indicator.unit, *rule)
            self.options.setdefault(key, _figure_options(Unit(indicator.unit), rule))
            self._range(key, FIGURE, first, FIGURE, last)
        self._range(("not applicable",), NOT_APPLICABLE, first, NOT_APPLICABLE, last)
        if ratio:
            self._range(("ratio",), NUMERATOR, first, DENOMINATOR, last)

    def _range(self, key: tuple[Any, ...], left: int, top: int, right: int, bottom: int) -> None:
        """Add a range (0-based rows, 1-based columns), joined to the last if adjacent."""
        ranges = self.ranges.setdefault(key, [])
        start = f"{xl_col_to_name(left - 1)}{top + 1}"
        end = f"{xl_col_to_name(right - 1)}{bottom + 1}"
        if ranges and ranges[-1].split(":")[1] == f"{xl_col_to_name(right - 1)}{top}":
            ranges[-1] = f"{ranges[-1].split(':')[0]}:{end}"
        else:
            ranges.append(f"{start}:{end}")

    def write(self, sheet: Any) -> None:
        options: dict[tuple[Any, ...], dict[str, Any]] = {
            ("not applicable",): {
                "validate": "list",
                "source": [NOT_APPLICABLE_WORD],
                "input_title": "Not applicable?",
                "input_message": "Choose n/a if the indicator does not apply; leave the "
                "figure blank.",
                "error_title": "Not applicable",
                "error_message": "Choose n/a from the list, or leave this cell empty.",
            },
            ("ratio",): {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "input_title": "Ratio",
                "input_message": "The figure's numerator and denominator (for example 29 and 33).",
                "error_title": "Check this number",
                "error_message": "Enter a number, 0 or more.",
            },
            **self.options,
        }
        for key, ranges in self.ranges.items():
            sheet.data_validation(
                ranges[0].split(":")[0], {**options[key], "multi_range": " ".join(ranges)}
            )


def _figure_options(unit: Unit, rule: tuple[str, Any, Any, str]) -> dict[str, Any]:
    validate, minimum, maximum, style = rule
    options: dict[str, Any] = {"validate": validate, "error_type": style}
    if minimum is not None and maximum is not None:
        options.update(criteria="between", minimum=minimum, maximum=maximum)
        words = f"between {minimum} and {maximum}"
    elif minimum is not None:
        options.update(criteria=">=", value=minimum)
        words = f"{minimum} or more"
    else:
        options.update(criteria="between", minimum=-1e15, maximum=1e15)
        words = "any number"
    kind = "a whole number" if validate == "integer" else "a number"
    options.update(
        input_title=f"A figure in {unit.value}"[:32],
        input_message=f"{kind.capitalize()}, {words}. Blank if not yet available."[:255],
        error_title="Check this figure",
        error_message=(
            f"This figure is in {unit.value}: enter {kind}, {words}, with no unit or text. "
            "Use Not applicable for n/a."
        )[:255],
    )
    return options


def _commentary_sheet(
    book: Any,
    styles: _Styles,
    organisation: Organisation,
    areas: list[Area],
    quarter: Quarter,
    rows: list[CommentaryRow],
) -> None:
    sheet = book.add_worksheet(COMMENTARY_SHEET)
    sheet.write_string(0, 0, f"Commentary: {_title(organisation, areas, quarter)}", styles.title)
    sheet.write_string(
        1,
        0,
        "For every indicator off target, explain the reasons, the difference between target "
        "and achievement, and the remedial actions. The saved figure is as it stood when "
        "this file was made.",
        styles.note,
    )
    sheet.write_string(3, 0, f"Council: {organisation.code} · Period: {quarter.label}", styles.note)
    for column, (heading, width) in enumerate(COMMENTARY_COLUMNS):
        sheet.write_string(HEADER_ROW - 1, column, heading, styles.header)
        sheet.set_column(column, column, width)
    for placed in rows:
        area = areas[placed.ref.service_area]
        indicator = placed.indicator
        row = placed.ref.row - 1
        figures = area.figures.get(indicator.id)
        saved = ""
        if figures is not None and figures.result.value.amount is not None:
            saved = f"{figures.result.value} ({figures.result.assessment.status.label})"
        shown = (
            indicator.reference,
            indicator.title,
            area.service_area.name or area.service_area.directorate.name,
            figures.target_shown if figures else "",
            saved,
        )
        for column, text in enumerate(shown):
            styles.write_text(sheet, row, column, text, locked=True)
        for column, part in COMMENTARY_PARTS.items():
            text = str(area.initial.get(f"i{indicator.id}-{part}", "") or "")
            if text:
                styles.write_text(sheet, row, column - 1, text, locked=False)
            else:
                sheet.write_blank(row, column - 1, None, styles.input_text)
    last = max(rows[-1].ref.row - 1 if rows else HEADER_ROW, HEADER_ROW)
    sheet.data_validation(
        HEADER_ROW,
        REASONS - 1,
        last,
        REMEDIAL_ACTIONS - 1,
        {
            "validate": "length",
            "criteria": "<=",
            "value": COMMENTARY_LIMIT,
            "error_title": "Too long",
            "error_message": f"Keep each part of the commentary to {COMMENTARY_LIMIT} characters.",
        },
    )
    sheet.freeze_panes(HEADER_ROW, 2)
    _protect(sheet)


def _protect(sheet: Any) -> None:
    sheet.protect(
        "",
        {
            "format_columns": True,
            "format_rows": True,
            "select_locked_cells": True,
            "select_unlocked_cells": True,
            "autofilter": True,
        },
    )
