"""The settings an installation may change, read from environment variables.

Each setting is data with its help text; `docs/settings.md` documents every
one (a test fails if one is missing) and `settings.py` reads them from here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def read(self) -> str:
        return os.environ.get(self.name, self.default)


DATA_DIR = Setting(
    "GOLDENTHREAD_DATA_DIR",
    str(Path.cwd() / "var"),
    "Folder for the SQLite database and built packs. Created if missing.",
)
DATABASE_URL = Setting(
    "GOLDENTHREAD_DATABASE_URL",
    "",
    "Database to use, e.g. postgres://user:password@127.0.0.1:5432/goldenthread. "
    "Empty: SQLite at DATA_DIR/goldenthread.sqlite3 (WAL, busy timeout 20 s).",
)
SECRET_KEY = Setting(
    "GOLDENTHREAD_SECRET_KEY",
    "",
    "Django's secret key. Required unless DEBUG is on; keep it secret and stable.",
)
DEBUG = Setting(
    "GOLDENTHREAD_DEBUG",
    "false",
    "true only on a developer's machine: detailed error pages, no secure cookies.",
)
ALLOWED_HOSTS = Setting(
    "GOLDENTHREAD_ALLOWED_HOSTS",
    "127.0.0.1,localhost",
    "Comma-separated host names the site answers to.",
)
SECURE = Setting(
    "GOLDENTHREAD_SECURE",
    "true",
    "true behind HTTPS (the default for real installs): secure cookies, HSTS, redirect "
    "to https. The demo turns it off because it serves plain http on 127.0.0.1.",
)
BEHIND_PROXY = Setting(
    "GOLDENTHREAD_BEHIND_PROXY",
    "false",
    "true when a proxy (nginx, Caddy, a load balancer) terminates HTTPS in front of "
    "goldenthread and sets X-Forwarded-Proto, replacing any the browser sent: only then "
    "is that header believed (docs/deploy.md).",
)
SESSION_MINUTES = Setting(
    "GOLDENTHREAD_SESSION_MINUTES",
    "60",
    "Minutes of inactivity after which a signed-in user must sign in again.",
)

ALL = (
    DATA_DIR,
    DATABASE_URL,
    SECRET_KEY,
    DEBUG,
    ALLOWED_HOSTS,
    SECURE,
    BEHIND_PROXY,
    SESSION_MINUTES,
)

# The key used when DEBUG is on and no key is set. It is published here, so the
# settings refuse it outside DEBUG and `goldenthread check --deploy` names it.
DEBUG_SECRET_KEY = "django-insecure-goldenthread-development-key-not-secret-0123456789"


def flag(setting: Setting) -> bool:
    value = setting.read().strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(f"{setting.name} must be true or false, not {value!r}")
