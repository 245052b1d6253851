"""Figures as typed: read in the indicator's unit, and refused with the reason
when they are in another unit or have more digits than a column keeps."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from goldenthread.domain.figures import (
    FIGURE_DIGITS,
    FIGURE_PLACES,
    FigureError,
    read_figure,
    read_number,
)
from goldenthread.domain.values import NOT_APPLICABLE, NOT_AVAILABLE, Unit, Value, ValueKind


def test_a_figure_is_read_in_the_indicators_unit() -> None:
    assert read_figure("95.63%", Unit.PERCENT) == Value(
        ValueKind.NUMBER, Decimal("95.63"), Unit.PERCENT, 2
    )
    assert read_figure("22.3", Unit.PERCENT) == Value(
        ValueKind.NUMBER, Decimal("22.3"), Unit.PERCENT, 1
    )


def test_words_are_read_as_their_kind() -> None:
    assert read_figure("n/a", Unit.NUMBER) == NOT_APPLICABLE
    assert read_figure("", Unit.NUMBER) == NOT_AVAILABLE


def test_a_figure_in_another_unit_is_refused() -> None:
    with pytest.raises(FigureError, match="enter a figure in %, not in days"):
        read_figure("12 days", Unit.PERCENT)


def test_text_that_is_no_figure_is_refused_with_the_parsers_reason() -> None:
    with pytest.raises(FigureError):
        read_figure("about ten", Unit.NUMBER)


@pytest.mark.parametrize(
    "text",
    ["1" * (FIGURE_DIGITS + 1), "0." + "1" * (FIGURE_PLACES + 1), "1" * 10 + "." + "1" * 6],
)
def test_a_figure_with_more_digits_than_a_column_keeps_is_refused(text: str) -> None:
    with pytest.raises(FigureError, match="too many digits"):
        read_figure(text, Unit.NUMBER)
    with pytest.raises(FigureError, match="too many digits"):
        read_number(text)


def test_the_most_digits_a_column_keeps_are_read() -> None:
    text = "1" * (FIGURE_DIGITS - FIGURE_PLACES) + "." + "1" * FIGURE_PLACES
    assert read_figure(text, Unit.NUMBER).amount == Decimal(text)
    assert read_number(text) == Decimal(text)


def test_a_long_figure_is_shortened_in_the_message() -> None:
    with pytest.raises(FigureError, match=r"'1{27}\.\.\.' has too many digits"):
        read_number("1" * 40)


def test_a_number_is_read_with_commas_and_blank_is_none() -> None:
    assert read_number("1,234") == Decimal("1234")
    assert read_number("  ") is None
    for text in ("ten", "NaN", "Infinity"):
        with pytest.raises(FigureError, match="must be a number"):
            read_number(text)


# --- counted units (issue 17) -------------------------------------------------------------

TONNES = Unit("tonnes")


@pytest.mark.parametrize("text", ["12 tonnes", "12", "12 Tonnes", "12 tonnes.", "12*"])
def test_a_figure_in_a_counted_unit_is_read_with_or_without_its_label(text: str) -> None:
    assert read_figure(text, TONNES) == Value(ValueKind.NUMBER, Decimal("12"), TONNES, 0)


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("12 visits", TONNES, "enter a figure in tonnes, not in visits"),
        ("12%", TONNES, "enter a figure in tonnes, not in %"),
        ("£12", TONNES, "enter a figure in tonnes, not in £"),
        ("12 tonnes", Unit.PERCENT, "enter a figure in %, not in tonnes"),
        ("12 tonnes", Unit.NUMBER, "enter a figure in number, not in tonnes"),
        ("£2.50 per head", Unit("£ per visit"), "not in £ per head"),
    ],
)
def test_a_figure_in_another_unit_than_a_counted_one_is_refused(
    text: str, unit: Unit, message: str
) -> None:
    with pytest.raises(FigureError, match=re.escape(message)):
        read_figure(text, unit)


def test_money_per_head_is_read_in_its_unit() -> None:
    assert read_figure("£2.50 per head", Unit("£ per head")).amount == Decimal("2.50")
