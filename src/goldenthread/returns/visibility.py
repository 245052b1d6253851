"""Who sees which figures before their return is approved: the one place every
page that shows figures asks (the overview, an indicator's page, the return page).

The rule is `goldenthread.domain.figure_standing`: the performance team, the
service's officers and the directors who sign it off see drafts, marked; everyone
else sees approved figures only, or, where the team turns
`ReportingRules.provisional_to_readers` on, unapproved ones marked "Provisional".
A figure belongs to the return of its council, its indicator's service area and
the quarter (or quarters) it covers. The reason a return was sent back or
reopened is for the service, its directors and the team only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from goldenthread.domain.comparison import ComparisonBasis, comparison_periods
from goldenthread.domain.direction import Travel
from goldenthread.domain.figure_standing import (
    FigureStanding,
    figure_standing,
    standing_label,
)
from goldenthread.domain.lifecycle import State
from goldenthread.domain.periods import Period, Quarter
from goldenthread.domain.values import Value, ValueKind
from goldenthread.indicators.models import Indicator
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope
from goldenthread.reporting.selectors import reporting_rules
from goldenthread.returns.feeds import fed
from goldenthread.returns.kind import RETURNS
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import Figures, MonthFigure

_NOT_SHOWN = Value(ValueKind.NOT_AVAILABLE)


@dataclass(frozen=True)
class Viewer:
    """A person as the figures see them: their reach, and whether the team
    shows readers provisional figures. Read once per request (`viewer_of`)."""

    scope: Scope
    provisional_to_readers: bool

    def sees_drafts(self, organisation: Organisation, service_area: ServiceArea) -> bool:
        """The team, the service area's officers and the directors who sign it off."""
        return bool(RETURNS.parties(self.scope, organisation, service_area))

    def standing(
        self, organisation: Organisation, service_area: ServiceArea, states: Iterable[State | None]
    ) -> FigureStanding:
        return figure_standing(
            states,
            sees_drafts=self.sees_drafts(organisation, service_area),
            provisional_to_readers=self.provisional_to_readers,
        )


def viewer_of(scope: Scope) -> Viewer:
    return Viewer(scope, reporting_rules().provisional_to_readers)


class ReturnStates:
    """The states of the returns of some councils for a span of years, read in one query."""

    def __init__(self, organisation_ids: Iterable[int], years: Iterable[int]) -> None:
        rows = Return.objects.filter(
            organisation_id__in=list(organisation_ids), year__in=list(years)
        ).values_list("organisation_id", "service_area_id", "year", "quarter", "status")
        self._states = {(o, s, y, q): State(status) for o, s, y, q, status in rows}

    def of(self, organisation_id: int, service_area_id: int, period: Period) -> list[State | None]:
        """The states of the returns of the quarters `period` covers (None: no return)."""
        quarters = dict.fromkeys(month.quarter for month in period.months())
        return [
            self._states.get(
                (organisation_id, service_area_id, q.financial_year.start_year, q.number)
            )
            for q in quarters
        ]


@dataclass(frozen=True)
class SeenMonth:
    """A month of the indicator page's table, with its mark ("" when approved)."""

    figure: MonthFigure
    standing: FigureStanding
    label: str

    @property
    def withheld(self) -> bool:
        return not self.standing.shown


@dataclass(frozen=True)
class SeenFigures:
    """One indicator's figures for a council and quarter as one person may see
    them. `figures` is None when withheld; otherwise it holds only what the
    person may see (figures of earlier periods awaiting approval taken out)."""

    indicator: Indicator
    organisation: Organisation
    quarter: Quarter
    standing: FigureStanding
    state: State | None  # the quarter's return; None if nobody has started it
    figures: Figures | None
    months: tuple[SeenMonth, ...] = ()  # `figures.months`, each with its mark

    @property
    def label(self) -> str:
        """ "" when approved; else "Draft", "Submitted", "Sent back", "Provisional"
        or "Awaiting approval"."""
        return standing_label(self.standing, self.state)


def seen(viewer: Viewer, figures: Sequence[Figures]) -> list[SeenFigures]:
    """Each of `figures` as `viewer` may see it (see the module's docstring)."""
    if not figures:
        return []
    quarter = figures[0].quarter
    year = quarter.financial_year.start_year
    states = ReturnStates({f.organisation.id for f in figures}, (year - 1, year))
    outside = fed(f.indicator.id for f in figures)  # recorded outside any return: approved
    return [_seen(viewer, states, f, f.indicator.id in outside) for f in figures]


def _seen(viewer: Viewer, states: ReturnStates, f: Figures, outside: bool) -> SeenFigures:
    organisation, area = f.organisation, f.indicator.service_area

    def states_of(period: Period) -> list[State | None]:
        return [None] if outside else states.of(organisation.id, area.id, period)

    def standing_of(period: Period) -> FigureStanding:
        return viewer.standing(organisation, area, states_of(period))

    quarter_states = states_of(f.quarter)
    standing = viewer.standing(organisation, area, quarter_states)
    as_withheld = SeenFigures(
        f.indicator, organisation, f.quarter, standing, quarter_states[0], None
    )
    if not standing.shown:
        return as_withheld
    month_standings = [standing_of(m.month) for m in f.months]
    shown = f
    if not standing_of(f.quarter.financial_year.previous()).shown:
        shown = replace(
            shown, last_year=None, breakdown_last_year=dict.fromkeys(f.breakdown_last_year)
        )
    if not standing_of(f.quarter.previous()).shown:
        shown = replace(shown, previous_quarter=None)
    compared = comparison_periods(ComparisonBasis(f.indicator.comparison), f.quarter)
    if not all(standing_of(period).shown for period in compared):
        shown = replace(
            shown,
            result=replace(f.result, travel=Travel(None), comparison=None),
            breakdowns={
                name: replace(part, travel=Travel(None), comparison=None)
                for name, part in f.breakdowns.items()
            },
        )
    shown = replace(
        shown,
        months=[
            m if s.shown else replace(m, value=_NOT_SHOWN, assessment=None)
            for m, s in zip(f.months, month_standings, strict=True)
        ],
    )
    months = tuple(
        SeenMonth(m, s, standing_label(s, states_of(m.month)[0]))
        for m, s in zip(shown.months, month_standings, strict=True)
    )
    return replace(as_withheld, figures=shown, months=months)


@dataclass(frozen=True)
class ReturnSeen:
    """A return as one person may see it: its figures (or "Awaiting approval"),
    and whether they may read the reason it was sent back or reopened."""

    standing: FigureStanding
    state: State | None
    reason_shown: bool

    @property
    def figures_shown(self) -> bool:
        return self.standing.shown

    @property
    def label(self) -> str:
        return standing_label(self.standing, self.state)


def return_seen(
    scope: Scope, organisation: Organisation, service_area: ServiceArea, return_: Return | None
) -> ReturnSeen:
    viewer = viewer_of(scope)
    state = return_.state if return_ is not None else None
    return ReturnSeen(
        standing=viewer.standing(organisation, service_area, [state]),
        state=state,
        reason_shown=viewer.sees_drafts(organisation, service_area),
    )


def figure_changes_seen(
    viewer: Viewer, indicator: Indicator, organisations: Sequence[Organisation]
) -> list[Organisation]:
    """The councils whose changes to the indicator's figures and commentary the
    person sees in its history: those whose drafts they see. Others read the
    figures themselves, once approved, on the page; the changes before sign-off
    are the service's working record."""
    return [o for o in organisations if viewer.sees_drafts(o, indicator.service_area)]


def figures_shown(
    scope: Scope, organisation: Organisation, service_area: ServiceArea, quarter: Quarter
) -> bool:
    """Whether the person may see the figures of a council and service area's
    return for the quarter (e.g. in the return's spreadsheet)."""
    return_ = Return.objects.filter(
        organisation=organisation,
        service_area=service_area,
        year=quarter.financial_year.start_year,
        quarter=quarter.number,
    ).first()
    return return_seen(scope, organisation, service_area, return_).figures_shown
