"""The columns of a sheet to rate: which are known, where they are, how problems name them.

Columns are matched by name, case-insensitively, with spaces, hyphens or
underscores. ``indicator`` and ``value`` are required; the other known columns
are optional; any other column passes through untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

KNOWN_COLUMNS = (
    "indicator",
    "value",
    "target",
    "polarity",
    "unit",
    "aggregation",
    "previous",
    "value_months",
    "previous_months",
    "tolerance",
    "decimals",
    "period",
)
REQUIRED_COLUMNS = ("indicator", "value")
# Other names the papers and councils' own sheets use for the known columns.
ALIASES = {
    "kpi": "indicator",
    "measure": "indicator",
    "outturn": "value",
    "actual": "value",
    "good_is": "polarity",
    "units": "unit",
    "unit_of_measure": "unit",
    "previous_year": "previous",
    "last_year": "previous",
    "comparison": "previous",
}
ADDED_COLUMNS = ("status", "direction", "movement", "gap")
FIGURE_COLUMNS = ("value", "target", "previous", "gap")


class ColumnsError(ValueError):
    """The header lacks a required column or names one twice."""


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one cell (or the file) could not be rated."""

    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet names column `index`."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def normalise(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


class Columns:
    """Where each known column is in the header, and where the added ones go."""

    def __init__(self, header: list[str]) -> None:
        self.header = list(header)
        self.position: dict[str, int] = {}
        for index, name in enumerate(header):
            key = normalise(name)
            key = ALIASES.get(key, key)
            if key in KNOWN_COLUMNS or key in ADDED_COLUMNS:
                if key in self.position:
                    first = column_letter(self.position[key])
                    raise ColumnsError(
                        f"column {column_letter(index)} repeats '{key}' (already column {first})"
                    )
                self.position[key] = index
        missing = [name for name in REQUIRED_COLUMNS if name not in self.position]
        if missing:
            raise ColumnsError(
                f"missing required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(m) for m in missing)}: the header row has "
                f"{', '.join(repr(h) for h in header)}"
            )
        # The columns this command writes replace any of the same name (so a
        # rated sheet can be rated again); the others are appended.
        appended = [name for name in ADDED_COLUMNS if name not in self.position]
        self.output_header = self.header + appended
        self.added_at = [
            self.position[name] if name in self.position else len(header) + appended.index(name)
            for name in ADDED_COLUMNS
        ]

    @property
    def figures(self) -> frozenset[int]:
        """Output positions of the columns that hold figures."""
        gap = self.added_at[ADDED_COLUMNS.index("gap")]
        return frozenset([gap, *(self.position[k] for k in FIGURE_COLUMNS if k in self.position)])

    def label(self, key: str) -> str:
        """How a problem names a known column: `C (target)`."""
        if key not in self.position:
            return f"'{key}' (add this column)"
        return self.label_at(self.position[key])

    def label_at(self, index: int) -> str:
        name = self.header[index].strip() if index < len(self.header) else ""
        return f"{column_letter(index)} ({name})" if name else column_letter(index)
