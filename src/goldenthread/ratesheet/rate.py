"""Rating the rows of a sheet with the domain's rules.

Rows that share a target, polarity, period, tolerance and the rest share a
`Plan`: those cells are read, checked and turned into a `RatingRule` once,
and each row then only reads its value and comparison figure. A row gives
either its `Rating` or the problems found in it, each naming row and column.

The scheme is a built-in one (`rag`, `achieved-failed`, `monitor-only`) or a
team's scheme file (TOML, docs/cli.md), read by `scheme_option`.
"""

from __future__ import annotations

import datetime
import functools
import operator
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from goldenthread.domain.aggregation import Aggregation, like_for_like
from goldenthread.domain.direction import Travel, direction_of_travel
from goldenthread.domain.periods import parse_period
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import (
    Assessment,
    RatingRule,
    Scheme,
    SchemeError,
    Tolerance,
)
from goldenthread.domain.schemes import BUILT_IN, built_in
from goldenthread.domain.targets import (
    Band,
    Comparator,
    NoTarget,
    NoTargetReason,
    Profile,
    Relative,
    Target,
    Threshold,
    parse_target,
)
from goldenthread.domain.values import (
    NOT_AVAILABLE,
    Unit,
    Value,
    decimal_places,
    parse_value,
    round_to,
    same_unit,
)
from goldenthread.ratesheet.columns import Columns, Problem
from goldenthread.ratesheet.read import Cell, Formula, as_text

# The columns that make up a row's rating rule, as opposed to its figures.
RULE_COLUMNS = (
    "target",
    "polarity",
    "unit",
    "aggregation",
    "value_months",
    "previous_months",
    "tolerance",
    "decimals",
    "period",
)
_PLANS_KEPT = 10_000  # distinct rules remembered at once; memory stays bounded


SCHEME_FILE_LIMIT = 64 * 1024  # bytes: a scheme file is a few lines


@dataclass(frozen=True, slots=True)
class Options:
    scheme: Scheme = Scheme.RAG
    tolerance: Tolerance | None = None  # None: the scheme's own


class SchemeFileError(ValueError):
    """A scheme file that cannot be used: `where` names the file, `reason` says why."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def scheme_option(choice: str) -> Scheme:
    """The scheme `--scheme` names: a built-in key, or a scheme file (a name
    ending in .toml, or a path). `SchemeFileError` for a file that cannot be
    used; `SchemeError` for a name that is neither."""
    if choice in BUILT_IN:
        return built_in(choice)
    path = Path(choice)
    if path.suffix.lower() == ".toml" or os.sep in choice or path.exists():
        return read_scheme(path)
    return built_in(choice)  # raises, naming the built-in schemes


def read_scheme(path: Path) -> Scheme:
    """A scheme file (`Scheme.from_toml`), refused with the reason when it is
    missing, not a file, unreadable, over 64 KB, not UTF-8 or not a valid scheme."""
    where = str(path)
    try:
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise SchemeFileError(where, "is a folder, not a scheme file")
        if not stat.S_ISREG(mode):  # a pipe or device would be read without end
            raise SchemeFileError(where, "is not a file")
        with path.open("rb") as handle:
            data = handle.read(SCHEME_FILE_LIMIT + 1)
    except FileNotFoundError:
        raise SchemeFileError(where, "there is no such scheme file") from None
    except OSError as error:
        raise SchemeFileError(where, f"cannot be read: {error.strerror or error}") from None
    if len(data) > SCHEME_FILE_LIMIT:
        raise SchemeFileError(
            where, "is larger than 64 KB: a scheme file is a name and a few [[status]] tables"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SchemeFileError(where, "is not UTF-8 text") from None
    try:
        return Scheme.from_toml(text)
    except SchemeError as error:
        raise SchemeFileError(where, str(error)) from None


class Rating(NamedTuple):  # one per row: a tuple is the cheapest immutable record
    assessment: Assessment
    travel: Travel
    gap: Decimal | None  # value minus target, to the places of the figures it came from


@dataclass(frozen=True, slots=True)
class Plan:
    """How rows with the same rule cells are rated."""

    target: Target
    unit: Unit | None
    aggregation: Aggregation
    value_months: int
    previous_months: int
    rule: RatingRule  # when `blocked`, a rule that can only tell n/a and incomplete
    blocked: tuple[str, str] | None = None  # (column, reason) that stops rows with a figure
    target_unit: Unit | None = field(init=False)
    relative: bool = field(init=False)  # judged against the comparison figure

    def __post_init__(self) -> None:
        object.__setattr__(self, "target_unit", getattr(self.target, "unit", None))
        object.__setattr__(self, "relative", isinstance(self.target, Relative))

    def rate(self, value: Value, previous: Value | None) -> Rating | tuple[str, str]:
        """The row's rating, or the (column, reason) that stops it."""
        if self.unit:
            for key, figure in (("value", value), ("previous", previous)):
                unit = figure.unit if figure else None
                if unit and unit is not self.unit and not same_unit(unit, self.unit):
                    return key, f"is in {unit.value} but the unit is {self.unit.value}"
        if value.unit:
            target_unit = self.target_unit
            if (
                target_unit
                and target_unit is not value.unit
                and not same_unit(target_unit, value.unit)
            ):
                return "target", _in_another_unit(target_unit, value.unit)
            unit = previous.unit if previous else None
            if unit and unit is not value.unit and not same_unit(unit, value.unit):
                return "previous", _in_another_unit(unit, value.unit)
        if value.amount is not None:
            if self.blocked:
                return self.blocked
            if self.relative and (previous is None or previous.amount is None):
                return "previous", f"is needed: target '{self.target}' is judged against it"
        rule = self.rule
        comparison = previous and like_for_like(
            previous,
            self.aggregation,
            months=self.value_months,
            comparison_months=self.previous_months,
        )
        assessment = rule.assess(value, comparison)
        travel = direction_of_travel(
            value, comparison, polarity=rule.polarity, decimals=rule.decimals
        )
        gap = assessment.gap
        if gap is not None:
            bound = assessment.target
            if self.relative and previous is not None:
                places = previous.decimals or 0  # not the places of a pro rata share
            else:
                places = _places(bound) if bound is not None else 0
            gap = round_to(gap, max(rule.decimals or 0, value.decimals or 0, places))
        return Rating(assessment, travel, gap)


class RowRater:
    """Rates the rows of one sheet."""

    def __init__(self, columns: Columns, options: Options, *, formulas: bool) -> None:
        self.columns = columns
        self.options = options
        self._formulas = formulas  # whether cells may hold formulas (XLSX) at all
        self._width = len(columns.header)
        position = columns.position
        self._value = position["value"]
        self._previous = position.get("previous")
        self._indicator = position["indicator"]
        self._rule_keys = [key for key in RULE_COLUMNS if key in position]
        rule_at = [position[key] for key in self._rule_keys]
        self._rule_key: Callable[[list[Cell | Formula]], Any] = (
            operator.itemgetter(*rule_at) if rule_at else lambda cells: ()
        )
        self._plans: dict[Any, Plan | list[tuple[str, str]]] = {}

    def rate(self, number: int, cells: list[Cell | Formula]) -> Rating | list[Problem]:
        """Rate row `number` (as the spreadsheet numbers it) from its cells."""
        if len(cells) != self._width:
            if any(cell not in (None, "") for cell in cells[self._width :]):
                return [Problem(number, self.columns.label_at(self._width), _BEYOND_HEADER)]
            cells = cells[: self._width] + [None] * (self._width - len(cells))
        if self._formulas and any(type(cell) is Formula for cell in cells):
            return [
                Problem(number, self.columns.label_at(index), _FORMULA.format(cell))
                for index, cell in enumerate(cells)
                if isinstance(cell, Formula)
            ]
        key = self._rule_key(cells)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) >= _PLANS_KEPT:
                self._plans.clear()
            plan = self._plans[key] = self._plan(key)
        found: list[tuple[str, str]] = [] if isinstance(plan, Plan) else list(plan)
        value = _read(cells[self._value], _figure, "value", found) or NOT_AVAILABLE
        previous = None
        if self._previous is not None:
            previous = _read(cells[self._previous], _figure, "previous", found)
        indicator = cells[self._indicator]
        if indicator is None or (isinstance(indicator, str) and not indicator.strip()):
            found.insert(0, ("indicator", "is blank"))
        if not found:
            assert isinstance(plan, Plan)
            rated = plan.rate(value, previous)
            if isinstance(rated, Rating):
                return rated
            found.append(rated)
        return [Problem(number, self.columns.label(col), why) for col, why in found]

    def _plan(self, key: Any) -> Plan | list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        rule_cells = (key,) if len(self._rule_keys) == 1 else key  # itemgetter of one: no tuple
        given = {
            name: _read(cell, _PARSERS[name], name, found)
            for name, cell in zip(self._rule_keys, rule_cells, strict=True)
        }
        tolerance = given.get("tolerance")
        if tolerance is not None:
            misfit = self.options.scheme.tolerance_misfit(tolerance)
            if misfit:
                found.append(("tolerance", misfit))
        if found:
            return found
        target = given.get("target") or _NO_TARGET
        polarity = given.get("polarity") or _implied_polarity(target)
        period = given.get("period")
        value_months = given.get("value_months") or 1
        blocked = None
        if polarity is None:
            blocked = (
                "polarity",
                (
                    f"is needed for target '{target}': up (higher is better), "
                    "down (lower is better) or none"
                ),
            )
        elif isinstance(target, Profile) and period is None:
            blocked = "period", "is needed to pick the month of a profile target (2019/20 Q1)"
        if polarity is None or blocked:  # a rule that can only tell n/a and incomplete
            rule = RatingRule(target if isinstance(target, NoTarget) else _NO_TARGET, Polarity.NONE)
        else:
            rule = RatingRule(
                target,
                polarity,
                self.options.scheme,
                tolerance or self.options.tolerance,  # the row's own wins
                period.last_month.period_number if period else None,
                given.get("decimals"),
            )
        return Plan(
            target=target,
            unit=given.get("unit"),
            aggregation=given.get("aggregation") or Aggregation.LATEST,
            value_months=value_months,
            previous_months=given.get("previous_months") or value_months,
            rule=rule,
            blocked=blocked,
        )


def _read(
    cell: Cell | Formula, parse: Callable[[str], Any], column: str, found: list[tuple[str, str]]
) -> Any:
    """Parse one cell, noting (column, reason) in `found` if it cannot be read."""
    if cell is None or cell == "":
        return None
    try:
        return parse(cell if type(cell) is str else _text(cell))
    except ValueError as error:
        found.append((column, str(error)))
        return None


def _figure(text: str) -> Value:
    """`parse_value`, remembered. Figures repeat (a percentage to two places has
    10,001 possible values) and a Value is immutable, so most are read once. The
    memory is bounded: when full it is emptied at once, which costs less per
    figure than an LRU cache's reordering on every hit."""
    figure = _figures.get(text)
    if figure is None:
        if len(_figures) >= _FIGURES_KEPT:
            _figures.clear()
        figure = _figures[text] = parse_value(text)
    return figure


_FIGURES_KEPT = 65_536
_figures: dict[str, Value] = {}
_places = functools.lru_cache(maxsize=4096)(decimal_places)
_BEYOND_HEADER = "and beyond hold figures, but the header row does not name these columns"
_FORMULA = "holds a formula ({}): goldenthread reads values, not formulas; paste the value"
_NO_TARGET = NoTarget(NoTargetReason.NOT_SET)


def _text(cell: Cell | Formula) -> str:
    """A cell that should hold a figure, as text (formulas were refused before)."""
    if isinstance(cell, datetime.date | datetime.time):
        raise ValueError(f"holds a date or time ({cell}), not a figure")
    return as_text(cell)


def _in_another_unit(unit: Unit, value_unit: Unit) -> str:
    return f"is in {unit.value} but the value in {value_unit.value}"


def _implied_polarity(target: Target) -> Polarity | None:
    """The polarity a target itself states: '<26 weeks' means lower is better."""
    if isinstance(target, Band | NoTarget):
        return Polarity.NONE
    comparator = target.comparator if isinstance(target, Threshold | Relative) else None
    if comparator in (Comparator.LESS_THAN, Comparator.AT_MOST):
        return Polarity.DOWN
    if comparator in (Comparator.MORE_THAN, Comparator.AT_LEAST):
        return Polarity.UP
    return None


def _whole_number(low: int, high: int, what: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        text = text.strip()
        if text.endswith(".0"):  # a whole number that a spreadsheet stored as a float
            text = text[:-2]
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"'{text}' is not {what} (a whole number from {low} to {high})")
        return int(text)

    return parse


_PARSERS: dict[str, Callable[[str], Any]] = {
    "target": functools.lru_cache(maxsize=4096)(parse_target),
    "polarity": Polarity.parse,
    "unit": Unit.parse,
    "aggregation": Aggregation.parse,
    "value_months": _whole_number(1, 120, "a number of months"),
    "previous_months": _whole_number(1, 120, "a number of months"),
    "tolerance": Tolerance.parse,
    "decimals": _whole_number(0, 10, "a number of decimal places"),
    "period": parse_period,
}
assert set(_PARSERS) == set(RULE_COLUMNS)
