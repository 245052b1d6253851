"""Searching the register: the indicators whose reference, title, service area
or definition hold every word searched for (the register page and the overview
both filter with `matching`)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from goldenthread.domain.search import Search
from goldenthread.indicators.models import Indicator

# Where a word may be found. `icontains` escapes % and _ (and the escape
# character), so they are matched as themselves, not as wildcards.
SEARCHED = ("reference", "title", "service_area__name", "definition")


def matching(indicators: QuerySet[Indicator], search: Search | str) -> QuerySet[Indicator]:
    """The `indicators` that hold every word of `search`, case-insensitively (all
    of them if nothing is searched for)."""
    if isinstance(search, str):
        search = Search.of(search)
    for word in search.words:
        anywhere = Q()
        for place in SEARCHED:
            anywhere |= Q(**{f"{place}__icontains": word})
        indicators = indicators.filter(anywhere)
    return indicators
