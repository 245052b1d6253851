"""Rating a sheet of indicators, one row at a time, with the domain's rules.

Columns are matched by name, case-insensitively, with spaces, hyphens or
underscores: ``indicator`` and ``value`` are required; ``target``,
``polarity``, ``unit``, ``aggregation``, ``previous``, ``value_months``,
``previous_months``, ``tolerance``, ``decimals`` and ``period`` are optional.
Other columns pass through untouched. Each row gives either its rating or the
problems found in it, each naming its row and column.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from goldenthread.domain.aggregation import Aggregation, like_for_like
from goldenthread.domain.direction import Travel, direction_of_travel
from goldenthread.domain.periods import Period, parse_period
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import (
    DEFAULT_TOLERANCE,
    Assessment,
    Scheme,
    Tolerance,
    assess,
)
from goldenthread.domain.targets import (
    Band,
    Comparator,
    NoTarget,
    NoTargetReason,
    Profile,
    Relative,
    Target,
    parse_target,
)
from goldenthread.domain.values import (
    NOT_AVAILABLE,
    Unit,
    Value,
    decimal_places,
    parse_value,
    round_to,
)
from goldenthread.ratesheet.read import Cell, Formula, Row

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
ADDED_COLUMNS = ("status", "direction", "movement", "gap")
FIGURE_COLUMNS = ("value", "target", "previous", "gap")
T = TypeVar("T")


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


@dataclass(frozen=True, slots=True)
class Rating:
    assessment: Assessment
    travel: Travel
    gap: Decimal | None


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


@dataclass(frozen=True, slots=True)
class Options:
    scheme: Scheme = Scheme.RAG
    tolerance: Tolerance = DEFAULT_TOLERANCE


@dataclass(frozen=True, slots=True)
class RowInput:
    """One row's cells, read."""

    value: Value
    target: Target
    polarity: Polarity | None
    unit: Unit | None
    aggregation: Aggregation
    previous: Value | None
    value_months: int
    previous_months: int | None
    tolerance: Tolerance | None
    decimals: int | None
    period: Period | None


class RowRater:
    """Rates the rows of one sheet; a row that cannot be rated gives its problems."""

    def __init__(self, columns: Columns, options: Options) -> None:
        self.columns = columns
        self.options = options

    def rate(self, row: Row) -> Rating | list[Problem]:
        problems = [
            Problem(row.number, self.columns.label_at(index), _FORMULA.format(cell.text))
            for index, cell in enumerate(row.cells)
            if isinstance(cell, Formula)
        ]
        if problems:
            return problems
        given = self._read(row, problems)
        if given is None:
            return problems
        reason = self._check(given)
        if reason is not None:
            return [Problem(row.number, self.columns.label(reason[0]), reason[1])]
        return self._rate(given)

    def _read(self, row: Row, problems: list[Problem]) -> RowInput | None:
        def read(key: str, parse: Callable[[str], T]) -> T | None:
            index = self.columns.position.get(key)
            if index is None or index >= len(row.cells):
                return None
            cell = row.cells[index]
            if cell is None or cell == "":
                return None
            try:
                return parse(_text(cell))
            except ValueError as error:
                problems.append(Problem(row.number, self.columns.label(key), str(error)))
                return None

        if not (read("indicator", str) or "").strip() and not problems:
            problems.append(Problem(row.number, self.columns.label("indicator"), "is blank"))
        given = RowInput(
            value=read("value", parse_value) or NOT_AVAILABLE,
            target=read("target", _target) or NoTarget(NoTargetReason.NOT_SET),
            polarity=read("polarity", _polarity),
            unit=read("unit", _unit),
            aggregation=read("aggregation", _aggregation) or Aggregation.LATEST,
            previous=read("previous", parse_value),
            value_months=read("value_months", _months) or 1,
            previous_months=read("previous_months", _months),
            tolerance=read("tolerance", _tolerance),
            decimals=read("decimals", _decimals),
            period=read("period", _period),
        )
        return None if problems else given

    def _check(self, given: RowInput) -> tuple[str, str] | None:
        """A (column, reason) that stops the row being rated, if any."""
        value, previous, unit = given.value, given.previous, given.unit
        for key, figure in (("value", value), ("previous", previous)):
            if unit and figure and figure.unit and figure.unit is not unit:
                return key, f"is in {figure.unit.value} but the unit is {unit.value}"
        target_unit = getattr(given.target, "unit", None)
        if value.unit and target_unit and value.unit is not target_unit:
            return "target", f"is in {target_unit.value} but the value in {value.unit.value}"
        if not value.is_number:
            return None
        if given.polarity is None and _implied_polarity(given.target) is None:
            return "polarity", (
                f"is needed for target '{given.target}': up (higher is better), "
                "down (lower is better) or none"
            )
        if isinstance(given.target, Relative) and (previous is None or not previous.is_number):
            return "previous", f"is needed: target '{given.target}' is judged against it"
        if isinstance(given.target, Profile) and given.period is None:
            return "period", "is needed to pick the month of a profile target (e.g. 2019/20 Q1)"
        return None

    def _rate(self, given: RowInput) -> Rating:
        polarity = given.polarity or _implied_polarity(given.target) or Polarity.NONE
        value, previous = given.value, given.previous
        comparison = previous and like_for_like(
            previous,
            given.aggregation,
            months=given.value_months,
            comparison_months=given.previous_months or given.value_months,
        )
        decimals = given.decimals
        if decimals is None:  # as written
            decimals = max(value.decimals or 0, (previous and previous.decimals) or 0)
        assessment = assess(
            value,
            given.target,
            polarity=polarity,
            scheme=self.options.scheme,
            tolerance=given.tolerance or self.options.tolerance,
            comparison=comparison,
            period_number=given.period.last_month.period_number if given.period else None,
            decimals=decimals,
        )
        travel = direction_of_travel(value, comparison, polarity=polarity, decimals=decimals)
        gap = assessment.gap
        if gap is not None and assessment.target is not None:  # shown as precisely as its parts
            gap = round_to(gap, max(decimals, decimal_places(assessment.target)))
        return Rating(assessment, travel, gap)


_FORMULA = "holds a formula ({}): goldenthread reads values, not formulas; paste the value"


def _text(cell: Cell | Formula) -> str:
    if isinstance(cell, str):
        return cell
    if isinstance(cell, int | float | Decimal):
        return repr(cell) if isinstance(cell, float) else str(cell)
    if isinstance(cell, Formula):
        raise ValueError(_FORMULA.format(cell.text))
    raise ValueError(f"holds a date or time ({cell}), not a figure")


def _implied_polarity(target: Target) -> Polarity | None:
    """The polarity a target's own comparator states: '<26 weeks' means lower is better."""
    if isinstance(target, Band | NoTarget):
        return Polarity.NONE
    comparator = getattr(target, "comparator", None)
    if comparator in (Comparator.LESS_THAN, Comparator.AT_MOST):
        return Polarity.DOWN
    if comparator in (Comparator.MORE_THAN, Comparator.AT_LEAST):
        return Polarity.UP
    return None


@functools.lru_cache(maxsize=4096)
def _target(text: str) -> Target:
    return parse_target(text)


@functools.lru_cache(maxsize=64)
def _polarity(text: str) -> Polarity:
    return Polarity.parse(text)


@functools.lru_cache(maxsize=64)
def _unit(text: str) -> Unit:
    return Unit.parse(text)


@functools.lru_cache(maxsize=64)
def _aggregation(text: str) -> Aggregation:
    return Aggregation.parse(text)


@functools.lru_cache(maxsize=64)
def _tolerance(text: str) -> Tolerance:
    return Tolerance.parse(text)


@functools.lru_cache(maxsize=4096)
def _period(text: str) -> Period:
    return parse_period(text)


def _months(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 120:
        raise ValueError(f"'{text}' is not a number of months (a whole number from 1 to 120)")
    return int(text)


def _decimals(text: str) -> int:
    if not text.strip().isdigit() or int(text) > 10:
        raise ValueError(f"'{text}' is not a number of decimal places (0 to 10)")
    return int(text)
