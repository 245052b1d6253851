"""`goldenthread serve`: the web application under gunicorn, for a real installation."""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from goldenthread.config import environment as env
from goldenthread.web.serving import DEFAULT_BIND, ServerOptions, default_workers, serve


class Command(BaseCommand):
    help = (
        "Serve the web application with gunicorn (static files included) until stopped. "
        "Run `goldenthread db_worker` beside it to build packs (docs/deploy.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            default=DEFAULT_BIND,
            help=f"address:port, or unix:PATH, to listen on (default {DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            default=default_workers(),
            help="web processes, each answering one request at a time "
            "(default: 2 per CPU core and one more, at most 8)",
        )
        parser.add_argument(
            "--timeout",
            type=_positive,
            default=30,
            help="seconds a request may take before its process is restarted (default 30)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not env.SECRET_KEY.read():
            raise CommandError(f"set {env.SECRET_KEY.name}: a real installation needs its own key")
        serve(
            ServerOptions(
                bind=options["bind"],
                workers=options["workers"],
                timeout=options["timeout"],
                behind_proxy=env.flag(env.BEHIND_PROXY),
            )
        )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)
