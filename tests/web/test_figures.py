"""The quarter figures the pages show, worked out from stored months by the domain core."""

from decimal import Decimal

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.returns.selectors import figures_for

Q1 = Quarter(FinancialYear(2019), 1)


def test_hb_new_claims_is_the_mean_of_the_months_rated_red_and_declining(world):
    (figures,) = figures_for(
        quarter=Q1, indicators=[world.hb_new_claims], organisations=[world.lbh]
    )
    assert figures.result.value.amount.quantize(Decimal("0.1")) == Decimal("22.3")
    assert figures.result.assessment.status.code == "RED"  # 22.3 days against 20: more than 5% over
    assert figures.result.travel.direction == "DECLINING"  # up from 19.6 days last year
    assert figures.last_year.amount == Decimal("19.6")
    assert [m.value.amount for m in figures.months[:3]] == [21, 24, 22]
    assert all(m.assessment is None for m in figures.months[3:])  # Jul-Mar not yet due


def test_payroll_on_time_for_newham_is_amber(world):
    (figures,) = figures_for(
        quarter=Q1, indicators=[world.payroll_on_time], organisations=[world.lbn]
    )
    assert f"{figures.result.value.amount:.2f}" == "98.54"  # seed 001's exception page
    assert figures.result.assessment.status.code == "AMBER"
    assert figures.needs_commentary


def test_no_figures_where_the_indicator_does_not_apply(world):
    assert (
        figures_for(quarter=Q1, indicators=[world.hb_new_claims], organisations=[world.lbn]) == []
    )


def test_missing_months_are_incomplete(world):
    (figures,) = figures_for(
        quarter=Q1, indicators=[world.payroll_on_time], organisations=[world.lbh]
    )
    assert figures.result.assessment.status.code == "INCOMPLETE"
    assert not figures.needs_commentary
