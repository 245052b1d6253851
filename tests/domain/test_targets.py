"""Targets in every form the committee papers use (seeds 000 Appendix 1 and 001)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.polarity import Polarity
from goldenthread.domain.targets import (
    Band,
    Comparator,
    NoTarget,
    NoTargetReason,
    Profile,
    Relative,
    Target,
    TargetParseError,
    Threshold,
    parse_target,
    polarity_of,
)
from goldenthread.domain.values import Unit

D = Decimal

# Seed 001, Q1 2019/20 pack: Council Tax collected (LBH), cumulative monthly profile.
COUNCIL_TAX_PROFILE = (
    "12.75%; 21.98%; 31.10%; 40.22%; 49.18%; 58.39%; 67.68%; 76.57%; 85.77%; 94.51%; 96.40%; 97.00%"
)
# Seed 001: NNDR collected, LBH profile.
NNDR_LBH_PROFILE = (
    "11.31%; 19.52%; 30.68%; 40.36%; 52.28%; 60.11%; 67.99%; 76.67%; 85.11%; 91.76%; 96.05%; 98.70%"
)

# --- figures, with or without a comparator ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 000, Appendix 1
        ("97.00%", Threshold(D("97.00"), None, Unit.PERCENT)),
        ("80%", Threshold(D("80"), None, Unit.PERCENT)),
        ("99.50%", Threshold(D("99.50"), None, Unit.PERCENT)),
        ("0%", Threshold(D("0"), None, Unit.PERCENT)),
        ("20 days", Threshold(D("20"), None, Unit.DAYS)),
        ("5 days", Threshold(D("5"), None, Unit.DAYS)),
        ("6.3", Threshold(D("6.3"), None, None)),
        ("0.9", Threshold(D("0.9"), None, None)),
        ("£1.0m", Threshold(D("1000000"), None, Unit.MONEY)),
        ("<£20,000", Threshold(D("20000"), Comparator.LESS_THAN, Unit.MONEY)),
        ("<26 weeks", Threshold(D("26"), Comparator.LESS_THAN, Unit.WEEKS)),
        ("<5", Threshold(D("5"), Comparator.LESS_THAN, None)),
        (">90%", Threshold(D("90"), Comparator.MORE_THAN, Unit.PERCENT)),
        (">80%", Threshold(D("80"), Comparator.MORE_THAN, Unit.PERCENT)),
        ("<175", Threshold(D("175"), Comparator.LESS_THAN, None)),
        ("<6 months", Threshold(D("6"), Comparator.LESS_THAN, Unit.MONTHS)),
        # seed 001, green tables
        ("360K", Threshold(D("360000"), None, None)),
        ("£3.15M", Threshold(D("3150000"), None, Unit.MONEY)),
        ("£6.8M", Threshold(D("6800000"), None, Unit.MONEY)),
        ("96.7%", Threshold(D("96.7"), None, Unit.PERCENT)),
        # comparator symbols, spaced or not
        (">= 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("<=5", Threshold(D("5"), Comparator.AT_MOST, None)),
        ("\u2265 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("\u22645", Threshold(D("5"), Comparator.AT_MOST, None)),
        ("=100%", Threshold(D("100"), Comparator.EQUAL, Unit.PERCENT)),
        ("> 90%", Threshold(D("90"), Comparator.MORE_THAN, Unit.PERCENT)),
        (">=  £1,000", Threshold(D("1000"), Comparator.AT_LEAST, Unit.MONEY)),
        ("<7:27", Threshold(D("447"), Comparator.LESS_THAN, Unit.DURATION)),
        ("<-5", Threshold(D("-5"), Comparator.LESS_THAN, None)),
        ("-5%", Threshold(D("-5"), None, Unit.PERCENT)),
        # comparator words
        ("at least 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("At Least 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("no less than 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("minimum 80%", Threshold(D("80"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("no more than 5 days", Threshold(D("5"), Comparator.AT_MOST, Unit.DAYS)),
        ("at most 5 days", Threshold(D("5"), Comparator.AT_MOST, Unit.DAYS)),
        ("maximum £500", Threshold(D("500"), Comparator.AT_MOST, Unit.MONEY)),
        ("lower than 5%", Threshold(D("5"), Comparator.LESS_THAN, Unit.PERCENT)),
        ("less than 5 days", Threshold(D("5"), Comparator.LESS_THAN, Unit.DAYS)),
        ("fewer than 10", Threshold(D("10"), Comparator.LESS_THAN, None)),
        ("below 5", Threshold(D("5"), Comparator.LESS_THAN, None)),
        ("under 26 weeks", Threshold(D("26"), Comparator.LESS_THAN, Unit.WEEKS)),
        ("more than 5", Threshold(D("5"), Comparator.MORE_THAN, None)),
        ("greater than 90%", Threshold(D("90"), Comparator.MORE_THAN, Unit.PERCENT)),
        ("higher than 90%", Threshold(D("90"), Comparator.MORE_THAN, Unit.PERCENT)),
        ("over 90%", Threshold(D("90"), Comparator.MORE_THAN, Unit.PERCENT)),
        ("above 90%", Threshold(D("90"), Comparator.MORE_THAN, Unit.PERCENT)),
        ("at least 5 working days", Threshold(D("5"), Comparator.AT_LEAST, Unit.DAYS)),
    ],
    ids=repr,
)
def test_parse_target_reads_figures_and_comparators(text: str, expected: Threshold) -> None:
    target = parse_target(text)
    assert target == expected
    assert isinstance(target, Threshold)
    assert isinstance(target.amount, Decimal)


def test_a_target_keeps_the_places_it_was_written_with() -> None:
    target = parse_target("97.00%")
    assert isinstance(target, Threshold)
    assert str(target.amount) == "97.00"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (5, Threshold(D("5"))),
        (0.9, Threshold(D("0.9"))),
        (0.1, Threshold(D("0.1"))),
        (D("97.00"), Threshold(D("97.00"))),
    ],
    ids=repr,
)
def test_numbers_from_a_spreadsheet_are_bare_thresholds(
    raw: int | float | Decimal, expected: Threshold
) -> None:
    target = parse_target(raw)
    assert target == expected
    assert isinstance(target, Threshold)
    assert str(target.amount) == str(expected.amount)  # no binary noise from floats


# --- bands --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("95%-100%", Band(D("95"), D("100"), Unit.PERCENT)),
        ("95% - 100%", Band(D("95"), D("100"), Unit.PERCENT)),
        ("95%\u2013100%", Band(D("95"), D("100"), Unit.PERCENT)),
        ("5-10%", Band(D("5"), D("10"), Unit.PERCENT)),
        ("5-10", Band(D("5"), D("10"), None)),
        ("0.5-1.5", Band(D("0.5"), D("1.5"), None)),
        ("between 5 and 10", Band(D("5"), D("10"), None)),
        ("Between 5% and 10%", Band(D("5"), D("10"), Unit.PERCENT)),
        ("5 to 10", Band(D("5"), D("10"), None)),
        ("5 - 10 days", Band(D("5"), D("10"), Unit.DAYS)),
        ("£1m to £2m", Band(D("1000000"), D("2000000"), Unit.MONEY)),
        ("-5 to 5", Band(D("-5"), D("5"), None)),
        ("-10 to -5", Band(D("-10"), D("-5"), None)),
        ("-10--5", Band(D("-10"), D("-5"), None)),
        ("5 to 5", Band(D("5"), D("5"), None)),
    ],
    ids=repr,
)
def test_parse_target_reads_bands_low_to_high(text: str, expected: Band) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize("text", ["5% to 10 days", "£5 to 10%", "5 days - 10 weeks"])
def test_a_band_with_ends_in_different_units_is_refused(text: str) -> None:
    with pytest.raises(TargetParseError):
        parse_target(text)


# --- profiles -----------------------------------------------------------------------------


def test_council_tax_profile_from_seed_001_is_a_monthly_profile() -> None:
    target = parse_target(COUNCIL_TAX_PROFILE)
    assert isinstance(target, Profile)
    assert target.unit is Unit.PERCENT
    assert target.points == tuple(D(point.rstrip("%")) for point in COUNCIL_TAX_PROFILE.split("; "))
    assert len(target.points) == 12


@pytest.mark.parametrize(
    ("period_number", "month", "expected"),
    [(1, "April", "12.75"), (2, "May", "21.98"), (3, "June", "31.10"), (12, "March", "97.00")],
)
def test_monthly_profile_gives_the_target_for_each_finance_period(
    period_number: int, month: str, expected: str
) -> None:
    profile = parse_target(COUNCIL_TAX_PROFILE)
    assert isinstance(profile, Profile)
    assert profile.threshold_at(period_number) == Threshold(D(expected), None, Unit.PERCENT), month


def test_nndr_profile_from_seed_001_ends_on_the_annual_target() -> None:
    profile = parse_target(NNDR_LBH_PROFILE)
    assert isinstance(profile, Profile)
    assert profile.threshold_at(3) == Threshold(D("30.68"), None, Unit.PERCENT)
    assert profile.threshold_at(12) == Threshold(D("98.70"), None, Unit.PERCENT)


QUARTERLY = "25%; 50%; 75%; 100%"


@pytest.mark.parametrize(
    ("period_number", "expected"),
    [
        (1, "25"),
        (2, "25"),
        (3, "25"),
        (4, "50"),
        (5, "50"),
        (6, "50"),
        (7, "75"),
        (8, "75"),
        (9, "75"),
        (10, "100"),
        (11, "100"),
        (12, "100"),
    ],
)
def test_quarterly_profile_gives_each_month_its_quarters_target(
    period_number: int, expected: str
) -> None:
    profile = parse_target(QUARTERLY)
    assert profile == Profile((D("25"), D("50"), D("75"), D("100")), Unit.PERCENT)
    assert isinstance(profile, Profile)
    assert profile.threshold_at(period_number) == Threshold(D(expected), None, Unit.PERCENT)


@pytest.mark.parametrize("period_number", [0, 13, -1])
@pytest.mark.parametrize("text", [COUNCIL_TAX_PROFILE, QUARTERLY], ids=["monthly", "quarterly"])
def test_threshold_at_refuses_a_period_outside_the_year(text: str, period_number: int) -> None:
    profile = parse_target(text)
    assert isinstance(profile, Profile)
    with pytest.raises(TargetParseError, match=str(period_number)):
        profile.threshold_at(period_number)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1|2|3|4", Profile((D(1), D(2), D(3), D(4)), None)),
        ("1;2;3;4;", Profile((D(1), D(2), D(3), D(4)), None)),
        (
            "£1.0m;£2.0m;£3.0m;£4.0m",
            Profile((D(1000000), D(2000000), D(3000000), D(4000000)), Unit.MONEY),
        ),
        ("7:27; 7:00; 6:30; 6:00", Profile((D(447), D(420), D(390), D(360)), Unit.DURATION)),
        ("20;20;20;20;20;20;20;20;20;20;20;20", Profile((D(20),) * 12, None)),
    ],
    ids=repr,
)
def test_profile_separators_and_units(text: str, expected: Profile) -> None:
    assert parse_target(text) == expected


def test_a_profile_pasted_as_a_column_one_figure_per_line_is_read() -> None:
    text = "\n".join(["25%", "50%", "75%", "100%"])
    assert parse_target(text) == Profile((D("25"), D("50"), D("75"), D("100")), Unit.PERCENT)


def test_a_profile_with_figures_in_different_units_is_refused() -> None:
    with pytest.raises(TargetParseError):
        parse_target("5 days; 10%; 15%; 20%")


# --- relative targets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reduction", Relative(Comparator.LESS_THAN)),
        ("Decrease", Relative(Comparator.LESS_THAN)),
        ("Increase", Relative(Comparator.MORE_THAN)),
        ("Improvement", Relative(Comparator.MORE_THAN)),
        ("Lower than 2015/16", Relative(Comparator.LESS_THAN, "2015/16")),
        ("LOWER THAN 2015/16 ", Relative(Comparator.LESS_THAN, "2015/16")),
        ("lower than 2015-16", Relative(Comparator.LESS_THAN, "2015-16")),
        ("Lower than 2015/2016", Relative(Comparator.LESS_THAN, "2015/2016")),
        ("Higher than last year", Relative(Comparator.MORE_THAN, "last year")),
    ],
    ids=repr,
)
def test_parse_target_reads_relative_targets(text: str, expected: Relative) -> None:
    assert parse_target(text) == expected


def test_lower_than_a_year_is_relative_but_lower_than_a_figure_is_a_threshold() -> None:
    assert parse_target("Lower than 2015/16") == Relative(Comparator.LESS_THAN, "2015/16")
    assert parse_target("Lower than 5%") == Threshold(D("5"), Comparator.LESS_THAN, Unit.PERCENT)


@pytest.mark.parametrize(
    "text",
    [
        "Lower than 2015/16",
        "Higher than last year",
        "No less than last year",
        "At most 2018/19",
    ],
)
def test_a_shown_relative_target_reads_back_the_same(text: str) -> None:
    target = parse_target(text)
    assert isinstance(target, Relative)
    assert parse_target(str(target)) == target


# --- no numeric target --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("TBD", NoTargetReason.TBD),
        ("to be determined", NoTargetReason.TBD),
        ("TBC", NoTargetReason.TBC),
        ("To be confirmed", NoTargetReason.TBC),
        ("Reactive", NoTargetReason.REACTIVE),
        ("As much as possible during the year", NoTargetReason.AS_MUCH_AS_POSSIBLE),
        ("as much as possible", NoTargetReason.AS_MUCH_AS_POSSIBLE),
        ("Compliant", NoTargetReason.COMPLIANT),
        ("n/a", NoTargetReason.NOT_APPLICABLE),
        ("N/A", NoTargetReason.NOT_APPLICABLE),
        ("Not applicable", NoTargetReason.NOT_APPLICABLE),
        ("", NoTargetReason.NOT_SET),
        ("   ", NoTargetReason.NOT_SET),
        (None, NoTargetReason.NOT_SET),
    ],
    ids=repr,
)
def test_non_numeric_targets_say_why_there_is_no_figure(
    raw: str | None, reason: NoTargetReason
) -> None:
    assert parse_target(raw) == NoTarget(reason)


def test_each_kind_of_missing_target_has_its_own_reason() -> None:
    texts = ["TBD", "TBC", "Reactive", "As much as possible during the year", "Compliant", "n/a"]
    reasons = [parse_target(text) for text in [*texts, ""]]
    assert len(set(reasons)) == len(texts) + 1
    assert parse_target(None) == parse_target("")


@pytest.mark.parametrize("reason", list(NoTargetReason), ids=str)
def test_a_shown_missing_target_reads_back_with_the_same_reason(reason: NoTargetReason) -> None:
    assert parse_target(str(NoTarget(reason))) == NoTarget(reason)


# --- what is not a target -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "xyz",
        "10-5",  # band running high to low
        "10 to 5",
        "95%-90%",
        "1;2;3",  # three figures: neither 12 months nor 4 quarters
        "1;2;3;4;5",
        "1;2;x;4",  # a profile with a bad figure
        "1; 2; 3; n/a",
        ">",
        "<",
        "<<5",
        "<n/a",
        "1e3",
        "between 5",
        "5 to",
        "Reduction 5%",
    ],
)
def test_text_that_is_not_a_target_raises_quoting_the_text(text: str) -> None:
    with pytest.raises(TargetParseError) as raised:
        parse_target(text)
    assert f"'{text}'" in str(raised.value)


@pytest.mark.parametrize(
    ("text", "explains"),
    [("1;2;3", "3 figures"), ("10-5", "higher figure to a lower"), ("1;2;x;4", "figure 3")],
)
def test_error_messages_say_what_is_wrong(text: str, explains: str) -> None:
    with pytest.raises(TargetParseError, match=explains):
        parse_target(text)


@pytest.mark.parametrize("raw", [True, float("nan"), float("inf")], ids=repr)
def test_non_figures_from_a_spreadsheet_are_not_targets(raw: bool | float) -> None:
    with pytest.raises(TargetParseError):
        parse_target(raw)


def test_target_parse_error_is_a_value_error() -> None:
    assert issubclass(TargetParseError, ValueError)


# --- comparators --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "below", "equal", "above"),
    [
        (Comparator.LESS_THAN, True, False, False),
        (Comparator.AT_MOST, True, True, False),
        (Comparator.MORE_THAN, False, False, True),
        (Comparator.AT_LEAST, False, True, True),
        (Comparator.EQUAL, False, True, False),
    ],
    ids=str,
)
def test_comparator_holds_exactly_at_the_bound(
    comparator: Comparator, below: bool, equal: bool, above: bool
) -> None:
    bound = D("5")
    assert comparator.holds(D("4.99"), bound) is below
    assert comparator.holds(D("5.00"), bound) is equal
    assert comparator.holds(D("5.01"), bound) is above


def test_less_than_5_is_not_met_by_5_but_at_most_5_is() -> None:
    strict, inclusive = parse_target("<5"), parse_target("<=5")
    assert isinstance(strict, Threshold)
    assert isinstance(inclusive, Threshold)
    assert strict.comparator is not None
    assert inclusive.comparator is not None
    assert not strict.comparator.holds(D(5), strict.amount)
    assert inclusive.comparator.holds(D(5), inclusive.amount)


def test_more_than_90_percent_is_not_met_by_90() -> None:
    target = parse_target(">90%")
    assert isinstance(target, Threshold)
    assert target.comparator is Comparator.MORE_THAN
    assert not target.comparator.holds(D("90.00"), target.amount)
    assert target.comparator.holds(D("90.01"), target.amount)


@pytest.mark.parametrize(
    ("polarity", "comparator"),
    [
        (Polarity.UP, Comparator.AT_LEAST),
        (Polarity.DOWN, Comparator.AT_MOST),
        (Polarity.NONE, Comparator.EQUAL),
    ],
    ids=str,
)
def test_a_bare_figure_means_reach_it_stay_within_it_or_hit_it(
    polarity: Polarity, comparator: Comparator
) -> None:
    assert Comparator.for_polarity(polarity) is comparator
    assert Threshold(D("97.00"), None, Unit.PERCENT).comparator_for(polarity) is comparator


@pytest.mark.parametrize("polarity", list(Polarity), ids=str)
def test_a_written_comparator_wins_over_polarity(polarity: Polarity) -> None:
    target = parse_target("<26 weeks")
    assert isinstance(target, Threshold)
    assert target.comparator_for(polarity) is Comparator.LESS_THAN


# --- showing targets, and reading them back -----------------------------------------------


@pytest.mark.parametrize(
    ("target", "shown"),
    [
        (Threshold(D("97.00"), None, Unit.PERCENT), "97.00%"),
        (Threshold(D("20000"), Comparator.LESS_THAN, Unit.MONEY), "<£20,000"),
        (Threshold(D("26"), Comparator.LESS_THAN, Unit.WEEKS), "<26 weeks"),
        (Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT), ">=95%"),
        (Band(D("95"), D("100"), Unit.PERCENT), "95% to 100%"),
        (Profile((D("25"), D("50"), D("75"), D("100")), Unit.PERCENT), "25%; 50%; 75%; 100%"),
        (Relative(Comparator.LESS_THAN, "2015/16"), "Lower than 2015/16"),
        (Relative(Comparator.MORE_THAN, "last year"), "Higher than last year"),
        (NoTarget(NoTargetReason.TBD), "TBD"),
        (NoTarget(NoTargetReason.NOT_SET), ""),
    ],
    ids=repr,
)
def test_targets_show_as_the_papers_write_them(target: Target, shown: str) -> None:
    assert str(target) == shown


@pytest.mark.parametrize(
    "text",
    [
        "97.00%",
        "<£20,000",
        ">90%",
        "<26 weeks",
        "<6 months",
        "£1.0m",
        "95%-100%",
        "-5 to 5",
        COUNCIL_TAX_PROFILE,
        QUARTERLY,
        "Lower than 2015/16",
        "TBC",
        "Compliant",
        "n/a",
        "",
    ],
    ids=repr,
)
def test_a_shown_target_reads_back_the_same(text: str) -> None:
    target = parse_target(text)
    assert parse_target(str(target)) == target


written_amounts = st.decimals(
    min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False
)
comparators = st.one_of(st.none(), st.sampled_from(list(Comparator)))
units = st.sampled_from([None, Unit.PERCENT, Unit.DAYS, Unit.MONEY])


@given(written_amounts, comparators, units)
def test_any_threshold_reads_back_from_its_text(
    amount: Decimal, comparator: Comparator | None, unit: Unit | None
) -> None:
    target = parse_target(str(Threshold(amount, comparator, unit)))
    assert isinstance(target, Threshold)
    assert target.amount == amount
    assert target.comparator == comparator
    assert target.unit == unit


@given(written_amounts, written_amounts, units)
def test_any_band_reads_back_from_its_text(a: Decimal, b: Decimal, unit: Unit | None) -> None:
    band = Band(min(a, b), max(a, b), unit)
    assert parse_target(str(band)) == band


@given(
    st.one_of(
        st.lists(written_amounts, min_size=4, max_size=4),
        st.lists(written_amounts, min_size=12, max_size=12),
    ),
    units,
)
def test_any_profile_reads_back_from_its_text(points: list[Decimal], unit: Unit | None) -> None:
    profile = Profile(tuple(points), unit)
    assert parse_target(str(profile)) == profile


# --- targets in words, as councils print them (issue 17) ----------------------------------

TONNES = Unit("tonnes")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A maximum of 30 weeks.", Threshold(D("30"), Comparator.AT_MOST, Unit.WEEKS)),
        ("A minimum of 70%.", Threshold(D("70"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("a maximum of 30", Threshold(D("30"), Comparator.AT_MOST, None)),
        ("A maximum of 30.", Threshold(D("30"), Comparator.AT_MOST, None)),
        ("maximum of 5 days", Threshold(D("5"), Comparator.AT_MOST, Unit.DAYS)),
        ("minimum of 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("not more than 10", Threshold(D("10"), Comparator.AT_MOST, None)),
        ("Not less than 95%", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("no fewer than 12 visits", Threshold(D("12"), Comparator.AT_LEAST, Unit("visits"))),
        ("up to 26 weeks", Threshold(D("26"), Comparator.AT_MOST, Unit.WEEKS)),
        ("Within 20 working days", Threshold(D("20"), Comparator.AT_MOST, Unit.DAYS)),
        ("less than or equal to 5", Threshold(D("5"), Comparator.AT_MOST, None)),
        ("greater than or equal to 90%", Threshold(D("90"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("in excess of £1m", Threshold(D("1000000"), Comparator.MORE_THAN, Unit.MONEY)),
        ("95% or more", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("95% and above", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("95%+", Threshold(D("95"), Comparator.AT_LEAST, Unit.PERCENT)),
        ("30 weeks or less", Threshold(D("30"), Comparator.AT_MOST, Unit.WEEKS)),
        ("5 or fewer", Threshold(D("5"), Comparator.AT_MOST, None)),
        ("95%*", Threshold(D("95"), None, Unit.PERCENT)),
        ("95%\u2020", Threshold(D("95"), None, Unit.PERCENT)),
        ("95% (1)", Threshold(D("95"), None, Unit.PERCENT)),
        ("95%.", Threshold(D("95"), None, Unit.PERCENT)),
        ("15,239 tonnes", Threshold(D("15239"), None, TONNES)),
        ("at most 15,000 Tonnes.", Threshold(D("15000"), Comparator.AT_MOST, Unit("Tonnes"))),
        ("<£2.50 per head", Threshold(D("2.50"), Comparator.LESS_THAN, Unit("£ per head"))),
        ("less than 5 dayz", Threshold(D("5"), Comparator.LESS_THAN, Unit("dayz"))),
    ],
    ids=repr,
)
def test_parse_target_reads_targets_in_words(text: str, expected: Threshold) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("70% to 80%", Band(D("70"), D("80"), Unit.PERCENT)),
        ("between 70 and 80 tonnes", Band(D("70"), D("80"), TONNES)),
        ("70 TO 80 tonnes", Band(D("70"), D("80"), TONNES)),
        ("70 tonnes to 80 Tonnes", Band(D("70"), D("80"), Unit("Tonnes"))),
        ("A reduction", Relative(Comparator.LESS_THAN)),
        ("An increase.", Relative(Comparator.MORE_THAN)),
        ("Reduction*", Relative(Comparator.LESS_THAN)),
    ],
    ids=repr,
)
def test_ranges_and_relative_targets_in_words(text: str, expected: Target) -> None:
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5 tonnes to 10 visits",  # a range with ends in different units
        "5 days - 10 weeks",
        "at most 5 =SUM(A1)",
        "A maximum of",
        "A maximum of 5 tonnes\x00",
        "95% or more or less",
        "or more",
        "A " + "maximum of " * 200 + "5",
    ],
    ids=repr,
)
def test_words_that_are_not_a_target_are_refused(text: str) -> None:
    with pytest.raises(TargetParseError):
        parse_target(text)


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        ("A minimum of 70%.", Polarity.UP),
        ("at least 95%", Polarity.UP),
        ("greater than 1,000", Polarity.UP),
        ("95% or more", Polarity.UP),
        ("Increase", Polarity.UP),
        ("A maximum of 30 weeks.", Polarity.DOWN),
        ("not more than 10", Polarity.DOWN),
        ("up to £2.50 per head", Polarity.DOWN),
        ("<26 weeks", Polarity.DOWN),
        ("Reduction", Polarity.DOWN),
        ("95%", None),  # a bare target does not say
        ("=100%", None),
        ("70% to 80%", None),
        ("25%; 50%; 75%; 100%", None),
        ("TBC", None),
    ],
    ids=repr,
)
def test_the_comparator_in_the_words_gives_the_polarity(
    text: str, polarity: Polarity | None
) -> None:
    assert polarity_of(parse_target(text)) is polarity


counted = st.sampled_from(["tonnes", "visits", "days per FTE", "£ per head", "Number of cases"])


@given(written_amounts, comparators, counted)
def test_any_counted_threshold_reads_back_from_its_text(
    amount: Decimal, comparator: Comparator | None, label: str
) -> None:
    target = parse_target(str(Threshold(amount, comparator, Unit(label))))
    assert target == Threshold(amount, comparator, Unit(label))
