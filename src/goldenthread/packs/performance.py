"""The performance section's part of the snapshot (Django side): every figure
the pack shows, from the same read-model as every page
(`returns.selectors.figures_for`), with the register details it needs and the
data returns behind it. `reports.performance` assembles it."""

from __future__ import annotations

import dataclasses
from typing import Any

from goldenthread.domain.periods import Quarter
from goldenthread.domain.targets import Band, Profile, Target, Threshold
from goldenthread.domain.values import Unit, Value, ValueKind
from goldenthread.indicators.models import Frequency, Indicator
from goldenthread.overview.selectors import progress
from goldenthread.packs.pack_request import PackRequest, SnapshotPart
from goldenthread.people.access import Scope
from goldenthread.reporting.selectors import reporting_rules
from goldenthread.reports.snapshot import amount_text, shown_value
from goldenthread.reports.statuses import status_tables
from goldenthread.returns.models import ReturnStatus
from goldenthread.returns.selectors import Figures, applicable_indicators, figures_for
from goldenthread.schemes.selectors import schemes_by_key

EVERYONE = Scope("performance-team", True, frozenset(), frozenset(), frozenset())


def pack_indicators(quarter: Quarter) -> list[Indicator]:
    """In use in the quarter, in pack order; annual indicators only with the year's
    last quarter."""
    query = applicable_indicators(quarter)
    if quarter.number != 4:
        query = query.exclude(frequency=Frequency.ANNUAL)
    return list(
        query.order_by("service_area__directorate__name", "service_area__name", "reference")
    )


def performance_part(request: PackRequest) -> SnapshotPart:
    """The performance section's part of the snapshot for `request`: its indicators
    and figures (those of the councils it covers), the exception rule, the status
    schemes they are rated by with the summary scheme (`reports.statuses`), and the
    data returns behind the figures (see reports.snapshot)."""
    quarter = request.quarter
    indicators = pack_indicators(quarter)
    organisations = request.organisations
    figures = figures_for(quarter=quarter, indicators=indicators, organisations=organisations)
    earlier = {
        q: _by_key(
            figures_for(
                quarter=q, indicators=indicators, organisations=organisations, with_months=False
            )
        )
        for q in _earlier_quarters(quarter)
    }
    previous = earlier.get(quarter.previous(), {})
    this_year = [q for q in quarter.financial_year.quarters() if q < quarter]
    used = {f.organisation.id for f in figures}
    shown = {f.indicator.id for f in figures}
    schemes = schemes_by_key()
    summary = schemes.get(reporting_rules().summary_scheme, schemes["rag"])
    return SnapshotPart(
        {
            "exception_rule": request.exception_rule.value,
            **status_tables(summary, (schemes[i.scheme] for i in indicators if i.id in shown)),
            "indicators": [_indicator(i) for i in indicators if i.id in shown],
            "figures": [
                _figure(f, quarter, {q: earlier[q] for q in this_year}, previous) for f in figures
            ],
            "returns": _returns(quarter, used),
        },
        organisations={o.code for o in organisations if o.id in used},
    )


def _earlier_quarters(quarter: Quarter) -> list[Quarter]:
    """The year's quarters before this one, and the quarter before (for 'two running')."""
    quarters = [q for q in quarter.financial_year.quarters() if q < quarter]
    return quarters if quarter.number > 1 else [quarter.previous()]


Key = tuple[int, int]


def _by_key(figures: list[Figures]) -> dict[Key, Figures]:
    return {(f.indicator.id, f.organisation.id): f for f in figures}


def _indicator(indicator: Indicator) -> dict[str, Any]:
    area = indicator.service_area
    return {
        "reference": indicator.reference,
        "title": indicator.title,
        "definition": indicator.definition,
        "directorate": area.directorate.name,
        "service_area": area.name,
        "tier": indicator.tier,
        "unit": indicator.unit,
        "decimals": indicator.decimals,
        "polarity": indicator.polarity,
        "scheme": indicator.scheme,
        "tolerance": indicator.tolerance,
        "frequency": indicator.frequency,
        "comparison": indicator.comparison,
    }


def _target_point(target: Target, quarter: Quarter) -> Target:
    if isinstance(target, Profile):
        return target.threshold_at(quarter.last_month.period_number)
    return target


def _target_text(target: Target, unit: str) -> str:
    """The target in the indicator's unit where it was written without one: an
    income target of '360K' shows as £360,000 beside the figures in pounds."""
    if isinstance(target, Threshold | Band | Profile) and target.unit is None and unit:
        return str(dataclasses.replace(target, unit=Unit(unit)))
    return str(target)


def _target_amount(target: Target) -> str | None:
    return amount_text(target.amount) if isinstance(target, Threshold) else None


def _has_months(figure: Figures) -> bool:
    return figure.indicator.frequency == Frequency.MONTHLY or any(
        m.value.kind is not ValueKind.NOT_AVAILABLE for m in figure.months
    )


def _figure(
    figure: Figures,
    quarter: Quarter,
    this_year: dict[Quarter, dict[Key, Figures]],
    previous: dict[Key, Figures],
) -> dict[str, Any]:
    unit = figure.indicator.unit
    key = (figure.indicator.id, figure.organisation.id)
    assessment = figure.result.assessment
    before = previous.get(key)
    if figure.indicator.frequency == Frequency.ANNUAL:
        periods: list[dict[str, Any]] = []
    elif _has_months(figure):
        periods = [
            _period(m.month.label, m.value, unit, m.target, m.assessment and m.assessment.status)
            for m in figure.months
        ]
    else:
        periods = _quarters(figure, quarter, this_year, "")
    comment = figure.commentary
    return {
        "indicator": figure.indicator.reference,
        "organisation": figure.organisation.code,
        "value": shown_value(figure.result.value, unit),
        "target": figure.target_shown if figure.target_text else "",
        "target_amount": amount_text(assessment.target),
        **_in_year(figure),
        "status": assessment.status.value,
        "direction": _code(figure.result.travel.direction),
        "movement": _code(figure.result.travel.movement),
        "last_year": shown_value(figure.last_year, unit),
        "previous_status": before.result.assessment.status.value if before else None,
        "periods": periods,
        "breakdowns": [
            {
                "name": name,
                "value": shown_value(part.value, unit),
                "status": part.assessment.status.value,
                "direction": _code(part.travel.direction),
                "movement": _code(part.travel.movement),
                "last_year": shown_value(figure.breakdown_last_year.get(name), unit),
                "periods": _quarters(figure, quarter, this_year, name)
                if periods and not _has_months(figure)
                else [],
            }
            for name, part in figure.breakdowns.items()
        ],
        "commentary": None
        if comment is None or comment.is_empty
        else {
            "reasons": comment.reasons,
            "difference": comment.difference,
            "remedial_actions": comment.remedial_actions,
        },
    }


def _in_year(figure: Figures) -> dict[str, Any]:
    """How the status was rated where it is not on the figure to date against
    the target as written (issue 17): the words, and the year-end forecast.
    Nothing otherwise, so a snapshot of figures rated as written is as before."""
    words = figure.basis_words
    if not words:
        return {}
    forecast = figure.result.forecast
    return {
        "basis": words,
        "forecast": shown_value(forecast, figure.indicator.unit) if forecast else None,
    }


def _code(member: Any) -> str | None:
    return None if member is None else str(member.value)


def _period(label: str, value: Value, unit: str, target: Target, status: Any) -> dict[str, Any]:
    return {
        "label": label,
        "value": shown_value(value, unit),
        "target": _target_text(target, unit),
        "target_amount": _target_amount(target),
        "status": status.value if status is not None else None,
    }


def _quarters(
    figure: Figures, quarter: Quarter, this_year: dict[Quarter, dict[Key, Figures]], part: str
) -> list[dict[str, Any]]:
    """The year quarter by quarter, for figures reported per quarter (quarters to come: not due)."""
    key = (figure.indicator.id, figure.organisation.id)
    unit = figure.indicator.unit
    periods = []
    for q in quarter.financial_year.quarters():
        target = _target_point(figure.target, q)
        found = figure if q == quarter else this_year.get(q, {}).get(key)
        if q > quarter or found is None:
            value, status = Value(ValueKind.NOT_AVAILABLE), None
            if q <= quarter:
                status = "INCOMPLETE"
        else:
            result = found.breakdowns.get(part) if part else found.result
            if result is None:
                value, status = Value(ValueKind.NOT_AVAILABLE), "INCOMPLETE"
            else:
                value, status = result.value, result.assessment.status.value
        periods.append(
            {
                "label": f"Q{q.number}",
                "value": shown_value(value, unit),
                "target": _target_text(target, unit),
                "target_amount": _target_amount(target),
                "status": status,
            }
        )
    return periods


def _returns(quarter: Quarter, organisation_ids: set[int]) -> dict[str, Any]:
    rows = [r for r in progress(EVERYONE, quarter) if r.organisation.id in organisation_ids]
    approved = sum(
        1 for r in rows if r.return_ is not None and r.return_.status == ReturnStatus.APPROVED
    )
    return {
        "approved": approved,
        "not_approved": [
            {
                "organisation": r.organisation.code,
                "service_area": str(r.service_area),
                "state": r.state,
            }
            for r in rows
            if r.return_ is None or r.return_.status != ReturnStatus.APPROVED
        ],
    }
