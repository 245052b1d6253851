"""The risk register's core: what a person sees, a review round saved and
submitted, the standing from signed-off reviews only, the heat map."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import (
    OrganisationFactory,
    ReviewRoundFactory,
    RiskFactory,
    RiskReviewFactory,
    make_user,
)

from goldenthread.domain.lifecycle import Refused
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.risk_matrix import DEFAULT, Score, Trend
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.risks.models import Appetite
from goldenthread.risks.selectors import heat_map, standings, visible_risks
from goldenthread.risks.services import ReviewEntry, review_save, round_open, round_submit

pytestmark = pytest.mark.django_db
Q2 = Quarter(FinancialYear(2019), 2)


def test_newham_reads_its_own_and_all_partners_risks_not_haverings():
    shared, lbh, lbn = (OrganisationFactory(code=c) for c in ("OS", "LBH", "LBN"))
    every = RiskFactory(organisation=shared)
    theirs = RiskFactory(organisation=shared, partners=[lbn])
    RiskFactory(organisation=shared, partners=[lbh])
    reader = make_user("cllr", Role.READER, organisations=[lbn])
    assert set(visible_risks(scope_of(reader))) == {every, theirs}


def test_only_signed_off_reviews_move_the_current_score_and_give_the_trend():
    risk = RiskFactory(current_likelihood=3, current_impact=4)
    Appetite.objects.create(category="strategic", level="Medium")
    q1 = ReviewRoundFactory(quarter=1, status="approved")
    RiskReviewFactory(round=q1, risk=risk, likelihood=3, impact=4)
    q2 = ReviewRoundFactory(quarter=2, status="submitted")
    RiskReviewFactory(round=q2, risk=risk, likelihood=4, impact=4)
    (row,) = standings([risk], today=datetime.date(2019, 10, 1))
    assert row.current == Score(3, 4) and row.above_appetite
    q2.status = "approved"
    q2.save()
    (row,) = standings([risk], today=datetime.date(2019, 10, 1))
    assert (row.current, row.before, row.trend) == (Score(4, 4), Score(3, 4), Trend.UP)
    assert row.level.name == "Very high"
    (cell,) = [c for line in heat_map([row], DEFAULT) for c in line if c.count]
    assert (cell.likelihood, cell.impact, cell.references) == (4, 4, (risk.reference,))


def test_a_round_is_submitted_once_every_risk_is_reviewed_with_a_comment():
    first = RiskFactory()
    second = RiskFactory(organisation=first.organisation, service_area=first.service_area)
    owner = make_user("owner", Role.SERVICE_OFFICER)
    review_round = round_open(first.organisation, first.service_area, Q2)
    review_save(review_round, [ReviewEntry(first, 2, 3, "Better.")], expected_version=0, by=owner)
    with pytest.raises(Refused, match=f"{second.reference}: review its scores"):
        round_submit(review_round, expected_version=1, by=owner)
    review_save(review_round, [ReviewEntry(second, 2, 2, "Same.")], expected_version=1, by=owner)
    round_submit(review_round, expected_version=2, by=owner)
    assert review_round.reviews.count() == 2


@pytest.mark.parametrize("reference", ["new", "settings", "SR 01", "SR/01", "@SUM(A1)"])
def test_a_reference_that_cannot_be_a_risks_address_is_refused(reference):
    from goldenthread.risks.forms import RiskForm

    form = RiskForm({"reference": reference}, matrix=DEFAULT)
    assert not form.is_valid()
    assert "reference" in form.errors
