"""Indicators that read from budget monitoring (`FinanceMeasure`): each linked
indicator's figures, worked out from `finance.selectors` alone (so the
indicator page, the performance pack and the finance pages and section cannot
disagree), recorded as the indicator's figures outside any return (they count
as approved: only signed-off periods are read), each with a note saying where
it comes from.

For the shared service the figure is the whole; for a partner council its own
part: savings achieved, its own savings; budget variance %, its non-shared
lines' variance as a share of their budget; shared variance, its part of the
cost share. Another organisation the indicator applies to gets no figure.

Refreshed when a period is signed off or reopened (`finance.kind.moved`, on
any page or list that moves it) and by `goldenthread finance_feed [--year]`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from goldenthread.domain.finance_measures import (
    ANNUAL,
    Measure,
    Span,
    decimals_of,
    from_period,
    from_savings,
    latest_in_spans,
)
from goldenthread.domain.in_force import first_day
from goldenthread.domain.lifecycle import Action, State
from goldenthread.domain.periods import FinancialYear
from goldenthread.finance import selectors
from goldenthread.finance.models import FinanceMeasure, FinancePeriod, Saving
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import Scope
from goldenthread.people.models import Role
from goldenthread.returns.models import Measurement, MeasurementKind

#: Every council's readers at once: every line, signed-off periods only.
_READER: str = Role.READER  # type: ignore[assignment]
READERS = Scope(_READER, True, frozenset(), frozenset(), frozenset())

#: How a recorded figure's source starts: the feed changes only its own figures.
SOURCE_PREFIX = "From budget monitoring"


@dataclass(frozen=True)
class Figure:
    """A figure the feed records: for a council, the months it covers, the amount."""

    organisation_id: int
    start: datetime.date
    months: int
    amount: Decimal
    decimals: int
    source: str


@dataclass(frozen=True)
class Fed:
    """What a feed changed: figures recorded or changed, and taken out."""

    written: int = 0
    removed: int = 0

    def __add__(self, other: Fed) -> Fed:
        return Fed(self.written + other.written, self.removed + other.removed)


def _readers_of(
    measure: FinanceMeasure,
) -> tuple[Organisation, list[Organisation], list[Organisation]]:
    """The shared service, the partner councils the indicator applies to, and
    the shared service again if the indicator applies to it (its whole)."""
    applies = set(measure.indicator.organisations.values_list("id", flat=True))
    partners = [p for p in selectors.partners_of(measure.organisation) if p.id in applies]
    whole = [measure.organisation] if measure.organisation.id in applies else []
    return measure.organisation, partners, whole


def _start(year: int, span: Span) -> datetime.date:
    return first_day(FinancialYear(year).month(span.first))


def _period_amount(
    kind: Measure, at: selectors.PeriodPosition, organisation: Organisation, whole: bool
) -> Decimal | None:
    if kind is Measure.SHARED_VARIANCE:
        if whole:
            return at.shared.variance
        return at.shared_parts.get(organisation.code)
    position = at.shared if whole else at.non_shared(organisation)
    return position.variance_percent


def period_figures(measure: FinanceMeasure, year: int) -> list[Figure]:
    """The figures of a variance measure for a year: one for each span of months
    (as the indicator is reported) with a signed-off period, read from the
    latest signed-off period in it."""
    kind = Measure(measure.measure)
    signed_off = FinancePeriod.objects.filter(
        organisation=measure.organisation, year=year, status=State.APPROVED.value
    ).values_list("period", flat=True)
    shared_service, partners, whole = _readers_of(measure)
    figures = []
    for span, period in sorted(latest_in_spans(measure.indicator.frequency, signed_off).items()):
        at = selectors.position(READERS, shared_service, year, period)
        if not at.shown or at.period is None:
            continue
        source = from_period(at.period.label)
        for organisation in [*whole, *partners]:
            amount = _period_amount(kind, at, organisation, organisation == shared_service)
            if amount is None:
                continue
            figures.append(
                Figure(
                    organisation.id,
                    _start(year, span),
                    span.months,
                    amount,
                    decimals_of(kind, amount),
                    source,
                )
            )
    return figures


def savings_figures(measure: FinanceMeasure, year: int) -> list[Figure]:
    """The year's savings achieved (an annual indicator's figure): the whole
    programme's for the shared service, each council's own items' for it. None
    until some saving of the year has its achievement recorded."""
    items = [s for s in selectors.savings(measure.organisation, year) if s.achieved is not None]
    if not items:
        return []
    shared_service, partners, whole = _readers_of(measure)
    source = from_savings(FinancialYear(year).label)
    start = _start(year, Span(1, 12))
    amounts: list[tuple[Organisation, Decimal]] = []
    if whole:
        amounts.append((shared_service, selectors.savings_totals(items).achieved))
    for partner in partners:
        own = [s for s in items if s.partner_id == partner.id]
        if own:
            amounts.append((partner, selectors.savings_totals(own).achieved))
    kind = Measure.SAVINGS_ACHIEVED
    return [
        Figure(o.id, start, 12, amount, decimals_of(kind, amount), source) for o, amount in amounts
    ]


def figures_of(measure: FinanceMeasure, year: int) -> list[Figure]:
    """The figures a measure gives its indicator for a year."""
    if measure.measure == Measure.SAVINGS_ACHIEVED:
        return savings_figures(measure, year) if measure.indicator.frequency == ANNUAL else []
    return period_figures(measure, year)


def _record(measure: FinanceMeasure, year: int, by: AbstractBaseUser | None) -> Fed:
    """Make the indicator's fed figures of the year what the measure gives: a
    figure recorded, changed or taken out (only those the feed recorded)."""
    indicator = measure.indicator
    fy = FinancialYear(year)
    stored = {
        (m.organisation_id, m.start, m.months): m
        for m in Measurement.objects.select_for_update().filter(
            indicator=indicator,
            breakdown="",
            start__gte=first_day(fy.first_month),
            start__lte=first_day(fy.last_month),
        )
    }
    written = removed = 0
    wanted = figures_of(measure, year)
    keys = set()
    for figure in wanted:
        key = (figure.organisation_id, figure.start, figure.months)
        keys.add(key)
        row = stored.get(key) or Measurement(
            indicator=indicator,
            organisation_id=figure.organisation_id,
            start=figure.start,
            months=figure.months,
        )
        values = {
            "kind": MeasurementKind.NUMBER,
            "amount": figure.amount,
            "decimals": figure.decimals,
            "numerator": None,
            "denominator": None,
            "illustrative": False,
            "source": figure.source,
        }
        if not row._state.adding and all(getattr(row, n) == v for n, v in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
        written += 1
    for key, row in stored.items():
        if key not in keys and row.source.startswith(SOURCE_PREFIX):
            row._history_user = by  # type: ignore[attr-defined]
            row.delete()
            removed += 1
    return Fed(written, removed)


def _years(measure: FinanceMeasure) -> set[int]:
    """The years a measure may have figures in: of its periods, its savings, and
    the figures it recorded before (to take out those no longer given)."""
    years = set(
        FinancePeriod.objects.filter(organisation=measure.organisation).values_list(
            "year", flat=True
        )
    )
    years |= set(
        Saving.objects.filter(organisation=measure.organisation).values_list("year", flat=True)
    )
    for start in Measurement.objects.filter(
        indicator=measure.indicator, source__startswith=SOURCE_PREFIX
    ).values_list("start", flat=True):
        years.add(start.year if start.month >= 4 else start.year - 1)
    return years


def _measures(organisation: Organisation | None = None) -> Iterable[FinanceMeasure]:
    query = FinanceMeasure.objects.select_related("indicator", "organisation")
    if organisation is not None:
        query = query.filter(organisation=organisation)
    return query.order_by("indicator__reference")


def feed(
    *,
    year: int | None = None,
    measure: FinanceMeasure | None = None,
    by: AbstractBaseUser | None = None,
) -> Fed:
    """Record every linked indicator's figures (or one's: `measure`), of one
    year or of every year."""
    fed = Fed()
    with transaction.atomic():
        for linked in _measures() if measure is None else [measure]:
            for each in sorted(_years(linked)) if year is None else [year]:
                fed += _record(linked, each, by)
    return fed


def refresh(
    finance_period: FinancePeriod,
    *,
    action: str | None = None,
    by: AbstractBaseUser | None = None,
) -> Fed:
    """After a period is signed off or reopened (`action`; None: whatever
    happened), its year's figures of every indicator reading its shared
    service. Called in the move's transaction (`finance.kind.moved`)."""
    if action is not None and action not in (Action.APPROVE, Action.REOPEN):
        return Fed()
    fed = Fed()
    with transaction.atomic():
        for measure in _measures(finance_period.organisation):
            fed += _record(measure, finance_period.year, by)
    return fed


def fed_indicators(indicator_ids: Collection[int]) -> dict[int, str]:
    """Of these indicators, those that read from budget monitoring, with where
    their figures come from (the return page and workbook say so: `returns.feeds`)."""
    return {
        m.indicator_id: (
            f"Read from {m.organisation.name}'s budget monitoring: "
            f"{m.get_measure_display().lower()}, recorded when a period is signed off."
        )
        for m in FinanceMeasure.objects.filter(indicator_id__in=list(indicator_ids))
        .select_related("organisation")
        .order_by("indicator_id")
    }
