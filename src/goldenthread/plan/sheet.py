"""The Improvement Plan's actions as a spreadsheet: `plan_workbook` writes every
action a person may see (sheet "Actions", as the plan writes them: partners
"ALL" or "LBH/LBN", the target date in words, indicators by reference);
`PlanImport` reads an edited copy on the import pipeline, each row checked
with the action form (`ActionRowForm`: service, priority, partners and
indicators named by text), all of it or nothing."""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass
from typing import Any

import xlsxwriter
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from goldenthread.imports.pipeline import ImportRefused, SpreadsheetImport
from goldenthread.imports.rows import (
    Item,
    RowsPreview,
    SheetColumn,
    SheetRow,
    SheetWriter,
    compare,
    fingerprint,
    form_problems,
    open_book,
    read_rows,
    stale,
    yes_no,
)
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.forms import partners_named
from goldenthread.organisations.models import Organisation
from goldenthread.plan.forms import ActionForm
from goldenthread.plan.models import Action, PlanService, Priority
from goldenthread.plan.selectors import partners_label

SHEET = "Actions"
MAX_ROWS = 2000
COLUMNS = (
    SheetColumn("Reference", "reference", 10),
    SheetColumn("Service", "service", 24),
    SheetColumn("Priority", "priority", 24),
    SheetColumn("Partners", "partners", 10),
    SheetColumn("Delivery", "delivery", 50),
    SheetColumn("Outcome", "outcome", 40),
    SheetColumn("Target date", "target", 24),
    SheetColumn("Owner", "owner", 18),
    SheetColumn("Indicators", "indicators", 16),
    SheetColumn("Closed", "closed", 8),
)
HEADINGS = {c.name: c.heading for c in COLUMNS}
_SPLIT = re.compile(r"[\s,;/]+")


def action_texts(
    action: Action, *, partners: str | None = None, indicators: str | None = None
) -> dict[str, str]:
    """An action as the sheet writes it; `partners` and `indicators` for one not
    saved yet."""
    if indicators is None:
        indicators = " ".join(sorted(i.reference for i in action.indicators.all()))
    return {
        "reference": action.reference,
        "service": action.service.name,
        "priority": action.priority.name if action.priority else "",
        "partners": partners_label(action) if partners is None else partners,
        "delivery": action.delivery,
        "outcome": action.outcome,
        "target": action.target,
        "owner": action.owner,
        "indicators": indicators,
        "closed": yes_no(action.closed),
    }


def plan_workbook(actions: QuerySet[Action]) -> bytes:
    """These actions (a person's `visible_actions`) as an .xlsx workbook."""
    rows = actions.select_related("service", "priority").prefetch_related("partners", "indicators")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"title": "Improvement Plan actions", "author": "goldenthread"})
    writer = SheetWriter(book)
    writer.sheet(
        SHEET,
        COLUMNS,
        (
            [action_texts(a)[c.name] for c in COLUMNS]
            for a in rows.order_by("service__number", "reference")
        ),
    )
    notes = writer.sheet(
        "Notes",
        (SheetColumn("Column", "column", 14), SheetColumn("Write", "write", 70)),
        (
            ("Reference", "As the plan numbers it (IP01). A new reference adds an action."),
            ("Service", "The plan service's name, as on the plan's pages."),
            ("Priority", "The priority's name or number; blank for none."),
            ("Partners", "ALL, or the councils' codes separated by / (LBH/LBN)."),
            ("Target date", "As the plan writes it: a date, dated milestones, or words."),
            ("Indicators", "The indicators it serves, by reference, separated by spaces."),
            ("Closed", "Yes (no longer updated each quarter) or No."),
        ),
    )
    notes.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


class ActionRowForm(ActionForm):
    """The action form for a spreadsheet row: the service, priority, partners
    and indicators named by text ("Finance and Procurement", 2, "LBH/LBN",
    "EX-01 EX-02"), closed as Yes or No."""

    service = forms.CharField(max_length=200)
    priority = forms.CharField(required=False, max_length=200)
    partners = forms.CharField(max_length=200)
    indicators = forms.CharField(required=False, max_length=2000)
    closed = forms.CharField(required=False, max_length=10)

    def __init__(self, texts: dict[str, str], **kwargs: Any) -> None:
        data: dict[str, Any] = dict(texts)
        data["all_partners"] = texts.get("partners", "").strip().upper() == "ALL"
        super().__init__(data, **kwargs)

    def clean(self) -> dict[str, Any]:
        if self.has_error("partners"):  # said once: not "choose the councils" as well
            return forms.ModelForm.clean(self)
        return super().clean()

    def clean_service(self) -> PlanService:
        name = self.cleaned_data["service"].strip()
        found = PlanService.objects.filter(name__iexact=name).first()
        if found is None:
            known = ", ".join(PlanService.objects.values_list("name", flat=True)[:20])
            raise forms.ValidationError(
                f"No plan service is named '{name[:60]}'. The services: {known}"
            )
        return found

    def clean_priority(self) -> Priority | None:
        text = self.cleaned_data["priority"].strip()
        if not text:
            return None
        found = (
            Priority.objects.filter(number=int(text)).first()
            if text.isdigit() and len(text) < 5
            else Priority.objects.filter(name__iexact=text).first()
        )
        if found is None:
            raise forms.ValidationError(
                f"No priority is named '{text[:60]}': write a priority's name or number, "
                "or leave it blank"
            )
        return found

    def clean_partners(self) -> list[Organisation]:
        return partners_named(self.cleaned_data["partners"])

    def clean_indicators(self) -> list[Indicator]:
        references = [r.upper() for r in _SPLIT.split(self.cleaned_data["indicators"]) if r]
        found = {i.reference.upper(): i for i in Indicator.objects.filter(reference__in=references)}
        if len(found) < len(set(references)):  # a reference written in another case
            found = {
                i.reference.upper(): i
                for i in Indicator.objects.all()
                if i.reference.upper() in references
            }
        unknown = [r for r in references if r not in found]
        if unknown:
            raise forms.ValidationError(
                f"No indicator has the reference {', '.join(unknown[:5])[:80]}: write the "
                "register's references separated by spaces"
            )
        return [found[r] for r in dict.fromkeys(references)]

    def clean_closed(self) -> bool:
        text = self.cleaned_data["closed"].strip().lower()
        if text in ("", "no", "n", "false"):
            return False
        if text in ("yes", "y", "true"):
            return True
        raise forms.ValidationError("Write Yes or No")

    def texts(self) -> dict[str, str]:
        """The row as it will be saved, written as the sheet writes it."""
        data = self.cleaned_data
        codes = "/".join(sorted(o.code for o in data["partners"]))
        return action_texts(
            self.instance,
            partners="ALL" if data.get("all_partners") else codes,
            indicators=" ".join(sorted(i.reference for i in data["indicators"])),
        )


@dataclass(frozen=True)
class Saved:
    created: int
    changed: int


def _existing(references: list[str]) -> dict[str, Action]:
    actions = Action.objects.select_related("service", "priority").prefetch_related(
        "partners", "indicators"
    )
    return {a.reference: a for a in actions.filter(reference__in=references)}


def check_rows(
    rows: list[SheetRow],
    *,
    filename: str,
    seen: dict[str, str | None] | None = None,
    problems: list[str] | None = None,
) -> RowsPreview:
    """Each row checked with the action form and compared with the action now:
    the preview, or `ImportRefused` with every problem."""
    existing = _existing([r.texts["reference"] for r in rows])
    problems = list(problems or [])
    items: list[Item] = []
    found: dict[str, str | None] = {}
    for row in rows:
        action = existing.get(row.texts["reference"])
        before = action_texts(action) if action else None  # the form changes the instance
        form = ActionRowForm(row.texts, instance=action)
        if not form.is_valid():
            problems += form_problems(row, form, HEADINGS)
            continue
        kind, changes = compare(COLUMNS, before, form.texts())
        key = form.cleaned_data["reference"]
        found[key] = fingerprint(before) if before else None
        items.append(Item(key, kind, changes, row, form))
    if problems:
        raise ImportRefused(problems)
    return RowsPreview(filename, items, found if seen is None else seen)


class PlanImport(SpreadsheetImport[RowsPreview, Saved]):
    """The plan's actions from an edited workbook: new ones added, changed ones
    updated (matched by reference), all or nothing."""

    kind = "plan-actions"
    noun = "plan"

    def read(self, data: bytes, *, filename: str) -> RowsPreview:
        book = open_book(data, filename=filename)
        problems: list[str] = []
        try:
            columns = [c.name for c in COLUMNS]
            rows = read_rows(
                book,
                sheet=SHEET,
                columns=COLUMNS,
                required=columns[:5],
                key="reference",
                max_rows=MAX_ROWS,
                problems=problems,
            )
        finally:
            book.close()
        return check_rows(rows, filename=filename, problems=problems)

    def to_payload(self, preview: RowsPreview) -> dict[str, Any]:
        return {
            "filename": preview.filename,
            "rows": [asdict(i.row) for i in preview.items if i.kind != "unchanged"],
            "seen": preview.seen,
        }

    def from_payload(self, payload: dict[str, Any]) -> RowsPreview:
        rows = [SheetRow(**row) for row in payload["rows"]]
        return check_rows(rows, filename=payload["filename"], seen=payload["seen"])

    def save(self, preview: RowsPreview, *, by: AbstractBaseUser | None) -> Saved:
        changing = [i for i in preview.items if i.kind != "unchanged"]
        locked = {
            a.reference: a
            for a in Action.objects.select_for_update().filter(
                reference__in=[i.key for i in changing]
            )
        }
        refusals = []
        for item in changing:
            now = locked.get(item.key)
            if (fingerprint(action_texts(now)) if now else None) != preview.seen.get(item.key):
                refusals.append(stale(item.key, "action"))
        if refusals:
            raise ImportRefused(refusals)
        for item in changing:
            action = item.form.save(commit=False)
            action._history_user = by
            action.save()
            item.form.save_m2m()
        return Saved(preview.count("new"), preview.count("changed"))
