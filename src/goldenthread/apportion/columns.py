"""Where the named columns of a sheet are, how a problem names a column, and a
cell as the text a person wrote (refusing formulas and dates).

Columns are matched by name as `rate` matches them: case-insensitively, with
spaces, hyphens or underscores (`Line`, `LINE`, `line`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from goldenthread.ratesheet.columns import ColumnsError, column_letter, normalise
from goldenthread.ratesheet.read import Cell, Formula, as_text

__all__ = ["ColumnsError", "Headings", "cell_text", "normalise"]


class Headings:
    """The positions of a sheet's named columns: `required` ones must be there,
    each named column at most once; any other column is left alone."""

    def __init__(
        self, header: Sequence[str], required: Iterable[str], optional: Iterable[str] = ()
    ) -> None:
        self.header = list(header)
        wanted = [*required, *optional]
        self.position: dict[str, int] = {}
        for index, name in enumerate(header):
            key = normalise(name)
            if key not in wanted:
                continue
            if key in self.position:
                first = column_letter(self.position[key])
                raise ColumnsError(
                    f"column {column_letter(index)} repeats '{key}' (already column {first})"
                )
            self.position[key] = index
        missing = [name for name in required if name not in self.position]
        if missing:
            raise ColumnsError(
                f"missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(m) for m in missing)}: the header row has "
                f"{', '.join(repr(h) for h in header) or 'no names'}"
            )

    def label(self, key: str) -> str:
        """How a problem names a known column: `B (total)`."""
        return self.label_at(self.position[key])

    def label_at(self, index: int) -> str:
        name = self.header[index].strip() if index < len(self.header) else ""
        return f"{column_letter(index)} ({name})" if name else column_letter(index)


def cell_text(cell: Cell | Formula) -> str:
    """A cell's text, stripped; a formula or a date is refused with a ValueError
    (goldenthread reads values, not formulas; an amount is not a date)."""
    if isinstance(cell, Formula):
        raise ValueError(
            f"holds a formula ({_shown(cell.text)}): goldenthread reads values, not "
            "formulas; paste the values instead"
        )
    if isinstance(cell, datetime.date | datetime.time):
        raise ValueError(f"holds a date or time ({as_text(cell)}), not an amount or a name")
    return as_text(cell).strip()


def _shown(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "..."
