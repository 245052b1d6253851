"""Judgement scales as data: built, checked, tallied."""

from __future__ import annotations

import pytest

from goldenthread.domain.judgements import (
    CONFIDENCE,
    PROGRESS,
    JudgementError,
    Scale,
    Stand,
    tally,
)


def test_seed_001s_definitions_are_the_default():
    assert [(j.code, j.meaning) for j in PROGRESS.judgements[:3]] == [
        ("G", "Progress is on track"),
        ("A", "Progress is within acceptable variance"),
        ("R", "Progress is behind schedule"),
    ]
    assert PROGRESS["c"].stand is Stand.COMPLETE
    assert PROGRESS.find("not started").code == "NS"
    assert CONFIDENCE.find("X") is None
    assert "use one of G (Green)" in PROGRESS.refusal("X")


def test_a_scale_round_trips_through_its_rows():
    assert Scale.build("progress", PROGRESS.to_rows()) == PROGRESS


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([], "at least one"),
        ([{"code": "G", "label": "Green", "colour": "green", "stand": "on-track"}] * 2, "twice"),
        ([{"code": "=1+1", "label": "x", "colour": "green", "stand": "on-track"}], "code"),
        ([{"code": "G", "label": "x" * 41, "colour": "green", "stand": "on-track"}], "label"),
        ([{"code": "G", "label": "Gr\x00een", "colour": "green", "stand": "on-track"}], "control"),
        ([{"code": "G", "label": "Green", "colour": "pink", "stand": "on-track"}], "colour"),
        ([{"code": "G", "label": "Green", "colour": "green", "stand": "fine"}], "stand"),
        ([{"code": "G", "label": "G", "colour": "green", "stand": "on-track", "x": 1}], "unknown"),
        ([{"code": f"J{n}", "label": f"J{n}", "colour": "grey", "stand": "behind"}
          for n in range(13)], "at most"),
    ],
)  # fmt: skip
def test_a_scale_that_cannot_be_used_is_refused_with_the_reason(rows, reason):
    with pytest.raises(JudgementError, match=reason):
        Scale.build("progress", rows)


def test_tally_counts_each_judgement_in_order_with_shares_adding_to_100():
    rows = tally(PROGRESS, ["G"] * 5 + ["a", "R", "zz"])
    assert [(t.judgement.code, t.count, t.percent) for t in rows] == [
        ("G", 5, 72),
        ("A", 1, 14),
        ("R", 1, 14),
        ("C", 0, 0),
        ("NS", 0, 0),
    ]
