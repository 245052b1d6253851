"""The model factories (tests/factories.py) make valid rows: each passes the
model's own validation (choices, lengths, constraints), two of a kind can live
side by side, and a person made with `make_user` signs in with their role."""

from __future__ import annotations

import pytest
from tests import factories

from goldenthread.indicators.models import Indicator
from goldenthread.people.models import Role

pytestmark = pytest.mark.django_db

FACTORIES = [
    factories.OrganisationFactory,
    factories.DirectorateFactory,
    factories.ServiceAreaFactory,
    factories.IndicatorFactory,
    factories.BreakdownFactory,
    factories.TargetFactory,
    factories.MeasurementFactory,
    factories.CommentaryFactory,
    factories.ReturnFactory,
    factories.UserFactory,
    factories.MembershipFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_two_valid_rows(factory):
    first, second = factory(), factory()
    for made in (first, second):
        made.full_clean()
    assert first.pk != second.pk


def test_an_indicator_takes_its_councils_and_targets():
    lbh, lbn = factories.OrganisationFactory.create_batch(2)
    made = factories.IndicatorFactory(organisations=[lbh, lbn], targets={lbh: "97.00%"})
    assert set(made.organisations.all()) == {lbh, lbn}
    assert [(t.organisation, t.year, t.text) for t in made.targets.all()] == [(lbh, 2019, "97.00%")]
    # its history as an indicator made by hand: created, then its councils set
    by_hand = Indicator.objects.create(
        reference="BY-HAND",
        title="By hand",
        service_area=made.service_area,
        unit="number",
        polarity="up",
        aggregation="mean",
        frequency="monthly",
        scheme="rag",
    )
    by_hand.organisations.set([lbh, lbn])
    assert made.history.count() == by_hand.history.count()


def test_a_figure_is_for_the_month_given():
    indicator, council = factories.IndicatorFactory(), factories.OrganisationFactory()
    made = factories.figure(indicator, council, (2020, 1), "12.5", decimals=1)
    assert (made.start.isoformat(), made.months, made.kind) == ("2020-01-01", 1, "number")
    assert (str(made.amount.normalize()), made.decimals) == ("12.5", 1)


def test_a_person_made_with_a_role_signs_in_with_it(client):
    area = factories.ServiceAreaFactory()
    lbh = factories.OrganisationFactory(code="LBH")
    user = factories.make_user(
        "officer", Role.SERVICE_OFFICER, organisations=[lbh], service_areas=[area]
    )
    assert user.check_password(factories.PASSWORD)
    assert not user.is_staff and not user.is_superuser
    signed_in = client.post("/sign-in/", {"username": "officer", "password": factories.PASSWORD})
    assert signed_in.status_code == 302
    membership = user.membership
    assert membership.role == Role.SERVICE_OFFICER and not membership.all_organisations
    assert list(membership.organisations.all()) == [lbh]
    assert list(membership.service_areas.all()) == [area]
    assert not membership.directorates.exists()
