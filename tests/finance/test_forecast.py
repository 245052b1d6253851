"""A period's forecast page: the finance business partners save and submit, a
stale save keeps the entries, the Director of Finance alone signs it off,
readers and other councils' lines are kept out, money is read as typed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from tests.factories import finance_world, forecast_period, make_user
from tests.web.conftest import sign_in_with_second_factor

from goldenthread.domain.lifecycle import State
from goldenthread.finance.models import FinancePeriod, LineForecast
from goldenthread.finance.services import LineEntry, forecasts_save, period_open
from goldenthread.people.models import Membership, Role

pytestmark = pytest.mark.django_db
URL = reverse("finance:forecast", args=[2019, 5])
DECIDE = reverse("finance:decide", args=[2019, 5])
ALL = {
    "AM1": "1,100,000",
    "AM2": "£190,001",
    "LG1": "£1.0003m",
    "NS-H": "510000",
    "NS-N": "400,000",
    "NS-B": "(90,000)",
}


@pytest.fixture
def world():
    world = finance_world()
    # the finance business partners prepare every council's lines
    Membership.objects.get(user=world.partner).organisations.add(*world.councils.values())
    return world


def signed_in(client, user):
    return sign_in_with_second_factor(client, user)


def post_data(world, values, *, version=0, action="save", explain="Explained"):
    data = {"version": str(version), "action": action}
    for code, text in values.items():
        pk = world.lines[code].pk
        data[f"line{pk}-forecast"] = text
        data[f"line{pk}-explanation"] = explain
    return data


def stored(world, code):
    row = LineForecast.objects.filter(line=world.lines[code], period__period=5).first()
    return row.forecast if row else None


def test_the_partner_saves_each_lines_forecast_read_as_typed(client, world):
    response = signed_in(client, world.partner).get(URL)
    assert response.status_code == 200
    assert b"Forecast for Period 5 2019/20 (August 2019)" in response.content
    response = client.post(URL, post_data(world, ALL))
    assert response.status_code == 302
    assert stored(world, "LG1") == Decimal("1000300")
    assert stored(world, "NS-B") == Decimal("-90000")
    period = FinancePeriod.objects.get(period=5)
    assert period.version == 1 and period.status == State.DRAFT.value
    page = client.get(URL).content.decode()
    assert "(190,000)" in page  # NS-B's variance: -90,000 against a budget of 100,000
    assert 'value="1,000,300"' in page


def test_a_filter_shows_one_services_lines(client, world):
    signed_in(client, world.partner)
    page = client.get(URL, {"service": world.services["LG"].pk}).content.decode()
    assert "LG1" in page and "AM1" not in page
    assert client.get(URL, {"service": "999999"}).status_code == 404


def test_a_stale_save_keeps_the_entries_and_says_who_saved(client, world):
    period = period_open(world.budget, 5)
    forecasts_save(
        period, [LineEntry(world.lines["AM1"], Decimal(1050000), "Theirs")],
        expected_version=0, by=world.director,
    )  # fmt: skip
    signed_in(client, world.partner)
    response = client.post(URL, post_data(world, {"AM1": "1,200,000"}, version=0))
    assert response.status_code == 400
    page = response.content.decode()
    assert "after you opened it: your entries are still on this page" in page
    assert 'value="1,200,000"' in page and "Saved meanwhile: 1,050,000" in page
    assert stored(world, "AM1") == Decimal(1050000)


def test_submit_is_refused_with_what_is_missing_then_accepted(client, world):
    signed_in(client, world.partner)
    some = {"AM1": "1,100,000"}
    response = client.post(URL, post_data(world, some, action="submit", explain=""))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Saved, but not submitted" in page
    assert "AM1: explain its variance" in page and "NS-B: give its forecast" in page
    period = FinancePeriod.objects.get(period=5)
    assert period.status == State.DRAFT.value
    response = client.post(URL, post_data(world, ALL, version=period.version, action="submit"))
    assert response.status_code == 302
    assert FinancePeriod.objects.get(period=5).status == State.SUBMITTED.value
    page = client.get(URL).content.decode()
    assert "Submitted: waiting for the Director of Finance" in page
    assert 'name="line' not in page  # read-only once submitted


def test_a_partner_covering_one_council_is_not_told_anothers_line_codes(client, world):
    lbh_partner = make_user(
        "fbp.lbh", Role.SERVICE_OFFICER,
        organisations=[world.os, world.councils["LBH"]], service_areas=[world.finance_area],
    )  # fmt: skip
    signed_in(client, lbh_partner)
    response = client.post(URL, post_data(world, {"AM1": "1,000,000"}, action="submit"))
    page = response.content.decode()
    assert "NS-H: give its forecast" in page
    assert "NS-N" not in page and "NS-B" not in page
    assert "2 lines need a forecast or an explanation from someone who covers it" in page


def test_another_councils_line_cannot_be_written_by_crafting_the_post(client, world):
    lbh_partner = make_user(
        "fbp.lbh", Role.SERVICE_OFFICER,
        organisations=[world.os, world.councils["LBH"]], service_areas=[world.finance_area],
    )  # fmt: skip
    signed_in(client, lbh_partner)
    page = client.get(URL).content.decode()
    assert "NS-H" in page and "NS-N" not in page and "NS-B" not in page
    response = client.post(URL, post_data(world, {"NS-H": "1", "NS-N": "999", "NS-B": "999"}))
    assert response.status_code == 302
    assert stored(world, "NS-H") == 1
    assert stored(world, "NS-N") is None and stored(world, "NS-B") is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,34", "thousands commas in the wrong places"),
        ("1.001", "more precise than a penny"),
        ("99999999999999", "too large"),
        ("=1+1", "is not an amount of money"),
        ("1" * 41, "must be 40 characters or fewer"),
        ("1\x07", "control character"),
        ("((5))", "is not an amount of money"),
    ],
)
def test_hostile_money_is_refused_naming_the_line_and_field(client, world, typed, message):
    signed_in(client, world.partner)
    response = client.post(URL, post_data(world, {"AM1": typed}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "AM1 forecast: " in page and message in page
    assert not FinancePeriod.objects.exists()


def test_an_explanation_is_plain_text_of_bounded_length(client, world):
    signed_in(client, world.partner)
    response = client.post(URL, post_data(world, {"AM1": "1"}, explain="x" * 2001))
    assert b"Explanation must be 2000 characters or fewer" in response.content
    response = client.post(URL, post_data(world, {"AM1": "1"}, explain="bell\x07"))
    assert b"control character" in response.content
    response = client.post(URL, post_data(world, {"AM1": "1"}, explain='=HYPERLINK("x")'))
    assert response.status_code == 302
    assert LineForecast.objects.get().explanation == '=HYPERLINK("x")'


def test_a_saved_forecast_cannot_be_blanked(client, world):
    signed_in(client, world.partner)
    client.post(URL, post_data(world, {"AM1": "1"}))
    response = client.post(URL, post_data(world, {"AM1": ""}, version=1, explain=""))
    assert b"AM1 forecast: Enter the forecast: a saved forecast can be changed" in response.content


def test_the_director_alone_signs_it_off(client, world):
    period = forecast_period(world, 5, {"AM1": "1100000"}, status=State.SUBMITTED.value)
    signed_in(client, world.partner)
    response = client.post(DECIDE, {"action": "approve", "version": period.version})
    assert response.status_code == 403
    signed_in(client, world.director)
    page = client.get(URL).content.decode()
    assert "Approve" in page and 'name="line' not in page
    response = client.post(DECIDE, {"action": "send-back", "version": period.version})
    assert response.status_code == 400 and b"Enter a reason" in response.content
    response = client.post(DECIDE, {"action": "approve", "version": period.version})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.status == State.APPROVED.value
    page = client.get(URL).content.decode()
    assert "Signed off: the forecast is locked" in page
    assert "History" in page and "Approved" in page
    signed_in(client, world.partner)
    response = client.post(URL, post_data(world, {"AM1": "5"}, version=period.version))
    assert response.status_code == 400
    assert stored(world, "AM1") == Decimal(1100000)


def test_the_director_sends_it_back_with_a_reason_and_reopens_a_signed_off_one(client, world):
    period = forecast_period(world, 5, {"AM1": "1100000"}, status=State.SUBMITTED.value)
    signed_in(client, world.director)
    client.post(DECIDE, {"action": "send-back", "version": period.version, "reason": "Check AM1"})
    period.refresh_from_db()
    assert period.status == State.SENT_BACK.value and period.reason == "Check AM1"
    signed_in(client, world.partner)
    assert "Check AM1" in client.get(URL).content.decode()


@pytest.mark.parametrize("who", ["reader", "nobody"])
def test_readers_and_strangers_are_kept_out(client, world, who):
    user = world.readers["LBH"] if who == "reader" else make_user("x", Role.READER)
    signed_in(client, user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, post_data(world, {"AM1": "1"})).status_code == 404
    assert client.post(DECIDE, {"action": "approve", "version": 0}).status_code == 404


def test_a_reader_of_the_shared_service_is_refused(client, world):
    reader = make_user("os.reader", Role.READER, organisations=[world.os])
    signed_in(client, reader)
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("period", [0, 13, 99])
def test_a_period_outside_the_year_or_a_year_without_a_budget_is_not_found(client, world, period):
    signed_in(client, world.partner)
    assert client.get(reverse("finance:forecast", args=[2019, period])).status_code == 404
    assert client.get(reverse("finance:forecast", args=[2018, 5])).status_code == 404


def test_last_periods_forecast_is_shown_for_reference(client, world):
    forecast_period(world, 4, {"AM1": "1234567"})
    signed_in(client, world.partner)
    assert "1,234,567" in client.get(URL).content.decode()
