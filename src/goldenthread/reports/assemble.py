"""Assemble the pack's content from a snapshot: the frame (title, period,
scope, when the data were taken, what changed since the last pack), then each
section the snapshot holds, by its kind in the registry (`reports.sections`).
Nothing here reads a database, so the same snapshot always gives the same pack."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from goldenthread.reports.content import (
    MONTHS,
    ChangesSince,
    Organisation,
    PackChange,
    PackContent,
)
from goldenthread.reports.sections import section_kinds
from goldenthread.reports.snapshot import Snapshot, snapshot_hash

EN_DASH = "\u2013"


def assemble(snapshot: Snapshot) -> PackContent:
    """The pack's content for `snapshot`: its frame, then its sections in order."""
    period = snapshot["period"]
    organisations = [Organisation(o["code"], o["name"]) for o in snapshot["organisations"]]
    by_code = {o.code: o for o in organisations}
    taken_at = snapshot["taken_at"]
    council = snapshot.get("council")
    scope = by_code[council].name if council in by_code else _names(organisations)
    pack = PackContent(
        title=f"{snapshot.get('publisher') or 'Performance'} performance information",
        period=period["label"],
        months=_months_text(period["first_month"], period["last_month"]),
        scope=scope,
        council=council,
        taken_at=taken_at,
        taken_at_text=_when(taken_at),
        snapshot_hash=snapshot_hash(snapshot),
        organisations=organisations,
        since=changes_since(snapshot.get("since")),
    )
    pack.sections = [kind.assemble(snapshot, pack) for kind in section_kinds(snapshot)]
    return pack


def _names(organisations: Iterable[Organisation]) -> str:
    names = [o.name for o in organisations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _months_text(first: str, last: str) -> str:
    first_year, first_month = (int(part) for part in first.split("-"))
    last_year, last_month = (int(part) for part in last.split("-"))
    start = MONTHS[first_month - 1] + ("" if first_year == last_year else f" {first_year}")
    return f"{start} {EN_DASH} {MONTHS[last_month - 1]} {last_year}"


def _when(iso: str) -> str:
    moment = datetime.datetime.fromisoformat(iso)
    zone = moment.strftime("%Z") or "UTC"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} at {moment:%H:%M} ({zone})"


def changes_since(since: dict[str, Any] | None) -> ChangesSince | None:
    """What a snapshot records as changed since the last pack, as a reader sees it."""
    if since is None:
        return None
    return ChangesSince(
        _when(since["built_at"]),
        since["hash"],
        [
            PackChange(c["indicator"], c["organisation"], c["what"], c["before"], c["after"])
            for c in since["changes"]
        ],
    )
