"""The director's list of returns awaiting sign-off, in Chromium (issue 16):
select two, approve them together, see both approved; axe finds nothing and
the page fits a 320 px screen, the table scrolling in its own region."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ReturnFactory

from goldenthread.returns.models import Return

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def submitted(world):
    return [
        ReturnFactory(organisation=o, service_area=a, status="submitted")
        for o, a in (
            (world.lbh, world.payroll),
            (world.lbn, world.payroll),
            (world.lbh, world.benefits),
        )
    ]


def test_the_director_approves_two_returns_at_once(page, world, submitted):
    sign_in(page, "director")
    nav = page.locator("nav[aria-label='Main menu']")
    assert "Awaiting sign-off (3)" in nav.inner_text()
    nav.get_by_role("link", name="Awaiting sign-off (3)").click()
    page.wait_for_url("**/sign-off/")
    assert page.locator("h1").inner_text() == "Awaiting your sign-off"
    assert_accessible(page)
    screenshot(page, "director-awaiting-sign-off")
    page.get_by_label("Select LBH Payroll return, 2019/20 Q1").check()
    page.get_by_label("Select LBN Payroll return, 2019/20 Q1").check()
    page.get_by_role("button", name="Approve selected").click()
    page.wait_for_load_state()
    banner = page.locator(".govuk-notification-banner--success")
    assert "2 returns approved." in banner.inner_text()
    assert page.locator("input[name='chosen']").count() == 1  # Havering's benefits waits
    assert "Awaiting sign-off (1)" in nav.inner_text()
    assert_accessible(page)
    screenshot(page, "director-awaiting-sign-off-approved")
    assert sorted(
        Return.objects.values_list("service_area__name", "organisation__code", "status")
    ) == [
        ("Housing Benefits", "LBH", "submitted"),
        ("Payroll", "LBH", "approved"),
        ("Payroll", "LBN", "approved"),
    ]
    page.goto(page.base_url + reverse("overview:progress") + "?period=2019/20+Q1&state=approved")
    assert page.locator("tbody .govuk-tag").all_inner_texts() == ["Approved", "Approved"]


def test_nothing_chosen_is_an_error_that_leads_to_the_first_checkbox(page, world, submitted):
    sign_in(page, "director")
    page.goto(page.base_url + reverse("submissions:awaiting"))
    page.get_by_role("button", name="Approve selected").click()
    summary = page.locator(".govuk-error-summary")
    assert "Select the returns you want to approve" in summary.inner_text()
    assert_accessible(page)
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "chosen-1"


def test_the_list_fits_a_320_pixel_screen(page, world, submitted):
    sign_in(page, "director")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(page.base_url + reverse("submissions:awaiting"))
    screenshot(page, "320-director-awaiting-sign-off")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    box = page.locator(".gt-table-scroll")
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label")
    assert_accessible(page)
    page.goto(page.base_url + reverse("overview:progress") + "?period=2019/20+Q1")
    screenshot(page, "320-progress")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_searching_the_register_and_the_overview(page, world):
    """The search box (issue 16) in Chromium, at full width and at 320 px."""
    sign_in(page, "councillor.lbh")
    page.goto(page.base_url + reverse("indicators:list"))
    page.get_by_label("Search").fill("housing claims")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=housing+claims**")
    assert page.locator("tbody a.govuk-link").all_inner_texts() == [
        "Average no. of days for Housing Benefit - new claims",
        "Success in Routine Possession claims",
    ]
    screenshot(page, "register-search")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(page.base_url + reverse("overview:home") + "?period=2019/20+Q1&q=" + "payroll+" * 20)
    assert "Only the first 100 characters" in page.locator("#q-error").inner_text()
    screenshot(page, "320-overview-search-cut")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
