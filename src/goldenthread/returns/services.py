"""Writes to data returns: saving figures and commentary, submitting, signing
off, sending back and reopening; and an indicator's targets for a year with
the previous year's outturn (a figure). Each is one transaction; history
records who changed what (django-simple-history); a save made on a stale copy
is refused.
What each state allows, and the version, are the submission lifecycle's
(`goldenthread.domain.lifecycle`, `goldenthread.submissions.services`)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from goldenthread.audit.services import rows_written_in_bulk
from goldenthread.domain import lifecycle
from goldenthread.domain.exception_report import Part, missing_message
from goldenthread.domain.lifecycle import Action
from goldenthread.domain.periods import FinancialYear
from goldenthread.domain.values import Value, ValueKind
from goldenthread.indicators.models import Indicator, Target
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.returns.models import (
    Commentary,
    Forecast,
    Measurement,
    MeasurementKind,
    Return,
)
from goldenthread.returns.selectors import (
    Figures,
    applicable_indicators,
    figures_for,
    first_day,
    quarter_of,
)
from goldenthread.submissions.services import StaleSubmission, ensure_allowed, submission_move

# A change the return's state does not allow (the message says why); sending back
# or reopening without a reason; a save on a copy someone else has saved since.
ReturnError = lifecycle.Refused
ReasonNeeded = lifecycle.ReasonNeeded
StaleReturn = StaleSubmission


@dataclass(frozen=True)
class Entry:
    """One figure as entered: an indicator's month (or whole period) for a council."""

    indicator: Indicator
    breakdown: str
    start: datetime.date
    months: int
    value: Value
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def as_measurement(self, organisation: Organisation) -> Measurement:
        """The entry as an unsaved measurement (to preview before saving)."""
        return Measurement(
            indicator=self.indicator,
            organisation=organisation,
            breakdown=self.breakdown,
            start=self.start,
            months=self.months,
            **measurement_fields(self),
        )


COMMENTARY_PART_NAMES = tuple(part.value for part in Part)


@dataclass(frozen=True)
class ForecastEntry:
    """An indicator's year-end forecast as entered (`value` None: blank)."""

    indicator: Indicator
    value: Value | None


@dataclass(frozen=True)
class CommentaryEntry:
    """An indicator's commentary as entered. `parts` names the parts it sets; a
    save leaves the others as stored (a person's save changes only what they changed)."""

    indicator: Indicator
    reasons: str
    difference: str
    remedial_actions: str
    parts: frozenset[str] = frozenset(COMMENTARY_PART_NAMES)

    @property
    def is_empty(self) -> bool:
        return not (
            self.reasons.strip() or self.difference.strip() or self.remedial_actions.strip()
        )


MEASUREMENT_KIND = {
    ValueKind.NUMBER: MeasurementKind.NUMBER,
    ValueKind.NOT_APPLICABLE: MeasurementKind.NOT_APPLICABLE,
    ValueKind.NOT_AVAILABLE: MeasurementKind.NOT_AVAILABLE,
}


def return_open(
    *, organisation: Organisation, service_area: ServiceArea, year: int, quarter: int
) -> Return:
    """The return for that council, service area and quarter, created empty if new."""
    return_, _ = Return.objects.get_or_create(
        organisation=organisation, service_area=service_area, year=year, quarter=quarter
    )
    return return_


def return_save(
    *,
    return_: Return,
    expected_version: int,
    entries: list[Entry],
    commentary: list[CommentaryEntry],
    by: AbstractBaseUser,
    forecasts: Sequence[ForecastEntry] = (),
) -> int:
    """Store the figures, year-end forecasts and commentary given (a page gives
    only those the person changed: the others are left as stored); returns how
    many changed: each figure, each forecast, and each part of a commentary
    (reasons, difference, remedial actions)."""
    with transaction.atomic():
        submission_move(return_, Action.SAVE, expected_version=expected_version, by=by)
        changed = _store(return_.organisation, entries, by)
        changed += _forecast(return_, forecasts, by)
        changed += _comment(return_, commentary, by)
    return changed


def forecast_fields(value: Value | None) -> dict[str, object]:
    """What a forecast as entered stores in its Forecast row."""
    if value is None or not value.is_number:
        return {"amount": None, "decimals": None}
    return {"amount": value.amount, "decimals": value.decimals}


def forecast_differs(row: Forecast | None, value: Value | None) -> bool:
    """Whether saving `value` would change the stored forecast (`row`, None if none)."""
    wanted = forecast_fields(value)
    if row is None:
        return wanted["amount"] is not None
    return any(getattr(row, name) != given for name, given in wanted.items())


def _forecast(return_: Return, entries: Sequence[ForecastEntry], by: AbstractBaseUser) -> int:
    """Save the year-end forecasts that differ from those stored for the return's
    council and quarter (read in one query)."""
    stored = {
        f.indicator_id: f
        for f in Forecast.objects.filter(
            indicator__in={e.indicator.id for e in entries},
            organisation=return_.organisation,
            year=return_.year,
            quarter=return_.quarter,
        )
    }
    rows = []
    for entry in entries:
        row = stored.get(entry.indicator.id)
        if forecast_differs(row, entry.value):
            if row is None:
                row = Forecast(
                    indicator=entry.indicator,
                    organisation=return_.organisation,
                    year=return_.year,
                    quarter=return_.quarter,
                )
            values = {
                **forecast_fields(entry.value),
                "illustrative": False,
                "source": "data return",
            }
            rows.append((row, values))
    return _write_in_bulk(Forecast, rows, by)


def measurement_fields(entry: Entry) -> dict[str, object]:
    """What a figure as entered stores in its Measurement row."""
    return {
        "kind": MEASUREMENT_KIND[entry.value.kind],
        "amount": entry.value.amount,
        "decimals": entry.value.decimals,
        "numerator": entry.numerator,
        "denominator": entry.denominator,
    }


def measurement_differs(row: Measurement | None, entry: Entry) -> bool:
    """Whether saving `entry` would change what is stored (`row`, None if nothing is)."""
    wanted = measurement_fields(entry)
    if row is None:
        return wanted["kind"] != MeasurementKind.NOT_AVAILABLE  # nothing entered, nothing stored
    return any(getattr(row, name) != value for name, value in wanted.items())


def _write_in_bulk(
    model: type[Measurement] | type[Commentary] | type[Forecast],
    rows: list[tuple[Any, dict[str, Any]]],
    by: AbstractBaseUser,
) -> int:
    """Give each row (stored, or new and unsaved) its field values and write them all
    in bulk, each with its history row: a return of thousands of figures saves in a
    few queries. Returns how many rows were written."""
    written = []
    for row, values in rows:
        before = None if row._state.adding else {n: getattr(row, n) for n in values}
        for name, value in values.items():
            setattr(row, name, value)
        row._history_user = by
        written.append((row, before))
    if rows:
        fields = list(rows[0][1])
        new = [row for row, _ in rows if row._state.adding]
        changed = [row for row, _ in rows if not row._state.adding]
        bulk_create_with_history(new, model, default_user=by)
        bulk_update_with_history(changed, model, fields, default_user=by)
        rows_written_in_bulk(written=written, fields=fields, by=by)  # the helpers send no signal
    return len(rows)


def _store(organisation: Organisation, entries: list[Entry], by: AbstractBaseUser) -> int:
    """Save the entries that differ from what is stored (the stored rows read in
    one query)."""
    stored = {
        (m.indicator_id, m.breakdown, m.start, m.months): m
        for m in Measurement.objects.filter(
            organisation=organisation,
            indicator__in={e.indicator.id for e in entries},
            start__in={e.start for e in entries},
        )
    }
    rows = []
    for entry in entries:
        row = stored.get((entry.indicator.id, entry.breakdown, entry.start, entry.months))
        if measurement_differs(row, entry):
            if row is None:
                row = Measurement(
                    indicator=entry.indicator,
                    organisation=organisation,
                    breakdown=entry.breakdown,
                    start=entry.start,
                    months=entry.months,
                )
            values = {**measurement_fields(entry), "illustrative": False, "source": "data return"}
            rows.append((row, values))
    return _write_in_bulk(Measurement, rows, by)


def measurement_set(*, organisation: Organisation, entry: Entry, by: AbstractBaseUser) -> bool:
    """Store one figure (call inside a transaction); False if it was already so."""
    return _store(organisation, [entry], by) == 1


def commentary_fields(entry: CommentaryEntry, row: Commentary | None = None) -> dict[str, str]:
    """What the commentary row holds once `entry` is saved over `row` (the stored
    one, None if there is none): the parts the entry sets, the others as stored."""
    given = {
        "reasons": entry.reasons.strip(),
        "difference": entry.difference.strip(),
        "remedial_actions": entry.remedial_actions.strip(),
    }
    return {
        part: text if part in entry.parts else (getattr(row, part) if row else "")
        for part, text in given.items()
    }


def commentary_differs(row: Commentary | None, entry: CommentaryEntry) -> bool:
    text = commentary_fields(entry, row)
    if row is None:
        return any(text.values())
    return any(getattr(row, name) != value for name, value in text.items())


def _comment(return_: Return, entries: list[CommentaryEntry], by: AbstractBaseUser) -> int:
    stored = {
        c.indicator_id: c
        for c in Commentary.objects.filter(
            indicator__in={e.indicator.id for e in entries},
            organisation=return_.organisation,
            year=return_.year,
            quarter=return_.quarter,
        )
    }
    rows = []
    parts_changed = 0  # each part of a commentary counts as one change, as in an import's preview
    for entry in entries:
        row = stored.get(entry.indicator.id)
        if commentary_differs(row, entry):
            values = commentary_fields(entry, row)
            parts_changed += sum(
                1 for name, text in values.items() if (getattr(row, name) if row else "") != text
            )
            if row is None:
                row = Commentary(
                    indicator=entry.indicator,
                    organisation=return_.organisation,
                    year=return_.year,
                    quarter=return_.quarter,
                )
            rows.append((row, values))
    _write_in_bulk(Commentary, rows, by)
    return parts_changed


class CommentaryMissing(ReturnError):
    """A submit refused while an off-target figure's commentary lacks a part the
    team's reporting rules require: `missing` names each (indicator, part) with
    its message."""

    def __init__(self, missing: list[tuple[Indicator, Part, str]]) -> None:
        self.missing = missing
        named = dict.fromkeys(f"{i.reference} {i.title}" for i, _, _ in missing)
        super().__init__(
            "Add commentary for every indicator off target before submitting: " + ", ".join(named)
        )


def return_submit(*, return_: Return, expected_version: int, by: AbstractBaseUser) -> None:
    """Submit for sign-off; refused (`CommentaryMissing`) while any amber or red
    figure's commentary lacks a part the reporting rules require."""
    ensure_allowed(return_, Action.SUBMIT)
    missing = [
        (
            f.indicator,
            part,
            missing_message(
                f.indicator.reference, f.indicator.title, f.result.assessment.status, part
            ),
        )
        for f in _figures(return_)
        for part in f.commentary_missing
    ]
    if missing:
        raise CommentaryMissing(missing)
    submission_move(return_, Action.SUBMIT, expected_version=expected_version, by=by)


def _figures(return_: Return) -> list[Figures]:
    indicators = list(
        applicable_indicators(
            quarter_of(return_.year, return_.quarter),
            organisation=return_.organisation,
            service_area_id=return_.service_area_id,
        )
    )
    quarter = quarter_of(return_.year, return_.quarter)
    return figures_for(
        quarter=quarter,
        indicators=indicators,
        organisations=[return_.organisation],
        with_months=False,
    )


def return_approve(*, return_: Return, expected_version: int, by: AbstractBaseUser) -> None:
    submission_move(return_, Action.APPROVE, expected_version=expected_version, by=by)


def return_send_back(
    *, return_: Return, expected_version: int, reason: str, by: AbstractBaseUser
) -> None:
    submission_move(
        return_, Action.SEND_BACK, expected_version=expected_version, reason=reason, by=by
    )


def return_reopen(
    *, return_: Return, expected_version: int, reason: str, by: AbstractBaseUser
) -> None:
    """Unlock approved figures for correction; the reason is kept in the history."""
    submission_move(return_, Action.REOPEN, expected_version=expected_version, reason=reason, by=by)


def return_withdraw(*, return_: Return, expected_version: int, by: AbstractBaseUser) -> None:
    """Take a submitted return back before it is signed off: a draft again, its
    figures kept; the history records who withdrew it and when."""
    submission_move(return_, Action.WITHDRAW, expected_version=expected_version, by=by)


def targets_set(
    *,
    indicator: Indicator,
    year: int,
    targets: dict[Organisation, str],
    outturns: dict[Organisation, Value] | None = None,
    by: AbstractBaseUser,
) -> int:
    """Set the year's target for each organisation (blank removes it) and the
    previous year's outturn (a 12-month figure); returns how many changed."""
    changed = 0
    previous = FinancialYear(year).previous()
    with transaction.atomic():
        for organisation, value in (outturns or {}).items():
            entry = Entry(indicator, "", first_day(previous.first_month), 12, value)
            changed += measurement_set(organisation=organisation, entry=entry, by=by)
        for organisation, text in targets.items():
            row = Target.objects.filter(
                indicator=indicator, organisation=organisation, year=year
            ).first()
            if not text:
                if row is not None:
                    row._history_user = by  # type: ignore[attr-defined]
                    row.delete()
                    changed += 1
                continue
            if row is not None and row.text == text:
                continue
            row = row or Target(indicator=indicator, organisation=organisation, year=year)
            row.text, row.source = text, "register"
            row._history_user = by  # type: ignore[attr-defined]
            row.save()
            changed += 1
    return changed
