"""The pack's content, format-free: the frame every pack has (title, period,
scope, when the data were taken, the snapshot's hash, what changed since the
last pack) and its sections (`PackContent.sections`), each assembled by its
section (`reports.sections`). The performance section is what seed 001's
"Performance Information" appendix holds (covering summary, key, summary table,
met-target lists, exception pages, volumetric tables, returns not yet
approved). Every renderer (HTML and PDF, Word, Excel) draws this same model."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from goldenthread.domain.direction import Direction as DomainDirection
from goldenthread.domain.direction import Movement, travel_label

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_words(iso: str | None) -> str:
    """A day as the pack writes it: '2019-09-30' -> '30 September 2019' ('' for none)."""
    if not iso:
        return ""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class ExceptionRule(StrEnum):
    """Which indicators get an exception page."""

    AMBER_AND_RED = "amber-red"
    RED_ONLY = "red"
    TWO_QUARTERS = "two-quarters"

    @property
    def label(self) -> str:
        return _RULE_LABELS[self]


_RULE_LABELS = {
    ExceptionRule.AMBER_AND_RED: "every indicator rated amber or red (failed)",
    ExceptionRule.RED_ONLY: "every indicator rated red (failed)",
    ExceptionRule.TWO_QUARTERS: "every indicator off target this quarter and the one before",
}

# The fill for each colour family (a light tint: black text stays readable on it),
# in the Word tables and the Excel status cells.
STATUS_FILLS = {
    "green": "E3F1E8",
    "amber": "FFF4DC",
    "red": "FBE5E1",
    "blue": "E8F1F8",
    "purple": "EFEAF5",
    "grey": "F3F2F1",
    "none": "FFFFFF",
}
# The character for each shape a status is drawn with (`reports.statuses`), in
# the Word tables and the Excel status cells (the HTML and the PDF draw it).
SHAPE_SYMBOLS = {
    "circle": "\u25cf",  # ●
    "square": "\u25a0",  # ■
    "diamond": "\u25c6",  # ◆
    "triangle": "\u25b2",  # ▲
    "triangle-down": "\u25bc",  # ▼
    "bar": "\u25ac",  # ▬
    "square-open": "\u25a1",  # □
    "ring": "\u25cb",  # ○
}
ARROWS = {"UP": "↑", "DOWN": "↓", "SAME": "→"}
DIRECTION_LABELS = {direction.value: direction.label for direction in DomainDirection}
MOVEMENTS = frozenset(movement.value for movement in Movement)


@dataclass(frozen=True)
class Shown:
    """A figure as the pack prints it, and its amount for a spreadsheet."""

    text: str
    amount: Decimal | None = None
    unit: str = ""


NOT_SHOWN = Shown("")


@dataclass(frozen=True)
class TargetFigure:
    """A target as a spreadsheet filters it (`reports.target_figures`): its
    comparator ('>=', '<', 'Profile', 'Between', 'Reduction', ...) and its figure
    as a number, where it names one; the target as written is kept beside them."""

    comparator: str
    figure: Shown


NO_TARGET_FIGURE = TargetFigure("", NOT_SHOWN)
NOT_DUE = "\u2013"  # an en dash, as the papers mark months not yet due


@dataclass(frozen=True)
class ShownStatus:
    """A status as the pack shows it: its label, its colour family, its grade
    (`domain.schemes.Grade` value) and its shape; the pack reads them from the
    snapshot's scheme (`reports.statuses.StatusBook.shown`)."""

    code: str  # GREEN, ON TARGET, ... ("" when not yet due)
    label: str = "Not yet due"
    colour: str = "none"
    grade: str = ""
    shape: str = ""

    @property
    def fill(self) -> str:
        """The cell's fill colour (hex, no '#'): it repeats the word, never replaces it."""
        return STATUS_FILLS.get(self.colour, STATUS_FILLS["none"])

    @property
    def symbol(self) -> str:
        """The shape as a character ('' for none), before the label in Word and Excel."""
        return SHAPE_SYMBOLS.get(self.shape, "")


NOT_YET_DUE = ShownStatus("")


@dataclass(frozen=True)
class Direction:
    code: str  # IMPROVING, ... ("" when there is no figure)
    movement: str = ""  # UP, DOWN, SAME

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.movement, "")

    @property
    def label(self) -> str:
        """'Up, worse', 'Down, better', 'Same', ... as on the pages (`travel_label`)."""
        if self.code not in DIRECTION_LABELS:
            return ""
        movement = Movement(self.movement) if self.movement in MOVEMENTS else None
        return travel_label(DomainDirection(self.code), movement)

    @property
    def text(self) -> str:
        return f"{self.arrow} {self.label}".strip()


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str


@dataclass(frozen=True)
class IndicatorInfo:
    reference: str
    title: str
    definition: str
    directorate: str
    service_area: str
    tier: str
    unit: str
    frequency: str
    polarity: str = ""  # up, down, none: what a bare target figure means
    scheme: str = "rag"  # the key of the scheme it is rated by


@dataclass(frozen=True)
class SummaryRow:
    """One council's counts in each of the summary's columns
    (`PerformanceSection.summary_columns`), the total and the share met."""

    organisation: Organisation
    counts: tuple[int, ...]
    grades: tuple[str, ...]  # each column's grade (`domain.schemes.Grade` value)
    total: int
    share_green: Decimal | None  # the share met: green, or the scheme's met statuses

    def _of(self, *grades: str) -> int:
        return sum(n for n, grade in zip(self.counts, self.grades, strict=True) if grade in grades)

    # the papers' columns by grade, whatever the summary scheme calls them
    @property
    def green(self) -> int:
        return self._of("beaten", "met")

    @property
    def amber(self) -> int:
        return self._of("near")

    @property
    def red(self) -> int:
        return self._of("missed")

    @property
    def not_applicable(self) -> int:
        return self._of("not applicable")

    @property
    def incomplete(self) -> int:
        return self._of("incomplete")

    @property
    def no_target(self) -> int:
        return self._of("no target")

    @property
    def share_text(self) -> str:
        return "no rated indicators" if self.share_green is None else f"{self.share_green:.0f}%"


@dataclass(frozen=True)
class KeyEntry:
    term: str
    symbol: str
    meaning: str
    colour: str = "none"
    shape: str = ""  # a status's shape (`reports.statuses`)
    scheme: str = ""  # the name of the scheme a status belongs to ("": every scheme's)


@dataclass(frozen=True)
class KeyGroup:
    """The key's statuses of one scheme ('' for those every scheme shares)."""

    scheme: str
    entries: list[KeyEntry]


@dataclass(frozen=True)
class MetRow:
    reference: str
    title: str
    target: str
    value: Shown
    direction: Direction
    target_figure: TargetFigure = NO_TARGET_FIGURE


@dataclass
class MetGroup:
    directorate: str
    service_area: str
    rows: list[MetRow] = field(default_factory=list)

    @property
    def place(self) -> tuple[str, str]:
        return self.directorate, self.service_area


@dataclass
class CouncilMet:
    organisation: Organisation
    groups: list[MetGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass(frozen=True)
class OutturnRow:
    """One council's line on an exception page (or one of its breakdowns)."""

    organisation: Organisation
    breakdown: str
    last_year: Shown
    value: Shown
    target: str
    status: ShownStatus
    direction: Direction
    target_figure: TargetFigure = NO_TARGET_FIGURE

    @property
    def label(self) -> str:
        return f"{self.organisation.code} {self.breakdown}".strip()


@dataclass(frozen=True)
class PeriodCell:
    value: Shown
    due: bool = True
    status: ShownStatus = NOT_YET_DUE

    @property
    def text(self) -> str:
        return self.value.text if self.due else NOT_DUE


@dataclass(frozen=True)
class PeriodRow:
    label: str
    cells: list[PeriodCell]
    is_target: bool = False

    def runs(self) -> list[tuple[PeriodCell, int]]:
        """The cells as the pack shows them, each with the periods it spans: the
        periods not yet due, one after another, are one cell."""
        shown: list[tuple[PeriodCell, int]] = []
        for cell in self.cells:
            if shown and not cell.due and not shown[-1][0].due:
                shown[-1] = (shown[-1][0], shown[-1][1] + 1)
            else:
                shown.append((cell, 1))
        return shown


@dataclass(frozen=True)
class PeriodTable:
    """The year month by month (or quarter by quarter) against the target."""

    kind: str  # "Month" or "Quarter"
    header: list[str]
    rows: list[PeriodRow]
    unit: str


@dataclass(frozen=True)
class CommentaryBlock:
    organisation: Organisation
    reasons: str
    difference: str
    remedial_actions: str


@dataclass
class ExceptionEntry:
    indicator: IndicatorInfo
    why: str  # e.g. "Red for LBH; amber for LBN"
    outturn: list[OutturnRow]
    periods: PeriodTable | None
    chart_description: str
    commentary: list[CommentaryBlock]
    missing_commentary: list[str]  # council codes off target without commentary


@dataclass
class ExceptionGroup:
    directorate: str
    entries: list[ExceptionEntry] = field(default_factory=list)


@dataclass(frozen=True)
class VolumetricRow:
    reference: str
    title: str
    organisation: Organisation
    breakdown: str
    last_year: Shown
    value: Shown
    comment: str


@dataclass
class VolumetricGroup:
    directorate: str
    rows: list[VolumetricRow] = field(default_factory=list)


@dataclass(frozen=True)
class NotRatedRow:
    reference: str
    title: str
    organisation: Organisation
    status: ShownStatus
    target: str


@dataclass(frozen=True)
class FigureRow:
    """One indicator, council (and breakdown) with everything: the spreadsheet's rows."""

    indicator: IndicatorInfo
    organisation: Organisation
    breakdown: str
    value: Shown
    target: str
    judged_against: Shown
    status: ShownStatus
    direction: Direction
    last_year: Shown
    reasons: str
    difference: str
    remedial_actions: str
    periods: list[tuple[str, PeriodCell, Shown]]  # (period label, figure, target point)
    target_figure: TargetFigure = NO_TARGET_FIGURE


@dataclass(frozen=True)
class ReturnNotApproved:
    organisation: str
    service_area: str
    state: str


@dataclass(frozen=True)
class PendingReturns:
    """One council's returns in one state: 'LBH, Submitted: Payroll, NNDR'."""

    organisation: str
    state: str
    service_areas: list[str]


@dataclass(frozen=True)
class PackChange:
    """One thing the pack shows differently from the last pack for its period."""

    reference: str
    organisation: str
    what: str
    before: str
    after: str


@dataclass(frozen=True)
class ChangesSince:
    built_at: str
    hash: str
    changes: list[PackChange]


Cell = Shown | ShownStatus | str | int | Decimal | None


@dataclass(frozen=True)
class Sheet:
    """A table as the Excel workbook shows it: one sheet, its header row frozen."""

    name: str
    headers: list[str]
    widths: list[int]
    rows: list[list[Cell]]


class Section(Protocol):
    """A section's content, assembled from its part of the snapshot
    (`reports.sections.SectionKind.assemble`): `name` is its registry name."""

    @property
    def name(self) -> str: ...

    @property
    def headline(self) -> str:
        """What the command line says about it once built ('4 exception report(s)')."""
        ...


@dataclass
class PerformanceSection:
    """The indicators' figures: summary, key, met target, exception pages,
    volumetric tables, not rated, every figure, and the returns behind them."""

    exception_rule: ExceptionRule
    covering: list[str]
    only_some: list[str]
    summary: list[SummaryRow]
    key_status: list[KeyEntry]
    key_direction: list[KeyEntry]
    met: list[CouncilMet]
    exceptions: list[ExceptionGroup]
    volumetric: list[VolumetricGroup]
    not_rated: list[NotRatedRow]
    figures: list[FigureRow]
    returns_not_approved: list[ReturnNotApproved]
    returns_approved: int
    name: str = "performance"
    # the words the summary scheme gives the pack (`reports.performance`): rag's
    # are the papers' ("Share green", "amber or red (failed)")
    summary_columns: list[ShownStatus] = field(default_factory=list)
    share_heading: str = "Share green"
    summary_note: str = ""
    met_note: str = "rated green or achieved"
    rule_label: str = ""
    not_rated_caption: str = "Not applicable, incomplete, or without a numeric target"
    key_groups: list[KeyGroup] = field(default_factory=list)  # named where a pack needs it

    @property
    def pending_returns(self) -> list[PendingReturns]:
        groups: dict[tuple[str, str], list[str]] = {}
        for item in self.returns_not_approved:
            groups.setdefault((item.organisation, item.state), []).append(item.service_area)
        return [PendingReturns(code, state, areas) for (code, state), areas in groups.items()]

    @property
    def exception_count(self) -> int:
        return sum(len(g.entries) for g in self.exceptions)

    @property
    def headline(self) -> str:
        return f"{self.exception_count} exception report(s)"


@dataclass
class PackContent:
    """The whole pack: its frame and its sections, in the order they are shown."""

    title: str
    period: str  # 2019/20 Q1
    months: str  # April to June 2019, with an en dash
    scope: str  # "Bexley, Havering and Newham" or one council
    council: str | None
    taken_at: str  # ISO 8601, as stored
    taken_at_text: str  # 20 July 2019 at 09:00 (UTC)
    snapshot_hash: str
    organisations: list[Organisation]
    since: ChangesSince | None
    sections: list[Section] = field(default_factory=list)

    def section(self, name: str) -> Section | None:
        """The section called `name`, if the pack has it."""
        return next((s for s in self.sections if s.name == name), None)
