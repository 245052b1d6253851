"""UK local-government financial periods: parsing, membership and navigation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.domain.periods import (
    FinancialYear,
    Month,
    Period,
    PeriodError,
    Quarter,
    YearToDate,
    parse_period,
    quarter_choices,
)

FY19 = FinancialYear(2019)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quarters
        ("2019/20 Q1", Quarter(FY19, 1)),
        ("Q1 2019/20", Quarter(FY19, 1)),
        ("Q1 2019-20", Quarter(FY19, 1)),
        ("2019/20 Quarter 1", Quarter(FY19, 1)),
        ("Quarter 1 2019/20", Quarter(FY19, 1)),
        ("Q1 19/20", Quarter(FY19, 1)),
        ("q4 fy2019/20", Quarter(FY19, 4)),
        ("  quarter   3   2019 / 20 ", Quarter(FY19, 3)),
        ("2019\u201320 Q2", Quarter(FY19, 2)),
        # months
        ("Apr-19", Month(2019, 4)),
        ("Apr 19", Month(2019, 4)),
        ("apr-19", Month(2019, 4)),
        ("APR - 19", Month(2019, 4)),
        ("April 2019", Month(2019, 4)),
        ("Apr-2019", Month(2019, 4)),
        ("Jun 2019", Month(2019, 6)),
        ("Sept 19", Month(2019, 9)),
        ("Mar-20", Month(2020, 3)),
        ("2019-04", Month(2019, 4)),
        ("2020-1", Month(2020, 1)),
        ("04/2019", Month(2019, 4)),
        ("4/2019", Month(2019, 4)),
        ("P1 2019/20", Month(2019, 4)),
        ("2019/20 P1", Month(2019, 4)),
        ("P12 2019/20", Month(2020, 3)),
        ("2019/20 p 10", Month(2020, 1)),
        # financial years
        ("2019/20", FY19),
        ("2019-20", FY19),
        ("2019/2020", FY19),
        ("19/20", FY19),
        ("FY 2019/20", FY19),
        ("FY2019/20", FY19),
        (" 2019/20 ", FY19),
        ("2099/00", FinancialYear(2099)),
        ("2011-12", FinancialYear(2011)),  # a financial year, not December 2011
        # years to date
        ("2019/20 YTD to Jun-19", YearToDate(Month(2019, 6))),
        ("YTD Jun-19", YearToDate(Month(2019, 6))),
        ("ytd to June 2019", YearToDate(Month(2019, 6))),
        ("2019/20 YTD to Mar-20", YearToDate(Month(2020, 3))),
        ("Year to date Jun-19", YearToDate(Month(2019, 6))),
    ],
)
def test_parse_period_accepts(text: str, expected: Period) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "write a month"),
        ("   ", "write a month"),
        ("2019", "write a month"),
        ("2019 Q5", "write a month"),
        ("Q1 2019", "write a month"),
        ("Q1", "write a month"),
        ("Apr", "write a month"),
        ("Apr-1", "write a month"),
        ("Foo-19", "write a month"),
        ("Ma-19", "write a month"),
        ("19/2020", "month 19 is outside 1-12"),
        ("2019/20 M1", "write a month"),
        ("YTD", "write a month"),
        ("YTD 2019/20", "write a month"),
        ("YTD 2019/20 Q1", "write a month"),
        ("Q1 2019/20 extra", "write a month"),
        ("2019/20 Q5", "quarter 5 is outside 1-4"),
        ("Q0 2019/20", "quarter 0 is outside 1-4"),
        ("Quarter 7 2019/20", "quarter 7 is outside 1-4"),
        ("13/2019", "month 13 is outside 1-12"),
        ("0/2019", "month 0 is outside 1-12"),
        ("2019-00", "is outside 1-12"),
        ("2019-13", "is outside 1-12"),
        ("P13 2019/20", "period 13 is outside P1-P12"),
        ("2019/20 P0", "period 0 is outside P1-P12"),
        ("2019/21", "not consecutive"),
        ("2019-21", "not consecutive"),
        ("2019/2021", "not consecutive"),
        ("19/21", "not consecutive"),
        ("2019/04", "not consecutive"),
        ("FY2019-04", "not consecutive"),
        ("Q1 2019/21", "not consecutive"),
        ("2019/20 YTD to Jun-20", "Jun-20 is not in 2019/20"),
    ],
)
def test_parse_period_rejects(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert repr(text) in message
    assert reason in message


def test_general_error_lists_the_accepted_forms() -> None:
    with pytest.raises(PeriodError, match=r"could not read '2019 Q5' as a period: write a month"):
        parse_period("2019 Q5")


@pytest.mark.parametrize("text", ["2019/20", "2019-20", "2019/2020", "19/20", "FY2019/20"])
def test_financial_year_parse(text: str) -> None:
    assert FinancialYear.parse(text) == FY19


@pytest.mark.parametrize("text", ["2019/21", "Apr-19", "2019-04", "2019/20 Q1", ""])
def test_financial_year_parse_rejects(text: str) -> None:
    with pytest.raises(PeriodError, match="as a financial year"):
        FinancialYear.parse(text)


@pytest.mark.parametrize(
    ("args", "reason"),
    [((2019, 0), "month 0"), ((2019, 13), "month 13")],
)
def test_month_validates(args: tuple[int, int], reason: str) -> None:
    with pytest.raises(PeriodError, match=reason):
        Month(*args)


@pytest.mark.parametrize("number", [0, 5, -1])
def test_quarter_validates(number: int) -> None:
    with pytest.raises(PeriodError, match=f"quarter {number} is outside 1-4"):
        Quarter(FY19, number)


@pytest.mark.parametrize(
    ("month", "year", "quarter", "period_number"),
    [
        (Month(2019, 4), FY19, 1, 1),
        (Month(2019, 6), FY19, 1, 3),
        (Month(2019, 7), FY19, 2, 4),
        (Month(2019, 9), FY19, 2, 6),
        (Month(2019, 10), FY19, 3, 7),
        (Month(2019, 12), FY19, 3, 9),
        (Month(2020, 1), FY19, 4, 10),
        (Month(2020, 3), FY19, 4, 12),
        (Month(2020, 4), FinancialYear(2020), 1, 1),
        (Month(2019, 3), FinancialYear(2018), 4, 12),
    ],
)
def test_month_belongs_to_financial_year_quarter_and_period(
    month: Month, year: FinancialYear, quarter: int, period_number: int
) -> None:
    assert month.financial_year == year == FinancialYear.of(month)
    assert month.quarter == Quarter(year, quarter)
    assert month.period_number == period_number
    assert year.month(period_number) == month
    assert month in year
    assert month in month.quarter


def test_financial_year_shape() -> None:
    assert str(FY19) == FY19.label == "2019/20"
    assert FY19.month_count == 12
    assert FY19.first_month == Month(2019, 4)
    assert FY19.last_month == Month(2020, 3)
    assert FY19.months() == tuple(FY19.month(p) for p in range(1, 13))
    assert [str(q) for q in FY19.quarters()] == [f"2019/20 Q{n}" for n in range(1, 5)]
    assert Month(2020, 4) not in FY19
    assert Month(2019, 3) not in FY19
    assert Quarter(FY19, 2) in FY19
    assert "Apr-19" not in FY19
    with pytest.raises(PeriodError, match="period 13 is outside P1-P12"):
        FY19.month(13)


def test_quarter_and_month_shape() -> None:
    q3 = Quarter(FY19, 3)
    assert str(q3) == q3.label == "2019/20 Q3"
    assert q3.months() == (Month(2019, 10), Month(2019, 11), Month(2019, 12))
    assert (q3.month_count, q3.first_month, q3.last_month) == (3, Month(2019, 10), Month(2019, 12))
    june = Month(2019, 6)
    assert str(june) == june.label == "Jun-19"
    assert (june.months(), june.month_count, june.first_month, june.last_month) == (
        (june,),
        1,
        june,
        june,
    )
    assert str(Month(1999, 12)) == "Dec-1999"
    assert str(Month(2100, 1)) == "Jan-2100"


@pytest.mark.parametrize(
    ("period", "previous", "following"),
    [
        (Month(2019, 4), Month(2019, 3), Month(2019, 5)),
        (Month(2020, 1), Month(2019, 12), Month(2020, 2)),
        (Month(2019, 12), Month(2019, 11), Month(2020, 1)),
        (Quarter(FY19, 1), Quarter(FinancialYear(2018), 4), Quarter(FY19, 2)),
        (Quarter(FY19, 4), Quarter(FY19, 3), Quarter(FinancialYear(2020), 1)),
        (FY19, FinancialYear(2018), FinancialYear(2020)),
        (FinancialYear(2099), FinancialYear(2098), FinancialYear(2100)),
        (YearToDate(Month(2019, 6)), YearToDate(Month(2019, 5)), YearToDate(Month(2019, 7))),
        (YearToDate(Month(2019, 12)), YearToDate(Month(2019, 11)), YearToDate(Month(2020, 1))),
    ],
)
def test_previous_and_next(period: Period, previous: Period, following: Period) -> None:
    assert period.previous() == previous
    assert period.next() == following


@pytest.mark.parametrize(
    ("period", "last_year"),
    [
        (Month(2020, 1), Month(2019, 1)),
        (Quarter(FY19, 4), Quarter(FinancialYear(2018), 4)),
        (FY19, FinancialYear(2018)),
        (YearToDate(Month(2020, 2)), YearToDate(Month(2019, 2))),
    ],
)
def test_same_period_last_year(period: Period, last_year: Period) -> None:
    assert period.same_period_last_year() == last_year


def test_year_to_date_months() -> None:
    ytd = Month(2019, 6).year_to_date()
    assert ytd == YearToDate(Month(2019, 6)) == Quarter(FY19, 1).year_to_date()
    assert str(ytd) == ytd.label == "2019/20 YTD to Jun-19"
    assert ytd.financial_year == FY19
    assert ytd.months() == (Month(2019, 4), Month(2019, 5), Month(2019, 6))
    assert (ytd.month_count, ytd.first_month, ytd.last_month) == (3, Month(2019, 4), Month(2019, 6))
    assert Month(2020, 1).year_to_date().month_count == 10
    assert Quarter(FY19, 4).year_to_date().months() == FY19.months()
    assert Month(2019, 5) in ytd
    assert Month(2019, 7) not in ytd


def test_year_to_date_has_no_neighbour_outside_its_year() -> None:
    with pytest.raises(PeriodError, match="first year to date"):
        YearToDate(Month(2019, 4)).previous()
    with pytest.raises(PeriodError, match="whole of 2019/20"):
        YearToDate(Month(2020, 3)).next()


months = st.builds(Month, st.integers(1990, 2100), st.integers(1, 12))


@given(months)
def test_month_navigation_and_membership(month: Month) -> None:
    assert month.next().previous() == month
    assert month.previous().next() == month
    assert month in month.financial_year
    assert month in month.quarter
    assert month.quarter in month.financial_year
    assert month.year_to_date().last_month == month
    assert month.year_to_date().month_count == month.period_number


@given(months)
def test_str_round_trips_through_parse_period(month: Month) -> None:
    periods: list[Period] = [month, month.quarter, month.financial_year, month.year_to_date()]
    for period in periods:
        assert parse_period(str(period)) == period


@given(st.lists(months))
def test_months_sort_by_financial_year_and_period(items: list[Month]) -> None:
    assert sorted(items) == sorted(items, key=lambda m: (m.financial_year, m.period_number))


def test_the_quarters_offered_are_those_of_the_year_and_the_years_either_side() -> None:
    offered = quarter_choices(Quarter(FinancialYear(2019), 2))
    assert offered[0] == Quarter(FinancialYear(2018), 1)
    assert offered[-1] == Quarter(FinancialYear(2020), 4)
    assert len(offered) == 12 and offered == sorted(offered)
