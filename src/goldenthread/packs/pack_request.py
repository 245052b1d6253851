"""What a section's snapshot part is asked for, and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.reports.content import ExceptionRule


@dataclass(frozen=True)
class PackRequest:
    """The pack being built: its quarter, the councils it may cover, its options."""

    quarter: Quarter
    organisations: list[Organisation]
    exception_rule: ExceptionRule


@dataclass(frozen=True)
class SnapshotPart:
    """A section's part of the snapshot: its keys (plain JSON-able data, see
    reports.snapshot) and the councils it shows (the pack lists only those).
    `empty`: it has nothing to show (no plan, no register), so a pack of every
    section leaves it out; a pack that names it still shows it."""

    data: dict[str, Any]
    organisations: set[str] = field(default_factory=set)
    empty: bool = False
