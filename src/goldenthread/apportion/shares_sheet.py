"""The SHARES sheet: each partner's share, for every line or per line.

Columns `partner` and `share` (required) and `line` (optional); any other
column (a note, the basis) is ignored. A share is written as a percentage
(`45.76%`), a decimal fraction (`0.4576`) or a ratio (`443226/968589`) and kept
exactly. The rows with a blank (or no) `line` give the shares for every line;
rows naming a line give that line's own shares. Each set must add up to 100%,
or be within the tolerance of it and is then distributed in proportion
(`cost_share.Shares.agreed`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from goldenthread.apportion.columns import ColumnsError, Headings, cell_text, normalise
from goldenthread.domain.cost_share import ShareError, Shares, read_share
from goldenthread.domain.money import to_decimal
from goldenthread.ratesheet.columns import Problem
from goldenthread.ratesheet.read import Cell, Formula, SheetError, open_sheet

# A sheet of shares has a row per partner (and line): far fewer than this.
SHARE_ROWS_LIMIT = 10_000
PARTNERS_LIMIT = 50
NAME_LIMIT = 40
# The INPUT's own columns cannot be partners' names.
RESERVED = frozenset({"line", "total"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def line_key(text: str) -> str:
    """Two ways of writing one line's name match: spaces and capitals aside."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class ShareBook:
    """The partners (by their names as written, in the order first given) and
    their shares: for every line, and per line."""

    partners: Mapping[str, str]  # normalised name -> the name as written
    every_line: Shares | None
    by_line: Mapping[str, Shares]  # line_key -> its own shares
    line_names: Mapping[str, str] = field(default_factory=dict)  # line_key -> as written

    def for_line(self, line: str) -> Shares | None:
        """A line's own shares, else the shares for every line, else None."""
        return self.by_line.get(line_key(line), self.every_line)


@dataclass
class _Group:
    """The rows of the sheet for one line (or every line)."""

    line: str
    rows: list[int] = field(default_factory=list)
    broken: bool = False  # a row of it has a problem: its sum means nothing yet
    parts: dict[str, Fraction] = field(default_factory=dict)
    row_of: dict[str, int] = field(default_factory=dict)


def read_shares(path: Path, tolerance: Fraction) -> tuple[str, ShareBook | None, list[Problem]]:
    """The sheet's name for problems, its shares (None if there are problems),
    and every problem found, each with its row and column."""
    try:
        sheet = open_sheet(path)
    except SheetError as error:
        return str(path), None, [Problem(None, None, str(error))]
    with sheet:
        where = str(path) if sheet.name == path.name else f"{path}, sheet '{sheet.name}'"
        try:
            headings = Headings(sheet.header, ("partner", "share"), ("line",))
        except ColumnsError as error:
            return where, None, [Problem(1, None, str(error))]
        problems: list[Problem] = []
        groups: dict[str, _Group] = {}
        partners: dict[str, str] = {}
        try:
            for number, cells in sheet.rows:
                if number - 1 > SHARE_ROWS_LIMIT:
                    problems.append(
                        Problem(
                            number,
                            None,
                            f"the sheet of shares has more than {SHARE_ROWS_LIMIT:,} rows: "
                            "give one row per partner (and line)",
                        )
                    )
                    break
                _read_row(number, cells, headings, groups, partners, problems)
        except SheetError as error:
            problems.append(Problem(None, None, str(error)))
        if not groups and not problems:
            problems.append(Problem(None, None, "there are no shares: give one row per partner"))
        if len(partners) > PARTNERS_LIMIT:
            problems.append(
                Problem(None, None, f"{len(partners)} partners: at most {PARTNERS_LIMIT}")
            )
        every_line, by_line = _agree(groups, tolerance, headings, problems)
        if problems:
            return where, None, problems
        names = {key: group.line for key, group in groups.items() if key}
        return where, ShareBook(partners, every_line, by_line, names), []


def _read_row(
    number: int,
    cells: list[Cell | Formula],
    headings: Headings,
    groups: dict[str, _Group],
    partners: dict[str, str],
    problems: list[Problem],
) -> None:
    def text(key: str) -> str | None:
        index = headings.position.get(key)
        if index is None or index >= len(cells):
            return ""
        try:
            return cell_text(cells[index])
        except ValueError as error:
            problems.append(Problem(number, headings.label(key), str(error)))
            return None

    line, partner, written = text("line"), text("partner"), text("share")
    if line is None or partner is None or written is None:
        return
    found = len(problems)
    if reason := _partner_problem(partner):
        problems.append(Problem(number, headings.label("partner"), reason))
    share: Fraction | None = None
    if not written:
        problems.append(
            Problem(number, headings.label("share"), "is blank: give the share (0% for none)")
        )
    else:
        try:
            share = read_share(written)
        except ShareError as error:
            problems.append(Problem(number, headings.label("share"), str(error)))
    group = groups.setdefault(line_key(line), _Group(" ".join(line.split())))
    if len(problems) > found or share is None:
        group.broken = True
        return
    key = normalise(partner)
    if key in group.parts:
        group.broken = True
        whose = f"line '{group.line}'" if group.line else "every line"
        problems.append(
            Problem(
                number,
                headings.label("partner"),
                f"'{partner}' has a share for {whose} already (row {group.row_of[key]})",
            )
        )
        return
    partners.setdefault(key, partner)
    group.rows.append(number)
    group.parts[key] = share
    group.row_of[key] = number


def _partner_problem(name: str) -> str | None:
    if not name:
        return "is blank: name the partner"
    if len(name) > NAME_LIMIT:
        return f"is longer than {NAME_LIMIT} characters: a partner's name becomes a column"
    if _CONTROL.search(name):
        return "holds control characters: a partner's name becomes a column"
    if normalise(name) in RESERVED:
        return f"'{name}' is a column of the lines' sheet, not a partner"
    return None


def _agree(
    groups: Mapping[str, _Group],
    tolerance: Fraction,
    headings: Headings,
    problems: list[Problem],
) -> tuple[Shares | None, dict[str, Shares]]:
    """Each set of shares, agreed: adding up to 100%, or within the tolerance."""
    every_line: Shares | None = None
    by_line: dict[str, Shares] = {}
    for key, group in groups.items():
        if group.broken:
            continue
        try:
            shares = Shares.agreed(group.parts, tolerance)
        except ShareError:
            total = sum(group.parts.values(), Fraction(0))
            whose = f"line '{group.line}'" if key else "every line"
            reason = f"the shares for {whose} add up to {percent_words(total)}, not 100%"
            if tolerance:
                reason += f" (nor within {percent_words(tolerance)} of it)"
            if total:
                reason += (
                    f": if they are printed rounded, give --tolerance "
                    f"{percent_words(abs(total - 1))}"
                )
            problems.append(
                Problem(
                    None,
                    headings.label("share"),
                    f"{_rows_words(group.rows)}: {reason}",
                )
            )
            continue
        if key:
            by_line[key] = shares
        else:
            every_line = shares
    return every_line, by_line


def percent_words(share: Fraction, places: int = 4) -> str:
    """A share as a percentage with no trailing zeros: 0.26%, 100%."""
    return f"{to_decimal(share * 100, places).normalize():f}%" if share else "0%"


def _rows_words(rows: list[int]) -> str:
    """Rows 2-4, rows 2, 5, row 7."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]}-{rows[-1]}"
    return "rows " + ", ".join(str(r) for r in rows[:10]) + (", ..." if len(rows) > 10 else "")
