"""Reads for an indicator's page and its targets page: the targets and the
previous year's outturn as stored, and the history of the indicator, its
targets, figures and commentary."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.values import Unit
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisations.models import Organisation
from goldenthread.returns.forms import entered_text
from goldenthread.returns.models import Commentary, Measurement
from goldenthread.returns.selectors import first_day


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
class Change:
    """One recorded change: who, when, what, and the fields that changed."""

    when: Any
    who: str
    what: str
    kind: str
    changes: list[tuple[str, str, str]]  # (field, before, after)


_IGNORED = {
    "id",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "history_relation",
}


def _shown(value: Any) -> str:
    """A field's value in a change; many-to-many values (lists of link rows) as codes."""
    if isinstance(value, list):
        codes = Organisation.objects.in_bulk([row.get("organisation") for row in value])
        return ", ".join(sorted(str(o) for o in codes.values())) or "(none)"
    return "" if value is None else str(value)


def _changes(records: Any, label: Any) -> list[Change]:
    result = []
    for record in records:
        previous = record.prev_record
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [
                (c.field, _shown(c.old), _shown(c.new))
                for c in delta.changes
                if c.field not in _IGNORED
            ]
        else:
            changes = []
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


def history(indicator: Indicator, organisations: list[Organisation]) -> list[Change]:
    """Every recorded change to the indicator, its targets, figures and commentary
    (for the organisations the reader may see), newest first."""
    org_ids = [o.id for o in organisations]
    register_changes = _changes(
        indicator.history.select_related("history_user"), lambda r: "Register entry"
    )
    targets = _changes(
        indicator.targets.model.history.filter(
            indicator_id=indicator.id, organisation_id__in=org_ids
        ).select_related("history_user", "organisation"),
        lambda r: f"Target {r.organisation.code} {FinancialYear(r.year).label}",
    )
    figures = _changes(
        Measurement.history.filter(
            indicator_id=indicator.id, organisation_id__in=org_ids
        ).select_related("history_user", "organisation"),
        lambda r: (
            f"Figure {r.organisation.code} {r.start:%b %Y}"
            + (f" ({r.months} months)" if r.months > 1 else "")
            + (f" {r.breakdown}" if r.breakdown else "")
        ),
    )
    comments = _changes(
        Commentary.history.filter(
            indicator_id=indicator.id, organisation_id__in=org_ids
        ).select_related("history_user", "organisation"),
        lambda r: f"Commentary {r.organisation.code} Q{r.quarter} {FinancialYear(r.year).label}",
    )
    return sorted(
        chain(register_changes, targets, figures, comments), key=lambda c: c.when, reverse=True
    )
