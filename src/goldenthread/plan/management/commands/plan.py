"""`goldenthread plan export|import`: the Improvement Plan's actions as a
spreadsheet (`plan.sheet`), loaded on the import pipeline as a member of the
performance team."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError, CommandParser

from goldenthread.imports.command import SpreadsheetImportCommand, show_rows
from goldenthread.imports.rows import RowsPreview
from goldenthread.people.access import scope_of
from goldenthread.plan.models import Action
from goldenthread.plan.sheet import PlanImport, Saved, plan_workbook


def team_member(username: str | None) -> AbstractBaseUser:
    """The performance team member named by --as; `CommandError` for anyone else."""
    user = get_user_model().objects.filter(username=username).first() if username else None
    if user is None or not scope_of(user).is_performance_team:
        raise CommandError(f"--as: '{username}' is not in the performance team")
    return user


class Command(SpreadsheetImportCommand):
    help = "The Improvement Plan's actions as a spreadsheet: export them, or load changes."
    nothing_to_change = "Nothing to change: the file matches the plan."
    as_help = "a performance team member: the history names them"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        exported = actions.add_parser(
            "export",
            help="write every action of the plan to an .xlsx file",
            description="Write the plan's actions, one per row, laid out to be loaded back.",
        )
        exported.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        self.add_import_action(
            actions,
            help="check a spreadsheet of the plan's actions and show, or --apply, what it changes",
            description="Check every row of the plan's spreadsheet and print what loading it "
            "would change; with --apply, save it all (or, if anything is wrong, nothing).",
            file_help="the .xlsx file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            out: Path = options["out"]
            out.write_bytes(plan_workbook(Action.objects.all()))
            self.stdout.write(f"Wrote {out}.")
            return
        self.run_import(options)

    def importer(self, person: AbstractBaseUser | None) -> PlanImport:
        return PlanImport()

    def person(self, username: str | None) -> AbstractBaseUser:
        return team_member(username)

    def show(self, preview: RowsPreview) -> None:
        show_rows(self, preview, "action")

    def saved(self, result: Saved) -> str:
        return f"Saved: {result.created} actions added, {result.changed} changed."
