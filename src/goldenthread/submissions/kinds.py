"""The kinds of submission (data returns; next plan updates, risk reviews, budget
forecasts, survey rounds), each registered once by its module (in its AppConfig's
`ready`), so that one progress page and one sign-off interface serve them all."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from goldenthread.domain.lifecycle import Party
from goldenthread.domain.periods import Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import Scope
from goldenthread.submissions.models import Submission


@dataclass(frozen=True)
class Owed:
    """A submission owed for a period: by which council and area, covering how many
    items (indicators, risks, ...)."""

    organisation: Organisation
    service_area: ServiceArea
    items: int


def parties_of(scope: Scope, organisation: Organisation, service_area: ServiceArea) -> set[Party]:
    """Who a person is for a council and service area's submission: a contributor
    if they enter its data, a signatory if they sign off its directorate."""
    parties = set()
    if scope.enters_data_for(organisation.id, service_area.id):
        parties.add(Party.CONTRIBUTOR)
    if scope.signs_off(organisation.id, service_area.directorate_id):
        parties.add(Party.SIGNATORY)
    return parties


@dataclass(frozen=True)
class Kind:
    """One kind of submission. Its model inherits `Submission` and has `organisation`
    and `service_area` foreign keys."""

    name: str  # "returns"
    label: str  # "Data returns"
    noun: str  # "return", in messages: "Only a submitted return can be approved."
    items: str  # what `Owed.items` counts, as a column heading: "Indicators"
    model: type[Submission]
    owed: Callable[[list[Organisation], Quarter], list[Owed]]
    in_period: Callable[[Quarter], dict[str, Any]]  # the model's filter for a quarter
    url: Callable[[Organisation, ServiceArea, Quarter], str]  # its page
    stale: str  # why a save on a stale copy is refused
    done: Mapping[str, str]  # the message once an action is taken, by action
    parties: Callable[[Scope, Organisation, ServiceArea], set[Party]] = field(default=parties_of)
    # A kind whose period is shorter than a quarter (a month's budget forecast)
    # names a submission's own page and period; by default its quarter's.
    page_of: Callable[[Submission], str] | None = None
    period_words: Callable[[Submission], str] | None = None
    # What else follows a move (e.g. the indicators that read a budget forecast
    # follow its sign-off), called with the submission and the action, in the
    # move's transaction, whichever page or list made it.
    moved: Callable[[Submission, str], None] | None = None


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.name] = kind


def kinds() -> list[Kind]:
    """Every kind registered, in the order registered (the order of INSTALLED_APPS)."""
    return list(_KINDS.values())


def kind_named(name: str) -> Kind:
    return _KINDS[name]


def kind_of(model: type[Submission]) -> Kind:
    for kind in _KINDS.values():
        if issubclass(model, kind.model):
            return kind
    raise LookupError(f"{model.__name__} is not a registered kind of submission")
