"""Writes to data returns: saving figures and commentary, submitting, signing
off, sending back and reopening. Each is one transaction; history records who
changed what (django-simple-history); a save made on a stale copy is refused."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.values import Value, ValueKind
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.returns.models import (
    Commentary,
    Measurement,
    MeasurementKind,
    Return,
    ReturnStatus,
)
from goldenthread.returns.selectors import (
    Figures,
    applicable_indicators,
    figures_for,
    quarter_of,
)


class ReturnError(Exception):
    """A change the return's state does not allow; the message says why."""


class ReasonNeeded(ReturnError):
    """Sending back or reopening needs a reason."""


class StaleReturn(ReturnError):
    """Someone else saved the return after this copy was opened."""


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

    @property
    def stored_fields(self) -> dict[str, object]:
        """The measurement's fields this entry sets."""
        return {
            "kind": MEASUREMENT_KIND[self.value.kind],
            "amount": self.value.amount,
            "decimals": self.value.decimals,
            "numerator": self.numerator,
            "denominator": self.denominator,
        }

    def as_measurement(self, organisation: Organisation) -> Measurement:
        """The entry as an unsaved measurement (to preview before saving)."""
        return Measurement(
            indicator=self.indicator,
            organisation=organisation,
            breakdown=self.breakdown,
            start=self.start,
            months=self.months,
            **self.stored_fields,
        )


@dataclass(frozen=True)
class CommentaryEntry:
    indicator: Indicator
    reasons: str
    difference: str
    remedial_actions: str

    @property
    def is_empty(self) -> bool:
        return not (
            self.reasons.strip() or self.difference.strip() or self.remedial_actions.strip()
        )


EDITABLE = (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK)
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


def _claim(
    return_: Return, *, expected_version: int, by: AbstractBaseUser, **changes: object
) -> None:
    """Move the return on one version, if nobody else has since `expected_version`.

    Call inside a transaction: the row is locked (PostgreSQL) or the database
    write lock is held (SQLite's immediate transactions) until it commits.
    """
    current = Return.objects.select_for_update().get(pk=return_.pk)
    if current.version != expected_version:
        raise StaleReturn(
            "Someone else saved this return while you were editing it. Your entries are "
            "still on this page: compare them with the latest figures, then save again."
        )
    for name, value in changes.items():
        setattr(current, name, value)
    current.version += 1
    current.updated_by = by
    current._history_user = by  # type: ignore[attr-defined]
    current.save()
    return_.refresh_from_db()


def return_save(
    *,
    return_: Return,
    expected_version: int,
    entries: list[Entry],
    commentary: list[CommentaryEntry],
    by: AbstractBaseUser,
) -> int:
    """Store the figures and commentary; returns how many rows changed."""
    if return_.status not in EDITABLE:
        raise ReturnError(
            f"This return is {return_.get_status_display().lower()}: it cannot be changed "
            "unless it is reopened."
        )
    with transaction.atomic():
        _claim(return_, expected_version=expected_version, by=by)
        changed = sum(
            measurement_set(organisation=return_.organisation, entry=entry, by=by)
            for entry in entries
        )
        changed += sum(_comment(return_, entry, by) for entry in commentary)
    return changed


def measurement_set(*, organisation: Organisation, entry: Entry, by: AbstractBaseUser) -> bool:
    """Store one figure (call inside a transaction); False if it was already so."""
    wanted = entry.stored_fields
    row = Measurement.objects.filter(
        indicator=entry.indicator,
        organisation=organisation,
        breakdown=entry.breakdown,
        start=entry.start,
        months=entry.months,
    ).first()
    if row is None:
        if wanted["kind"] == MeasurementKind.NOT_AVAILABLE:
            return False  # nothing entered, nothing stored
        row = Measurement(
            indicator=entry.indicator,
            organisation=organisation,
            breakdown=entry.breakdown,
            start=entry.start,
            months=entry.months,
        )
    elif all(getattr(row, name) == value for name, value in wanted.items()):
        return False
    for name, value in wanted.items():
        setattr(row, name, value)
    row.illustrative = False
    row.source = "data return"
    row._history_user = by  # type: ignore[attr-defined]
    row.save()
    return True


def _comment(return_: Return, entry: CommentaryEntry, by: AbstractBaseUser) -> bool:
    text = {
        "reasons": entry.reasons.strip(),
        "difference": entry.difference.strip(),
        "remedial_actions": entry.remedial_actions.strip(),
    }
    row = Commentary.objects.filter(
        indicator=entry.indicator,
        organisation=return_.organisation,
        year=return_.year,
        quarter=return_.quarter,
    ).first()
    if row is None:
        if not any(text.values()):
            return False
        row = Commentary(
            indicator=entry.indicator,
            organisation=return_.organisation,
            year=return_.year,
            quarter=return_.quarter,
        )
    elif all(getattr(row, name) == value for name, value in text.items()):
        return False
    for name, value in text.items():
        setattr(row, name, value)
    row._history_user = by  # type: ignore[attr-defined]
    row.save()
    return True


def return_submit(*, return_: Return, expected_version: int, by: AbstractBaseUser) -> None:
    """Submit for sign-off; refused while any amber or red figure lacks commentary."""
    if return_.status not in EDITABLE:
        raise ReturnError(f"This return is already {return_.get_status_display().lower()}.")
    missing_commentary = [
        f"{f.indicator.reference} {f.indicator.title}"
        for f in _figures(return_)
        if f.needs_commentary
    ]
    if missing_commentary:
        raise ReturnError(
            "Add commentary for every indicator off target before submitting: "
            + ", ".join(missing_commentary)
        )
    with transaction.atomic():
        _claim(
            return_,
            expected_version=expected_version,
            by=by,
            status=ReturnStatus.SUBMITTED,
            reason="",
        )


def _figures(return_: Return) -> list[Figures]:
    indicators = list(
        applicable_indicators(
            organisation=return_.organisation, service_area_id=return_.service_area_id
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
    _move(
        return_,
        ReturnStatus.SUBMITTED,
        "Only a submitted return can be approved.",
        expected_version,
        by,
        ReturnStatus.APPROVED,
    )


def return_send_back(
    *, return_: Return, expected_version: int, reason: str, by: AbstractBaseUser
) -> None:
    _move(
        return_,
        ReturnStatus.SUBMITTED,
        "Only a submitted return can be sent back.",
        expected_version,
        by,
        ReturnStatus.SENT_BACK,
        reason=reason,
    )


def return_reopen(
    *, return_: Return, expected_version: int, reason: str, by: AbstractBaseUser
) -> None:
    """Unlock approved figures for correction; the reason is kept in the history."""
    _move(
        return_,
        ReturnStatus.APPROVED,
        "Only an approved return can be reopened.",
        expected_version,
        by,
        ReturnStatus.SENT_BACK,
        reason=reason,
        recorded_as="Reopened: {}",
    )


def _move(
    return_: Return,
    allowed_from: object,  # a ReturnStatus (its members look like tuples to mypy without stubs)
    refusal: str,
    expected_version: int,
    by: AbstractBaseUser,
    status: object,
    reason: str | None = None,
    recorded_as: str = "{}",
) -> None:
    """A sign-off decision: from `allowed_from` to `status`, on the version decided on;
    sending back and reopening need a `reason`, kept on the return and in its history."""
    if return_.status != allowed_from:
        raise ReturnError(refusal)
    changes: dict[str, object] = {"status": status}
    if reason is not None:
        if not reason.strip():
            raise ReasonNeeded("Enter a reason for the service: what needs correcting.")
        changes["reason"] = recorded_as.format(reason.strip())
    with transaction.atomic():
        _claim(return_, expected_version=expected_version, by=by, **changes)
