"""The INPUT sheet: one row per line, split between the partners.

Columns `line` and `total` are required. A column named after a partner (as
SHARES names it) holds that partner's amount of a **specific allocation**: a
row with every partner column filled is not split by formula, and its amounts
must add up to its total; a row with them all blank is split by its line's
shares (or the shares for every line). Any other column passes through.

The output keeps the input's columns in place (a partner's column is filled
where it is, so an apportioned sheet can be apportioned again) and adds a
column for each partner the input lacks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from goldenthread.apportion.columns import ColumnsError, Headings, cell_text, normalise
from goldenthread.apportion.shares_sheet import ShareBook
from goldenthread.domain.cost_share import ShareError, rounded, specific, split
from goldenthread.domain.money import MoneyError, read_money
from goldenthread.ratesheet.columns import Problem, column_letter
from goldenthread.ratesheet.read import Cell, Formula

# Totals may be written more precisely than pence (a sheet in £m: 0.114321);
# the partners' amounts are rounded to the unit.
TOTAL_PLACES = 6


@dataclass(frozen=True, slots=True)
class Apportioned:
    """A row's partners' amounts (every partner, by normalised name), rounded to
    the unit, adding up to the row's total rounded to the unit."""

    parts: dict[str, Decimal]
    specific: bool

    @property
    def total(self) -> Decimal:
        return sum(self.parts.values(), Decimal(0))


class LineColumns:
    """Where `line`, `total` and the partners' columns are, in the input and the output."""

    def __init__(self, header: Sequence[str], partners: dict[str, str]) -> None:
        self.headings = Headings(header, ("line", "total"))
        self.partner_at: dict[str, int] = {}  # the input's partner columns
        for index, name in enumerate(header):
            key = normalise(name)
            if key not in partners:
                continue
            if key in self.partner_at:
                first = column_letter(self.partner_at[key])
                raise ColumnsError(
                    f"column {column_letter(index)} repeats partner '{name.strip()}' "
                    f"(already column {first})"
                )
            self.partner_at[key] = index
        appended = [key for key in partners if key not in self.partner_at]
        self.output_header = list(header) + [partners[key] for key in appended]
        # Each partner's output column, in the partners' order.
        self.output_at = {
            key: self.partner_at[key]
            if key in self.partner_at
            else len(header) + appended.index(key)
            for key in partners
        }

    @property
    def figures(self) -> frozenset[int]:
        """The output's columns that hold amounts (plain numbers are numbers in XLSX)."""
        return frozenset([self.headings.position["total"], *self.output_at.values()])

    def label(self, key: str) -> str:
        return self.headings.label(key)


class LineSplitter:
    """Splits each row of the input: by specific allocation or by shares."""

    def __init__(self, columns: LineColumns, book: ShareBook | None, unit: Decimal) -> None:
        self.columns = columns
        self.book = book  # None: SHARES has problems; rows are still checked
        self.unit = unit
        self.places = max(-int(unit.as_tuple().exponent), 0)

    def split(self, number: int, cells: list[Cell | Formula]) -> Apportioned | list[Problem]:
        """The row's amounts, or its problems (none when only SHARES is at fault)."""
        problems: list[Problem] = []

        def text(index: int, label: str) -> str | None:
            try:
                return cell_text(cells[index]) if index < len(cells) else ""
            except ValueError as error:
                problems.append(Problem(number, label, str(error)))
                return None

        columns = self.columns
        line = text(columns.headings.position["line"], columns.label("line"))
        if line == "":
            problems.append(Problem(number, columns.label("line"), "is blank: name the line"))
        total_label = columns.label("total")
        total = self._money(
            number,
            text(columns.headings.position["total"], total_label),
            total_label,
            problems,
            blank="is blank: give the line's total (0 for none)",
        )
        given = {
            key: text(index, columns.headings.label_at(index))
            for key, index in columns.partner_at.items()
        }
        filled = [key for key, value in given.items() if value]
        blank = [key for key, value in given.items() if value == ""]
        if filled and blank:
            problems.append(
                Problem(
                    number,
                    self._labels(blank),
                    f"blank while {self._labels(filled)} "
                    f"{'holds' if len(filled) == 1 else 'hold'} a specific allocation: give "
                    "every partner's amount (0 for none), or leave them all blank to split "
                    "the line by its shares",
                )
            )
            return problems
        if filled:
            amounts = {
                key: self._money(number, given[key], self._labels([key]), problems)
                for key in filled
            }
            if problems or total is None:
                return problems
            return self._specific(number, total, amounts, problems)
        if problems or total is None or line is None or self.book is None:
            return problems
        shares = self.book.for_line(line)
        if shares is None:
            named = ", ".join(f"'{n}'" for n in list(self.book.line_names.values())[:5])
            return [
                Problem(
                    number,
                    columns.label("line"),
                    f"SHARES has no shares for line '{line}' and none for every line "
                    f"(a row with a blank line){': it has shares for ' + named if named else ''}",
                )
            ]
        parts = split(total, shares, self.unit)
        return Apportioned(self._every_partner(parts), specific=False)

    def _specific(
        self,
        number: int,
        total: Decimal,
        amounts: dict[str, Decimal | None],
        problems: list[Problem],
    ) -> Apportioned | list[Problem]:
        allocation = {key: amount for key, amount in amounts.items() if amount is not None}
        try:
            specific(total, allocation)
        except ShareError as error:
            return [
                Problem(
                    number,
                    self.columns.label("total"),
                    f"{error}: a specific allocation ({self._labels(list(allocation))}) must "
                    "add up to the line's total",
                )
            ]
        parts = rounded({key: Fraction(amount) for key, amount in allocation.items()}, self.unit)
        return Apportioned(self._every_partner(parts), specific=True)

    def _every_partner(self, parts: dict[str, Decimal]) -> dict[str, Decimal]:
        zero = Decimal(0).quantize(Decimal(1).scaleb(-self.places))
        return {key: parts.get(key, zero) for key in self.columns.output_at}

    def _money(
        self,
        number: int,
        written: str | None,
        label: str,
        problems: list[Problem],
        blank: str = "is blank: give the amount (0 for none)",
    ) -> Decimal | None:
        if written is None:
            return None
        if not written:
            problems.append(Problem(number, label, blank))
            return None
        try:
            return read_money(written, places=TOTAL_PLACES)
        except MoneyError as error:
            problems.append(Problem(number, label, str(error)))
            return None

    def _labels(self, keys: list[str]) -> str:
        return ", ".join(self.columns.headings.label_at(self.columns.partner_at[k]) for k in keys)
