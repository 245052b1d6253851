"""Apportion a whole sheet: read the shares, split each line, write; all or nothing.

Rows stream through as `rate`'s do: each is split and written as it is read,
the partners' totals kept as it goes; the output is moved into place only if
every row of both sheets could be read (`ratesheet.run.staged_output`), so a
sheet with problems leaves nothing behind. A last row, "Total", holds each
partner's total and the grand total.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import BinaryIO

from goldenthread.apportion.columns import ColumnsError
from goldenthread.apportion.lines import Apportioned, LineColumns, LineSplitter
from goldenthread.apportion.shares_sheet import read_shares
from goldenthread.ratesheet.columns import Problem
from goldenthread.ratesheet.read import Cell, Formula, Sheet, SheetError, open_sheet
from goldenthread.ratesheet.run import deliver, staged_output
from goldenthread.ratesheet.write import open_writer

TOTAL_ROW = "Total"


@dataclass(frozen=True)
class Options:
    """How to apportion: the unit amounts are rounded to, and how far the shares
    may be from 100% (then distributed in proportion)."""

    unit: Decimal = Decimal(1)
    tolerance: Fraction = Fraction(0)


@dataclass
class Outcome:
    """What apportioning came to: every problem with its file, or the rows split
    and each partner's total."""

    problems: list[tuple[str, Problem]] = field(default_factory=list)
    rows: int = 0
    specific_rows: int = 0
    partners: dict[str, str] = field(default_factory=dict)  # key -> name as written
    totals: dict[str, Decimal] = field(default_factory=dict)  # key -> the partner's total

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def grand_total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


def apportion_file(
    source: Path,
    shares: Path,
    options: Options,
    *,
    fmt: str,
    output: Path | None,
    stdout: BinaryIO | None,
) -> Outcome:
    """Split `source`'s lines by `shares` into `output` (or `stdout`); write
    nothing if either sheet has a problem."""
    outcome = Outcome()
    shares_where, book, share_problems = read_shares(shares, options.tolerance)
    outcome.problems.extend((shares_where, p) for p in share_problems)
    try:
        sheet = open_sheet(source)
    except SheetError as error:
        outcome.problems.append((str(source), Problem(None, None, str(error))))
        return outcome
    with sheet:
        where = str(source) if sheet.name == source.name else f"{source}, sheet '{sheet.name}'"
        partners = dict(book.partners) if book else {}
        try:
            columns = LineColumns(sheet.header, partners)
        except ColumnsError as error:
            outcome.problems.append((where, Problem(1, None, str(error))))
            return outcome
        outcome.partners = partners
        with staged_output(output) as staged:
            try:
                _split_rows(
                    sheet, where, LineSplitter(columns, book, options.unit), fmt, staged, outcome
                )
            except SheetError as error:
                outcome.problems.append((where, Problem(None, None, str(error))))
            if outcome.rows == 0 and not any(w == where for w, _ in outcome.problems):
                outcome.problems.append(
                    (where, Problem(None, None, "there are no lines to apportion"))
                )
            deliver(staged, outcome.ok, output, stdout)
        return outcome


def _split_rows(
    sheet: Sheet,
    where: str,
    splitter: LineSplitter,
    fmt: str,
    staged: Path,
    outcome: Outcome,
) -> None:
    columns = splitter.columns
    width = len(columns.output_header)
    totals = {key: Decimal(0) for key in columns.output_at}
    writer = open_writer(
        fmt,
        staged,
        columns.output_header,
        columns.figures,
        cells_are_text=sheet.cells_are_text,
        sheet="Apportioned",
    )
    try:
        for number, given in sheet.rows:
            outcome.rows += 1
            split = splitter.split(number, given)
            if not isinstance(split, Apportioned):
                outcome.problems.extend((where, p) for p in split)
                continue
            if not outcome.ok:
                continue  # keep looking for problems, but write no more
            if split.specific:
                outcome.specific_rows += 1
            cells: list[Cell | Formula] = given + [""] * (width - len(given))
            for key, amount in split.parts.items():
                cells[columns.output_at[key]] = f"{amount:f}"
                totals[key] += amount
            writer.write(cells)
        if outcome.ok:
            writer.write(_total_row(columns, totals))
    finally:
        writer.close()
    outcome.totals = totals


def _total_row(columns: LineColumns, totals: dict[str, Decimal]) -> list[Cell | Formula]:
    """The last row: "Total", the grand total, and each partner's total."""
    cells: list[Cell | Formula] = [""] * len(columns.output_header)
    cells[columns.headings.position["line"]] = TOTAL_ROW
    cells[columns.headings.position["total"]] = f"{sum(totals.values(), Decimal(0)):f}"
    for key, amount in totals.items():
        cells[columns.output_at[key]] = f"{amount:f}"
    return cells


def print_problems(outcome: Outcome) -> None:
    """Every problem on standard error, each with its file, row and column."""
    err = sys.stderr
    for where, problem in outcome.problems:
        print(f"{where}: {problem}", file=err)
    count = len(outcome.problems)
    print(
        f"{count} problem{'s' if count != 1 else ''}: nothing was written. "
        "Correct the files and run the command again.",
        file=err,
    )
