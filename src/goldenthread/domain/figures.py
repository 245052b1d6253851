"""A figure as a person types it (into a return, the targets page or a
workbook): read in the indicator's unit, and refused when it has more digits
than a figure's column keeps exactly on every database."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from goldenthread.domain.values import (
    Unit,
    Value,
    ValueKind,
    ValueParseError,
    parse_value,
    same_unit,
)

# What a figure's columns hold exactly on every database: SQLite keeps 15
# significant digits of a number, PostgreSQL's numeric(24, 8) more. The
# returns' models declare their columns with these.
FIGURE_DIGITS = 15
FIGURE_PLACES = 8


class FigureError(ValueError):
    """Why a typed figure cannot be read, in words for the person who typed it."""


def read_figure(text: str, unit: Unit) -> Value:
    """A figure as typed ('95.63%', '22.3', '15,239 tonnes', 'n/a', blank: not yet
    available), in the indicator's unit: a figure written in another unit is
    refused ('12 visits' for an indicator in tonnes)."""
    try:
        value = parse_value(text)
    except ValueParseError as error:
        raise FigureError(str(error)) from None
    if not value.is_number:
        return value
    _check_storable(text.strip(), value.number())
    if value.unit is not None and not same_unit(value.unit, unit):
        raise FigureError(f"enter a figure in {unit.value}, not in {value.unit.value}")
    return Value(ValueKind.NUMBER, value.amount, unit, value.decimals)


def read_number(text: str) -> Decimal | None:
    """A plain number as typed (a ratio's numerator or denominator; commas
    allowed), or None when blank."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise FigureError("must be a number, like 1234") from None
    if not number.is_finite():
        raise FigureError("must be a number, like 1234")
    _check_storable(text, number)
    return number


def _check_storable(text: str, number: Decimal) -> None:
    """Refuse a figure with more digits than its column keeps exactly."""
    _, digits, exponent = number.normalize().as_tuple()
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    whole = max(len(digits) - places, 0) + (
        exponent if isinstance(exponent, int) and exponent > 0 else 0
    )
    if places > FIGURE_PLACES or whole + places > FIGURE_DIGITS:
        shown = text if len(text) <= 30 else text[:27] + "..."
        raise FigureError(
            f"'{shown}' has too many digits: a figure can have at most {FIGURE_DIGITS} digits, "
            f"at most {FIGURE_PLACES} of them after the decimal point"
        )
