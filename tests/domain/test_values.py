"""Values: figures as people type or paste them, read exactly into Decimals."""

from __future__ import annotations

import pickle
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.values import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    Unit,
    Value,
    ValueKind,
    ValueParseError,
    decimal_places,
    format_amount,
    parse_value,
    round_to,
    same_unit,
)

# --- the forms people type or paste -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "unit", "decimals"),
    [
        # percentages, with the places as written
        ("97.00%", "97.00", Unit.PERCENT, 2),
        ("12.75%", "12.75", Unit.PERCENT, 2),
        ("100%", "100", Unit.PERCENT, 0),
        ("12.5 %", "12.5", Unit.PERCENT, 1),
        ("0.10", "0.10", None, 2),
        # plain numbers and thousands separators
        ("31,561", "31561", None, 0),
        ("1,234,567.89", "1234567.89", None, 2),
        (".5", "0.5", None, 1),
        ("+5", "5", None, 0),
        ("  42  ", "42", None, 0),
        # money, with K / m / bn scaling in either case
        ("£8,861K", "8861000", Unit.MONEY, 0),
        ("£0.432m", "432000", Unit.MONEY, 0),
        ("£12.78M", "12780000", Unit.MONEY, 0),
        ("£1.0m", "1000000", Unit.MONEY, 0),
        ("£1bn", "1000000000", Unit.MONEY, 0),
        ("£28.7K", "28700", Unit.MONEY, 0),
        ("360K", "360000", None, 0),
        ("£ 5", "5", Unit.MONEY, 0),
        ("£0.0005k", "0.5", Unit.MONEY, 1),
        # negatives: finance brackets, signs before or after the pound sign, unicode minus
        ("(0.114)", "-0.114", None, 3),
        ("(£0.124m)", "-124000", Unit.MONEY, 0),
        ("(£0.302)", "-0.302", Unit.MONEY, 3),
        ("-£1,315", "-1315", Unit.MONEY, 0),
        ("£-1,315", "-1315", Unit.MONEY, 0),
        ("\u22121,315", "-1315", None, 0),
        ("\u2212£1,315", "-1315", Unit.MONEY, 0),
        ("\u22125%", "-5", Unit.PERCENT, 0),
        # time units
        ("22.3 days", "22.3", Unit.DAYS, 1),
        ("1 day", "1", Unit.DAYS, 0),
        ("5 working days", "5", Unit.DAYS, 0),
        ("6.3 weeks", "6.3", Unit.WEEKS, 1),
        ("5 wks", "5", Unit.WEEKS, 0),
        ("2.4 months", "2.4", Unit.MONTHS, 1),
        ("3 hrs", "3", Unit.HOURS, 0),
        ("1.5 hours", "1.5", Unit.HOURS, 1),
        # durations, held in seconds
        ("7:27", "447", Unit.DURATION, 0),
        ("0:59", "59", Unit.DURATION, 0),
        ("75:30", "4530", Unit.DURATION, 0),
        ("1:02:03", "3723", Unit.DURATION, 0),
        ("10:00:00", "36000", Unit.DURATION, 0),
    ],
    ids=lambda v: repr(v) if isinstance(v, str) else None,
)
def test_parse_value_reads_typed_and_pasted_figures_exactly(
    text: str, amount: str, unit: Unit | None, decimals: int
) -> None:
    value = parse_value(text)
    assert value.kind is ValueKind.NUMBER
    assert value.is_number
    assert isinstance(value.amount, Decimal)
    assert value.amount == Decimal(amount)
    assert value.unit is unit
    assert value.decimals == decimals


def test_percent_keeps_the_places_it_was_written_with() -> None:
    value = parse_value("97.00%")
    assert value == Value(ValueKind.NUMBER, Decimal("97.00"), Unit.PERCENT, 2)
    assert str(value.amount) == "97.00"


@pytest.mark.parametrize(
    "text", ["n/a", "N/A", "na", "NA", "n.a.", "not applicable", "Not Applicable", " n/a "]
)
def test_not_applicable_words_mean_not_applicable(text: str) -> None:
    value = parse_value(text)
    assert value == NOT_APPLICABLE
    assert value.kind is ValueKind.NOT_APPLICABLE
    assert not value.is_number
    assert value.amount is None


@pytest.mark.parametrize(
    "raw",
    [None, "", "   ", "-", "\u2013", "\u2014", "Incomplete", "not yet available"],
    ids=repr,
)
def test_blank_dash_or_none_means_not_yet_available(raw: str | None) -> None:
    value = parse_value(raw)
    assert value == NOT_AVAILABLE
    assert value.kind is ValueKind.NOT_AVAILABLE
    assert not value.is_number


def test_not_applicable_and_not_available_are_different() -> None:
    assert parse_value("n/a") != parse_value("")


@pytest.mark.parametrize("absent", [NOT_APPLICABLE, NOT_AVAILABLE], ids=str)
def test_number_of_an_absent_value_raises_and_says_why(absent: Value) -> None:
    with pytest.raises(ValueParseError, match=absent.kind.value):
        absent.number()


def test_number_returns_the_amount_of_a_figure() -> None:
    assert parse_value("22.3 days").number() == Decimal("22.3")


# --- numbers that are not text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0, "0"),
        (31561, "31561"),
        (-5, "-5"),
        (10**30, "1" + "0" * 30),
        (Decimal("97.00"), "97.00"),
        (Decimal("-0.114"), "-0.114"),
    ],
    ids=repr,
)
def test_ints_and_decimals_are_taken_as_they_are(raw: int | Decimal, expected: str) -> None:
    value = parse_value(raw)
    assert value.amount == Decimal(expected)
    assert value.unit is None
    assert value.decimals == decimal_places(Decimal(expected))


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (0.1, "0.1"),
        (1.0, "1.0"),
        (-0.5, "-0.5"),
        (97.5, "97.5"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
    ids=repr,
)
def test_floats_become_their_shortest_decimal_not_binary_noise(raw: float, expected: str) -> None:
    value = parse_value(raw)
    assert isinstance(value.amount, Decimal)
    assert str(value.amount) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_finite_float_reads_as_its_repr(number: float) -> None:
    value = parse_value(number)
    assert value.amount == Decimal(repr(number))
    assert float(value.number()) == number


@given(st.integers(min_value=-(10**20), max_value=10**20))
def test_any_int_reads_exactly(number: int) -> None:
    assert parse_value(number).amount == number


# --- what is not a figure -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1e3",  # scientific notation is not how people write figures
        "abc",
        "1,2",  # bad grouping
        "1,23",
        "1234,567",
        "12,34.5",
        "1 000",
        "100%%",
        "£5 days",  # both money and a time unit
        "£5%",
        "(5",
        "5)",
        "(-5)",  # bracketed and signed
        "-(5)",
        "--5",
        "5.",
        "<26 weeks",  # a bound, which belongs in a target
        ">90%",
        "<=5",
        "7:67",
        "1:60:00",
        "nan",
        "inf",
    ],
)
def test_text_that_is_not_a_figure_raises_quoting_the_text(text: str) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_value(text)
    assert f"'{text}'" in str(raised.value)


def test_a_bound_is_explained_as_belonging_in_a_target() -> None:
    with pytest.raises(ValueParseError, match="target"):
        parse_value("<26 weeks")


@pytest.mark.parametrize("flag", [True, False])
def test_booleans_are_not_figures(flag: bool) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_value(flag)
    assert f"'{flag}'" in str(raised.value)


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")], ids=repr)
def test_nan_and_infinite_floats_are_not_figures(number: float) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_value(number)
    assert f"'{number}'" in str(raised.value)


@pytest.mark.parametrize(
    "number", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"), Decimal("sNaN")], ids=str
)
def test_nan_and_infinite_decimals_are_not_figures(number: Decimal) -> None:
    with pytest.raises(ValueParseError):
        parse_value(number)


def test_value_parse_error_is_a_value_error() -> None:
    assert issubclass(ValueParseError, ValueError)


# --- Value --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "decimals"),
    [("97.00", Unit.PERCENT, 2), (31561, None, 0), (Decimal("0.114"), None, 3)],
    ids=repr,
)
def test_value_of_records_the_places_of_the_amount(
    amount: str | int | Decimal, unit: Unit | None, decimals: int
) -> None:
    value = Value.of(amount, unit)
    assert value == Value(ValueKind.NUMBER, Decimal(amount), unit, decimals)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("97.00%", "97.00%"),
        ("£8,861K", "£8,861,000"),
        ("-£1,315", "-£1,315"),
        ("(0.114)", "-0.114"),
        ("22.3 days", "22.3 days"),
        ("5 working days", "5 days"),
        ("7:27", "7:27"),
        ("1:02:03", "1:02:03"),
        ("n/a", "not applicable"),
        ("", "not yet available"),
    ],
    ids=repr,
)
def test_value_shows_as_the_papers_do(text: str, shown: str) -> None:
    assert str(parse_value(text)) == shown


@pytest.mark.parametrize(
    "text",
    [
        "97.00%",
        "31,561",
        "£8,861K",
        "£0.432m",
        "(0.114)",
        "-£1,315",
        "7:27",
        "1:02:03",
        "22.3 days",
        "6.3 weeks",
        "2.4 months",
        "3 hrs",
        "n/a",
        "",
        "0.10",
    ],
    ids=repr,
)
def test_a_shown_value_reads_back_as_the_same_value(text: str) -> None:
    value = parse_value(text)
    assert parse_value(str(value)) == value


# --- units --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("%", Unit.PERCENT),
        ("percent", Unit.PERCENT),
        ("Percentage", Unit.PERCENT),
        ("  Per  Cent ", Unit.PERCENT),
        ("£", Unit.MONEY),
        ("GBP", Unit.MONEY),
        ("pounds", Unit.MONEY),
        ("days", Unit.DAYS),
        ("Day", Unit.DAYS),
        ("working days", Unit.DAYS),
        ("Working_Days", Unit.DAYS),
        ("weeks", Unit.WEEKS),
        ("month", Unit.MONTHS),
        ("hrs", Unit.HOURS),
        ("mm:ss", Unit.DURATION),
        ("hh:mm:ss", Unit.DURATION),
        ("duration", Unit.DURATION),
        ("number", Unit.NUMBER),
        ("No.", Unit.NUMBER),
        ("count", Unit.NUMBER),
        ("", Unit.NUMBER),
        ("rating", Unit.RATING),
        ("score", Unit.RATING),
    ],
    ids=repr,
)
def test_unit_parse_reads_the_names_people_write(text: str, unit: Unit) -> None:
    assert Unit.parse(text) is unit


@pytest.mark.parametrize("unit", Unit.KNOWN, ids=str)
def test_unit_parse_reads_every_units_own_name(unit: Unit) -> None:
    assert Unit.parse(unit.value) is unit
    assert Unit(unit.value) is unit  # the one object: `unit is Unit.PERCENT` holds
    assert not unit.is_counted


# Issue 17: a unit the engine has not heard of is a counted quantity with that
# label (before, "furlongs" was refused and the file with it).
@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("furlongs", "furlongs"),
        ("  tonnes ", "tonnes"),
        ("days per FTE", "days per FTE"),
        ("Number  of   cases", "Number of cases"),
        ("£ per head", "£ per head"),
        ("pounds sterling", "pounds sterling"),
        ("visits.", "visits"),
        ("square metres", "square metres"),
        ("per 1000 population", "per 1000 population"),
        ("kg per household", "kg per household"),
        ("a" * 40, "a" * 40),
    ],
)
def test_unit_parse_reads_any_other_name_as_a_counted_unit(text: str, label: str) -> None:
    unit = Unit.parse(text)
    assert unit == label and unit.value == label and type(unit.value) is str
    assert unit.is_counted
    assert unit is not Unit.parse(text)  # counted labels are not interned


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("%%", "must start with a letter"),
        ("12 tonnes", "starts with a digit"),
        ("a" * 41, "longer than 40 characters"),
        ("ton\x00nes", "control characters"),
        ("ton\x1bnes", "control characters"),
        ("tonnes\nvisits", "control characters"),
        ("ton\u200bnes", "control characters"),
        ("=SUM(A1:A9)", "'='"),
        ("+tonnes", "has '+'"),
        ("-tonnes", "must start with a letter"),
        ("m\u00b2", "starts with 'm\u00b2'"),
        ("@tonnes", "has '@'"),
        ("tonnes;drop", "has ';'"),
        ("£m", "starts with £"),
        ("k", "starts with 'k'"),
        ("m", "starts with 'm'"),
        ("to", "starts with 'to'"),
        ("days - weeks", "joins two figures"),
        ("visits (1)", "footnote"),
    ],
    ids=repr,
)
def test_unit_parse_refuses_what_cannot_be_a_unit_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ValueParseError, match=re.escape(reason)):
        Unit.parse(text)
    with pytest.raises(ValueError, match=re.escape(reason)):
        Unit(text)


def test_a_long_refused_unit_is_shortened_in_the_message() -> None:
    with pytest.raises(ValueParseError) as raised:
        Unit.parse("x" * 10_000)
    assert len(str(raised.value)) < 200


def test_counted_units_are_the_same_ignoring_case_and_never_a_known_unit() -> None:
    assert same_unit(Unit("Tonnes"), Unit("tonnes"))
    assert same_unit(Unit.PERCENT, Unit("percent"))
    assert not same_unit(Unit("tonnes"), Unit("visits"))
    assert not same_unit(Unit("tonnes"), Unit.NUMBER)
    assert Unit("Days") is Unit.DAYS  # a known unit's name in any case is that unit


def test_a_unit_survives_pickling_as_the_same_unit() -> None:
    assert pickle.loads(pickle.dumps(Unit.PERCENT)) is Unit.PERCENT
    assert pickle.loads(pickle.dumps(Unit("tonnes"))) == Unit("tonnes")
    assert repr(Unit("tonnes")) == "Unit('tonnes')"


# --- decimal places and rounding ----------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "places"),
    [("97.00", 2), ("97", 0), ("0.114", 3), ("1E+3", 0), ("-2.5", 1), ("0.000", 3)],
)
def test_decimal_places_counts_places_as_written(number: str, places: int) -> None:
    assert decimal_places(Decimal(number)) == places


@pytest.mark.parametrize(
    ("amount", "places", "expected"),
    [
        ("2.345", 2, "2.35"),
        ("-2.345", 2, "-2.35"),
        ("2.344", 2, "2.34"),
        ("0.125", 2, "0.13"),
        ("2.5", 0, "3"),
        ("-2.5", 0, "-3"),
        ("3.5", 0, "4"),  # not banker's rounding
        ("97", 2, "97.00"),
        ("96.995", 2, "97.00"),
    ],
)
def test_round_to_rounds_half_up_away_from_zero(amount: str, places: int, expected: str) -> None:
    rounded = round_to(Decimal(amount), places)
    assert rounded == Decimal(expected)
    assert decimal_places(rounded) == places


def test_round_to_none_keeps_every_digit() -> None:
    amount = Decimal("1.23456789")
    assert round_to(amount, None) is amount


amounts = st.decimals(
    min_value=Decimal(-(10**9)), max_value=Decimal(10**9), allow_nan=False, allow_infinity=False
).map(lambda d: d.quantize(Decimal("1E-6")))


@given(amounts, st.integers(min_value=0, max_value=4))
def test_round_to_lands_on_the_nearest_step_at_the_given_places(
    amount: Decimal, places: int
) -> None:
    rounded = round_to(amount, places)
    step = Decimal(1).scaleb(-places)
    assert decimal_places(rounded) == places
    assert abs(rounded - amount) <= step / 2
    if abs(rounded - amount) == step / 2:  # a tie goes away from zero
        assert abs(rounded) > abs(amount)


# --- formatting, and reading the formatted text back --------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "places", "shown"),
    [
        ("97", Unit.PERCENT, 2, "97.00%"),
        ("96.995", Unit.PERCENT, 2, "97.00%"),
        ("15726", Unit.MONEY, 0, "£15,726"),
        ("1234567.891", Unit.MONEY, 2, "£1,234,567.89"),
        ("-1315", Unit.MONEY, 0, "-£1,315"),
        ("22.3", Unit.DAYS, 1, "22.3 days"),
        ("6.3", Unit.WEEKS, None, "6.3 weeks"),
        ("2.4", Unit.MONTHS, None, "2.4 months"),
        ("3", Unit.HOURS, None, "3 hours"),
        ("1234.5", Unit.NUMBER, 0, "1235"),
        ("1234.5", None, None, "1234.5"),
        ("5", Unit.RATING, None, "5"),
        ("447", Unit.DURATION, None, "7:27"),
        ("446.5", Unit.DURATION, None, "7:27"),
        ("3723", Unit.DURATION, None, "1:02:03"),
        ("59", Unit.DURATION, None, "0:59"),
        ("-0.4", Unit.DURATION, None, "0:00"),
        ("-0.001", Unit.MONEY, 2, "£0.00"),
    ],
    ids=repr,
)
def test_format_amount_shows_figures_as_the_papers_do(
    amount: str, unit: Unit | None, places: int | None, shown: str
) -> None:
    assert format_amount(Decimal(amount), unit, places) == shown


@pytest.mark.parametrize(
    ("unit", "shown"),
    [(Unit.PERCENT, "0.00%"), (Unit.DAYS, "0.00 days"), (Unit.NUMBER, "0.00")],
    ids=str,
)
def test_a_negative_that_rounds_to_zero_is_shown_without_a_minus(unit: Unit, shown: str) -> None:
    assert format_amount(Decimal("-0.001"), unit, 2) == shown


@given(
    amounts,
    st.sampled_from([Unit.PERCENT, Unit.MONEY, Unit.DAYS, Unit.NUMBER]),
    st.integers(min_value=0, max_value=4),
)
def test_formatted_amount_reads_back_rounded_half_up(
    amount: Decimal, unit: Unit, places: int
) -> None:
    value = parse_value(format_amount(amount, unit, places))
    assert value.amount == round_to(amount, places)
    assert value.decimals == places
    assert value.unit is (None if unit is Unit.NUMBER else unit)


@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False))
def test_durations_round_trip_through_whole_seconds(seconds: Decimal) -> None:
    value = parse_value(format_amount(seconds, Unit.DURATION))
    assert value.unit is Unit.DURATION
    assert value.amount == round_to(seconds, 0)


@pytest.mark.parametrize("seconds", ["-30", "-447", "-3723"])
def test_a_negative_duration_reads_back(seconds: str) -> None:
    value = parse_value(format_amount(Decimal(seconds), Unit.DURATION))
    assert value.amount == Decimal(seconds)
    assert value.unit is Unit.DURATION


@given(amounts.map(abs))
def test_grouped_thousands_and_finance_brackets_read_back(amount: Decimal) -> None:
    grouped = f"{amount:,f}"
    assert parse_value(grouped).amount == amount
    assert parse_value(f"({grouped})").amount == -amount
    assert parse_value(f"£{grouped}").amount == amount


# --- counted units, footnote marks and full stops (issue 17) ------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "label", "shown"),
    [
        ("15,239 tonnes", "15239", "tonnes", "15,239 tonnes"),
        ("12 visits", "12", "visits", "12 visits"),
        ("3.5 days per FTE", "3.5", "days per FTE", "3.5 days per FTE"),
        ("1,204 number of cases", "1204", "number of cases", "1,204 number of cases"),
        ("£2.50 per head", "2.50", "£ per head", "£2.50 per head"),
        ("-£2.50 per head", "-2.50", "£ per head", "-£2.50 per head"),
        ("(1,000 tonnes)", "-1000", "tonnes", "-1,000 tonnes"),
        ("12 tonnes (dry)", "12", "tonnes (dry)", "12 tonnes (dry)"),
        ("15.2k tonnes", "15200", "tonnes", "15,200 tonnes"),
        ("12  Tonnes ", "12", "Tonnes", "12 Tonnes"),
        ("5 dayz", "5", "dayz", "5 dayz"),  # a label as written: refused against days
        ("5 days days", "5", "days days", "5 days days"),
        ("12 tonnes.", "12", "tonnes", "12 tonnes"),
    ],
    ids=repr,
)
def test_any_other_word_after_a_number_is_a_counted_unit(
    text: str, amount: str, label: str, shown: str
) -> None:
    value = parse_value(text)
    assert value.amount == Decimal(amount)
    assert value.unit == label and value.unit is not None and value.unit.is_counted
    assert str(value) == shown
    assert parse_value(shown) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("95%*", "95%"),
        ("95%\u2020", "95%"),
        ("95%\u2021", "95%"),
        ("95% (1)", "95%"),
        ("95%[2]", "95%"),
        ("95%\u00b9", "95%"),
        ("95%.", "95%"),
        ("95%.*", "95%"),
        ("95%*.", "95%"),
        ("12\u2020", "12"),
        ("£5.50.", "£5.50"),
        ("22.3 days.", "22.3 days"),
        ("15,239 tonnes*", "15,239 tonnes"),
    ],
    ids=repr,
)
def test_footnote_marks_and_a_closing_full_stop_are_dropped(text: str, expected: str) -> None:
    assert parse_value(text) == parse_value(expected)


@pytest.mark.parametrize(
    "text",
    [
        "5 to",  # the start of a range, not a unit
        "5 and",
        "70 to 80 tonnes",  # a range belongs in a target
        "12 m\u00b2",  # 12 million, then a mark: not a figure
        "£5 tonnes",  # money and a counted unit
        "12 time",  # a unit's name that is never written after a figure
        "12 =SUM(A1)",
        "12 tonnes\x00",
        "12 ton\x1bnes",
        "12 " + "a" * 41,
        "(5)*(1)x",
        "1e3",
        "12tonnes",  # a counted unit is written after a space
    ],
    ids=repr,
)
def test_words_after_a_number_that_cannot_be_a_unit_are_refused(text: str) -> None:
    with pytest.raises(ValueParseError) as raised:
        parse_value(text)
    assert len(str(raised.value)) < 400


def test_a_bracketed_number_is_negative_not_a_footnote() -> None:
    assert parse_value("(5)").amount == Decimal(-5)
    assert parse_value("(12)").amount == Decimal(-12)


@pytest.mark.parametrize(
    ("amount", "places", "shown"),
    [
        ("15239", 0, "15,239 tonnes"),
        ("1234567.891", 2, "1,234,567.89 tonnes"),
        ("-1315", 0, "-1,315 tonnes"),
        ("-0.001", 2, "0.00 tonnes"),
        ("12", None, "12 tonnes"),
    ],
)
def test_format_amount_shows_a_counted_quantity_with_separators_and_its_label(
    amount: str, places: int | None, shown: str
) -> None:
    assert format_amount(Decimal(amount), Unit("tonnes"), places) == shown


# Labels drawn from the characters a unit may have; those `Unit.parse` accepts
# must read back from any figure written in them.
labels = st.text(
    alphabet=st.sampled_from("abcdeklmnoprstuvwxyzAEFKMT £%/.-()'0123456789\u00b2é"),
    min_size=1,
    max_size=45,
)


@given(labels, amounts, st.integers(min_value=0, max_value=3))
def test_any_counted_label_round_trips_through_format_and_parse(
    label: str, amount: Decimal, places: int
) -> None:
    try:
        unit = Unit.parse(label)
    except ValueParseError:
        return  # refused with its reason: nothing to read back
    if not unit.is_counted:
        return  # a known unit's name ("no", "cost"): the known units' own tests above
    value = parse_value(format_amount(amount, unit, places))
    assert value.amount == round_to(amount, places)
    assert value.unit == unit


@given(st.text(max_size=60))
def test_any_text_is_a_unit_or_refused_with_a_value_error(text: str) -> None:
    try:
        unit = Unit.parse(text)
    except ValueParseError as error:
        assert str(error)
    else:
        assert len(unit) <= 40 and unit == " ".join(unit.split())


@given(st.text(max_size=80))
def test_any_text_is_a_figure_or_refused_with_a_value_error(text: str) -> None:
    try:
        parse_value(text)
    except ValueParseError as error:
        assert str(error)
