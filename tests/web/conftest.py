"""A small register in the shape of seed 001 (Havering and Newham, Exchequer
and Transactional), and one user per role, built from the model factories
(tests/factories.py): a new test builds what else it needs there."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.factories import (
    PASSWORD,
    DirectorateFactory,
    OrganisationFactory,
    ServiceAreaFactory,
    UserFactory,
    figure,
    indicator,
    make_user,
)

from goldenthread.indicators.models import Indicator
from goldenthread.mfa.selectors import second_factor_required
from goldenthread.organisations.models import Directorate, Organisation, ServiceArea
from goldenthread.people.models import Role

__all__ = ["PASSWORD", "World", "indicator", "make_user", "sign_in_with_second_factor"]


@dataclass
class World:
    lbh: Organisation
    lbn: Organisation
    exchequer: Directorate
    legal: Directorate
    benefits: ServiceArea
    payroll: ServiceArea
    litigation: ServiceArea
    hb_new_claims: Indicator
    payroll_on_time: Indicator
    possession: Indicator
    users: dict


@pytest.fixture
def world(db) -> World:
    lbh = OrganisationFactory(code="LBH", name="London Borough of Havering")
    lbn = OrganisationFactory(code="LBN", name="London Borough of Newham")
    exchequer = DirectorateFactory(name="Exchequer and Transactional")
    legal = DirectorateFactory(name="Legal and Governance")
    benefits = ServiceAreaFactory(directorate=exchequer, name="Housing Benefits")
    payroll = ServiceAreaFactory(directorate=exchequer, name="Payroll")
    litigation = ServiceAreaFactory(directorate=legal, name="Housing and Litigation")
    hb = indicator(
        "EX-01",
        "Average no. of days for Housing Benefit - new claims",
        benefits,
        unit="days",
        polarity="down",
        aggregation="mean",
        decimals=1,
        organisations=[lbh],
        targets={lbh: "20 days"},
    )
    pay = indicator(
        "EX-02",
        "% of payroll payments made on time",
        payroll,
        unit="%",
        polarity="up",
        aggregation="mean",
        decimals=2,
        organisations=[lbh, lbn],
        targets={lbh: "100.00%", lbn: "100.00%"},
    )
    possession = indicator(
        "LG-01",
        "Success in Routine Possession claims",
        litigation,
        unit="%",
        polarity="up",
        aggregation="mean",
        decimals=0,
        organisations=[lbh, lbn],
        targets={lbh: ">90%", lbn: ">90%"},
    )
    # seed 001: HB new claims 21, 24, 22 days; 2018/19 outturn 19.6 (illustrative)
    for month, days in (((2019, 4), "21"), ((2019, 5), "24"), ((2019, 6), "22")):
        figure(hb, lbh, month, days)
    figure(hb, lbh, (2018, 4), "19.6", decimals=1, months=12)
    # seed 001: payroll on time 99.99%, 99.99%, 95.63% (LBN)
    for month, rate in (((2019, 4), "99.99"), ((2019, 5), "99.99"), ((2019, 6), "95.63")):
        figure(pay, lbn, month, rate, decimals=2)
    users = {
        "performance": make_user("performance", Role.PERFORMANCE_TEAM),
        "officer.lbh": make_user(
            "officer.lbh",
            Role.SERVICE_OFFICER,
            organisations=[lbh],
            service_areas=[benefits, payroll],
        ),
        "officer.lbn": make_user(
            "officer.lbn",
            Role.SERVICE_OFFICER,
            organisations=[lbn],
            service_areas=[benefits, payroll],
        ),
        "director": make_user(
            "director", Role.DIRECTOR, all_organisations=True, directorates=[exchequer]
        ),
        "director.legal": make_user(
            "director.legal", Role.DIRECTOR, all_organisations=True, directorates=[legal]
        ),
        "councillor.lbh": make_user("councillor.lbh", Role.READER, organisations=[lbh]),
        "s151": make_user("s151", Role.READER, all_organisations=True),
        "nobody": UserFactory(username="nobody"),  # signs in, with no membership
    }
    return World(
        lbh, lbn, exchequer, legal, benefits, payroll, litigation, hb, pay, possession, users
    )


def sign_in_with_second_factor(client, user):
    """`client.force_login`, and for someone whose role needs a second factor, a
    session that has passed it (with an authenticator app set up for them first if
    they have none), as the sign-in page and the code page would leave it."""
    client.force_login(user)
    fresh = get_user_model().objects.get(pk=user.pk)  # nothing cached on the test's object
    if second_factor_required(fresh):
        device = TOTPDevice.objects.filter(user=fresh, confirmed=True).first()
        device = device or TOTPDevice.objects.create(user=fresh, name="Test app", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(client, world):
    def sign_in(username: str):
        return sign_in_with_second_factor(client, world.users[username])

    return sign_in
