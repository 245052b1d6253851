"""The indicator page's charts with their tables, the glossary, and the print
views, in Chromium: axe finds nothing, and on paper the navigation, filters
and buttons are gone while the figures and charts stay."""

from __future__ import annotations

import pytest
from tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in
from tests.factories import figure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Q1 = "?period=2019/20+Q1"


def test_the_indicator_page_draws_each_trend_with_its_table(page, world):
    figure(world.hb_new_claims, world.lbh, (2018, 4), "18")
    sign_in(page, "performance")
    page.goto(page.base_url + "/register/EX-01/" + Q1)
    chart = page.locator(".gt-chart").first
    drawing = chart.locator("svg[role=img]")
    assert "Apr 21 days, May 24 days, Jun 22 days" in drawing.get_attribute("aria-label")
    assert drawing.bounding_box()["width"] > 200
    table = chart.locator("table")
    assert table.locator("tbody tr").count() == 12  # every month of the year
    assert "21 days" in table.inner_text() and "18 days" in table.inner_text()
    assert_accessible(page)
    screenshot(page, "f2-indicator-chart")
    page.set_viewport_size({"width": 320, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page is {width} px wide on a 320 px screen"
    assert drawing.bounding_box()["width"] <= 320
    screenshot(page, "f2-indicator-chart-320")


def test_the_glossary_passes_axe_and_its_anchors_are_linked(page, world):
    sign_in(page, "councillor.lbh")
    page.goto(page.base_url + "/register/LG-01/" + Q1)
    page.click("a[href='/help/glossary/#polarity']")
    page.wait_for_url("**/help/glossary/#polarity")
    assert page.locator("#polarity").is_visible()
    assert "Higher is better" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, "f2-glossary")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "f2-glossary-320")


@pytest.mark.parametrize("address", ["/" + Q1, "/register/EX-02/" + Q1])
def test_the_printed_page_has_no_navigation_filters_or_buttons(page, world, address):
    sign_in(page, "performance")
    page.goto(page.base_url + address)
    assert page.locator(".govuk-service-navigation").is_visible()
    page.emulate_media(media="print")
    for hidden in (".govuk-service-navigation", ".gt-filters", ".govuk-skip-link", "footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("h1").is_visible()
    assert page.locator("table").first.is_visible()
    link = page.locator("main a.govuk-link").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after in ("none", "normal"), after  # no address printed after a link
    rows = page.locator("tbody tr").first
    assert rows.evaluate("r => getComputedStyle(r).breakInside") == "avoid"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = "overview" if address.startswith("/?") else "indicator"
    pdf = page.pdf(path=str(SCREENSHOTS / f"f2-print-{name}.pdf"), format="A4")
    assert pdf.startswith(b"%PDF")
