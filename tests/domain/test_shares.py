"""Splitting a whole into parts that add up to it: the largest remainder rule."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.shares import largest_remainder, percentages, rounded_alone


@pytest.mark.parametrize(
    ("counts", "ours", "papers"),
    [
        ([9, 4, 0], [69, 31, 0], [69, 31, 0]),  # seed 001 All Services
        ([3, 5, 0], [37, 63, 0], [38, 63, 0]),  # Finance: the papers print 101%
        ([8, 1, 0], [89, 11, 0], [89, 11, 0]),  # ICT
        ([5, 1, 1], [72, 14, 14], [71, 14, 14]),  # Asset Management: the papers 99%
        ([6, 2, 0], [75, 25, 0], [75, 25, 0]),  # HROD
    ],
)
def test_seed_001_summary_shares(counts, ours, papers):
    assert percentages(counts) == ours
    assert rounded_alone(counts) == papers


def test_nothing_to_count_is_all_zero():
    assert percentages([0, 0, 0]) == [0, 0, 0]
    assert largest_remainder([0, 0], 0) == [0, 0]
    with pytest.raises(ValueError, match="nothing to split"):
        largest_remainder([0, 0], 5)
    with pytest.raises(ValueError, match="negative"):
        largest_remainder([3, -1], 5)


weights = st.lists(
    st.one_of(st.integers(0, 10**6), st.fractions(0, 1000, max_denominator=10**4)),
    min_size=1,
    max_size=12,
).filter(lambda ws: sum(ws) > 0)


@given(weights, st.integers(0, 10**9))
def test_parts_add_up_to_the_whole_and_each_is_within_one_unit(ws, whole):
    parts = largest_remainder(ws, whole)
    assert sum(parts) == whole
    total = sum(Fraction(w) for w in ws)
    for weight, part in zip(ws, parts, strict=True):
        exact = Fraction(weight) * whole / total
        assert abs(part - exact) < 1
        assert part >= 0


@given(weights, st.integers(0, 10**6))
def test_a_larger_weight_never_gets_fewer_units(ws, whole):
    parts = largest_remainder(ws, whole)
    for i, a in enumerate(ws):
        for j, b in enumerate(ws):
            if a > b:
                assert parts[i] >= parts[j]


# Signed money rounded to a unit, adding up to its rounded total (issue 19) -----

from decimal import Decimal  # noqa: E402

from goldenthread.domain.shares import half_away, round_to_unit  # noqa: E402

amounts = st.lists(st.fractions(-(10**9), 10**9, max_denominator=10**6), min_size=1, max_size=8)
units = st.sampled_from([Fraction(1, 100), Fraction(1), Fraction(1000)])


@given(amounts, units)
def test_signed_parts_add_up_to_their_rounded_total_each_within_a_unit(exact, unit):
    parts = round_to_unit(exact, unit)
    assert sum(parts) == half_away(sum(exact) / unit) * unit
    assert all(abs(p - e) < unit for p, e in zip(parts, exact, strict=True))
    assert all((p / unit).denominator == 1 for p in parts)


def test_half_away_from_zero_and_underspends_round_down():
    assert [half_away(Fraction(x)) for x in ("0.5", "-0.5", "1.49", "-2.5")] == [1, -1, 1, -3]
    assert round_to_unit([Fraction("-0.4"), Fraction("-0.4"), Fraction("-0.4")], Fraction(1)) == [
        0,
        0,
        -1,
    ]
    assert round_to_unit([Fraction(Decimal("0.005"))], Fraction(1, 100)) == [Fraction(1, 100)]
