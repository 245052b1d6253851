"""The throwaway database the import benchmarks run against: SQLite in a new
temporary folder, or the PostgreSQL server GOLDENTHREAD_DATABASE_URL names."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def throwaway_database() -> None:
    """Set up Django on a new, migrated database (call before importing models)."""
    folder = tempfile.mkdtemp(prefix="goldenthread-bench-")
    os.environ.setdefault("GOLDENTHREAD_DATA_DIR", folder)
    os.environ.setdefault("GOLDENTHREAD_SECRET_KEY", "bench-" + "x" * 50)
    os.environ.setdefault("GOLDENTHREAD_SECURE", "false")
    os.environ.setdefault("GOLDENTHREAD_ALLOWED_HOSTS", "testserver")
    os.environ["DJANGO_SETTINGS_MODULE"] = "goldenthread.config.settings"
    sys.path.insert(0, str(Path(__file__).parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
