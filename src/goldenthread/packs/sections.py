"""The pack's sections, Django side: the function that writes each section's
part of the snapshot, by the section's name in `reports.sections.SECTIONS`
(which holds the rest: assembly and every format). A module that adds a
section writes its part function and names it here."""

from __future__ import annotations

from collections.abc import Callable

from goldenthread.packs.finance import finance_part
from goldenthread.packs.pack_request import PackRequest, SnapshotPart
from goldenthread.packs.performance import performance_part
from goldenthread.packs.plan import plan_part
from goldenthread.packs.risks import risks_part

SNAPSHOT_PARTS: dict[str, Callable[[PackRequest], SnapshotPart]] = {
    "performance": performance_part,
    "plan": plan_part,
    "risks": risks_part,
    "finance": finance_part,
}
