"""Who uses a scheme. The apps that name schemes (the register's indicators, the
reporting rules' summary) sit above this one, so each registers how to find its
uses (in its AppConfig's `ready`); the list page shows them and a scheme in use
cannot be deleted."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping

#: key -> what uses it, in words ("12 indicators", "the summary's columns")
Uses = Callable[[], Mapping[str, str]]
_USES: list[Uses] = []


def register(uses: Uses) -> None:
    """Add an app's uses of schemes (once: a second registration is ignored)."""
    if uses not in _USES:
        _USES.append(uses)


def uses_by_key() -> dict[str, list[str]]:
    """Every scheme key in use, with what uses it."""
    found: dict[str, list[str]] = defaultdict(list)
    for uses in _USES:
        for key, words in uses().items():
            found[key].append(words)
    return dict(found)


def uses_of(key: str) -> list[str]:
    return uses_by_key().get(key, [])


def counted(count: int, singular: str, plural: str) -> str:
    """'1 indicator', '12 indicators'."""
    return f"{count:,} {singular if count == 1 else plural}"
