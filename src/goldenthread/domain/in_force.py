"""When a register entry is in force: an indicator, and the link between an
indicator and a council, each have an effective-from date (blank: since
always) and a retired-on date (blank: still in use).

The rule, in the register's words:

- a thing is **in force on a day** when it took effect on or before that day
  and is not yet retired on it: `effective_from <= day < retired_on` (the
  retired-on date is the first day it no longer applies: retired on 1 July
  2019, it still applies in 2019/20 Q1 and no longer in Q2);
- it is **in force in a quarter** (or any span of days) when it is in force on
  at least one day of it: `effective_from <= last day` and `retired_on > first
  day` (and it takes effect before it is retired);
- an indicator **applies to a council in a quarter** when both the indicator
  and its link to the council are in force in that quarter.

`goldenthread.indicators.selectors.in_force_filter` is the same rule as a
database filter.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from goldenthread.domain.periods import Month, Quarter

__all__ = ["DaySpan", "InForce", "applies_in", "first_day", "quarter_starting_on_or_after"]


def first_day(month: Month) -> datetime.date:
    return datetime.date(month.year, month.month, 1)


@dataclass(frozen=True, slots=True)
class DaySpan:
    """The days from `first` to `last`, both included."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def of(cls, quarter: Quarter) -> DaySpan:
        after = first_day(quarter.last_month.next())
        return cls(first_day(quarter.first_month), after - datetime.timedelta(days=1))


@dataclass(frozen=True, slots=True)
class InForce:
    """An effective-from and a retired-on date, either of them blank."""

    effective_from: datetime.date | None = None
    retired_on: datetime.date | None = None

    def on(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.retired_on is None or day < self.retired_on
        )

    def during(self, span: DaySpan | Quarter) -> bool:
        """In force on at least one day of `span`."""
        days = span if isinstance(span, DaySpan) else DaySpan.of(span)
        after = days.last + datetime.timedelta(days=1)
        starts = max(self.effective_from or days.first, days.first)
        ends = min(self.retired_on or after, after)
        return starts < ends


def applies_in(indicator: InForce, link: InForce, span: DaySpan | Quarter) -> bool:
    """Whether an indicator applies to a council in `span`: the indicator and
    its link to the council are both in force in it."""
    return indicator.during(span) and link.during(span)


def quarter_starting_on_or_after(day: datetime.date) -> Quarter:
    """The first quarter that starts on or after `day` (the quarter a change dated
    `day` first reaches in full)."""
    quarter = Month(day.year, day.month).quarter
    return quarter if first_day(quarter.first_month) >= day else quarter.next()
