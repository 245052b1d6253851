"""Status schemes: how a council turns a figure's distance from its target into
a status, as data.

A scheme is an ordered list of statuses, best first. Each covers a band measured
from the target:

- statuses listed first may say ``exceeds``: the target beaten by at least a
  margin (BRAG's blue: ``exceeds = "10%"``);
- the next status covers the target met and, if it says ``within``, a miss of at
  most that much (``within = "0"``: met only; ``"5%"``: green also covering a
  small miss);
- each further status but the last covers a miss of at most its ``within``
  (``"10%"`` of the target, or ``"2pp"``: points in the indicator's units);
- the last status takes everything further off.

A band's width is a `Tolerance` (a share of the target, or points). The bands
follow on from one another, so a scheme cannot leave a gap; one whose ``within``
does not grow, or whose ``exceeds`` does not shrink, overlaps and is refused,
with the reason (`SchemeError`). So is a scheme with no status for a target met,
or one whose last status has a band.

Every status has a `Grade`: where it stands against the target, whatever the
scheme calls it. The summary, the share met, the exception reports and the
colours read the grade; the pages and the pack show the scheme's own label and
meaning. Built in: `Scheme.RAG` (oneSource: green met, amber within the
tolerance, red beyond), `Scheme.ACHIEVED_FAILED` (any miss fails) and
`Scheme.MONITOR_ONLY` (no status: the figure and its direction only).

An indicator's own tolerance (the register's) wins over the scheme's: it sets
the band of the scheme's outermost near miss (rag's amber); a scheme with no
near miss (achieved/failed) has no tolerance to set.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, ClassVar, Final

from goldenthread.domain.tolerance import DEFAULT_TOLERANCE, NO_TOLERANCE, ToleranceError
from goldenthread.domain.tolerance import Tolerance as Tolerance  # re-exported


class SchemeError(ValueError):
    """A scheme that cannot be used; the message says why."""


class Grade(StrEnum):
    """Where a status stands against the target, whatever a scheme calls it."""

    BEATEN = "beaten"  # beaten by at least a margin (BRAG's blue)
    MET = "met"  # met, or missed by no more than the met band allows
    NEAR = "near"  # missed, within a band (rag's amber)
    MISSED = "missed"  # the last status: further off (rag's red, failed)
    MONITORED = "monitored"  # a monitor-only indicator: no status
    NO_TARGET = "no target"
    NOT_APPLICABLE = "not applicable"
    INCOMPLETE = "incomplete"

    @property
    def is_rated(self) -> bool:
        """Judged against a target (as opposed to n/a, incomplete, no target, monitored)."""
        return self in _RATED_GRADES

    @property
    def met_target(self) -> bool:
        """Counted as met in the share met."""
        return self in (Grade.BEATEN, Grade.MET)

    @property
    def off_target(self) -> bool:
        """Rated and not met: commentary is needed and the pack gives it an exception report."""
        return self in (Grade.NEAR, Grade.MISSED)


_RATED_GRADES: Final = frozenset({Grade.BEATEN, Grade.MET, Grade.NEAR, Grade.MISSED})

#: The colour families a status may take (the pages' tags and the pack's fills).
#: A colour only ever repeats the label and the pack's shape, never replaces them.
COLOURS: Final = ("green", "amber", "red", "blue", "purple", "grey")
_GRADE_COLOURS: Final = {
    Grade.BEATEN: "blue",
    Grade.MET: "green",
    Grade.NEAR: "amber",
    Grade.MISSED: "red",
}
LABEL_LENGTH: Final = 40
MEANING_LENGTH: Final = 200
NAME_LENGTH: Final = 80
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Status:
    """A figure's status: its label ("Green", "On target"), its grade, its colour
    family, and what it means, for the pack's key."""

    label: str
    grade: Grade
    colour: str = "grey"
    meaning: str = ""
    #: What spreadsheets, the `rate` command and snapshots keep: the label in
    #: capitals ('GREEN', 'ON TARGET', 'NO TARGET').
    code: str = field(init=False, compare=False, repr=False)
    _hash: int = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:  # worked out once: a status is read for every figure
        object.__setattr__(self, "code", self.label.upper())
        object.__setattr__(self, "_hash", hash((self.label, self.grade, self.colour, self.meaning)))

    def __hash__(self) -> int:
        return self._hash

    # The built-in statuses (assigned below the class).
    GREEN: ClassVar[Status]
    AMBER: ClassVar[Status]
    RED: ClassVar[Status]
    ACHIEVED: ClassVar[Status]
    FAILED: ClassVar[Status]
    MONITORED: ClassVar[Status]
    NO_TARGET: ClassVar[Status]
    NOT_APPLICABLE: ClassVar[Status]
    INCOMPLETE: ClassVar[Status]

    @property
    def value(self) -> str:  # the code, as the enum this replaced called it
        return self.code

    @property
    def is_rated(self) -> bool:
        return self.grade.is_rated

    @property
    def met_target(self) -> bool:
        return self.grade.met_target

    @property
    def off_target(self) -> bool:
        return self.grade.off_target

    @property
    def group(self) -> Status:
        """The built-in status it is counted as where schemes are not told apart
        (rag's columns): beaten and met as green, near as amber, missed as red."""
        return _GRADE_GROUP.get(self.grade, self)

    @classmethod
    def from_code(cls, code: str) -> Status:
        """A built-in status from its code ('GREEN', 'NO TARGET'); `SchemeError` if none."""
        try:
            return _BUILT_IN_CODES[code]
        except KeyError:
            raise SchemeError(f"'{code}' is not a built-in status") from None

    def __str__(self) -> str:
        return self.code


Status.GREEN = Status("Green", Grade.MET, "green", "target met")
Status.AMBER = Status("Amber", Grade.NEAR, "amber", "target missed, within the tolerance")
Status.RED = Status("Red", Grade.MISSED, "red", "target missed by more than the tolerance")
Status.ACHIEVED = Status("Achieved", Grade.MET, "green", "target met")
Status.FAILED = Status("Failed", Grade.MISSED, "red", "target missed, by any margin")
Status.MONITORED = Status(
    "Monitor only", Grade.MONITORED, "grey", "measured, not rated: the figure and its direction"
)
Status.NO_TARGET = Status("No target", Grade.NO_TARGET, "grey", "no numeric target to rate against")
Status.NOT_APPLICABLE = Status("Not applicable", Grade.NOT_APPLICABLE, "grey", "does not apply")
Status.INCOMPLETE = Status("Incomplete", Grade.INCOMPLETE, "grey", "no figure yet")

#: The statuses every scheme shares: not rated against a target.
UNRATED: Final = (Status.MONITORED, Status.NO_TARGET, Status.NOT_APPLICABLE, Status.INCOMPLETE)
_BUILT_IN_CODES: Final = {
    s.code: s
    for s in (Status.GREEN, Status.AMBER, Status.RED, Status.ACHIEVED, Status.FAILED, *UNRATED)
}
_GRADE_GROUP: Final = {
    Grade.BEATEN: Status.GREEN,
    Grade.MET: Status.GREEN,
    Grade.NEAR: Status.AMBER,
    Grade.MISSED: Status.RED,
}
_RESERVED_LABELS: Final = frozenset(s.label.casefold() for s in UNRATED) | {"not yet due"}


@dataclass(frozen=True, slots=True)
class Band:
    """One status of a scheme and the band it covers: beaten by at least
    `exceeds`, or missed by at most `within`; neither for the last status."""

    status: Status
    within: Tolerance | None = None
    exceeds: Tolerance | None = None

    def describe(self) -> str:
        """The band in words, for the key: 'met, or missed by at most 5%'."""
        if self.exceeds is not None:
            return f"target beaten by at least {_width(self.exceeds)}"
        if self.within is None:
            return "further off"
        if self.status.grade is Grade.MET:
            if self.within.amount == 0:
                return "target met"
            return f"target met, or missed by at most {_width(self.within)}"
        return f"target missed by at most {_width(self.within)}"


def _width(tolerance: Tolerance) -> str:
    amount = f"{tolerance.amount.normalize():f}"
    return f"{amount} points" if tolerance.absolute else f"{amount}% of the target"


@dataclass(frozen=True, slots=True)
class Scheme:
    """An ordered list of statuses, best first, each with its band (see the module)."""

    name: str
    bands: tuple[Band, ...]
    key: str = ""  # how the register names it ('rag', 'green-within-5')
    beaten: tuple[Band, ...] = field(init=False, repr=False, compare=False)
    near: tuple[Band, ...] = field(init=False, repr=False, compare=False)  # met band first
    last: Status | None = field(init=False, repr=False, compare=False)

    RAG: ClassVar[Scheme]
    ACHIEVED_FAILED: ClassVar[Scheme]
    MONITOR_ONLY: ClassVar[Scheme]

    def __post_init__(self) -> None:
        beaten = tuple(b for b in self.bands if b.exceeds is not None)
        rest = tuple(b for b in self.bands if b.exceeds is None)
        object.__setattr__(self, "beaten", beaten)
        object.__setattr__(self, "near", rest[:-1])
        object.__setattr__(self, "last", rest[-1].status if rest else None)

    @property
    def statuses(self) -> tuple[Status, ...]:
        """Best first."""
        return tuple(band.status for band in self.bands)

    @property
    def monitor_only(self) -> bool:
        return not self.bands

    @property
    def met(self) -> Status | None:
        """The status for a target met (None for monitor only)."""
        return self.near[0].status if self.near else None

    def with_tolerance(self, tolerance: Tolerance | None) -> Scheme:
        """The scheme with the outermost near-miss band set to `tolerance` (an
        indicator's own tolerance wins over the scheme's); unchanged when there
        is no such band or no tolerance."""
        if tolerance is None or len(self.near) < 2:
            return self
        outer = self.near[-1]
        if outer.within == tolerance:
            return self
        bands = tuple(Band(b.status, tolerance, None) if b is outer else b for b in self.bands)
        return Scheme(self.name, bands, self.key)

    def tolerance_misfit(self, tolerance: Tolerance) -> str | None:
        """Why `tolerance` (an indicator's own) cannot set this scheme's outermost
        near-miss band (rag's amber), or None when it can: it must be of the kind
        the scheme's bands are (% of the target, or points) and reach further than
        the band before it. 0 leaves no near miss; a scheme without a near-miss
        band has nothing to set."""
        if self.tolerance is None or tolerance.amount == 0:
            return None
        inner = self.near[-2].within
        widths = [b.within for b in self.near[:-1]] + [b.exceeds for b in self.beaten]
        kinds = {w.absolute for w in widths if w is not None and w.amount}
        if kinds and tolerance.absolute not in kinds:
            kind = "points (such as 2pp)" if tolerance.absolute is False else "% of the target"
            return f"{tolerance} does not fit scheme '{self.name}': its bands are in {kind}"
        if inner is not None and tolerance.amount <= inner.amount:
            label = self.near[-2].status.label
            return (
                f"{tolerance} does not reach beyond '{label}' (within {inner}) in scheme "
                f"'{self.name}': give more than {inner}, 0 for no near miss, "
                "or leave it blank for the scheme's own"
            )
        return None

    @property
    def tolerance(self) -> Tolerance | None:
        """The outermost near-miss band's width (rag's amber), if the scheme has one."""
        return self.near[-1].within if len(self.near) >= 2 else None

    def allowances(
        self, bound: Decimal
    ) -> tuple[tuple[tuple[Decimal, Status], ...], tuple[tuple[Decimal, Status], ...]]:
        """Each band's reach from `bound`, worked out once for many figures (the
        rating itself is `rating.RatingRule.assess`)."""
        beaten = tuple(
            (b.exceeds.allowance(bound), b.status) for b in self.beaten if b.exceeds is not None
        )
        near = tuple(
            (b.within.allowance(bound) if b.within else Decimal(0), b.status) for b in self.near
        )
        return beaten, near

    def describe(self) -> tuple[tuple[Status, str], ...]:
        """Each status and its band in words, best first, for the pack's key:
        the status's own meaning where the team wrote one, else the band."""
        return tuple((b.status, b.status.meaning or b.describe()) for b in self.bands)

    @classmethod
    def build(cls, name: str, statuses: Iterable[Mapping[str, Any]], key: str = "") -> Scheme:
        """A scheme from its statuses as a team writes them (label, and optionally
        within, exceeds, colour, meaning), checked; `SchemeError` says what is wrong."""
        name = _text(name, "name", NAME_LENGTH)
        rows = list(statuses)
        if len(rows) < 2:
            raise SchemeError(
                f"scheme '{name}' has {len(rows)} status{'es' if len(rows) != 1 else ''}: "
                "give at least two, one for a target met and a last one for everything "
                "further off"
            )
        bands: list[Band] = []
        labels: set[str] = set()
        for number, row in enumerate(rows, 1):
            where = f"status {number}"
            unknown = sorted(set(row) - {"label", "within", "exceeds", "colour", "meaning"})
            if unknown:
                raise SchemeError(
                    f"{where}: unknown field '{unknown[0]}': a status has label, within, "
                    "exceeds, colour and meaning"
                )
            label = _text(row.get("label"), f"{where}: label", LABEL_LENGTH)
            where = f"status {number} ('{label}')"
            if label.casefold() in labels:
                raise SchemeError(f"{where}: the label is used twice")
            if label.casefold() in _RESERVED_LABELS:
                raise SchemeError(
                    f"{where}: '{label}' is a status every scheme has (not rated): "
                    "choose another label"
                )
            labels.add(label.casefold())
            within = _band_width(row.get("within"), where, "within")
            exceeds = _band_width(row.get("exceeds"), where, "exceeds")
            if within is not None and exceeds is not None:
                raise SchemeError(f"{where}: give within or exceeds, not both")
            bands.append(Band(Status(label, Grade.MET), within, exceeds))
        bands = _graded(bands, name)
        coloured = []
        for band, row in zip(bands, rows, strict=True):
            colour = str(row.get("colour") or _GRADE_COLOURS[band.status.grade]).strip().lower()
            if colour not in COLOURS:
                raise SchemeError(
                    f"status '{band.status.label}': colour '{colour[:20]}' is not one of "
                    f"{', '.join(COLOURS)}"
                )
            meaning = _text(row.get("meaning") or "", "meaning", MEANING_LENGTH, blank=True)
            status = Status(band.status.label, band.status.grade, colour, meaning)
            coloured.append(Band(status, band.within, band.exceeds))
        return cls(name, tuple(coloured), key)

    @classmethod
    def from_toml(cls, text: str, key: str = "") -> Scheme:
        """A scheme file (docs/cli.md): `name`, then `[[status]]` tables in order."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SchemeError(f"the scheme file is not valid TOML: {error}") from None
        unknown = sorted(set(data) - {"name", "status"})
        if unknown:
            raise SchemeError(
                f"unknown field '{unknown[0]}': a scheme file has name and [[status]] tables"
            )
        statuses = data.get("status")
        if not isinstance(statuses, list) or not all(isinstance(s, dict) for s in statuses):
            raise SchemeError("the scheme file has no [[status]] tables: give one per status")
        return cls.build(str(data.get("name", "")), statuses, key)

    def to_rows(self) -> tuple[dict[str, str], ...]:
        """The statuses as `build` reads them (for the register spreadsheet and files)."""
        return tuple(
            {
                "label": b.status.label,
                "within": "" if b.within is None else str(b.within),
                "exceeds": "" if b.exceeds is None else str(b.exceeds),
                "colour": b.status.colour,
                "meaning": b.status.meaning,
            }
            for b in self.bands
        )


def _graded(bands: list[Band], name: str) -> list[Band]:
    """Each band with its grade, after checking that the bands follow on from one
    another with no overlap and end with a last status for everything further off."""
    graded: list[Band] = []
    seen_within = False
    widths = [b.within for b in bands if b.within] + [b.exceeds for b in bands if b.exceeds]
    kinds = {width.absolute for width in widths if width.amount}
    if len(kinds) > 1:
        raise SchemeError(
            f"scheme '{name}' mixes shares of the target (%) and points (pp): "
            "use one kind, so the bands can be put in order"
        )
    previous: Tolerance | None = None
    for number, band in enumerate(bands, 1):
        label = f"status {number} ('{band.status.label}')"
        last = number == len(bands)
        if band.exceeds is not None:
            if seen_within:
                raise SchemeError(
                    f"{label}: a status that exceeds the target must be listed before "
                    "the status for a target met"
                )
            if band.exceeds.amount == 0:
                raise SchemeError(
                    f'{label}: exceeds = "0" overlaps the status for a target met: '
                    "give a margin, such as 10%"
                )
            if previous is not None and band.exceeds.amount >= previous.amount:
                raise SchemeError(
                    f"{label}: exceeds {band.exceeds} overlaps the status before it "
                    f"(exceeds {previous}): list the larger margins first"
                )
            if last:
                raise SchemeError(f"scheme '{name}' has no status for a target met")
            previous = band.exceeds
            graded.append(Band(Status(band.status.label, Grade.BEATEN), None, band.exceeds))
            continue
        if last:
            if band.within is not None:
                raise SchemeError(
                    f"scheme '{name}' has no last status: the last status takes everything "
                    f"further off, so {label} must not say within"
                )
            grade = Grade.MISSED if seen_within else Grade.MET
            if not seen_within:
                raise SchemeError(f"scheme '{name}' has no status for a target met")
            graded.append(Band(Status(band.status.label, grade)))
            continue
        if band.within is None:
            raise SchemeError(
                f"{label}: only the last status may leave out within "
                '(say how far from the target it reaches, such as within = "5%")'
            )
        if seen_within and previous is not None and band.within.amount <= previous.amount:
            raise SchemeError(
                f"{label}: within {band.within} overlaps the status before it "
                f"(within {previous}): each status must reach further than the one before"
            )
        grade = Grade.NEAR if seen_within else Grade.MET
        seen_within, previous = True, band.within
        graded.append(Band(Status(band.status.label, grade), band.within))
    return graded


def _band_width(raw: object, where: str, name: str) -> Tolerance | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise SchemeError(f'{where}: {name} must be text such as "5%", "2pp" or "0"')
    text = str(raw)
    try:
        tolerance = Tolerance.parse(text)
    except (ToleranceError, InvalidOperation):
        raise SchemeError(
            f"{where}: could not read {name} '{text.strip()[:40]}': write a share of the "
            'target such as "5%", points such as "2pp", or "0"'
        ) from None
    return tolerance


def _text(raw: object, what: str, length: int, *, blank: bool = False) -> str:
    text = " ".join(str(raw if raw is not None else "").split())
    if not text and not blank:
        raise SchemeError(f"{what}: give it a name")
    if _CONTROL.search(str(raw or "")):
        raise SchemeError(f"{what}: remove the control characters")
    if len(text) > length:
        raise SchemeError(f"{what}: at most {length} characters (this has {len(text)})")
    return text


Scheme.RAG = Scheme(
    "Red, amber, green",
    (
        Band(Status.GREEN, NO_TOLERANCE),
        Band(Status.AMBER, DEFAULT_TOLERANCE),
        Band(Status.RED),
    ),
    "rag",
)
Scheme.ACHIEVED_FAILED = Scheme(
    "Achieved or failed",
    (Band(Status.ACHIEVED, NO_TOLERANCE), Band(Status.FAILED)),
    "achieved-failed",
)
Scheme.MONITOR_ONLY = Scheme("Monitor only", (), "monitor-only")

#: The built-in schemes by key, in the order offered.
BUILT_IN: Final = {s.key: s for s in (Scheme.RAG, Scheme.ACHIEVED_FAILED, Scheme.MONITOR_ONLY)}


def built_in(key: str) -> Scheme:
    """A built-in scheme by its key; `SchemeError` names the keys if there is none."""
    try:
        return BUILT_IN[key]
    except KeyError:
        raise SchemeError(
            f"unknown scheme '{key[:40]}': use one of {', '.join(BUILT_IN)}, or a scheme file"
        ) from None


def summary_columns(primary: Scheme = Scheme.RAG) -> tuple[Status, ...]:
    """The summary table's status columns: the primary scheme's statuses, then
    not applicable, incomplete and no target (monitored figures are counted as
    no target). A monitor-only primary counts as rag."""
    rated = primary.statuses if not primary.monitor_only else Scheme.RAG.statuses
    return (*rated, Status.NOT_APPLICABLE, Status.INCOMPLETE, Status.NO_TARGET)


def column_of(status: Status, columns: Sequence[Status]) -> Status:
    """The column a status is counted in: its own, else the first column of the
    same grade (another scheme's 'Achieved' as 'Green'); a grade the columns lack
    counts as the nearest worse one they have (beaten as met, near as missed);
    monitored as no target."""
    if status in columns:
        return status
    grades = (
        {Grade.BEATEN: (Grade.BEATEN, Grade.MET), Grade.NEAR: (Grade.NEAR, Grade.MISSED)}.get(
            status.grade, (status.grade,)
        )
        if status.grade is not Grade.MONITORED
        else (Grade.NO_TARGET,)
    )
    for grade in grades:
        for column in columns:
            if column.grade is grade:
                return column
    return status
