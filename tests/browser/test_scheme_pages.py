"""The overview, an indicator's page and the return page with a team's own
status scheme (issue 17): its labels in the summary's columns, the tags and the
commentary hint; axe finds nothing, and each page fits 1280 and 320 px wide
screens (screenshots in out/screenshots/scheme-*.png)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_reflow import _misfits
from tests.web.test_scheme_labels import on_target  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Q1 = "?period=2019/20+Q1"


def _both_widths(page, name: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        if width == 320:
            assert _misfits(page, name) == []
        assert_accessible(page)
        screenshot(page, f"scheme-{name}-{width}")


def test_the_overview_and_indicator_page_show_the_teams_labels(page, on_target):  # noqa: F811
    sign_in(page, "performance")
    page.goto(page.base_url + reverse("overview:home") + Q1)
    headers = page.locator(".gt-summary-table thead th").all_inner_texts()
    assert headers[1:4] == ["On target", "Within tolerance", "Off target"]
    assert headers[-1] == "Met of rated"
    options = page.locator("#status option").all_inner_texts()
    assert options[1:4] == ["On target", "Within tolerance", "Off target"]
    payroll = page.locator("tr", has_text="EX-02").filter(has_text="LBN")
    assert payroll.locator(".gt-status").inner_text() == "Within tolerance"
    _both_widths(page, "overview")
    page.select_option("#status", "WITHIN TOLERANCE")  # htmx: the results change
    page.wait_for_function(
        "() => document.getElementById('results').innerText.includes('Indicators (1)')"
    )
    assert page.locator("#results .gt-status").all_inner_texts()[-1] == "Within tolerance"
    page.goto(page.base_url + reverse("indicators:detail", args=["EX-02"]) + Q1)
    key = page.locator(".gt-scheme-key li").all_inner_texts()
    assert key[1] == "Within tolerance target missed by at most 5% of the target"
    _both_widths(page, "indicator")


def test_the_return_page_shows_the_teams_labels(page, on_target):  # noqa: F811
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", on_target.payroll.id, 2019, 1]))
    ident = on_target.payroll_on_time.id
    hint = page.locator(f"#id_i{ident}-reasons-hint")
    assert hint.inner_text() == "Needed before you submit: this figure is within tolerance."
    page.fill(f"#id_i{ident}-total-201905-1", "80")  # 91.87%: off target
    preview = page.locator(f"#preview-{ident}")
    page.wait_for_function(
        "id => document.getElementById(id).innerText.includes('91.87')", arg=f"preview-{ident}"
    )
    assert "Off target" in preview.locator(".gt-status").inner_text()
    _both_widths(page, "return")
