"""Money read as people write it and shown as the papers print it."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from goldenthread.domain.money import (
    MoneyError,
    millions,
    pounds,
    read_money,
    spend_words,
    to_decimal,
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("£968,589", Decimal(968589)),
        ("968589", Decimal(968589)),
        ("(63,112)", Decimal(-63112)),
        ("(£63,112)", Decimal(-63112)),
        ("-1,234.56", Decimal("-1234.56")),
        ("- £5", Decimal(-5)),
        ("£-1,352,972", Decimal(-1352972)),  # a spreadsheet's currency format
        ("£0.432m", Decimal(432000)),
        ("(£0.114m)", Decimal(-114000)),
        ("£270k", Decimal(270000)),
        ("£270K", Decimal(270000)),
        ("£1.2bn", Decimal(1200000000)),
        ("0.001bn", Decimal(1000000)),
        (" 12.5 ", Decimal("12.5")),
        (".50", Decimal("0.5")),
        ("0", Decimal(0)),
        ("9999999999999", Decimal(9999999999999)),  # 13 whole digits: the most kept
    ],
)
def test_accepted_forms(text: str, amount: Decimal) -> None:
    read = read_money(text)
    assert read == amount
    assert isinstance(read, Decimal)


def test_more_places_when_asked() -> None:
    assert read_money("(0.114)", places=3) == Decimal("-0.114")
    with pytest.raises(MoneyError, match="more precise than a penny"):
        read_money("(0.114)")
    with pytest.raises(MoneyError, match="more precise than 3 decimal places"):
        read_money("0.1145", places=3)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "is not an amount of money"),
        ("lots", "is not an amount of money"),
        ("1e5", "is not an amount of money"),
        ("NaN", "is not an amount of money"),
        ("Infinity", "is not an amount of money"),
        ("(5", "is not an amount of money"),
        ("5)", "is not an amount of money"),
        ("=1+1", "is not an amount of money"),
        ("12\x00", "is not an amount of money"),
        ("--5", "negative twice"),
        ("(£-5)", "negative twice"),
        ("-(5)", "negative twice"),
        ("12,34", "thousands commas in the wrong places"),
        ("1,2345", "thousands commas in the wrong places"),
        ("12.345", "more precise than a penny"),
        ("0.001", "more precise than a penny"),
        ("99999999999999", "too large: at most 13 digits"),
        ("1" * 1000, "too large"),
        # every digit counts: a figure longer than Decimal's 28 digits is not rounded
        ("1.0000000000000000000000000000001", "more precise than a penny"),
        ("-1.0000000000000000000000000000001", "more precise than a penny"),
        ("(1.00000000000000000000000000001m)", "more precise than a penny"),
    ],
)
def test_refused_forms(text: str, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        read_money(text)


def test_a_long_refusal_shows_the_start_of_what_was_typed() -> None:
    with pytest.raises(MoneyError) as refused:
        read_money("x" * 500)
    assert len(str(refused.value)) < 100


@pytest.mark.parametrize(
    ("amount", "symbol", "shown"),
    [
        (Decimal(12888), False, "12,888"),
        (Decimal(-63112), False, "(63,112)"),
        (Decimal(12888), True, "£12,888"),
        (Decimal(-63112), True, "(£63,112)"),
        (Decimal(0), False, "0"),
        (Decimal("-0.4"), False, "0"),  # rounds to nothing: no brackets
        (Decimal("0.5"), False, "1"),  # half away from zero
        (Decimal("-0.5"), False, "(1)"),
        (Decimal("2.5"), False, "3"),  # not to even
        (Decimal(-1926034), False, "(1,926,034)"),
        (432000, False, "432,000"),
    ],
)
def test_pounds(amount: Decimal | int, symbol: bool, shown: str) -> None:
    assert pounds(amount, symbol=symbol) == shown


def test_pounds_to_the_penny() -> None:
    assert pounds(Decimal("-1234.565"), places=2) == "(1,234.57)"


@pytest.mark.parametrize(
    ("amount", "symbol", "shown"),
    [
        (Decimal(432000), False, "0.432"),
        (Decimal(-114000), False, "(0.114)"),
        (Decimal(432000), True, "£0.432m"),
        (Decimal(-114000), True, "(£0.114m)"),
        (Decimal(667000), False, "0.667"),
        (Decimal(34410000), True, "£34.410m"),
        (Decimal(1500), False, "0.002"),  # 0.0015 half away from zero
        (Decimal(-1500), False, "(0.002)"),
        (Decimal(-400), False, "0.000"),
        (Decimal(1234567890), False, "1,234.568"),
    ],
)
def test_millions(amount: Decimal, symbol: bool, shown: str) -> None:
    assert millions(amount, symbol=symbol) == shown


@pytest.mark.parametrize(
    ("amount", "places", "expected"),
    [
        (Fraction(1, 2), 0, Decimal(1)),
        (Fraction(-1, 2), 0, Decimal(-1)),
        (Fraction(1, 3), 2, Decimal("0.33")),
        (Fraction(2, 3), 2, Decimal("0.67")),
        (Decimal("0.125"), 2, Decimal("0.13")),
        (Decimal("-0.125"), 2, Decimal("-0.13")),
        (7, 2, Decimal("7.00")),
    ],
)
def test_to_decimal_rounds_half_away_from_zero(
    amount: Fraction | Decimal | int, places: int, expected: Decimal
) -> None:
    result = to_decimal(amount, places)
    assert result == expected
    assert str(result) == str(expected)


def test_spend_words() -> None:
    assert spend_words(Decimal(1)) == "overspend"
    assert spend_words(Decimal("-0.01")) == "underspend"
    assert spend_words(0) == "on budget"
