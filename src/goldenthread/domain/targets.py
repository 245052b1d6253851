"""Targets in every form the committee papers use.

- a figure, with an optional comparator: ``97.00%``, ``20 days``, ``<£20,000``, ``>90%``,
  ``15,239 tonnes``, in symbols or words as councils print them: ``A maximum of 30 weeks.``,
  ``A minimum of 70%.``, ``at most``, ``not more than``, ``up to``, ``no less than``,
  ``greater than``, ``95% or more``, with footnote marks (``95%*``) dropped;
- a band: ``95%-100%``, ``between 5 and 10``, ``70% to 80%``;
- a monthly (12 points) or quarterly (4 points) profile: ``12.75%; 21.98%; 31.10%; ...``;
- a relative target, judged against a comparison figure: ``Reduction``, ``Increase``,
  ``Lower than 2015/16``;
- no numeric target, for a stated reason: ``TBD``, ``TBC``, ``Reactive``,
  ``As much as possible during the year``, ``Compliant``, ``n/a`` or blank.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.values import (
    Unit,
    Value,
    ValueKind,
    ValueParseError,
    format_amount,
    parse_value,
    same_unit,
    without_marks,
)


class TargetParseError(ValueError):
    """Text that is not a target; the message says why."""


class Comparator(StrEnum):
    AT_LEAST = ">="
    MORE_THAN = ">"
    AT_MOST = "<="
    LESS_THAN = "<"
    EQUAL = "="

    @classmethod
    def for_polarity(cls, polarity: Polarity) -> Comparator:
        """What a bare target figure means: reach it, stay within it, or hit it exactly."""
        return {
            Polarity.UP: cls.AT_LEAST,
            Polarity.DOWN: cls.AT_MOST,
            Polarity.NONE: cls.EQUAL,
        }[polarity]

    def holds(self, value: Decimal, bound: Decimal) -> bool:
        return _HOLDS[self](value, bound)


_HOLDS: dict[Comparator, Callable[[Decimal, Decimal], bool]] = {
    Comparator.AT_LEAST: operator.ge,
    Comparator.MORE_THAN: operator.gt,
    Comparator.AT_MOST: operator.le,
    Comparator.LESS_THAN: operator.lt,
    Comparator.EQUAL: operator.eq,
}


@dataclass(frozen=True, slots=True)
class Threshold:
    """A figure to reach; `comparator` None means 'as the polarity says'."""

    amount: Decimal
    comparator: Comparator | None = None
    unit: Unit | None = None

    def comparator_for(self, polarity: Polarity) -> Comparator:
        return self.comparator or Comparator.for_polarity(polarity)

    def __str__(self) -> str:
        prefix = self.comparator.value if self.comparator else ""
        return prefix + format_amount(self.amount, self.unit)


@dataclass(frozen=True, slots=True)
class Band:
    """Met when the figure lies between `low` and `high`, both included."""

    low: Decimal
    high: Decimal
    unit: Unit | None = None

    def __str__(self) -> str:
        return f"{format_amount(self.low, self.unit)} to {format_amount(self.high, self.unit)}"


@dataclass(frozen=True, slots=True)
class Profile:
    """A target per month (12 points, April first) or per quarter (4 points)."""

    points: tuple[Decimal, ...]
    unit: Unit | None = None

    def threshold_at(self, period_number: int) -> Threshold:
        """The target for finance period `period_number` (1 = April ... 12 = March)."""
        if not 1 <= period_number <= 12:
            raise TargetParseError(f"period {period_number} is not a month of the year (1-12)")
        index = period_number - 1 if len(self.points) == 12 else (period_number - 1) // 3
        return Threshold(self.points[index], None, self.unit)

    def __str__(self) -> str:
        return "; ".join(format_amount(point, self.unit) for point in self.points)


@dataclass(frozen=True, slots=True)
class Relative:
    """Better than a comparison figure (last year, a base year): `Reduction`, `Increase`."""

    comparator: Comparator  # LESS_THAN or MORE_THAN the comparison figure
    reference: str | None = None  # what the comparison figure is, e.g. "2015/16"

    def __str__(self) -> str:
        if self.reference is None:
            return "Reduction" if self.comparator is Comparator.LESS_THAN else "Increase"
        return f"{_RELATIVE_PHRASES[self.comparator]} {self.reference}"


_RELATIVE_PHRASES = {
    Comparator.LESS_THAN: "Lower than",
    Comparator.AT_MOST: "No more than",
    Comparator.MORE_THAN: "Higher than",
    Comparator.AT_LEAST: "No less than",
    Comparator.EQUAL: "Same as",
}


class NoTargetReason(StrEnum):
    NOT_SET = "no target set"
    TBD = "TBD"
    TBC = "TBC"
    REACTIVE = "Reactive"
    AS_MUCH_AS_POSSIBLE = "As much as possible during the year"
    COMPLIANT = "Compliant"
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True, slots=True)
class NoTarget:
    """No numeric target, and why; `NOT_APPLICABLE` means the indicator does not apply."""

    reason: NoTargetReason

    def __str__(self) -> str:
        return "" if self.reason is NoTargetReason.NOT_SET else self.reason.value


Target = Threshold | Band | Profile | Relative | NoTarget

_NO_TARGET_WORDS: dict[str, NoTargetReason] = {
    "": NoTargetReason.NOT_SET,
    "tbd": NoTargetReason.TBD,
    "to be determined": NoTargetReason.TBD,
    "tbc": NoTargetReason.TBC,
    "to be confirmed": NoTargetReason.TBC,
    "reactive": NoTargetReason.REACTIVE,
    "compliant": NoTargetReason.COMPLIANT,
    "n/a": NoTargetReason.NOT_APPLICABLE,
    "na": NoTargetReason.NOT_APPLICABLE,
    "not applicable": NoTargetReason.NOT_APPLICABLE,
}

# Longer phrases before the shorter ones they start with ("less than or equal to ").
_COMPARATOR_WORDS: tuple[tuple[str, Comparator], ...] = (
    ("<=", Comparator.AT_MOST),
    (">=", Comparator.AT_LEAST),
    ("≤", Comparator.AT_MOST),
    ("≥", Comparator.AT_LEAST),
    ("<", Comparator.LESS_THAN),
    (">", Comparator.MORE_THAN),
    ("=", Comparator.EQUAL),
    ("at least ", Comparator.AT_LEAST),
    ("no less than ", Comparator.AT_LEAST),
    ("not less than ", Comparator.AT_LEAST),
    ("no fewer than ", Comparator.AT_LEAST),
    ("not fewer than ", Comparator.AT_LEAST),
    ("greater than or equal to ", Comparator.AT_LEAST),
    ("more than or equal to ", Comparator.AT_LEAST),
    ("minimum of ", Comparator.AT_LEAST),
    ("minimum ", Comparator.AT_LEAST),
    ("at most ", Comparator.AT_MOST),
    ("no more than ", Comparator.AT_MOST),
    ("not more than ", Comparator.AT_MOST),
    ("not exceeding ", Comparator.AT_MOST),
    ("less than or equal to ", Comparator.AT_MOST),
    ("maximum of ", Comparator.AT_MOST),
    ("maximum ", Comparator.AT_MOST),
    ("up to ", Comparator.AT_MOST),
    ("within ", Comparator.AT_MOST),
    ("less than ", Comparator.LESS_THAN),
    ("fewer than ", Comparator.LESS_THAN),
    ("lower than ", Comparator.LESS_THAN),
    ("below ", Comparator.LESS_THAN),
    ("under ", Comparator.LESS_THAN),
    ("more than ", Comparator.MORE_THAN),
    ("greater than ", Comparator.MORE_THAN),
    ("higher than ", Comparator.MORE_THAN),
    ("above ", Comparator.MORE_THAN),
    ("over ", Comparator.MORE_THAN),
    ("in excess of ", Comparator.MORE_THAN),
)
# The same said after the figure: "95% or more", "30 weeks or less", "95%+".
_TRAILING_COMPARATORS: tuple[tuple[str, Comparator], ...] = (
    *((f" or {w}", Comparator.AT_LEAST) for w in ("more", "above", "higher", "greater", "over")),
    *((f" and {w}", Comparator.AT_LEAST) for w in ("above", "over")),
    *((f" or {w}", Comparator.AT_MOST) for w in ("less", "fewer", "below", "lower", "under")),
    *((f" and {w}", Comparator.AT_MOST) for w in ("below", "under")),
    ("+", Comparator.AT_LEAST),
)
_ARTICLES = ("a ", "an ")
_RELATIVE_WORDS: dict[str, Comparator] = {
    **{w: Comparator.LESS_THAN for w in ("reduction", "reduce", "decrease", "lower", "fewer")},
    **{w: Comparator.MORE_THAN for w in ("increase", "improvement", "higher", "more")},
}
# What a relative target is compared with: a financial year or words ("last year").
# Not "of ..." ("A maximum of" with its figure missing is no comparison).
_REFERENCE = re.compile(
    r"\d{4}[/-]\d{2}(?:\d{2})?|(?!of\b)[a-z][a-z ]*(?: \d{4}[/-]\d{2}(?:\d{2})?)?"
)
_PROFILE_SEPARATOR = re.compile(r"\s*[;|\n]\s*")
_BAND_SEPARATOR = re.compile(r"\s+(?:to|and)\s+|\s*[-\u2013]\s*", re.IGNORECASE)

_FORMS = (
    "write a figure (97.00%, 20 days), a comparator and figure (<£20,000, >90%), "
    "a band (95%-100%), a profile (12 or 4 figures separated by ';'), a relative target "
    "(Reduction, Increase, Lower than 2015/16), or TBD, TBC, Reactive, "
    "As much as possible during the year, Compliant, n/a"
)


def parse_target(raw: str | int | float | Decimal | None) -> Target:
    """Read a target as the papers write it; raise `TargetParseError` if it is not one."""
    if raw is None:
        return NoTarget(NoTargetReason.NOT_SET)
    if not isinstance(raw, str):
        return _threshold(_figure(raw, str(raw)), None)
    text = raw.strip()
    lowered = " ".join(text.lower().split())
    if lowered in _NO_TARGET_WORDS:
        return NoTarget(_NO_TARGET_WORDS[lowered])
    if _PROFILE_SEPARATOR.search(text):  # before spaces are folded: one figure a line
        return _profile(text)
    written = without_marks(" ".join(text.split()))  # "A maximum of 30 weeks.", "95%*"
    lowered = written.lower()
    if lowered in _NO_TARGET_WORDS:
        return NoTarget(_NO_TARGET_WORDS[lowered])
    if lowered.startswith("as much as possible"):
        return NoTarget(NoTargetReason.AS_MUCH_AS_POSSIBLE)
    if lowered in _RELATIVE_WORDS:
        return Relative(_RELATIVE_WORDS[lowered])
    if lowered.startswith(_ARTICLES):  # "A minimum of 70%."
        article = lowered.split(" ", 1)[0]
        unsaid = lowered[len(article) + 1 :]
        if unsaid in _RELATIVE_WORDS:  # "A reduction", "An increase"
            return Relative(_RELATIVE_WORDS[unsaid])
        if any(unsaid.startswith(word) for word, _ in _COMPARATOR_WORDS if word[0].isalpha()):
            written, lowered = written[len(article) + 1 :], unsaid
    for word, comparator in _COMPARATOR_WORDS:
        if lowered.startswith(word):
            rest = written[len(word) :].strip()
            if word[0].isalpha():
                rest = rest.removesuffix(".")  # a sentence's full stop: "A maximum of 30."
                if _REFERENCE.fullmatch(rest.lower()):
                    # "Lower than 2015/16", "Higher than last year"
                    return Relative(comparator, rest.lower())
            return _threshold(_figure(rest, text), comparator)
    for words, comparator in _TRAILING_COMPARATORS:
        if lowered.endswith(words) and len(lowered) > len(words):
            return _threshold(_figure(written[: -len(words)], text), comparator)
    band = _band(written)
    if band is not None:
        return band
    return _threshold(_figure(written, text), None)


def polarity_of(target: Target) -> Polarity | None:
    """The polarity a target's own words give: at least or more than a figure
    (">=95%", "A minimum of 70%") means higher is better; at most or less than
    ("<26 weeks", "A maximum of 30 weeks") lower is better. None where the
    target does not say (a bare figure, "=", a band, a profile, no target)."""
    comparator = target.comparator if isinstance(target, Threshold | Relative) else None
    return _POLARITY_OF.get(comparator) if comparator is not None else None


_POLARITY_OF: dict[Comparator, Polarity] = {
    Comparator.AT_LEAST: Polarity.UP,
    Comparator.MORE_THAN: Polarity.UP,
    Comparator.AT_MOST: Polarity.DOWN,
    Comparator.LESS_THAN: Polarity.DOWN,
}


def _figure(raw: str | int | float | Decimal, shown: str) -> Value:
    try:
        value = parse_value(raw)
    except ValueParseError as error:
        raise TargetParseError(f"could not read target '{shown}': {_FORMS}") from error
    if value.kind is not ValueKind.NUMBER:
        raise TargetParseError(f"could not read target '{shown}': {_FORMS}")
    return value


def _threshold(value: Value, comparator: Comparator | None) -> Threshold:
    return Threshold(value.number(), comparator, value.unit)


def _profile(text: str) -> Profile:
    parts = [part for part in _PROFILE_SEPARATOR.split(text) if part]
    if len(parts) not in (4, 12):
        raise TargetParseError(
            f"target profile '{text}' has {len(parts)} figures: give 12 (one a month, "
            "April first) or 4 (one a quarter), separated by ';'"
        )
    values = [
        _figure(part, f"{part}' (figure {n} of profile '{text}") for n, part in enumerate(parts, 1)
    ]
    units = [v.unit for v in values if v.unit is not None]
    if any(not same_unit(unit, units[0]) for unit in units):
        raise TargetParseError(f"target profile '{text}' mixes units ({_units(set(units))})")
    return Profile(tuple(v.number() for v in values), units[0] if units else None)


def _band(written: str) -> Band | None:
    body = written[len("between ") :] if written.lower().startswith("between ") else written
    for match in _BAND_SEPARATOR.finditer(body):
        if match.start() == 0:
            continue
        try:
            low, high = parse_value(body[: match.start()]), parse_value(body[match.end() :])
        except ValueParseError:
            continue
        if low.is_number and high.is_number:
            if low.unit and high.unit and not same_unit(low.unit, high.unit):
                raise TargetParseError(
                    f"band '{body}' mixes units ({_units({low.unit, high.unit})})"
                )
            if low.number() > high.number():
                raise TargetParseError(f"band '{body}' runs from a higher figure to a lower one")
            return Band(low.number(), high.number(), high.unit or low.unit)
    return None


def _units(units: set[Unit]) -> str:
    return " and ".join(sorted(unit.value for unit in units))
