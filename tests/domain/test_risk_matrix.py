"""The risk matrix: words, levels set per cell, scores, trend, appetite."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.risk_matrix import DEFAULT, Matrix, MatrixError, Score, Trend


def test_the_default_is_five_by_five_with_levels_by_the_product():
    assert len(DEFAULT.likelihoods) == len(DEFAULT.impacts) == 5
    assert DEFAULT.level(Score(1, 4)).name == "Low"
    assert DEFAULT.level(Score(3, 3)).name == "Medium"
    assert DEFAULT.level(Score(3, 5)).name == "High"
    assert DEFAULT.level(Score(4, 4)).name == "Very high"
    assert DEFAULT.level(Score(4, 4)).review_months == 1
    assert DEFAULT.describe(Score(4, 4)) == "Likely (4) x Major (4) = 16, Very high"
    assert Matrix.build(DEFAULT.to_data()) == DEFAULT


def test_a_cell_is_a_lookup_not_the_product():
    data = DEFAULT.to_data()
    data["cells"][0][4] = "High"  # rare but severe: the team calls it high
    matrix = Matrix.build(data)
    assert matrix.level(Score(1, 5)).name == "High"
    assert matrix.level(Score(5, 1)).name == "Medium"


def test_trend_and_appetite():
    assert DEFAULT.trend(None, Score(3, 3)) is Trend.NEW
    assert DEFAULT.trend(Score(3, 3), Score(4, 3)) is Trend.UP
    assert DEFAULT.trend(Score(4, 3), Score(3, 4)) is Trend.SAME
    assert DEFAULT.trend(Score(4, 4), Score(2, 2)) is Trend.DOWN
    assert DEFAULT.above_appetite(Score(3, 4), "Medium")
    assert not DEFAULT.above_appetite(Score(3, 3), "medium")
    assert not DEFAULT.above_appetite(Score(5, 5), "")
    assert DEFAULT.refusal(Score(6, 1)) == "the likelihood must be 1 to 5"
    assert DEFAULT.refusal(Score(1, 0)) == "the impact must be 1 to 5"
    assert DEFAULT.refusal(Score(5, 5)) is None


def broken(change):
    data = copy.deepcopy(DEFAULT.to_data())
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (broken(lambda d: d.update(likelihood=["Only"])), "2 to 10 words"),
        (broken(lambda d: d["impact"].__setitem__(0, "Minor")), "twice"),
        (broken(lambda d: d["impact"].__setitem__(0, "x" * 41)), "1 to 40"),
        (broken(lambda d: d.update(levels=[])), "1 to 10 levels"),
        (broken(lambda d: d["levels"][0].update(colour="pink")), "colour"),
        (broken(lambda d: d["levels"][0].update(review_months=0)), "1 to 12 months"),
        (broken(lambda d: d["levels"][1].update(name="Low")), "own name"),
        (broken(lambda d: d["cells"].pop()), "one row of cells"),
        (broken(lambda d: d["cells"][0].pop()), "a level for each"),
        (broken(lambda d: d["cells"][2].__setitem__(2, "Severe?")), "not one of the levels"),
        (broken(lambda d: d["cells"][4].__setitem__(4, "Low")), "cannot be a lower level"),
    ],
)
def test_a_matrix_that_cannot_be_used_is_refused_with_the_reason(data, reason):
    with pytest.raises(MatrixError, match=reason):
        Matrix.build(data)


scores = st.builds(Score, st.integers(1, 5), st.integers(1, 5))


@given(scores, scores)
def test_more_likely_or_more_severe_is_never_less_serious(a, b):
    if a.likelihood >= b.likelihood and a.impact >= b.impact:
        assert not DEFAULT.worse(b, a)
        assert DEFAULT.trend(b, a) in (Trend.UP, Trend.SAME)
