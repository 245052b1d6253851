"""Values: what people type or paste for a figure, read exactly.

`parse_value` turns text such as ``97.00%``, ``31,561``, ``£8,861K``, ``(0.114)``,
``7:27``, ``22.3 days``, ``15,239 tonnes`` or ``£2.50 per head`` into a `Value`
(any word after a number that is not a known unit is a counted `Unit` with
that label; footnote marks and a closing full stop are dropped); ``n/a`` is *not applicable* and a
blank is *not yet available*. Anything else raises `ValueParseError`, whose
message says what was not understood. Amounts are `Decimal`, never float.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from enum import StrEnum
from typing import ClassVar


class ValueParseError(ValueError):
    """Text that is not a figure; the message says why."""


class Unit(str):
    """The unit an amount is expressed in: one of the known units (`Unit.PERCENT`,
    `Unit.DAYS`, ...), each a single object, or a counted quantity with the label
    the council writes (`Unit("tonnes")`, `Unit("days per FTE")`, `Unit("£ per head")`).

    `Unit(text)` reads a known unit's code or alias (``%``, ``working days``) as
    that unit, so ``Unit("%") is Unit.PERCENT``; any other text is a counted
    unit, refused with the reason (`ValueParseError`) when it cannot be one.
    Counted units are never interned: a file's labels cannot grow a table."""

    __slots__ = ()

    NUMBER: ClassVar[Unit]
    PERCENT: ClassVar[Unit]
    MONEY: ClassVar[Unit]
    DAYS: ClassVar[Unit]
    WEEKS: ClassVar[Unit]
    MONTHS: ClassVar[Unit]
    HOURS: ClassVar[Unit]
    DURATION: ClassVar[Unit]  # amount held in seconds
    RATING: ClassVar[Unit]  # a score on a scale, e.g. 1-7
    KNOWN: ClassVar[tuple[Unit, ...]]  # the known units, in this order

    def __new__(cls, text: str) -> Unit:
        known = _KNOWN_CODES.get(text)
        if known is not None:
            return known
        known = _UNIT_NAMES.get(_unit_key(text)) if text.strip() else None
        if known is not None:
            return known
        return str.__new__(cls, _counted_label(text))

    @classmethod
    def parse(cls, text: str) -> Unit:
        """Read a unit as written in a register or spreadsheet header: a known
        unit by any of its names, blank as a number, any other label as a
        counted unit (spaces collapsed; refused with the reason when it cannot be one)."""
        return cls(text) if text.strip() else cls.NUMBER

    @property
    def value(self) -> str:
        """The unit as stored and written: ``%``, ``days``, ``tonnes``."""
        return str(self)

    @property
    def is_counted(self) -> bool:
        """A council's own label (tonnes, visits), not one of the known units."""
        return _KNOWN_CODES.get(str(self)) is not self

    def __repr__(self) -> str:
        return f"Unit({str(self)!r})"

    def __reduce__(self) -> tuple[type[Unit], tuple[str]]:
        return Unit, (str(self),)  # unpickled through Unit(): a known unit stays the one object


def same_unit(first: Unit, second: Unit) -> bool:
    """Whether two units are the same: the same known unit, or counted units whose
    labels are equal ignoring case ("Tonnes" and "tonnes")."""
    return first is second or (
        first.is_counted and second.is_counted and first.casefold() == second.casefold()
    )


def _known(code: str) -> Unit:
    unit = str.__new__(Unit, code)
    _KNOWN_CODES[code] = unit
    return unit


_KNOWN_CODES: dict[str, Unit] = {}
Unit.NUMBER = _known("number")
Unit.PERCENT = _known("%")
Unit.MONEY = _known("£")
Unit.DAYS = _known("days")
Unit.WEEKS = _known("weeks")
Unit.MONTHS = _known("months")
Unit.HOURS = _known("hours")
Unit.DURATION = _known("mm:ss")
Unit.RATING = _known("rating")
Unit.KNOWN = tuple(_KNOWN_CODES.values())

_UNIT_NAMES: dict[str, Unit] = {
    **{name: Unit.NUMBER for name in ("number", "no", "no.", "count", "#", "")},
    **{name: Unit.PERCENT for name in ("%", "percent", "percentage", "per cent")},
    **{name: Unit.MONEY for name in ("£", "gbp", "money", "pounds", "cost")},
    **{name: Unit.DAYS for name in ("days", "day", "working days")},
    **{name: Unit.WEEKS for name in ("weeks", "week", "wks")},
    **{name: Unit.MONTHS for name in ("months", "month")},
    **{name: Unit.HOURS for name in ("hours", "hour", "hrs")},
    **{name: Unit.DURATION for name in ("mm:ss", "duration", "time", "hh:mm:ss")},
    **{name: Unit.RATING for name in ("rating", "score", "scale")},
}

#: The longest label a counted unit may have (the register's column holds 40).
UNIT_LABEL_LENGTH = 40
_LABEL_PUNCTUATION = frozenset(" £%/.-()'")
# Words that, first in a label, would be read otherwise after a figure: a scale
# (12 m is 12 million) or a word joining two figures (5 to 10).
_NOT_FIRST = frozenset({"k", "m", "bn", "to", "and", "or", "than"})
# Words or marks that join the two ends of a band (5 tonnes to 10 tonnes).
_JOINING = frozenset({"to", "-", "\u2013"})
_SCALE_FIRST = re.compile(r"(?:k|m|bn)(?![a-z])", re.IGNORECASE)  # 12 m² is 12 million, ²


def _unit_key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


def _counted_label(text: str) -> str:
    """A counted unit's label as written, spaces collapsed and a closing full stop
    dropped; `ValueParseError` with the reason when it cannot be a unit."""
    shown = text.strip()
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text):
        raise ValueParseError(f"unit {shown!r} has control characters: write it on one line")
    label = " ".join(text.split()).removesuffix(".").rstrip()
    problem = _label_problem(label)
    if problem:
        raise ValueParseError(f"unit '{shown}' {problem}")
    return label


def _label_problem(label: str) -> str | None:
    if not label:
        return "is blank"
    if len(label) > UNIT_LABEL_LENGTH:
        return f"is longer than {UNIT_LABEL_LENGTH} characters"
    if label[0].isdigit():
        return "starts with a digit: write the unit's name, such as tonnes or visits"
    odd = sorted({c for c in label if not (c.isalpha() or c.isdigit() or c in _LABEL_PUNCTUATION)})
    if odd:
        return (
            f"has {' '.join(repr(c) for c in odd[:5])}: a unit has letters, digits, spaces "
            "and £ % / . - ( ) ' only"
        )
    if label.startswith("£"):
        if not label.startswith("£ per ") or len(label) == len("£ per "):
            return "starts with £: write £ for money, or money per something as '£ per head'"
        return None
    if not label[0].isalpha():
        return "must start with a letter"
    words = label.lower().split()
    if words[0] in _NOT_FIRST or _SCALE_FIRST.match(words[0]):
        return f"starts with '{words[0]}', which reads otherwise after a figure"
    if _JOINING.intersection(words):
        return "has 'to' or a dash between words, which joins two figures in a range"
    if without_marks(label) != label:
        return "ends like a footnote mark"
    return None


# Words that may follow a number, and the unit they mean.
_SUFFIX_UNITS: dict[str, Unit] = {
    "%": Unit.PERCENT,
    "percent": Unit.PERCENT,
    "per cent": Unit.PERCENT,
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
assert all(_UNIT_NAMES[name] is unit for name, unit in _SUFFIX_UNITS.items() if name != "%")

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
    \s*(?P<suffix>%|[^\W\d_].*?)?
    \s*(?P<close>\))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DURATION = re.compile(r"(-?)(\d+):([0-5]\d)(?::([0-5]\d))?")
# The common forms, read without the general pattern: 97.2, -41%, 22.3 days.
_SIMPLE = re.compile(r"(-?\d+(?:\.(\d+))?)(%| days| weeks| months)?")
# Footnote marks after a figure or a target: 95%*, 95%†, 95% (1), 12[2], 95%¹.
_FOOTNOTE = re.compile(
    r"(?:\s*(?:[*\u2020\u2021§]+|\(\d{1,2}\)|\[\d{1,2}\])|(?<=[\d%])[¹²³\u2070\u2074-\u2079]+)+$"
)
_DECIMALS_THEN_STOP = re.compile(r"\.\d+\.$")  # 5.50. ends a sentence; 5. lost its decimals
_MARK_ENDS = frozenset("*\u2020\u2021§)]¹²³\u2070\u2074\u2075\u2076\u2077\u2078\u2079.")


def without_marks(text: str) -> str:
    """`text` without the footnote marks and the closing full stop the papers put
    after a figure or a target (``95%*``, ``A maximum of 30 weeks.``). A full stop
    right after a digit stays: '5.' is a number that has lost its decimals."""
    while text and text[-1] in _MARK_ENDS:
        if text[-1] == ".":
            if len(text) < 2 or (text[-2].isdigit() and not _DECIMALS_THEN_STOP.search(text)):
                return text
            text = text[:-1].rstrip()
            continue
        match = _FOOTNOTE.search(text)
        if match is None or match.start() == 0:
            return text
        text = text[: match.start()].rstrip()
    return text


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
    written = without_marks(" ".join(text.split()))
    duration = _DURATION.fullmatch(written)
    if duration:
        return _duration_value(duration)
    match = _NUMBER.fullmatch(written)
    if match is None:
        raise ValueParseError(
            f"could not read '{text}' as a figure: write a number such as 97.00%, 31,561, "
            "£8,861K, (0.114), 7:27, 22.3 days or 15,239 tonnes; n/a for not applicable; "
            "blank if not yet available"
        )
    return _number_value(text, written, match)


def _number_value(text: str, written: str, match: re.Match[str]) -> Value:
    suffix, close = match["suffix"], match["close"]
    if suffix and close and not match["open"]:  # a label's own bracket: 12 tonnes (dry)
        suffix, close = written[match.start("suffix") : match.end("close")], None
    if bool(match["open"]) != bool(close):
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
    if scale:
        shift = _SCALES[scale.lower()]
        places = max(0, places - shift)
        number = number.scaleb(shift).quantize(Decimal(1).scaleb(-places))
    if suffix:
        unit = _suffix_unit(text, suffix, money=unit is Unit.MONEY)
    if negative:
        number = -number
    return Value(ValueKind.NUMBER, number, unit, places)


def _suffix_unit(text: str, suffix: str, *, money: bool) -> Unit:
    """The unit the words after a number name: a known one (%, days), money per
    something (£2.50 per head), or a counted unit with the label as written."""
    key = " ".join(suffix.lower().split())
    known = _SUFFIX_UNITS.get(key)
    if known is not None:
        if money:
            raise ValueParseError(f"'{text}' has both '£' and '{suffix}'")
        return known
    if money and not key.startswith("per "):
        raise ValueParseError(f"'{text}' has both '£' and '{suffix}'")
    if key in _UNIT_NAMES:  # a unit's name that is not written after a figure
        raise ValueParseError(f"could not read '{text}': '{suffix}' does not follow a figure")
    try:
        return Unit(f"£ {suffix}" if money else suffix)
    except ValueParseError as error:
        raise ValueParseError(f"could not read '{text}': {error}") from None


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
    """Show an amount as the papers do: 97.00%, £15,726, 22.3 days, 7:27, 15,239 tonnes."""
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
    if unit is not None and unit.is_counted:
        return _counted_text(shown, unit)
    return text


def _counted_text(shown: Decimal, unit: Unit) -> str:
    """A counted quantity as the papers print it: 15,239 tonnes; money per
    something with the pound sign first: £2.50 per head."""
    grouped = f"{abs(shown):,f}"
    sign = "-" if shown < 0 else ""
    if unit.startswith("£ "):
        return f"{sign}£{grouped}{unit[1:]}"
    return f"{sign}{grouped} {unit}"


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
