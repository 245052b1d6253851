"""An import killed (SIGKILL) inside its transaction leaves nothing behind, and
running it again succeeds: on SQLite and on PostgreSQL (make test's second
pass). The import runs in another process (tests/web/import_worker.py), which
stops dead once the figures are written but before the transaction commits."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import load_workbook

ROOT = Path(__file__).parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url(tmp_path: Path) -> str:
    """Where the worker works: a fresh SQLite file, or this test's PostgreSQL database."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def worker(url: str, tmp_path: Path, *args: str, wait: bool = True):
    env = {
        **os.environ,
        "GOLDENTHREAD_DATABASE_URL": url,
        "GOLDENTHREAD_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "tests.web.import_worker", *args]
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, env=env)
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_killed_import_leaves_nothing_and_a_rerun_succeeds(tmp_path):
    url = database_url(tmp_path)
    template = tmp_path / "template.xlsx"
    worker(url, tmp_path, "setup", str(template))
    book = load_workbook(io.BytesIO(template.read_bytes()))
    for row in range(7, 16):
        book["Return"].cell(row, 10).value = 90 + row / 10
    book["Commentary"]["F7"] = "Payroll system upgrade in April"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    before = json.loads(worker(url, tmp_path, "state"))
    assert before["database"] == connection.vendor

    marker = tmp_path / "inside-the-transaction"
    process = worker(url, tmp_path, "import", str(filled), "--stop-inside", str(marker), wait=False)
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None, "the import ended before reaching the point to kill it"
        assert time.monotonic() < deadline, "the import never reached the point to kill it"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL

    assert json.loads(worker(url, tmp_path, "state")) == before  # nothing partial
    assert worker(url, tmp_path, "import", str(filled)).strip() == "10"  # 9 figures, 1 comment
    after = json.loads(worker(url, tmp_path, "state"))
    assert after["figures"][0] == "EX-10 Apr number 90.70000000"
    assert "Payroll system upgrade in April" in after["commentary"]
    assert "Payroll system upgrade in April" not in before["commentary"]
    assert after["returns"] == [["draft", 1]]
