"""Values: what people type or paste for a figure, read exactly.

`parse_value` turns text such as ``97.00%``, ``31,561``, ``£8,861K``, ``(0.114)``,
``7:27`` or ``22.3 days`` into a `Value`; ``n/a`` is *not applicable* and a
blank is *not yet available*. Anything else raises `ValueParseError`, whose
message says what was not understood. Amounts are `Decimal`, never float.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from enum import StrEnum


class ValueParseError(ValueError):
    """Text that is not a figure; the message says why."""


class Unit(StrEnum):
    """The unit an amount is expressed in."""

    NUMBER = "number"
    PERCENT = "%"
    MONEY = "£"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"
    DURATION = "mm:ss"  # amount held in seconds
    RATING = "rating"  # a score on a scale, e.g. 1-7

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Read a unit as written in a register or spreadsheet header."""
        key = " ".join(text.strip().lower().replace("_", " ").split())
        try:
            return _UNIT_NAMES[key]
        except KeyError:
            known = ", ".join(sorted({u.value for u in cls}))
            raise ValueParseError(f"unknown unit '{text.strip()}': use one of {known}") from None


_UNIT_NAMES: dict[str, Unit] = {
    **{name: Unit.NUMBER for name in ("number", "no", "no.", "count", "#", "")},
    **{name: Unit.PERCENT for name in ("%", "percent", "percentage", "per cent")},
    **{name: Unit.MONEY for name in ("£", "gbp", "money", "pounds", "cost")},
    **{name: Unit.DAYS for name in ("days", "day", "working days")},
    **{name: Unit.WEEKS for name in ("weeks", "week")},
    **{name: Unit.MONTHS for name in ("months", "month")},
    **{name: Unit.HOURS for name in ("hours", "hour", "hrs")},
    **{name: Unit.DURATION for name in ("mm:ss", "duration", "time", "hh:mm:ss")},
    **{name: Unit.RATING for name in ("rating", "score", "scale")},
}

# Words that may follow a number, and the unit they mean.
_SUFFIX_UNITS: dict[str, Unit] = {
    "%": Unit.PERCENT,
    "day": Unit.DAYS,
    "days": Unit.DAYS,
    "working days": Unit.DAYS,
    "week": Unit.WEEKS,
    "weeks": Unit.WEEKS,
    "wks": Unit.WEEKS,
    "month": Unit.MONTHS,
    "months": Unit.MONTHS,
    "hour": Unit.HOURS,
    "hours": Unit.HOURS,
    "hrs": Unit.HOURS,
}

_SCALES: dict[str, int] = {"k": 3, "m": 6, "bn": 9}


class ValueKind(StrEnum):
    NUMBER = "number"
    NOT_APPLICABLE = "not applicable"
    NOT_AVAILABLE = "not yet available"


@dataclass(frozen=True, slots=True)
class Value:
    """A figure (with the unit and decimal places it was written with), or its absence."""

    kind: ValueKind
    amount: Decimal | None = None
    unit: Unit | None = None  # the unit the text showed; None for a bare number
    decimals: int | None = None  # decimal places as written (after K/m scaling)

    @classmethod
    def of(cls, amount: Decimal | int | str, unit: Unit | None = None) -> Value:
        number = Decimal(amount)
        if not number.is_finite():
            raise ValueParseError(f"'{amount}' is not a finite number")
        return cls(ValueKind.NUMBER, number, unit, decimal_places(number))

    @property
    def is_number(self) -> bool:
        return self.kind is ValueKind.NUMBER

    def number(self) -> Decimal:
        """The amount; raises if there is none (check `is_number` first)."""
        if self.amount is None:
            raise ValueParseError(f"no figure: the value is {self.kind.value}")
        return self.amount

    def __str__(self) -> str:
        if self.amount is None:
            return self.kind.value
        return format_amount(self.amount, self.unit, self.decimals)


NOT_APPLICABLE = Value(ValueKind.NOT_APPLICABLE)
NOT_AVAILABLE = Value(ValueKind.NOT_AVAILABLE)

_NOT_APPLICABLE_WORDS = frozenset({"n/a", "na", "n.a.", "not applicable"})
_NOT_AVAILABLE_WORDS = frozenset({"", "-", "\u2013", "\u2014", "incomplete", "not yet available"})

_NUMBER = re.compile(
    r"""
    (?P<open>\()?\s*
    (?P<sign>[-+\u2212])?\s*
    (?P<pound>£)?\s*
    (?P<sign2>[-+\u2212])?
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    \s*(?P<scale>k|m|bn)?(?![a-z])
    \s*(?P<suffix>%|[a-z][a-z ]*?)?
    \s*(?P<close>\))?
    """,
    re.VERBOSE,
)
_DURATION = re.compile(r"(-?)(\d+):([0-5]\d)(?::([0-5]\d))?")
# The common forms, read without the general pattern: 97.2, -41%, 22.3 days.
_SIMPLE = re.compile(r"(-?\d+(?:\.(\d+))?)(%| days| weeks| months)?")


def parse_value(raw: str | int | float | Decimal | None) -> Value:
    """Read one figure as a person wrote it; raise `ValueParseError` if it is not one."""
    if raw is None:
        return NOT_AVAILABLE
    if isinstance(raw, bool):
        raise ValueParseError(f"'{raw}' is true/false, not a figure")
    if isinstance(raw, int | float | Decimal):
        return Value.of(repr(raw) if isinstance(raw, float) else raw)  # 0.1, not its binary
    text = raw.strip()
    simple = _SIMPLE.fullmatch(text)
    if simple:
        number, places, suffix = simple.groups()
        unit = _SUFFIX_UNITS[suffix.strip()] if suffix else None
        return Value(ValueKind.NUMBER, Decimal(number), unit, len(places or ""))
    lowered = " ".join(text.lower().split())
    if lowered in _NOT_AVAILABLE_WORDS:
        return NOT_AVAILABLE
    if lowered in _NOT_APPLICABLE_WORDS:
        return NOT_APPLICABLE
    if lowered[:1] in "<>=≤≥":
        raise ValueParseError(
            f"'{text}' is a bound, not a figure: comparators such as '<' belong in a target"
        )
    duration = _DURATION.fullmatch(lowered)
    if duration:
        return _duration_value(duration)
    match = _NUMBER.fullmatch(lowered)
    if match is None:
        raise ValueParseError(
            f"could not read '{text}' as a figure: write a number such as 97.00%, 31,561, "
            "£8,861K, (0.114), 7:27 or 22.3 days; n/a for not applicable; blank if not yet "
            "available"
        )
    return _number_value(text, match)


def _number_value(text: str, match: re.Match[str]) -> Value:
    if bool(match["open"]) != bool(match["close"]):
        raise ValueParseError(f"'{text}' has an unmatched bracket")
    if match["sign"] and match["sign2"]:
        raise ValueParseError(f"'{text}' has two signs")
    negative = bool(match["open"]) or (match["sign"] or match["sign2"] or "+") in "-\u2212"
    if match["open"] and (match["sign"] or match["sign2"]):
        raise ValueParseError(f"'{text}' is both bracketed and signed")
    try:
        number = Decimal(match["digits"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise ValueParseError(f"could not read '{text}' as a number") from None
    places = decimal_places(number)
    unit: Unit | None = Unit.MONEY if match["pound"] else None
    scale = match["scale"]
    suffix = match["suffix"]
    if scale:
        shift = _SCALES[scale]
        places = max(0, places - shift)
        number = number.scaleb(shift).quantize(Decimal(1).scaleb(-places))
    if suffix:
        suffix = suffix.strip()
        if suffix not in _SUFFIX_UNITS:
            raise ValueParseError(f"could not read '{text}': unknown unit '{suffix}'")
        if unit is Unit.MONEY:
            raise ValueParseError(f"'{text}' has both '£' and '{suffix}'")
        unit = _SUFFIX_UNITS[suffix]
    if negative:
        number = -number
    return Value(ValueKind.NUMBER, number, unit, places)


def _duration_value(match: re.Match[str]) -> Value:
    sign, first, second, third = match.groups()
    if third is None:  # mm:ss
        seconds = int(first) * 60 + int(second)
    else:  # h:mm:ss
        seconds = int(first) * 3600 + int(second) * 60 + int(third)
    return Value(ValueKind.NUMBER, Decimal(-seconds if sign else seconds), Unit.DURATION, 0)


def decimal_places(number: Decimal) -> int:
    """How many decimal places `number` is written with: Decimal('97.00') has 2."""
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def round_to(amount: Decimal, decimals: int | None) -> Decimal:
    """Round half up (as a report shows a figure); None keeps every digit."""
    if decimals is None:
        return amount
    try:
        return amount.quantize(_places_of(decimals), ROUND_HALF_UP)  # positional: cheaper
    except InvalidOperation:  # more digits than the default context keeps (28)
        wide = Context(prec=max(amount.adjusted(), 0) + decimals + 2, rounding=ROUND_HALF_UP)
        return amount.quantize(_places_of(decimals), context=wide)


@functools.lru_cache(maxsize=64)
def _places_of(decimals: int) -> Decimal:
    """What `quantize` rounds to for `decimals` places: Decimal('0.01') for 2."""
    return Decimal(1).scaleb(-decimals)


def format_amount(amount: Decimal, unit: Unit | None, decimals: int | None = None) -> str:
    """Show an amount as the papers do: 97.00%, £15,726, 22.3 days, 7:27."""
    if unit is Unit.DURATION:
        seconds = int(round_to(amount, 0))
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        hours, rest = divmod(seconds, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes}:{secs:02d}"
    shown = round_to(amount, decimals)
    if shown == 0:
        shown = abs(shown)  # no "-0.00%"
    if unit is Unit.MONEY:
        text = f"{abs(shown):,f}"
        return f"-£{text}" if shown < 0 else f"£{text}"
    text = f"{shown:f}"
    if unit is Unit.PERCENT:
        return f"{text}%"
    if unit in (Unit.DAYS, Unit.WEEKS, Unit.MONTHS, Unit.HOURS):
        return f"{text} {unit.value}"
    return text


def format_difference(gap: Decimal, unit: Unit | None, decimals: int | None = None) -> str:
    """A difference from target, signed, in the figure's unit: a difference from a
    percentage target is in percentage points ('-1.46pp', never '%'); '+2.3 days'."""
    shown = round_to(gap, decimals)
    sign = "+" if shown > 0 else "-" if shown < 0 else ""
    if unit is Unit.PERCENT:
        return f"{sign}{abs(shown):f}pp"
    return sign + format_amount(abs(shown), unit, decimals)


#: How many more places than it is shown with an unrounded figure is written to.
UNROUNDED_EXTRA_PLACES = 2


def unrounded(value: Value) -> Decimal | None:
    """The figure before it was rounded to the places it is shown and rated at
    (written to two places more), where rounding changed it: EX-03's 11.17 days,
    shown and rated as 11 days. None where the figure shown is the figure."""
    if value.amount is None or value.decimals is None or value.unit is Unit.DURATION:
        return None
    if round_to(value.amount, value.decimals) == value.amount:
        return None
    return round_to(value.amount, value.decimals + UNROUNDED_EXTRA_PLACES).normalize()
