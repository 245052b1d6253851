"""The register in bulk: indicators and their targets from rows of a table
(the Appendix 1 spreadsheet, or the demonstration CSV files), checked as a
whole, previewed, then saved all or nothing.

Every source turns its rows into `IndicatorEntry` and `TargetEntry` values
that say where each field came from; `register_plan` checks them all with one
set of rules (lengths and choices read from the models, tolerances and targets
by the domain core's parsers) and works out what would change; `register_load`
saves a plan in one transaction, attributed in the history. A second load of
the same rows changes nothing.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.periods import FinancialYear, PeriodError
from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.targets import TargetParseError, parse_target
from goldenthread.indicators.models import Breakdown, ComparisonBasis, Indicator, Target, Tier
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea

# Register fields as the tables name them, and the model field each fills.
SCALAR_FIELDS = (
    "title",
    "definition",
    "tier",
    "unit",
    "decimals",
    "polarity",
    "aggregation",
    "frequency",
    "scheme",
    "tolerance",
    "comparison",
    "owner",
    "retired_on",
    "source",
)
CHOICE_FIELDS = ("tier", "unit", "polarity", "aggregation", "frequency", "scheme", "comparison")
NEEDED_FOR_NEW = ("unit", "polarity", "aggregation", "frequency", "scheme", "organisations")
DEFAULTS = {
    "definition": "",
    "tier": Tier.OPERATIONAL,
    "decimals": 0,
    "tolerance": "5%",
    "comparison": ComparisonBasis.SAME_PERIOD_LAST_YEAR,
    "owner": "",
    "retired_on": None,
    "source": "",
}
MAX_DECIMALS = 8


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
class IndicatorPlan:
    entry: IndicatorEntry
    existing: Indicator | None
    values: dict[str, Any]  # model field -> value to store
    organisations: set[str] | None  # codes, None: leave as they are
    breakdowns: list[str] | None
    changes: list[FieldChange] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.existing is None:
            return "new"
        return "changed" if self.changes else "unchanged"


@dataclass
class TargetPlan:
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
class RegisterPlan:
    indicators: list[IndicatorPlan]
    targets: list[TargetPlan]
    new_directorates: list[str]
    new_service_areas: list[str]

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
        )


class RegisterRefused(Exception):
    """The rows are refused as a whole; `problems` name each place and reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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


def register_plan(indicators: list[IndicatorEntry], targets: list[TargetEntry]) -> RegisterPlan:
    """Check every entry; the plan of what saving them would change, or
    `RegisterRefused` listing every problem."""
    problems: list[str] = []
    organisations = {o.code: o for o in Organisation.objects.all()}
    existing = {
        i.reference: i
        for i in Indicator.objects.filter(
            reference__in=[e.reference for e in indicators]
        ).prefetch_related("organisations", "breakdowns")
    }
    areas = {
        (a.directorate.name, a.name) for a in ServiceArea.objects.select_related("directorate")
    }
    directorates = set(Directorate.objects.values_list("name", flat=True))
    seen: dict[str, str] = {}
    plans = []
    skipped_rows: set[str] = set()  # rows already refused: their targets are not checked
    failed: set[str] = set()  # references of indicators refused
    for entry in indicators:
        if entry.reference in seen:
            problems.append(
                f"{entry.places.get('reference', entry.row)}: {entry.reference} appears twice "
                f"(also at {seen[entry.reference]})"
            )
            skipped_rows.add(entry.row)
            continue
        seen[entry.reference] = entry.row
        plan = _indicator_plan(entry, existing.get(entry.reference), organisations, problems)
        if plan is not None:
            plans.append(plan)
        else:
            failed.add(entry.reference)
    targets = [t for t in targets if not (t.row and t.row in skipped_rows)]
    applies = {
        p.entry.reference: (
            p.organisations
            if p.organisations is not None
            else {o.code for o in p.existing.organisations.all()}
            if p.existing
            else set()
        )
        for p in plans
    }
    target_plans = _target_plans(targets, applies, failed, organisations, problems)
    if problems:
        raise RegisterRefused(problems)
    new_directorates = sorted({p.entry.directorate for p in plans} - directorates)
    new_areas = sorted({(p.entry.directorate, p.entry.service_area) for p in plans} - areas)
    return RegisterPlan(
        plans,
        target_plans,
        new_directorates,
        [f"{d}: {a}" if a else d for d, a in new_areas],
    )


def _indicator_plan(
    entry: IndicatorEntry,
    existing: Indicator | None,
    organisations: dict[str, Organisation],
    problems: list[str],
) -> IndicatorPlan | None:
    found = len(problems)

    def problem(name: str, message: str) -> None:
        problems.append(f"{entry.places.get(name, entry.row)}: {message}")

    _check_length(Indicator, "reference", entry.reference, problem, required=True)
    _check_length(
        Directorate, "name", entry.directorate, problem, name="directorate", required=True
    )
    _check_length(ServiceArea, "name", entry.service_area, problem, name="service_area")
    values: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        if name not in entry.fields:
            continue
        text = entry.fields[name].strip()
        value = _field_value(name, text, problem)
        if value is not _INVALID:
            values[name] = value
    if existing is None:
        if not values.get("title") and "title" not in entry.fields:
            problem("title", "a new indicator needs its KPI (title)")
        missing = [
            n for n in NEEDED_FOR_NEW if n not in entry.fields or not entry.fields[n].strip()
        ]
        if missing:
            problems.append(
                f"{entry.row}: {entry.reference} is new, so it needs "
                + ", ".join(_HEADINGS.get(n, n) for n in missing)
            )
    codes = None
    if "organisations" in entry.fields:
        codes = set(re.split(r"[\s,;]+", entry.fields["organisations"].strip())) - {""}
        unknown = sorted(codes - set(organisations))
        if unknown:
            problem(
                "organisations",
                f"unknown council {', '.join(unknown)} (known: {', '.join(sorted(organisations))})",
            )
        elif not codes:
            problem("organisations", "name at least one council the indicator applies to")
    breakdowns = None
    if "breakdowns" in entry.fields:
        breakdowns = [b.strip() for b in entry.fields["breakdowns"].split(";") if b.strip()]
        for name in breakdowns:
            _check_length(Breakdown, "name", name, problem, name="breakdowns")
        if len(set(breakdowns)) != len(breakdowns):
            problem("breakdowns", "a breakdown is named twice")
    if len(problems) > found:
        return None
    plan = IndicatorPlan(entry, existing, values, codes, breakdowns)
    if existing is not None:
        plan.changes = _field_changes(plan)
    return plan


_INVALID = object()
_HEADINGS = {
    "title": "KPI",
    "unit": "Unit",
    "polarity": "Good is",
    "aggregation": "Aggregation",
    "frequency": "Frequency",
    "scheme": "Scheme",
    "organisations": "Councils",
}


def _check_length(
    model: Any, attribute: str, text: str, problem: Any, *, name: str = "", required: bool = False
) -> None:
    name = name or attribute
    limit = model._meta.get_field(attribute).max_length
    if required and not text.strip():
        problem(name, "is empty: it is needed")
    elif limit and len(text) > limit:
        problem(name, f"is {len(text)} characters long; at most {limit} fit")


def _field_value(name: str, text: str, problem: Any) -> Any:
    model_field = Indicator._meta.get_field(name)
    if name in CHOICE_FIELDS:
        if not text:
            if name in DEFAULTS:
                return DEFAULTS[name]
            problem(name, "is empty: choose one of " + _choices(model_field))
            return _INVALID
        for value, label in model_field.choices:
            if text.lower() in (str(value).lower(), str(label).lower()):
                return value
        problem(name, f"'{text}' is not one of {_choices(model_field)}")
        return _INVALID
    if name == "decimals":
        if not text:
            return 0
        if not text.isdigit() or int(text) > MAX_DECIMALS:
            problem(
                name, f"'{text}' is not a whole number of decimal places from 0 to {MAX_DECIMALS}"
            )
            return _INVALID
        return int(text)
    if name == "tolerance":
        text = text or "5%"
        try:
            Tolerance.parse(text)
        except ToleranceError as error:
            problem(name, str(error))
            return _INVALID
        return text
    if name == "retired_on":
        if not text:
            return None
        try:
            return _date(text)
        except ValueError:
            problem(name, f"'{text}' is not a date: write it as 2020-03-31 or 31/03/2020")
            return _INVALID
    if name == "title" and not text:
        problem(name, "is empty: every indicator needs its KPI (title)")
        return _INVALID
    limit = getattr(model_field, "max_length", None)
    if limit and len(text) > limit:
        problem(name, f"is {len(text)} characters long; at most {limit} fit")
        return _INVALID
    return text


def _choices(model_field: Any) -> str:
    return ", ".join(str(value) for value, _ in model_field.choices)


def _date(text: str) -> datetime.date:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _field_changes(plan: IndicatorPlan) -> list[FieldChange]:
    existing = plan.existing
    assert existing is not None
    changes = [
        FieldChange(name, _shown(getattr(existing, name)), _shown(value))
        for name, value in plan.values.items()
        if getattr(existing, name) != value
    ]
    area = existing.service_area
    if (area.directorate.name, area.name) != (plan.entry.directorate, plan.entry.service_area):
        changes.append(
            FieldChange(
                "service_area",
                str(area),
                f"{plan.entry.directorate}: {plan.entry.service_area}"
                if plan.entry.service_area
                else plan.entry.directorate,
            )
        )
    if plan.organisations is not None:
        before = {o.code for o in existing.organisations.all()}
        if before != plan.organisations:
            changes.append(
                FieldChange(
                    "organisations", " ".join(sorted(before)), " ".join(sorted(plan.organisations))
                )
            )
    if plan.breakdowns is not None:
        before_names = sorted(b.name for b in existing.breakdowns.all())
        if before_names != sorted(plan.breakdowns):
            changes.append(
                FieldChange(
                    "breakdowns", "; ".join(before_names), "; ".join(sorted(plan.breakdowns))
                )
            )
    return changes


def _target_plans(
    targets: list[TargetEntry],
    applies: dict[str, set[str]],
    failed: set[str],
    organisations: dict[str, Organisation],
    problems: list[str],
) -> list[TargetPlan]:
    """Check each target; for an indicator already refused only the text is read."""
    existing = {
        (t.indicator.reference, t.organisation.code, t.year): t
        for t in Target.objects.filter(indicator__reference__in=list(applies)).select_related(
            "indicator", "organisation"
        )
    }
    seen: dict[tuple[str, str, int], str] = {}
    plans = []
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
        plans.append(TargetPlan(entry, year, existing.get(key)))
    return plans


# --- the write -------------------------------------------------------------------


def register_load(*, plan: RegisterPlan, by: AbstractBaseUser | None) -> Loaded:
    """Save the plan in one transaction (inside the caller's, if any); only rows
    that differ are saved, so loading the same rows again changes nothing."""
    loaded = Loaded()
    with transaction.atomic():
        directorates: dict[str, Directorate] = {}
        areas: dict[tuple[str, str], ServiceArea] = {}
        indicators: dict[str, Indicator] = {}
        organisations = {o.code: o for o in Organisation.objects.all()}
        for item in plan.indicators:
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
            indicators[entry.reference] = _save_indicator(
                item, areas[key], organisations, by, loaded
            )
        for target in plan.targets:
            _save_target(target, indicators, organisations, by, loaded)
    return loaded


def _save_indicator(
    item: IndicatorPlan,
    area: ServiceArea,
    organisations: dict[str, Organisation],
    by: AbstractBaseUser | None,
    loaded: Loaded,
) -> Indicator:
    indicator = item.existing
    if indicator is None:
        indicator = Indicator(reference=item.entry.reference, service_area=area)
        for name, value in DEFAULTS.items():
            setattr(indicator, name, value)
    changed = indicator.pk is None or indicator.service_area_id != area.id
    indicator.service_area = area
    for name, value in item.values.items():
        if getattr(indicator, name) != value:
            setattr(indicator, name, value)
            changed = True
    indicator._history_user = by  # type: ignore[attr-defined]
    created = indicator.pk is None
    if changed:
        indicator.save()
    if item.organisations is not None:
        wanted = {organisations[c] for c in item.organisations}
        if set(indicator.organisations.all()) != wanted:
            indicator.organisations.set(wanted)
            changed = True
    if item.breakdowns is not None:
        current = {b.name: b for b in indicator.breakdowns.all()}
        for name in item.breakdowns:
            if name not in current:
                breakdown = Breakdown(indicator=indicator, name=name)
                breakdown._history_user = by  # type: ignore[attr-defined]
                breakdown.save()
                changed = True
        for name, breakdown in current.items():
            if name not in item.breakdowns:
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
    target: TargetPlan,
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


def group_targets(targets: list[TargetPlan]) -> dict[str, list[TargetPlan]]:
    """Target plans by kind, for a preview."""
    groups: dict[str, list[TargetPlan]] = defaultdict(list)
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
