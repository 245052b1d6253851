"""The pack's sections: what each one brings, and the registry that names them.

A section is a module's contribution to the pack. Its Django side (registered
in `packs.sections`) writes its part of the snapshot; everything here is
Django-free and works from the snapshot alone:

- `keys`: the snapshot keys it owns (a new section owns one, its own name);
- `assemble`: its content (`reports.content.Section`) from the snapshot and
  the pack's frame;
- `html`: its Jinja template under `reports/templates/sections/`, with the
  macros `cover` (facts for the cover's list), `contents` (entries for the
  contents list), `body` (its part of the document) and `about` (its part of
  "About these figures"); the PDF is rendered from the same HTML;
- `word`: its placeholders for the Word template (`reports.docx`);
- `excel`: its facts for the About sheet, its lines under them and its sheets
  (`reports.xlsx`);
- `charts`: the charts it draws (a period table each, by a key unique in the
  pack), drawn once for every format;
- `changes` and `sample`: what changed in its part between two snapshots (the
  pack's "what changed since the last pack"), and a small part with an item
  of every kind (to try a Word template on).

A snapshot without a `sections` list is a performance pack: every pack built
before sections were named, and every pack of the performance section alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from goldenthread.reports import (
    finance_excel,
    finance_word,
    performance_excel,
    performance_word,
    plan_excel,
    plan_word,
    risks_excel,
    risks_word,
)
from goldenthread.reports.content import (
    PackContent,
    PerformanceSection,
    PeriodTable,
    Section,
    Sheet,
)
from goldenthread.reports.finance import (
    FinanceSection,
    assemble_finance,
    finance_changes,
    finance_sample,
)
from goldenthread.reports.performance import assemble_performance
from goldenthread.reports.performance_changes import performance_changes, performance_sample
from goldenthread.reports.plan import PlanSection, assemble_plan, plan_changes, plan_sample
from goldenthread.reports.risks import RisksSection, assemble_risks, risks_changes, risks_sample
from goldenthread.reports.snapshot import Snapshot

if TYPE_CHECKING:
    from goldenthread.reports.xlsx import ExcelBook

S = TypeVar("S", bound=Section)
Change = dict[str, str]  # {"indicator", "organisation", "what", "before", "after"}
# a chart for the Word document: (chart key, alternative text) -> the picture, or None
Picture = Callable[[str, str], Any]


class SectionError(ValueError):
    """A section asked for that the pack does not have."""


@dataclass(frozen=True)
class SectionKind(Generic[S]):
    name: str
    title: str
    keys: tuple[str, ...]
    assemble: Callable[[Snapshot, PackContent], S]
    html: str
    word: Callable[[PackContent, S, Picture], dict[str, Any]]
    excel_facts: Callable[[PackContent, S], list[tuple[str, str]]]
    excel_about: Callable[[ExcelBook, Any, int, S], int]
    excel_sheets: Callable[[PackContent, S], list[Sheet]]
    charts: Callable[[S], dict[str, PeriodTable]]
    changes: Callable[[Snapshot, Snapshot], list[Change]]
    sample: Callable[[Snapshot], Snapshot]


def _performance_charts(section: PerformanceSection) -> dict[str, PeriodTable]:
    """The exception pages with figures to draw, by indicator reference."""
    tables: dict[str, PeriodTable] = {}
    for group in section.exceptions:
        for entry in group.entries:
            table = entry.periods
            if table is not None and any(
                cell.due and cell.value.amount is not None
                for row in table.rows
                if not row.is_target
                for cell in row.cells
            ):
                tables[entry.indicator.reference] = table
    return tables


PERFORMANCE: SectionKind[PerformanceSection] = SectionKind(
    name="performance",
    title="Performance indicators",
    keys=(
        "exception_rule",
        "summary_scheme",
        "schemes",
        "statuses",
        "indicators",
        "figures",
        "returns",
    ),
    assemble=assemble_performance,
    html="sections/performance.html",
    word=performance_word.placeholders,
    excel_facts=performance_excel.facts,
    excel_about=performance_excel.write_about,
    excel_sheets=performance_excel.sheets,
    charts=_performance_charts,
    changes=performance_changes,
    sample=performance_sample,
)

PLAN: SectionKind[PlanSection] = SectionKind(
    name="plan",
    title="Improvement Plan",
    keys=("plan",),
    assemble=assemble_plan,
    html="sections/plan.html",
    word=plan_word.placeholders,
    excel_facts=plan_excel.facts,
    excel_about=plan_excel.write_about,
    excel_sheets=plan_excel.sheets,
    charts=lambda section: {},
    changes=plan_changes,
    sample=plan_sample,
)

RISKS: SectionKind[RisksSection] = SectionKind(
    name="risks",
    title="Risk register",
    keys=("risks",),
    assemble=assemble_risks,
    html="sections/risks.html",
    word=risks_word.placeholders,
    excel_facts=risks_excel.facts,
    excel_about=risks_excel.write_about,
    excel_sheets=risks_excel.sheets,
    charts=lambda section: {},
    changes=risks_changes,
    sample=risks_sample,
)

FINANCE: SectionKind[FinanceSection] = SectionKind(
    name="finance",
    title="Finance",
    keys=("finance",),
    assemble=assemble_finance,
    html="sections/finance.html",
    word=finance_word.placeholders,
    excel_facts=finance_excel.facts,
    excel_about=finance_excel.write_about,
    excel_sheets=finance_excel.sheets,
    charts=lambda section: {},
    changes=finance_changes,
    sample=finance_sample,
)

# In the order the pack shows them; `goldenthread pack --section NAME` picks some.
SECTIONS: dict[str, SectionKind[Any]] = {
    kind.name: kind for kind in (PERFORMANCE, PLAN, RISKS, FINANCE)
}
LEGACY = ("performance",)  # the sections of a snapshot that does not list its own


def parse_sections(names: Sequence[str] | None) -> tuple[str, ...]:
    """The sections asked for, in the pack's order; every section when none is named."""
    if not names:
        return tuple(SECTIONS)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise SectionError(
            f"no section {', '.join(repr(n) for n in unknown)}: "
            f"the pack's sections are {', '.join(SECTIONS)}"
        )
    return tuple(name for name in SECTIONS if name in names)


def recorded_sections(names: Sequence[str]) -> dict[str, list[str]]:
    """What the snapshot says about its sections: nothing for a performance pack (as
    every snapshot said before sections were named), else `{"sections": [...]}`."""
    return {} if tuple(names) == LEGACY else {"sections": list(names)}


def kind_of(section: Section) -> SectionKind[Any]:
    """The kind that assembled `section`: its renderers."""
    return SECTIONS[section.name]


def section_kinds(snapshot: Snapshot) -> list[SectionKind[Any]]:
    """The kinds of the sections `snapshot` holds, in order."""
    names = snapshot.get("sections", LEGACY)
    unknown = [name for name in names if name not in SECTIONS]
    if unknown:
        raise SectionError(f"the snapshot has a section this version cannot show: {unknown}")
    return [SECTIONS[name] for name in names]


def changes_between(before: Snapshot, after: Snapshot) -> list[Change]:
    """What a later snapshot shows differently, section by section (a section the
    earlier snapshot did not have counts as all added)."""
    return [change for kind in section_kinds(after) for change in kind.changes(before, after)]


def sample_of(snapshot: Snapshot) -> Snapshot:
    """A small snapshot with an item of every kind each section shows, for a quick
    trial of a Word template."""
    sampled = dict(snapshot)
    for kind in section_kinds(snapshot):
        sampled = kind.sample(sampled)
    since = snapshot.get("since")
    sampled["since"] = since and {**since, "changes": since["changes"][:3]}
    return sampled
