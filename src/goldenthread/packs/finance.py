"""Budget monitoring's part of the pack's snapshot (Django side): the shared
service's position at the latest period of the pack's quarter that the Director
of Finance has signed off, as a reader of the pack's councils may see it (the
shared lines, and only those councils' own non-shared lines), with the reserve
table (offset by the partners' shares of the shared variance) and the figures
the papers state that the lines contradict. `reports.finance` assembles it.
Money is written as the exact Decimal's string, never a float.

```
"finance": {"service": {"code", "name"} | null, "year": 2019, "year_label": "2019/20",
            "period": 5 | null, "label": "Period 5 2019/20 (August 2019)",
            "previous": "Period 4 2019/20 (July 2019)" | null (no earlier period shown),
            "partners": [{"code", "name"}] (every partner, code order),
            "councils": ["LBH"] (whose non-shared lines the pack shows),
            "lines": [L], "reserves": {"opening": {code: M}, "drawdowns": [D],
            "offsets": {code: M}}, "contradictions": [C]}
L: {"code", "name", "service", "council": code | null (shared), "budget": M,
    "forecast": M, "previous": M | null, "explanation", "entered": bool,
    "parts": {code: M} (a shared line's variance per partner), "basis", "problem"}
D: {"purpose", "stage": "drawn" | "projected", "in_base": bool, "amounts": {code: M}}
C: {"label", "where", "stated": M, "computed": M, "difference": M}
M: "12888.00" (a Decimal's string)
```
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from goldenthread.domain.periods import FinancialYear
from goldenthread.finance.models import Budget, FinancePeriod
from goldenthread.finance.selectors import (
    LineRow,
    PeriodPosition,
    contradictions,
    period_of,
    period_seen,
    position,
    reserve_table,
)
from goldenthread.organisations.models import Organisation
from goldenthread.packs.pack_request import PackRequest, SnapshotPart
from goldenthread.people.access import Scope


def signed_off_period(request: PackRequest) -> FinancePeriod | None:
    """The latest period of the pack's quarter (P4-P6 for Q2) that the pack's
    readers may see, that is, signed off: of the first shared service with one."""
    year = request.quarter.financial_year.start_year
    last = request.quarter.number * 3
    readers = request.readers
    for budget in (
        Budget.objects.filter(year=year)
        .select_related("organisation")
        .order_by("organisation__code")
    ):
        for number in range(last, last - 3, -1):
            finance_period = period_of(budget.organisation, year, number)
            if period_seen(readers, finance_period):
                return finance_period
    return None


def finance_part(request: PackRequest) -> SnapshotPart:
    """The finance section's part for `request` (see the module's schema): empty
    when no period of the quarter has been signed off."""
    year = request.quarter.financial_year.start_year
    finance_period = signed_off_period(request)
    if finance_period is None:
        data: dict[str, Any] = {
            "service": None,
            "year": year,
            "year_label": FinancialYear(year).label,
            "period": None,
            "label": "",
            "previous": None,
            "partners": [],
            "councils": [],
            "lines": [],
            "reserves": {"opening": {}, "drawdowns": [], "offsets": {}},
            "contradictions": [],
        }
        councils = {o.code for o in request.organisations if o.kind == Organisation.Kind.COUNCIL}
        return SnapshotPart({"finance": data}, organisations=councils, empty=True)
    service = finance_period.organisation
    readers = request.readers
    at = position(readers, service, year, finance_period.period)
    shown = _councils_shown(readers, at)
    table, _ = reserve_table(service, year, at.shared_parts)
    earlier = period_of(service, year, finance_period.period - 1)
    data = {
        "service": {"code": service.code, "name": service.name},
        "year": year,
        "year_label": FinancialYear(year).label,
        "period": finance_period.period,
        "label": finance_period.label,
        "previous": earlier.label if earlier and period_seen(readers, earlier) else None,
        "partners": [{"code": p.code, "name": p.name} for p in at.partners],
        "councils": [p.code for p in shown],
        "lines": [_line(row) for row in at.rows],
        "reserves": {
            "opening": _amounts(table.opening_row),
            "drawdowns": [
                {
                    "purpose": item.purpose,
                    "stage": item.stage.value,
                    "in_base": item.in_base,
                    "amounts": _amounts(item.amounts),
                }
                for item in table.drawdowns
            ],
            "offsets": _amounts(table.offset_row),
        },
        "contradictions": [
            {
                "label": c.label,
                "where": c.where,
                "stated": str(c.stated),
                "computed": str(c.computed),
                "difference": str(c.difference),
            }
            for c in contradictions(at)
        ],
    }
    codes = {service.code} | {p.code for p in shown}
    return SnapshotPart(
        {"finance": data}, organisations=codes & {o.code for o in request.organisations}
    )


def _councils_shown(readers: Scope, at: PeriodPosition) -> list[Organisation]:
    """The partners whose non-shared lines the pack's readers see: every partner
    for a pack of every council; else the pack's own councils."""
    if readers.all_organisations or readers.is_performance_team:
        return list(at.partners)
    return [p for p in at.partners if p.id in readers.organisation_ids]


def _amounts(values: Any) -> dict[str, str]:
    return {code: str(amount) for code, amount in values.items()}


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _line(row: LineRow) -> dict[str, Any]:
    line = row.line
    return {
        "code": line.code,
        "name": line.name,
        "service": line.service.name,
        "council": line.council.code if line.council else None,
        "budget": str(row.position.budget),
        "forecast": str(row.position.forecast),
        "previous": _money(row.position.previous),
        "explanation": row.explanation,
        "entered": row.forecast_entered,
        "parts": _amounts(row.parts),
        "basis": row.basis,
        "problem": row.problem,
    }
