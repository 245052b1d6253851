"""The risks section: the snapshot's `risks` part (the team's matrix and every
open risk the pack's councils see, as it stood at the end of the quarter;
`risks.pack`) as the pack shows it: the heat map (the count of risks in each
cell of the matrix, with its level), the highest risks, the strategic risks
for the Joint Committee in full, the operational risks for the Section 151
officers, the risks above appetite, the movement since the last review and the
overdue reviews. Also its part of "what changed since the last pack" and its
sample. Nothing here reads a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from goldenthread.domain.risk_matrix import Level, Matrix, Score, Trend
from goldenthread.reports.content import PackContent, day_words
from goldenthread.reports.snapshot import Snapshot

# A cell's fill for each level colour: mid tints on which black text keeps a
# contrast of at least 7:1; the level's name is always written in the cell.
HEAT_FILLS = {
    "green": "A8D5B5",
    "amber": "FFD98A",
    "red": "F4A99A",
    "blue": "A9C9E8",
    "purple": "C9B8E3",
    "grey": "D6D6D6",
}
TREND_ARROWS = {Trend.UP: "\u2191", Trend.DOWN: "\u2193", Trend.SAME: "\u2192", Trend.NEW: ""}
# the order the movement table reads in: worse first, then new, better, unchanged
TREND_ORDER = (Trend.UP, Trend.NEW, Trend.DOWN, Trend.SAME)
CATEGORY_LABELS = {"strategic": "Strategic", "operational": "Operational"}


@dataclass(frozen=True)
class RiskLevel:
    name: str
    colour: str
    review_months: int

    @property
    def fill(self) -> str:
        """The heat map cell's fill (hex, no '#'): it repeats the name, never replaces it."""
        return HEAT_FILLS.get(self.colour, "FFFFFF")

    @property
    def review_text(self) -> str:
        if self.review_months == 1:
            return "every month"
        return f"every {self.review_months} months"


@dataclass(frozen=True)
class RiskScore:
    """A score on the matrix as the pack prints it."""

    likelihood: int
    impact: int
    likelihood_word: str
    impact_word: str
    level: RiskLevel

    @property
    def value(self) -> int:
        return self.likelihood * self.impact

    @property
    def text(self) -> str:
        """'4 x 4 = 16'."""
        return f"{self.likelihood} x {self.impact} = {self.value}"

    @property
    def words(self) -> str:
        """'Likely (4) x Major (4) = 16, Very high'."""
        return (
            f"{self.likelihood_word} ({self.likelihood}) x {self.impact_word} ({self.impact}) "
            f"= {self.value}, {self.level.name}"
        )

    @property
    def short(self) -> str:
        """'16 Very high'."""
        return f"{self.value} {self.level.name}"


@dataclass(frozen=True)
class TrendShown:
    code: str  # up, down, same, new

    @property
    def label(self) -> str:
        return Trend(self.code).label

    @property
    def arrow(self) -> str:
        return TREND_ARROWS[Trend(self.code)]

    @property
    def text(self) -> str:
        return f"{self.arrow} {self.label}".strip()


@dataclass(frozen=True)
class ControlRow:
    description: str
    owner: str
    effectiveness: str


@dataclass(frozen=True)
class FurtherAction:
    description: str
    owner: str
    due: str  # '31 March 2020' or ''
    done: bool
    plan_action: str  # an Improvement Plan action's reference, or ''

    @property
    def state(self) -> str:
        return "Done" if self.done else "Open"

    @property
    def text(self) -> str:
        """'IP19: Business case to Bexley', 'IP19' or the description alone."""
        return ": ".join(part for part in (self.plan_action, self.description) if part)


@dataclass(frozen=True)
class RiskRow:
    reference: str
    title: str
    category: str  # strategic, operational
    directorate: str
    service_area: str
    organisation: str  # whose register
    partners: str  # ALL, LBH, LBH/LBN
    owner: str
    escalation: str
    cause: str
    event: str
    consequence: str
    inherent: RiskScore
    current: RiskScore
    before: RiskScore | None
    target: RiskScore
    trend: TrendShown
    appetite: str
    above_appetite: bool
    last_reviewed: str
    next_review: str
    review_overdue: bool
    comment: str
    controls: list[ControlRow] = field(default_factory=list)
    actions: list[FurtherAction] = field(default_factory=list)

    @property
    def level(self) -> RiskLevel:
        return self.current.level

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category.capitalize())

    @property
    def service(self) -> str:
        if not self.service_area or self.service_area == self.directorate:
            return self.directorate
        return f"{self.directorate}: {self.service_area}"

    @property
    def before_text(self) -> str:
        return self.before.short if self.before else "None (new)"

    @property
    def appetite_text(self) -> str:
        if not self.appetite:
            return "Not set"
        return f"Above ({self.appetite})" if self.above_appetite else f"Within ({self.appetite})"

    @property
    def review_text(self) -> str:
        """'30 November 2019', with 'overdue' where it is."""
        if not self.next_review:
            return "Not set"
        return f"{self.next_review} (overdue)" if self.review_overdue else self.next_review


@dataclass(frozen=True)
class HeatCell:
    """A cell of the matrix: its place, its level and the risks scored in it now."""

    likelihood: int
    impact: int
    likelihood_word: str
    impact_word: str
    level: RiskLevel
    references: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.references)

    @property
    def label(self) -> str:
        """What the cell says to a screen reader and in Word: '2 risks, Very high'."""
        return f"{self.count} risk{'s' if self.count != 1 else ''}, {self.level.name}"


@dataclass(frozen=True)
class HeatRow:
    likelihood: int
    word: str
    cells: list[HeatCell]


@dataclass(frozen=True)
class Tally:
    """How many risks have a level, or a trend."""

    label: str
    count: int
    level: RiskLevel | None = None


@dataclass
class RisksSection:
    """The risk register's part of the pack."""

    period: str
    impacts: list[str]  # least severe first
    levels: list[RiskLevel]  # least serious first
    heat_map: list[HeatRow]  # most likely first
    risks: list[RiskRow]  # most serious first
    highest_levels: list[str]
    level_counts: list[Tally]  # most serious first
    trend_counts: list[Tally]
    name: str = "risks"

    def _where(self, keep: Any) -> list[RiskRow]:
        return [row for row in self.risks if keep(row)]

    @property
    def highest(self) -> list[RiskRow]:
        return self._where(lambda r: r.level.name in self.highest_levels)

    @property
    def strategic(self) -> list[RiskRow]:
        return self._where(lambda r: r.category == "strategic")

    @property
    def operational(self) -> list[RiskRow]:
        return self._where(lambda r: r.category != "strategic")

    @property
    def above_appetite(self) -> list[RiskRow]:
        return self._where(lambda r: r.above_appetite)

    @property
    def overdue(self) -> list[RiskRow]:
        return self._where(lambda r: r.review_overdue)

    @property
    def movement(self) -> list[RiskRow]:
        """Every risk, worse first, then new, better and unchanged (most serious first
        within each)."""
        order = [t.value for t in TREND_ORDER]
        return sorted(self.risks, key=lambda r: order.index(r.trend.code))

    @property
    def filled_cells(self) -> list[HeatCell]:
        """The cells with a risk in them, most serious first: the heat map as a list."""
        cells = [cell for row in self.heat_map for cell in row.cells if cell.count]
        ranks = {level.name: n for n, level in enumerate(self.levels)}
        return sorted(
            cells,
            key=lambda c: (-ranks[c.level.name], -c.likelihood * c.impact, -c.likelihood),
        )

    @property
    def highest_text(self) -> str:
        return " or ".join(self.highest_levels)

    @property
    def headline(self) -> str:
        return (
            f"{len(self.risks)} open risk{'s' if len(self.risks) != 1 else ''}, "
            f"{len(self.above_appetite)} above appetite"
        )

    @property
    def summary_text(self) -> str:
        """The cover's line: '12 open, 3 above appetite, 2 reviews overdue'."""
        overdue = len(self.overdue)
        return (
            f"{len(self.risks)} open, {len(self.above_appetite)} above appetite, "
            f"{overdue} review{'s' if overdue != 1 else ''} overdue"
        )


class _Scores:
    """Scores read against the snapshot's matrix."""

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix
        self.levels = {level.name: _level(level) for level in matrix.levels}

    def __call__(self, data: dict[str, int]) -> RiskScore:
        score = Score(data["likelihood"], data["impact"])
        return RiskScore(
            score.likelihood,
            score.impact,
            self.matrix.likelihoods[score.likelihood - 1],
            self.matrix.impacts[score.impact - 1],
            self.levels[self.matrix.level(score).name],
        )


def _level(level: Level) -> RiskLevel:
    return RiskLevel(level.name, level.colour, level.review_months)


def _row(risk: dict[str, Any], score: _Scores) -> RiskRow:
    return RiskRow(
        reference=risk["reference"],
        title=risk["title"],
        category=risk["category"],
        directorate=risk["directorate"],
        service_area=risk["service_area"],
        organisation=risk["organisation"],
        partners=risk["partners"],
        owner=risk["owner"],
        escalation=risk["escalation"],
        cause=risk["cause"],
        event=risk["event"],
        consequence=risk["consequence"],
        inherent=score(risk["inherent"]),
        current=score(risk["current"]),
        before=score(risk["before"]) if risk["before"] else None,
        target=score(risk["target"]),
        trend=TrendShown(risk["trend"]),
        appetite=risk["appetite"],
        above_appetite=risk["above_appetite"],
        last_reviewed=day_words(risk["last_reviewed"]),
        next_review=day_words(risk["next_review"]),
        review_overdue=risk["review_overdue"],
        comment=risk["comment"],
        controls=[
            ControlRow(c["description"], c["owner"], c["effectiveness"]) for c in risk["controls"]
        ],
        actions=[
            FurtherAction(
                a["description"], a["owner"], day_words(a["due"]), a["done"], a["plan_action"]
            )
            for a in risk["actions"]
        ],
    )


def assemble_risks(snapshot: Snapshot, frame: PackContent) -> RisksSection:
    """The risks section of the pack whose frame is `frame`."""
    part = snapshot["risks"]
    matrix = Matrix.build(part["matrix"])
    score = _Scores(matrix)
    rows = [_row(risk, score) for risk in part["risks"]]
    levels = [score.levels[level.name] for level in matrix.levels]
    heat = []
    for likelihood in range(len(matrix.likelihoods), 0, -1):
        cells = []
        for impact in range(1, len(matrix.impacts) + 1):
            refs = tuple(
                r.reference
                for r in rows
                if (r.current.likelihood, r.current.impact) == (likelihood, impact)
            )
            cells.append(
                HeatCell(
                    likelihood,
                    impact,
                    matrix.likelihoods[likelihood - 1],
                    matrix.impacts[impact - 1],
                    score.levels[matrix.level(Score(likelihood, impact)).name],
                    refs,
                )
            )
        heat.append(HeatRow(likelihood, matrix.likelihoods[likelihood - 1], cells))
    return RisksSection(
        period=frame.period,
        impacts=list(matrix.impacts),
        levels=levels,
        heat_map=heat,
        risks=rows,
        highest_levels=[level.name for level in levels[-2:]][::-1],
        level_counts=[
            Tally(level.name, sum(1 for r in rows if r.level.name == level.name), level)
            for level in reversed(levels)
        ],
        trend_counts=[
            Tally(Trend(t).label, sum(1 for r in rows if r.trend.code == t.value))
            for t in TREND_ORDER
        ],
    )


# what changed since the last pack, and the sample for a Word template


def _key(risk: dict[str, Any]) -> str:
    return str(risk["reference"])


def _said(risk: dict[str, Any], matrix: Matrix) -> str:
    current = Score(risk["current"]["likelihood"], risk["current"]["impact"])
    return f"{current.value} {matrix.level(current).name} ({current.likelihood} x {current.impact})"


def risks_changes(before: Snapshot, after: Snapshot) -> list[dict[str, str]]:
    """What the later snapshot's register shows differently: risks added (or newly
    shown), closed (no longer open), their level or score changed, and a new review
    comment. An earlier pack without the section counts as having no risks."""
    now_part = after["risks"]
    was_part = before.get("risks") or {"risks": [], "matrix": now_part["matrix"]}
    matrix = Matrix.build(now_part["matrix"])
    was_matrix = Matrix.build(was_part["matrix"])
    old = {_key(r): r for r in was_part["risks"]}
    changes: list[dict[str, str]] = []

    def change(risk: dict[str, Any], what: str, was: str, now: str) -> None:
        changes.append(
            {
                "indicator": risk["reference"],
                "organisation": risk["partners"],
                "what": what,
                "before": was,
                "after": now,
            }
        )

    for risk in now_part["risks"]:
        previous = old.get(_key(risk))
        if previous is None:
            change(risk, "risk added", "", _said(risk, matrix))
            continue
        was, now = _said(previous, was_matrix), _said(risk, matrix)
        if was != now:
            what = "risk level" if risk["level"] != previous["level"] else "risk score"
            change(risk, what, was, now)
        if previous["comment"] != risk["comment"]:
            change(risk, "review comment", previous["comment"], risk["comment"])
    kept = {_key(r) for r in now_part["risks"]}
    for risk in was_part["risks"]:
        if _key(risk) not in kept:
            change(risk, "risk closed", _said(risk, was_matrix), "Closed")
    return changes


def risks_sample(snapshot: Snapshot) -> Snapshot:
    """The snapshot with a risk of every kind the section shows: the first of each
    category, level, trend, and above appetite or overdue or not."""
    part = snapshot["risks"]
    firsts: dict[tuple[Any, ...], str] = {}
    for risk in part["risks"]:
        kind = (
            risk["category"],
            risk["level"],
            risk["trend"],
            risk["above_appetite"],
            risk["review_overdue"],
        )
        firsts.setdefault(kind, risk["reference"])
    chosen = set(firsts.values())
    return {
        **snapshot,
        "risks": {**part, "risks": [r for r in part["risks"] if r["reference"] in chosen]},
    }
