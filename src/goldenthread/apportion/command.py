"""The `goldenthread apportion` command's options, its run and its summary."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from goldenthread.apportion.run import Options, Outcome, apportion_file, print_problems
from goldenthread.domain.cost_share import UNITS, ShareError, percent, read_share
from goldenthread.domain.money import pounds
from goldenthread.ratesheet.write import FORMATS

# Shares printed rounded miss 100% by a fraction of a percent; more than this
# is a mistake, not rounding.
TOLERANCE_LIMIT = Fraction(10, 100)
UNIT_WORDS = {"0.01": "1p", "1": "£1", "1000": "£1,000"}


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "apportion",
        help="split a spreadsheet of budget lines between partners by their shares, "
        "to the pound, adding up exactly",
        description=(
            "Split each row of a CSV or XLSX sheet (columns line and total; a column "
            "named after a partner holds a specific allocation) between the partners "
            "in SHARES (columns partner, share, and optionally line). Writes the sheet "
            "back with a column per partner and a Total row. If any row of either "
            "sheet has a problem, every problem is listed and nothing is written."
        ),
    )
    parser.add_argument("input", type=Path, metavar="INPUT", help="a .csv or .xlsx file")
    parser.add_argument(
        "--shares",
        type=Path,
        required=True,
        metavar="SHARES",
        help="a .csv or .xlsx file of partner,share rows (45.76%%, 0.4576 or 443226/968589)",
    )
    parser.add_argument(
        "--unit",
        choices=tuple(UNITS),
        default="1",
        help="round each partner's amount to a pound (1, the default), a penny (0.01) "
        "or a thousand pounds (1000)",
    )
    parser.add_argument(
        "--tolerance",
        type=tolerance,
        default=Fraction(0),
        metavar="PERCENT",
        help="how far the shares may add up from 100%% (shares printed rounded: 0.3%%); "
        "the difference is distributed in proportion; default 0",
    )
    parser.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="output format; default: from the output file's extension, else csv",
    )


def tolerance(text: str) -> Fraction:
    """--tolerance as a percentage ("0.3%"), or 0."""
    written = text.strip()
    if written != "0" and not written.endswith("%"):
        raise argparse.ArgumentTypeError(f"'{text}': write a percentage, such as 0.3%")
    try:
        share = read_share(written)
    except ShareError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if share > TOLERANCE_LIMIT:
        raise argparse.ArgumentTypeError(
            f"'{text}' is more than {percent(TOLERANCE_LIMIT, 0)}: shares that far from "
            "100% are a mistake, not rounding"
        )
    return share


def run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    output: Path | None = args.output
    fmt = args.format or _format_of(output)
    if fmt == "xlsx" and output is None:
        parser.error("--format xlsx needs --output FILE (a workbook is not written to a terminal)")
    if output is not None and output.resolve() in (args.input.resolve(), args.shares.resolve()):
        parser.error("--output must not be the input or the shares file")
    options = Options(unit=UNITS[args.unit], tolerance=args.tolerance)
    try:
        outcome = apportion_file(
            args.input, args.shares, options, fmt=fmt, output=output, stdout=sys.stdout.buffer
        )
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    if not outcome.ok:
        print_problems(outcome)
        return 1
    print_summary(outcome, output, args.unit)
    return 0


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else "csv"


def print_summary(outcome: Outcome, output: Path | None, unit: str) -> None:
    """The lines split, each partner's total and share of the grand total, the rule."""
    err = sys.stderr
    sys.stdout.flush()
    places = max(-int(UNITS[unit].as_tuple().exponent), 0)
    lines = f"{outcome.rows} line{'s' if outcome.rows != 1 else ''}"
    specific = f" ({outcome.specific_rows} by specific allocation)" if outcome.specific_rows else ""
    count = len(outcome.partners)
    print(
        f"apportioned {lines}{specific} between {count} partner{'s' if count != 1 else ''}"
        + (f" into {output}" if output else ""),
        file=err,
    )
    grand = outcome.grand_total
    for key, name in outcome.partners.items():
        amount = outcome.totals.get(key, Decimal(0))
        share = f" ({percent(Fraction(amount) / Fraction(grand))} of the total)" if grand else ""
        print(f"  {name}: {pounds(amount, places=places)}{share}", file=err)
    print(f"  total: {pounds(grand, places=places)}", file=err)
    words = UNIT_WORDS[unit]
    print(
        f"  rounding: each line's amounts are rounded to {words} by the largest remainder "
        f"rule: they add up exactly to the line's total rounded to {words} (half away from "
        f"zero), and each is within {words} of its exact share",
        file=err,
    )
