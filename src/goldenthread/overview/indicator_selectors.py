"""Reads for an indicator's page and its targets page: the targets and the
previous year's outturn as stored, and the history of the indicator, its
targets, figures and commentary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import chain
from typing import Any

from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.schemes import BUILT_IN, Band, SchemeError, Status
from goldenthread.domain.values import Unit
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisations.models import Organisation
from goldenthread.overview.sources import source_label
from goldenthread.returns.forms import entered_text
from goldenthread.returns.models import Commentary, Measurement
from goldenthread.returns.selectors import first_day, method_of
from goldenthread.schemes.selectors import scheme_for


def targets_initial(indicator: Indicator, year: FinancialYear) -> dict[str, str]:
    """The targets page's fields as stored: each council's target for the year
    and its outturn for the year before (as it would be typed)."""
    targets = {
        t.organisation_id: t.text
        for t in Target.objects.filter(indicator=indicator, year=year.start_year)
    }
    outturns = {
        m.organisation_id: m
        for m in Measurement.objects.filter(
            indicator=indicator,
            breakdown="",
            start=first_day(year.previous().first_month),
            months=12,
        )
    }
    unit = Unit(indicator.unit)
    initial = {}
    for organisation in indicator.organisations.all():
        initial[f"target_{organisation.code}"] = targets.get(organisation.id, "")
        initial[f"outturn_{organisation.code}"] = entered_text(outturns.get(organisation.id), unit)
    return initial


@dataclass(frozen=True)
class Rating:
    """How an indicator is rated, in words for its page: the scheme's name, and
    each status with the band it covers (the indicator's own tolerance applied)
    and the team's meaning."""

    scheme: str
    statuses: list[tuple[Status, str]]
    own_tolerance: str = ""  # the indicator's own tolerance, if it has one that applies


def rating_of(indicator: Indicator) -> Rating:
    try:
        method = method_of(indicator)
    except SchemeError:  # a scheme removed since: the figures say "not rated"
        return Rating(f"{indicator.scheme} (no longer defined)", [])
    scheme = method.scheme.with_tolerance(method.tolerance)
    if scheme.monitor_only:
        return Rating(scheme.name, [(Status.MONITORED, Status.MONITORED.meaning)])
    own = str(method.tolerance) if method.tolerance is not None and scheme.tolerance else ""
    team = scheme.key not in BUILT_IN
    statuses = []
    for number, band in enumerate(scheme.bands):
        words = _band_words(band, scheme.bands[number - 1] if number else None)
        meaning = band.status.meaning
        if team and meaning and meaning != words:  # the built-in meanings repeat the bands
            words = f"{words} ({meaning})"
        statuses.append((band.status, words))
    return Rating(scheme.name, statuses, own)


def _band_words(band: Band, before: Band | None) -> str:
    """The band in words; the last status's as 'missed by more than' the one before."""
    if band.within is not None or band.exceeds is not None or before is None:
        return band.describe()
    reach = before.within
    if reach is None or reach.amount == 0:
        return "target missed"
    amount = f"{reach.amount.normalize():f}"
    width = f"{amount} points" if reach.absolute else f"{amount}% of the target"
    return f"target missed by more than {width}"


@dataclass(frozen=True)
class Change:
    """One recorded change: who, when, what, and what changed, in words
    ("Target: 95% → 97%", "Councils: added LBH")."""

    when: Any
    who: str
    what: str
    kind: str
    changes: list[str]


_IGNORED = {
    "id",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "history_relation",
}
# what says which record it is (in `Change.what`), not what was entered
_IDENTITY = {"indicator", "organisation", "year", "quarter", "start", "months", "breakdown"}
# a figure is one thing to a reader, however it is stored
_FIGURE_FIELDS = ("kind", "amount", "decimals")
# the indicator page's names for the register's fields
_LABELS = {
    "organisations": "Councils",
    "text": "Target",
    "polarity": "Good is",
    "aggregation": "Quarter figure",
    "scheme": "Rated by",
    "tolerance": "Own tolerance",
    "comparison": "Direction compared with",
    "illustrative": "Illustrative",
}


def _label(model: Any, name: str) -> str:
    if name in _LABELS:
        return _LABELS[name]
    return str(model._meta.get_field(name).verbose_name).capitalize()


def _codes(rows: list[dict[str, Any]]) -> list[str]:
    """Many-to-many link rows (`{'indicator': 40, 'organisation': 1}`) as council codes."""
    found = Organisation.objects.in_bulk(  # a retired link no longer counts
        [row.get("organisation") for row in rows if not row.get("retired_on")]
    )
    return sorted(o.code for o in found.values())


def _shown(model: Any, name: str, value: Any) -> str:
    """A field's value as a reader would write it: a choice by its label, a
    service area by its name, a date as a date, a source by the documents, a
    status scheme by its name."""
    if name == "tolerance" and not value:
        return "(the scheme's)"
    if value is None or value == "":
        return "(blank)"
    if name == "scheme":
        return _scheme_name(str(value))
    if isinstance(value, list):
        return ", ".join(_codes(value)) or "(none)"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if field.many_to_one and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else "(removed)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%-d %b %Y}"
    if name == "source":
        return source_label(str(value)) or "(blank)"
    return str(value)


def _scheme_name(key: str) -> str:
    try:
        return scheme_for(key).name
    except SchemeError:
        return key


def _figure_text(record: Any, unit: Unit) -> str:
    return entered_text(record, unit) or ("(blank)" if record.kind != "n/a" else "n/a")


def _entered(record: Any, unit: Unit) -> list[str]:
    """What a new (or deleted) record held, field by field."""
    model = type(record)
    lines = []
    if hasattr(record, "amount"):
        lines.append(f"Figure: {_figure_text(record, unit)}")
    for field in model._meta.fields:
        name = field.attname if field.many_to_one else field.name
        bare = field.name
        if bare in _IGNORED or bare in _IDENTITY or bare in _FIGURE_FIELDS:
            continue
        value = getattr(record, name)
        if value not in (None, "", False):
            lines.append(f"{_label(model, bare)}: {_shown(model, bare, value)}")
    return lines


def _changed(record: Any, previous: Any, unit: Unit) -> list[str]:
    """What changed since the record before, field by field."""
    model = type(record)
    delta = record.diff_against(previous)
    lines = []
    fields = {c.field for c in delta.changes}
    if fields & set(_FIGURE_FIELDS) and hasattr(record, "amount"):
        before, after = _figure_text(previous, unit), _figure_text(record, unit)
        if before != after:
            lines.append(f"Figure: {before} → {after}")
    for change in delta.changes:
        if change.field in _IGNORED or change.field in _FIGURE_FIELDS:
            continue
        label = _label(model, change.field)
        if isinstance(change.new, list) or isinstance(change.old, list):
            old, new = set(_codes(change.old or [])), set(_codes(change.new or []))
            parts = []
            if new - old:
                parts.append(f"added {', '.join(sorted(new - old))}")
            if old - new:
                parts.append(f"removed {', '.join(sorted(old - new))}")
            if parts:
                lines.append(f"{label}: {'; '.join(parts)}")
            continue
        before = _shown(model, change.field, change.old)
        after = _shown(model, change.field, change.new)
        lines.append(f"{label}: {before} → {after}")
    return lines


def _changes(records: Any, label: Any, unit: Unit) -> list[Change]:
    result = []
    for record in records:
        previous = record.prev_record
        if record.history_type == "~" and previous is not None:
            changes = _changed(record, previous, unit)
        else:  # created, or deleted: what it held
            changes = _entered(record, unit)
        result.append(
            Change(
                when=record.history_date,
                who=str(record.history_user or "system"),
                what=label(record),
                kind={"+": "Created", "~": "Changed", "-": "Deleted"}[record.history_type],
                changes=changes,
            )
        )
    return result


def history(
    indicator: Indicator,
    organisations: list[Organisation],
    *,
    figures_of: list[Organisation] | None = None,
) -> list[Change]:
    """Every recorded change to the indicator, its targets, figures and commentary
    (for the organisations the reader may see; figures and commentary only for
    `figures_of`, if given: `returns.visibility.figure_changes_seen`), newest first."""
    org_ids = [o.id for o in organisations]
    figure_org_ids = org_ids if figures_of is None else [o.id for o in figures_of]
    unit = Unit(indicator.unit)
    register_changes = _changes(
        indicator.history.select_related("history_user"), lambda r: "Register entry", unit
    )
    targets = _changes(
        indicator.targets.model.history.filter(
            indicator_id=indicator.id, organisation_id__in=org_ids
        ).select_related("history_user", "organisation"),
        lambda r: f"Target {r.organisation.code} {FinancialYear(r.year).label}",
        unit,
    )
    figures = _changes(
        Measurement.history.filter(
            indicator_id=indicator.id, organisation_id__in=figure_org_ids
        ).select_related("history_user", "organisation"),
        lambda r: (
            f"Figure {r.organisation.code} {r.start:%b %Y}"
            + (f" ({r.months} months)" if r.months > 1 else "")
            + (f" {r.breakdown}" if r.breakdown else "")
        ),
        unit,
    )
    comments = _changes(
        Commentary.history.filter(
            indicator_id=indicator.id, organisation_id__in=figure_org_ids
        ).select_related("history_user", "organisation"),
        lambda r: f"Commentary {r.organisation.code} Q{r.quarter} {FinancialYear(r.year).label}",
        unit,
    )
    return sorted(
        chain(register_changes, targets, figures, comments), key=lambda c: c.when, reverse=True
    )
