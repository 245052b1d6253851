"""Reads for the overview: what a person may see, for a quarter and council,
filtered, with the summary counts; and the progress of the quarter's returns.
Figures not yet approved are shown, marked, or withheld by `returns.visibility`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from goldenthread.domain.figure_standing import FigureStanding, counted_note
from goldenthread.domain.periods import Quarter
from goldenthread.domain.schedule import frequencies_reported_in
from goldenthread.domain.schemes import Status
from goldenthread.domain.summary import StatusCounts, summarise
from goldenthread.indicators.models import Tier
from goldenthread.indicators.search import matching
from goldenthread.organisations.models import Organisation
from goldenthread.overview.status_columns import StatusColumns, status_columns
from goldenthread.people.access import Scope, visible_organisations
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import Figures, applicable_indicators, figures_for
from goldenthread.returns.visibility import SeenFigures, seen, viewer_of
from goldenthread.submissions.kinds import kind_named
from goldenthread.submissions.selectors import Standing, standings


@dataclass
class Filters:
    organisation: Organisation | None = None
    directorate_id: int | None = None
    service_area_id: int | None = None
    status: str = ""
    tier: str = ""  # "": strategic and operational (rated); "all"; or one tier
    q: str = ""  # words searched for (`indicators.search.matching`)


@dataclass(frozen=True)
class SummaryRow:
    """One council's line of the summary table: the count in each column
    (`StatusColumns.columns`: another scheme's status in the column of its
    grade, achieved as green), the total and the share met."""

    organisation: str
    counts: tuple[int, ...]
    total: int
    share_met: Decimal | None

    @classmethod
    def of(cls, counts: StatusCounts, columns: tuple[Status, ...]) -> SummaryRow:
        *per_column, total = counts.columns(columns)
        return cls(counts.organisation, tuple(per_column), total, counts.share_green)


@dataclass
class Overview:
    quarter: Quarter
    organisations: list[Organisation]
    figures: list[Figures]  # the figures this person may see (none awaiting approval)
    summary: list[SummaryRow]
    columns: StatusColumns  # the summary's columns and the status filter's choices
    rows: list[SeenFigures] = field(default_factory=list)  # every one, as this person sees it
    counted: str = ""  # what the summary counts, in words


def overview(
    scope: Scope, quarter: Quarter, filters: Filters, columns: StatusColumns | None = None
) -> Overview:
    """`columns`: the summary's columns and the filter's choices (`status_columns()`,
    read once for the pages that show two quarters)."""
    columns = columns or status_columns()
    organisations = visible_organisations(scope)
    if filters.organisation is not None:
        organisations = [o for o in organisations if o.id == filters.organisation.id]
    indicators = applicable_indicators(quarter).filter(
        frequency__in=frequencies_reported_in(quarter)
    )
    if not filters.tier:
        indicators = indicators.exclude(tier=Tier.VOLUMETRIC)
    elif filters.tier != "all":
        indicators = indicators.filter(tier=filters.tier)
    if filters.directorate_id:
        indicators = indicators.filter(service_area__directorate_id=filters.directorate_id)
    if filters.service_area_id:
        indicators = indicators.filter(service_area_id=filters.service_area_id)
    indicators = matching(indicators, filters.q)
    indicators = indicators.order_by(
        "service_area__directorate__name", "service_area__name", "reference"
    )
    rows = seen(
        viewer_of(scope),
        figures_for(
            quarter=quarter,
            indicators=list(indicators),
            organisations=organisations,
            with_months=False,
        ),
    )
    shown = [r.figures for r in rows if r.figures is not None]  # withheld: not counted
    counted = summarise((f.organisation.code, f.result.assessment.status) for f in shown)
    summary = [
        SummaryRow.of(counted.get(o.code, StatusCounts(o.code)), columns.columns)
        for o in organisations
    ]
    standings = [r.standing for r in rows]
    note = counted_note(
        drafts=standings.count(FigureStanding.DRAFT),
        provisional=standings.count(FigureStanding.PROVISIONAL),
        withheld=standings.count(FigureStanding.WITHHELD),
    )
    if filters.status:  # a column shows what it counts: green shows achieved too
        rows = [
            r
            for r in rows
            if r.figures is not None
            and columns.matches(r.figures.result.assessment.status, filters.status)
        ]
    figures = [r.figures for r in rows if r.figures is not None]
    return Overview(quarter, organisations, figures, summary, columns, rows, note)


@dataclass(frozen=True)
class Progress(Standing):
    """Where a council and service area's data return stands, in the names the
    returns pages and the pack use."""

    @property
    def indicators(self) -> int:
        return self.items

    @property
    def return_(self) -> Return | None:
        return self.submission  # type: ignore[return-value]


def progress(scope: Scope, quarter: Quarter) -> list[Progress]:
    """Each council and service area with indicators, and where its return stands."""
    rows = standings(kind_named("returns"), visible_organisations(scope), quarter)
    return [Progress(**vars(row)) for row in rows]
