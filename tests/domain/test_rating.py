"""Rating a value against its target: RAG (oneSource) and achieved/failed.

The paper's rule (seed 001, line 630-632): green when the target is achieved;
amber when "within 5% of the agreed target"; red when missed "by a margin
greater than 5%". The 5% is read relative to the target figure.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.aggregation import Aggregation, like_for_like
from goldenthread.domain.direction import Direction, direction_of_travel
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.rating import (
    DEFAULT_TOLERANCE,
    Assessment,
    RatingRule,
    Scheme,
    Status,
    Tolerance,
    ToleranceError,
    assess,
)
from goldenthread.domain.targets import (
    Band,
    Comparator,
    Target,
    TargetParseError,
    Threshold,
    parse_target,
)
from goldenthread.domain.values import NOT_APPLICABLE, NOT_AVAILABLE, Value, parse_value

UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE
RAG, AF = Scheme.RAG, Scheme.ACHIEVED_FAILED
GREEN, AMBER, RED = Status.GREEN, Status.AMBER, Status.RED
ACHIEVED, FAILED = Status.ACHIEVED, Status.FAILED
JUNE = 3  # finance period 3 = June, the last month of Q1

# seed 001 line 774: council tax monthly collection profile (LBH)
COUNCIL_TAX_PROFILE = (
    "12.75%; 21.98%; 31.10%; 40.22%; 49.18%; 58.39%; 67.68%; 76.57%; 85.77%; 94.51%; 96.40%; 97.00%"
)
# seed 001 lines 833 and 835: NNDR monthly collection profiles
NNDR_LBH_PROFILE = (
    "11.31%; 19.52%; 30.68%; 40.36%; 52.28%; 60.11%; 67.99%; 76.67%; 85.11%; 91.76%; 96.05%; 98.70%"
)
NNDR_LBN_PROFILE = (
    "11.19%; 25.68%; 32.98%; 42.63%; 50.16%; 58.21%; 66.53%; 74.60%; 82.77%; 91.63%; 96.24%; 99.80%"
)


def rate(
    value: str,
    target: str,
    polarity: Polarity = UP,
    **options: object,
) -> Assessment:
    return assess(parse_value(value), parse_target(target), polarity=polarity, **options)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Seed 001: the Q1 2019/20 exception pages, rated by the paper's rule
# ---------------------------------------------------------------------------

# (value, target, polarity, period_number, expected RAG)
SEED_001_Q1 = [
    # line 727-728: FM compliance, LBH 88.17% vs 95% (short by 6.83 > 4.75)
    pytest.param("88.17%", "95%", UP, None, RED, id="fm-compliance-lbh"),
    # line 727-728: FM compliance, LBN 100% vs 95%
    pytest.param("100%", "95%", UP, None, GREEN, id="fm-compliance-lbn"),
    # line 767-774: council tax 30.48% vs June's profile point 31.10% (0.62 <= 1.555)
    pytest.param("30.48%", COUNCIL_TAX_PROFILE, UP, JUNE, AMBER, id="council-tax-lbh"),
    # line 785-786: HB new claims 22.3 days vs 20 days (2.3 > 1 day)
    pytest.param("22.3 days", "20 days", DOWN, None, RED, id="hb-new-claims"),
    # line 805-806: HB change of circumstances 17 days vs 11 days
    pytest.param("17 days", "11 days", DOWN, None, RED, id="hb-change-of-circumstances"),
    # line 826-833: NNDR LBH 34.69% vs June's profile point 30.68%
    pytest.param("34.69%", NNDR_LBH_PROFILE, UP, JUNE, GREEN, id="nndr-lbh"),
    # line 826-835: NNDR LBN 32.73% vs June's profile point 32.98% (0.25 <= 1.649)
    pytest.param("32.73%", NNDR_LBN_PROFILE, UP, JUNE, AMBER, id="nndr-lbn"),
    # line 847-848: accounts payable LBB 95.54% vs 95%
    pytest.param("95.54%", "95%", UP, None, GREEN, id="accounts-payable-lbb"),
    # line 847-848: accounts payable LBH 97.2% vs 95%
    pytest.param("97.2%", "95%", UP, None, GREEN, id="accounts-payable-lbh"),
    # line 847-848: accounts payable LBN 94.8% vs 95%
    pytest.param("94.8%", "95%", UP, None, AMBER, id="accounts-payable-lbn"),
    # line 868-869: payroll accuracy LBH 99.93% vs 99.95%
    pytest.param("99.93%", "99.95%", UP, None, AMBER, id="payroll-accuracy-lbh"),
    # line 868-869: payroll accuracy LBN 99.9% vs 99.95%
    pytest.param("99.9%", "99.95%", UP, None, AMBER, id="payroll-accuracy-lbn"),
    # line 887-888: payroll on time LBH 98.54% vs 100%
    pytest.param("98.54%", "100%", UP, None, AMBER, id="payroll-on-time-lbh"),
    # line 887-888: payroll on time LBN 99.98% vs 100%
    pytest.param("99.98%", "100%", UP, None, AMBER, id="payroll-on-time-lbn"),
    # line 910-911: BACS on time LBH 98.92% vs 100%
    pytest.param("98.92%", "100%", UP, None, AMBER, id="bacs-lbh"),
    # line 930-931: contracts issued LBH 46% vs 95%
    pytest.param("46%", "95%", UP, None, RED, id="contracts-lbh"),
    # line 930-931: contracts issued LBN 97% vs 95%
    pytest.param("97%", "95%", UP, None, GREEN, id="contracts-lbn"),
    # line 949-950: amendments LBH 68.67% vs 95%
    pytest.param("68.67%", "95%", UP, None, RED, id="amendments-lbh"),
    # line 972-973: ICT satisfaction LBH 6.29 vs 6.3 (0.01 <= 0.315)
    pytest.param("6.29", "6.3", UP, None, AMBER, id="ict-satisfaction-lbh"),
    # line 972-973: ICT satisfaction LBN 6.35 vs 6.3
    pytest.param("6.35", "6.3", UP, None, GREEN, id="ict-satisfaction-lbn"),
    # line 991-992: calls resolved in SLA LBH 83% vs 82.50%
    pytest.param("83%", "82.50%", UP, None, GREEN, id="ict-calls-lbh"),
    # line 1074-1075: legal satisfaction 90% vs 94% (short by 4 <= 4.7)
    pytest.param("90%", "94%", UP, None, AMBER, id="legal-satisfaction"),
    # line 1093-1094: care orders LBH 34.47 weeks vs <26 weeks
    pytest.param("34.47 weeks", "<26 weeks", DOWN, None, RED, id="care-orders-lbh"),
    # line 1093-1094: care orders LBN 35.46 weeks vs <26 weeks
    pytest.param("35.46 weeks", "<26 weeks", DOWN, None, RED, id="care-orders-lbn"),
    # line 1112-1113: hearings per case LBH 6 vs <5 (written "6 cases", "<5 cases")
    pytest.param("6", "<5", DOWN, None, RED, id="hearings-lbh"),
    # line 1128-1129: planning agreements LBH 2.4 months vs <6 months
    pytest.param("2.4 months", "<6 months", DOWN, None, GREEN, id="planning-lbh"),
    # line 1128-1129: planning agreements LBN 7 months vs <6 months (1 > 0.3)
    pytest.param("7 months", "<6 months", DOWN, None, RED, id="planning-lbn"),
    # line 676: care-order cost LBH £15,726 vs <£20,000
    pytest.param("£15,726", "<£20,000", DOWN, None, GREEN, id="care-order-cost-lbh"),
    # line 711: care-order cost LBN £17,527 vs <£20,000
    pytest.param("£17,527", "<£20,000", DOWN, None, GREEN, id="care-order-cost-lbn"),
]


@pytest.mark.parametrize(("value", "target", "polarity", "period", "expected"), SEED_001_Q1)
def test_seed_001_q1_rag(
    value: str, target: str, polarity: Polarity, period: int | None, expected: Status
) -> None:
    result = rate(value, target, polarity, period_number=period)
    assert result.status is expected


@pytest.mark.parametrize(("value", "target", "polarity", "period", "rag"), SEED_001_Q1)
def test_seed_001_q1_achieved_failed(
    value: str, target: str, polarity: Polarity, period: int | None, rag: Status
) -> None:
    result = rate(value, target, polarity, period_number=period, scheme=AF)
    assert result.status is (ACHIEVED if rag is GREEN else FAILED)
    assert result.status not in (GREEN, AMBER, RED)


@pytest.mark.parametrize(
    ("value", "target", "polarity", "period", "judged", "gap"),
    [
        # line 767-768: "slightly off target by 0.62%" (line 776)
        pytest.param(
            "30.48%", COUNCIL_TAX_PROFILE, UP, JUNE, "31.10", "-0.62", id="council-tax-profile"
        ),
        pytest.param("34.69%", NNDR_LBH_PROFILE, UP, JUNE, "30.68", "4.01", id="nndr-lbh-profile"),
        pytest.param("32.73%", NNDR_LBN_PROFILE, UP, JUNE, "32.98", "-0.25", id="nndr-lbn-profile"),
        pytest.param("22.3 days", "20 days", DOWN, None, "20", "2.3", id="hb-over-target"),
        pytest.param("18 days", "20 days", DOWN, None, "20", "-2", id="hb-under-target"),
        pytest.param("97.2%", "95%", UP, None, "95", "2.2", id="ap-over-target"),
        pytest.param("£15,726", "<£20,000", DOWN, None, "20000", "-4274", id="cost-under-bound"),
        pytest.param("34.47 weeks", "<26 weeks", DOWN, None, "26", "8.47", id="weeks-over-bound"),
    ],
)
def test_gap_is_signed_value_minus_the_figure_judged_against(
    value: str, target: str, polarity: Polarity, period: int | None, judged: str, gap: str
) -> None:
    result = rate(value, target, polarity, period_number=period)
    assert result.target == Decimal(judged)
    assert result.gap == Decimal(gap)


def test_profile_point_is_the_target_for_each_month() -> None:
    # line 773-774: April and May against their own profile points
    april = rate("12.61%", COUNCIL_TAX_PROFILE, UP, period_number=1)
    may = rate("21.54%", COUNCIL_TAX_PROFILE, UP, period_number=2)
    march = rate("97.00%", COUNCIL_TAX_PROFILE, UP, period_number=12)
    assert (april.target, april.status) == (Decimal("12.75"), AMBER)
    assert (may.target, may.status) == (Decimal("21.98"), AMBER)
    assert (march.target, march.status) == (Decimal("97.00"), GREEN)


@pytest.mark.parametrize(
    ("period", "judged"),
    [
        pytest.param(1, "25", id="april-q1"),
        pytest.param(3, "25", id="june-q1"),
        pytest.param(4, "50", id="july-q2"),
        pytest.param(12, "100", id="march-q4"),
    ],
)
def test_quarterly_profile_uses_the_quarter_of_the_month(period: int, judged: str) -> None:
    result = rate("30%", "25%; 50%; 75%; 100%", UP, period_number=period)
    assert result.target == Decimal(judged)


def test_profile_without_period_number_is_an_error() -> None:
    with pytest.raises(ValueError, match="period number"):
        rate("30.48%", COUNCIL_TAX_PROFILE, UP)


def test_profile_with_period_outside_the_year_is_an_error() -> None:
    with pytest.raises(TargetParseError, match="13"):
        rate("30.48%", COUNCIL_TAX_PROFILE, UP, period_number=13)


# ---------------------------------------------------------------------------
# Comparators, amber boundary, tolerances
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "polarity", "scheme", "tolerance", "expected"),
    [
        pytest.param("5", "<5", DOWN, RAG, DEFAULT_TOLERANCE, AMBER, id="lt-equal-amber"),
        pytest.param("5", "<5", DOWN, AF, DEFAULT_TOLERANCE, FAILED, id="lt-equal-failed"),
        pytest.param("5", "<5", DOWN, RAG, Tolerance.parse("0"), RED, id="lt-equal-tol0-red"),
        pytest.param("4.99", "<5", DOWN, RAG, DEFAULT_TOLERANCE, GREEN, id="lt-below-green"),
        pytest.param("5", "<=5", DOWN, RAG, DEFAULT_TOLERANCE, GREEN, id="le-equal-green"),
        pytest.param("5", "<=5", DOWN, AF, DEFAULT_TOLERANCE, ACHIEVED, id="le-equal-achieved"),
        pytest.param("5.01", "<=5", DOWN, RAG, DEFAULT_TOLERANCE, AMBER, id="le-above-amber"),
        pytest.param("90%", ">90%", UP, RAG, DEFAULT_TOLERANCE, AMBER, id="gt-equal-amber"),
        pytest.param("90%", ">90%", UP, AF, DEFAULT_TOLERANCE, FAILED, id="gt-equal-failed"),
        pytest.param("90.01%", ">90%", UP, RAG, DEFAULT_TOLERANCE, GREEN, id="gt-above-green"),
        pytest.param("90%", ">=90%", UP, RAG, DEFAULT_TOLERANCE, GREEN, id="ge-equal-green"),
        pytest.param("97.90%", ">90%", UP, RAG, DEFAULT_TOLERANCE, GREEN, id="seed-possession"),
        pytest.param("5", "=5", UP, RAG, DEFAULT_TOLERANCE, GREEN, id="eq-equal-green"),
        pytest.param("5.1", "=5", UP, RAG, DEFAULT_TOLERANCE, AMBER, id="eq-above-amber"),
        # a comparator written in the target wins over the polarity
        pytest.param("4", "<5", UP, RAG, DEFAULT_TOLERANCE, GREEN, id="comparator-over-polarity"),
    ],
)
def test_comparators_are_honoured_exactly(
    value: str,
    target: str,
    polarity: Polarity,
    scheme: Scheme,
    tolerance: Tolerance,
    expected: Status,
) -> None:
    assert rate(value, target, polarity, scheme=scheme, tolerance=tolerance).status is expected


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        pytest.param("100", "100", UP, "5%", GREEN, id="up-met"),
        pytest.param("99.99", "100", UP, "5%", AMBER, id="up-just-missed"),
        pytest.param("95", "100", UP, "5%", AMBER, id="up-amber-edge-inclusive"),
        pytest.param("94.99", "100", UP, "5%", RED, id="up-just-past-amber"),
        # 5% of 20 days is 1 day
        pytest.param("21 days", "20 days", DOWN, "5%", AMBER, id="down-amber-edge-inclusive"),
        pytest.param("21.01 days", "20 days", DOWN, "5%", RED, id="down-just-past-amber"),
        # relative: 5% of a 50% target is 2.5 points
        pytest.param("47.5%", "50%", UP, "5%", AMBER, id="relative-half-target-edge"),
        pytest.param("47.49%", "50%", UP, "5%", RED, id="relative-half-target-past"),
        # absolute: 2 percentage points whatever the target
        pytest.param("98%", "100%", UP, "2pp", AMBER, id="pp-edge-inclusive"),
        pytest.param("97.99%", "100%", UP, "2pp", RED, id="pp-just-past"),
        pytest.param("48%", "50%", UP, "2pp", AMBER, id="pp-half-target-edge"),
        pytest.param("47.99%", "50%", UP, "2pp", RED, id="pp-half-target-past"),
        pytest.param("22 days", "20 days", DOWN, "2 points", AMBER, id="points-down-edge"),
        pytest.param("22.01 days", "20 days", DOWN, "2 points", RED, id="points-down-past"),
        # tolerance 0: any shortfall is red
        pytest.param("99.99%", "100%", UP, "0", RED, id="zero-tolerance-small-miss"),
        pytest.param("100%", "100%", UP, "0", GREEN, id="zero-tolerance-met"),
        pytest.param("20.01 days", "20 days", DOWN, "0pp", RED, id="zero-pp-small-miss"),
        # a zero target leaves no room for amber under a relative tolerance
        pytest.param("1", "0", DOWN, "5%", RED, id="zero-target-relative"),
        pytest.param("1", "0", DOWN, "1pp", AMBER, id="zero-target-absolute"),
    ],
)
def test_amber_band_and_tolerance(
    value: str, target: str, polarity: Polarity, tolerance: str, expected: Status
) -> None:
    result = rate(value, target, polarity, tolerance=Tolerance.parse(tolerance))
    assert result.status is expected


@pytest.mark.parametrize(
    ("text", "amount", "absolute"),
    [
        pytest.param("5%", "5", False, id="percent"),
        pytest.param("  5 %  ", "5", False, id="percent-spaced"),
        pytest.param("2.5%", "2.5", False, id="percent-decimal"),
        pytest.param("2pp", "2", True, id="pp"),
        pytest.param("2 PP", "2", True, id="pp-upper-spaced"),
        pytest.param("2 percentage points", "2", True, id="percentage-points"),
        pytest.param("1 percentage point", "1", True, id="percentage-point"),
        pytest.param("3 points", "3", True, id="points"),
        pytest.param("0", "0", False, id="zero-bare"),
        pytest.param("0%", "0", False, id="zero-percent"),
        pytest.param("0pp", "0", True, id="zero-pp"),
    ],
)
def test_tolerance_parse(text: str, amount: str, absolute: bool) -> None:
    assert Tolerance.parse(text) == Tolerance(Decimal(amount), absolute=absolute)


def test_default_tolerance_is_five_percent_of_the_target() -> None:
    assert Tolerance.parse("5%") == DEFAULT_TOLERANCE
    assert not DEFAULT_TOLERANCE.absolute


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("5", id="bare-nonzero"),
        pytest.param("abc", id="words"),
        pytest.param("-5%", id="negative"),
        pytest.param("", id="blank"),
        pytest.param("%", id="unit-only"),
        pytest.param("5% of target", id="trailing-words"),
    ],
)
def test_tolerance_parse_errors(text: str) -> None:
    with pytest.raises(ToleranceError, match="could not read tolerance"):
        Tolerance.parse(text)


def test_tolerance_error_names_the_text_and_the_forms() -> None:
    with pytest.raises(ToleranceError) as caught:
        Tolerance.parse(" 5 ")
    message = str(caught.value)
    assert "'5'" in message
    assert "5%" in message and "2pp" in message and "0" in message


@pytest.mark.parametrize(
    ("text", "described", "shown"),
    [
        pytest.param("5%", "within 5% of the target", "5%", id="percent"),
        pytest.param("5.0%", "within 5% of the target", "5%", id="percent-trailing-zero"),
        pytest.param("10%", "within 10% of the target", "10%", id="percent-ten"),
        pytest.param("2.5%", "within 2.5% of the target", "2.5%", id="percent-decimal"),
        pytest.param("2pp", "within 2 points of the target", "2pp", id="pp"),
        pytest.param("2.50 points", "within 2.5 points of the target", "2.5pp", id="points"),
        pytest.param("0", "no tolerance: any shortfall is red", "0%", id="zero"),
        pytest.param("0pp", "no tolerance: any shortfall is red", "0pp", id="zero-pp"),
    ],
)
def test_tolerance_describe_and_str(text: str, described: str, shown: str) -> None:
    tolerance = Tolerance.parse(text)
    assert tolerance.describe() == described
    assert str(tolerance) == shown


@pytest.mark.parametrize(
    ("tolerance", "target", "allowance"),
    [
        pytest.param("5%", "20", "1", id="relative-days"),
        pytest.param("5%", "95", "4.75", id="relative-percent"),
        pytest.param("5%", "-200", "10", id="relative-negative-target"),
        pytest.param("2pp", "95", "2", id="absolute"),
        pytest.param("0", "95", "0", id="zero"),
    ],
)
def test_tolerance_allowance(tolerance: str, target: str, allowance: str) -> None:
    assert Tolerance.parse(tolerance).allowance(Decimal(target)) == Decimal(allowance)


# ---------------------------------------------------------------------------
# Every status
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        pytest.param("n/a", "95%", Status.NOT_APPLICABLE, id="value-na"),
        pytest.param("N/A", "", Status.NOT_APPLICABLE, id="value-na-no-target"),
        pytest.param("n/a", "TBD", Status.NOT_APPLICABLE, id="value-na-tbd"),
        pytest.param("90%", "n/a", Status.NOT_APPLICABLE, id="target-na"),
        pytest.param("", "n/a", Status.NOT_APPLICABLE, id="blank-value-target-na"),
        pytest.param("", "95%", Status.INCOMPLETE, id="blank-value"),
        pytest.param("-", "95%", Status.INCOMPLETE, id="dash-value"),
        pytest.param("", "TBD", Status.INCOMPLETE, id="blank-value-tbd"),
        pytest.param("90%", "TBD", Status.NO_TARGET, id="tbd"),
        pytest.param("90%", "TBC", Status.NO_TARGET, id="tbc"),
        pytest.param("90%", "Reactive", Status.NO_TARGET, id="reactive"),
        pytest.param(
            "£40,679", "As much as possible during the year", Status.NO_TARGET, id="as-much"
        ),
        pytest.param("100%", "Compliant", Status.NO_TARGET, id="compliant"),
        pytest.param("90%", "", Status.NO_TARGET, id="blank-target"),
    ],
)
@pytest.mark.parametrize("scheme", [RAG, AF])
def test_statuses_without_a_rating(
    value: str, target: str, expected: Status, scheme: Scheme
) -> None:
    result = rate(value, target, UP, scheme=scheme)
    assert result.status is expected
    assert result.target is None and result.gap is None
    assert not result.status.is_rated


def test_no_target_reason_is_given() -> None:
    assert "TBD" in rate("90%", "TBD").reason
    assert "value not applicable" in rate("n/a", "95%").reason
    assert "target not applicable" in rate("90%", "n/a").reason


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("5", GREEN, id="equal"),
        pytest.param("5.00", GREEN, id="equal-more-places"),
        pytest.param("5.25", AMBER, id="above-within-5pc"),
        pytest.param("4.75", AMBER, id="below-within-5pc"),
        pytest.param("5.26", RED, id="above-outside"),
        pytest.param("4.74", RED, id="below-outside"),
    ],
)
def test_no_polarity_bare_target_means_exactly(value: str, expected: Status) -> None:
    assert rate(value, "5", NONE).status is expected


@pytest.mark.parametrize(
    ("value", "target", "scheme", "expected", "edge", "gap"),
    [
        pytest.param("97%", "95%-100%", RAG, GREEN, None, "0", id="inside"),
        pytest.param("95%", "95%-100%", RAG, GREEN, None, "0", id="low-edge-included"),
        pytest.param("100%", "95%-100%", RAG, GREEN, None, "0", id="high-edge-included"),
        pytest.param("94%", "95%-100%", RAG, AMBER, "95", "-1", id="just-below"),
        pytest.param("101%", "95%-100%", RAG, AMBER, "100", "1", id="just-above"),
        pytest.param("105%", "95%-100%", RAG, AMBER, "100", "5", id="above-amber-edge"),
        pytest.param("105.01%", "95%-100%", RAG, RED, "100", "5.01", id="above-past-amber"),
        pytest.param("80%", "95%-100%", RAG, RED, "95", "-15", id="far-below"),
        pytest.param("94%", "95%-100%", AF, FAILED, "95", "-1", id="just-below-failed"),
        pytest.param("97%", "95%-100%", AF, ACHIEVED, None, "0", id="inside-achieved"),
        pytest.param("4.75", "between 5 and 10", RAG, AMBER, "5", "-0.25", id="between-edge"),
        pytest.param("4.74", "between 5 and 10", RAG, RED, "5", "-0.26", id="between-past"),
    ],
)
def test_band_targets(
    value: str, target: str, scheme: Scheme, expected: Status, edge: str | None, gap: str
) -> None:
    assert isinstance(parse_target(target), Band)
    for polarity in (UP, DOWN, NONE):  # a band says what is met, whatever the polarity
        result = rate(value, target, polarity, scheme=scheme)
        assert result.status is expected
        assert result.target == (None if edge is None else Decimal(edge))
        assert result.gap == Decimal(gap)


@pytest.mark.parametrize(
    ("value", "target", "comparison", "expected"),
    [
        pytest.param("90", "Reduction", "100", GREEN, id="reduction-met"),
        pytest.param("100", "Reduction", "100", AMBER, id="reduction-equal-not-met"),
        pytest.param("105", "Reduction", "100", AMBER, id="reduction-up-within-5pc"),
        pytest.param("105.01", "Reduction", "100", RED, id="reduction-up-past-5pc"),
        pytest.param("51%", "Increase", "50%", GREEN, id="increase-met"),
        pytest.param("50%", "Increase", "50%", AMBER, id="increase-equal-not-met"),
        pytest.param("40%", "Increase", "50%", RED, id="increase-fell"),
        pytest.param("12", "Lower than 2015/16", "14", GREEN, id="lower-than-year-met"),
        pytest.param("14", "Lower than 2015/16", "14", AMBER, id="lower-than-year-equal"),
        pytest.param("9", "Higher than last year", "8", GREEN, id="higher-than-last-year"),
    ],
)
def test_relative_targets_against_comparison(
    value: str, target: str, comparison: str, expected: Status
) -> None:
    # polarity does not change a relative target's meaning
    for polarity in (UP, DOWN):
        result = rate(value, target, polarity, comparison=parse_value(comparison))
        assert result.status is expected
        assert result.target == parse_value(comparison).amount
        assert result.gap == parse_value(value).number() - parse_value(comparison).number()


@pytest.mark.parametrize(
    "comparison",
    [
        pytest.param(None, id="none"),
        pytest.param(NOT_APPLICABLE, id="comparison-na"),
        pytest.param(NOT_AVAILABLE, id="comparison-blank"),
    ],
)
@pytest.mark.parametrize("scheme", [RAG, AF])
def test_relative_target_without_comparison_has_no_target(
    comparison: Value | None, scheme: Scheme
) -> None:
    result = rate("90", "Reduction", DOWN, comparison=comparison, scheme=scheme)
    assert result.status is Status.NO_TARGET
    assert "comparison" in result.reason


def test_relative_target_under_achieved_failed() -> None:
    last_year = parse_value("100")
    assert rate("99", "Reduction", DOWN, comparison=last_year, scheme=AF).status is ACHIEVED
    assert rate("100", "Reduction", DOWN, comparison=last_year, scheme=AF).status is FAILED


def test_relative_target_comparison_is_judged_as_shown() -> None:
    # last year 89 complaints; this quarter 22; pro rata comparison 89 * 3 / 12 = 22.25.
    # Both figures are shown as 22 (0 decimals), and direction_of_travel with decimals=0
    # calls that MAINTAINED; a "Reduction" target cannot then be met.
    comparison = like_for_like(parse_value("89"), Aggregation.SUM, months=3, comparison_months=12)
    result = assess(
        parse_value("22"),
        parse_target("Reduction"),
        polarity=DOWN,
        comparison=comparison,
        decimals=0,
    )
    assert result.status is AMBER
    assert result.gap == 0


def test_pro_rata_comparison_shown_equal_is_maintained() -> None:
    # the direction-of-travel half of the case above, which does compare as shown
    comparison = like_for_like(parse_value("89"), Aggregation.SUM, months=3, comparison_months=12)
    assert comparison.amount == Decimal("22.25")
    travel = direction_of_travel(parse_value("22"), comparison, polarity=DOWN, decimals=0)
    assert travel.direction is Direction.MAINTAINED


# ---------------------------------------------------------------------------
# A value is judged as it is shown
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "polarity", "decimals", "expected", "gap"),
    [
        pytest.param("94.996", "95", UP, 2, GREEN, "0.00", id="shown-95.00-green"),
        pytest.param("94.996", "95", UP, 3, AMBER, "-0.004", id="shown-94.996-amber"),
        pytest.param("94.996", "95", UP, None, AMBER, "-0.004", id="all-digits-amber"),
        pytest.param("94.995", "95", UP, 2, GREEN, "0.00", id="half-up"),
        pytest.param("94.994", "95", UP, 2, AMBER, "-0.01", id="rounds-down"),
        pytest.param("20.04", "20 days", DOWN, 1, GREEN, "0.0", id="down-shown-20.0"),
        pytest.param("20.04", "20 days", DOWN, 2, AMBER, "0.04", id="down-shown-20.04"),
        pytest.param("4.996", "<5", DOWN, 2, AMBER, "0.00", id="strict-bound-rounds-onto-it"),
        pytest.param("89.951%", "90%", UP, 1, GREEN, "0.0", id="percent-one-place"),
    ],
)
def test_value_is_judged_as_shown(
    value: str, target: str, polarity: Polarity, decimals: int | None, expected: Status, gap: str
) -> None:
    result = rate(value, target, polarity, decimals=decimals)
    assert result.status is expected
    assert result.gap == Decimal(gap)


# ---------------------------------------------------------------------------
# Status properties
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "rated", "met"),
    [
        pytest.param(GREEN, True, True, id="green"),
        pytest.param(AMBER, True, False, id="amber"),
        pytest.param(RED, True, False, id="red"),
        pytest.param(ACHIEVED, True, True, id="achieved"),
        pytest.param(FAILED, True, False, id="failed"),
        pytest.param(Status.NO_TARGET, False, False, id="no-target"),
        pytest.param(Status.NOT_APPLICABLE, False, False, id="not-applicable"),
        pytest.param(Status.INCOMPLETE, False, False, id="incomplete"),
    ],
)
def test_status_is_rated_and_met_target(status: Status, rated: bool, met: bool) -> None:
    assert status.is_rated is rated
    assert status.met_target is met


def test_rule_worked_out_once_rates_every_month_like_assess() -> None:
    # seed 001 line 853-856: accounts payable, each council's months against 95%
    rule = RatingRule(parse_target("95.00%"), UP)
    monthly = ["99.79%", "98.78%", "97.20%", "90.96%", "92.14%", "95.54%", "94.80%", "n/a", ""]
    for text in monthly:
        value = parse_value(text)
        assert rule.assess(value) == assess(value, parse_target("95.00%"), polarity=UP)
    # Bexley's April (90.96%, short by 4.04 <= 4.75) is amber; 90.24% would be red
    statuses = [rule.assess(parse_value(t)).status for t in ("97.20%", "90.96%", "90.24%")]
    assert statuses == [GREEN, AMBER, RED]


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

RANK = {GREEN: 2, AMBER: 1, RED: 0}

amounts = st.decimals(
    min_value=Decimal("-10000"),
    max_value=Decimal("10000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
tolerance_amounts = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("50"), places=2, allow_nan=False, allow_infinity=False
)
tolerances = st.builds(Tolerance, tolerance_amounts, st.booleans())
display = st.one_of(st.none(), st.integers(min_value=0, max_value=3))

# comparators that agree with the polarity: None (the polarity's own), inclusive, strict
AGREEING = {
    UP: (None, Comparator.AT_LEAST, Comparator.MORE_THAN),
    DOWN: (None, Comparator.AT_MOST, Comparator.LESS_THAN),
}


@st.composite
def agreeing_thresholds(draw: st.DrawFn, polarity: Polarity) -> Threshold:
    return Threshold(draw(amounts), draw(st.sampled_from(AGREEING[polarity])))


@st.composite
def any_targets(draw: st.DrawFn) -> Target:
    if draw(st.booleans()):
        low, high = sorted((draw(amounts), draw(amounts)))
        return Band(low, high)
    return Threshold(draw(amounts), draw(st.sampled_from([None, *Comparator])))


@given(
    polarity=st.sampled_from([UP, DOWN]),
    data=st.data(),
    a=amounts,
    b=amounts,
    tolerance=tolerances,
    decimals=display,
)
def test_property_better_value_never_gets_a_worse_status(
    polarity: Polarity,
    data: st.DataObject,
    a: Decimal,
    b: Decimal,
    tolerance: Tolerance,
    decimals: int | None,
) -> None:
    target = data.draw(agreeing_thresholds(polarity))
    better, worse = (max(a, b), min(a, b)) if polarity is UP else (min(a, b), max(a, b))

    def status(amount: Decimal) -> Status:
        return assess(
            Value.of(amount), target, polarity=polarity, tolerance=tolerance, decimals=decimals
        ).status

    assert RANK[status(better)] >= RANK[status(worse)]


@given(
    value=amounts,
    target=any_targets(),
    polarity=st.sampled_from(list(Polarity)),
    absolute=st.booleans(),
    decimals=display,
)
def test_property_zero_tolerance_makes_amber_impossible(
    value: Decimal, target: Target, polarity: Polarity, absolute: bool, decimals: int | None
) -> None:
    result = assess(
        Value.of(value),
        target,
        polarity=polarity,
        tolerance=Tolerance(Decimal(0), absolute),
        decimals=decimals,
    )
    assert result.status in (GREEN, RED)


@given(
    value=amounts,
    target=any_targets(),
    polarity=st.sampled_from(list(Polarity)),
    tolerance=tolerances,
    decimals=display,
)
def test_property_achieved_failed_agrees_with_rag_on_met(
    value: Decimal,
    target: Target,
    polarity: Polarity,
    tolerance: Tolerance,
    decimals: int | None,
) -> None:
    def status(scheme: Scheme) -> Status:
        return assess(
            Value.of(value),
            target,
            polarity=polarity,
            scheme=scheme,
            tolerance=tolerance,
            decimals=decimals,
        ).status

    rag, achieved_failed = status(RAG), status(AF)
    assert rag in (GREEN, AMBER, RED)
    assert achieved_failed in (ACHIEVED, FAILED)
    assert (achieved_failed is ACHIEVED) == (rag is GREEN)
    assert rag.met_target == achieved_failed.met_target


@given(
    value=amounts,
    target=any_targets(),
    polarity=st.sampled_from(list(Polarity)),
    small=tolerance_amounts,
    large=tolerance_amounts,
    absolute=st.booleans(),
)
def test_property_larger_tolerance_never_makes_a_status_worse(
    value: Decimal,
    target: Target,
    polarity: Polarity,
    small: Decimal,
    large: Decimal,
    absolute: bool,
) -> None:
    small, large = min(small, large), max(small, large)

    def status(amount: Decimal) -> Status:
        return assess(
            Value.of(value), target, polarity=polarity, tolerance=Tolerance(amount, absolute)
        ).status

    assert RANK[status(large)] >= RANK[status(small)]


# The status groups (issue 15): each defined once, on `Status`.
@pytest.mark.parametrize(
    ("status", "met", "off_target", "group"),
    [
        (Status.GREEN, True, False, Status.GREEN),
        (Status.ACHIEVED, True, False, Status.GREEN),
        (Status.AMBER, False, True, Status.AMBER),
        (Status.RED, False, True, Status.RED),
        (Status.FAILED, False, True, Status.RED),
        (Status.NOT_APPLICABLE, False, False, Status.NOT_APPLICABLE),
        (Status.INCOMPLETE, False, False, Status.INCOMPLETE),
        (Status.NO_TARGET, False, False, Status.NO_TARGET),
    ],
)
def test_status_groups(status, met, off_target, group):
    assert (status.met_target, status.off_target, status.group) == (met, off_target, group)
