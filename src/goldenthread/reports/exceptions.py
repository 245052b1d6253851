"""Exception pages: which indicators get one (the configurable rule), and each
page's content: the councils' figures (with breakdowns as their own rows), the
year month by month (or quarter by quarter) against the target profile, the
words for the chart, and the commentary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from goldenthread.domain.rating import Status
from goldenthread.reports.content import (
    STATUS_LABELS,
    CommentaryBlock,
    Direction,
    ExceptionEntry,
    ExceptionGroup,
    ExceptionRule,
    IndicatorInfo,
    Organisation,
    OutturnRow,
    PeriodCell,
    PeriodRow,
    PeriodTable,
    Shown,
    ShownStatus,
    TargetFigure,
)
from goldenthread.reports.target_figures import target_figure

Figure = dict[str, Any]


def shown(value: dict[str, Any] | None) -> Shown:
    if value is None:
        return Shown("")
    amount = value.get("amount")
    return Shown(value["text"], Decimal(amount) if amount is not None else None, value["unit"])


def target_figure_of(written: str, info: IndicatorInfo) -> TargetFigure:
    """The target's comparator and figure, read as its indicator measures it."""
    return target_figure(written, unit=info.unit, polarity=info.polarity)


def direction_of(item: dict[str, Any]) -> Direction:
    return Direction(item.get("direction") or "", item.get("movement") or "")


def _off_target(code: str | None) -> bool:
    return code is not None and Status(code).off_target


def _matches(code: str, rule: ExceptionRule) -> bool:
    """Off target (amber and red), or (red only) missed by more than the tolerance:
    red, or failed, which counts as red."""
    status = Status(code)
    if rule is ExceptionRule.RED_ONLY:
        return status.group is Status.RED
    return status.off_target


def selected_for_exception(figure: Figure, rule: ExceptionRule) -> bool:
    """Whether the rule gives this council's figure an exception page: its own
    status, or (amber and red, red only) a breakdown's, such as Newham's HAY
    job evaluations; 'two quarters running' looks at the figure itself."""
    if rule is ExceptionRule.TWO_QUARTERS:
        return _off_target(figure["status"]) and _off_target(figure.get("previous_status"))
    return _matches(figure["status"], rule) or any(
        _matches(part["status"], rule) for part in figure["breakdowns"]
    )


def exception_groups(
    rated: list[Figure],
    infos: dict[str, IndicatorInfo],
    by_code: dict[str, Organisation],
    rule: ExceptionRule,
) -> list[ExceptionGroup]:
    per_indicator: dict[str, list[Figure]] = {}
    for figure in rated:
        per_indicator.setdefault(figure["indicator"], []).append(figure)
    groups: list[ExceptionGroup] = []
    for reference, figures in per_indicator.items():
        selected = [f for f in figures if selected_for_exception(f, rule)]
        if not selected:
            continue
        info = infos[reference]
        if not groups or groups[-1].directorate != info.directorate:
            groups.append(ExceptionGroup(info.directorate))
        groups[-1].entries.append(_exception_entry(info, figures, selected, by_code, rule))
    return groups


def _why(selected: list[Figure], rule: ExceptionRule) -> str:
    parts = []
    for figure in selected:
        council = figure["organisation"]
        if rule is ExceptionRule.TWO_QUARTERS:
            label = STATUS_LABELS[figure["status"]]
            before = STATUS_LABELS[figure["previous_status"]].lower()
            parts.append(f"{label} for {council} ({before} the quarter before)")
            continue
        if _matches(figure["status"], rule):
            parts.append(f"{STATUS_LABELS[figure['status']]} for {council}")
        parts += [
            f"{STATUS_LABELS[part['status']]} for {council} {part['name']}"
            for part in figure["breakdowns"]
            if _matches(part["status"], rule)
        ]
    return "; ".join(parts)


def _exception_entry(
    info: IndicatorInfo,
    figures: list[Figure],
    selected: list[Figure],
    by_code: dict[str, Organisation],
    rule: ExceptionRule,
) -> ExceptionEntry:
    outturn = []
    commentary = []
    missing = []
    for figure in figures:
        organisation = by_code[figure["organisation"]]
        outturn.append(
            OutturnRow(
                organisation,
                "",
                shown(figure["last_year"]),
                shown(figure["value"]),
                figure["target"],
                ShownStatus(figure["status"]),
                direction_of(figure),
                target_figure_of(figure["target"], info),
            )
        )
        for part in figure["breakdowns"]:
            outturn.append(
                OutturnRow(
                    organisation,
                    part["name"],
                    shown(part["last_year"]),
                    shown(part["value"]),
                    figure["target"],
                    ShownStatus(part["status"]),
                    direction_of(part),
                    target_figure_of(figure["target"], info),
                )
            )
        comment = figure.get("commentary")
        if comment and any(comment.values()):
            commentary.append(
                CommentaryBlock(
                    organisation,
                    comment["reasons"],
                    comment["difference"],
                    comment["remedial_actions"],
                )
            )
        elif selected_for_exception(figure, ExceptionRule.AMBER_AND_RED):
            missing.append(organisation.code)
    periods = _period_table(info, figures)
    return ExceptionEntry(
        indicator=info,
        why=_why(selected, rule),
        outturn=outturn,
        periods=periods,
        chart_description=_chart_description(info, periods) if periods else "",
        commentary=commentary,
        missing_commentary=missing,
    )


def period_cells(periods: list[dict[str, Any]]) -> list[PeriodCell]:
    return [
        PeriodCell(shown(p["value"]), p["status"] is not None, ShownStatus(p["status"] or ""))
        for p in periods
    ]


def target_cells(periods: list[dict[str, Any]], unit: str) -> list[PeriodCell]:
    return [
        PeriodCell(
            Shown(p["target"], Decimal(p["target_amount"]) if p["target_amount"] else None, unit)
        )
        for p in periods
    ]


def _period_table(info: IndicatorInfo, figures: list[Figure]) -> PeriodTable | None:
    with_periods = [f for f in figures if f["periods"]]
    if not with_periods:
        return None
    header = [p["label"] for p in with_periods[0]["periods"]]
    kind = "Quarter" if header[0].startswith("Q") else "Month"
    targets = {tuple(p["target"] for p in f["periods"]) for f in with_periods}
    shared_target = len(targets) == 1
    rows: list[PeriodRow] = []
    for figure in with_periods:
        code = figure["organisation"]
        rows.append(PeriodRow(code, period_cells(figure["periods"])))
        for part in figure["breakdowns"]:
            if part["periods"]:
                rows.append(PeriodRow(f"{code} {part['name']}", period_cells(part["periods"])))
        if not shared_target:
            rows.append(
                PeriodRow(
                    f"{code} target", target_cells(figure["periods"], info.unit), is_target=True
                )
            )
    if shared_target:
        rows.append(PeriodRow("Target", target_cells(with_periods[0]["periods"], info.unit), True))
    return PeriodTable(kind, header, rows, info.unit)


def _chart_description(info: IndicatorInfo, table: PeriodTable) -> str:
    """Alternative text: what the chart shows, in words (the table beside it has it all)."""
    parts = []
    for row in table.rows:
        if row.is_target:
            texts = [c.value.text for c in row.cells if c.value.text]
            if texts and len(set(texts)) == 1:
                parts.append(f"{row.label}: {texts[0]} in every {table.kind.lower()}")
            elif texts:
                parts.append(
                    f"{row.label}: from {texts[0]} in {table.header[0]} "
                    f"to {texts[-1]} in {table.header[-1]}"
                )
            continue
        due = [
            f"{label} {cell.value.text}"
            for label, cell in zip(table.header, row.cells, strict=True)
            if cell.due
        ]
        if due:
            parts.append(f"{row.label}: {', '.join(due)}")
    by = "month" if table.kind == "Month" else "quarter"
    return f"Line chart of {info.title} by {by} against target. " + ". ".join(parts) + "."
