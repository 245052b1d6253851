"""What a section's snapshot part is asked for, and what it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import Scope
from goldenthread.people.models import Role
from goldenthread.reports.content import ExceptionRule


@dataclass(frozen=True)
class PackRequest:
    """The pack being built: its quarter, the councils it may cover, its options."""

    quarter: Quarter
    organisations: list[Organisation]
    exception_rule: ExceptionRule

    @property
    def readers(self) -> Scope:
        """Whom the pack is for, as a reader's reach: a pack of every council sees
        everything; one council's sees its own and what is for all partners."""
        every = set(Organisation.objects.values_list("id", flat=True))
        ids = frozenset(o.id for o in self.organisations)
        reader: str = Role.READER  # type: ignore[assignment]
        return Scope(reader, ids >= every, ids, frozenset(), frozenset())


@dataclass(frozen=True)
class SnapshotPart:
    """A section's part of the snapshot: its keys (plain JSON-able data, see
    reports.snapshot) and the councils it shows (the pack lists only those).
    `empty`: it has nothing to show (no plan, no register), so a pack of every
    section leaves it out; a pack that names it still shows it."""

    data: dict[str, Any]
    organisations: set[str] = field(default_factory=set)
    empty: bool = False
