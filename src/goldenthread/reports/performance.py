"""The performance section: the indicators' figures of the snapshot (its
`exception_rule`, `indicators`, `figures` and `returns`) as the pack shows them:
the covering summary, the summary table, the key, the indicators that met
their target, the exception pages (`reports.exceptions`), the volumetric
tables, the indicators not rated, every figure, and the returns not yet
approved. Nothing here reads a database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from goldenthread.domain.schemes import Grade, column_of
from goldenthread.domain.summary import StatusCounts, summarise
from goldenthread.reports.content import (
    CouncilMet,
    ExceptionRule,
    FigureRow,
    IndicatorInfo,
    MetGroup,
    MetRow,
    NotRatedRow,
    Organisation,
    PackContent,
    PerformanceSection,
    PeriodCell,
    ReturnNotApproved,
    Shown,
    SummaryRow,
    VolumetricGroup,
    VolumetricRow,
)
from goldenthread.reports.exceptions import (
    Figure,
    direction_of,
    exception_groups,
    period_cells,
    rule_label,
    shown,
    target_cells,
    target_figure_of,
    target_said,
)
from goldenthread.reports.performance_key import (
    direction_key,
    key_groups,
    papers_wording,
    schemes_used,
)
from goldenthread.reports.snapshot import Snapshot
from goldenthread.reports.statuses import SchemeShown, StatusBook

VOLUMETRIC = "volumetric"
COMMENTARY_PARTS = ("reasons", "difference", "remedial_actions")


def assemble_performance(snapshot: Snapshot, frame: PackContent) -> PerformanceSection:
    """The performance section of the pack whose frame is `frame`."""
    organisations = frame.organisations
    by_code = {o.code: o for o in organisations}
    indicators = {i["reference"]: i for i in snapshot["indicators"]}
    infos = {ref: _info(i) for ref, i in indicators.items()}
    rule = ExceptionRule(snapshot["exception_rule"])
    book = StatusBook.of(snapshot)
    figures = snapshot["figures"]
    rated = [f for f in figures if indicators[f["indicator"]]["tier"] != VOLUMETRIC]
    used = schemes_used((infos[f["indicator"]].scheme for f in rated), book)
    papers = papers_wording(book, used)
    not_rated = [
        f for f in rated if not book.status(f["status"], infos[f["indicator"]].scheme).is_rated
    ]
    section = PerformanceSection(
        exception_rule=rule,
        covering=[],
        only_some=_only_some(rated, indicators, organisations),
        summary=_summary(rated, organisations, infos, book),
        key_status=[],
        key_direction=direction_key(),
        met=_met(rated, infos, indicators, organisations, by_code, book),
        exceptions=exception_groups(rated, infos, by_code, rule, book),
        volumetric=_volumetric(figures, infos, indicators, by_code),
        not_rated=[
            NotRatedRow(
                f["indicator"],
                infos[f["indicator"]].title,
                by_code[f["organisation"]],
                book.shown(f["status"], infos[f["indicator"]].scheme),
                f["target"],
            )
            for f in not_rated
        ],
        figures=_figure_rows(figures, infos, by_code, book),
        returns_not_approved=[
            ReturnNotApproved(r["organisation"], r["service_area"], r["state"])
            for r in snapshot["returns"]["not_approved"]
        ],
        returns_approved=snapshot["returns"]["approved"],
        summary_columns=[book.shown(c.code, book.summary.key) for c in book.columns],
        share_heading="Share green" if papers else "Share met",
        summary_note=_summary_note(book, used, papers),
        met_note=_met_note(used, papers),
        rule_label=rule.label
        if papers
        else rule_label(rule, book.summary, sum(1 for s in used if s.statuses) > 1),
    )
    monitored = any(
        book.status(f["status"], infos[f["indicator"]].scheme).grade is Grade.MONITORED
        for f in not_rated
    )
    if monitored:
        section.not_rated_caption = (
            "Monitor only, not applicable, incomplete, or without a numeric target"
        )
    section.key_groups = key_groups(book, used, rated, indicators, papers, monitored)
    section.key_status = [entry for group in section.key_groups for entry in group.entries]
    section.covering = _covering(frame, section, book, papers)
    return section


def _or(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _summary_note(book: StatusBook, used: list[SchemeShown], papers: bool) -> str:
    if papers:
        return (
            "Share green: green (or achieved) over the indicators rated against a target. "
            "Achieved counts as green and failed as red."
        )
    met = [label.lower() for label in book.summary.labels(Grade.BEATEN, Grade.MET)]
    columns = book.columns
    others = [
        f"{status.label} as {column_of(status, columns).label.lower()}"
        for scheme in used
        for status in scheme.statuses
        if status not in columns
    ]
    return (
        f"Share met: {_or(met) if met else 'met'} over the indicators rated against a target. "
        + (
            "A status of another scheme counts in the column of the same result: "
            + "; ".join(others)
            + "."
            if others
            else ""
        )
    ).strip()


def _met_note(used: list[SchemeShown], papers: bool) -> str:
    if papers:
        return "rated green or achieved"
    labels = dict.fromkeys(
        label.lower() for scheme in used for label in scheme.labels(Grade.BEATEN, Grade.MET)
    )
    return f"rated {_or(list(labels))}" if labels else "met"


def _info(indicator: dict[str, Any]) -> IndicatorInfo:
    return IndicatorInfo(
        reference=indicator["reference"],
        title=indicator["title"],
        definition=indicator["definition"],
        directorate=indicator["directorate"],
        service_area=indicator["service_area"] or indicator["directorate"],
        tier=indicator["tier"],
        unit=indicator["unit"],
        frequency=indicator["frequency"],
        polarity=indicator.get("polarity") or "",
        scheme=indicator.get("scheme") or "rag",
    )


def _summary(
    rated: list[Figure],
    organisations: list[Organisation],
    infos: dict[str, IndicatorInfo],
    book: StatusBook,
) -> list[SummaryRow]:
    """Each council's counts in the summary scheme's columns (another scheme's
    status counted in the column of its grade)."""
    columns = book.columns
    grades = tuple(column.grade.value for column in columns)
    counted = summarise(
        (f["organisation"], book.status(f["status"], infos[f["indicator"]].scheme)) for f in rated
    )
    rows = []
    for organisation in organisations:
        counts = counted.get(organisation.code, StatusCounts(organisation.code))
        *cells, total = counts.columns(columns)
        rows.append(SummaryRow(organisation, tuple(cells), grades, total, counts.share_green))
    return rows


def _only_some(
    rated: list[Figure], indicators: dict[str, Any], organisations: list[Organisation]
) -> list[str]:
    """Which services only some councils receive: a council served in no more than
    half the service areas is named with what it receives ('LBB receives only: ...');
    the others' differences are grouped ('LBH only: Council Tax, Transport')."""
    if len(organisations) < 2:
        return []
    reach: dict[str, set[str]] = {}
    for figure in rated:
        indicator = indicators[figure["indicator"]]
        area = indicator["service_area"] or indicator["directorate"]
        reach.setdefault(area, set()).add(figure["organisation"])
    codes = [o.code for o in organisations]
    served = {code: sorted(a for a, c in reach.items() if code in c) for code in codes}
    narrow = [code for code in codes if len(served[code]) * 2 <= len(reach)]
    broad = [code for code in codes if code not in narrow]
    lines = [f"{code} receives only: {', '.join(served[code])}" for code in narrow]
    by_councils: dict[tuple[str, ...], list[str]] = {}
    for area, reached in reach.items():
        among = tuple(code for code in broad if code in reached)
        if among and len(among) < len(broad):
            by_councils.setdefault(among, []).append(area)
    lines += [
        f"{' and '.join(among)} only: {', '.join(sorted(areas))}"
        for among, areas in sorted(by_councils.items(), key=lambda item: (len(item[0]), item[0]))
    ]
    return lines


def _met(
    rated: list[Figure],
    infos: dict[str, IndicatorInfo],
    indicators: dict[str, Any],
    organisations: list[Organisation],
    by_code: dict[str, Organisation],
    book: StatusBook,
) -> list[CouncilMet]:
    councils = {o.code: CouncilMet(o) for o in organisations}
    for figure in rated:
        info = infos[figure["indicator"]]
        if not book.status(figure["status"], info.scheme).met_target:
            continue
        council = councils[figure["organisation"]]
        where = (info.directorate, info.service_area)
        if not council.groups or council.groups[-1].place != where:
            council.groups.append(MetGroup(info.directorate, info.service_area))
        council.groups[-1].rows.append(
            MetRow(
                info.reference,
                info.title,
                target_said(figure),
                shown(figure["value"]),
                direction_of(figure),
                target_figure_of(figure["target"], info),
            )
        )
    return [c for c in councils.values() if c.groups]


def _volumetric(
    figures: list[Figure],
    infos: dict[str, IndicatorInfo],
    indicators: dict[str, Any],
    by_code: dict[str, Organisation],
) -> list[VolumetricGroup]:
    groups: list[VolumetricGroup] = []
    for figure in figures:
        if indicators[figure["indicator"]]["tier"] != VOLUMETRIC:
            continue
        info = infos[figure["indicator"]]
        if not groups or groups[-1].directorate != info.directorate:
            groups.append(VolumetricGroup(info.directorate))
        organisation = by_code[figure["organisation"]]
        comment = figure.get("commentary") or {}
        text = " ".join(comment.get(k) or "" for k in COMMENTARY_PARTS).strip()
        rows = groups[-1].rows
        if not figure["breakdowns"] or figure["value"]["amount"] is not None:
            rows.append(
                VolumetricRow(
                    info.reference,
                    info.title,
                    organisation,
                    "",
                    shown(figure["last_year"]),
                    shown(figure["value"]),
                    text,
                )
            )
            text = ""
        for part in figure["breakdowns"]:
            if part["value"]["amount"] is None and part["last_year"] is None:
                continue  # a part this council does not report
            rows.append(
                VolumetricRow(
                    info.reference,
                    info.title,
                    organisation,
                    part["name"],
                    shown(part["last_year"]),
                    shown(part["value"]),
                    text,
                )
            )
            text = ""
    return groups


def _figure_rows(
    figures: list[Figure],
    infos: dict[str, IndicatorInfo],
    by_code: dict[str, Organisation],
    book: StatusBook,
) -> list[FigureRow]:
    rows = []
    for figure in figures:
        info = infos[figure["indicator"]]
        comment = figure.get("commentary") or {}
        judged = figure.get("target_amount")
        rows.append(
            FigureRow(
                indicator=info,
                organisation=by_code[figure["organisation"]],
                breakdown="",
                value=shown(figure["value"]),
                target=target_said(figure),
                judged_against=Shown(judged or "", Decimal(judged) if judged else None, info.unit),
                status=book.shown(figure["status"], info.scheme),
                direction=direction_of(figure),
                last_year=shown(figure["last_year"]),
                reasons=comment.get("reasons", ""),
                difference=comment.get("difference", ""),
                remedial_actions=comment.get("remedial_actions", ""),
                periods=_period_triples(figure["periods"], info, book),
                target_figure=target_figure_of(figure["target"], info),
            )
        )
        for part in figure["breakdowns"]:
            rows.append(
                FigureRow(
                    indicator=info,
                    organisation=by_code[figure["organisation"]],
                    breakdown=part["name"],
                    value=shown(part["value"]),
                    target=figure["target"],
                    judged_against=Shown(""),
                    status=book.shown(part["status"], info.scheme),
                    direction=direction_of(part),
                    last_year=shown(part["last_year"]),
                    reasons="",
                    difference="",
                    remedial_actions="",
                    periods=_period_triples(part["periods"], info, book),
                    target_figure=target_figure_of(figure["target"], info),
                )
            )
    return rows


def _period_triples(
    periods: list[dict[str, Any]], info: IndicatorInfo, book: StatusBook
) -> list[tuple[str, PeriodCell, Shown]]:
    def status_of(code: str | None) -> Any:
        return book.shown(code, info.scheme)

    return [
        (p["label"], cell, target.value)
        for p, cell, target in zip(
            periods,
            period_cells(periods, status_of),
            target_cells(periods, info.unit),
            strict=True,
        )
    ]


def _covering(
    pack: PackContent, section: PerformanceSection, book: StatusBook, papers: bool
) -> list[str]:
    counts = [r for r in section.summary if r.total]
    lines = []
    if counts:
        each = [f"{r.total} for {r.organisation.name} ({r.organisation.code})" for r in counts]
        each[0] = f"{counts[0].total} indicators with targets for " + each[0].split(" for ", 1)[1]
        joined = each[0] if len(each) == 1 else ", ".join(each[:-1]) + " and " + each[-1]
        lines.append(f"This pack reports {pack.period} ({pack.months}): {joined}.")
    if section.only_some:
        lines.append(
            "Some services are provided to only some of the councils, which is why the "
            "numbers differ (service areas by the councils they serve): "
            + "; ".join(section.only_some)
            + "."
        )
    shares = [
        f"{r.share_text} for {r.organisation.code}" for r in counts if r.share_green is not None
    ]
    if shares:
        met = [label.lower() for label in book.summary.labels(Grade.BEATEN, Grade.MET)]
        share = "the share green was " if papers else f"the share met ({_or(met)}) was "
        lines.append(
            "Of the indicators rated against a target (leaving out those not applicable, "
            "incomplete or without a numeric target), " + share + ", ".join(shares) + "."
        )
    lines.append(
        f"Indicators that met their target are listed per council. There is an exception "
        f"page for {section.rule_label}: {section.exception_count} in all, each with its "
        "figures per council, its months against target, a chart and the service's commentary."
    )
    pending = len(section.returns_not_approved)
    lines.append(
        f"The figures were taken on {pack.taken_at_text}. "
        + (
            f"{pending} of {pending + section.returns_approved} data returns were not yet "
            "approved by their director; they are listed at the end of the pack."
            if pending
            else "Every data return had been approved by its director."
        )
    )
    return lines
