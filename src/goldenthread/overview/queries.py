"""How the overview's pages read their query strings (period, council,
directorate, service area, status, tier, words, state): one reading for a
page and for its downloads, so a download holds what its page shows."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, QueryDict

from goldenthread.domain.periods import Quarter
from goldenthread.domain.search import Search
from goldenthread.indicators.models import Tier
from goldenthread.organisations.models import Organisation
from goldenthread.overview.selectors import Filters
from goldenthread.overview.status_columns import StatusColumns, status_columns
from goldenthread.people.access import Scope, visible_organisations
from goldenthread.returns.selectors import quarter_from
from goldenthread.submissions.selectors import STATE_CHOICES, ProgressFilters


def _one_of(text: str, allowed: set[str]) -> str:
    """A choice from a filter, or "" (all) for anything else."""
    return text if text in allowed else ""


def id_from(text: str | None) -> int | None:
    """An id from a filter: ASCII digits, no more than a database integer holds."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 19 else None


@dataclass(frozen=True)
class Councils:
    """The councils a person may see, and the one the query names among them."""

    visible: list[Organisation]
    chosen: Organisation | None

    @property
    def shown(self) -> list[Organisation]:
        return [self.chosen] if self.chosen is not None else self.visible


def councils_from(scope: Scope, query: QueryDict) -> Councils:
    """A council the person may not see is not found (404), as if it did not exist."""
    visible = visible_organisations(scope)
    code = query.get("organisation", "")
    chosen = next((o for o in visible if o.code == code), None)
    if code and chosen is None:
        raise Http404("No such organisation")
    return Councils(visible, chosen)


@dataclass(frozen=True)
class OverviewQuery:
    quarter: Quarter
    councils: Councils
    filters: Filters
    search: Search
    columns: StatusColumns  # the summary's columns and the status filter's choices


def overview_query(scope: Scope, query: QueryDict) -> OverviewQuery:
    councils = councils_from(scope, query)
    search = Search.of(query.get("q"))
    columns = status_columns()
    filters = Filters(
        organisation=councils.chosen,
        directorate_id=id_from(query.get("directorate")),
        service_area_id=id_from(query.get("service_area")),
        status=columns.choice(query.get("status", "")),
        tier=_one_of(query.get("tier", ""), {"all", *Tier.values}),
        q=search.text,
    )
    return OverviewQuery(quarter_from(query.get("period")), councils, filters, search, columns)


def progress_query(scope: Scope, query: QueryDict) -> tuple[Quarter, Councils, ProgressFilters]:
    councils = councils_from(scope, query)
    state = query.get("state", "")
    filters = ProgressFilters(
        organisation=councils.chosen,
        directorate_id=id_from(query.get("directorate")),
        state=state if state in dict(STATE_CHOICES) else "",
    )
    return quarter_from(query.get("period")), councils, filters


def indicator_query(scope: Scope, query: QueryDict) -> tuple[Quarter, list[Organisation]]:
    """An indicator's page: the quarter, and the councils shown (the one named, if
    the person may see it, else every council they may see)."""
    visible = visible_organisations(scope)
    code = query.get("organisation")
    chosen = [o for o in visible if o.code == code] if code else []
    return quarter_from(query.get("period")), chosen or visible
