"""What a person typed in a search box, as the words to look for.

Every word must be found (in any of the places searched); case does not matter.
Text longer than `SEARCH_LIMIT` characters is cut there, and the page says so,
so that no search costs more than a few dozen words' worth of matching.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Final

SEARCH_LIMIT: Final = 100

SEARCH_CUT: Final = f"Only the first {SEARCH_LIMIT} characters of your search were used."


@dataclass(frozen=True)
class Search:
    """The text searched for (cut to `SEARCH_LIMIT`) and whether it was cut."""

    text: str = ""
    cut: bool = False
    limit: ClassVar[int] = SEARCH_LIMIT

    @classmethod
    def of(cls, typed: str | None) -> Search:
        # control characters (a NUL no database stores) and runs of spaces: one space
        printable = "".join(c if c.isprintable() else " " for c in typed or "")
        text = " ".join(printable.split())
        if len(text) > SEARCH_LIMIT:
            return cls(text[:SEARCH_LIMIT].strip(), cut=True)
        return cls(text)

    @property
    def words(self) -> tuple[str, ...]:
        """Each different word once, in the order typed."""
        return tuple(dict.fromkeys(self.text.split()))

    @property
    def notice(self) -> str:
        """What the page says about the search ("" if it was used whole)."""
        return SEARCH_CUT if self.cut else ""

    def __bool__(self) -> bool:
        return bool(self.text)
