"""Which periods are approved, for a kind of submission: what a lower layer (the
indicator register) asks before a change that would reach into a period that
was signed off, without importing the module that owns the kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.submissions.kinds import kinds
from goldenthread.submissions.models import SubmissionStatus


@dataclass(frozen=True)
class ApprovedPeriod:
    """An approved submission: its council, service area and quarter."""

    organisation: Organisation
    service_area: ServiceArea
    quarter: Quarter

    @property
    def label(self) -> str:
        """As people name it: "2019/20 Q1 Payroll for LBH"."""
        return f"{self.quarter.label} {self.service_area.name} for {self.organisation.code}"


def approved_periods(
    kind_name: str,
    *,
    organisation_ids: Iterable[int] | None = None,
    service_area_ids: Iterable[int] | None = None,
) -> list[ApprovedPeriod]:
    """The approved submissions of the kind named (none if no such kind is
    registered), optionally for some councils and service areas, oldest first.
    A kind's model stores its period as `year` and `quarter` (the convention
    every submission model follows: docs/architecture.md)."""
    kind = next((k for k in kinds() if k.name == kind_name), None)
    if kind is None:
        return []
    query = kind.model.objects.filter(status=SubmissionStatus.APPROVED)
    if organisation_ids is not None:
        query = query.filter(organisation_id__in=list(organisation_ids))
    if service_area_ids is not None:
        query = query.filter(service_area_id__in=list(service_area_ids))
    found = [
        ApprovedPeriod(
            row.organisation,  # type: ignore[attr-defined]
            row.service_area,  # type: ignore[attr-defined]
            Quarter(FinancialYear(row.year), row.quarter),  # type: ignore[attr-defined]
        )
        for row in query.select_related("organisation", "service_area")
    ]
    return sorted(found, key=lambda p: (p.quarter, p.organisation.code, p.service_area.name))
