"""`goldenthread demo`: database, demonstration data, one user per role, server
(and beside it the background worker that builds the packs asked for)."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.demo.load import DatasetError, load_dataset
from goldenthread.demo.users import create_demo_users
from goldenthread.people.models import Role


class Command(BaseCommand):
    help = (
        "Create (or reuse) the database, load the oneSource 2019/20 demonstration data, "
        "create one user per role (printing their passwords) and serve the application."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="load and create users, then stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            loaded = load_dataset()
        except DatasetError as error:
            raise CommandError("the demonstration data has problems:\n" + str(error)) from None
        counts = ", ".join(f"{n} {name}" for name, n in loaded.counts.items())
        self.stdout.write(
            f"Demonstration data: {counts} "
            f"({loaded.created} rows created, {loaded.changed} changed)."
        )
        self.stdout.write("\nSign in as (passwords are new each time the demo starts):")
        for demo, password in create_demo_users():
            self.stdout.write(
                f"  {demo.username:<16} {password:<14} {Role(demo.role).label}: {demo.does}"
            )
        if options["no_serve"]:
            return
        address = options["address"]
        self.stdout.write(f"\nServing http://{address}/ (Ctrl+C to stop)\n")
        # packs asked for on the web are built by `goldenthread db_worker`, as in a real
        # installation (docs/settings.md); here it runs beside the server and stops with it
        worker = subprocess.Popen(
            [sys.executable, "-m", "goldenthread", "db_worker", "--no-reload", "--interval", "0.5"]
        )
        stopped_by_kill = signal.signal(signal.SIGTERM, _stop)  # as Ctrl+C: the worker too
        try:
            call_command("runserver", address, use_reloader=False)
        finally:
            signal.signal(signal.SIGTERM, stopped_by_kill)
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(0)
