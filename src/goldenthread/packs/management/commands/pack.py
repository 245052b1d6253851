"""`goldenthread pack`: build the quarterly performance pack, or rebuild a recorded one."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.domain.periods import PeriodError, Quarter, parse_period
from goldenthread.organisations.models import Organisation
from goldenthread.packs import services
from goldenthread.packs.models import Pack
from goldenthread.reports.build import FORMATS, PackFormatError, parse_formats
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.sections import SECTIONS, SectionError, parse_sections


class Command(BaseCommand):
    help = (
        "Build the quarterly performance pack (HTML, PDF, Word, Excel) from the figures, "
        "record it with a snapshot of every figure, and write the files to --out. "
        "With --rebuild ID, render a recorded pack again from its snapshot."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", help='the quarter, e.g. "2019/20 Q1"')
        parser.add_argument("--council", help="one council's code (e.g. LBH); default: all")
        parser.add_argument(
            "--format",
            default=",".join(FORMATS),
            help=f"formats, comma-separated (default {','.join(FORMATS)})",
        )
        parser.add_argument("--out", type=Path, help="folder to write the files to (created)")
        parser.add_argument("--template", type=Path, help="a Word template (.docx) to fill")
        parser.add_argument(
            "--exceptions",
            choices=[rule.value for rule in ExceptionRule],
            default=ExceptionRule.AMBER_AND_RED.value,
            help="which indicators get an exception page (default amber-red)",
        )
        parser.add_argument(
            "--section",
            action="append",
            metavar="NAME",
            help=f"a section to build (repeat for more; default every one: {', '.join(SECTIONS)})",
        )
        parser.add_argument(
            "--rebuild", type=int, metavar="ID", help="render recorded pack ID from its snapshot"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            formats = parse_formats(options["format"])
        except PackFormatError as error:
            raise CommandError(f"--format: {error}") from None
        try:
            options["section"] = parse_sections(options["section"])
        except SectionError as error:
            raise CommandError(f"--section: {error}") from None
        out: Path | None = options["out"]
        template: Path | None = options["template"]
        try:
            if options["rebuild"] is not None:
                self._rebuild(options["rebuild"], formats, out, template)
            else:
                self._build(options, formats, out, template)
        except services.PackError as error:
            raise CommandError(str(error)) from None

    def _build(
        self,
        options: dict[str, Any],
        formats: tuple[str, ...],
        out: Path | None,
        template: Path | None,
    ) -> None:
        quarter = _quarter(options["period"])
        organisation = None
        if options["council"]:
            organisation = Organisation.objects.filter(code=options["council"].upper()).first()
            if organisation is None:
                known = ", ".join(Organisation.objects.values_list("code", flat=True))
                raise CommandError(f"--council: no council '{options['council']}' (known: {known})")
        started = time.perf_counter()
        made = services.pack_build(
            quarter=quarter,
            organisation=organisation,
            exception_rule=ExceptionRule(options["exceptions"]),
            formats=formats,
            by=None,
            template=template,
            sections=options["section"],
        )
        pack, built = made.pack, made.built
        headlines = "".join(f"{section.headline}; " for section in built.pack.sections)
        self.stdout.write(
            f"Pack {pack.pk}: {pack.period}, {pack.council_code}; "
            f"snapshot {pack.snapshot_hash[:12]}; {headlines}"
            f"built in {time.perf_counter() - started:.1f} s"
        )
        if pack.changes is not None:
            self.stdout.write(f"  {pack.changes} change(s) since the last pack for this period")
        self._write(pack, formats, out)

    def _rebuild(
        self, pack_id: int, formats: tuple[str, ...], out: Path | None, template: Path | None
    ) -> None:
        pack = Pack.objects.select_related("organisation").filter(pk=pack_id).first()
        if pack is None:
            raise CommandError(f"--rebuild: there is no pack {pack_id}")
        if out is None:
            raise CommandError("--rebuild needs --out DIR (the recorded files stay as they are)")
        built = services.pack_rebuild(pack=pack, formats=formats, template=template)
        out.mkdir(parents=True, exist_ok=True)
        for fmt, content in built.files.items():
            (out / pack.file_name(fmt)).write_bytes(content)
            self.stdout.write(f"  {fmt:<5} {out / pack.file_name(fmt)}")
        self.stdout.write(f"Rebuilt pack {pack.pk} from snapshot {pack.snapshot_hash[:12]}")

    def _write(self, pack: Pack, formats: tuple[str, ...], out: Path | None) -> None:
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
        for fmt in formats:
            path = pack.path(fmt)
            if out is not None:
                path = Path(shutil.copyfile(path, out / pack.file_name(fmt)))
            self.stdout.write(f"  {fmt:<5} {path}")


def _quarter(text: str | None) -> Quarter:
    if not text:
        raise CommandError('--period is required, e.g. --period "2019/20 Q1"')
    try:
        period = parse_period(text)
    except PeriodError as error:
        raise CommandError(f"--period: {error}") from None
    if not isinstance(period, Quarter):
        raise CommandError(f'--period: {text!r} is not a quarter: write e.g. "2019/20 Q1"')
    return period
