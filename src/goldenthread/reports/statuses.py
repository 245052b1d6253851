"""The statuses a pack shows, as each indicator's scheme names them: label,
colour, grade, and a shape per band, so colour is never the only signal.

A snapshot keeps each figure's status as its code ('GREEN', 'ON TARGET') and,
since issue 17, the tables that give the codes their meaning (`status_tables`):

```
"summary_scheme": "rag",
"schemes": [{"key", "name", "statuses": [S + {"band", "within", "exceeds"}]}],
"statuses": {code: S},
S: {"label", "grade", "colour", "meaning"}
```

`schemes` holds the summary scheme first (its statuses are the summary's
columns), then each scheme the pack's indicators use, in pack order; a figure's
status is read from its indicator's scheme. `statuses` holds every code those
schemes and the statuses every scheme shares (not applicable, incomplete, no
target, monitor only) can give, as the first scheme listing it defines it.

A snapshot without these tables (packs built before) is read with the built-in
codes (`Status.from_code`) and rag as the summary scheme, so it builds exactly
as before.

Shapes go by grade and position, not colour: met a circle, the last status (the
furthest off) a diamond, the first near miss a square and the first beaten band
a triangle; a scheme's further near or beaten bands take a downward triangle, a
bar and an open square, so no two statuses of a scheme look alike. The
statuses not rated have an open circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from goldenthread.domain.schemes import UNRATED, Grade, Scheme, Status
from goldenthread.reports.content import NOT_YET_DUE, ShownStatus
from goldenthread.reports.snapshot import Snapshot

_FURTHER: Final = ("triangle-down", "bar", "square-open")
_BY_GRADE: Final = {
    Grade.BEATEN: "triangle",
    Grade.MET: "circle",
    Grade.NEAR: "square",
    Grade.MISSED: "diamond",
}
BUILT_IN_WORDING: Final = ("rag", "achieved-failed")  # keys whose key words are the papers'


def shapes_of(statuses: Sequence[Status]) -> dict[Status, str]:
    """Each status of a scheme (best first) and its shape: distinct within the
    scheme while it has no more than eight statuses."""
    further = iter(_FURTHER)
    shapes: dict[Status, str] = {}
    beaten = [s for s in statuses if s.grade is Grade.BEATEN]
    near = [s for s in statuses if s.grade is Grade.NEAR]
    # the beaten band next to the target met is the triangle; larger margins further shapes
    for position, status in enumerate(reversed(beaten)):
        shapes[status] = "triangle" if position == 0 else next(further, "triangle")
    for position, status in enumerate(near):
        shapes[status] = "square" if position == 0 else next(further, "square")
    for status in statuses:
        shapes.setdefault(status, _BY_GRADE.get(status.grade, "ring"))
    return shapes


@dataclass(frozen=True)
class SchemeShown:
    """A scheme as the pack shows it: its statuses best first, each band in words,
    each band's width as written ('5%', '' for none), and each status's shape."""

    key: str
    name: str
    statuses: tuple[Status, ...]
    bands: tuple[str, ...]
    within: tuple[str, ...] = ()
    shapes: dict[Status, str] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, scheme: Scheme) -> SchemeShown:
        return cls(
            scheme.key,
            scheme.name,
            scheme.statuses,
            tuple(b.describe() for b in scheme.bands),
            tuple("" if b.within is None else str(b.within) for b in scheme.bands),
            shapes_of(scheme.statuses),
        )

    @property
    def papers_wording(self) -> bool:
        """A built-in scheme whose key keeps the papers' words (rag, achieved/failed)."""
        return self.key in BUILT_IN_WORDING

    def labels(self, *grades: Grade) -> list[str]:
        """The labels of its statuses of `grades`, best first."""
        return [s.label for s in self.statuses if s.grade in grades]


_LEGACY_SCHEMES: Final = tuple(SchemeShown.of(s) for s in (Scheme.RAG, Scheme.ACHIEVED_FAILED))


def status_tables(summary: Scheme, used: Iterable[Scheme]) -> dict[str, Any]:
    """The snapshot's tables of statuses (see the module): the summary scheme, then
    the schemes `used` by the pack's indicators, and every code they can give."""
    schemes: dict[str, Scheme] = {summary.key: summary}
    for scheme in used:
        schemes.setdefault(scheme.key, scheme)
    codes: dict[str, dict[str, str]] = {}
    for status in (*(s for scheme in schemes.values() for s in scheme.statuses), *UNRATED):
        codes.setdefault(status.code, _status_row(status))
    return {
        "summary_scheme": summary.key,
        "schemes": [
            {
                "key": scheme.key,
                "name": scheme.name,
                "statuses": [
                    {**_status_row(band.status), **row, "band": band.describe()}
                    for band, row in zip(scheme.bands, scheme.to_rows(), strict=True)
                ],
            }
            for scheme in schemes.values()
        ],
        "statuses": codes,
    }


def _status_row(status: Status) -> dict[str, str]:
    return {
        "label": status.label,
        "grade": status.grade.value,
        "colour": status.colour,
        "meaning": status.meaning,
    }


def _status_of(row: dict[str, Any]) -> Status:
    return Status(row["label"], Grade(row["grade"]), row["colour"], row["meaning"])


class StatusBook:
    """The statuses of one snapshot: each code read as its indicator's scheme
    names it, the summary scheme and the schemes in use."""

    def __init__(
        self, summary: SchemeShown, schemes: Sequence[SchemeShown], codes: dict[str, Status]
    ) -> None:
        self.summary = summary
        self.schemes = {s.key: s for s in (summary, *schemes)}
        self.codes = codes
        self._by_scheme = {s.key: {status.code: status for status in s.statuses} for s in schemes}

    @classmethod
    def of(cls, snapshot: Snapshot) -> StatusBook:
        """The book of `snapshot`'s tables, or of the built-in codes for a snapshot
        without them."""
        if "schemes" not in snapshot:
            return LEGACY
        schemes = [
            SchemeShown(
                row["key"],
                row["name"],
                statuses := tuple(_status_of(s) for s in row["statuses"]),
                tuple(s["band"] for s in row["statuses"]),
                tuple(s.get("within", "") for s in row["statuses"]),
                shapes_of(statuses),
            )
            for row in snapshot["schemes"]
        ]
        by_key = {s.key: s for s in schemes}
        codes = {code: _status_of(row) for code, row in snapshot["statuses"].items()}
        return cls(by_key[snapshot["summary_scheme"]], schemes, codes)

    def status(self, code: str, scheme: str = "") -> Status:
        """The status `code` stands for in `scheme` (an indicator's scheme key)."""
        found = self._by_scheme.get(scheme, {}).get(code) or self.codes.get(code)
        return found if found is not None else Status.from_code(code)

    def shown(self, code: str | None, scheme: str = "") -> ShownStatus:
        """As the pack shows it; "" or None is a period not yet due."""
        if not code:
            return NOT_YET_DUE
        status = self.status(code, scheme)
        return ShownStatus(
            status.code, status.label, status.colour, status.grade.value, self.shape(status, scheme)
        )

    def shape(self, status: Status, scheme: str = "") -> str:
        if not status.is_rated:
            return "ring"
        for shown in (self.schemes.get(scheme), self.summary, *self.schemes.values()):
            if shown is not None and status in shown.shapes:
                return shown.shapes[status]
        return _BY_GRADE.get(status.grade, "ring")

    @property
    def columns(self) -> tuple[Status, ...]:
        """The summary's status columns: the summary scheme's statuses (rag's for
        a monitor-only one), then not applicable, incomplete and no target."""
        rated = self.summary.statuses or _LEGACY_SCHEMES[0].statuses
        return (*rated, Status.NOT_APPLICABLE, Status.INCOMPLETE, Status.NO_TARGET)


#: The book of a snapshot without tables: the built-in codes, rag's summary.
LEGACY: Final = StatusBook(_LEGACY_SCHEMES[0], _LEGACY_SCHEMES, {})
