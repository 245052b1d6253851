"""Importing a filled-in return template: all of it or none of it.

`read_return_workbook` reads the file (`sheet_reading`: its safety, the
signed manifest, the person's right to enter every return it holds, the layout
of every row) and checks every cell with the web form's own rules (`ReturnForm`),
and gives a `ReturnsPreview`: what will be new, changed, cleared or unchanged.
A problem anywhere refuses the whole file (`ImportRefused`), each problem
naming sheet, row, column and reason. `returns_import` applies a preview
through `services.return_save` (optimistic concurrency, history attributed to
the importer), all returns in one transaction.

`ReturnImport` puts this on the import pipeline (`goldenthread.imports`):
between preview and apply the web keeps nothing on the server, the preview's
validated cell texts and the versions it read travel back to the browser
signed, bound to the return whose page made them, and are checked again with
the same rules before anything is saved. See
docs/decisions/0006-spreadsheet-returns.md.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.exception_report import Part as CommentaryPart
from goldenthread.domain.periods import Quarter, parse_period
from goldenthread.domain.values import Unit, Value, ValueKind
from goldenthread.imports.pipeline import SpreadsheetImport
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope
from goldenthread.returns import services
from goldenthread.returns.forms import ReturnForm
from goldenthread.returns.models import (
    Commentary,
    Forecast,
    Measurement,
    MeasurementKind,
    Return,
)
from goldenthread.returns.selectors import (
    Figures,
    figures_for,
    first_day,
    forecast_value,
    parts_in_words,
    value_of,
)
from goldenthread.returns.sheet_reading import (
    Cells,
    Expected,
    ImportRefused,
    Layout,
    Problem,
    check_permission,
    read_template,
)
from goldenthread.returns.sheet_template import COMMENTARY_SHEET, RETURN_SHEET, indicators_of

__all__ = [
    "Expected",
    "ImportRefused",
    "Problem",
    "QuarterResult",
    "ReturnImport",
    "ReturnsPreview",
    "quarter_results",
    "read_return_workbook",
    "returns_import",
]

MAX_PROBLEMS = 200


@dataclass(frozen=True)
class ReturnChange:
    """One line of the preview: a figure or a piece of commentary."""

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
    changes: list[ReturnChange] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return any(c.kind != "unchanged" for c in self.changes)


@dataclass
class ReturnsPreview:
    """What importing a file would change in each return it holds."""

    organisation: Organisation
    quarter: Quarter
    parts: list[Part]
    filename: str
    sha256: str
    made: str = ""
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for p in self.parts for c in p.changes if c.kind == kind)

    def changes(self, kind: str) -> list[ReturnChange]:
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
class QuarterResult:
    """One indicator's quarter as the return will stand once the file is saved:
    its figure and status (`figures`, rated as the return page rates them) and
    the parts of commentary its status requires that the file leaves blank."""

    service_area: ServiceArea
    figures: Figures
    missing: tuple[CommentaryPart, ...]

    @property
    def missing_in_words(self) -> str:
        return parts_in_words(self.missing)


def quarter_results(preview: ReturnsPreview) -> list[QuarterResult]:
    """Each indicator of each return in the file, as it will be after the import:
    the file's figures and commentary stand in for the saved ones (nothing is
    written; the team's reporting rules say which commentary is required)."""
    results = []
    for part in preview.parts:
        form = part.form
        pending = [entry.as_measurement(preview.organisation) for entry in form.entries]
        notes = {note.indicator.id: note for note in form.commentary}
        for figures in figures_for(
            quarter=preview.quarter,
            indicators=form.indicators,
            organisations=[preview.organisation],
            with_months=False,
            pending=pending,
            pending_forecasts={entry.indicator.id: entry.value for entry in form.forecasts},
        ):
            note = notes.get(figures.indicator.id)
            given = services.commentary_fields(note) if note else None
            missing = figures.exception_rules.missing(figures.result.assessment.status, given)
            results.append(QuarterResult(part.service_area, figures, missing))
    return results


def read_return_workbook(
    data: bytes, *, filename: str, scope: Scope, expect: Expected | None = None
) -> ReturnsPreview:
    """Check a return template and everything in it; the preview of what
    importing it would change, or `ImportRefused` with every problem found."""
    reading = read_template(data, filename=filename, scope=scope, expect=expect)
    organisation, quarter, manifest = reading.organisation, reading.quarter, reading.manifest
    parts = _parts(organisation, quarter, reading.areas, reading.layout, reading.cells)
    preview = ReturnsPreview(
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
            preview.notes.append(
                f"The {part.service_area} return has been saved since this file was made"
                + (f" (last by {who})" if who else "")
                + ": check the changes below, a blank cell clears a saved figure."
            )
    return preview


# --- checking with the form's rules, and the preview --------------------------------


def _parts(
    organisation: Organisation,
    quarter: Quarter,
    areas: list[ServiceArea],
    expected: Layout,
    cells: Cells,
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


def _changes(organisation: Organisation, quarter: Quarter, part: Part) -> list[ReturnChange]:
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
        changes.append(ReturnChange(part.service_area, entry.indicator, what, before, after, kind))
    changes += _forecast_changes(organisation, quarter, part)
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
            changes.append(
                ReturnChange(part.service_area, note.indicator, label, before, after, kind)
            )
    return changes


def _forecast_changes(
    organisation: Organisation, quarter: Quarter, part: Part
) -> list[ReturnChange]:
    """The preview's lines for the year-end forecasts in the file."""
    stored = {
        f.indicator_id: f
        for f in Forecast.objects.filter(
            indicator__in=[e.indicator for e in part.form.forecasts],
            organisation=organisation,
            year=quarter.financial_year.start_year,
            quarter=quarter.number,
        )
    }
    changes = []
    for entry in part.form.forecasts:
        row = stored.get(entry.indicator.id)
        unit = Unit(entry.indicator.unit)
        before = forecast_value(row, unit)
        if before is None and entry.value is None:
            continue
        kind = (
            "unchanged"
            if not services.forecast_differs(row, entry.value)
            else "new"
            if before is None
            else "cleared"
            if entry.value is None
            else "changed"
        )
        changes.append(
            ReturnChange(
                part.service_area,
                entry.indicator,
                "Year-end forecast",
                _shown(before, unit, None, None) if before else "",
                _shown(entry.value, unit, None, None) if entry.value else "",
                kind,
            )
        )
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


def _named(expect: Expected) -> str:
    return f"the {expect.organisation.code} {expect.service_area} return for {expect.quarter.label}"


def preview_payload(preview: ReturnsPreview) -> dict[str, Any]:
    """What the browser sends back to apply the preview (signed by the caller):
    the cell texts and the version of each return they were checked against."""
    return {
        "organisation": preview.organisation.code,
        "period": preview.quarter.label,
        "filename": preview.filename,
        "sha256": preview.sha256,
        "made": preview.made,
        "parts": [
            {"service_area": p.service_area.id, "version": p.version, "data": p.data}
            for p in preview.parts
        ],
    }


def preview_from_payload(payload: dict[str, Any], *, scope: Scope) -> ReturnsPreview:
    """Rebuild a preview, checked again as on upload (permission, locks,
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
    check_permission(scope, organisation, areas, quarter)
    parts = []
    problems = []
    for area, given in zip(areas, payload["parts"], strict=True):
        indicators = indicators_of(organisation, area, quarter)
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
    return ReturnsPreview(
        organisation, quarter, parts, payload["filename"], payload["sha256"], payload["made"]
    )


# --- the write ---------------------------------------------------------------------------


def returns_import(*, preview: ReturnsPreview, by: AbstractBaseUser) -> int:
    """Save every return in the preview, or none: one transaction; each through
    `return_save`, which refuses a return saved by someone else since the
    preview. Returns with nothing to change are left alone (not even their
    version moves), so importing the same file again changes nothing."""
    changed = 0
    with transaction.atomic():
        for part in preview.parts:
            if not part.has_changes:
                continue
            return_ = part.return_ or services.return_open(
                organisation=preview.organisation,
                service_area=part.service_area,
                year=preview.quarter.financial_year.start_year,
                quarter=preview.quarter.number,
            )
            changed += services.return_save(
                return_=return_,
                expected_version=part.version,
                entries=part.form.entries,
                commentary=part.form.commentary,
                by=by,
                forecasts=part.form.forecasts,
            )
    return changed


class ReturnImport(SpreadsheetImport[ReturnsPreview, int]):
    """Data returns on the import pipeline, for one person (`scope`) and, on
    the web, the return whose page it is (`expect`): an upload must hold that
    return, and a preview is bound to it."""

    kind = "return"
    noun = "return"

    def __init__(self, *, scope: Scope, expect: Expected | None = None) -> None:
        self.scope, self.expect = scope, expect

    def read(self, data: bytes, *, filename: str) -> ReturnsPreview:
        return read_return_workbook(data, filename=filename, scope=self.scope, expect=self.expect)

    def to_payload(self, preview: ReturnsPreview) -> dict[str, Any]:
        return preview_payload(preview)

    def from_payload(self, payload: dict[str, Any]) -> ReturnsPreview:
        return preview_from_payload(payload, scope=self.scope)

    def save(self, preview: ReturnsPreview, *, by: AbstractBaseUser | None) -> int:
        assert by is not None, "a return is always imported by someone"
        try:
            return returns_import(preview=preview, by=by)
        except services.StaleReturn:
            raise ImportRefused(
                [
                    "Someone saved this return after your preview, so nothing was imported. "
                    "Upload the file again to see what it would change now."
                ]
            ) from None
        except services.ReturnError as error:
            raise ImportRefused([str(error)]) from None

    def bound_to(self) -> tuple[dict[str, Any], str]:
        if self.expect is None:
            return super().bound_to()
        key = {
            "organisation": self.expect.organisation.code,
            "service_area": self.expect.service_area.id,
            "period": self.expect.quarter.label,
        }
        return key, _named(self.expect)
