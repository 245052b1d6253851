"""Exception pages: which indicators get one (the configurable rule), and each
page's content: the councils' figures (with breakdowns as their own rows), the
year month by month (or quarter by quarter) against the target profile, the
words for the chart, and the commentary."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from goldenthread.domain.schemes import Grade, SchemeError
from goldenthread.reports.content import (
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
from goldenthread.reports.statuses import LEGACY, SchemeShown, StatusBook
from goldenthread.reports.target_figures import target_figure

Figure = dict[str, Any]


def shown(value: dict[str, Any] | None) -> Shown:
    if value is None:
        return Shown("")
    amount = value.get("amount")
    return Shown(value["text"], Decimal(amount) if amount is not None else None, value["unit"])


def target_said(figure: dict[str, Any]) -> str:
    """The target as a pack's table shows it, with how the status was rated where
    it was not on the figure to date against it (a year-end forecast, pro rata)."""
    basis = figure.get("basis")
    return f"{figure['target']} ({basis})" if basis else figure["target"]


def target_figure_of(written: str, info: IndicatorInfo) -> TargetFigure:
    """The target's comparator and figure, read as its indicator measures it."""
    return target_figure(written, unit=info.unit, polarity=info.polarity)


def direction_of(item: dict[str, Any]) -> Direction:
    return Direction(item.get("direction") or "", item.get("movement") or "")


def rule_label(rule: ExceptionRule, summary: SchemeShown, others: bool = False) -> str:
    """Which indicators get an exception page, in the summary scheme's labels
    (rag's: the papers' words, 'every indicator rated amber or red (failed)');
    `others`: other rated schemes are in use too."""
    if summary.papers_wording and summary.key == "rag":
        return rule.label
    if rule is ExceptionRule.TWO_QUARTERS:
        return rule.label
    grades = (Grade.MISSED,) if rule is ExceptionRule.RED_ONLY else (Grade.NEAR, Grade.MISSED)
    labels = [label.lower() for label in summary.labels(*grades)]
    if not labels:  # a monitor-only summary scheme: the grades in words
        return "every indicator " + (
            "missed by the most" if grades == (Grade.MISSED,) else "off target"
        )
    named = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return f"every indicator rated {named}" + (" (or the same in another scheme)" if others else "")


def _off_target(code: str | None, book: StatusBook, scheme: str) -> bool:
    return code is not None and book.status(code, scheme).off_target


def _matches(code: str, rule: ExceptionRule, book: StatusBook, scheme: str) -> bool:
    """Off target (every near miss and the last status: amber and red), or (red
    only) the last status, furthest off: red, failed, off target."""
    status = book.status(code, scheme)
    if rule is ExceptionRule.RED_ONLY:
        return status.grade is Grade.MISSED
    return status.off_target


def selected_for_exception(
    figure: Figure, rule: ExceptionRule, book: StatusBook = LEGACY, scheme: str = "rag"
) -> bool:
    """Whether the rule gives this council's figure an exception page: its own
    status, or (amber and red, red only) a breakdown's, such as Newham's HAY
    job evaluations; 'two quarters running' looks at the figure itself. The
    statuses are read in `scheme`, the indicator's."""
    if rule is ExceptionRule.TWO_QUARTERS:
        return _off_target(figure["status"], book, scheme) and _off_target(
            figure.get("previous_status"), book, scheme
        )
    return _matches(figure["status"], rule, book, scheme) or any(
        _matches(part["status"], rule, book, scheme) for part in figure["breakdowns"]
    )


def exception_groups(
    rated: list[Figure],
    infos: dict[str, IndicatorInfo],
    by_code: dict[str, Organisation],
    rule: ExceptionRule,
    book: StatusBook = LEGACY,
) -> list[ExceptionGroup]:
    per_indicator: dict[str, list[Figure]] = {}
    for figure in rated:
        per_indicator.setdefault(figure["indicator"], []).append(figure)
    groups: list[ExceptionGroup] = []
    for reference, figures in per_indicator.items():
        info = infos[reference]
        selected = [f for f in figures if selected_for_exception(f, rule, book, info.scheme)]
        if not selected:
            continue
        if not groups or groups[-1].directorate != info.directorate:
            groups.append(ExceptionGroup(info.directorate))
        groups[-1].entries.append(_exception_entry(info, figures, selected, by_code, rule, book))
    return groups


def _why(selected: list[Figure], rule: ExceptionRule, book: StatusBook, scheme: str) -> str:
    def label(code: str) -> str:
        return book.status(code, scheme).label

    parts = []
    for figure in selected:
        council = figure["organisation"]
        if rule is ExceptionRule.TWO_QUARTERS:
            before = label(figure["previous_status"]).lower()
            parts.append(f"{label(figure['status'])} for {council} ({before} the quarter before)")
            continue
        if _matches(figure["status"], rule, book, scheme):
            parts.append(f"{label(figure['status'])} for {council}")
        parts += [
            f"{label(part['status'])} for {council} {part['name']}"
            for part in figure["breakdowns"]
            if _matches(part["status"], rule, book, scheme)
        ]
    return "; ".join(parts)


def _exception_entry(
    info: IndicatorInfo,
    figures: list[Figure],
    selected: list[Figure],
    by_code: dict[str, Organisation],
    rule: ExceptionRule,
    book: StatusBook,
) -> ExceptionEntry:
    scheme = info.scheme
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
                target_said(figure),
                book.shown(figure["status"], scheme),
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
                    book.shown(part["status"], scheme),
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
        elif selected_for_exception(figure, ExceptionRule.AMBER_AND_RED, book, scheme):
            missing.append(organisation.code)
    periods = _period_table(info, figures, book)
    return ExceptionEntry(
        indicator=info,
        why=_why(selected, rule, book, scheme),
        outturn=outturn,
        periods=periods,
        chart_description=_chart_description(info, periods) if periods else "",
        commentary=commentary,
        missing_commentary=missing,
    )


def period_cells(
    periods: list[dict[str, Any]], status_of: Callable[[str | None], ShownStatus] | None = None
) -> list[PeriodCell]:
    """Each period's cell; `status_of` reads a status code (by default as a built-in
    code, else the code as its label: the application's charts read no status)."""
    read = status_of or _plain_status
    return [
        PeriodCell(shown(p["value"]), p["status"] is not None, read(p["status"])) for p in periods
    ]


def _plain_status(code: str | None) -> ShownStatus:
    try:
        return LEGACY.shown(code)
    except SchemeError:
        return ShownStatus(str(code), str(code).capitalize(), "grey")


def target_cells(periods: list[dict[str, Any]], unit: str) -> list[PeriodCell]:
    return [
        PeriodCell(
            Shown(p["target"], Decimal(p["target_amount"]) if p["target_amount"] else None, unit)
        )
        for p in periods
    ]


def _period_table(
    info: IndicatorInfo, figures: list[Figure], book: StatusBook
) -> PeriodTable | None:
    with_periods = [f for f in figures if f["periods"]]
    if not with_periods:
        return None

    def shown_in(code: str | None) -> ShownStatus:
        return book.shown(code, info.scheme)

    header = [p["label"] for p in with_periods[0]["periods"]]
    kind = "Quarter" if header[0].startswith("Q") else "Month"
    targets = {tuple(p["target"] for p in f["periods"]) for f in with_periods}
    shared_target = len(targets) == 1
    rows: list[PeriodRow] = []
    for figure in with_periods:
        code = figure["organisation"]
        rows.append(PeriodRow(code, period_cells(figure["periods"], shown_in)))
        for part in figure["breakdowns"]:
            if part["periods"]:
                rows.append(
                    PeriodRow(f"{code} {part['name']}", period_cells(part["periods"], shown_in))
                )
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
