"""`goldenthread finance template|import`: a period's forecast as a workbook
(`finance.sheet_forecast`): one service's template written, and a filled-in
copy loaded on the import pipeline as a finance business partner (or a member
of the team)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError, CommandParser

from goldenthread.domain.budget import PERIODS
from goldenthread.domain.lifecycle import Action as Move
from goldenthread.domain.lifecycle import may
from goldenthread.finance.kind import FORECASTS
from goldenthread.finance.models import Budget
from goldenthread.finance.selectors import open_lines
from goldenthread.finance.sheet_forecast import ForecastImport, forecast_filename, forecast_workbook
from goldenthread.imports.command import SpreadsheetImportCommand, show_rows
from goldenthread.imports.rows import RowsPreview
from goldenthread.people.access import scope_of


class Command(SpreadsheetImportCommand):
    help = "A period's budget forecast as a spreadsheet: write a service's template, or load one."
    nothing_to_change = "Nothing to change: the file matches the saved forecast."
    as_help = "a finance business partner (or a team member): the history names them"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        template = actions.add_parser(
            "template",
            help="write a service's forecast template for a period to an .xlsx file",
            description="Write the template of a service's open budget lines for a period, "
            "filled in with what is saved.",
        )
        template.add_argument("--service", required=True, help="the service's name")
        template.add_argument("--out", type=Path, help="the .xlsx file to write")
        template.add_argument(
            "--as", dest="username", required=True, metavar="USERNAME",
            help="whose template: the lines they see",
        )  # fmt: skip
        self.add_import_action(
            actions,
            help="check a filled-in forecast template and show, or --apply, what it changes",
            description="Check every row of a service's forecast template and print what "
            "loading it would change; with --apply, save it all (or, if anything is wrong, "
            "nothing).",
            file_help="the filled-in .xlsx template",
        )
        for each in actions.choices.values():
            each.add_argument("--year", type=int, required=True, help="the start year: 2019")
            each.add_argument("--period", type=int, required=True, help="the period, 1 to 12")
            each.add_argument("--organisation", help="the shared service's code")

    def handle(self, *args: Any, **options: Any) -> None:
        self.budget = budget_of(options["year"], options["organisation"])
        self.number = options["period"]
        if self.number not in PERIODS:
            raise CommandError(f"--period: {self.number} is not a period: write 1 to 12")
        if options["action"] == "template":
            self.write_template(options)
            return
        self.run_import(options)

    def write_template(self, options: dict[str, Any]) -> None:
        scope = scope_of(self.person(options["username"]))
        lines = open_lines(scope, self.budget)
        wanted = str(options["service"]).strip().casefold()
        lines = [line for line in lines if line.service.name.casefold() == wanted]
        if not lines:
            raise CommandError(
                f"--service: '{options['service']}' has no open budget lines that "
                f"{options['username']} enters"
            )
        service = lines[0].service
        out: Path = options["out"] or Path(forecast_filename(self.budget, self.number, service))
        out.write_bytes(forecast_workbook(self.budget, self.number, service, lines, scope))
        self.stdout.write(f"Wrote {out}.")

    def importer(self, person: AbstractBaseUser | None) -> ForecastImport:
        assert person is not None
        return ForecastImport(scope_of(person), self.budget, self.number)

    def person(self, username: str | None) -> AbstractBaseUser:
        """The finance business partner named by --as; `CommandError` for anyone else."""
        user = get_user_model().objects.filter(username=username).first() if username else None
        budget = self.budget
        if user is not None:
            scope = scope_of(user)
            parties = FORECASTS.parties(scope, budget.organisation, budget.prepared_by)
            if scope.sees_organisation(budget.organisation_id) and may(Move.SAVE, parties):
                return user
        raise CommandError(f"--as: '{username}' does not enter {budget}'s forecasts")

    def show(self, preview: RowsPreview) -> None:
        show_rows(self, preview, "line")

    def saved(self, result: int) -> str:
        return f"Saved: {result} line{'' if result == 1 else 's'} changed."


def budget_of(year: int, code: str | None) -> Budget:
    """The year's budget (of the shared service `code`, if several have one)."""
    budgets = Budget.objects.filter(year=year).select_related("organisation", "prepared_by")
    if code:
        budgets = budgets.filter(organisation__code=code)
    found = list(budgets[:2])
    if not found:
        raise CommandError(f"--year: there is no budget for {year}{f' of {code}' if code else ''}")
    if len(found) > 1:
        raise CommandError("--organisation: several shared services have a budget: name one")
    return found[0]
