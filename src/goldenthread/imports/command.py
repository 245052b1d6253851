"""`goldenthread <module> import FILE [--apply] --as USERNAME`, the same for
every import: read and check the file, print what it would change, and with
--apply save it all (or, if anything is wrong, nothing) as the named person."""

from __future__ import annotations

import abc
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import BaseCommand, CommandError

from goldenthread.imports.pipeline import ImportRefused, SpreadsheetImport, apply_preview
from goldenthread.imports.rows import RowsPreview
from goldenthread.workbooks.safety import MAX_FILE_BYTES, too_large


class SpreadsheetImportCommand(BaseCommand, abc.ABC):
    """A module's command: its own actions, and `import` from `add_import_action`
    and `run_import`. The module says who may import (`person`), how to
    print a preview (`show`) and what was saved (`saved`)."""

    nothing_to_change: str  # said when the file matches what is saved
    as_required = True
    as_help = "whose import it is: their permissions apply, and the history names them"

    @abc.abstractmethod
    def importer(self, person: AbstractBaseUser | None) -> SpreadsheetImport[Any, Any]:
        """This person's import."""

    @abc.abstractmethod
    def person(self, username: str | None) -> AbstractBaseUser | None:
        """Who imports (`--as`); `CommandError` for someone who may not."""

    @abc.abstractmethod
    def show(self, preview: Any) -> None:
        """Print what the preview would change."""

    @abc.abstractmethod
    def saved(self, result: Any) -> str:
        """The line printed once saved."""

    def add_import_action(
        self, actions: Any, *, help: str, description: str, file_help: str
    ) -> None:
        imported = actions.add_parser("import", help=help, description=description)
        imported.add_argument("file", type=Path, metavar="FILE", help=file_help)
        imported.add_argument(
            "--as",
            dest="username",
            required=self.as_required,
            metavar="USERNAME",
            help=self.as_help,
        )
        imported.add_argument(
            "--apply", action="store_true", help="save the changes (default: only show them)"
        )

    def run_import(self, options: dict[str, Any]) -> None:
        person = self.person(options["username"])
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise CommandError(too_large(str(path), path.stat().st_size, MAX_FILE_BYTES))
        importer = self.importer(person)
        try:
            preview = importer.read(path.read_bytes(), filename=path.name)
        except ImportRefused as refusal:
            raise CommandError(self.refusal(path, importer, refusal)) from None
        self.show(preview)
        if not preview.has_changes:
            self.stdout.write(self.nothing_to_change)
        elif not options["apply"]:
            self.stdout.write("Nothing saved: run again with --apply to save these changes.")
        else:
            try:
                result = apply_preview(importer, preview, by=person)
            except ImportRefused as refusal:
                raise CommandError(self.refusal(path, importer, refusal)) from None
            self.stdout.write(self.saved(result))

    @staticmethod
    def refusal(path: Path, importer: SpreadsheetImport[Any, Any], refusal: ImportRefused) -> str:
        lines = [f"{path}: nothing was {importer.refused_verb}:"]
        lines += [f"  {problem}" for problem in refusal.problems]
        return "\n".join(lines)


def show_rows(command: SpreadsheetImportCommand, preview: RowsPreview, noun: str) -> None:
    """A register sheet's preview (`imports.rows`): each new and changed record,
    field by field, then the counts."""
    for item in preview.items:
        if item.kind == "new":
            command.stdout.write(f"  new      {noun} {item.key}")
        for heading, before, after in item.changes if item.kind == "changed" else ():
            command.stdout.write(f"  changed  {item.key} {heading}: {before!r} -> {after!r}")
    command.stdout.write(
        f"{noun.title()}s: {preview.count('new')} new, {preview.count('changed')} changed, "
        f"{preview.count('unchanged')} unchanged."
    )
