"""The suite's Django settings: goldenthread's own, with a throwaway data folder
and a test secret key. `GOLDENTHREAD_DATABASE_URL` (set by `make test` for its
PostgreSQL pass) picks the database; without it the tests run on SQLite."""

import os
import tempfile

os.environ.setdefault("GOLDENTHREAD_DATA_DIR", tempfile.mkdtemp(prefix="goldenthread-test-"))
if _worker := os.environ.get("PYTEST_XDIST_WORKER"):  # gw0, gw1, ...: a folder of its own
    _folder = os.path.join(os.environ["GOLDENTHREAD_DATA_DIR"], _worker)
    os.makedirs(_folder, exist_ok=True)
    os.environ["GOLDENTHREAD_DATA_DIR"] = _folder
os.environ.setdefault("GOLDENTHREAD_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("GOLDENTHREAD_SECURE", "false")

from goldenthread.config.settings import *  # noqa: F403

# Packs asked for on the web are built at once, inside the request; the tests that
# exercise the background worker itself switch to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# SQLite's test database is in memory, one per process: said outright, because
# pytest-django, not knowing goldenthread's SQLite backend for SQLite, would
# otherwise give each pytest-xdist worker a file named after the data folder's path.
if DATABASES["default"]["ENGINE"] == "goldenthread.config.sqlite":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405
