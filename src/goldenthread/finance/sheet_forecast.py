"""A period's forecast as a workbook, one service at a time: `forecast_workbook`
writes the template (the service's lines with their budget and last period's
forecast, then this period's forecast and explanation, filled in with what is
saved; everything but those two columns locked, the forecast column checked
for numbers, a note on how to write money); `ForecastImport` reads a
filled-in copy on the import pipeline, each row checked with
`ForecastLineForm`, and saves it with `finance.services.forecasts_save` at the
version the preview saw."""

from __future__ import annotations

import io
from dataclasses import asdict
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.contrib.auth.models import AbstractBaseUser

from goldenthread.domain import lifecycle
from goldenthread.domain.money import MONEY_DIGITS, MONEY_PLACES
from goldenthread.domain.spreadsheet_text import could_run_as_formula
from goldenthread.exports.table import file_stem
from goldenthread.finance.forms import ForecastLineForm, typed
from goldenthread.finance.models import Budget, BudgetLine, FinancePeriod, LineBudget
from goldenthread.finance.selectors import open_lines, period_of, period_seen
from goldenthread.finance.services import LineEntry, forecasts_save, period_open
from goldenthread.imports.pipeline import ImportRefused, SpreadsheetImport
from goldenthread.imports.rows import (
    Item,
    RowsPreview,
    SheetColumn,
    SheetRow,
    SheetWriter,
    compare,
    form_problems,
    open_book,
    read_rows,
)
from goldenthread.organisations.models import ServiceArea
from goldenthread.people.access import Scope
from goldenthread.submissions.services import StaleSubmission

SHEET = "Forecast"
HEADING_ROW = 5  # rows 1 to 3 name the shared service, the period and the service
MAX_ROWS = 2000
REFERENCE_COLUMNS = (
    SheetColumn("Code", "code", 10),
    SheetColumn("Line", "name", 36),
    SheetColumn("Shared or council", "council", 16),
    SheetColumn("Budget", "budget", 14),
    SheetColumn("Last period's forecast", "last", 14),
)
ENTRY_COLUMNS = (
    SheetColumn("Forecast", "forecast", 14),
    SheetColumn("Explanation", "explanation", 60),
)
COLUMNS = (*REFERENCE_COLUMNS, *ENTRY_COLUMNS)
MONEY_FORMAT = "#,##0.00;(#,##0.00)"
LIMIT = float(Decimal(10) ** (MONEY_DIGITS - MONEY_PLACES) - Decimal("0.01"))
MONEY_NOTE = (
    "Type the forecast outturn for the whole year in pounds: 1100000 or 1,100,000, "
    "with pence if you need them (1100000.50); a credit as -25000 or (25,000). "
    "Leave a line blank if you have no forecast for it yet."
)


def period_words(budget: Budget, number: int) -> str:
    """ "Period 5 2019/20 (August 2019)"."""
    return FinancePeriod(organisation=budget.organisation, year=budget.year, period=number).label


def forecast_filename(budget: Budget, number: int, service: ServiceArea) -> str:
    words = f"{budget.year}-P{number}"
    return f"{file_stem('forecast', budget.organisation.code, service.name, words)}.xlsx"


def _budgets(lines: list[BudgetLine], year: int) -> dict[int, Decimal]:
    return {b.line_id: b.budget for b in LineBudget.objects.filter(line__in=lines, year=year)}


def forecast_workbook(
    budget: Budget, number: int, service: ServiceArea, lines: list[BudgetLine], scope: Scope
) -> bytes:
    """The template of `service`'s `lines` for period `number` of the budget's
    year, with what is saved, and last period's forecast where `scope` sees it."""
    this = period_of(budget.organisation, budget.year, number)
    last = period_of(budget.organisation, budget.year, number - 1) if number > 1 else None
    saved = {r.line_id: r for r in this.forecasts.all()} if this else {}
    before = {}
    if last is not None and period_seen(scope, last):
        before = {r.line_id: r.forecast for r in last.forecasts.all()}
    budgets = _budgets(lines, budget.year)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties(
        {
            "title": f"{service.name} forecast, {period_words(budget, number)}",
            "author": "goldenthread",
        }
    )
    writer = SheetWriter(book)
    base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
    money = book.add_format({**base, "num_format": MONEY_FORMAT})
    entry_money = book.add_format({**base, "num_format": MONEY_FORMAT, "locked": False})
    entry_text = book.add_format({**base, "num_format": "@", "text_wrap": True, "locked": False})
    entry_quoted = book.add_format(
        {**base, "num_format": "@", "text_wrap": True, "locked": False, "quote_prefix": True}
    )
    sheet = book.add_worksheet(SHEET)
    heads = (
        ("Shared service", budget.organisation.name),
        ("Period", period_words(budget, number)),
        ("Service", service.name),
    )
    for row, (label, value) in enumerate(heads):
        sheet.write_string(row, 0, label, writer.header)
        writer.cell(sheet, row, 1, value)
    for column, spec in enumerate(COLUMNS):
        sheet.write_string(HEADING_ROW - 1, column, spec.heading, writer.header)
        unlocked = {"forecast": entry_money, "explanation": entry_text}.get(spec.name)
        sheet.set_column(column, column, spec.width, unlocked)
    forecast_column = len(REFERENCE_COLUMNS)
    sheet.write_comment(HEADING_ROW - 1, forecast_column, MONEY_NOTE, {"x_scale": 2, "y_scale": 2})
    for row, line in enumerate(lines, start=HEADING_ROW):
        now = saved.get(line.pk)
        texts = (line.code, line.name, line.council.name if line.council else "Shared")
        for column, text in enumerate(texts):
            writer.cell(sheet, row, column, text)
        for column, amount in ((3, budgets.get(line.pk)), (4, before.get(line.pk))):
            if amount is not None:
                sheet.write_number(row, column, float(amount), money)
        if now is not None:
            sheet.write_number(row, forecast_column, float(now.forecast), entry_money)
        else:
            sheet.write_blank(row, forecast_column, None, entry_money)
        explanation = now.explanation if now else ""
        quoted = could_run_as_formula(explanation)
        sheet.write_blank(row, forecast_column + 1, None, entry_text)
        if explanation:
            sheet.write_string(
                row, forecast_column + 1, explanation, entry_quoted if quoted else entry_text
            )
    last_row = HEADING_ROW + max(len(lines), 1) + 50
    sheet.data_validation(
        HEADING_ROW, forecast_column, last_row, forecast_column,
        {"validate": "decimal", "criteria": "between", "minimum": -LIMIT, "maximum": LIMIT,
         "input_title": "Forecast", "input_message": "The year's forecast outturn, in pounds",
         "error_title": "Not an amount of money",
         "error_message": "Type an amount in pounds, such as 1100000 or -25000"},
    )  # fmt: skip
    sheet.data_validation(
        HEADING_ROW, forecast_column + 1, last_row, forecast_column + 1,
        {"validate": "length", "criteria": "<=", "value": 2000,
         "error_message": "An explanation is at most 2,000 characters"},
    )  # fmt: skip
    sheet.freeze_panes(HEADING_ROW, 1)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    book.close()
    return buffer.getvalue()


class ForecastImport(SpreadsheetImport[RowsPreview, int]):
    """A filled-in forecast template for one period of a budget, by one person:
    the lines it may change are the open lines they see, of the file's service
    (the page's service, when the page is for one)."""

    kind = "finance-forecast"
    noun = "forecast"

    def __init__(
        self, scope: Scope, budget: Budget, number: int, service: ServiceArea | None = None
    ) -> None:
        self.scope, self.budget, self.number, self.service = scope, budget, number, service
        self.lines = {line.code: line for line in open_lines(scope, budget)}

    def bound_to(self) -> tuple[dict[str, Any], str]:
        key = {
            "kind": self.kind,
            "budget": self.budget.pk,
            "period": self.number,
            "service": self.service.pk if self.service else None,
        }
        return key, f"the {period_words(self.budget, self.number)} forecast"

    def services(self) -> dict[str, ServiceArea]:
        """The services of the lines this person sees, by name folded."""
        return {line.service.name.casefold(): line.service for line in self.lines.values()}

    def period(self) -> FinancePeriod | None:
        return period_of(self.budget.organisation, self.budget.year, self.number)

    def read(self, data: bytes, *, filename: str) -> RowsPreview:
        book = open_book(data, filename=filename)
        problems: list[str] = []
        try:
            service = self.service
            if SHEET in book.sheet_names:
                service = self._check_heading(list(book.rows(SHEET, max_row=3, max_column=2)))
            rows = read_rows(
                book,
                sheet=SHEET,
                columns=COLUMNS,
                required=("code", "forecast"),
                key="code",
                max_rows=MAX_ROWS,
                problems=problems,
                first_row=HEADING_ROW,
            )
        finally:
            book.close()
        assert service is not None  # the sheet is there: read_rows refuses a file without
        finance_period = self.period()
        if finance_period is not None and not lifecycle.editable(finance_period.status):
            state = lifecycle.State(finance_period.status).label.lower()
            raise ImportRefused(
                [
                    f"This forecast is {state}: nothing can be changed until it is sent back "
                    "or reopened."
                ]
            )
        version = finance_period.version if finance_period else 0
        return self._check(rows, service, filename=filename, version=version, problems=problems)

    def _check_heading(self, head: list[Any]) -> ServiceArea:
        """The file's service, once its rows 1 and 2 name this shared service and
        period; `ImportRefused` for a file for another one."""
        cells = {row.number: row for row in head}

        def written(number: int) -> str:
            row = cells.get(number)
            return str(row[1].value or "").strip() if row and len(row) > 1 else ""

        def refusal(number: int, wanted: str) -> ImportRefused:
            return ImportRefused(
                [
                    f"{SHEET} sheet, row {number}, column B: this file is for "
                    f"'{written(number)[:80] or 'nothing'}', not {wanted}. Download the template "
                    "on the forecast page and fill that in."
                ]
            )

        for number, wanted in (
            (1, self.budget.organisation.name),
            (2, period_words(self.budget, self.number)),
        ):
            if written(number).casefold() != wanted.casefold():
                raise refusal(number, wanted)
        if self.service is not None:
            if written(3).casefold() != self.service.name.casefold():
                raise refusal(3, self.service.name)
            return self.service
        service = self.services().get(written(3).casefold())
        if service is None:
            raise ImportRefused(
                [
                    f"{SHEET} sheet, row 3, column B: '{written(3)[:80] or 'nothing'}' is not a "
                    "service whose forecast you enter. Download the template on the forecast "
                    "page and fill that in."
                ]
            )
        return service

    def _check(
        self,
        rows: list[SheetRow],
        service: ServiceArea,
        *,
        filename: str,
        version: int,
        problems: list[str] | None = None,
    ) -> RowsPreview:
        finance_period = self.period()
        saved = {r.line_id: r for r in finance_period.forecasts.all()} if finance_period else {}
        problems = list(problems or [])
        items: list[Item] = []
        for row in rows:
            code = row.texts["code"]
            line = self.lines.get(code)
            if line is None:
                problems.append(
                    f"{row.places['code']}: '{code[:40]}' is not an open budget line of "
                    f"{service.name} that you enter"
                )
                continue
            if line.service_id != service.pk:
                problems.append(
                    f"{row.places['code']}: {code} is a line of {line.service.name}, not "
                    f"{service.name}: enter it in that service's template"
                )
                continue
            stored = saved.get(line.pk)
            data = {"forecast": row.texts.get("forecast", ""),
                    "explanation": row.texts.get("explanation", "")}  # fmt: skip
            form = ForecastLineForm(data, line=line, stored=stored is not None)
            if not form.is_valid():
                problems += form_problems(row, form, {c.name: c.heading for c in COLUMNS})
                continue
            entry = form.entry()
            if entry is None:
                continue  # left blank, and nothing saved: nothing to change
            before = _texts(stored.forecast, stored.explanation) if stored else None
            kind, changes = compare(
                ENTRY_COLUMNS, before, _texts(entry.forecast, entry.explanation)
            )
            items.append(Item(code, kind, changes, row, entry))
        if problems:
            raise ImportRefused(problems)
        return RowsPreview(filename, items, {}, {"version": version, "service": service.pk})

    def to_payload(self, preview: RowsPreview) -> dict[str, Any]:
        return {
            "filename": preview.filename,
            "rows": [asdict(i.row) for i in preview.items if i.kind != "unchanged"],
            "version": preview.extra["version"],
            "service": preview.extra["service"],
        }

    def from_payload(self, payload: dict[str, Any]) -> RowsPreview:
        rows = [SheetRow(**row) for row in payload["rows"]]
        service = ServiceArea.objects.get(pk=int(payload["service"]))
        return self._check(
            rows, service, filename=payload["filename"], version=int(payload["version"])
        )

    def save(self, preview: RowsPreview, *, by: AbstractBaseUser | None) -> int:
        if by is None:
            raise ImportRefused(["Say whose forecast it is (--as)."])
        entries: list[LineEntry] = [i.form for i in preview.items if i.kind != "unchanged"]
        finance_period = period_open(self.budget, self.number)
        try:
            return forecasts_save(
                finance_period, entries, expected_version=preview.extra["version"], by=by
            )
        except StaleSubmission:
            raise ImportRefused(
                [
                    "Someone else saved this forecast since your preview: nothing was saved. "
                    "Upload the file again to see the changes against the latest forecast."
                ]
            ) from None
        except lifecycle.Refused as refusal:
            raise ImportRefused([str(refusal)]) from None


def _texts(forecast: Decimal, explanation: str) -> dict[str, str]:
    """A line's forecast as the preview shows it: "1,100,000", "(25,000.50)"."""
    return {"forecast": typed(forecast), "explanation": explanation}
