"""The risk register as a spreadsheet: `risk_workbook` writes every risk (sheet
"Risks": every field, the scores as numbers and each score's level on the
team's matrix in a column of its own), their controls (sheet "Controls") and
further actions (sheet "Actions"); `RiskImport` reads an edited copy of the
Risks sheet on the import pipeline (`imports.rows`), each row checked with
the risk form (`RiskRowForm`: the register, service area and partners named
by text), all of it or nothing."""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from typing import Any

import xlsxwriter
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from goldenthread.domain.risk_matrix import Matrix, Score
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
)
from goldenthread.organisations.forms import partners_named
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.risks.forms import SCORES, RiskForm
from goldenthread.risks.models import Category, Control, Risk, RiskAction
from goldenthread.risks.register_services import risk_save
from goldenthread.risks.selectors import partners_label

SHEET = "Risks"
MAX_ROWS = 2000
LEVELS = tuple(SheetColumn(f"{which.title()} level", f"{which}_level", 10) for which in SCORES)
COLUMNS = (
    SheetColumn("Reference", "reference", 10),
    SheetColumn("Title", "title", 36),
    SheetColumn("Cause", "cause", 36),
    SheetColumn("Event", "event", 36),
    SheetColumn("Consequence", "consequence", 36),
    SheetColumn("Category", "category", 12),
    SheetColumn("Register", "organisation", 10),
    SheetColumn("Service area", "service_area", 30),
    SheetColumn("Partners", "partners", 10),
    SheetColumn("Owner", "owner", 18),
    *(
        SheetColumn(f"{which.title()} {part}", f"{which}_{part}", 10)
        for which in SCORES
        for part in ("likelihood", "impact")
    ),
    SheetColumn("Review date", "review_date", 12),
    SheetColumn("Status", "status", 8),
    SheetColumn("Escalation", "escalation", 18),
    SheetColumn("Source", "source", 24),
)
WRITTEN = (*COLUMNS[:16], *LEVELS, *COLUMNS[16:])  # the levels after the scores
HEADINGS = {c.name: c.heading for c in COLUMNS}


def risk_texts(risk: Risk, *, partners: str | None = None) -> dict[str, str]:
    """A risk as the sheet writes it (the scores as digits); `partners` for one
    not saved yet."""
    return {
        "reference": risk.reference,
        "title": risk.title,
        "cause": risk.cause,
        "event": risk.event,
        "consequence": risk.consequence,
        "category": risk.get_category_display(),
        "organisation": risk.organisation.code,
        "service_area": str(risk.service_area),
        "partners": partners_label(risk) if partners is None else partners,
        "owner": risk.owner,
        **{
            f"{which}_{part}": str(getattr(risk, f"{which}_{part}"))
            for which in SCORES
            for part in ("likelihood", "impact")
        },
        "review_date": risk.review_date.isoformat() if risk.review_date else "",
        "status": risk.get_status_display(),
        "escalation": risk.escalation,
        "source": risk.source,
    }


def _values(risk: Risk, matrix: Matrix) -> list[Any]:
    texts: dict[str, Any] = risk_texts(risk)
    for which in SCORES:
        score: Score = getattr(risk, which)
        for part in ("likelihood", "impact"):
            texts[f"{which}_{part}"] = getattr(score, part)
        texts[f"{which}_level"] = matrix.level(score).name if not matrix.refusal(score) else ""
    texts["review_date"] = risk.review_date
    return [texts[c.name] for c in WRITTEN]


def risk_workbook(risks: QuerySet[Risk], matrix: Matrix) -> bytes:
    """These risks, their controls and further actions, as an .xlsx workbook."""
    risks = risks.select_related("organisation", "service_area__directorate").prefetch_related(
        "partners"
    )
    listed = list(risks.order_by("reference"))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    book.set_properties({"title": "Risk register", "author": "goldenthread"})
    writer = SheetWriter(book)
    writer.sheet(SHEET, WRITTEN, (_values(r, matrix) for r in listed))
    writer.sheet(
        "Controls",
        (
            SheetColumn("Risk", "risk", 10),
            SheetColumn("Control", "description", 60),
            SheetColumn("Owner", "owner", 18),
            SheetColumn("Effectiveness", "effectiveness", 16),
        ),
        (
            (c.risk.reference, c.description, c.owner, c.get_effectiveness_display())
            for c in Control.objects.filter(risk__in=listed).select_related("risk")
        ),
    )
    writer.sheet(
        "Actions",
        (
            SheetColumn("Risk", "risk", 10),
            SheetColumn("Action", "description", 60),
            SheetColumn("Owner", "owner", 18),
            SheetColumn("Due", "due", 12),
            SheetColumn("Done", "done", 8),
            SheetColumn("Plan action", "plan_action", 12),
        ),
        (
            (
                a.risk.reference,
                a.description,
                a.owner,
                a.due,
                a.done,
                a.plan_action.reference if a.plan_action else "",
            )
            for a in RiskAction.objects.filter(risk__in=listed).select_related(
                "risk", "plan_action"
            )
        ),
    )
    words = [
        ("Likelihood", ", ".join(f"{n} {w}" for n, w in enumerate(matrix.likelihoods, 1))),
        ("Impact", ", ".join(f"{n} {w}" for n, w in enumerate(matrix.impacts, 1))),
        ("Levels", "Worked out from the scores on the matrix: they are not loaded back."),
        ("Category", ", ".join(label for _, label in Category.choices)),
        ("Register", "The code of the council whose register the risk is on (LBH)."),
        ("Service area", "As written: Directorate: Service area."),
        ("Partners", "ALL, or the councils' codes separated by / (LBH/LBN)."),
        ("Status", ", ".join(label for _, label in Risk.Status.choices)),
        ("Loaded back", "The Risks sheet only: Controls and Actions are for reading."),
    ]
    writer.sheet("Notes", (SheetColumn("Column", "c", 14), SheetColumn("Write", "w", 80)), words)
    book.close()
    return buffer.getvalue()


class RiskRowForm(RiskForm):
    """The risk form for a spreadsheet row: the register by council code, the
    service area as written (Directorate: Service area), partners as "ALL" or
    "LBH/LBN", the category and status by name, and the source."""

    organisation = forms.CharField(max_length=20)
    service_area = forms.CharField(max_length=420)
    partners = forms.CharField(max_length=200)
    category = forms.CharField(max_length=40)
    status = forms.CharField(max_length=40)

    class Meta(RiskForm.Meta):
        fields = [*RiskForm.Meta.fields, "source"]

    def __init__(self, texts: dict[str, str], *, matrix: Matrix, **kwargs: Any) -> None:
        data: dict[str, Any] = dict(texts)
        data["all_partners"] = texts.get("partners", "").strip().upper() == "ALL"
        super().__init__(data, matrix=matrix, **kwargs)
        for which in SCORES:
            for part, words in (("likelihood", matrix.likelihoods), ("impact", matrix.impacts)):
                named = ", ".join(f"{n} {word}" for n, word in enumerate(words, start=1))
                self.fields[f"{which}_{part}"].error_messages["invalid_choice"] = (
                    f"Write a {part} from 1 to {len(words)} ({named})"
                )

    def clean(self) -> dict[str, Any]:
        unknown = self.has_error("partners")
        data = super().clean()
        if unknown:  # said once: not "choose the councils" as well
            del self._errors["partners"][1:]
        return data

    def clean_organisation(self) -> Organisation:
        code = self.cleaned_data["organisation"].strip()
        found = Organisation.objects.filter(code__iexact=code).first()
        if found is None:
            raise forms.ValidationError(f"No council has the code '{code[:20]}'")
        return found

    def clean_service_area(self) -> ServiceArea:
        text = self.cleaned_data["service_area"].strip()
        areas = ServiceArea.objects.select_related("directorate")
        named = [a for a in areas if str(a).casefold() == text.casefold()]
        if not named:
            named = [a for a in areas if a.name.casefold() == text.casefold()]
        if len(named) != 1:
            raise forms.ValidationError(
                f"No single service area is '{text[:80]}': write it as Directorate: Service area"
            )
        return named[0]

    def clean_partners(self) -> list[Organisation]:
        return partners_named(self.cleaned_data["partners"])

    def clean_category(self) -> str:
        return _choice(self.cleaned_data["category"], Category.choices)

    def clean_status(self) -> str:
        return _choice(self.cleaned_data["status"], Risk.Status.choices)

    def texts(self) -> dict[str, str]:
        """The row as it will be saved, written as the sheet writes it."""
        data = self.cleaned_data
        codes = "/".join(sorted(o.code for o in data["partners"]))
        return risk_texts(self.instance, partners="ALL" if data.get("all_partners") else codes)


def _choice(text: str, choices: list[tuple[str, str]]) -> str:
    wanted = text.strip().casefold()
    for value, label in choices:
        if wanted in (value.casefold(), label.casefold()):
            return value
    raise forms.ValidationError(f"Write one of {', '.join(label for _, label in choices)}")


@dataclass(frozen=True)
class Saved:
    created: int
    changed: int


def check_rows(
    rows: list[SheetRow],
    *,
    matrix: Matrix,
    filename: str,
    seen: dict[str, str | None] | None = None,
    problems: list[str] | None = None,
) -> RowsPreview:
    """Each row checked with the risk form and compared with the risk now."""
    existing = {
        r.reference: r
        for r in Risk.objects.filter(reference__in=[row.texts["reference"] for row in rows])
        .select_related("organisation", "service_area__directorate")
        .prefetch_related("partners")
    }
    problems = list(problems or [])
    items: list[Item] = []
    found: dict[str, str | None] = {}
    for row in rows:
        risk = existing.get(row.texts["reference"])
        before = risk_texts(risk) if risk else None  # the form changes the instance
        form = RiskRowForm(row.texts, matrix=matrix, instance=risk)
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


class RiskImport(SpreadsheetImport[RowsPreview, Saved]):
    """The register's risks from an edited workbook (its Risks sheet): new ones
    added, changed ones updated (matched by reference), all or nothing."""

    kind = "risk-register"
    noun = "risk register"

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix

    def read(self, data: bytes, *, filename: str) -> RowsPreview:
        book = open_book(data, filename=filename)
        problems: list[str] = []
        try:
            rows = read_rows(
                book,
                sheet=SHEET,
                columns=WRITTEN,
                required=[c.name for c in COLUMNS[:8]] + [c.name for c in COLUMNS[10:16]],
                key="reference",
                max_rows=MAX_ROWS,
                problems=problems,
            )
        finally:
            book.close()
        return check_rows(rows, matrix=self.matrix, filename=filename, problems=problems)

    def to_payload(self, preview: RowsPreview) -> dict[str, Any]:
        return {
            "filename": preview.filename,
            "rows": [asdict(i.row) for i in preview.items if i.kind != "unchanged"],
            "seen": preview.seen,
        }

    def from_payload(self, payload: dict[str, Any]) -> RowsPreview:
        rows = [SheetRow(**row) for row in payload["rows"]]
        return check_rows(
            rows, matrix=self.matrix, filename=payload["filename"], seen=payload["seen"]
        )

    def save(self, preview: RowsPreview, *, by: AbstractBaseUser | None) -> Saved:
        changing = [i for i in preview.items if i.kind != "unchanged"]
        locked = {
            r.reference: r
            for r in Risk.objects.select_for_update().filter(
                reference__in=[i.key for i in changing]
            )
        }
        refusals = [
            stale(item.key, "risk")
            for item in changing
            if (fingerprint(risk_texts(locked[item.key])) if item.key in locked else None)
            != preview.seen.get(item.key)
        ]
        if refusals:
            raise ImportRefused(refusals)
        if by is None:
            raise ImportRefused(["Say whose import it is (--as)."])
        for item in changing:
            risk_save(item.form.save(commit=False), item.form.cleaned_data["partners"], by=by)
        return Saved(preview.count("new"), preview.count("changed"))
