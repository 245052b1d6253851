"""Reads over every kind of submission: where each owed submission stands for a
quarter (the progress page, the lists of what a person enters or signs off)."""

from __future__ import annotations

from dataclasses import dataclass

from goldenthread.domain.lifecycle import MISSING, State
from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.submissions.kinds import Kind, kinds
from goldenthread.submissions.models import Submission


@dataclass(frozen=True)
class Standing:
    """Where one owed submission stands: `submission` is None if nobody has started it."""

    kind: Kind
    quarter: Quarter
    organisation: Organisation
    service_area: ServiceArea
    items: int
    submission: Submission | None

    @property
    def status(self) -> State | None:
        return None if self.submission is None else State(self.submission.status)

    @property
    def state(self) -> str:
        """The state as people read it ("Missing" if not started)."""
        return MISSING if self.status is None else self.status.label

    @property
    def url(self) -> str:
        return self.kind.url(self.organisation, self.service_area, self.quarter)


def standings(kind: Kind, organisations: list[Organisation], quarter: Quarter) -> list[Standing]:
    """Each submission of `kind` the councils owe for the quarter, and where it stands,
    by council code and service area."""
    stored = {
        (s.organisation_id, s.service_area_id): s
        for s in kind.model.objects.filter(**kind.in_period(quarter)).select_related("updated_by")
    }
    rows = [
        Standing(
            kind,
            quarter,
            owed.organisation,
            owed.service_area,
            owed.items,
            stored.get((owed.organisation.id, owed.service_area.id)),
        )
        for owed in kind.owed(organisations, quarter)
    ]
    return sorted(rows, key=lambda s: (s.organisation.code, str(s.service_area)))


def counts(rows: list[Standing]) -> dict[str, int]:
    """How many stand in each state, missing first, in the lifecycle's order."""
    counted = {MISSING: 0, **{state.label: 0 for state in State}}
    for row in rows:
        counted[row.state] += 1
    return counted


@dataclass(frozen=True)
class Section:
    """One kind's part of the progress page."""

    kind: Kind
    rows: list[Standing]

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.rows)


def progress_of_every_kind(organisations: list[Organisation], quarter: Quarter) -> list[Section]:
    """Where every kind's submissions stand for the quarter, kind by kind."""
    return [Section(kind, standings(kind, organisations, quarter)) for kind in kinds()]
