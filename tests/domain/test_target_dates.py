"""Target dates as the plan writes them: the words kept, the dates read."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.judgements import Stand
from goldenthread.domain.target_dates import TargetDate, overdue, read_dates, said_nothing_new

D = datetime.date


@pytest.mark.parametrize(
    ("words", "dates"),
    [
        ("1st September 2019", [D(2019, 9, 1)]),
        (
            "JC Meeting 5th April 2019 - approval of first draft 12th July 2019 to finalise",
            [D(2019, 4, 5), D(2019, 7, 12)],
        ),
        (
            "Havering completed 1st March 2019 Newham to be completed 15th April 2019 "
            "Bexley to be completed 15th May 2019",
            [D(2019, 3, 1), D(2019, 4, 15), D(2019, 5, 15)],
        ),
        ("Bexley delivery September 2020", [D(2020, 9, 30)]),
        ("Asset Management Strategy and plans to be approved - August 2019.", [D(2019, 8, 31)]),
        ("to be agreed with partner boroughs", []),
        ("Spring 2020", []),
        ("2021.This is a two year programme", []),
        ("agreed by CMT on 24/9", []),
        ("30/09/2019 and 2019-12-31", [D(2019, 9, 30), D(2019, 12, 31)]),
        ("31st June 2019", []),
        ("Sept 2019", [D(2019, 9, 30)]),
        ("February 2020", [D(2020, 2, 29)]),
    ],
)
def test_dates_are_read_from_the_words(words, dates):
    assert read_dates(words) == dates
    target = TargetDate.read(words)
    assert target.words == words.strip()
    assert target.due == (max(dates) if dates else None)


def test_overdue_is_a_passed_date_not_complete_not_ongoing():
    passed = TargetDate.read("1st September 2019")
    assert overdue(passed, Stand.BEHIND, D(2019, 9, 2))
    assert overdue(passed, None, D(2019, 9, 2))
    assert not overdue(passed, Stand.ON_TRACK, D(2019, 9, 1))
    assert not overdue(passed, Stand.COMPLETE, D(2020, 1, 1))
    assert not overdue(
        TargetDate.read("30th April 2019 and ongoing"), Stand.ON_TRACK, D(2020, 1, 1)
    )
    assert not overdue(TargetDate.read("to be agreed"), Stand.BEHIND, D(2030, 1, 1))


def test_on_track_with_nothing_new_said():
    assert said_nothing_new(Stand.ON_TRACK, "", None)
    assert said_nothing_new(Stand.ON_TRACK, "Going  well.\n", "Going well.")
    assert not said_nothing_new(Stand.ON_TRACK, "Going well.", "Started.")
    assert not said_nothing_new(Stand.ON_TRACK, "Going well.", None)
    assert not said_nothing_new(Stand.BEHIND, "", None)


@given(st.text(max_size=300))
def test_any_words_are_kept_and_never_break_the_reading(words):
    target = TargetDate.read(words)
    assert target.words == words.strip()
    assert all(isinstance(d, datetime.date) for d in target.dates)
