"""The suite's Django settings: goldenthread's own, with a throwaway data folder
and a test secret key. `GOLDENTHREAD_DATABASE_URL` (set by `make test` for its
PostgreSQL pass) picks the database; without it the tests run on SQLite."""

import os
import tempfile

os.environ.setdefault("GOLDENTHREAD_DATA_DIR", tempfile.mkdtemp(prefix="goldenthread-test-"))
os.environ.setdefault("GOLDENTHREAD_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
os.environ.setdefault("GOLDENTHREAD_SECURE", "false")

from goldenthread.config.settings import *  # noqa: F403

# Packs asked for on the web are built at once, inside the request; the tests that
# exercise the background worker itself switch to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
