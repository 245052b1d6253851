"""A table as a page shows it, with typed cells, ready to be written as CSV or
Excel (`goldenthread.exports.writers`). No Django.

A cell is text (`str`), a count (`int`), a date or a date and time, a figure
(`Figure`: a number with its places and unit, so 97.50% is the number 0.975
shown as a percentage and £8,861 a number shown in pounds) or empty (`None`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from goldenthread.domain.values import Unit, Value, ValueKind, decimal_places


@dataclass(frozen=True)
class Figure:
    """A number and how it is shown: `places` after the point (None: as stored)
    and its unit (% and £ and mm:ss change the number's format)."""

    amount: Decimal
    places: int | None = None
    unit: Unit | None = None

    @property
    def shown_places(self) -> int:
        return decimal_places(self.amount) if self.places is None else self.places


Cell = str | int | Figure | datetime.date | None


@dataclass(frozen=True)
class Column:
    heading: str
    width: int = 14  # in Excel's characters


@dataclass(frozen=True)
class Table:
    """What a download holds: its title (the page, period and filters in
    words), the file's name without extension, the columns and the rows."""

    title: str
    filename: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Cell]]


def figure_cell(value: Value | None, unit: str | Unit | None, places: int | None = None) -> Cell:
    """A figure as the page shows it: a number in the indicator's unit, "n/a",
    "Not yet available", or empty when there is none."""
    if value is None:
        return None
    if value.amount is None:
        return "n/a" if value.kind is ValueKind.NOT_APPLICABLE else "Not yet available"
    shown_unit = value.unit or (Unit(unit) if unit else None)
    return Figure(value.amount, value.decimals if places is None else places, shown_unit)


def file_stem(*parts: str) -> str:
    """A file name from words, safe in any header or file system: lower-case
    letters, digits and hyphens ("overview", "2019/20 Q1" -> "overview-2019-20-q1")."""
    words = (re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts)
    return "-".join(word for word in words if word)[:120].strip("-") or "table"
