"""A councillor signed in sees no figure of a return awaiting approval, on the
overview or on the indicator's page; the performance team sees it marked as a
draft. Both pages pass axe and fit a 320 px screen."""

from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ReturnFactory, figure

Q2 = "?period=2019/20+Q2"


def test_a_councillor_sees_no_unapproved_figure(page, world):
    """Havering's Q2 payroll return was sent back: its 96.10% is the director's
    business and the service's, not yet the councillor's."""
    for month in ((2019, 7), (2019, 8), (2019, 9)):
        figure(world.payroll_on_time, world.lbh, month, "96.10", decimals=2)
    ReturnFactory(
        organisation=world.lbh,
        service_area=world.payroll,
        quarter=2,
        status="sent-back",
        reason="Internal: recheck September",
    )
    sign_in(page, "councillor.lbh")
    overview = reverse("overview:home") + Q2
    indicator = reverse("indicators:detail", args=["EX-02"]) + Q2
    for url, name in ((overview, "reader-overview-awaiting"), (indicator, "reader-indicator")):
        for width in (1280, 320):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(page.base_url + url)
            text = page.locator("main").inner_text()
            assert "96.1" not in text and "Sent back" not in text and "recheck" not in text
            assert "Awaiting approval" in text
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            assert_accessible(page)
            screenshot(page, f"{name}-{width}")
    page.goto(page.base_url + overview)
    assert "1 figure awaiting approval is not counted" in page.locator("main").inner_text()

    page.context.clear_cookies()
    sign_in(page, "performance")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + overview)
    text = page.locator("main").inner_text()
    assert "96.10%" in text and "Sent back" in text and "1 draft figure" in text
    assert_accessible(page)
    screenshot(page, "team-overview-draft-1280")
