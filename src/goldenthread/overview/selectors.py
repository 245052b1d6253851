"""Reads for the overview: what a person may see, for a quarter and council,
filtered, with the summary counts; and the progress of the quarter's returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max

from goldenthread.domain.periods import Month, PeriodError, Quarter, parse_period
from goldenthread.domain.rating import Status
from goldenthread.domain.summary import StatusCounts, summarise
from goldenthread.indicators.models import Frequency, Indicator, Tier
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope
from goldenthread.returns.models import Measurement, Return, ReturnStatus
from goldenthread.returns.selectors import Figures, applicable_indicators, figures_for

SUMMARY_STATUSES = (
    Status.GREEN,
    Status.AMBER,
    Status.RED,
    Status.NOT_APPLICABLE,
    Status.INCOMPLETE,
    Status.NO_TARGET,
)


def visible_organisations(scope: Scope) -> list[Organisation]:
    query = Organisation.objects.all()
    if not (scope.is_performance_team or scope.all_organisations):
        query = query.filter(id__in=scope.organisation_ids)
    return list(query)


def latest_quarter() -> Quarter:
    """The quarter of the latest monthly or quarterly figure; this quarter if none."""
    latest: datetime.date | None = Measurement.objects.filter(months__in=(1, 3)).aggregate(
        latest=Max("start")
    )["latest"]
    if latest is None:
        today = datetime.date.today()
        return Month(today.year, today.month).quarter
    return Month(latest.year, latest.month).quarter


def quarter_from(text: str | None) -> Quarter:
    """The quarter named in a query string, else the latest; bad text falls back too."""
    if text:
        try:
            period = parse_period(text)
        except PeriodError:
            return latest_quarter()
        if isinstance(period, Quarter):
            return period
        if isinstance(period, Month):
            return period.quarter
    return latest_quarter()


def quarter_choices(around: Quarter) -> list[Quarter]:
    year = around.financial_year
    return [*year.previous().quarters(), *year.quarters(), *year.next().quarters()]


@dataclass
class Filters:
    organisation: Organisation | None = None
    directorate_id: int | None = None
    service_area_id: int | None = None
    status: str = ""
    tier: str = ""  # "": strategic and operational (rated); "all"; or one tier


@dataclass(frozen=True)
class SummaryRow:
    """One council's line of the summary table (Achieved counts as Green, Failed as Red)."""

    organisation: str
    green: int
    amber: int
    red: int
    not_applicable: int
    incomplete: int
    no_target: int
    total: int
    share_green: Decimal | None

    @classmethod
    def of(cls, counts: StatusCounts) -> SummaryRow:
        return cls(counts.organisation, *counts.columns(), counts.share_green)


@dataclass
class Overview:
    quarter: Quarter
    organisations: list[Organisation]
    figures: list[Figures]
    summary: list[SummaryRow]


def overview(scope: Scope, quarter: Quarter, filters: Filters) -> Overview:
    organisations = visible_organisations(scope)
    if filters.organisation is not None:
        organisations = [o for o in organisations if o.id == filters.organisation.id]
    indicators = applicable_indicators()
    if quarter.number != 4:  # annual indicators are reported with the year's last quarter
        indicators = indicators.exclude(frequency=Frequency.ANNUAL)
    if not filters.tier:
        indicators = indicators.exclude(tier=Tier.VOLUMETRIC)
    elif filters.tier != "all":
        indicators = indicators.filter(tier=filters.tier)
    if filters.directorate_id:
        indicators = indicators.filter(service_area__directorate_id=filters.directorate_id)
    if filters.service_area_id:
        indicators = indicators.filter(service_area_id=filters.service_area_id)
    indicators = indicators.order_by(
        "service_area__directorate__name", "service_area__name", "reference"
    )
    figures = figures_for(
        quarter=quarter, indicators=list(indicators), organisations=organisations, with_months=False
    )
    counted = summarise((f.organisation.code, f.result.assessment.status) for f in figures)
    summary = [SummaryRow.of(counted.get(o.code, StatusCounts(o.code))) for o in organisations]
    if filters.status:
        figures = [f for f in figures if f.status == filters.status]
    return Overview(quarter, organisations, figures, summary)


@dataclass
class Progress:
    organisation: Organisation
    service_area: ServiceArea
    indicators: int
    return_: Return | None

    @property
    def state(self) -> str:
        if self.return_ is None:
            return "Missing"
        return self.return_.get_status_display()


def progress(scope: Scope, quarter: Quarter) -> list[Progress]:
    """Each council and service area with indicators, and where its return stands."""
    organisations = visible_organisations(scope)
    returns = {
        (r.organisation_id, r.service_area_id): r
        for r in Return.objects.filter(
            year=quarter.financial_year.start_year, quarter=quarter.number
        )
    }
    pairs: dict[tuple[int, int], int] = {}
    through = Indicator.organisations.through.objects.filter(
        organisation__in=organisations, indicator__retired_on__isnull=True
    ).values_list("organisation_id", "indicator__service_area_id")
    for organisation_id, service_area_id in through:
        pairs[(organisation_id, service_area_id)] = (
            pairs.get((organisation_id, service_area_id), 0) + 1
        )
    by_id = {o.id: o for o in organisations}
    areas = ServiceArea.objects.select_related("directorate").in_bulk({s for _, s in pairs})
    rows = [
        Progress(by_id[o], areas[s], count, returns.get((o, s))) for (o, s), count in pairs.items()
    ]
    return sorted(rows, key=lambda p: (p.organisation.code, str(p.service_area)))


def progress_counts(rows: list[Progress]) -> dict[str, int]:
    counts = {"Missing": 0, **{label: 0 for _, label in ReturnStatus.choices}}
    for row in rows:
        counts[row.state] += 1
    return counts
