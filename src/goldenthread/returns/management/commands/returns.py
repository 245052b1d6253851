"""`goldenthread returns template|import`: a data return as a spreadsheet.

`template` writes the .xlsx template for a council, period and service area
(or a whole directorate); `import` checks a filled-in one and prints what it
would change, and with --apply saves it, as the named person, all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandError, CommandParser
from django.db.models import Q

from goldenthread.domain.periods import PeriodError, Quarter, parse_period
from goldenthread.imports.command import SpreadsheetImportCommand
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import scope_of
from goldenthread.returns.sheet_import import ReturnImport, ReturnsPreview
from goldenthread.returns.sheet_template import return_template, template_areas


class Command(SpreadsheetImportCommand):
    help = "Data returns as spreadsheets: write a template, or import a filled-in one."
    nothing_to_change = "Nothing to save: the file matches what is saved."

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
        self.add_import_action(
            actions,
            help="check a filled-in template and show, or --apply, what it changes",
            description="Check a filled-in template with the web form's rules and print what "
            "it would change; with --apply, save it all (or, if anything is wrong, nothing).",
            file_help="the filled-in .xlsx",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "template":
            self._template(options)
        else:
            self.run_import(options)

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
        areas = template_areas(organisation, areas, quarter)
        if not areas:
            raise CommandError(f"no indicators apply to {organisation.code} there")
        made = return_template(organisation=organisation, service_areas=areas, quarter=quarter)
        out: Path = options["out"] or Path(made.filename)
        out.write_bytes(made.content)
        self.stdout.write(f"Wrote {out} ({', '.join(str(a) for a in areas)}, {quarter.label}).")

    def importer(self, person: AbstractBaseUser | None) -> ReturnImport:
        assert person is not None  # --as is required
        return ReturnImport(scope=scope_of(person))

    def person(self, username: str | None) -> AbstractBaseUser:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"--as: no user '{username}'")
        return user

    def saved(self, result: int) -> str:
        return f"Saved {result} change{'s' if result != 1 else ''}."

    def show(self, preview: ReturnsPreview) -> None:
        self.stdout.write(f"{preview.filename}: {preview.title}")
        for note in preview.notes:
            self.stdout.write(f"  Note: {note}")
        for kind in ("new", "changed", "cleared"):
            for c in preview.changes(kind):
                before = f"{c.before} -> " if c.before else ""
                after = c.after or "(blank)"
                self.stdout.write(f"  {kind:<8} {c.indicator.reference} {c.what}: {before}{after}")
        counts = ", ".join(
            f"{preview.count(k)} {k}" for k in ("new", "changed", "cleared", "unchanged")
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
