"""The finance section (Django-free): budget monitoring's part of the snapshot
(written by `packs.finance`, schema there) as the pack shows it, laid out as
seed 001's "oneSource Financial Forecast at Period 5": the summary of the shared
and non-shared positions of each council in £m to three places, underspends in
brackets (lines 266-274); the movement since the last period; the main
variances with their explanations, shared per partner and non-shared per
council (lines 236-264); a portfolio-style budget table; the reserve table in
whole pounds, credit balances in brackets, * for items since built into a base
budget (lines 283-294); the stated figures the lines contradict; and the
rounding rule. Also its part of "what changed since the last pack" and its
sample. Nothing here reads a database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from goldenthread.domain.budget import Position, total
from goldenthread.domain.money import millions, pounds, spend_words
from goldenthread.domain.reserves import Drawdown, ReserveTable, Stage
from goldenthread.reports.content import PackContent
from goldenthread.reports.snapshot import Snapshot

ROUNDING_NOTE: Final = (
    "Each partner's share of a shared line's variance is its exact share rounded to the "
    "pound so that the partners' amounts add up exactly to the line's variance, each "
    "within £1 of its exact share (the largest remainder method); the partners' totals "
    "add up to the shared total. The summary shows £m to three places, each figure "
    "rounded on its own (half away from zero), so a total may differ from the sum of "
    "the figures shown by £0.001m."
)
NOT_SHOWN: Final = "\u2013"  # an en dash: a council whose non-shared lines the pack leaves out
IN_BASE_NOTE: Final = (
    "* Items since built into a later base budget, drawn down from the partner's reserve "
    "to meet their cost until then."
)
MAIN_VARIANCES: Final = 5  # the largest variances named for each partner or council


@dataclass(frozen=True)
class Partner:
    code: str
    name: str


@dataclass(frozen=True)
class Money:
    """An amount as the papers print it (None: not in this pack)."""

    amount: Decimal | None

    @property
    def shown(self) -> bool:
        return self.amount is not None

    @property
    def m(self) -> str:
        """£m to three places, brackets for a negative amount: "0.432", "(0.114)"."""
        return NOT_SHOWN if self.amount is None else millions(self.amount)

    @property
    def m_symbol(self) -> str:
        """ "£0.432m", "(£0.114m)"."""
        return NOT_SHOWN if self.amount is None else millions(self.amount, symbol=True)

    @property
    def whole(self) -> str:
        """Whole pounds, brackets for a negative amount: "12,888", "(63,112)"."""
        return NOT_SHOWN if self.amount is None else pounds(self.amount)

    @property
    def millions_value(self) -> Decimal | None:
        """The exact amount in £m, for a spreadsheet."""
        return None if self.amount is None else self.amount / 1_000_000


@dataclass(frozen=True)
class FinanceLine:
    code: str
    name: str
    service: str
    council: str | None  # None: shared
    position: Position
    explanation: str
    entered: bool
    parts: dict[str, Decimal]
    basis: str
    problem: str

    @property
    def shared(self) -> bool:
        return self.council is None


@dataclass(frozen=True)
class SummaryRow:
    """A row of the summary: an amount per partner (in the partners' order) and
    the total of every partner."""

    label: str
    cells: list[Money]
    total: Money


@dataclass(frozen=True)
class MovementRow:
    label: str
    before: Money
    now: Money

    @property
    def movement(self) -> Money:
        if self.before.amount is None or self.now.amount is None:
            return Money(None)
        return Money(self.now.amount - self.before.amount)


@dataclass(frozen=True)
class Variance:
    """One of the main variances behind a partner's or a council's position."""

    line: str
    service: str
    amount: Money
    explanation: str


@dataclass(frozen=True)
class VarianceGroup:
    """The main variances of a partner's share of the shared position, or of a
    council's non-shared position, and the rest ("smaller variances")."""

    heading: str
    total: Money
    items: list[Variance]
    rest: Money

    @property
    def summary(self) -> str:
        """ "Havering's share of the shared position: £0.138m overspend"."""
        amount = self.total.amount or Decimal(0)
        return f"{self.heading}: {millions(abs(amount), symbol=True)} {spend_words(amount)}"


@dataclass(frozen=True)
class BudgetRow:
    """A row of the budget table: a service area within shared or a council's
    non-shared lines (`service` empty: the group's total)."""

    group: str
    service: str
    position: Position

    @property
    def budget(self) -> Money:
        return Money(self.position.budget)

    @property
    def forecast(self) -> Money:
        return Money(self.position.forecast)

    @property
    def variance(self) -> Money:
        return Money(self.position.variance)

    @property
    def is_total(self) -> bool:
        return not self.service


@dataclass(frozen=True)
class ReserveRow:
    """A row of the reserve table: an amount per partner and the total."""

    label: str
    cells: list[Money]
    total: Money
    kind: str = "item"  # balance, heading, item, offset

    @property
    def heading(self) -> bool:
        return self.kind == "heading"


@dataclass(frozen=True)
class Contradiction:
    label: str
    where: str
    stated: Money
    computed: Money
    difference: Money


@dataclass
class FinanceSection:
    """Budget monitoring's part of the pack."""

    service: str
    period_label: str  # "Period 5 2019/20 (August 2019)"; "" when none is signed off
    quarter: str  # the pack's period, "2019/20 Q2"
    previous: str | None
    partners: list[Partner]
    councils: list[Partner]  # whose non-shared lines the pack shows
    summary: list[SummaryRow]
    movement: list[MovementRow]
    variances: list[VarianceGroup]
    budget: list[BudgetRow]
    reserves: list[ReserveRow]
    reserves_short: list[str]  # partners whose reserve cannot meet their share
    contradictions: list[Contradiction]
    problems: list[str]  # shared lines that could not be split
    missing: list[str]  # lines without a forecast for the period (taken as on budget)
    year_label: str = ""
    name: str = "finance"

    @property
    def signed_off(self) -> bool:
        return bool(self.period_label)

    @property
    def complete(self) -> bool:
        """Whether the pack shows every partner's non-shared lines."""
        return len(self.councils) == len(self.partners)

    @property
    def heading(self) -> str:
        return f"Financial forecast at {self.period_label}" if self.signed_off else "Finance"

    @property
    def shared_total(self) -> Money:
        return self.summary[0].total if self.summary else Money(None)

    @property
    def headline(self) -> str:
        if not self.signed_off:
            return f"no finance period of {self.quarter} signed off"
        amount = self.shared_total.amount or Decimal(0)
        return (
            f"{self.period_label}: shared {millions(abs(amount), symbol=True)} "
            f"{spend_words(amount)}"
        )

    @property
    def has_in_base(self) -> bool:
        return any(row.label.endswith("*") for row in self.reserves)

    @property
    def reserves_short_text(self) -> str:
        """ "Bexley: the reserve cannot meet its share of the shared variance ..." """
        if not self.reserves_short:
            return ""
        whose = "its" if len(self.reserves_short) == 1 else "their"
        return (
            f"{' and '.join(self.reserves_short)}: the reserve cannot meet {whose} share of "
            "the shared variance (a debit balance after the cost share)."
        )

    @property
    def period_short(self) -> str:
        """ "Period 5 2019/20" (a column's heading)."""
        return self.period_label.split(" (")[0]

    @property
    def previous_short(self) -> str:
        return (self.previous or "").split(" (")[0]

    @property
    def rounding_note(self) -> str:
        return ROUNDING_NOTE

    @property
    def in_base_note(self) -> str:
        return IN_BASE_NOTE


def _decimal(text: str) -> Decimal:
    return Decimal(text)


def _line(row: dict[str, Any]) -> FinanceLine:
    previous = row["previous"]
    return FinanceLine(
        code=row["code"],
        name=row["name"],
        service=row["service"],
        council=row["council"],
        position=Position(
            _decimal(row["budget"]),
            _decimal(row["forecast"]),
            None if previous is None else _decimal(previous),
        ),
        explanation=row["explanation"],
        entered=row["entered"],
        parts={code: _decimal(amount) for code, amount in row["parts"].items()},
        basis=row["basis"],
        problem=row["problem"],
    )


def _summary(
    lines: Sequence[FinanceLine], partners: Sequence[Partner], shown: set[str]
) -> list[SummaryRow]:
    """Shared (each partner's share), non-shared (each council's own lines) and
    the total, per partner and for all (seed 001 line 270)."""
    shared_lines = [line for line in lines if line.shared]
    shared = {
        p.code: sum((line.parts.get(p.code, Decimal(0)) for line in shared_lines), Decimal(0))
        for p in partners
    }
    shared_total = total([line.position for line in shared_lines]).variance
    non_shared = {
        p.code: total([line.position for line in lines if line.council == p.code]).variance
        for p in partners
    }
    every = all(p.code in shown for p in partners)

    def cell(amount: Decimal, code: str) -> Money:
        return Money(amount if code in shown else None)

    return [
        SummaryRow("Shared", [Money(shared[p.code]) for p in partners], Money(shared_total)),
        SummaryRow(
            "Non-shared",
            [cell(non_shared[p.code], p.code) for p in partners],
            Money(sum(non_shared.values(), Decimal(0)) if every else None),
        ),
        SummaryRow(
            "Total",
            [cell(shared[p.code] + non_shared[p.code], p.code) for p in partners],
            Money(shared_total + sum(non_shared.values(), Decimal(0)) if every else None),
        ),
    ]


def _movement(
    lines: Sequence[FinanceLine], councils: Sequence[Partner], complete: bool
) -> list[MovementRow]:
    """The variance at the period before and now: shared, each council's
    non-shared, and the total (when the pack shows every council's lines)."""

    def row(label: str, chosen: list[FinanceLine]) -> MovementRow:
        here = total([line.position for line in chosen])
        before = None if here.previous is None else here.previous - here.budget
        return MovementRow(label, Money(before), Money(here.variance))

    rows = [row("Shared", [line for line in lines if line.shared])]
    rows += [
        row(f"{c.name} non-shared", [line for line in lines if line.council == c.code])
        for c in councils
    ]
    if complete:
        rows.append(row("Total", list(lines)))
    return rows


def _group(heading: str, amounts: list[tuple[FinanceLine, Decimal]]) -> VarianceGroup:
    whole = sum((amount for _, amount in amounts), Decimal(0))
    largest = sorted(
        (pair for pair in amounts if pair[1]), key=lambda pair: (-abs(pair[1]), pair[0].code)
    )[:MAIN_VARIANCES]
    named = sum((amount for _, amount in largest), Decimal(0))
    return VarianceGroup(
        heading,
        Money(whole),
        [
            Variance(line.name, line.service, Money(amount), line.explanation)
            for line, amount in largest
        ],
        Money(whole - named),
    )


def _variances(
    lines: Sequence[FinanceLine], partners: Sequence[Partner], councils: Sequence[Partner]
) -> list[VarianceGroup]:
    """Each partner's share of the shared position, then each council's non-shared
    position, with the largest variances behind it (seed 001 lines 236-264)."""
    shared = [line for line in lines if line.shared]
    groups = [
        _group(
            f"{p.name}'s share of the shared position",
            [(line, line.parts.get(p.code, Decimal(0))) for line in shared],
        )
        for p in partners
    ]
    groups += [
        _group(
            f"{c.name} non-shared",
            [(line, line.position.variance) for line in lines if line.council == c.code],
        )
        for c in councils
    ]
    return groups


def _budget(lines: Sequence[FinanceLine], councils: Sequence[Partner]) -> list[BudgetRow]:
    """Per service area, the shared lines, then each council's non-shared ones,
    each group with its total; then the total of everything shown."""
    groups = [("Shared", [line for line in lines if line.shared])]
    groups += [
        (f"{c.name} non-shared", [line for line in lines if line.council == c.code])
        for c in councils
    ]
    rows = []
    for group, chosen in groups:
        if not chosen:
            continue
        services = sorted({line.service for line in chosen})
        rows += [
            BudgetRow(
                group,
                service,
                total([line.position for line in chosen if line.service == service]),
            )
            for service in services
        ]
        rows.append(BudgetRow(group, "", total([line.position for line in chosen])))
    if len([r for r in rows if r.is_total]) > 1:
        rows.append(BudgetRow("All lines shown", "", total([line.position for line in lines])))
    return rows


def _reserve_row(
    label: str, values: Mapping[str, Decimal], partners: Sequence[Partner], kind: str
) -> ReserveRow:
    cells = [Money(values.get(p.code, Decimal(0))) for p in partners]
    return ReserveRow(label, cells, Money(sum(values.values(), Decimal(0))), kind)


def reserve_table_of(part: dict[str, Any]) -> ReserveTable:
    """The reserve table from the part (`domain.reserves` works out every figure)."""
    reserves = part["reserves"]
    codes = [p["code"] for p in part["partners"]]

    def amounts(values: dict[str, str]) -> dict[str, Decimal]:
        return {code: _decimal(amount) for code, amount in values.items()}

    return ReserveTable(
        codes,
        amounts(reserves["opening"]),
        [
            Drawdown(d["purpose"], Stage(d["stage"]), amounts(d["amounts"]), d["in_base"])
            for d in reserves["drawdowns"]
        ],
        amounts(reserves["offsets"]),
    )


def _reserves(part: dict[str, Any], partners: Sequence[Partner]) -> list[ReserveRow]:
    """Seed 001's reserve table (lines 283-294)."""
    table = reserve_table_of(part)
    year = int(part["year"])
    short = f"{year % 100:02d}/{(year + 1) % 100:02d}"
    rows = [
        _reserve_row(f"Closing balance at 31 March {year}", table.opening_row, partners, "balance")
    ]
    for stage in (Stage.DRAWN, Stage.PROJECTED):
        items = [d for d in table.drawdowns if d.stage is stage]
        if not items:
            continue
        rows.append(
            ReserveRow(stage.label, [Money(None) for _ in partners], Money(None), "heading")
        )
        rows += [
            _reserve_row(d.purpose + ("*" if d.in_base else ""), d.amounts, partners, "item")
            for d in items
        ]
    rows.append(
        _reserve_row(
            f"Forecast closing balance at 31 March {year + 1}", table.closing, partners, "balance"
        )
    )
    offset = sum(table.offset_row.values(), Decimal(0))
    rows.append(
        _reserve_row(
            f"Offsetting {short} {'underspend' if offset < 0 else 'overspend'}",
            table.offset_row,
            partners,
            "offset",
        )
    )
    rows.append(
        _reserve_row(
            f"Forecast closing balance at 31 March {year + 1} after cost share",
            table.after_cost_share,
            partners,
            "balance",
        )
    )
    return rows


def assemble_finance(snapshot: Snapshot, frame: PackContent) -> FinanceSection:
    """The finance section from the snapshot's `finance` part."""
    part = snapshot["finance"]
    partners = [Partner(p["code"], p["name"]) for p in part["partners"]]
    shown = set(part["councils"])
    councils = [p for p in partners if p.code in shown]
    lines = [_line(row) for row in part["lines"]]
    signed = part["period"] is not None
    by_code = {p.code: p.name for p in partners}
    table = reserve_table_of(part) if signed else None
    return FinanceSection(
        service=part["service"]["name"] if part["service"] else "",
        period_label=part["label"] if signed else "",
        quarter=frame.period,
        previous=part["previous"],
        partners=partners,
        councils=councils,
        summary=_summary(lines, partners, shown) if signed else [],
        movement=_movement(lines, councils, len(councils) == len(partners)) if signed else [],
        variances=_variances(lines, partners, councils) if signed else [],
        budget=_budget(lines, councils) if signed else [],
        reserves=_reserves(part, partners) if signed else [],
        reserves_short=[by_code.get(code, code) for code in table.short()] if table else [],
        contradictions=[
            Contradiction(
                c["label"],
                c["where"],
                Money(_decimal(c["stated"])),
                Money(_decimal(c["computed"])),
                Money(_decimal(c["difference"])),
            )
            for c in part["contradictions"]
        ],
        problems=[f"{line.code} {line.name}: {line.problem}" for line in lines if line.problem],
        missing=[f"{line.code} {line.name}" for line in lines if not line.entered],
        year_label=part["year_label"],
    )


# what changed since the last pack, and the sample for a Word template


def _figures(snapshot: Snapshot) -> dict[tuple[str, str], str]:
    """What the changes compare: each partner's shared share, each council's
    non-shared variance (£m) and reserve after the cost share (£), by (code, what)."""
    part = snapshot.get("finance")
    if not part or part["period"] is None:
        return {}
    partners = [Partner(p["code"], p["name"]) for p in part["partners"]]
    shown = set(part["councils"])
    lines = [_line(row) for row in part["lines"]]
    shared, non_shared, _ = _summary(lines, partners, shown)
    after = reserve_table_of(part).after_cost_share
    figures: dict[tuple[str, str], str] = {}
    for index, partner in enumerate(partners):
        figures[(partner.code, "shared variance")] = shared.cells[index].m_symbol
        if partner.code in shown:
            figures[(partner.code, "non-shared variance")] = non_shared.cells[index].m_symbol
        figures[(partner.code, "reserve after cost share")] = pounds(
            after.get(partner.code, Decimal(0)), symbol=True
        )
    return figures


def finance_changes(before: Snapshot, after: Snapshot) -> list[dict[str, str]]:
    """Each partner's shared variance, each council's non-shared variance and each
    partner's reserve balance after the cost share that moved since the last pack
    (a figure the earlier pack did not have counts as added)."""
    was, now = _figures(before), _figures(after)
    label = (after.get("finance") or {}).get("label") or "Finance"
    changes = []
    for key, text in now.items():
        if was.get(key) != text:
            code, what = key
            changes.append(
                {
                    "indicator": "Finance",
                    "organisation": code,
                    "what": f"{what} ({label})",
                    "before": was.get(key, ""),
                    "after": text,
                }
            )
    return changes


def finance_sample(snapshot: Snapshot) -> Snapshot:
    """The snapshot with, of each group of lines (shared, each council's), the one
    with the largest variance, and a drawdown of each stage."""
    part = snapshot.get("finance")
    if not part or part["period"] is None:
        return snapshot
    chosen: dict[str | None, dict[str, Any]] = {}
    for row in part["lines"]:
        variance = abs(_decimal(row["forecast"]) - _decimal(row["budget"]))
        best = chosen.get(row["council"])
        if best is None or variance > abs(_decimal(best["forecast"]) - _decimal(best["budget"])):
            chosen[row["council"]] = row
    stages: dict[str, dict[str, Any]] = {}
    for drawdown in part["reserves"]["drawdowns"]:
        stages.setdefault(drawdown["stage"], drawdown)
    reserves = {**part["reserves"], "drawdowns": list(stages.values())}
    kept = [row for row in part["lines"] if any(row is best for best in chosen.values())]
    return {**snapshot, "finance": {**part, "lines": kept, "reserves": reserves}}
