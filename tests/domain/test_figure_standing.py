"""What a person sees of a figure before its return is approved (no database)."""

import pytest

from goldenthread.domain.figure_standing import (
    FigureStanding,
    counted_note,
    figure_standing,
    standing_label,
)
from goldenthread.domain.lifecycle import State

A, D, S, B = State.APPROVED, State.DRAFT, State.SUBMITTED, State.SENT_BACK


@pytest.mark.parametrize(
    ("states", "sees_drafts", "provisional", "expected"),
    [
        ([A], False, False, FigureStanding.APPROVED),
        ([None], False, False, FigureStanding.APPROVED),  # recorded outside the returns
        ([A, None, A, A], False, False, FigureStanding.APPROVED),  # a year, every quarter
        ([B], False, False, FigureStanding.WITHHELD),
        ([S], False, False, FigureStanding.WITHHELD),
        ([D], False, False, FigureStanding.WITHHELD),
        ([A, A, A, S], False, False, FigureStanding.WITHHELD),  # one quarter of the year
        ([B], False, True, FigureStanding.PROVISIONAL),
        ([B], True, False, FigureStanding.DRAFT),
        ([B], True, True, FigureStanding.DRAFT),  # the service sees it as its draft
        ([A], True, True, FigureStanding.APPROVED),
    ],
)
def test_the_standing_of_a_figure(states, sees_drafts, provisional, expected):
    standing = figure_standing(states, sees_drafts=sees_drafts, provisional_to_readers=provisional)
    assert standing is expected
    assert standing.shown is (expected is not FigureStanding.WITHHELD)


@pytest.mark.parametrize(
    ("standing", "state", "label"),
    [
        (FigureStanding.APPROVED, A, ""),
        (FigureStanding.DRAFT, D, "Draft"),
        (FigureStanding.DRAFT, None, "Draft"),
        (FigureStanding.DRAFT, S, "Submitted"),
        (FigureStanding.DRAFT, B, "Sent back"),
        (FigureStanding.PROVISIONAL, S, "Provisional"),
        (FigureStanding.WITHHELD, B, "Awaiting approval"),
    ],
)
def test_the_mark_beside_a_figure_is_text(standing, state, label):
    assert standing_label(standing, state) == label


@pytest.mark.parametrize(
    ("drafts", "provisional", "withheld", "note"),
    [
        (0, 0, 0, "Counts approved figures only."),
        (0, 1, 0, "Counts approved figures and 1 provisional figure, not yet approved."),
        (2, 0, 0, "Counts approved figures and 2 draft figures, not yet approved."),
        (
            1,
            3,
            0,
            "Counts approved figures and 1 draft figure and 3 provisional figures, "
            "not yet approved.",
        ),
        (0, 0, 1, "Counts approved figures only. 1 figure awaiting approval is not counted."),
        (0, 0, 4, "Counts approved figures only. 4 figures awaiting approval are not counted."),
    ],
)
def test_the_summary_says_what_it_counts(drafts, provisional, withheld, note):
    assert counted_note(drafts=drafts, provisional=provisional, withheld=withheld) == note
