"""UK local-government financial periods: months, quarters, years to date and financial years.

A financial year runs from April to March and is written ``2019/20``. Quarters are
Q1 = Apr-Jun ... Q4 = Jan-Mar; finance periods are P1 = April ... P12 = March.
Every period is a run of consecutive months, so all of them share ``months()``,
``month_count``, ``first_month``, ``last_month``, ``label`` and ``in``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

__all__ = [
    "FinancialYear",
    "Month",
    "Period",
    "PeriodError",
    "Quarter",
    "YearToDate",
    "parse_period",
    "quarter_choices",
]

_MONTH_NAMES = (
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
)
_FORMS = (
    "write a month (Apr-19, 2019-04, P1 2019/20), a quarter (2019/20 Q1), "
    "a year to date (2019/20 YTD to Jun-19) or a financial year (2019/20)"
)


class PeriodError(ValueError):
    """A period that does not exist or text that cannot be read as one."""


class _Span:
    """What every period shares: it is a run of consecutive months."""

    __slots__ = ()

    @property
    def first_month(self) -> Month:
        raise NotImplementedError

    @property
    def last_month(self) -> Month:
        raise NotImplementedError

    @property
    def label(self) -> str:
        raise NotImplementedError

    @property
    def month_count(self) -> int:
        return self.last_month.index - self.first_month.index + 1

    def months(self) -> tuple[Month, ...]:
        """The months of the period, in order."""
        start = self.first_month.index
        return tuple(Month.from_index(start + i) for i in range(self.month_count))

    def __contains__(self, item: object) -> bool:
        """True for a month or period that lies wholly within this one."""
        return (
            isinstance(item, _Span)
            and self.first_month <= item.first_month
            and item.last_month <= self.last_month
        )

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True, slots=True)
class FinancialYear(_Span):
    """April of ``start_year`` to March of the next year."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read ``2019/20``, ``2019-20``, ``2019/2020``, ``19/20`` or ``FY2019/20``."""
        try:
            year = _financial_year(_normalise(text))
        except PeriodError as error:
            raise PeriodError(f"could not read {text!r} as a financial year: {error}") from None
        if year is None:
            raise PeriodError(
                f"could not read {text!r} as a financial year: write 2019/20, 2019-20 or 2019/2020"
            )
        return year

    @classmethod
    def of(cls, month: Month) -> FinancialYear:
        return month.financial_year

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def financial_year(self) -> FinancialYear:
        return self

    @property
    def first_month(self) -> Month:
        return Month(self.start_year, 4)

    @property
    def last_month(self) -> Month:
        return Month(self.start_year + 1, 3)

    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self, number) for number in range(1, 5))

    def month(self, period_number: int) -> Month:
        """The month of finance period ``P<period_number>`` (P1 = April)."""
        if not 1 <= period_number <= 12:
            raise PeriodError(f"period {period_number} is outside P1-P12")
        return Month.from_index(self.first_month.index + period_number - 1)

    def previous(self) -> FinancialYear:
        return FinancialYear(self.start_year - 1)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def same_period_last_year(self) -> FinancialYear:
        return self.previous()


@dataclass(frozen=True, order=True, slots=True)
class Month(_Span):
    """A calendar month; ``month`` is 1-12."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"month {self.month} is outside 1-12")

    @classmethod
    def from_index(cls, index: int) -> Month:
        """The month ``index`` months after January of year 0 (inverse of ``index``)."""
        return cls(index // 12, index % 12 + 1)

    @property
    def index(self) -> int:
        return self.year * 12 + self.month - 1

    @property
    def label(self) -> str:
        """``Apr-19`` as in the papers; four digits outside 2000-2099 (``Apr-1999``)."""
        year = f"{self.year % 100:02d}" if 2000 <= self.year <= 2099 else str(self.year)
        return f"{_MONTH_NAMES[self.month - 1][:3].title()}-{year}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year if self.month >= 4 else self.year - 1)

    @property
    def period_number(self) -> int:
        """Finance period: April = 1 ... March = 12."""
        return (self.month - 4) % 12 + 1

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.financial_year, (self.period_number + 2) // 3)

    @property
    def first_month(self) -> Month:
        return self

    @property
    def last_month(self) -> Month:
        return self

    def previous(self) -> Month:
        return Month.from_index(self.index - 1)

    def next(self) -> Month:
        return Month.from_index(self.index + 1)

    def same_period_last_year(self) -> Month:
        return Month(self.year - 1, self.month)

    def year_to_date(self) -> YearToDate:
        return YearToDate(self)


@dataclass(frozen=True, order=True, slots=True)
class Quarter(_Span):
    """Quarter ``number`` (1-4) of a financial year; Q1 = Apr-Jun."""

    financial_year: FinancialYear
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise PeriodError(f"quarter {self.number} is outside 1-4")

    @property
    def label(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def first_month(self) -> Month:
        return self.financial_year.month(self.number * 3 - 2)

    @property
    def last_month(self) -> Month:
        return self.financial_year.month(self.number * 3)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.financial_year.previous(), 4)
        return Quarter(self.financial_year, self.number - 1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.financial_year.next(), 1)
        return Quarter(self.financial_year, self.number + 1)

    def same_period_last_year(self) -> Quarter:
        return Quarter(self.financial_year.previous(), self.number)

    def year_to_date(self) -> YearToDate:
        return YearToDate(self.last_month)


@dataclass(frozen=True, order=True, slots=True)
class YearToDate(_Span):
    """April of a financial year up to and including ``through``."""

    through: Month

    @property
    def financial_year(self) -> FinancialYear:
        return self.through.financial_year

    @property
    def label(self) -> str:
        return f"{self.financial_year} YTD to {self.through}"

    @property
    def first_month(self) -> Month:
        return self.financial_year.first_month

    @property
    def last_month(self) -> Month:
        return self.through

    def previous(self) -> YearToDate:
        """One month shorter; there is none before April (PeriodError)."""
        if self.through.period_number == 1:
            raise PeriodError(f"{self} is the first year to date of {self.financial_year}")
        return YearToDate(self.through.previous())

    def next(self) -> YearToDate:
        """One month longer; there is none after March (PeriodError)."""
        if self.through.period_number == 12:
            raise PeriodError(f"{self} is the whole of {self.financial_year}")
        return YearToDate(self.through.next())

    def same_period_last_year(self) -> YearToDate:
        return YearToDate(self.through.same_period_last_year())


Period: TypeAlias = Month | Quarter | YearToDate | FinancialYear


def quarter_choices(around: Quarter) -> list[Quarter]:
    """The quarters offered beside `around` in a period picker: those of its
    financial year and of the years before and after it."""
    year = around.financial_year
    return [*year.previous().quarters(), *year.quarters(), *year.next().quarters()]


def parse_period(text: str) -> Period:
    """Read a period as people write it, e.g. ``Apr-19``, ``Q1 2019/20`` or ``2019/20``.

    Case and spacing do not matter; two-digit years mean 20xx. ``2011-12`` is
    the financial year 2011/12, not December 2011 (write ``Dec-11`` for that).
    """
    try:
        period = _period(_normalise(text))
    except PeriodError as error:
        raise PeriodError(f"could not read {text!r} as a period: {error}") from None
    if period is None:
        raise PeriodError(f"could not read {text!r} as a period: {_FORMS}")
    return period


_FINANCIAL_YEAR = re.compile(
    r"(?P<fy>FY)?(?P<first>\d{2}|\d{4})(?P<sep>[/-])(?P<second>\d{2}|\d{4})"
)
_NAMED_MONTH = re.compile(r"(?P<name>[A-Z]{3,})[ -]?(?P<year>\d{2}|\d{4})")
_ISO_MONTH = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})")
_NUMERIC_MONTH = re.compile(r"(?P<month>\d{1,2})[/-](?P<year>\d{4})")
_NUMBERED = (
    re.compile(r"(?P<kind>QUARTER|Q|P) ?(?P<number>\d+) (?P<year>\S+)"),
    re.compile(r"(?P<year>\S+) (?P<kind>QUARTER|Q|P) ?(?P<number>\d+)"),
)
_YEAR_TO_DATE = re.compile(r"(?:(?P<year>\S+) )?(?:YTD|YEAR TO DATE)(?: TO)? (?P<month>.+)")


def _normalise(text: str) -> str:
    """Upper case, single spaces, none around ``/`` or ``-``, ``FY 2019/20`` -> ``FY2019/20``."""
    text = " ".join(text.upper().replace("\u2013", "-").replace("\u2014", "-").split())
    text = re.sub(r" ?([/-]) ?", r"\1", text)
    return re.sub(r"\bFY ", "FY", text)


def _period(text: str) -> Period | None:
    return _year_to_date(text) or _numbered(text) or _financial_year(text) or _month(text)


def _year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _financial_year(text: str) -> FinancialYear | None:
    match = _FINANCIAL_YEAR.fullmatch(text)
    if match is None:
        return None
    first, second = match["first"], match["second"]
    if len(first) == 2 and len(second) == 4:
        return None
    start = _year(first)
    end = start + 1 if len(second) == 4 else (start + 1) % 100
    if int(second) == end:
        return FinancialYear(start)
    if match["sep"] == "-" and len(first) == 4 and len(second) == 2 and not match["fy"]:
        if 1 <= int(second) <= 12:
            return None  # a month such as 2019-04
        raise PeriodError(
            f"{text} is neither a financial year (the years are not consecutive)"
            f" nor a month ({second} is outside 1-12)"
        )
    raise PeriodError(f"{text} is not a financial year: the years are not consecutive (2019/20)")


def _month(text: str) -> Month | None:
    if match := _NAMED_MONTH.fullmatch(text):
        name = match["name"]
        number = next((i for i, n in enumerate(_MONTH_NAMES, 1) if n.startswith(name)), None)
        return None if number is None else Month(_year(match["year"]), number)
    if match := _ISO_MONTH.fullmatch(text) or _NUMERIC_MONTH.fullmatch(text):
        return Month(int(match["year"]), int(match["month"]))
    return None


def _numbered(text: str) -> Quarter | Month | None:
    """``Q1 2019/20``, ``2019/20 Quarter 1``, ``P1 2019/20`` and ``2019/20 P1``."""
    for pattern in _NUMBERED:
        if (match := pattern.fullmatch(text)) and (year := _financial_year(match["year"])):
            number = int(match["number"])
            return year.month(number) if match["kind"] == "P" else Quarter(year, number)
    return None


def _year_to_date(text: str) -> YearToDate | None:
    """``2019/20 YTD to Jun-19`` (as ``str`` writes it), ``YTD Jun-19``."""
    match = _YEAR_TO_DATE.fullmatch(text)
    if match is None or not isinstance(through := _period(match["month"]), Month):
        return None
    if match["year"] is not None:
        year = _financial_year(match["year"])
        if year is None:
            return None
        if through not in year:
            raise PeriodError(f"{through} is not in {year}")
    return YearToDate(through)
