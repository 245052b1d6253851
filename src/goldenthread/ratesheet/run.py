"""Rate a whole sheet: read, rate, write; all or nothing.

The output is written to a temporary file beside its destination and moved
into place only when every row has been rated, so a sheet with problems
leaves no output behind. Rows stream through: memory does not grow with the
number of rows (only with the number of problems found).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from goldenthread.domain.direction import Direction, Movement
from goldenthread.domain.rating import Status
from goldenthread.domain.summary import StatusCounts
from goldenthread.ratesheet.columns import Columns, ColumnsError, Problem, normalise
from goldenthread.ratesheet.rate import Options, Rating, RowRater
from goldenthread.ratesheet.read import Cell, Formula, Sheet, SheetError, as_text, open_sheet
from goldenthread.ratesheet.write import open_writer

# A column that says whose figure a row is, for the summary's counts.
ORGANISATION_COLUMNS = ("organisation", "organization", "council", "partner")


@dataclass
class Outcome:
    """What rating a sheet came to: the problems, or the rows rated and their counts."""

    where: str  # the file (and sheet) the problems refer to
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    summary: dict[str, StatusCounts] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def rate_file(
    source: Path, options: Options, *, fmt: str, output: Path | None, stdout: BinaryIO | None
) -> Outcome:
    """Rate `source` into `output` (or `stdout`); write nothing if any row has a problem."""
    try:
        sheet = open_sheet(source)
    except SheetError as error:
        return Outcome(str(source), [Problem(None, None, str(error))])
    with sheet:
        where = str(source) if sheet.name == source.name else f"{source}, sheet '{sheet.name}'"
        try:
            columns = Columns(sheet.header)
        except ColumnsError as error:
            return Outcome(where, [Problem(1, None, str(error))])
        outcome = Outcome(where)
        with staged_output(output) as staged:
            try:
                _rate_rows(sheet, columns, options, fmt, staged, outcome)
            except SheetError as error:
                outcome.problems.append(Problem(None, None, str(error)))
            if outcome.rows == 0 and outcome.ok:
                outcome.problems.append(Problem(None, None, "there are no rows to rate"))
            deliver(staged, outcome.ok, output, stdout)
        return outcome


def _rate_rows(
    sheet: Sheet,
    columns: Columns,
    options: Options,
    fmt: str,
    staged: Path,
    outcome: Outcome,
) -> None:
    rater = RowRater(columns, options, formulas=sheet.may_hold_formulas)
    organisation = next(
        (i for i, h in enumerate(columns.header) if normalise(h) in ORGANISATION_COLUMNS), None
    )
    # Rows counted by organisation cell and status, and made into the summary at
    # the end: a row costs one count, not its organisation's name as text.
    tally: Counter[tuple[Cell | Formula, Status]] = Counter()
    width = len(columns.output_header)
    status_at, direction_at, movement_at, gap_at = columns.added_at
    writer = open_writer(
        fmt, staged, columns.output_header, columns.figures, cells_are_text=sheet.cells_are_text
    )
    try:
        for number, given in sheet.rows:
            outcome.rows += 1
            rated = rater.rate(number, given)
            if not isinstance(rated, Rating):
                outcome.problems.extend(rated)
                continue
            status, travel = rated.assessment.status, rated.travel
            whose = (
                given[organisation]
                if organisation is not None and organisation < len(given)
                else None
            )
            tally[whose, status] += 1
            if outcome.problems:
                continue  # keep looking for problems, but write no more
            cells = given + [""] * (width - len(given))
            cells[status_at] = status.code
            cells[direction_at] = _TEXT[travel.direction]
            cells[movement_at] = _TEXT[travel.movement]
            cells[gap_at] = as_text(rated.gap)  # a figure column: XLSX writes it as a number
            writer.write(cells)
    finally:
        writer.close()
    summary = outcome.summary
    for (whose, status), indicators in tally.items():
        name = as_text(whose)
        counts = summary.get(name) or summary.setdefault(name, StatusCounts(name))
        counts.add(status, indicators)


# Directions and movements as the text written for them.
_TEXT: dict[Direction | Movement | None, str] = {
    None: "",
    **{member: member.value for enum in (Direction, Movement) for member in enum},
}


def deliver(staged: Path, ok: bool, output: Path | None, stdout: BinaryIO | None) -> None:
    """The staged result copied to standard output when no output file is named,
    or thrown away if anything was wrong (then nothing is written)."""
    if ok and output is None and stdout is not None:
        with staged.open("rb") as result:
            shutil.copyfileobj(result, stdout)
    if not ok:
        staged.unlink(missing_ok=True)


@contextlib.contextmanager
def staged_output(output: Path | None) -> Iterator[Path]:
    """A temporary file that becomes `output` if it still exists at the end.

    A device or pipe (`/dev/null`, `/dev/stdout`) is written into, never replaced.
    """
    special = output is not None and output.exists() and not output.is_file()
    folder = output.parent if output is not None and not special else None
    handle, name = tempfile.mkstemp(prefix=".goldenthread-", dir=folder)
    os.close(handle)
    staged = Path(name)
    try:
        yield staged
        if output is not None and staged.exists():
            if special:
                with staged.open("rb") as result, output.open("wb") as target:
                    shutil.copyfileobj(result, target)
            else:
                os.replace(staged, output)
    finally:
        staged.unlink(missing_ok=True)


def print_problems(outcome: Outcome) -> None:
    """List every problem on standard error, each with its row and column."""
    err = sys.stderr
    for problem in outcome.problems:
        print(f"{outcome.where}: {problem}", file=err)
    count = len(outcome.problems)
    print(
        f"{count} problem{'s' if count != 1 else ''}: nothing was written. "
        "Correct the file and run the command again.",
        file=err,
    )
