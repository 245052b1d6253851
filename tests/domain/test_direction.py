"""Direction of travel: this period's figure against the comparison period's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.aggregation import Aggregation, like_for_like
from goldenthread.domain.direction import (
    Direction,
    Movement,
    Travel,
    direction_of_travel,
    travel_label,
)
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.values import NOT_APPLICABLE, NOT_AVAILABLE, Value, parse_value

UP, DOWN, NONE = Polarity.UP, Polarity.DOWN, Polarity.NONE
IMPROVING, MAINTAINED, DECLINING = Direction.IMPROVING, Direction.MAINTAINED, Direction.DECLINING


def travel(value: str, comparison: str, polarity: Polarity, decimals: int | None = None) -> Travel:
    return direction_of_travel(
        parse_value(value), parse_value(comparison), polarity=polarity, decimals=decimals
    )


@pytest.mark.parametrize(
    ("value", "comparison", "polarity", "expected"),
    [
        # higher is better
        pytest.param("95%", "90%", UP, Travel(IMPROVING, Movement.UP), id="up-higher"),
        pytest.param("85%", "90%", UP, Travel(DECLINING, Movement.DOWN), id="up-lower"),
        pytest.param("90%", "90.00%", UP, Travel(MAINTAINED, Movement.SAME), id="up-equal"),
        # seed 001 line 972-976: ICT satisfaction LBH 6.29 against 6.44 last year, arrow down
        pytest.param("6.29", "6.44", UP, Travel(DECLINING, Movement.DOWN), id="seed-ict-lbh"),
        # lower is better
        # seed 001 line 785-787: HB new claims 22.3 days against 18 last year, arrow up
        pytest.param("22.3 days", "18", DOWN, Travel(DECLINING, Movement.UP), id="seed-hb-new"),
        # seed 001 line 805-807: HB change of circumstances 17 against 11 days, arrow up
        pytest.param("17 days", "11 days", DOWN, Travel(DECLINING, Movement.UP), id="seed-hb-coc"),
        pytest.param("15", "18", DOWN, Travel(IMPROVING, Movement.DOWN), id="down-lower"),
        pytest.param("18", "18.0", DOWN, Travel(MAINTAINED, Movement.SAME), id="down-equal"),
        # no polarity: measured only, the movement is still given
        # seed 001 line 1007 (volumetric): incidents 583 against 692 last year
        pytest.param(
            "583", "692", NONE, Travel(Direction.NOT_MEASURED, Movement.DOWN), id="none-dn"
        ),
        pytest.param("17", "6", NONE, Travel(Direction.NOT_MEASURED, Movement.UP), id="none-up"),
        pytest.param("6", "6", NONE, Travel(Direction.NOT_MEASURED, Movement.SAME), id="none-same"),
        # negative figures (variances) compare by value
        pytest.param("-5", "-10", UP, Travel(IMPROVING, Movement.UP), id="negative-up"),
    ],
)
def test_direction_and_movement(
    value: str, comparison: str, polarity: Polarity, expected: Travel
) -> None:
    assert travel(value, comparison, polarity) == expected


@pytest.mark.parametrize("polarity", [UP, DOWN], ids=str)
@pytest.mark.parametrize(
    "comparison",
    [
        pytest.param(None, id="no-comparison"),
        pytest.param(NOT_APPLICABLE, id="comparison-na"),
        pytest.param(NOT_AVAILABLE, id="comparison-blank"),
    ],
)
def test_nothing_to_compare_with_is_new(comparison: Value | None, polarity: Polarity) -> None:
    result = direction_of_travel(parse_value("97%"), comparison, polarity=polarity)
    assert result == Travel(Direction.NEW, None)


@pytest.mark.parametrize("polarity", list(Polarity), ids=str)
@pytest.mark.parametrize(
    ("value", "comparison"),
    [
        pytest.param(NOT_APPLICABLE, parse_value("90%"), id="value-na"),
        pytest.param(NOT_AVAILABLE, parse_value("90%"), id="value-blank"),
        pytest.param(NOT_APPLICABLE, None, id="value-na-no-comparison"),
        pytest.param(NOT_AVAILABLE, NOT_APPLICABLE, id="value-blank-comparison-na"),
    ],
)
def test_no_figure_this_period_has_no_direction(
    value: Value, comparison: Value | None, polarity: Polarity
) -> None:
    assert direction_of_travel(value, comparison, polarity=polarity) == Travel(None, None)


@pytest.mark.parametrize(
    ("value", "comparison", "polarity", "decimals", "expected"),
    [
        pytest.param("99.934", "99.93", UP, 2, Travel(MAINTAINED, Movement.SAME), id="2dp-same"),
        pytest.param("99.934", "99.93", UP, 3, Travel(IMPROVING, Movement.UP), id="3dp-up"),
        pytest.param("99.934", "99.93", UP, None, Travel(IMPROVING, Movement.UP), id="all-digits"),
        pytest.param("99.935", "99.93", UP, 2, Travel(IMPROVING, Movement.UP), id="half-up"),
        pytest.param("22.34", "22.3", DOWN, 1, Travel(MAINTAINED, Movement.SAME), id="down-1dp"),
        pytest.param("22.36", "22.3", DOWN, 1, Travel(DECLINING, Movement.UP), id="down-1dp-up"),
        # both sides are rounded
        pytest.param("22.3", "22.34", DOWN, 1, Travel(MAINTAINED, Movement.SAME), id="both-sides"),
    ],
)
def test_equality_at_display_precision(
    value: str, comparison: str, polarity: Polarity, decimals: int | None, expected: Travel
) -> None:
    assert travel(value, comparison, polarity, decimals) == expected


def test_quarter_of_a_sum_against_a_whole_year_like_for_like() -> None:
    # complaints: 30 this quarter; 100 in the whole of last year -> 25 a quarter pro rata
    quarter = parse_value("30")
    last_year = parse_value("100")
    pro_rata = like_for_like(last_year, Aggregation.SUM, months=3, comparison_months=12)
    assert pro_rata.number() == Decimal(25)
    assert direction_of_travel(quarter, pro_rata, polarity=DOWN) == Travel(DECLINING, Movement.UP)
    assert direction_of_travel(quarter, pro_rata, polarity=UP) == Travel(IMPROVING, Movement.UP)
    # compared raw, the quarter would look like a fall
    raw = direction_of_travel(quarter, last_year, polarity=DOWN)
    assert raw == Travel(IMPROVING, Movement.DOWN)


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
SWAPPED = {IMPROVING: DECLINING, DECLINING: IMPROVING, MAINTAINED: MAINTAINED}
REVERSED = {Movement.UP: Movement.DOWN, Movement.DOWN: Movement.UP, Movement.SAME: Movement.SAME}


@given(
    a=amounts,
    b=amounts,
    polarity=st.sampled_from([UP, DOWN]),
    decimals=st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
)
def test_property_swapping_value_and_comparison_swaps_direction(
    a: Decimal, b: Decimal, polarity: Polarity, decimals: int | None
) -> None:
    forward = direction_of_travel(Value.of(a), Value.of(b), polarity=polarity, decimals=decimals)
    backward = direction_of_travel(Value.of(b), Value.of(a), polarity=polarity, decimals=decimals)
    assert forward.direction is not None and forward.movement is not None
    assert backward.direction is SWAPPED[forward.direction]
    assert backward.movement is REVERSED[forward.movement]


@given(a=amounts, b=amounts)
def test_property_polarities_disagree_unless_maintained(a: Decimal, b: Decimal) -> None:
    up = direction_of_travel(Value.of(a), Value.of(b), polarity=UP)
    down = direction_of_travel(Value.of(a), Value.of(b), polarity=DOWN)
    none = direction_of_travel(Value.of(a), Value.of(b), polarity=NONE)
    assert up.movement is down.movement is none.movement
    assert down.direction is SWAPPED[up.direction]  # type: ignore[index]
    assert none.direction is Direction.NOT_MEASURED


@pytest.mark.parametrize(
    ("direction", "label"),
    [
        (Direction.IMPROVING, "Better"),  # issue 16: good or bad news, in plain words
        (Direction.MAINTAINED, "Same"),
        (Direction.DECLINING, "Worse"),
        (Direction.NEW, "New"),
        # seed 001's key: measured this period, but with no better or worse direction
        (Direction.NOT_MEASURED, "Measured"),
    ],
)
def test_each_direction_has_one_label_for_the_pages_and_the_pack(direction, label):
    assert direction.label == label


@pytest.mark.parametrize(
    ("polarity", "now", "before", "words"),
    [
        (DOWN, "11.2", "10.1", "Up, worse"),  # days: more is worse ("↑ Declining" read wrong)
        (DOWN, "9.0", "10.1", "Down, better"),
        (UP, "97.5", "96.0", "Up, better"),
        (UP, "95.0", "96.0", "Down, worse"),
        (UP, "96.0", "96.0", "Same"),
        (NONE, "12", "10", "Measured"),
    ],
)
def test_the_words_give_the_movement_and_whether_it_is_good_news(polarity, now, before, words):
    travel = direction_of_travel(Value.of(now), Value.of(before), polarity=polarity)
    assert travel.label == travel_label(travel.direction, travel.movement) == words


def test_new_and_no_figure_have_their_own_words():
    assert direction_of_travel(Value.of("3"), None, polarity=UP).label == "New"
    assert Travel(None).label == ""
