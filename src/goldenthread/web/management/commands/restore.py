"""`goldenthread restore FILE`: the whole database, replaced by a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.web.backups import BackupError, restore, tables_with_data


class Command(BaseCommand):
    help = (
        "Replace the whole database with a backup made by `goldenthread backup`. Stop the "
        "web server and the pack builders first. A database that holds data is replaced "
        "only with --yes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="replace the database even though it holds data (everything in it is lost)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path = options["file"]
        if not file.is_file():
            raise CommandError(f"no backup at {file}")
        if not options["yes"]:
            holding = tables_with_data()
            if holding:
                raise CommandError(
                    f"the database holds data ({len(holding)} tables, e.g. "
                    f"{', '.join(holding[:3])}): restoring replaces all of it. "
                    "Run again with --yes to do so."
                )
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the database from {file}.")
