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
