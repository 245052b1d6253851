"""The register in bulk: indicators and their targets from rows of a table
(the Appendix 1 spreadsheet, or the demonstration CSV files), checked as a
whole, previewed, then saved all or nothing.

Every source turns its rows into `IndicatorEntry` and `TargetEntry` values
that say where each field came from; `register_preview` checks each indicator
with the register form's own rules (`forms.IndicatorRowForm`: the form the
performance team edits an entry with, so a spreadsheet cannot load what the
form would refuse) and each target with the domain core's parser, and works
out what would change, noting what it read of every indicator it names;
`register_load` saves a preview in one transaction, attributed in the
history, and refuses it if any of those indicators changed since. A second
load of the same rows changes nothing.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.periods import FinancialYear, PeriodError
from goldenthread.domain.schemes import Scheme
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.imports.pipeline import ImportRefused
from goldenthread.indicators.forms import IndicatorRowForm, scheme_key
from goldenthread.indicators.models import Breakdown, Indicator, Target
from goldenthread.indicators.selectors import Applicability, councils_in_use, indicator_fingerprint
from goldenthread.indicators.services import (
    ReachesApproved,
    councils_from_default,
    councils_set,
    planned,
    refuse_reaching_approved,
)
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.schemes.selectors import schemes_by_key
from goldenthread.schemes.sheet import SchemesPreview, schemes_load

# The register form's fields a row sets directly (the reference identifies the
# row; councils and the service area are named by code and by name).
SCALAR_FIELDS = tuple(
    name for name in IndicatorRowForm.Meta.fields if name not in ("reference", "organisations")
)
_HEADINGS = {
    "reference": "Reference",
    "title": "KPI",
    "unit": "Unit",
    "polarity": "Good is",
    "aggregation": "Aggregation",
    "frequency": "Frequency",
    "scheme": "Scheme",
    "organisations": "Councils",
    "directorate": "Service",
}


@dataclass
class IndicatorEntry:
    """One indicator as a table gives it. `fields` holds the text of each column
    present (a missing column leaves that field as it is); `places` says where
    each came from ("Register sheet, row 5, column K (Unit)")."""

    reference: str
    directorate: str
    service_area: str
    fields: dict[str, str]
    places: dict[str, str]
    row: str  # where the row is: "Register sheet, row 5"


@dataclass
class TargetEntry:
    """One target as a table gives it; blank text removes the target."""

    reference: str
    organisation: str  # council code
    year: str  # 2019/20
    text: str
    place: str
    source: str = "register"
    row: str = ""  # the row it is on, when a row holds an indicator and its targets


@dataclass(frozen=True)
class FieldChange:
    name: str
    before: str
    after: str


@dataclass
class IndicatorChange:
    """One indicator of a preview: the entry, the indicator it updates (None:
    it is new), the register form that checked it, and what would change."""

    entry: IndicatorEntry
    existing: Indicator | None
    form: IndicatorRowForm
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def values(self) -> dict[str, Any]:
        """Each register field the row gives, as it would be saved."""
        return {n: self.form.cleaned_data[n] for n in SCALAR_FIELDS if n in self.form.cleaned_data}

    @property
    def kind(self) -> str:
        if self.existing is None:
            return "new"
        return "changed" if self.changes else "unchanged"


@dataclass
class TargetChange:
    entry: TargetEntry
    year: int
    existing: Target | None

    @property
    def kind(self) -> str:
        if self.existing is None:
            return "new" if self.entry.text else "absent"
        if not self.entry.text:
            return "removed"
        return "unchanged" if self.existing.text == self.entry.text else "changed"


@dataclass
class RegisterPreview:
    """What loading the rows would change; `seen` is what was read of each
    indicator they name (None: it did not exist), compared again on load."""

    indicators: list[IndicatorChange]
    targets: list[TargetChange]
    new_directorates: list[str]
    new_service_areas: list[str]
    seen: dict[str, str | None]
    filename: str = ""
    schemes: SchemesPreview | None = None  # the workbook's Schemes sheet, if it has one

    def indicator_count(self, kind: str) -> int:
        return sum(1 for p in self.indicators if p.kind == kind)

    def target_count(self, kind: str) -> int:
        return sum(1 for p in self.targets if p.kind == kind)

    @property
    def has_changes(self) -> bool:
        return (
            any(p.kind != "unchanged" for p in self.indicators)
            or any(p.kind not in ("unchanged", "absent") for p in self.targets)
            or bool(self.new_directorates or self.new_service_areas)
            or (self.schemes is not None and self.schemes.has_changes)
        )


class RegisterRefused(ImportRefused):
    """The rows are refused as a whole; `problems` name each place and reason."""

    problems: list[str]


@dataclass
class Loaded:
    """How many rows a load created, changed and left as they were."""

    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def add(self, other: Loaded) -> None:
        self.created += other.created
        self.changed += other.changed
        self.unchanged += other.unchanged


# --- checking -------------------------------------------------------------------


def register_preview(
    indicators: list[IndicatorEntry],
    targets: list[TargetEntry],
    *,
    seen: dict[str, str | None] | None = None,
    filename: str = "",
    schemes: Mapping[str, Scheme] | None = None,
) -> RegisterPreview:
    """Check every entry; the preview of what saving them would change, or
    `RegisterRefused` listing every problem. `seen` (a preview's, sent back
    to be applied) is kept, not read again, so that `register_load` refuses a
    change made since that preview. `schemes` are those the rows may name (by
    key or name; default: the built-in ones and the team's)."""
    problems: list[str] = []
    schemes = schemes if schemes is not None else schemes_by_key()
    organisations = {o.code: o for o in Organisation.objects.all()}
    existing = {
        i.reference: i
        for i in Indicator.objects.filter(reference__in=[e.reference for e in indicators])
        .select_related("service_area__directorate")
        .prefetch_related("indicatororganisation_set__organisation", "breakdowns")
    }
    areas = {
        (a.directorate.name, a.name) for a in ServiceArea.objects.select_related("directorate")
    }
    directorates = set(Directorate.objects.values_list("name", flat=True))
    where: dict[str, str] = {}
    changes = []
    skipped_rows: set[str] = set()  # rows already refused: their targets are not checked
    failed: set[str] = set()  # references of indicators refused
    for entry in indicators:
        if entry.reference in where:
            problems.append(
                f"{entry.places.get('reference', entry.row)}: {entry.reference} appears twice "
                f"(also at {where[entry.reference]})"
            )
            skipped_rows.add(entry.row)
            continue
        where[entry.reference] = entry.row
        change = _indicator_change(entry, existing.get(entry.reference), problems, schemes)
        if change is not None:
            changes.append(change)
        else:
            failed.add(entry.reference)
    targets = [t for t in targets if not (t.row and t.row in skipped_rows)]
    applies = {
        c.entry.reference: {o.code for o in c.form.cleaned_data["organisations"]} for c in changes
    }
    target_changes = _target_changes(targets, applies, failed, organisations, problems)
    if problems:
        raise RegisterRefused(problems)
    new_directorates = sorted({c.entry.directorate for c in changes} - directorates)
    new_areas = sorted({(c.entry.directorate, c.entry.service_area) for c in changes} - areas)
    return RegisterPreview(
        changes,
        target_changes,
        new_directorates,
        [f"{d}: {a}" if a else d for d, a in new_areas],
        seen if seen is not None else register_seen(list(where)),
        filename,
    )


def register_seen(references: Iterable[str], *, lock: bool = False) -> dict[str, str | None]:
    """What there is now of each indicator (its fields, councils, breakdowns
    and targets), None for one that does not exist; with `lock`, the
    indicators are locked until the transaction ends."""
    query = Indicator.objects.filter(reference__in=list(references))
    if lock:
        query = query.select_for_update()
    found = {
        i.reference: i
        for i in query.prefetch_related(
            "indicatororganisation_set__organisation", "breakdowns", "targets"
        )
    }
    seen: dict[str, str | None] = {}
    for reference in references:
        indicator = found.get(reference)
        if indicator is None:
            seen[reference] = None
            continue
        targets = sorted((t.organisation_id, t.year, t.text) for t in indicator.targets.all())
        text = f"{indicator_fingerprint(indicator)} {targets!r}"
        seen[reference] = hashlib.sha256(text.encode()).hexdigest()[:32]
    return seen


def _indicator_change(
    entry: IndicatorEntry,
    existing: Indicator | None,
    problems: list[str],
    schemes: Mapping[str, Scheme],
) -> IndicatorChange | None:
    data = _form_data(entry, existing)
    if "scheme" in entry.fields:  # a scheme may be named by its key or its name
        data["scheme"] = scheme_key(str(data.get("scheme", "")), schemes)
    form = IndicatorRowForm(
        data,
        instance=copy.copy(existing) if existing is not None else None,
        schemes=schemes,
    )
    if not form.is_valid():
        for name, errors in form.errors.as_data().items():
            for error in errors:
                problems.append(_problem(entry, existing, name, error))
        return None
    change = IndicatorChange(entry, existing, form)
    if existing is not None:
        change.changes = _field_changes(change)
    return change


def _form_data(entry: IndicatorEntry, existing: Indicator | None) -> dict[str, Any]:
    """The row as the register form would receive it: a column the table
    leaves out keeps what is saved (or, for a new indicator, the register's
    default); a blank cell takes the default where the register has one; a
    choice may be written as its value or its meaning."""
    data: dict[str, Any] = {
        "reference": entry.reference,
        "directorate": entry.directorate,
        "service_area": entry.service_area,
    }
    for name in SCALAR_FIELDS:
        model_field = Indicator._meta.get_field(name)
        if name in entry.fields:
            text = entry.fields[name].strip()
            if not text and model_field.has_default():
                text = _form_text(model_field.get_default())
            data[name] = _choice_value(model_field, text)
        elif existing is not None:
            data[name] = _form_text(getattr(existing, name))
        elif model_field.has_default():
            data[name] = _form_text(model_field.get_default())
    if "organisations" in entry.fields:
        data["organisations"] = sorted(
            set(re.split(r"[\s,;]+", entry.fields["organisations"].strip())) - {""}
        )
    elif existing is not None:
        data["organisations"] = [o.code for o in councils_in_use(existing)]
    if "breakdowns" in entry.fields:
        data["breakdowns"] = entry.fields["breakdowns"]
    elif existing is not None:
        data["breakdowns"] = "; ".join(b.name for b in existing.breakdowns.all())
    return data


def _form_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _choice_value(model_field: Any, text: str) -> str:
    for value, label in model_field.choices or ():
        if text.lower() in (str(value).lower(), str(label).lower()):
            return str(value)
    return text


def _problem(entry: IndicatorEntry, existing: Indicator | None, name: str, error: Any) -> str:
    heading = _HEADINGS.get(name, name)
    message = " ".join(error.messages)
    if error.code == "required":
        if name not in entry.places and name not in ("directorate", "reference"):
            if existing is None:
                return f"{entry.row}: {entry.reference} is new, so it needs {heading}"
            return f"{entry.row}: {heading} is needed"
        message = "is empty: it is needed"
    return f"{entry.places.get(name, entry.row)}: {message}"


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _field_changes(change: IndicatorChange) -> list[FieldChange]:
    existing = change.existing
    assert existing is not None
    changes = [
        FieldChange(name, _shown(getattr(existing, name)), _shown(value))
        for name, value in change.values.items()
        if name in change.entry.fields and getattr(existing, name) != value
    ]
    area = existing.service_area
    entry = change.entry
    if (area.directorate.name, area.name) != (entry.directorate, entry.service_area):
        changes.append(
            FieldChange(
                "service_area",
                str(area),
                f"{entry.directorate}: {entry.service_area}"
                if entry.service_area
                else entry.directorate,
            )
        )
    before = {o.code for o in councils_in_use(existing)}
    after = {o.code for o in change.form.cleaned_data["organisations"]}
    if before != after:
        changes.append(
            FieldChange("organisations", " ".join(sorted(before)), " ".join(sorted(after)))
        )
    before_names = sorted(b.name for b in existing.breakdowns.all())
    if before_names != sorted(change.form.cleaned_data["breakdowns"]):
        changes.append(
            FieldChange(
                "breakdowns",
                "; ".join(before_names),
                "; ".join(sorted(change.form.cleaned_data["breakdowns"])),
            )
        )
    return changes


def _target_changes(
    targets: list[TargetEntry],
    applies: dict[str, set[str]],
    failed: set[str],
    organisations: dict[str, Organisation],
    problems: list[str],
) -> list[TargetChange]:
    """Check each target; for an indicator already refused only the text is read."""
    existing = {
        (t.indicator.reference, t.organisation.code, t.year): t
        for t in Target.objects.filter(indicator__reference__in=list(applies)).select_related(
            "indicator", "organisation"
        )
    }
    seen: dict[tuple[str, str, int], str] = {}
    changes = []
    for entry in targets:
        text = entry.text.strip()
        entry.text = text
        try:
            year = FinancialYear.parse(entry.year).start_year
        except PeriodError as error:
            problems.append(f"{entry.place}: {error}")
            continue
        unreadable = _unreadable_target(text)
        if entry.reference in failed:
            if unreadable:
                problems.append(f"{entry.place}: {unreadable}")
            continue
        if entry.reference not in applies:
            problems.append(f"{entry.place}: unknown indicator '{entry.reference}'")
            continue
        if entry.organisation not in organisations:
            problems.append(f"{entry.place}: unknown council '{entry.organisation}'")
            continue
        if text and entry.organisation not in applies[entry.reference]:
            problems.append(
                f"{entry.place}: {entry.reference} does not apply to {entry.organisation}, so it "
                "has no target there (add the council to its Councils first)"
            )
            continue
        if len(text) > Target._meta.get_field("text").max_length:
            problems.append(f"{entry.place}: the target is too long")
            continue
        if unreadable:
            problems.append(f"{entry.place}: {unreadable}")
            continue
        key = (entry.reference, entry.organisation, year)
        if key in seen:
            problems.append(
                f"{entry.place}: a second target for {key[0]} {key[1]} (first at {seen[key]})"
            )
            continue
        seen[key] = entry.place
        changes.append(TargetChange(entry, year, existing.get(key)))
    return changes


# --- the write -------------------------------------------------------------------


def register_load(*, preview: RegisterPreview, by: AbstractBaseUser | None) -> Loaded:
    """Save the preview in one transaction (inside the caller's, if any); only
    rows that differ are saved, so loading the same rows again changes nothing.
    `RegisterRefused`, saving nothing, if any indicator the rows name was
    changed (or made) since the preview read it."""
    loaded = Loaded()
    with transaction.atomic():
        _refuse_changed_since(preview.seen)
        if preview.schemes is not None:  # first: the indicators may name them
            created, changed = schemes_load(preview.schemes, by=by)
            loaded.add(Loaded(created, changed))
        directorates: dict[str, Directorate] = {}
        areas: dict[tuple[str, str], ServiceArea] = {}
        indicators: dict[str, Indicator] = {}
        organisations = {o.code: o for o in Organisation.objects.all()}
        for item in preview.indicators:
            entry = item.entry
            if entry.directorate not in directorates:
                directorates[entry.directorate], made = Directorate.objects.get_or_create(
                    name=entry.directorate
                )
                loaded.created += made
            key = (entry.directorate, entry.service_area)
            if key not in areas:
                areas[key], made = ServiceArea.objects.get_or_create(
                    directorate=directorates[entry.directorate], name=entry.service_area
                )
                loaded.created += made
            indicators[entry.reference] = _save_indicator(item, areas[key], by, loaded)
        for target in preview.targets:
            _save_target(target, indicators, organisations, by, loaded)
    return loaded


def _refuse_changed_since(seen: dict[str, str | None]) -> None:
    now = register_seen(list(seen), lock=True)
    changed = [reference for reference, was in seen.items() if now.get(reference) != was]
    if not changed:
        return
    last = (
        Indicator.history.filter(reference__in=changed)
        .exclude(history_user=None)
        .order_by("-history_date")
        .first()
    )
    who = f" (last by {last.history_user})" if last is not None else ""
    listed = ", ".join(changed[:10]) + (
        f" and {len(changed) - 10} more" if len(changed) > 10 else ""
    )
    raise RegisterRefused(
        [
            f"Someone changed {listed} in the register since your preview{who}, so nothing "
            "was loaded and their change is kept. Upload the file again to see what it "
            "would change now."
        ]
    )


def _save_indicator(
    item: IndicatorChange, area: ServiceArea, by: AbstractBaseUser | None, loaded: Loaded
) -> Indicator:
    created = item.existing is None
    changed = created or any(c.name not in ("organisations", "breakdowns") for c in item.changes)
    indicator = item.form.instance
    indicator.service_area = area
    organisations = list(item.form.cleaned_data["organisations"])
    on = councils_from_default(indicator)
    before = None
    if not created:  # locked by `_refuse_changed_since`
        before = Applicability.of(Indicator.objects.get(pk=indicator.pk))
    try:  # approved since the preview?
        refuse_reaching_approved(before, planned(indicator, organisations, on))
    except ReachesApproved as refused:
        raise RegisterRefused([f"{item.entry.row}: {refused}"]) from None
    indicator._history_user = by  # type: ignore[attr-defined]
    if changed:
        indicator.save()
    if councils_set(indicator, organisations, on):
        indicator._history_user = by  # type: ignore[attr-defined]
        indicator.save()  # the history records the links as they are now
        changed = True
    wanted: list[str] = item.form.cleaned_data["breakdowns"]
    current = {b.name: b for b in indicator.breakdowns.all()} if not created else {}
    for name in wanted:
        if name not in current:
            breakdown = Breakdown(indicator=indicator, name=name)
            breakdown._history_user = by  # type: ignore[attr-defined]
            breakdown.save()
            changed = True
    for name, breakdown in current.items():
        if name not in wanted:
            breakdown._history_user = by  # type: ignore[attr-defined]
            breakdown.delete()
            changed = True
    if created:
        loaded.created += 1
    elif changed:
        loaded.changed += 1
    else:
        loaded.unchanged += 1
    return indicator


def _save_target(
    target: TargetChange,
    indicators: dict[str, Indicator],
    organisations: dict[str, Organisation],
    by: AbstractBaseUser | None,
    loaded: Loaded,
) -> None:
    kind = target.kind
    if kind in ("unchanged", "absent"):
        loaded.unchanged += kind == "unchanged"
        return
    row = target.existing
    if kind == "removed":
        assert row is not None
        row._history_user = by  # type: ignore[attr-defined]
        row.delete()
        loaded.changed += 1
        return
    if row is None:
        row = Target(
            indicator=indicators[target.entry.reference],
            organisation=organisations[target.entry.organisation],
            year=target.year,
        )
        loaded.created += 1
    else:
        loaded.changed += 1
    row.text = target.entry.text
    row.source = target.entry.source[:300]
    row._history_user = by  # type: ignore[attr-defined]
    row.save()


def group_targets(targets: list[TargetChange]) -> dict[str, list[TargetChange]]:
    """Target changes by kind, for a preview."""
    groups: dict[str, list[TargetChange]] = defaultdict(list)
    for target in targets:
        groups[target.kind].append(target)
    return groups


def _unreadable_target(text: str) -> str | None:
    """Why a target cannot be read, or None (a blank target removes one)."""
    try:
        if text:
            parse_target(text)
    except TargetParseError as error:
        return str(error)
    return None
