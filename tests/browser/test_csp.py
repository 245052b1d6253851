"""The Content-Security-Policy in a real browser: goldenthread's scripts (the
nonce'd inline ones, GOV.UK Frontend, htmx) run, and Chromium reports no
violation on the main pages, while typing in a return (htmx previews) or on the
served pack."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import sign_in
from tests.security_figures import record

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.packs import services
from goldenthread.reports.content import ExceptionRule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERIOD = "?period=2019/20+Q1"


def watch_violations(page) -> list[str]:
    """Every console message and page error that names the policy."""
    seen: list[str] = []

    def note(text: str) -> None:
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            seen.append(f"{page.url}: {text}")

    page.on("console", lambda message: note(message.text))
    page.on("pageerror", lambda error: note(str(error)))
    return seen


def test_no_page_breaks_the_policy_and_the_scripts_run(page, world):
    violations = watch_violations(page)
    sign_in(page, "performance")
    pack = services.pack_build(
        quarter=Quarter(FinancialYear(2019), 1),
        organisation=None,
        exception_rule=ExceptionRule.AMBER_AND_RED,
        formats=["html"],
        by=world.users["performance"],
    ).pack
    urls = [
        reverse("overview:home") + PERIOD,
        reverse("indicators:list"),
        reverse("indicators:detail", args=["EX-02"]) + PERIOD,
        reverse("returns:list") + PERIOD,
        reverse("packs:list"),
        reverse("packs:detail", args=[pack.pk]),
        reverse("people:new"),
        reverse("admin:index"),
        reverse("admin:indicators_indicator_change", args=[world.payroll_on_time.id]),
    ]
    for url in urls:
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        if not url.startswith("/admin/"):
            # the nonce'd inline script ran, and so did the module that starts GOV.UK Frontend
            assert page.evaluate("document.body.classList.contains('js-enabled')"), url
            assert page.evaluate("window.htmx !== undefined"), url
            assert page.locator("[data-govuk-skip-link-init]").count() == 1, url

    # htmx at work: the return page previews ratings as the officer types
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    ident = world.payroll_on_time.id
    page.fill(f"#id_i{ident}-total-201906-1", "85")
    page.wait_for_function(
        "id => document.getElementById(id).innerText.includes('94.99')", arg=f"preview-{ident}"
    )
    # the served pack: its inline styles apply under its own policy
    page.goto(page.base_url + reverse("packs:file", args=[pack.pk, "html"]))
    assert "Exception reports" in page.locator("body").inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('table')).tableLayout") == "fixed"
    assert violations == []

    # and the watch works: a script injected into a page is refused, and reported
    page.goto(page.base_url + reverse("overview:home"))
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran === undefined")
    assert len(violations) == 1 and "script-src" in violations[0]
    record("headers", "pages checked in Chromium for policy violations", len(urls) + 2)
