"""Indicators whose figures another module records (budget monitoring feeds
"Savings achieved" from its savings programme): their figures are not typed on
a return (the return page and its workbook show them, read-only, with where
they come from), and they count as approved, whatever the state of the return
of their service area, since the module records only figures it has signed off.

The modules that feed figures sit above this one, so each registers how to
find its indicators (in its AppConfig's `ready`), as `schemes.usage` does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping

#: indicator ids -> {id of each fed one: where its figures come from, in words}
Feed = Callable[[Collection[int]], Mapping[int, str]]
_FEEDS: list[Feed] = []


def register(feed: Feed) -> None:
    """Add a module's feed (once: a second registration is ignored)."""
    if feed not in _FEEDS:
        _FEEDS.append(feed)


def fed(indicator_ids: Iterable[int]) -> dict[int, str]:
    """Of these indicators, those whose figures are fed, with where from."""
    ids = set(indicator_ids)
    found: dict[int, str] = {}
    if not ids:
        return found
    for feed in _FEEDS:
        found.update(feed(ids))
    return found
