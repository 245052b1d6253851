"""A plan service's quarterly update as a spreadsheet: `update_workbook`
writes a template with each open action (its reference, its delivery
shortened, last quarter's status and progress for reference, then this
quarter's status, confidence where the team asks for it, % complete, progress
and next steps, filled in with what is saved); `UpdateImport` reads a filled-in
copy on the import pipeline, each row checked with `ActionUpdateForm`, and
saves it with `plan.services.update_save` at the version the preview saw."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Any

import xlsxwriter
from django.contrib.auth.models import AbstractBaseUser

from goldenthread.domain import lifecycle
from goldenthread.domain.judgements import Scale
from goldenthread.domain.periods import Quarter
from goldenthread.exports.table import file_stem
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
from goldenthread.plan.forms import ActionUpdateForm
from goldenthread.plan.models import Action, ActionUpdate, PlanService
from goldenthread.plan.selectors import confidence_scale, progress_scale, update_of
from goldenthread.plan.services import ActionEntry, update_open, update_save
from goldenthread.submissions.services import StaleSubmission

SHEET = "Update"
HEADING_ROW = 4  # rows 1 and 2 name the service and the quarter
SHORT = 120  # a delivery is shortened to this many characters
REFERENCE_COLUMNS = (
    SheetColumn("Reference", "reference", 10),
    SheetColumn("Delivery", "delivery", 40),
    SheetColumn("Last quarter's status", "last_status", 14),
    SheetColumn("Last quarter's progress", "last_progress", 40),
)
STATUS = SheetColumn("Status", "status", 10)
CONFIDENCE = SheetColumn("Confidence", "confidence", 12)
ENTRY_COLUMNS = (
    SheetColumn("% complete", "percent_complete", 10),
    SheetColumn("Progress", "progress", 50),
    SheetColumn("Next steps", "next_steps", 50),
)


def columns_for(second: Scale | None) -> tuple[SheetColumn, ...]:
    """The sheet's columns; Confidence only where the team asks for it."""
    entered = (STATUS, CONFIDENCE) if second else (STATUS,)
    return (*REFERENCE_COLUMNS, *entered, *ENTRY_COLUMNS)


def open_actions(service: PlanService) -> list[Action]:
    return list(service.actions.filter(closed=False).order_by("reference"))


def stored_texts(row: ActionUpdate | None) -> dict[str, str] | None:
    """An action's saved update as the sheet writes it (None: none saved)."""
    if row is None:
        return None
    percent = row.percent_complete
    return {
        "status": row.status,
        "confidence": row.confidence,
        "percent_complete": "" if percent is None else str(percent),
        "progress": row.progress,
        "next_steps": row.next_steps,
    }


def _short(text: str) -> str:
    return text if len(text) <= SHORT else text[: SHORT - 1].rstrip() + "…"


def update_workbook(service: PlanService, quarter: Quarter) -> bytes:
    """The update's template for this service and quarter."""
    scale, second = progress_scale(), confidence_scale()
    actions = open_actions(service)
    this, last = update_of(service, quarter), update_of(service, quarter.previous())
    saved = {r.action_id: r for r in this.actions.all()} if this else {}
    before = {r.action_id: r for r in last.actions.all()} if last else {}
    columns = columns_for(second)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    title = f"{service.name} {quarter} plan update"
    book.set_properties({"title": title, "author": "goldenthread"})
    writer = SheetWriter(book)
    sheet = book.add_worksheet(SHEET)
    for row, (label, value) in enumerate((("Service", service.name), ("Quarter", str(quarter)))):
        sheet.write_string(row, 0, label, writer.header)
        writer.cell(sheet, row, 1, value)
    for column, spec in enumerate(columns):
        sheet.write_string(HEADING_ROW - 1, column, spec.heading, writer.header)
        sheet.set_column(column, column, spec.width)
    names = [c.name for c in columns]
    for row, action in enumerate(actions, start=HEADING_ROW):
        previous, now = before.get(action.pk), saved.get(action.pk)
        found = scale.find(previous.status) if previous and previous.status else None
        values: dict[str, Any] = {
            "reference": action.reference,
            "delivery": _short(action.delivery),
            "last_status": found.label if found else "",
            "last_progress": previous.progress if previous else "",
            **(stored_texts(now) or {}),
        }
        if now and now.percent_complete is not None:
            values["percent_complete"] = now.percent_complete
        for column, name in enumerate(names):
            writer.cell(sheet, row, column, values.get(name, ""))
    last_row = HEADING_ROW + max(len(actions), 1) + 50
    for scale_of, spec in ((scale, STATUS), (second, CONFIDENCE)):
        if scale_of is not None:
            column = names.index(spec.name)
            sheet.data_validation(
                HEADING_ROW, column, last_row, column,
                {"validate": "list", "source": scale_of.codes,
                 "error_message": f"Write one of {', '.join(scale_of.codes)}"},
            )  # fmt: skip
    percent = names.index("percent_complete")
    sheet.data_validation(
        HEADING_ROW, percent, last_row, percent,
        {"validate": "integer", "criteria": "between", "minimum": 0, "maximum": 100,
         "error_message": "Write a whole number from 0 to 100"},
    )  # fmt: skip
    sheet.freeze_panes(HEADING_ROW, 1)
    judgements = [(scale, j) for j in scale.judgements]
    judgements += [(second, j) for j in second.judgements] if second else []
    writer.sheet(
        "Judgements",
        (
            SheetColumn("Column", "column", 12),
            SheetColumn("Write", "code", 8),
            SheetColumn("Judgement", "label", 20),
            SheetColumn("Meaning", "meaning", 60),
        ),
        (
            ("Status" if s is scale else "Confidence", j.code, j.label, j.meaning)
            for s, j in judgements
        ),
    )
    book.close()
    return buffer.getvalue()


def update_filename(service: PlanService, quarter: Quarter) -> str:
    return f"{file_stem('plan-update', service.name, str(quarter))}.xlsx"


@dataclass(frozen=True)
class UpdatePage:
    """Whose update the import is for."""

    service: PlanService
    quarter: Quarter


class UpdateImport(SpreadsheetImport[RowsPreview, int]):
    """A filled-in update template for one service and quarter."""

    kind = "plan-update"
    noun = "plan update"

    def __init__(self, page: UpdatePage) -> None:
        self.page = page
        self.scale, self.second = progress_scale(), confidence_scale()
        self.columns = columns_for(self.second)

    def bound_to(self) -> tuple[dict[str, Any], str]:
        service, quarter = self.page.service, self.page.quarter
        key = {"kind": self.kind, "service": service.pk, "quarter": str(quarter)}
        return key, f"the {service.name} {quarter} update"

    def read(self, data: bytes, *, filename: str) -> RowsPreview:
        book = open_book(data, filename=filename)
        problems: list[str] = []
        try:
            if SHEET in book.sheet_names:
                self._check_heading(list(book.rows(SHEET, max_row=2, max_column=2)))
            rows = read_rows(
                book,
                sheet=SHEET,
                columns=self.columns,
                required=("reference", "status", "progress"),
                key="reference",
                max_rows=2000,
                problems=problems,
                first_row=HEADING_ROW,
            )
        finally:
            book.close()
        update = update_of(self.page.service, self.page.quarter)
        if update is not None and not lifecycle.editable(update.status):
            raise ImportRefused(
                [
                    f"This plan update is {lifecycle.State(update.status).label.lower()}: "
                    "nothing can be changed until it is sent back or reopened."
                ]
            )
        version = update.version if update else 0
        return self._check(rows, filename=filename, version=version, problems=problems)

    def _check_heading(self, head: list[Any]) -> None:
        cells = {row.number: row for row in head}
        wanted = {1: self.page.service.name, 2: str(self.page.quarter)}
        for number, value in wanted.items():
            row = cells.get(number)
            written = str(row[1].value or "").strip() if row and len(row) > 1 else ""
            if written.casefold() != value.casefold():
                raise ImportRefused(
                    [
                        f"{SHEET} sheet, row {number}, column B: this file is for "
                        f"'{written[:80] or 'nothing'}', not {value}. Download the template "
                        "on this page and fill that in."
                    ]
                )

    def _check(
        self,
        rows: list[SheetRow],
        *,
        filename: str,
        version: int,
        problems: list[str] | None = None,
    ) -> RowsPreview:
        actions = {a.reference: a for a in open_actions(self.page.service)}
        update = update_of(self.page.service, self.page.quarter)
        saved = {r.action_id: r for r in update.actions.all()} if update else {}
        entered = [c for c in self.columns if c not in REFERENCE_COLUMNS]
        problems = list(problems or [])
        items: list[Item] = []
        for row in rows:
            reference = row.texts["reference"]
            action = actions.get(reference)
            if action is None:
                problems.append(
                    f"{row.places['reference']}: {reference[:40]} is not an open action of "
                    f"{self.page.service.name}"
                )
                continue
            form = ActionUpdateForm(
                self._data(row, problems), action=action, scale=self.scale, second=self.second
            )
            if not form.is_valid():
                problems += form_problems(row, form, {c.name: c.heading for c in self.columns})
                continue
            entry = form.entry()
            after = {
                "status": entry.status,
                "confidence": entry.confidence,
                "percent_complete": (
                    "" if entry.percent_complete is None else str(entry.percent_complete)
                ),
                "progress": entry.progress,
                "next_steps": entry.next_steps,
            }
            before = stored_texts(saved.get(action.pk))
            if before is None and not any(after.values()):
                before = after  # left blank, and nothing saved: nothing to change
            kind, changes = compare(entered, before, after)
            changes = [(h, self._label(h, b), self._label(h, a)) for h, b, a in changes]
            items.append(Item(reference, kind, changes, row, entry))
        if problems:
            raise ImportRefused(problems)
        return RowsPreview(filename, items, {}, {"version": version})

    def _label(self, heading: str, code: str) -> str:
        """A judgement in words for the preview ("Green"); other texts as they are."""
        scale = {STATUS.heading: self.scale, CONFIDENCE.heading: self.second}.get(heading)
        found = scale.find(code) if scale and code else None
        return found.label if found else code

    def _data(self, row: SheetRow, problems: list[str]) -> dict[str, str]:
        """The row as the form reads it: a judgement by its code or its label (one
        not on the scale is a problem, listing the scale's codes)."""
        data = {name: row.texts.get(name, "") for name in ActionUpdateForm.base_fields}
        for name, scale in (("status", self.scale), ("confidence", self.second)):
            written = data[name]
            if scale is None or not written:
                continue
            found = scale.find(written)
            if found is None:
                problems.append(f"{row.places[name]}: {scale.refusal(written[:40])}")
            data[name] = found.code if found else ""
        data["percent_complete"] = data["percent_complete"].removesuffix("%").strip()
        return data

    def to_payload(self, preview: RowsPreview) -> dict[str, Any]:
        return {
            "filename": preview.filename,
            "rows": [asdict(i.row) for i in preview.items if i.kind != "unchanged"],
            "version": preview.extra["version"],
        }

    def from_payload(self, payload: dict[str, Any]) -> RowsPreview:
        rows = [SheetRow(**row) for row in payload["rows"]]
        return self._check(rows, filename=payload["filename"], version=int(payload["version"]))

    def save(self, preview: RowsPreview, *, by: AbstractBaseUser | None) -> int:
        if by is None:
            raise ImportRefused(["Say whose update it is (--as)."])
        entries: list[ActionEntry] = [i.form for i in preview.items if i.kind != "unchanged"]
        update = update_open(self.page.service, self.page.quarter)
        try:
            return update_save(update, entries, expected_version=preview.extra["version"], by=by)
        except StaleSubmission:
            raise ImportRefused(
                [
                    "Someone else saved this plan update since your preview: nothing was "
                    "saved. Upload the file again to see the changes against the latest update."
                ]
            ) from None
        except lifecycle.Refused as refusal:
            raise ImportRefused([str(refusal)]) from None
