"""The `goldenthread` command.

Stateless tools (`rate`, `apportion`) run here and need no settings or database; every
other command (`demo`, `migrate`, `createsuperuser`, ...) is a Django
management command, dispatched with goldenthread's settings.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from goldenthread import __version__
from goldenthread.apportion import command as apportion_command
from goldenthread.domain.rating import Scheme, SchemeError, Tolerance, ToleranceError
from goldenthread.domain.schemes import UNRATED
from goldenthread.ratesheet.columns import KNOWN_COLUMNS, Problem
from goldenthread.ratesheet.rate import Options, SchemeFileError, scheme_option
from goldenthread.ratesheet.run import Outcome, print_problems, rate_file
from goldenthread.ratesheet.write import FORMATS


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="goldenthread",
        description="Performance management for public services.",
        epilog="Other commands (demo, migrate, createsuperuser, ...) are the web "
        "application's; `goldenthread help` lists them. See docs/cli.md.",
    )
    parser.add_argument("--version", action="version", version=f"goldenthread {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    rate = commands.add_parser(
        "rate",
        help="rate a spreadsheet of indicators (RAG, Achieved/Failed or your own scheme; "
        "direction of travel)",
        description=(
            "Rate each row of a CSV or XLSX sheet: one row per indicator, with columns "
            f"{', '.join(KNOWN_COLUMNS)} (indicator and value required; others pass "
            "through). Writes the sheet back with status, direction, movement and gap. "
            "If any row has a problem, every problem is listed and nothing is written."
        ),
    )
    rate.add_argument("input", type=Path, metavar="INPUT", help="a .csv or .xlsx file")
    rate.add_argument(
        "--scheme",
        default=Scheme.RAG.key,
        metavar="rag|achieved-failed|monitor-only|FILE.toml",
        help="rag: green/amber/red (default); achieved-failed: any shortfall fails; "
        "monitor-only: no status; or a scheme file of your own statuses and bands "
        "(see docs/cli.md)",
    )
    rate.add_argument(
        "--tolerance",
        type=_tolerance,
        help="how far a target may be missed and be amber (the scheme's outermost near "
        "miss): 5%% of the target (rag's own), absolute points such as 2pp, or 0 for no "
        "near miss; default: the scheme's own; a row's own tolerance column wins",
    )
    rate.add_argument("--output", "-o", type=Path, metavar="FILE", help="default: stdout")
    rate.add_argument(
        "--format",
        choices=FORMATS,
        help="output format; default: from the output file's extension, else csv",
    )
    apportion_command.add_parser(commands)
    return parser


def _tolerance(text: str) -> Tolerance:
    try:
        return Tolerance.parse(text)
    except ToleranceError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


STATELESS_COMMANDS = frozenset({"rate", "apportion"})


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and not arguments[0].startswith("-") and arguments[0] not in STATELESS_COMMANDS:
        return run_django(arguments)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command == "apportion":
        return apportion_command.run(parser, args)
    return rate(parser, args)


def run_django(arguments: list[str]) -> int:
    """Run a Django management command with goldenthread's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.config.settings")
    if arguments[0] == "demo":
        _demo_environment()
    elif arguments[0] != "serve":  # a real installation's server never takes the demo's key
        _demo_key_if_unset()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["goldenthread", *arguments])
    except ImproperlyConfigured as error:  # the settings' own words, not a traceback
        print(f"goldenthread: {error} (docs/settings.md lists every setting)", file=sys.stderr)
        return 2
    return 0


def _demo_key_if_unset() -> None:
    """Commands run on the demo's data folder (e.g. `goldenthread pack` after
    `goldenthread demo`) use the demo's key when no key is set."""
    from goldenthread.config import environment as env

    key_file = Path(env.DATA_DIR.read()) / "demo-secret-key"
    if not env.SECRET_KEY.read() and key_file.is_file():
        os.environ[env.SECRET_KEY.name] = key_file.read_text(encoding="utf-8").strip()


def _demo_environment() -> None:
    """The demo serves plain http on 127.0.0.1 with a key kept in its data folder."""
    from goldenthread.config import environment as env

    os.environ.setdefault(env.SECURE.name, "false")
    if not env.SECRET_KEY.read():
        key_file = Path(env.DATA_DIR.read()) / "demo-secret-key"
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        os.environ[env.SECRET_KEY.name] = key_file.read_text(encoding="utf-8").strip()


def rate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    output: Path | None = args.output
    fmt = args.format or _format_of(output)
    if fmt == "xlsx" and output is None:
        parser.error("--format xlsx needs --output FILE (a workbook is not written to a terminal)")
    if output is not None and output.resolve() == args.input.resolve():
        parser.error("--output must not be the input file")
    try:
        scheme = scheme_option(args.scheme)
    except SchemeFileError as refused:
        print_problems(Outcome(refused.where, [Problem(None, None, refused.reason)]))
        return 1
    except SchemeError as error:
        parser.error(f"--scheme: {error}")
    if args.tolerance is not None and (misfit := scheme.tolerance_misfit(args.tolerance)):
        parser.error(f"--tolerance {misfit}")
    options = Options(scheme=scheme, tolerance=args.tolerance)
    try:
        outcome = rate_file(args.input, options, fmt=fmt, output=output, stdout=sys.stdout.buffer)
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
    if not outcome.ok:
        print_problems(outcome)
        return 1
    _print_summary(outcome, output, scheme)
    return 0


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in FORMATS else "csv"


def _print_summary(outcome: Outcome, output: Path | None, scheme: Scheme) -> None:
    """The rows rated, then per council each status's count, in the scheme's
    order and by its labels, and the share met."""
    err = sys.stderr
    sys.stdout.flush()
    print(f"rated {outcome.rows} row{'s' if outcome.rows != 1 else ''}", file=err, end="")
    print(f" into {output}" if output else "", file=err)
    order = {status: place for place, status in enumerate((*scheme.statuses, *UNRATED))}
    for name, counts in outcome.summary.items():
        statuses = sorted(counts.counts, key=lambda s: order.get(s, len(order)))
        parts = ", ".join(f"{counts[s]} {s.code}" for s in statuses if counts[s])
        share = counts.share_green
        green = f"; {share:.0f}% of rated met target" if share is not None else ""
        print(f"  {name + ': ' if name else ''}{parts}{green}", file=err)
