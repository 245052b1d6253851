"""`goldenthread demo`: database, demonstration data, one user per role, server
(and beside it the background worker that builds the packs asked for)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.demo.load import DatasetError, load_dataset
from goldenthread.demo.users import create_demo_users, demo_authenticator_keys
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
        self.stdout.write(
            "\nThe performance team and the directors also type a 6-digit code from an\n"
            "authenticator app (a second factor). Add their keys to an app on your phone\n"
            "(they stay the same when the demo restarts):"
        )
        for username, key in demo_authenticator_keys().items():
            grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
            self.stdout.write(f"    {username:<16} {grouped}")
        self.stdout.write(
            f'Without a phone, `{_python()} -m goldenthread.mfa.current_code "KEY"` '
            "prints the current code."
        )
        if options["no_serve"]:
            return
        address = options["address"]
        self.stdout.write(f"\nServing http://{address}/ (Ctrl+C to stop)\n")
        self.stdout.flush()
        # served as a real installation serves (`goldenthread serve`: gunicorn, static files
        # by WhiteNoise), with the pack builder (`goldenthread db_worker`) beside it; both
        # stop with the demo
        goldenthread = [sys.executable, "-m", "goldenthread"]
        worker = subprocess.Popen([*goldenthread, "db_worker", "--no-reload", "--interval", "0.5"])
        server = subprocess.Popen([*goldenthread, "serve", "--bind", address, "--workers", "2"])
        stopped_by_kill = signal.signal(signal.SIGTERM, _stop)  # as Ctrl+C: the worker too
        try:
            status = server.wait()
            if status:
                raise CommandError(f"the web server stopped (exit status {status})")
        except KeyboardInterrupt:  # Ctrl+C: the terminal told the server and worker too
            self.stdout.write("\nStopped.")
        finally:
            signal.signal(signal.SIGTERM, stopped_by_kill)
            for process in (server, worker):
                process.terminate()
            for process in (server, worker):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


def _python() -> str:
    """This Python, as short as it can be said from here (`.venv/bin/python`)."""
    relative = os.path.relpath(sys.executable)
    return sys.executable if relative.startswith("..") else relative


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(0)
