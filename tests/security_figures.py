"""Figures that security tests measure, for docs/security.md.

A test calls `record("lockout", "failures before lockout", 10)`; the figures of
a run land in `out/security/<section>.json`, and `scripts/security-report`
writes them into docs/security.md between the markers
`<!-- figures:SECTION -->` and `<!-- /figures:SECTION -->`, so the document
carries what the suite measured, never typed figures.

The suite runs in several processes at once (pytest-xdist), so each keeps its
figure under a lock on the section's file: no process loses another's figure."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

FIGURES_DIR = Path(__file__).resolve().parent.parent / "out" / "security"


def record(section: str, name: str, value: object) -> None:
    """Keep one measured figure (a number or a short text) under its section."""
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    path = FIGURES_DIR / f"{section}.json"
    with open(FIGURES_DIR / f".{section}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        figures = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        figures[name] = value
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(figures, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(path)
