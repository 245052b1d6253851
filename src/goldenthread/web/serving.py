"""The production web server: gunicorn, in this process, on goldenthread's WSGI
application (static files by WhiteNoise inside it). `goldenthread serve` runs it
for a real installation, `goldenthread demo` for the demonstration."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from gunicorn.app.base import BaseApplication

DEFAULT_BIND = "127.0.0.1:8000"


def default_workers() -> int:
    """Gunicorn's advice, two per core and one more, kept to at most 8: each
    worker holds its own copy of the application (about 100 MB)."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


@dataclass(frozen=True)
class ServerOptions:
    bind: str = DEFAULT_BIND
    workers: int = 1
    timeout: int = 30
    behind_proxy: bool = False

    def gunicorn_settings(self) -> dict[str, Any]:
        return {
            "bind": [self.bind],
            "workers": self.workers,
            "timeout": self.timeout,
            "graceful_timeout": self.timeout,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "goldenthread",
            # no `gunicornc` socket in the home folder: several servers on one machine
            # would share its one path, and systemd (or the demo) manages the server
            "control_socket_disable": True,
            # gunicorn believes X-Forwarded-Proto from 127.0.0.1 (or FORWARDED_ALLOW_IPS)
            # only when a proxy is declared, as Django does (SECURE_PROXY_SSL_HEADER)
            "forwarded_allow_ips": (
                os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if self.behind_proxy else ""
            ),
        }


class GoldenthreadServer(BaseApplication):
    def __init__(self, options: ServerOptions) -> None:
        self.options = options
        super().__init__(prog="goldenthread serve")

    def load_config(self) -> None:
        for name, value in self.options.gunicorn_settings().items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        from goldenthread.config.wsgi import application

        return application


def serve(options: ServerOptions) -> None:
    """Serve until stopped: SIGTERM finishes the requests under way (up to the
    timeout), Ctrl+C (SIGINT) stops at once. Returns never; exits the process."""
    from django.db import connections

    connections.close_all()  # no connection is shared with the workers forked below
    GoldenthreadServer(options).run()
