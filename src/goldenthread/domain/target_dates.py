"""An action's target date as the plan writes it: a date ("1st September 2019"),
a month ("Bexley delivery September 2020"), several dated milestones ("Havering
completed 1st March 2019 Newham to be completed 15th April 2019"), or words
with no date ("to be agreed with partner boroughs"). The words are kept as
written; the dates are read out of them where there are dates.

A month alone means its last day; a date needs a year (``24/9`` is not read);
seasons, quarters and bare years are not read (a person decides what "Spring
2020" means, not the software).
"""

from __future__ import annotations

import calendar
import contextlib
import datetime
import re
from dataclasses import dataclass
from typing import Final

from goldenthread.domain.judgements import Stand

MONTHS: Final = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WORDED = re.compile(
    r"\b(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    + _MONTH
    + r",?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_NUMERIC = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>(?:19|20)?\d\d)\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")


def read_dates(words: str) -> list[datetime.date]:
    """Every date in `words`, in the order written (a month alone: its last day)."""
    found: list[tuple[int, datetime.date]] = []
    for match in _WORDED.finditer(words):
        month = MONTHS[match["month"].lower()]
        year = int(match["year"])
        day = int(match["day"]) if match["day"] else calendar.monthrange(year, month)[1]
        _add(found, match.start(), year, month, day)
    for pattern in (_NUMERIC, _ISO):
        for match in pattern.finditer(words):
            year = int(match["year"])
            year = year + 2000 if year < 100 else year
            _add(found, match.start(), year, int(match["month"]), int(match["day"]))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def _add(found: list[tuple[int, datetime.date]], at: int, year: int, month: int, day: int) -> None:
    with contextlib.suppress(ValueError):  # "31st June 2019": the words stay, no date
        found.append((at, datetime.date(year, month, day)))


@dataclass(frozen=True)
class TargetDate:
    """The target as written and the dates read from it; `due` is the last."""

    words: str
    dates: tuple[datetime.date, ...]

    @classmethod
    def read(cls, words: str) -> TargetDate:
        return cls(words.strip(), tuple(read_dates(words)))

    @property
    def due(self) -> datetime.date | None:
        return max(self.dates) if self.dates else None

    @property
    def ongoing(self) -> bool:
        return "ongoing" in self.words.lower()


def overdue(target: TargetDate, stand: Stand | None, today: datetime.date) -> bool:
    """Flagged: every date in the target has passed and the action is not complete
    (a target with no date, or still "ongoing" after its last date, is not)."""
    due = target.due
    return due is not None and due < today and stand is not Stand.COMPLETE and not target.ongoing


def said_nothing_new(stand: Stand | None, progress: str, before: str | None) -> bool:
    """Flagged: judged on track with nothing said since the last quarter (no
    progress comment, or the last quarter's word for word)."""
    if stand is not Stand.ON_TRACK:
        return False
    now = " ".join(progress.split())
    return not now or (before is not None and now == " ".join(before.split()))
