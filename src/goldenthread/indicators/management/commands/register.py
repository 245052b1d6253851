"""`goldenthread register import|export`: the indicator register and its
targets as a spreadsheet laid out like Appendix 1 of the framework."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError, CommandParser

from goldenthread.imports.command import SpreadsheetImportCommand
from goldenthread.indicators.bulk import Loaded, RegisterPreview
from goldenthread.indicators.register_sheet import RegisterImport, register_workbook
from goldenthread.people.access import scope_of


class Command(SpreadsheetImportCommand):
    help = "The indicator register as a spreadsheet: export it, or load changes from one."
    nothing_to_change = "Nothing to change: the file matches the register."
    as_required = False
    as_help = "a performance team member the history names (default: none, 'system')"

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        exported = actions.add_parser(
            "export",
            help="write the register and every year's targets to an .xlsx file",
            description="Write the register laid out like Appendix 1: Service, Service area, "
            "KPI, each year's target per council, then the other register columns.",
        )
        exported.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
        exported.add_argument(
            "--in-use-only", action="store_true", help="leave out retired indicators"
        )
        self.add_import_action(
            actions,
            help="check a register spreadsheet and show, or --apply, what it changes",
            description="Check every row of a register spreadsheet and print what loading it "
            "would change; with --apply, save it all (or, if anything is wrong, nothing).",
            file_help="the .xlsx file",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            out: Path = options["out"]
            out.write_bytes(register_workbook(include_retired=not options["in_use_only"]))
            self.stdout.write(f"Wrote {out}.")
            return
        self.run_import(options)

    def importer(self, person: AbstractBaseUser | None) -> RegisterImport:
        return RegisterImport()

    def person(self, username: str | None) -> AbstractBaseUser | None:
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None or not scope_of(user).is_performance_team:
            raise CommandError(f"--as: '{username}' is not in the performance team")
        return user

    def show(self, preview: RegisterPreview) -> None:
        for item in preview.indicators:
            if item.kind == "new":
                self.stdout.write(
                    f"  new      {item.entry.reference} {item.values.get('title', '')}"
                )
            for change in item.changes:
                self.stdout.write(
                    f"  changed  {item.entry.reference} {change.name}: "
                    f"{change.before!r} -> {change.after!r}"
                )
        for target in preview.targets:
            if target.kind in ("new", "changed", "removed"):
                before = target.existing.text if target.existing else ""
                entry = target.entry
                self.stdout.write(
                    f"  {target.kind:<8} target {entry.reference} {entry.organisation} "
                    f"{entry.year}: {before!r} -> {entry.text!r}"
                )
        for name in preview.new_service_areas:
            self.stdout.write(f"  new      service area {name}")
        for scheme in preview.schemes.changes if preview.schemes else []:
            if scheme.kind != "unchanged":
                self.stdout.write(f"  {scheme.kind:<8} status scheme {scheme.scheme.key}")
        self.stdout.write(
            f"Indicators: {preview.indicator_count('new')} new, "
            f"{preview.indicator_count('changed')} changed, "
            f"{preview.indicator_count('unchanged')} unchanged. Targets: "
            f"{preview.target_count('new')} new, {preview.target_count('changed')} changed, "
            f"{preview.target_count('removed')} removed, "
            f"{preview.target_count('unchanged')} unchanged."
        )

    def saved(self, result: Loaded) -> str:
        return f"Saved: {result.created} created, {result.changed} changed."
