"""`goldenthread backup FILE`: the whole database, copied to one file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.web.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Copy the whole database to FILE while the application runs (SQLite: its online "
        "backup; PostgreSQL: pg_dump's custom format). `goldenthread restore FILE` puts "
        "it back. Built packs live in the data folder: copy its packs/ folder too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, metavar="FILE", help="the backup to write")

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path = options["file"]
        try:
            kind = backup(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backed up the database to {file} ({kind}, {_size(file)}).")


def _size(file: Path) -> str:
    size = file.stat().st_size
    return f"{size / 1_048_576:.1f} MB" if size >= 1_048_576 else f"{size / 1024:.0f} KB"
