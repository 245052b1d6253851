"""Aggregation: a quarter's figure from its months, and like-for-like comparison."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.aggregation import (
    Aggregation,
    AggregationError,
    Reading,
    aggregate,
    like_for_like,
)
from goldenthread.domain.values import (
    NOT_APPLICABLE,
    NOT_AVAILABLE,
    Unit,
    Value,
    ValueKind,
    parse_value,
    round_to,
)

LATEST, MEAN, SUM, RATIO = Aggregation.LATEST, Aggregation.MEAN, Aggregation.SUM, Aggregation.RATIO


def months(*texts: str) -> list[Value]:
    return [parse_value(text) for text in texts]


# ---------------------------------------------------------------------------
# Seed 001: the monthly tables of the Q1 2019/20 exception pages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "method", "places", "printed"),
    [
        # line 793 -> 785: HB new claims, average days
        pytest.param(("21", "24", "22"), MEAN, 1, "22.3", id="hb-new-claims"),
        # line 896 -> 887: payroll on time LBH
        pytest.param(("99.99%", "99.99%", "95.63%"), MEAN, 2, "98.54", id="payroll-on-time-lbh"),
        # line 916 -> 910: BACS on time LBH
        pytest.param(("100.00%", "100.00%", "96.77%"), MEAN, 2, "98.92", id="bacs-lbh"),
        # line 956 -> 949: amendments to contracts LBH
        pytest.param(("73.00%", "33.00%", "100.00%"), MEAN, 2, "68.67", id="amendments-lbh"),
        # line 978 -> 972: ICT satisfaction LBH
        pytest.param(("6.36", "6.32", "6.19"), MEAN, 2, "6.29", id="ict-satisfaction-lbh"),
        # line 979 -> 972: ICT satisfaction LBN
        pytest.param(("6.42", "6.30", "6.34"), MEAN, 2, "6.35", id="ict-satisfaction-lbn"),
        # line 875 -> 868: payroll accuracy LBN ("99.9%" printed)
        pytest.param(("99.92%", "99.97%", "99.80%"), MEAN, 2, "99.90", id="payroll-accuracy-lbn"),
        # line 1098 -> 1093: care orders LBH, no cases in June: the n/a month is left out
        pytest.param(("42.43", "26.50", "N/A"), MEAN, 2, "34.47", id="care-orders-lbh"),
        # line 1099 -> 1093: care orders LBN
        pytest.param(("43.50", "36.79", "26.10"), MEAN, 2, "35.46", id="care-orders-lbn"),
        # line 773 -> 767: council tax collected so far (cumulative): June's figure
        pytest.param(("12.61%", "21.54%", "30.48%"), LATEST, 2, "30.48", id="council-tax-lbh"),
        # line 832 -> 826: NNDR LBH collected so far (cumulative)
        pytest.param(("13.52%", "26.83%", "34.69%"), LATEST, 2, "34.69", id="nndr-lbh"),
        # line 834 -> 826: NNDR LBN collected so far (cumulative)
        pytest.param(("13.03%", "23.31%", "32.73%"), LATEST, 2, "32.73", id="nndr-lbn"),
    ],
)
def test_seed_001_quarter_figure_from_its_months(
    monthly: tuple[str, ...], method: Aggregation, places: int, printed: str
) -> None:
    result = aggregate(months(*monthly), method)
    assert result.kind is ValueKind.NUMBER
    assert round_to(result.number(), places) == Decimal(printed)
    assert result.unit is parse_value(monthly[0]).unit


def test_mean_keeps_every_digit_until_shown() -> None:
    result = aggregate(months("21", "24", "22"), MEAN)
    assert result.number() == Decimal(67) / 3
    assert result.decimals == 0  # the places the months were written with


def test_decimals_are_the_most_any_month_was_written_with() -> None:
    assert aggregate(months("6.4", "6.32", "6"), MEAN).decimals == 2
    assert aggregate(months("5", "7.125"), SUM).decimals == 3


def test_latest_is_the_last_month_as_written() -> None:
    june = parse_value("30.48%")
    assert aggregate([*months("12.61%", "21.54%"), june], LATEST) == june


def test_plain_values_and_readings_mix() -> None:
    mixed = [parse_value("21"), Reading(parse_value("24")), parse_value("22")]
    assert aggregate(mixed, MEAN) == aggregate(months("21", "24", "22"), MEAN)


# ---------------------------------------------------------------------------
# Sum and ratio
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "total", "unit"),
    [
        pytest.param(("5", "7", "9"), "21", None, id="counts"),
        pytest.param(("£1,200", "£800", "£15.50"), "2015.50", Unit.MONEY, id="money"),
        pytest.param(("5", "n/a", "9"), "14", None, id="na-month-left-out"),
        pytest.param(("583",), "583", None, id="one-month"),
    ],
)
def test_sum_of_counts_and_money(monthly: tuple[str, ...], total: str, unit: Unit | None) -> None:
    result = aggregate(months(*monthly), SUM)
    assert result.number() == Decimal(total)
    assert result.unit is unit


def test_ratio_of_summed_numerators_and_denominators_percent() -> None:
    # 33 of 37 in one month, 29 of 31 the next
    readings = [
        Reading(parse_value("89.19%"), Decimal(33), Decimal(37)),
        Reading(parse_value("93.55%"), Decimal(29), Decimal(31)),
    ]
    result = aggregate(readings, RATIO)
    assert result.number() == Decimal(33 + 29) * 100 / Decimal(37 + 31)
    assert result.unit is Unit.PERCENT
    assert result.decimals == 2
    # not the mean of the two rates
    assert result.number() != aggregate([r.value for r in readings], MEAN).number()


def test_ratio_without_percent_is_not_scaled() -> None:
    readings = [
        Reading(parse_value("2.5"), Decimal(10), Decimal(4)),
        Reading(parse_value("3"), Decimal(9), Decimal(3)),
    ]
    assert aggregate(readings, RATIO).number() == Decimal(19) / Decimal(7)


def test_ratio_leaves_out_not_applicable_months() -> None:
    readings = [
        Reading(parse_value("50%"), Decimal(1), Decimal(2)),
        Reading(NOT_APPLICABLE),
        Reading(parse_value("100%"), Decimal(4), Decimal(4)),
    ]
    assert aggregate(readings, RATIO).number() == Decimal(500) / Decimal(6)


@pytest.mark.parametrize(
    ("readings", "month"),
    [
        pytest.param(
            [
                Reading(parse_value("50%"), Decimal(1), Decimal(2)),
                Reading(parse_value("60%"), None, Decimal(10)),
            ],
            "month 2",
            id="no-numerator",
        ),
        pytest.param(
            [
                Reading(parse_value("50%"), Decimal(1), Decimal(2)),
                Reading(parse_value("60%"), Decimal(6), Decimal(10)),
                Reading(parse_value("70%"), Decimal(7), None),
            ],
            "month 3",
            id="no-denominator",
        ),
        pytest.param([parse_value("50%")], "month 1", id="plain-value"),
    ],
)
def test_ratio_needs_numerator_and_denominator_naming_the_month(
    readings: list[Reading | Value], month: str
) -> None:
    with pytest.raises(AggregationError, match=month):
        aggregate(readings, RATIO)


def test_ratio_with_zero_denominators_is_an_error() -> None:
    readings = [
        Reading(parse_value("0%"), Decimal(0), Decimal(0)),
        Reading(parse_value("0%"), Decimal(0), Decimal(0)),
    ]
    with pytest.raises(AggregationError, match="zero"):
        aggregate(readings, RATIO)


# ---------------------------------------------------------------------------
# Missing months
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", list(Aggregation), ids=str)
@pytest.mark.parametrize(
    "monthly",
    [
        pytest.param(("90%", "", "95%"), id="blank-middle"),
        pytest.param(("90%", "95%", ""), id="blank-last"),
        pytest.param(("n/a", "n/a", ""), id="na-and-blank"),
        pytest.param(("", "", ""), id="all-blank"),
    ],
)
def test_any_month_not_yet_available_makes_the_quarter_incomplete(
    method: Aggregation, monthly: tuple[str, ...]
) -> None:
    assert aggregate(months(*monthly), method) == NOT_AVAILABLE


@pytest.mark.parametrize("method", list(Aggregation), ids=str)
def test_all_months_not_applicable_is_not_applicable(method: Aggregation) -> None:
    # seed 001 line 751: H&S e-learning, Havering N/A for every month
    assert aggregate(months("N/A", "N/A", "N/A"), method) == NOT_APPLICABLE


# ---------------------------------------------------------------------------
# Aggregation names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("latest", LATEST, id="latest"),
        pytest.param("LATEST", LATEST, id="latest-upper"),
        pytest.param("cumulative", Aggregation.CUMULATIVE, id="cumulative"),
        pytest.param("Year to date", Aggregation.CUMULATIVE, id="year-to-date"),
        pytest.param("snapshot", LATEST, id="snapshot"),
        pytest.param("last", LATEST, id="last"),
        pytest.param(" Mean ", MEAN, id="mean-spaced"),
        pytest.param("average", MEAN, id="average"),
        pytest.param("sum", SUM, id="sum"),
        pytest.param("Total", SUM, id="total"),
        pytest.param("ratio", RATIO, id="ratio"),
    ],
)
def test_aggregation_parse(text: str, expected: Aggregation) -> None:
    assert Aggregation.parse(text) is expected


@pytest.mark.parametrize("text", ["median", "", "avg."])
def test_aggregation_parse_error(text: str) -> None:
    with pytest.raises(ValueError, match=f"unknown aggregation '{text}'"):
        Aggregation.parse(text)


# ---------------------------------------------------------------------------
# Like for like
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparison", "months_", "comparison_months", "expected"),
    [
        pytest.param("100", 3, 12, "25", id="quarter-vs-year"),
        pytest.param("£1,200", 6, 12, "600", id="half-year-vs-year"),
        pytest.param("89", 3, 12, "22.25", id="pro-rata-fraction"),
        pytest.param("30", 12, 3, "120", id="year-vs-quarter"),
        pytest.param("40", 1, 2, "20", id="month-vs-two-months"),
    ],
)
def test_like_for_like_scales_sums(
    comparison: str, months_: int, comparison_months: int, expected: str
) -> None:
    before = parse_value(comparison)
    result = like_for_like(before, SUM, months=months_, comparison_months=comparison_months)
    assert result is not None
    assert result.number() == Decimal(expected)
    assert result.unit is before.unit


@pytest.mark.parametrize("method", [MEAN, LATEST, RATIO], ids=str)
def test_like_for_like_leaves_rates_unchanged(method: Aggregation) -> None:
    before = parse_value("97.06%")
    assert like_for_like(before, method, months=3, comparison_months=12) == before


def test_like_for_like_cumulative_compares_only_the_same_part_of_a_year() -> None:
    june = parse_value("30.48%")
    assert like_for_like(june, Aggregation.CUMULATIVE, months=3, comparison_months=3) == june
    assert like_for_like(june, Aggregation.CUMULATIVE, months=3, comparison_months=12) is None


def test_cumulative_quarter_is_its_last_month() -> None:
    months = [parse_value("10.5%"), parse_value("20.1%"), parse_value("30.48%")]
    assert aggregate(months, Aggregation.CUMULATIVE) == parse_value("30.48%")


@pytest.mark.parametrize("method", list(Aggregation), ids=str)
def test_like_for_like_same_length_unchanged(method: Aggregation) -> None:
    before = parse_value("692")
    assert like_for_like(before, method, months=3, comparison_months=3) == before


@pytest.mark.parametrize("comparison", [NOT_APPLICABLE, NOT_AVAILABLE], ids=str)
def test_like_for_like_without_a_figure_unchanged(comparison: Value) -> None:
    assert like_for_like(comparison, SUM, months=3, comparison_months=12) == comparison


@pytest.mark.parametrize(
    ("months_", "comparison_months"),
    [
        pytest.param(0, 12, id="zero-months"),
        pytest.param(3, 0, id="zero-comparison-months"),
        pytest.param(-3, 12, id="negative-months"),
        pytest.param(3, -12, id="negative-comparison-months"),
    ],
)
def test_like_for_like_non_positive_months_is_an_error(
    months_: int, comparison_months: int
) -> None:
    with pytest.raises(AggregationError, match="at least one month"):
        like_for_like(parse_value("100"), SUM, months=months_, comparison_months=comparison_months)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

amounts = st.decimals(
    min_value=Decimal("-100000"),
    max_value=Decimal("100000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
month_lists = st.lists(amounts, min_size=1, max_size=12)


@given(month_lists)
def test_property_mean_lies_between_min_and_max(amounts_: list[Decimal]) -> None:
    result = aggregate([Value.of(a) for a in amounts_], MEAN).number()
    assert min(amounts_) <= result <= max(amounts_)


@given(month_lists, month_lists)
def test_property_sum_of_concatenation_is_sum_of_sums(
    first: list[Decimal], second: list[Decimal]
) -> None:
    def total(amounts_: list[Decimal]) -> Decimal:
        return aggregate([Value.of(a) for a in amounts_], SUM).number()

    assert total(first + second) == total(first) + total(second)


@given(
    denominator=st.integers(min_value=1, max_value=100000),
    data=st.data(),
)
def test_property_ratio_with_equal_denominators_is_mean_of_rates(
    denominator: int, data: st.DataObject
) -> None:
    numerators = data.draw(
        st.lists(st.integers(min_value=0, max_value=denominator), min_size=1, max_size=12)
    )
    readings = [
        Reading(
            Value.of(Decimal(n) * 100 / Decimal(denominator), Unit.PERCENT),
            Decimal(n),
            Decimal(denominator),
        )
        for n in numerators
    ]
    ratio = aggregate(readings, RATIO).number()
    mean = aggregate([r.value for r in readings], MEAN).number()
    assert abs(ratio - mean) <= Decimal("1e-20")


def test_no_months_at_all_is_incomplete_not_not_applicable() -> None:
    assert aggregate([], Aggregation.MEAN).kind is ValueKind.NOT_AVAILABLE


@pytest.mark.parametrize("method", list(Aggregation))
def test_like_for_like_refuses_empty_periods_whatever_the_method(method: Aggregation) -> None:
    with pytest.raises(AggregationError):
        like_for_like(parse_value("100"), method, months=0, comparison_months=0)
