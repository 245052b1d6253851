"""The risk register's pages in a browser: the register with its heat map, a
risk with its score history chart, the quarterly review and the settings, each
checked by axe and fitting a 320 px screen; a review saved, submitted and
signed off as people do it. Screenshots at 1280 and 320 px go to out/screenshots/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.web.test_risk_pages import risk_world

from goldenthread.risks.models import ReviewRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 320


def _look(page, name: str, url: str) -> None:
    page.goto(page.base_url + url)
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    screenshot(page, f"1280-{name}")
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, f"320-{name}")
    assert _fits(page), f"{name} is wider than 320 px"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_register_and_a_risk_read_without_colour(page, world):
    risk_world(world)
    sign_in(page, "councillor.lbh")
    _look(page, "risks-register", reverse("risks:register") + "?period=2019/20+Q2")
    heat = page.locator("table.gt-heat")
    cell = heat.locator("tr:has(th:text-is('3 Possible')) td").nth(3)  # impact 4 Major
    assert cell.inner_text().split() == ["1", "High", "RK-LBH"]
    assert "RK-LBH" in heat.inner_text() and "RK-LBN" not in page.content()
    assert page.locator("#heat-map-table").inner_text().count("RK-LBH") == 1
    _look(page, "risks-risk", reverse("risks:risk", args=["RK-LBH"]))
    assert page.locator("svg[role=img]").count() == 1
    assert "Down (better)" in page.inner_text("main")


def test_a_review_is_saved_submitted_and_signed_off_in_the_browser(page, world):
    risk_world(world)
    url = reverse("risks:review", args=["LBH", world.payroll.id, 2019, 3])
    sign_in(page, "officer.lbh")
    _look(page, "risks-review", url)
    page.select_option("#id_RK-LBH-likelihood", "2")
    page.fill("#id_RK-LBH-comment", "Both vacancies filled.")
    page.click("button:has-text('Save and submit for sign-off')")
    page.wait_for_url("**" + url)
    assert "Risk review submitted for sign-off." in page.inner_text("main")
    page.context.clear_cookies()
    sign_in(page, "director")
    page.goto(page.base_url + url)
    assert_accessible(page)
    page.click("button:has-text('Approve')")
    page.wait_for_url("**" + url)
    screenshot(page, "1280-risks-review-signed-off")
    assert ReviewRound.objects.get(quarter=3).status == "approved"


def test_the_settings_page_fits(page, world):
    sign_in(page, "performance")
    _look(page, "risks-settings", reverse("risks:settings"))
    assert page.locator("label[for=id_cell_4_5]").inner_text() == (
        "Likelihood 4 Likely, impact 5 Severe"
    )
