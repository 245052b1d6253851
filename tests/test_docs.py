"""Every command and option of the command line is documented in docs/cli.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from goldenthread.cli import build_parser

ROOT = Path(__file__).parents[1]
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_every_command_has_a_section() -> None:
    for name in subcommands():
        assert f"## `goldenthread {name}`" in CLI_DOC, f"docs/cli.md lacks a section for {name}"


def test_every_option_is_documented() -> None:
    for name, parser in subcommands().items():
        for action in parser._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help"):
                    assert f"`{flag}" in CLI_DOC, f"docs/cli.md does not document {name} {flag}"


def test_every_input_column_is_documented() -> None:
    from goldenthread.ratesheet.columns import ADDED_COLUMNS, KNOWN_COLUMNS

    for column in (*KNOWN_COLUMNS, *ADDED_COLUMNS):
        assert f"`{column}`" in CLI_DOC, f"docs/cli.md does not document column {column}"


def test_readme_gives_the_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert "make install && .venv/bin/goldenthread demo" in readme
    assert ci[-1] == "make test" and "make test" in readme


def test_every_setting_is_documented() -> None:
    from goldenthread.config.environment import ALL

    settings_doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for setting in ALL:
        assert f"`{setting.name}`" in settings_doc, f"docs/settings.md lacks {setting.name}"


def test_goldenthreads_own_management_commands_are_documented() -> None:
    commands = sorted(ROOT.glob("src/goldenthread/*/management/commands/[!_]*.py"))
    assert commands
    for command in commands:
        assert f"## `goldenthread {command.stem}`" in CLI_DOC, f"docs/cli.md lacks {command.stem}"


DJANGO_OPTIONS = {
    "-h",
    "--help",
    "--version",
    "-v",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def test_every_option_of_goldenthreads_own_management_commands_is_documented() -> None:
    from django.core.management import get_commands, load_command_class

    own = {name: app for name, app in get_commands().items() if app.startswith("goldenthread.")}
    assert "demo" in own
    for name, app in own.items():
        parsers = [load_command_class(app, name).create_parser("goldenthread", name)]
        while parsers:  # the command's own options and its subcommands'
            parser = parsers.pop()
            for action in parser._actions:
                if isinstance(action, argparse._SubParsersAction):
                    parsers.extend(action.choices.values())
                for flag in action.option_strings:
                    if flag not in DJANGO_OPTIONS:
                        assert f"`{flag}" in CLI_DOC, f"docs/cli.md lacks {parser.prog} {flag}"
