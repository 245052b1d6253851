"""The performance section: the indicators' figures of the snapshot (its
`exception_rule`, `indicators`, `figures` and `returns`) as the pack shows them:
the covering summary, the summary table, the key, the indicators that met
their target, the exception pages (`reports.exceptions`), the volumetric
tables, the indicators not rated, every figure, and the returns not yet
approved. Nothing here reads a database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from goldenthread.domain.rating import Status, Tolerance, ToleranceError
from goldenthread.domain.summary import StatusCounts, summarise
from goldenthread.reports.content import (
    CouncilMet,
    ExceptionRule,
    FigureRow,
    IndicatorInfo,
    KeyEntry,
    MetGroup,
    MetRow,
    NotRatedRow,
    Organisation,
    PackContent,
    PerformanceSection,
    PeriodCell,
    ReturnNotApproved,
    Shown,
    ShownStatus,
    SummaryRow,
    VolumetricGroup,
    VolumetricRow,
)
from goldenthread.reports.exceptions import (
    Figure,
    direction_of,
    exception_groups,
    period_cells,
    shown,
    target_cells,
    target_figure_of,
)
from goldenthread.reports.snapshot import Snapshot

VOLUMETRIC = "volumetric"
COMMENTARY_PARTS = ("reasons", "difference", "remedial_actions")


def assemble_performance(snapshot: Snapshot, frame: PackContent) -> PerformanceSection:
    """The performance section of the pack whose frame is `frame`."""
    organisations = frame.organisations
    by_code = {o.code: o for o in organisations}
    indicators = {i["reference"]: i for i in snapshot["indicators"]}
    infos = {ref: _info(i) for ref, i in indicators.items()}
    rule = ExceptionRule(snapshot["exception_rule"])
    figures = snapshot["figures"]
    rated = [f for f in figures if indicators[f["indicator"]]["tier"] != VOLUMETRIC]
    section = PerformanceSection(
        exception_rule=rule,
        covering=[],
        only_some=_only_some(rated, indicators, organisations),
        summary=_summary(rated, organisations),
        key_status=_key_status(rated, indicators),
        key_direction=_keydirection_of(),
        met=_met(rated, infos, indicators, organisations, by_code),
        exceptions=exception_groups(rated, infos, by_code, rule),
        volumetric=_volumetric(figures, infos, indicators, by_code),
        not_rated=[
            NotRatedRow(
                f["indicator"],
                infos[f["indicator"]].title,
                by_code[f["organisation"]],
                ShownStatus(f["status"]),
                f["target"],
            )
            for f in rated
            if not Status(f["status"]).is_rated
        ],
        figures=_figure_rows(figures, infos, by_code),
        returns_not_approved=[
            ReturnNotApproved(r["organisation"], r["service_area"], r["state"])
            for r in snapshot["returns"]["not_approved"]
        ],
        returns_approved=snapshot["returns"]["approved"],
    )
    section.covering = _covering(frame, section)
    return section


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
    )


def _summary(rated: list[Figure], organisations: list[Organisation]) -> list[SummaryRow]:
    counted = summarise((f["organisation"], Status(f["status"])) for f in rated)
    rows = []
    for organisation in organisations:
        counts = counted.get(organisation.code, StatusCounts(organisation.code))
        rows.append(SummaryRow(organisation, *counts.columns(), counts.share_green))
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


def _key_status(rated: list[Figure], indicators: dict[str, Any]) -> list[KeyEntry]:
    """The status key, its tolerance words generated from the register's settings."""
    tolerances: dict[str, list[str]] = {}
    schemes = set()
    for reference in dict.fromkeys(f["indicator"] for f in rated):
        indicator = indicators[reference]
        schemes.add(indicator["scheme"])
        if indicator["scheme"] == "rag":
            tolerances.setdefault(_tolerance_words(indicator["tolerance"]), []).append(reference)
    amber = _amber_meaning(tolerances)
    entries = [
        KeyEntry("Green", "", "The target was achieved, or is on track to be achieved.", "green"),
        KeyEntry("Amber", "", amber, "amber"),
        KeyEntry("Red", "", "The target was missed by more than the amber tolerance.", "red"),
    ]
    if "achieved-failed" in schemes:
        entries += [
            KeyEntry("Achieved", "", "The target was met (counted as green).", "green"),
            KeyEntry("Failed", "", "The target was missed by any margin (counted as red).", "red"),
        ]
    entries += [
        KeyEntry("Not applicable", "", "Not measured for this council or this period.", "grey"),
        KeyEntry("Incomplete", "", "The figure was not yet available.", "grey"),
        KeyEntry(
            "No target",
            "",
            "There is no numeric target to judge against (e.g. TBC, Reactive).",
            "grey",
        ),
    ]
    return entries


def _tolerance_words(text: str) -> str:
    try:
        return Tolerance.parse(text).describe()
    except ToleranceError:
        return f"tolerance '{text}'"


def _amber_meaning(tolerances: dict[str, list[str]]) -> str:
    start = "The target was almost reached: missed, but "
    if not tolerances:
        return start + "within the indicator's tolerance."
    if len(tolerances) == 1:
        (words,) = tolerances
        return f"{start}{words} (for every indicator rated red, amber, green)."
    largest = max(tolerances, key=lambda words: len(tolerances[words]))
    others = "; ".join(
        f"{words} for {', '.join(refs)}" for words, refs in tolerances.items() if words != largest
    )
    return f"{start}{largest} ({others})."


def _keydirection_of() -> list[KeyEntry]:
    compared = (
        "than in the same period last year (or last year's outturn, pro rata for totals; "
        "the previous quarter where the register says so)"
    )
    return [
        KeyEntry(
            "Up, better or Down, better",
            "↑ or ↓",
            f"Better {compared}. Up or down is what the figure did; whether that is "
            "better depends on the indicator (a higher collection rate, a lower number "
            "of days).",
        ),
        KeyEntry("Same", "→", "The same as shown, to the indicator's decimal places."),
        KeyEntry("Up, worse or Down, worse", "↑ or ↓", f"Worse {compared}."),
        KeyEntry("New", "", "Nothing to compare with: no figure for the earlier period."),
        KeyEntry(
            "Measured",
            "",
            "Measured, but with no better or worse direction, so no direction of travel.",
        ),
    ]


def _met(
    rated: list[Figure],
    infos: dict[str, IndicatorInfo],
    indicators: dict[str, Any],
    organisations: list[Organisation],
    by_code: dict[str, Organisation],
) -> list[CouncilMet]:
    councils = {o.code: CouncilMet(o) for o in organisations}
    for figure in rated:
        if not Status(figure["status"]).met_target:
            continue
        info = infos[figure["indicator"]]
        council = councils[figure["organisation"]]
        where = (info.directorate, info.service_area)
        if not council.groups or council.groups[-1].place != where:
            council.groups.append(MetGroup(info.directorate, info.service_area))
        council.groups[-1].rows.append(
            MetRow(
                info.reference,
                info.title,
                figure["target"],
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
    figures: list[Figure], infos: dict[str, IndicatorInfo], by_code: dict[str, Organisation]
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
                target=figure["target"],
                judged_against=Shown(judged or "", Decimal(judged) if judged else None, info.unit),
                status=ShownStatus(figure["status"]),
                direction=direction_of(figure),
                last_year=shown(figure["last_year"]),
                reasons=comment.get("reasons", ""),
                difference=comment.get("difference", ""),
                remedial_actions=comment.get("remedial_actions", ""),
                periods=_period_triples(figure["periods"], info.unit),
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
                    status=ShownStatus(part["status"]),
                    direction=direction_of(part),
                    last_year=shown(part["last_year"]),
                    reasons="",
                    difference="",
                    remedial_actions="",
                    periods=_period_triples(part["periods"], info.unit),
                    target_figure=target_figure_of(figure["target"], info),
                )
            )
    return rows


def _period_triples(
    periods: list[dict[str, Any]], unit: str
) -> list[tuple[str, PeriodCell, Shown]]:
    return [
        (p["label"], cell, target.value)
        for p, cell, target in zip(
            periods, period_cells(periods), target_cells(periods, unit), strict=True
        )
    ]


def _covering(pack: PackContent, section: PerformanceSection) -> list[str]:
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
        lines.append(
            "Of the indicators rated against a target (leaving out those not applicable, "
            "incomplete or without a numeric target), the share green was "
            + ", ".join(shares)
            + "."
        )
    lines.append(
        f"Indicators that met their target are listed per council. There is an exception "
        f"page for {section.exception_rule.label}: {section.exception_count} in all, each with its "
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


def status_key(indicators: dict[str, dict[str, str]]) -> list[KeyEntry]:
    """The pack's status key for register entries (reference -> their `scheme` and
    `tolerance`): the application's glossary says what the pack says."""
    return _key_status([{"indicator": reference} for reference in indicators], indicators)


def direction_key() -> list[KeyEntry]:
    """The pack's key to the direction of travel (read by the application's glossary)."""
    return _keydirection_of()
