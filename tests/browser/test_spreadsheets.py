"""Spreadsheet returns in a real browser: an officer downloads the template,
fills it in, uploads it, checks the preview and saves it; a broken file gets
an error summary. Every page passes axe; screenshots go to out/screenshots/."""

from __future__ import annotations

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.browser.conftest import assert_accessible, screenshot, sign_in

from goldenthread.indicators.models import Target
from goldenthread.returns.models import Measurement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_downloads_fills_uploads_previews_and_saves(page, world, tmp_path):
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    with page.expect_download() as download:
        page.click("text=Download this return as a spreadsheet")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    book = load_workbook(template)
    book["Return"]["J9"] = 96.1
    book["Commentary"]["F7"] = "BACS run failed on 28 June; rerun on 1 July"
    filled = tmp_path / "LBN-payroll-2019-20-Q1.xlsx"
    book.save(filled)

    page.click("text=upload the filled-in spreadsheet")
    assert_accessible(page)
    screenshot(page, "officer-spreadsheet-upload")
    page.set_input_files("#id_workbook", str(filled))
    page.click("button:has-text('Check the file')")
    main = page.locator("main").inner_text()
    assert "Check the changes before they are saved" in main
    assert "95.63%" in main and "96.10%" in main  # as the cell shows it (0.00)
    assert_accessible(page)
    screenshot(page, "officer-spreadsheet-preview")
    page.click("button:has-text('Save these changes')")
    assert "2 changes saved" in page.locator(".govuk-notification-banner").inner_text()
    june = Measurement.objects.get(
        indicator=world.payroll_on_time, organisation=world.lbn, start__month=6
    )
    assert str(june.amount.normalize()) == "96.1"
    screenshot(page, "officer-spreadsheet-saved")


def test_a_broken_file_gets_an_error_summary(page, world, tmp_path):
    sign_in(page, "officer.lbn")
    url = reverse("returns:import", args=["LBN", world.payroll.id, 2019, 1])
    page.goto(page.base_url + url)
    bad = tmp_path / "figures.xlsx"
    bad.write_text("reference,figure\nEX-02,96.1\n", encoding="utf-8")
    page.set_input_files("#id_workbook", str(bad))
    page.click("button:has-text('Check the file')")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible() and "is a text file" in summary.inner_text()
    assert_accessible(page)
    screenshot(page, "officer-spreadsheet-error")


def test_performance_team_previews_a_register_change(page, world, tmp_path):
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("register_sheet:load"))
    with page.expect_download() as download:
        page.click("text=Download the register (.xlsx)")
    path = tmp_path / "register.xlsx"
    download.value.save_as(path)
    book = load_workbook(path)
    sheet = book["Register"]
    sheet["D2"] = "21 days"  # EX-01's 2019/20 target for LBH, was 20 days
    book.save(path)
    page.set_input_files("#id_workbook", str(path))
    page.click("button:has-text('Check the file')")
    assert "Check the register changes" in page.locator("h1").inner_text()
    assert "21 days" in page.locator("main").inner_text()
    assert target_of(world) == "20 days"  # a preview saves nothing
    assert_accessible(page)
    screenshot(page, "performance-register-preview")
    page.click("button:has-text('Save these changes')")
    assert "Register loaded" in page.locator(".govuk-notification-banner").inner_text()
    assert target_of(world) == "21 days"  # saved, and only what the sheet changed
    assert Target.objects.get(indicator=world.payroll_on_time, organisation=world.lbh).text == (
        "100.00%"
    )
    page.goto(page.base_url + reverse("indicators:targets", args=["EX-01", 2019]))
    assert page.input_value("#id_target_LBH") == "21 days"  # what the next visitor reads


def target_of(world) -> str:
    """EX-01's 2019/20 target for Havering, as stored."""
    return Target.objects.get(indicator=world.hb_new_claims, organisation=world.lbh, year=2019).text
