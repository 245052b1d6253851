"""In Chromium with axe, at normal width and at 320 px: the team's reporting rules
page; the return page marking the commentary a red figure needs, and a refused
submit linking to it; the officer's withdraw."""

from __future__ import annotations

import pytest
from tests.browser.conftest import assert_accessible, screenshot, sign_in

from goldenthread.returns.models import Commentary
from goldenthread.returns.services import return_open, return_submit


def fits(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page is {width} px wide at 320 px"


@pytest.mark.django_db(transaction=True)
def test_reporting_rules_page(page, world):
    sign_in(page, "performance")
    page.goto(page.base_url + "/settings/reporting/")
    page.fill("#id_period", "2019/20 Q1")
    page.fill("#id_due_on", "2019-07-31")
    page.click("button:has-text('Set the due date')")
    page.wait_for_selector("text=2019/20 Q1: due 31 July 2019.")
    assert_accessible(page)
    screenshot(page, "reporting-rules")
    page.fill("#id_due_days", "366")
    page.click("button:has-text('Save reporting rules')")
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    fits(page)
    screenshot(page, "reporting-rules-error-320")


@pytest.mark.django_db(transaction=True)
def test_return_page_marks_and_links_the_missing_commentary(page, world):
    sign_in(page, "officer.lbn")
    url = f"{page.base_url}/returns/LBN/{world.payroll.id}/2019/q1/"
    page.goto(url)
    i = world.payroll_on_time.id
    page.fill(f"#id_i{i}-total-201906-1", "50%")
    page.fill(f"#id_i{i}-reasons", "BACS run failed")
    page.click("button:has-text('Save and submit for sign-off')")
    page.wait_for_selector(".govuk-error-summary")
    link = page.locator(f'.govuk-error-summary a[href="#id_i{i}-remedial_actions"]')
    assert "is red: enter the remedial actions" in link.inner_text()
    assert "Remedial actions (required)" in page.content()
    assert_accessible(page)
    screenshot(page, "return-commentary-required")
    fits(page)
    screenshot(page, "return-commentary-required-320")


@pytest.mark.django_db(transaction=True)
def test_the_officer_withdraws(page, world):
    return_ = return_open(organisation=world.lbn, service_area=world.payroll, year=2019, quarter=1)
    Commentary.objects.create(
        indicator=world.payroll_on_time, organisation=world.lbn, year=2019, quarter=1, reasons="x"
    )
    return_submit(return_=return_, expected_version=0, by=world.users["officer.lbn"])
    sign_in(page, "officer.lbn")
    page.goto(f"{page.base_url}/returns/LBN/{world.payroll.id}/2019/q1/")
    assert_accessible(page)
    screenshot(page, "return-withdraw")
    page.click("button:has-text('Withdraw')")
    page.wait_for_selector("text=Return withdrawn")
    assert_accessible(page)
    fits(page)
    screenshot(page, "return-withdrawn-320")
