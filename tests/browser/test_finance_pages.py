"""Budget monitoring's pages in Chromium: the position (as a reader of one
council, with other councils' non-shared figures not shown, and as the team,
with a contradiction flagged), the cost share, the reserves, the savings and a
line with its chart. Axe finds nothing at 1280 and at 320 px, and each page
fits a 320 px screen (its wide tables scroll in their own regions)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.finance.test_pages import finance_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finance(world):
    """The web world's shared service, with period 4 (for movement), a stated
    figure the lines contradict, a reserve and savings (illustrative)."""
    from goldenthread.finance.models import (
        BudgetLine,
        FinancePeriod,
        LineForecast,
        ReserveAmount,
        ReserveItem,
        Saving,
        StatedFigure,
    )
    from goldenthread.organisations.models import Organisation

    finance_in(world)
    os_ = Organisation.objects.get(code="OS")
    p4 = FinancePeriod.objects.create(
        organisation=os_, service_area=world.payroll, year=2019, period=4, status="approved"
    )
    LineForecast.objects.create(
        period=p4, line=BudgetLine.objects.get(code="SH1"), forecast=Decimal(1050000)
    )
    p5 = FinancePeriod.objects.get(organisation=os_, period=5)
    StatedFigure.objects.create(
        period=p5,
        measure="non-shared",
        council=world.lbh,
        amount=Decimal(40000),
        where="the Havering paragraph",
    )
    for kind, purpose, amounts in (
        ("opening", "Opening", {world.lbh: -60000, world.lbn: -900000}),
        ("drawn", "Power BI", {world.lbh: 5000, world.lbn: 5000}),
        ("projected", "Income system", {world.lbn: 50000}),
    ):
        item = ReserveItem.objects.create(
            organisation=os_, year=2019, kind=kind, purpose=purpose, in_base=kind == "drawn"
        )
        for council, amount in amounts.items():
            ReserveAmount.objects.create(item=item, partner=council, amount=amount)
    Saving.objects.create(
        organisation=os_, year=2019, partner=world.lbh, title="Restructure", planned=100000
    )
    return os_


def _check(page, name):
    assert_accessible(page)
    screenshot(page, f"finance-{name}")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    assert_accessible(page)
    screenshot(page, f"finance-{name}-320")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reader_sees_the_position_without_other_councils_non_shared(page, world, finance):
    sign_in(page, "councillor.lbh")
    page.goto(page.base_url + reverse("finance:index"))
    page.wait_for_url("**/finance/2019/5/")
    summary = page.inner_text("#summary")
    assert "Havering" in summary and "0.010" in summary
    assert "are not shown to you" in page.inner_text("main")
    assert "NS-N" not in page.content()
    _check(page, "position-reader")
    page.click("nav[aria-label='Budget monitoring'] >> text=Cost share")
    page.wait_for_url("**/cost-share/")
    _check(page, "cost-share-reader")


def test_the_team_sees_every_page(page, world, finance):
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("finance:position", args=[2019, 5]))
    assert "a difference of £30,000" in page.inner_text(".govuk-warning-text")
    page.select_option("#period", "4")
    page.click("button:has-text('Show')")
    page.wait_for_url("**/finance/2019/4/")
    page.goto(page.base_url + reverse("finance:position", args=[2019, 5]))
    _check(page, "position-team")
    for name, url in (
        ("cost-share", reverse("finance:cost_share", args=[2019, 5])),
        ("reserves", reverse("finance:reserves", args=[2019])),
        ("savings", reverse("finance:savings", args=[2019])),
        ("line", reverse("finance:line", args=["SH1"])),
    ):
        page.goto(page.base_url + url)
        _check(page, name)
    assert page.locator("svg[role='img']").count() == 1
