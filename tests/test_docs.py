"""Every command and option of the command line is documented in docs/cli.md,
under its own command, and every command the docs show exists with the options
they give it."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
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


# docs/cli.md, section by section, against the real parsers: every option a
# section shows (in a usage line, a table or inline `goldenthread X --opt`) is an
# option of that command, and every option of goldenthread's own commands is in
# the table of its own section, not merely somewhere on the page.

PREAMBLE = ""  # the page before the first command's section: `goldenthread` itself
HEADING = re.compile(r"^## `goldenthread ([\w-]+)`[ \t]*$", re.MULTILINE)
FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`(goldenthread\s[^`]+)`")
FLAG = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")
DOCUMENTED_FLAG = re.compile(r"`(--?[A-Za-z][\w-]*)`")
ROW_HEAD = re.compile(r"^(?:\| |- )([^|:]*)", re.MULTILINE)  # a table's first cell, a list item
COMMAND_NAME = re.compile(r"[a-z][a-z0-9_-]*|")  # or none: `goldenthread --version`
NOT_COMMANDS = {"help"}  # `goldenthread help` lists the commands (Django's, not a command)
DJANGO_OPTIONS = {  # every Django management command has these
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


def doc_sections(doc: str) -> dict[str, str]:
    """Each command's section of the page, by command name ("" for the preamble)."""
    parts = HEADING.split(doc)
    return {PREAMBLE: parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}


def shown_commands(text: str) -> list[list[str]]:
    """The `goldenthread ...` commands a text shows, as words: the lines of its
    fenced blocks (an indented line continues the one above) and its inline code."""
    commands: list[list[str]] = []
    for block in FENCED.findall(text):
        lines: list[str] = []
        for line in block.splitlines():
            if line.startswith("goldenthread"):
                lines.append(line)
            elif line[:1].isspace() and lines:
                lines[-1] += " " + line.strip()
        commands.extend(line.split() for line in lines)
    commands.extend(span.split() for span in INLINE.findall(FENCED.sub("", text)))
    return commands


def own_commands() -> set[str]:
    """goldenthread's own commands: the stateless ones and its management commands."""
    from django.core.management import get_commands

    own = {name for name, app in get_commands().items() if app.startswith("goldenthread.")}
    return own | set(subcommands())


def command_parser(name: str) -> argparse.ArgumentParser | None:
    """The parser `goldenthread NAME` uses, or None if there is no such command."""
    from django.core.management import get_commands, load_command_class

    if name == PREAMBLE:
        return build_parser()
    if name in subcommands():
        return subcommands()[name]
    app = get_commands().get(name)
    if app is None:
        return None
    parser: argparse.ArgumentParser = load_command_class(app, name).create_parser(
        "goldenthread", name
    )
    return parser


def actions_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """A command's subcommands (`returns template`, ...) by name; none for most."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def flags_of(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


def option_groups(name: str, parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    """Each option a command takes (its flags together: `--output`, `-o`), its
    subcommands' too, without the ones every Django command has; for `goldenthread`
    itself (the preamble), its own options only."""
    if name == PREAMBLE:
        return [
            tuple(action.option_strings)
            for action in parser._actions
            if action.option_strings and action.option_strings[0] != "-h"
        ]
    return [
        flags
        for each in (parser, *actions_of(parser).values())
        for action in each._actions
        if (flags := tuple(f for f in action.option_strings if f not in DJANGO_OPTIONS))
    ]


def usage_problems(text: str, where: str) -> list[str]:
    """Each option shown with a `goldenthread ...` command in `text` that the
    command (or its subcommand) does not take."""
    problems = []
    for words in shown_commands(text):
        name = words[1] if len(words) > 1 and not words[1].startswith("-") else PREAMBLE
        if name in NOT_COMMANDS or not COMMAND_NAME.fullmatch(name):
            continue  # `goldenthread help`, or a placeholder such as `goldenthread <module>`
        parser = command_parser(name)
        if parser is None:
            problems.append(f"{where}: `{' '.join(words)}`: there is no command {name}")
            continue
        allowed = flags_of(parser)
        rest = words[2:] if name else words[1:]
        if rest and rest[0] in actions_of(parser):
            allowed |= flags_of(actions_of(parser)[rest[0]])
        for flag in FLAG.findall(" ".join(rest)):
            if flag not in allowed:
                problems.append(f"{where}: `{' '.join(words)}`: {name} has no option {flag}")
    return problems


def cli_doc_problems(doc: str) -> list[str]:
    """What docs/cli.md says that the commands contradict, or leaves out."""
    problems = []
    for name, text in doc_sections(doc).items():
        where = f"docs/cli.md, section {name or 'before the commands'}"
        problems += usage_problems(text, where)
        parser = command_parser(name)
        if parser is None:
            problems.append(f"{where}: there is no command {name}")
            continue
        takes = [parser] if name == PREAMBLE else [parser, *actions_of(parser).values()]
        every_flag = set().union(*(flags_of(each) for each in takes))
        documented = {f for head in ROW_HEAD.findall(text) for f in DOCUMENTED_FLAG.findall(head)}
        problems += [
            f"{where}: documents {flag}, which {name or 'goldenthread'} does not take"
            for flag in sorted(documented - every_flag)
        ]
        if name != PREAMBLE and name not in own_commands():
            continue  # another project's command (db_worker): what is said must be true
        shown = {flag for words in shown_commands(text) for flag in FLAG.findall(" ".join(words))}
        for flags in option_groups(name, parser):
            label = f"{name or 'goldenthread'} {flags[0]}"
            problems += [
                f"{where}: {label}: {flag} is not in the section's table"
                for flag in flags
                if flag not in documented
            ]
            if name and not shown.intersection(flags):
                problems.append(f"{where}: {label} is not in the section's usage lines")
    return problems


def test_the_command_line_reference_agrees_with_each_commands_parser() -> None:
    assert cli_doc_problems(CLI_DOC) == []


def test_every_command_and_option_shown_in_the_docs_exists() -> None:
    documents = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    problems = []
    for document in documents:
        text = document.read_text(encoding="utf-8")
        problems += usage_problems(text, str(document.relative_to(ROOT)))
    assert problems == []


def _with_section(name: str, change: Callable[[str], str]) -> str:
    """docs/cli.md with one command's section changed."""
    sections = doc_sections(CLI_DOC)
    sections[name] = change(sections[name])
    return sections[PREAMBLE] + "".join(
        f"## `goldenthread {each}`{text}" for each, text in sections.items() if each
    )


def test_the_reference_check_finds_an_option_documented_only_under_another_command() -> None:
    assert _with_section("pack", lambda text: text) == CLI_DOC
    # `--out` is still on the page (returns, register), but no longer in pack's section
    doc = _with_section("pack", lambda text: text.replace("--out", "--output"))
    problems = "\n".join(cli_doc_problems(doc))
    assert "pack --out: --out is not in the section's table" in problems
    assert "pack --out is not in the section's usage lines" in problems
    assert "pack has no option --output" in problems
    assert "documents --output, which pack does not take" in problems


def test_the_reference_check_finds_an_option_given_to_the_wrong_subcommand() -> None:
    doc = _with_section(
        "register", lambda text: text + "\nExport with `goldenthread register export --apply`.\n"
    )
    assert cli_doc_problems(doc) == [
        "docs/cli.md, section register: `goldenthread register export --apply`: "
        "register has no option --apply"
    ]
    assert usage_problems("`goldenthread frobnicate --now`", "here") == [
        "here: `goldenthread frobnicate --now`: there is no command frobnicate"
    ]
