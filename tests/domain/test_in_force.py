"""When an indicator, or its link to a council, is in force (issue 16)."""

import datetime

import pytest

from goldenthread.domain.in_force import DaySpan, InForce, applies_in, quarter_starting_on_or_after
from goldenthread.domain.periods import FinancialYear, Quarter

Q1 = Quarter(FinancialYear(2019), 1)  # 1 Apr - 30 Jun 2019
Q2 = Quarter(FinancialYear(2019), 2)
d = datetime.date


def test_a_quarter_is_its_days():
    assert DaySpan.of(Q1) == DaySpan(d(2019, 4, 1), d(2019, 6, 30))
    assert DaySpan.of(Quarter(FinancialYear(2019), 4)) == DaySpan(d(2020, 1, 1), d(2020, 3, 31))


@pytest.mark.parametrize(
    ("effective_from", "retired_on", "in_q1", "in_q2"),
    [
        (None, None, True, True),  # since always, still in use
        (d(2019, 7, 1), None, False, True),  # added from Q2: Q1 keeps its set
        (d(2019, 6, 30), None, True, True),  # one day of Q1 is enough
        (None, d(2019, 7, 1), True, False),  # retired on 1 July: still in Q1, gone from Q2
        (None, d(2019, 4, 1), False, False),  # retired on Q1's first day: not in Q1
        (None, d(2019, 4, 2), True, False),
        (d(2019, 5, 1), d(2019, 5, 2), True, False),  # one day in force
        (d(2019, 5, 1), d(2019, 5, 1), False, False),  # never in force
    ],
)
def test_in_force_in_a_quarter_when_in_force_on_one_of_its_days(
    effective_from, retired_on, in_q1, in_q2
):
    entry = InForce(effective_from, retired_on)
    assert entry.during(Q1) is in_q1
    assert entry.during(Q2) is in_q2
    days = DaySpan.of(Q1)
    every_day = [days.first + datetime.timedelta(n) for n in range(91)]
    assert entry.during(Q1) is any(entry.on(day) for day in every_day)


def test_an_indicator_applies_to_a_council_when_both_are_in_force():
    always = InForce()
    from_q2 = InForce(d(2019, 7, 1))
    assert applies_in(always, always, Q1)
    assert not applies_in(from_q2, always, Q1) and not applies_in(always, from_q2, Q1)
    assert applies_in(from_q2, from_q2, Q2)


def test_the_first_quarter_a_change_reaches_in_full():
    assert quarter_starting_on_or_after(d(2019, 7, 1)) == Q2
    assert quarter_starting_on_or_after(d(2019, 6, 30)) == Q2
    assert quarter_starting_on_or_after(d(2019, 4, 1)) == Q1
