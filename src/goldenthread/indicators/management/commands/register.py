"""`goldenthread register import|export`: the indicator register and its
targets as a spreadsheet laid out like Appendix 1 of the framework."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.indicators.bulk import RegisterPlan, RegisterRefused, register_load, register_plan
from goldenthread.indicators.register_sheet import (
    RegisterSheetRefused,
    read_register_workbook,
    register_workbook,
)
from goldenthread.people.access import scope_of
from goldenthread.workbooks.safety import MAX_FILE_BYTES


class Command(BaseCommand):
    help = "The indicator register as a spreadsheet: export it, or load changes from one."

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
        loaded = actions.add_parser(
            "import",
            help="check a register spreadsheet and show, or --apply, what it changes",
            description="Check every row of a register spreadsheet and print what loading it "
            "would change; with --apply, save it all (or, if anything is wrong, nothing).",
        )
        loaded.add_argument("file", type=Path, metavar="FILE", help="the .xlsx file")
        loaded.add_argument(
            "--apply", action="store_true", help="save the changes (default: only show them)"
        )
        loaded.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="a performance team member the history names (default: none, 'system')",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            out: Path = options["out"]
            out.write_bytes(register_workbook(include_retired=not options["in_use_only"]))
            self.stdout.write(f"Wrote {out}.")
            return
        user = None
        if options["username"]:
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None or not scope_of(user).is_performance_team:
                raise CommandError(f"--as: '{options['username']}' is not in the performance team")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(f"{path} is larger than {MAX_FILE_BYTES // 1048576} MB")
        try:
            rows = read_register_workbook(path.read_bytes(), filename=path.name)
            plan = register_plan(rows.indicators, rows.targets)
        except (RegisterSheetRefused, RegisterRefused) as refusal:
            problems = "\n".join(f"  {p}" for p in refusal.problems)
            raise CommandError(f"{path}: nothing was loaded:\n{problems}") from None
        self._preview(plan)
        if not plan.has_changes:
            self.stdout.write("Nothing to change: the file matches the register.")
        elif not options["apply"]:
            self.stdout.write("Nothing saved: run again with --apply to save these changes.")
        else:
            result = register_load(plan=plan, by=user)
            self.stdout.write(f"Saved: {result.created} created, {result.changed} changed.")

    def _preview(self, plan: RegisterPlan) -> None:
        for item in plan.indicators:
            if item.kind == "new":
                self.stdout.write(
                    f"  new      {item.entry.reference} {item.values.get('title', '')}"
                )
            for change in item.changes:
                self.stdout.write(
                    f"  changed  {item.entry.reference} {change.name}: "
                    f"{change.before!r} -> {change.after!r}"
                )
        for target in plan.targets:
            if target.kind in ("new", "changed", "removed"):
                before = target.existing.text if target.existing else ""
                entry = target.entry
                self.stdout.write(
                    f"  {target.kind:<8} target {entry.reference} {entry.organisation} "
                    f"{entry.year}: {before!r} -> {entry.text!r}"
                )
        for name in plan.new_service_areas:
            self.stdout.write(f"  new      service area {name}")
        self.stdout.write(
            f"Indicators: {plan.indicator_count('new')} new, {plan.indicator_count('changed')} "
            f"changed, {plan.indicator_count('unchanged')} unchanged. Targets: "
            f"{plan.target_count('new')} new, {plan.target_count('changed')} changed, "
            f"{plan.target_count('removed')} removed, {plan.target_count('unchanged')} unchanged."
        )
