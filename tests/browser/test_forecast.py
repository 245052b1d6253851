"""A year-end forecast in Chromium (issue 17): the officer types Havering's
commercial income to date and the forecast outturn (seed 001 line 667:
£250K in Q1 against £3.15M for the year); the preview rates the forecast and
says so; once saved, the overview says the status is on the forecast. Axe
finds nothing at 1280 and at 320 px, and each page fits a 320 px screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import IndicatorFactory, ServiceAreaFactory, make_user

from goldenthread.people.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def income(world):
    area = ServiceAreaFactory(directorate=world.exchequer, name="Property")
    indicator = IndicatorFactory(
        reference="AM-16",
        title="Annual commercial income target forecast v actual",
        service_area=area,
        unit="£",
        polarity="up",
        aggregation="sum",
        frequency="quarterly",
        in_year="forecast",
        organisations=[world.lbh],
        targets={world.lbh: "£3.15M"},
    )
    make_user(
        "officer.property", Role.SERVICE_OFFICER, organisations=[world.lbh], service_areas=[area]
    )
    return indicator


def fits(page, width=320):
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_officer_enters_a_forecast_and_the_preview_and_overview_say_so(page, world, income):
    sign_in(page, "officer.property")
    page.goto(
        page.base_url + reverse("returns:edit", args=["LBH", income.service_area_id, 2019, 1])
    )
    figure = f"#id_i{income.id}-total-201904-3"
    forecast = f"#id_i{income.id}-forecast"
    assert "Where you expect the year to end" in page.inner_text(f"{forecast}-hint")
    page.fill(figure, "250000")
    page.fill(forecast, "lots")
    page.wait_for_selector(f"{forecast}.govuk-input--error")
    assert "Enter the forecast as a number" in page.inner_text(f"{forecast}-mark")
    page.fill(forecast, "3200000")
    page.wait_for_selector(f"{forecast}:not(.govuk-input--error)")
    preview = page.locator(f"#preview-{income.id}")
    preview.get_by_text("(on the forecast)").wait_for()
    assert "Forecast £3,200,000 against £3,150,000: Green (on the forecast)" in " ".join(
        preview.inner_text().split()
    )
    assert_accessible(page)
    screenshot(page, "officer-return-forecast")
    assert fits(page)
    assert_accessible(page)
    screenshot(page, "officer-return-forecast-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("button[value=save]")
    page.get_by_text("Return saved").wait_for()
    assert page.input_value(forecast) == "3200000"

    page.goto(page.base_url + reverse("overview:home") + "?period=2019%2F20+Q1&organisation=LBH")
    row = page.locator("tr", has_text="Annual commercial income target forecast v actual")
    assert "Green" in row.inner_text() and "on the forecast" in row.inner_text()
    assert_accessible(page)
    screenshot(page, "overview-forecast")
    assert fits(page)
    assert_accessible(page)
    screenshot(page, "overview-forecast-320")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(
        page.base_url
        + reverse("indicators:detail", args=["AM-16"])
        + "?period=2019%2F20+Q1&organisation=LBH"
    )
    rated = page.locator(".govuk-summary-list__row", has_text="Rated on")
    assert "Forecast £3,200,000 against £3,150,000: Green" in rated.first.inner_text()
    assert_accessible(page)
    screenshot(page, "indicator-forecast")
    assert fits(page)
    assert_accessible(page)
