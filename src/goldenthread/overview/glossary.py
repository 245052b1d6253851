"""The glossary (`/help/glossary/`): the words the register, the overview and an
indicator's page use, each with what it means. The choices are the register's
own (`indicators.models`), the status and direction words are the pack's key
(`reports.performance_key.status_key`, `direction_key`, with the tolerances the
register uses), and the return states are the lifecycle's: nothing here is a
second copy that could drift from what the pages show."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Choices

from goldenthread.domain.lifecycle import State
from goldenthread.domain.schemes import BUILT_IN, Scheme
from goldenthread.indicators.models import (
    AggregationChoice,
    ComparisonBasis,
    Frequency,
    Indicator,
    PolarityChoice,
    Tier,
)
from goldenthread.reporting.selectors import reporting_rules
from goldenthread.reports.content import KeyEntry
from goldenthread.reports.performance_key import direction_key, status_key
from goldenthread.schemes.selectors import schemes_by_key


@dataclass(frozen=True)
class Entry:
    """One word a term can take ('Higher is better'), and what it means."""

    name: str
    meaning: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class Term:
    anchor: str  # the address on the page: /help/glossary/#polarity
    name: str
    meaning: str
    entries: list[Entry] = field(default_factory=list)


def _choices(choices: type[Choices]) -> list[Entry]:
    return [Entry(str(label)) for label in choices.labels]


def _anchor(name: str) -> str:
    return name.lower().replace(" ", "-")


def glossary() -> list[Term]:
    """Every term, in the order a reader meets them on an indicator's page."""
    register: dict[str, dict[str, str]] = {
        i.reference: {"scheme": i.scheme, "tolerance": i.tolerance}
        for i in Indicator.objects.filter(retired_on__isnull=True).only(
            "reference", "scheme", "tolerance"
        )
    }
    provisional = reporting_rules().provisional_to_readers
    schemes = _schemes_shown(register)
    return [
        Term(
            "tier",
            "Tier",
            "How an indicator is reported. The overview shows strategic and operational "
            "indicators unless you choose another tier.",
            _choices(Tier),
        ),
        Term(
            "frequency",
            "Frequency",
            "How often a figure is collected. Annual indicators are reported with the "
            "fourth quarter only.",
            _choices(Frequency),
        ),
        Term(
            "aggregation",
            "Aggregation (quarter figure)",
            "How a quarter's figure is made from its months.",
            _choices(AggregationChoice),
        ),
        Term(
            "polarity",
            "Polarity (good is)",
            "Whether a higher or a lower figure is better. It decides whether a figure "
            "meets its target and whether a change is an improvement.",
            _choices(PolarityChoice),
        ),
        Term(
            "rating",
            "Rating",
            "How a figure is judged against its target: by its status scheme. An "
            "indicator's page gives its scheme and its tolerance.",
            [Entry(scheme.name, _statuses_in_words(scheme)) for scheme in schemes],
        ),
        Term(
            "status",
            "Status",
            "What a figure's rating says. The summary counts achieved as green and failed as red.",
            [
                Entry(k.term, k.meaning, _anchor(k.term))
                for k in _every_status(register, [s for s in schemes if s.key not in BUILT_IN])
            ],
        ),
        Term(
            "comparison",
            "Comparison basis",
            "What the direction of travel compares a quarter's figure with.",
            _choices(ComparisonBasis),
        ),
        Term(
            "direction",
            "Direction of travel",
            "Whether a figure got better or worse than the one it is compared with.",
            [Entry(k.term, k.meaning, _anchor(k.term)) for k in direction_key()],
        ),
        Term(
            "approval",
            "Draft, submitted, approved and provisional",
            "Where a council's return of figures for a service area stands.",
            [
                Entry(State.DRAFT.label, "The service is still entering its figures (a draft)."),
                Entry(State.SUBMITTED.label, "Sent to the director to sign off."),
                Entry(State.SENT_BACK.label, "The director asked the service to change it."),
                Entry(State.APPROVED.label, "Signed off by the director: the figures are final."),
                Entry(
                    "Provisional",
                    "Figures not yet signed off, shown to readers marked as provisional. "
                    + (
                        "Your performance team shows them."
                        if provisional
                        else "Your performance team does not show them: readers see "
                        "approved figures only."
                    ),
                    "provisional",
                ),
            ],
        ),
    ]


def _every_status(register: dict[str, dict[str, str]], own: list[Scheme]) -> list[KeyEntry]:
    """The key's statuses, achieved and failed included even if no indicator uses
    them, and those of the team's own schemes in use."""
    with_both = {**register, "": {"scheme": Scheme.ACHIEVED_FAILED.key, "tolerance": "0"}}
    return status_key(with_both, own)


def _schemes_shown(register: dict[str, dict[str, str]]) -> list[Scheme]:
    """The built-in schemes, then the team's own that an indicator in use names."""
    used = {entry["scheme"] for entry in register.values()}
    return [s for key, s in schemes_by_key().items() if key in BUILT_IN or key in used]


def _statuses_in_words(scheme: Scheme) -> str:
    """'Green: target met. Amber: target missed by at most 5% of the target. ...'"""
    if scheme.monitor_only:
        return "No status: the figure and its direction of travel only."
    return " ".join(f"{status.label}: {meaning}." for status, meaning in scheme.describe())
