"""Downloading a table in a real browser: a councillor filters the overview,
clicks "CSV" and "Excel (xlsx)" under the indicators table and gets files that
hold the rows the page shows, for their council only; the team downloads the
register page's table. Pages with the links pass axe and fit 320 px."""

from __future__ import annotations

import csv
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def download(page, selector: str, tmp_path):
    with page.expect_download() as started:
        page.click(selector)
    path = tmp_path / started.value.suggested_filename
    started.value.save_as(path)
    return started.value.suggested_filename, path


def test_a_councillor_downloads_the_overview_as_they_see_it(page, world, tmp_path):
    sign_in(page, "councillor.lbh")
    page.goto(page.base_url + reverse("overview:home") + "?period=2019/20+Q1&tier=all")
    page.wait_for_selector("text=Download this table")
    # each link names its table for those who hear it out of its place
    assert page.get_by_role("link", name=re.compile(r"^CSV\s*, the indicators$")).count() == 1
    shown = page.locator("table").nth(1).locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert_accessible(page)
    screenshot(page, "export-links-overview")

    name, path = download(page, "a[href^='/overview.csv']", tmp_path)
    assert name == "overview-2019-20-q1-lbh.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:5] == ["Directorate", "Service area", "Reference", "Indicator", "Council"]
    assert [row[4] for row in rows[1:]] == [code for code in shown if code]
    assert {row[4] for row in rows[1:]} == {"LBH"}

    name, path = download(page, "a[href^='/overview.xlsx']", tmp_path)
    assert name == "overview-2019-20-q1-lbh.xlsx"
    sheet = load_workbook(path).active
    hb = next(row for row in sheet.iter_rows(min_row=2) if row[2].value == "EX-01")
    assert hb[7].value == pytest.approx(22.3) and hb[7].data_type == "n"


def test_the_register_download_is_the_pages_table(page, world, tmp_path):
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("indicators:list") + "?q=payroll")
    assert "register spreadsheet, with every target, is a separate export" in page.inner_text(
        "main"
    )
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    links = page.locator(".gt-download-links").bounding_box()
    assert links is not None and links["x"] + links["width"] <= 320  # the links wrap
    screenshot(page, "export-links-register-320")
    name, path = download(page, "a[href^='/register.csv']", tmp_path)
    assert name == "register.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[2] for row in rows[1:]] == ["EX-02"]
