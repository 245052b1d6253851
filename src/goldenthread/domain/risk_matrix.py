"""The risk matrix: likelihood against impact, each on a scale with words
("Likely", "Major"), and the level of each cell (a lookup set by the team, not
necessarily the product of the two). 5 x 5 by default.

A risk is scored three times (inherent, current, target) and at each review as
a `Score` (likelihood, impact). Its level is the cell's; its number is the
product, which orders risks within a level. A level has a name, a colour and
how often a risk at that level is reviewed (high risks monthly). A risk is
above appetite when its level is worse than the highest level the team accepts
for its category or service.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final

from goldenthread.domain.schemes import COLOURS

SMALLEST: Final = 2
LARGEST: Final = 10
WORDS_LENGTH: Final = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class MatrixError(ValueError):
    """A matrix that cannot be used, with the reason."""


class Trend(StrEnum):
    """A risk's movement since its last review, in the words the papers use."""

    UP = "up"  # worse
    DOWN = "down"  # better
    SAME = "same"
    NEW = "new"  # no review before

    @property
    def label(self) -> str:
        return {
            Trend.UP: "Up (worse)",
            Trend.DOWN: "Down (better)",
            Trend.SAME: "No change",
            Trend.NEW: "New",
        }[self]


@dataclass(frozen=True)
class Level:
    name: str
    colour: str
    review_months: int  # how often a risk at this level is reviewed


@dataclass(frozen=True)
class Score:
    likelihood: int
    impact: int

    @property
    def value(self) -> int:
        return self.likelihood * self.impact

    def __str__(self) -> str:
        return f"{self.likelihood} x {self.impact} = {self.value}"


@dataclass(frozen=True)
class Matrix:
    likelihoods: tuple[str, ...]  # the words for 1, 2, ... (least likely first)
    impacts: tuple[str, ...]
    levels: tuple[Level, ...]  # least serious first
    cells: tuple[tuple[int, ...], ...]  # cells[likelihood - 1][impact - 1]: a level's index

    @classmethod
    def build(cls, data: Mapping[str, Any]) -> Matrix:
        """A matrix from its stored form (`to_data`), checked: `MatrixError`
        gives the reason."""
        likelihoods = _words("likelihood", data.get("likelihood"))
        impacts = _words("impact", data.get("impact"))
        raw_levels = data.get("levels")
        if not isinstance(raw_levels, list) or not 1 <= len(raw_levels) <= LARGEST:
            raise MatrixError(f"Give 1 to {LARGEST} levels.")
        levels = tuple(_level(n, row) for n, row in enumerate(raw_levels, start=1))
        names = [level.name.casefold() for level in levels]
        if len(set(names)) != len(names):
            raise MatrixError("Each level needs its own name.")
        rows = data.get("cells")
        if not isinstance(rows, list) or len(rows) != len(likelihoods):
            raise MatrixError(
                f"Give one row of cells for each of the {len(likelihoods)} likelihoods."
            )
        cells = []
        for l_number, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != len(impacts):
                raise MatrixError(
                    f"Likelihood {l_number}: give a level for each of the {len(impacts)} impacts."
                )
            cells.append(tuple(_cell(l_number, i, name, names) for i, name in enumerate(row, 1)))
        matrix = cls(likelihoods, impacts, levels, tuple(cells))
        matrix.check_order()
        return matrix

    def check_order(self) -> None:
        """More likely or more severe is never a lower level."""
        for li in range(len(self.likelihoods)):
            for i in range(len(self.impacts)):
                here = self.cells[li][i]
                if (li and self.cells[li - 1][i] > here) or (i and self.cells[li][i - 1] > here):
                    raise MatrixError(
                        f"Likelihood {li + 1}, impact {i + 1}: a cell cannot be a lower level "
                        "than a less likely or less severe one."
                    )

    def to_data(self) -> dict[str, Any]:
        return {
            "likelihood": list(self.likelihoods),
            "impact": list(self.impacts),
            "levels": [
                {"name": v.name, "colour": v.colour, "review_months": v.review_months}
                for v in self.levels
            ],
            "cells": [[self.levels[c].name for c in row] for row in self.cells],
        }

    def refusal(self, score: Score) -> str | None:
        """Why a score is off this matrix, or None."""
        if not 1 <= score.likelihood <= len(self.likelihoods):
            return f"the likelihood must be 1 to {len(self.likelihoods)}"
        if not 1 <= score.impact <= len(self.impacts):
            return f"the impact must be 1 to {len(self.impacts)}"
        return None

    def rank(self, score: Score) -> int:
        return self.cells[score.likelihood - 1][score.impact - 1]

    def level(self, score: Score) -> Level:
        return self.levels[self.rank(score)]

    def level_named(self, name: str) -> Level | None:
        for level in self.levels:
            if level.name.casefold() == name.strip().casefold():
                return level
        return None

    def worse(self, a: Score, b: Score) -> bool:
        """Whether `a` is a more serious score than `b` (level, then product)."""
        return (self.rank(a), a.value) > (self.rank(b), b.value)

    def trend(self, before: Score | None, now: Score) -> Trend:
        if before is None:
            return Trend.NEW
        if self.worse(now, before):
            return Trend.UP
        if self.worse(before, now):
            return Trend.DOWN
        return Trend.SAME

    def above_appetite(self, score: Score, appetite: str) -> bool:
        """Whether the score's level is worse than the highest level accepted
        (`appetite`, a level's name; blank or unknown: no appetite set)."""
        accepted = self.level_named(appetite) if appetite else None
        return accepted is not None and self.rank(score) > self.levels.index(accepted)

    def describe(self, score: Score) -> str:
        """The score in words: "Likely (4) x Major (4) = 16, High"."""
        return (
            f"{self.likelihoods[score.likelihood - 1]} ({score.likelihood}) x "
            f"{self.impacts[score.impact - 1]} ({score.impact}) = {score.value}, "
            f"{self.level(score).name}"
        )


def _words(what: str, raw: Any) -> tuple[str, ...]:
    if not isinstance(raw, list) or not SMALLEST <= len(raw) <= LARGEST:
        raise MatrixError(f"Give {SMALLEST} to {LARGEST} words for the {what} scale.")
    words = tuple(str(w).strip() for w in raw)
    for n, word in enumerate(words, start=1):
        if not word or len(word) > WORDS_LENGTH or _CONTROL.search(word):
            raise MatrixError(
                f"The {what} scale's word {n} must be 1 to {WORDS_LENGTH} characters."
            )
    if len({w.casefold() for w in words}) != len(words):
        raise MatrixError(f"The {what} scale uses a word twice.")
    return words


def _level(number: int, row: Any) -> Level:
    if not isinstance(row, Mapping):
        raise MatrixError(f"Level {number}: give its name, colour and review interval.")
    name = str(row.get("name") or "").strip()
    if not name or len(name) > WORDS_LENGTH or _CONTROL.search(name):
        raise MatrixError(f"Level {number}: the name must be 1 to {WORDS_LENGTH} characters.")
    colour = str(row.get("colour") or "").strip().lower()
    if colour not in COLOURS:
        raise MatrixError(f"Level {number}: the colour must be one of {', '.join(COLOURS)}.")
    months = row.get("review_months")
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= 12:
        raise MatrixError(f"Level {number}: review every 1 to 12 months.")
    return Level(name, colour, months)


def _cell(likelihood: int, impact: int, name: Any, names: Sequence[str]) -> int:
    try:
        return names.index(str(name).strip().casefold())
    except ValueError:
        raise MatrixError(
            f"Likelihood {likelihood}, impact {impact}: "
            f"{str(name)[:40]!r} is not one of the levels."
        ) from None


def _default_cells() -> list[list[str]]:
    def level(product: int) -> str:
        if product <= 4:
            return "Low"
        if product <= 9:
            return "Medium"
        if product <= 15:
            return "High"
        return "Very high"

    return [[level(li * i) for i in range(1, 6)] for li in range(1, 6)]


DEFAULT: Final = Matrix.build(
    {
        "likelihood": ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
        "impact": ["Insignificant", "Minor", "Moderate", "Major", "Severe"],
        "levels": [
            {"name": "Low", "colour": "green", "review_months": 6},
            {"name": "Medium", "colour": "amber", "review_months": 3},
            {"name": "High", "colour": "red", "review_months": 3},
            {"name": "Very high", "colour": "purple", "review_months": 1},
        ],
        "cells": _default_cells(),
    }
)
"""5 x 5, the level by the product (1-4 low, 5-9 medium, 10-15 high, 16-25 very
high); very high risks reviewed monthly, high and medium quarterly, low twice a
year."""
