"""Judgement scales: the statuses a person gives an action (the Improvement
Plan's "Progress is on track"), as data, like the indicators' status schemes
(`domain.schemes`) but chosen, not worked out from a figure.

A scale is an ordered list of judgements, best first. Each has a short code
(what a spreadsheet holds: ``G``), a label ("Green"), a colour, the plan's own
meaning ("Progress is on track") and a `Stand`: where the action stands
whatever the scale calls it. The flags read the stand (an action complete is
never overdue; an action on track with nothing new said is flagged), the
summary counts each judgement.

Built in: `PROGRESS` (seed 001's red "behind schedule", amber "within
acceptable variance", green "on track", plus complete and not started) and
`CONFIDENCE`, the second judgement some councils give (confidence the outcome
will be achieved), which the team turns on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from goldenthread.domain.schemes import COLOURS
from goldenthread.domain.shares import percentages

LABEL_LENGTH: Final = 40
MEANING_LENGTH: Final = 200
CODE_LENGTH: Final = 12
MOST_JUDGEMENTS: Final = 12
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Stand(StrEnum):
    """Where an action stands, whatever the scale calls it."""

    COMPLETE = "complete"
    ON_TRACK = "on-track"
    VARIANCE = "variance"  # within acceptable variance: watch it
    BEHIND = "behind"
    NOT_STARTED = "not-started"

    @property
    def label(self) -> str:
        return _STAND_LABELS[self]


_STAND_LABELS: Final = {
    Stand.COMPLETE: "Complete",
    Stand.ON_TRACK: "On track",
    Stand.VARIANCE: "Within acceptable variance",
    Stand.BEHIND: "Behind",
    Stand.NOT_STARTED: "Not started",
}


class JudgementError(ValueError):
    """A scale that cannot be used, with the reason a person can act on."""


@dataclass(frozen=True)
class Judgement:
    code: str
    label: str
    colour: str
    meaning: str
    stand: Stand

    def as_row(self) -> dict[str, str]:
        return {
            "code": self.code,
            "label": self.label,
            "colour": self.colour,
            "meaning": self.meaning,
            "stand": self.stand.value,
        }


@dataclass(frozen=True)
class Scale:
    """An ordered list of judgements, best first; codes unique (ignoring case)."""

    name: str
    judgements: tuple[Judgement, ...]

    def __post_init__(self) -> None:
        if not self.judgements:
            raise JudgementError("A scale needs at least one judgement.")

    @classmethod
    def build(cls, name: str, rows: Iterable[Mapping[str, Any]]) -> Scale:
        """A scale from rows (code, label, colour, meaning, stand), each checked:
        `JudgementError` names the row and the reason."""
        judgements: list[Judgement] = []
        seen: set[str] = set()
        for number, row in enumerate(rows, start=1):
            if number > MOST_JUDGEMENTS:
                raise JudgementError(f"A scale has at most {MOST_JUDGEMENTS} judgements.")
            judgement = _judgement(number, row)
            names = {judgement.code.casefold(), judgement.label.casefold()}
            if clash := names & seen:
                raise JudgementError(f"Judgement {number}: {min(clash)!r} is used twice.")
            seen |= names
            judgements.append(judgement)
        if not judgements:
            raise JudgementError("A scale needs at least one judgement.")
        return cls(name, tuple(judgements))

    def to_rows(self) -> list[dict[str, str]]:
        return [j.as_row() for j in self.judgements]

    def find(self, code: str) -> Judgement | None:
        """The judgement with this code or label (ignoring case), if any."""
        wanted = code.strip().casefold()
        for judgement in self.judgements:
            if wanted in (judgement.code.casefold(), judgement.label.casefold()):
                return judgement
        return None

    def __getitem__(self, code: str) -> Judgement:
        found = self.find(code)
        if found is None:
            raise KeyError(code)
        return found

    @property
    def codes(self) -> list[str]:
        return [j.code for j in self.judgements]

    def refusal(self, code: str) -> str:
        """Why `code` is not one of this scale's judgements."""
        choices = ", ".join(f"{j.code} ({j.label})" for j in self.judgements)
        return f"{code!r} is not a judgement of the {self.name} scale: use one of {choices}."


def _judgement(number: int, row: Mapping[str, Any]) -> Judgement:
    where = f"Judgement {number}"
    unknown = set(row) - {"code", "label", "colour", "meaning", "stand"}
    if unknown:
        raise JudgementError(f"{where}: unknown field {sorted(unknown)[0]!r}.")
    text = {k: str(row.get(k) or "").strip() for k in ("code", "label", "colour", "meaning")}
    for key, value in text.items():
        if _CONTROL.search(value):
            raise JudgementError(f"{where}: the {key} has a control character.")
    code, label = text["code"], text["label"]
    if not code or not _CODE.match(code) or len(code) > CODE_LENGTH:
        raise JudgementError(
            f"{where}: the code must be 1 to {CODE_LENGTH} letters, digits or hyphens, "
            "starting with a letter (e.g. G)."
        )
    if not label or len(label) > LABEL_LENGTH:
        raise JudgementError(f"{where}: the label must be 1 to {LABEL_LENGTH} characters.")
    if len(text["meaning"]) > MEANING_LENGTH:
        raise JudgementError(f"{where}: the meaning is over {MEANING_LENGTH} characters.")
    colour = text["colour"].lower()
    if colour not in COLOURS:
        raise JudgementError(f"{where}: the colour must be one of {', '.join(COLOURS)}.")
    try:
        stand = Stand(str(row.get("stand") or "").strip().lower())
    except ValueError:
        stands = ", ".join(s.value for s in Stand)
        raise JudgementError(f"{where}: the stand must be one of {stands}.") from None
    return Judgement(code, label, colour, text["meaning"], stand)


PROGRESS: Final = Scale.build(
    "progress",
    [
        {"code": "G", "label": "Green", "colour": "green", "stand": "on-track",
         "meaning": "Progress is on track"},
        {"code": "A", "label": "Amber", "colour": "amber", "stand": "variance",
         "meaning": "Progress is within acceptable variance"},
        {"code": "R", "label": "Red", "colour": "red", "stand": "behind",
         "meaning": "Progress is behind schedule"},
        {"code": "C", "label": "Complete", "colour": "blue", "stand": "complete",
         "meaning": "The action is delivered"},
        {"code": "NS", "label": "Not started", "colour": "grey", "stand": "not-started",
         "meaning": "Work has not yet begun"},
    ],
)  # fmt: skip
"""Seed 001's definitions (lines 386-388), with complete and not started."""

CONFIDENCE: Final = Scale.build(
    "confidence",
    [
        {"code": "H", "label": "High", "colour": "green", "stand": "on-track",
         "meaning": "Confident the outcome will be achieved"},
        {"code": "M", "label": "Medium", "colour": "amber", "stand": "variance",
         "meaning": "Some risk the outcome will not be achieved"},
        {"code": "L", "label": "Low", "colour": "red", "stand": "behind",
         "meaning": "The outcome is unlikely to be achieved as planned"},
    ],
)  # fmt: skip
"""The second judgement (illustrative wording): confidence in the outcome."""


@dataclass(frozen=True)
class Tally:
    """One row of a plan summary: a judgement, how many actions have it, and
    their share of the whole in whole percent (the shares add up to 100:
    `domain.shares.percentages`)."""

    judgement: Judgement
    count: int
    percent: int


def tally(scale: Scale, codes: Sequence[str]) -> list[Tally]:
    """A count and share per judgement of the scale, in its order, of the
    actions judged `codes` (a code not in the scale is not counted)."""
    wanted = [c.casefold() for c in codes]
    counts = [wanted.count(j.code.casefold()) for j in scale.judgements]
    shares = percentages(counts)
    return [Tally(j, n, p) for j, n, p in zip(scale.judgements, counts, shares, strict=True)]
