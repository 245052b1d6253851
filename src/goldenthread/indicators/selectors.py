"""Reads for the register: the indicator list (an indicator's own page, with
its figures and history, is read by `overview.indicator_selectors`)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from goldenthread.domain.in_force import DaySpan, InForce, applies_in
from goldenthread.domain.periods import Month, Quarter
from goldenthread.indicators.models import Indicator, IndicatorOrganisation
from goldenthread.organisations.models import Organisation
from goldenthread.submissions.approved import ApprovedPeriod, approved_periods


def register(*, include_retired: bool = False) -> QuerySet[Indicator]:
    links = IndicatorOrganisation.objects.select_related("organisation")
    query = Indicator.objects.select_related("service_area__directorate").prefetch_related(
        Prefetch("indicatororganisation_set", links.order_by("organisation__code"))
    )
    if not include_retired:
        query = query.filter(retired_on__isnull=True)
    return query.order_by("service_area__directorate__name", "service_area__name", "reference")


def indicator_fingerprint(indicator: Indicator) -> str:
    """What a person saw of a register entry: every field, its councils and
    its breakdowns. Saved, it is compared with the entry as it is then, so a
    change someone made in between is not silently overwritten."""
    parts = [
        f"{f.attname}={getattr(indicator, f.attname)!r}" for f in Indicator._meta.concrete_fields
    ]
    links = sorted(
        (link.organisation_id, link.effective_from, link.retired_on) for link in _links(indicator)
    )
    parts.append(f"councils={links!r}")
    parts.append("breakdowns=" + ";".join(sorted(b.name for b in indicator.breakdowns.all())))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def last_changed_by(indicator_id: int) -> str:
    """Who saved the register entry last, as the history has it ("" if nobody known)."""
    last = Indicator.history.filter(id=indicator_id).order_by("-history_date").first()
    return str(last.history_user) if last is not None and last.history_user else ""


# --- when entries are in force, and the approved periods a change would reach ----


def in_force_filter(span: DaySpan | Quarter, prefix: str = "") -> Q:
    """`goldenthread.domain.in_force.InForce.during` as a database filter on the
    `effective_from` and `retired_on` of the rows `prefix` leads to
    ("" for indicators, "indicatororganisation__" for their links)."""
    days = span if isinstance(span, DaySpan) else DaySpan.of(span)
    starts, ends = f"{prefix}effective_from", f"{prefix}retired_on"
    return (
        (Q(**{f"{starts}__isnull": True}) | Q(**{f"{starts}__lte": days.last}))
        & (Q(**{f"{ends}__isnull": True}) | Q(**{f"{ends}__gt": days.first}))
        & (
            Q(**{f"{starts}__isnull": True})
            | Q(**{f"{ends}__isnull": True})
            | Q(**{f"{starts}__lt": F(ends)})
        )
    )


def links_in_force(span: DaySpan | Quarter) -> QuerySet[IndicatorOrganisation]:
    """The (indicator, council) links that apply in `span`: the link and its
    indicator both in force in it."""
    return IndicatorOrganisation.objects.filter(in_force_filter(span)).filter(
        in_force_filter(span, "indicator__")
    )


def councils_in_use(indicator: Indicator) -> list[Organisation]:
    """The councils an indicator applies to now: its links not retired (the
    register's Councils column), by code."""
    links = [link for link in _links(indicator) if link.retired_on is None]
    return sorted((link.organisation for link in links), key=lambda o: o.code)


def _links(indicator: Indicator) -> list[IndicatorOrganisation]:
    cache = getattr(indicator, "_prefetched_objects_cache", {})
    if "indicatororganisation_set" in cache:
        return list(cache["indicatororganisation_set"])
    return list(indicator.indicatororganisation_set.select_related("organisation"))


@dataclass(frozen=True)
class Applicability:
    """Where and when an indicator applies: its service area, its own dates and
    each council's link (by organisation id)."""

    service_area_id: int
    indicator: InForce
    links: dict[int, InForce]

    @classmethod
    def of(cls, indicator: Indicator) -> Applicability:
        return cls(
            indicator.service_area_id,
            InForce(indicator.effective_from, indicator.retired_on),
            {
                link.organisation_id: InForce(link.effective_from, link.retired_on)
                for link in _links(indicator)
            },
        )

    def applies(self, period: ApprovedPeriod) -> bool:
        link = self.links.get(period.organisation.id)
        return (
            period.service_area.id == self.service_area_id
            and link is not None
            and applies_in(self.indicator, link, period.quarter)
        )


def links_after(
    before: dict[int, InForce], chosen: Iterable[int], on: datetime.date | None
) -> dict[int, InForce]:
    """The links once the councils are `chosen`, the change taking effect `on`
    (None: a council added applies since always, one removed from the first
    day of the current quarter): a council added gets a link from `on` (a
    retired one is reinstated); a council removed has its link retired `on`,
    its row kept."""
    after = dict(before)
    chosen = set(chosen)
    for organisation_id in chosen:
        link = before.get(organisation_id)
        if link is None:
            after[organisation_id] = InForce(on, None)
        elif link.retired_on is not None:
            after[organisation_id] = InForce(link.effective_from, None)
    today = datetime.date.today()
    ends = on or DaySpan.of(Month(today.year, today.month).quarter).first
    for organisation_id, link in before.items():
        if organisation_id not in chosen and link.retired_on is None:
            after[organisation_id] = InForce(link.effective_from, ends)
    return after


RETURNS = "returns"  # the kind of submission whose items are the register's indicators


def approved_reached(before: Applicability | None, after: Applicability) -> list[ApprovedPeriod]:
    """The approved returns whose set of indicators the change from `before`
    (None: a new indicator) to `after` would change."""
    organisations = set(after.links) | set(before.links if before else ())
    areas = {after.service_area_id} | ({before.service_area_id} if before else set())
    if not organisations:
        return []
    return [
        period
        for period in approved_periods(
            RETURNS, organisation_ids=organisations, service_area_ids=areas
        )
        if (before is not None and before.applies(period)) != after.applies(period)
    ]


def reach_message(reached: list[ApprovedPeriod]) -> str:
    """Why a change is refused: "2019/20 Q1 Payroll for LBH is approved: reopen
    it, or make the change take effect from 1 July 2019."."""
    labels = [p.label for p in reached]
    if len(labels) > 4:
        labels = [*labels[:3], f"{len(labels) - 3} more"]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    one = len(reached) == 1
    after = max(p.quarter for p in reached).next()
    day = DaySpan.of(after).first
    return (
        f"{listed} {'is' if one else 'are'} approved: reopen {'it' if one else 'them'}, "
        f"or make the change take effect from {day.day} {day:%B %Y}."
    )


def first_open_day() -> datetime.date | None:
    """The first day of the earliest quarter with no approved return after the
    last one with any (None if no return is approved): a new indicator, or a
    change to an indicator's councils, takes effect from it unless told otherwise."""
    approved = approved_periods(RETURNS)
    if not approved:
        return None
    return DaySpan.of(max(p.quarter for p in approved).next()).first
