"""`goldenthread risks export|import`: the risk register as a spreadsheet
(`risks.sheet`), loaded on the import pipeline as a member of the performance
team."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandParser

from goldenthread.imports.command import SpreadsheetImportCommand, show_rows
from goldenthread.imports.rows import RowsPreview
from goldenthread.plan.management.commands.plan import team_member
from goldenthread.risks.models import Risk
from goldenthread.risks.selectors import risk_matrix
from goldenthread.risks.sheet import RiskImport, Saved, risk_workbook


class Command(SpreadsheetImportCommand):
    help = "The risk register as a spreadsheet: export it, or load changes to its risks."
    nothing_to_change = "Nothing to change: the file matches the risk register."
    as_help = "a performance team member: the history names them"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        exported = actions.add_parser(
            "export",
            help="write the risk register to an .xlsx file",
            description="Write every risk (and its controls and further actions), laid out "
            "to be loaded back.",
        )
        exported.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        self.add_import_action(
            actions,
            help="check a risk register spreadsheet and show, or --apply, what it changes",
            description="Check every row of the Risks sheet and print what loading it would "
            "change; with --apply, save it all (or, if anything is wrong, nothing).",
            file_help="the .xlsx file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            out: Path = options["out"]
            out.write_bytes(risk_workbook(Risk.objects.all(), risk_matrix()))
            self.stdout.write(f"Wrote {out}.")
            return
        self.run_import(options)

    def importer(self, person: AbstractBaseUser | None) -> RiskImport:
        return RiskImport(risk_matrix())

    def person(self, username: str | None) -> AbstractBaseUser:
        return team_member(username)

    def show(self, preview: RowsPreview) -> None:
        show_rows(self, preview, "risk")

    def saved(self, result: Saved) -> str:
        return f"Saved: {result.created} risks added, {result.changed} changed."
