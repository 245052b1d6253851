"""`goldenthread returns template|import`: a data return as a spreadsheet.

`template` writes the .xlsx template for a council, period and service area
(or a whole directorate); `import` checks a filled-in one and prints what it
would change, and with --apply saves it, as the named person, all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from goldenthread.domain.periods import PeriodError, Quarter, parse_period
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import scope_of
from goldenthread.returns import services
from goldenthread.returns.sheet_import import (
    ImportPlan,
    ImportRefused,
    read_return_workbook,
    returns_import,
)
from goldenthread.returns.sheet_template import return_template, template_areas
from goldenthread.workbooks.safety import MAX_FILE_BYTES, too_large


class Command(BaseCommand):
    help = "Data returns as spreadsheets: write a template, or import a filled-in one."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        template = actions.add_parser(
            "template",
            help="write the .xlsx template of a return",
            description="Write the .xlsx data return template for a council, period and "
            "service area (or every service area of a directorate), filled in with the "
            "figures and commentary already saved.",
        )
        template.add_argument("--council", required=True, help="the council's code, e.g. LBH")
        which = template.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--service-area",
            help="the service area's name (e.g. Payroll), 'Directorate: Service area', or its id",
        )
        which.add_argument(
            "--directorate", help="every service area of this directorate, in one workbook"
        )
        template.add_argument("--period", required=True, help='the quarter, e.g. "2019/20 Q1"')
        template.add_argument(
            "--out", type=Path, help="where to write it (default: its own name, here)"
        )
        imported = actions.add_parser(
            "import",
            help="check a filled-in template and show, or --apply, what it changes",
            description="Check a filled-in template with the web form's rules and print what "
            "it would change; with --apply, save it all (or, if anything is wrong, nothing).",
        )
        imported.add_argument("file", type=Path, metavar="FILE", help="the filled-in .xlsx")
        imported.add_argument(
            "--as",
            dest="username",
            required=True,
            metavar="USERNAME",
            help="whose import it is: their permissions apply, and the history names them",
        )
        imported.add_argument(
            "--apply", action="store_true", help="save the changes (default: only show them)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            self._template(options)
        else:
            self._import(options)

    def _template(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(code__iexact=options["council"]).first()
        if organisation is None:
            codes = ", ".join(Organisation.objects.values_list("code", flat=True))
            raise CommandError(f"--council: no council '{options['council']}' (known: {codes})")
        try:
            quarter = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(f"--period: {error}") from None
        if not isinstance(quarter, Quarter):
            raise CommandError(f"--period: '{options['period']}' is not a quarter, e.g. 2019/20 Q1")
        if options["directorate"]:
            areas = list(
                ServiceArea.objects.filter(directorate__name__iexact=options["directorate"])
            )
            if not areas:
                raise CommandError(f"--directorate: no directorate '{options['directorate']}'")
        else:
            areas = [_service_area(options["service_area"])]
        areas = template_areas(organisation, areas)
        if not areas:
            raise CommandError(f"no indicators apply to {organisation.code} there")
        made = return_template(organisation=organisation, service_areas=areas, quarter=quarter)
        out: Path = options["out"] or Path(made.filename)
        out.write_bytes(made.content)
        self.stdout.write(f"Wrote {out} ({', '.join(str(a) for a in areas)}, {quarter.label}).")

    def _import(self, options: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"--as: no user '{options['username']}'")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(too_large(str(path), path.stat().st_size, MAX_FILE_BYTES))
        try:
            plan = read_return_workbook(path.read_bytes(), filename=path.name, scope=scope_of(user))
        except ImportRefused as refusal:
            raise CommandError(_refusal(path, refusal)) from None
        self._preview(plan)
        if not options["apply"]:
            if plan.has_changes:
                self.stdout.write("Nothing saved: run again with --apply to save these changes.")
            return
        if not plan.has_changes:
            self.stdout.write("Nothing to save: the file matches what is saved.")
            return
        try:
            changed = returns_import(plan=plan, by=user)
        except services.ReturnError as error:
            raise CommandError(f"{path}: nothing was imported: {error}") from None
        self.stdout.write(f"Saved {changed} change{'s' if changed != 1 else ''}.")

    def _preview(self, plan: ImportPlan) -> None:
        self.stdout.write(f"{plan.filename}: {plan.title}")
        for note in plan.notes:
            self.stdout.write(f"  Note: {note}")
        for kind in ("new", "changed", "cleared"):
            for c in plan.changes(kind):
                before = f"{c.before} -> " if c.before else ""
                after = c.after or "(blank)"
                self.stdout.write(f"  {kind:<8} {c.indicator.reference} {c.what}: {before}{after}")
        counts = ", ".join(
            f"{plan.count(k)} {k}" for k in ("new", "changed", "cleared", "unchanged")
        )
        self.stdout.write(f"{counts}.")


def _service_area(text: str) -> ServiceArea:
    query = ServiceArea.objects.select_related("directorate")
    if text.isdigit():
        found = list(query.filter(pk=int(text)))
    elif ":" in text:
        directorate, _, name = text.partition(":")
        found = list(
            query.filter(directorate__name__iexact=directorate.strip(), name__iexact=name.strip())
        )
    else:
        found = list(query.filter(Q(name__iexact=text.strip())))
    if len(found) == 1:
        return found[0]
    if not found:
        raise CommandError(f"--service-area: no service area '{text}'")
    raise CommandError(
        f"--service-area: '{text}' is in several directorates; write one of: "
        + "; ".join(f"'{a}'" for a in found)
    )


def _refusal(path: Path, refusal: ImportRefused) -> str:
    lines = [f"{path}: nothing was imported:"]
    lines += [f"  {problem}" for problem in refusal.problems]
    return "\n".join(lines)
