"""Each role doing its job in a real browser; every page passes axe."""

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_is_accessible(page, world):
    sign_in(page, "performance")
    urls = {
        "overview": reverse("overview:home") + "?period=2019/20+Q1",
        "progress": reverse("overview:progress") + "?period=2019/20+Q1",
        "register": reverse("indicators:list"),
        "indicator": reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1",
        "returns": reverse("returns:list") + "?period=2019/20+Q1",
        "return": reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]),
        "targets": reverse("indicators:targets", args=["EX-02", 2019]),
        "return-upload": reverse("returns:import", args=["LBN", world.payroll.id, 2019, 1]),
        "register-spreadsheet": reverse("register_sheet:load"),
    }
    for name, url in urls.items():
        page.goto(page.base_url + url)
        assert page.locator("h1").count() == 1, name
        screenshot(page, f"performance-{name}")
        assert_accessible(page)


def test_sign_in_page_is_accessible_and_a_wrong_password_is_explained(page):
    page.goto(page.base_url + "/")
    assert "/sign-in/" in page.url
    assert_accessible(page)
    page.fill("#id_username", "officer.lbn")
    page.fill("#id_password", "wrong")
    page.click("button:has-text('Sign in')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    screenshot(page, "sign-in-error")


def test_officer_enters_a_return_with_commentary_and_director_approves(page, world):
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    june = f"#id_i{world.payroll_on_time.id}-total-201906-1"
    page.fill(june, "nonsense")
    page.click("button:has-text('Save and submit')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value(june) == "nonsense"
    assert_accessible(page)
    screenshot(page, "officer-return-error")
    page.fill(june, "95.63%")
    page.fill(f"#id_i{world.payroll_on_time.id}-reasons", "BACS run failed on 28 June")
    page.click("button:has-text('Save and submit')")
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert "Submitted" in page.locator("main").inner_text()
    screenshot(page, "officer-return-submitted")

    page.click("button:has-text('Sign out')")
    sign_in(page, "director")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    assert_accessible(page)
    page.click("button:has-text('Approve')")
    assert "Return approved" in page.locator("main").inner_text()
    screenshot(page, "director-approved")


def test_overview_filters_work_without_javascript(browser, live_server, world):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    sign_in(page, "s151")
    page.goto(page.base_url + reverse("overview:home") + "?period=2019/20+Q1")
    page.select_option("#organisation", "LBN")
    page.click("button:has-text('Show')")
    assert "organisation=LBN" in page.url
    text = page.locator("main").inner_text()
    assert "98.54%" in text and "Amber" in text
    context.close()
