"""The issue's "Done when": a finance business partner signs in, downloads the
Asset Management template for Period 5 2019/20, fills it in, imports it in the
browser (preview, confirm), enters the Legal line on the page and submits; the
Director of Finance signs the period off; a reader of Havering then sees the
figures on the position page, and not Newham's non-shared line. Axe on every
page; screenshots at 1280 and 320 px."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import finance_world, forecast_period

from goldenthread.domain.lifecycle import State
from goldenthread.finance.models import FinancePeriod, LineForecast
from goldenthread.people.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    """A page on the live server, without the web tests' world (its councils'
    codes are the finance world's)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def _both_widths(page, name: str) -> None:
    screenshot(page, f"finance-{name}")
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, f"320-finance-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def _filled(content: bytes) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book["Forecast"]
    values = {
        "AM1": (1100000, "Rent review at the civic centre"),
        "AM2": (190001, "Fewer repairs than planned"),
        "NS-B": (90000, "Vacant post"),
        "NS-H": (510000, "Agency cover"),
        "NS-N": (400000, ""),
    }
    for row in range(6, sheet.max_row + 1):
        code = sheet.cell(row, 1).value
        if code in values:
            sheet.cell(row, 6).value, sheet.cell(row, 7).value = values[code]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_partner_imports_the_forecast_and_the_director_signs_it_off(page):
    world = finance_world()
    Membership.objects.get(user=world.partner).organisations.add(*world.councils.values())
    forecast_period(world, 4, {"AM1": "1050000", "NS-H": "505000"})
    am = world.services["AM"]
    forecast_url = page.base_url + reverse("finance:forecast", args=[2019, 5])

    sign_in(page, "fbp")
    page.goto(forecast_url + f"?service={am.pk}")
    assert "Forecast for Period 5 2019/20 (August 2019)" in page.inner_text("h1")
    assert "1,050,000" in page.inner_text("main")  # last period's, for reference
    _both_widths(page, "forecast")
    page.click("text=Fill in the forecast as a spreadsheet")
    page.wait_for_selector("h1:has-text('Fill in the forecast with a spreadsheet')")
    _both_widths(page, "forecast-import")
    with page.expect_download() as download:
        page.click("text=Download the Asset Management template")
    data = _filled(Path(download.value.path()).read_bytes())
    page.set_input_files(
        "#id_workbook",
        files=[{"name": "am-p5.xlsx", "mimeType": "application/octet-stream", "buffer": data}],
    )
    page.click("button:has-text('Check the file')")
    page.wait_for_selector("button:has-text('Save these changes')")
    assert "Rent review at the civic centre" in page.inner_text("main")
    _both_widths(page, "forecast-preview")
    assert not LineForecast.objects.filter(period__period=5).exists()
    page.click("button:has-text('Save these changes')")
    page.wait_for_selector("text=Imported am-p5.xlsx: 5 lines changed")
    assert LineForecast.objects.filter(period__period=5).count() == 5

    page.goto(forecast_url)
    legal = world.lines["LG1"].pk
    page.fill(f"#id_line{legal}-forecast", "£1,000,300")
    page.fill(f"#id_line{legal}-explanation", "Extra counsel's fees")
    page.click("button:has-text('Save and submit for sign-off')")
    page.wait_for_selector("text=Forecast submitted to the Director of Finance")
    _both_widths(page, "forecast-submitted")
    assert FinancePeriod.objects.get(period=5).status == State.SUBMITTED.value

    page.context.clear_cookies()
    sign_in(page, "dof")
    page.goto(forecast_url)
    assert "Extra counsel's fees" in page.inner_text("main")
    _both_widths(page, "forecast-sign-off")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("text=Forecast signed off")
    assert FinancePeriod.objects.get(period=5).status == State.APPROVED.value
    _both_widths(page, "forecast-signed-off")

    page.context.clear_cookies()
    sign_in(page, "reader.lbh")
    page.goto(page.base_url + reverse("finance:position", args=[2019, 5]))
    main = page.inner_text("main")
    assert "AM1" in main and "NS-H" in main and "NS-N" not in main
    assert "Rent review at the civic centre" in main
