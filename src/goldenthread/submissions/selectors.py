"""Reads over every kind of submission: where each owed submission stands for a
quarter (the progress page, the lists of what a person enters or signs off),
with who is responsible and when it is due, and what waits for a person's
sign-off."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final

from django.utils import timezone

from goldenthread.domain import lifecycle
from goldenthread.domain.lifecycle import MISSING, Action, State
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope, visible_organisations
from goldenthread.people.models import Membership, Role
from goldenthread.reporting.selectors import due_date
from goldenthread.submissions.kinds import Kind, kinds
from goldenthread.submissions.models import Submission

#: The state filter's value for an owed submission nobody has started.
NOT_STARTED: Final = "missing"
#: The states the progress page filters by, as (value, label).
STATE_CHOICES: Final = ((NOT_STARTED, MISSING), *((s.value, s.label) for s in State))


@dataclass(frozen=True)
class Standing:
    """Where one owed submission stands: `submission` is None if nobody has started
    it. `officers` are the names of the service officers who enter it; `days_overdue`
    counts the days since `due_on` of one not yet submitted (0 if it is not late)."""

    kind: Kind
    quarter: Quarter
    organisation: Organisation
    service_area: ServiceArea
    items: int
    submission: Submission | None
    officers: tuple[str, ...] = ()
    due_on: datetime.date | None = None
    days_overdue: int = 0

    @property
    def status(self) -> State | None:
        return None if self.submission is None else State(self.submission.status)

    @property
    def state(self) -> str:
        """The state as people read it ("Missing" if not started)."""
        return MISSING if self.status is None else self.status.label

    @property
    def state_value(self) -> str:
        """The state as the progress page's filter names it."""
        return NOT_STARTED if self.status is None else self.status.value

    @property
    def url(self) -> str:
        return self.kind.url(self.organisation, self.service_area, self.quarter)


def responsible_officers(organisations: list[Organisation]) -> dict[tuple[int, int], list[str]]:
    """The names of the service officers who enter each council and service area's
    submissions, by (council id, service area id), in alphabetical order."""
    names: dict[tuple[int, int], list[str]] = {}
    every_council = [o.id for o in organisations]
    officers = (
        Membership.objects.filter(role=Role.SERVICE_OFFICER, user__is_active=True)
        .select_related("user")
        .prefetch_related("organisations", "service_areas")
    )
    for membership in officers:
        name = membership.user.get_full_name() or membership.user.username
        councils = (
            every_council
            if membership.all_organisations
            else [o.id for o in membership.organisations.all()]
        )
        for council in councils:
            for area in membership.service_areas.all():
                names.setdefault((council, area.id), []).append(name)
    return {pair: sorted(found, key=str.casefold) for pair, found in names.items()}


def standings(
    kind: Kind,
    organisations: list[Organisation],
    quarter: Quarter,
    *,
    today: datetime.date | None = None,
) -> list[Standing]:
    """Each submission of `kind` the councils owe for the quarter, and where it stands,
    by council code and service area, with its officers, due date and days overdue
    on `today` (by default today's date)."""
    today = today or timezone.localdate()
    due_on = due_date(quarter)
    late = max((today - due_on).days, 0)
    officers = responsible_officers(organisations)
    stored = {
        (s.organisation_id, s.service_area_id): s
        for s in kind.model.objects.filter(**kind.in_period(quarter)).select_related("updated_by")
    }
    rows = []
    for owed in kind.owed(organisations, quarter):
        pair = (owed.organisation.id, owed.service_area.id)
        submission = stored.get(pair)
        not_in = submission is None or lifecycle.editable(submission.status)
        rows.append(
            Standing(
                kind,
                quarter,
                owed.organisation,
                owed.service_area,
                owed.items,
                submission,
                officers=tuple(officers.get(pair, ())),
                due_on=due_on,
                days_overdue=late if not_in else 0,
            )
        )
    return sorted(rows, key=lambda s: (s.organisation.code, str(s.service_area)))


def counts(rows: list[Standing]) -> dict[str, int]:
    """How many stand in each state, missing first, in the lifecycle's order."""
    counted = {MISSING: 0, **{state.label: 0 for state in State}}
    for row in rows:
        counted[row.state] += 1
    return counted


@dataclass(frozen=True)
class ProgressFilters:
    """What the progress page shows: one council's, one directorate's, or those in
    one state (a value of `STATE_CHOICES`); empty shows everything."""

    organisation: Organisation | None = None
    directorate_id: int | None = None
    state: str = ""

    def keeps(self, row: Standing) -> bool:
        return (
            (self.organisation is None or row.organisation.id == self.organisation.id)
            and (
                self.directorate_id is None
                or row.service_area.directorate_id == self.directorate_id
            )
            and (not self.state or row.state_value == self.state)
        )


@dataclass(frozen=True)
class Section:
    """One kind's part of the progress page."""

    kind: Kind
    rows: list[Standing]

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.rows)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.days_overdue)


def progress_of_every_kind(
    organisations: list[Organisation],
    quarter: Quarter,
    filters: ProgressFilters | None = None,
    *,
    today: datetime.date | None = None,
) -> list[Section]:
    """Where every kind's submissions stand for the quarter, kind by kind, those
    the filters keep. A kind that nobody owes for the quarter (no plan or risk
    register in use yet) is left out; the first (data returns) is always shown."""
    filters = filters or ProgressFilters()
    if filters.organisation is not None:
        organisations = [o for o in organisations if o.id == filters.organisation.id]
    sections = []
    for number, kind in enumerate(kinds()):
        rows = standings(kind, organisations, quarter, today=today)
        if rows or number == 0:
            sections.append(Section(kind, [r for r in rows if filters.keeps(r)]))
    return sections


@dataclass(frozen=True)
class Awaiting:
    """A submitted submission that waits for this person's sign-off. `key` names it
    and the version listed, as the bulk approval posts it back."""

    kind: Kind
    submission: Submission
    quarter: Quarter

    @property
    def organisation(self) -> Organisation:
        return self.submission.organisation

    @property
    def service_area(self) -> ServiceArea:
        return self.submission.service_area

    @property
    def key(self) -> str:
        return f"{self.kind.name}:{self.submission.pk}:{self.submission.version}"

    @property
    def url(self) -> str:
        if self.kind.page_of is not None:
            return self.kind.page_of(self.submission)
        return self.kind.url(self.organisation, self.service_area, self.quarter)

    @property
    def period(self) -> str:
        """Its period in words: its quarter's label, or the kind's own ("Period 5")."""
        if self.kind.period_words is not None:
            return self.kind.period_words(self.submission)
        return self.quarter.label

    @property
    def name(self) -> str:
        """Names it in messages: "LBN Payroll return, 2019/20 Q1"."""
        where = f"{self.organisation.code} {self.service_area.name}"
        return f"{where} {self.kind.noun}, {self.period}"


def period_of(submission: Submission) -> Quarter:
    """The quarter a submission is for (every kind's model has its period as `year`,
    the financial year's start year, and `quarter`)."""
    return Quarter(FinancialYear(submission.year), submission.quarter)


def signs_off(scope: Scope, kind: Kind, submission: Submission) -> bool:
    """Whether this person may approve the submission (the kind says who signs it off)."""
    parties = kind.parties(scope, submission.organisation, submission.service_area)
    return lifecycle.may(Action.APPROVE, parties)


def awaiting_sign_off(scope: Scope) -> list[Awaiting]:
    """The submitted submissions of every kind that this person signs off, across
    quarters, the oldest first (by quarter, then by when they were submitted)."""
    councils = [o.id for o in visible_organisations(scope)]
    waiting = []
    for kind in kinds():
        submitted = kind.model.objects.filter(
            status=State.SUBMITTED.value, organisation_id__in=councils
        ).select_related("organisation", "service_area__directorate", "updated_by")
        waiting += [Awaiting(kind, s, period_of(s)) for s in submitted if signs_off(scope, kind, s)]
    return sorted(
        waiting,
        key=lambda a: (a.quarter, a.submission.updated_at, a.organisation.code, a.kind.name),
    )


def signs_off_anything(scope: Scope) -> bool:
    """Whether this person's role signs submissions off (directors and the team)."""
    return scope.is_performance_team or scope.role == Role.DIRECTOR
