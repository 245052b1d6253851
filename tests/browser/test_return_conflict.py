"""Two people save the same return at once (issue 14, defect 6): the second is
refused, sees the first's figures beside their own, and saving again keeps both
people's changes; nothing the second person did not touch is put back."""

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.web.conftest import make_user

from goldenthread.people.models import Role
from goldenthread.returns.models import Measurement, Return

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def stored(world, month):
    row = Measurement.objects.get(indicator=world.payroll_on_time, start__month=month)
    return f"{row.amount:.2f}"


def test_two_people_saving_at_once_keep_each_others_figures(browser, page, world):
    make_user(
        "colleague.lbn",
        Role.SERVICE_OFFICER,
        organisations=[world.lbn],
        service_areas=[world.payroll],
    )
    url = page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    ident = world.payroll_on_time.id
    april, may, june = (f"#id_i{ident}-total-2019{m:02d}-1" for m in (4, 5, 6))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    colleague = context.new_page()
    colleague.base_url = page.base_url
    try:
        sign_in(colleague, "colleague.lbn")
        colleague.goto(url)
        sign_in(page, "officer.lbn")
        page.goto(url)  # both pages show version 0

        colleague.fill(april, "50.00%")
        colleague.fill(june, "97.00%")
        colleague.click("button:has-text('Save') >> nth=0")
        assert colleague.locator(".govuk-notification-banner--success").is_visible()

        page.fill(may, "60.00%")
        page.fill(june, "96.00%")  # both change June
        page.click("button:has-text('Save') >> nth=0")
        summary = page.locator(".govuk-error-summary")
        assert summary.is_visible()
        saved_at = timezone.localtime(Return.objects.get().updated_at)
        assert (
            f"Someone else saved this return at {saved_at:%H:%M}: "
            "their figures are shown beside yours"
        ) in summary.inner_text()
        beside = page.locator(
            f"{april} >> xpath=ancestor::div[contains(@class, 'govuk-form-group')]"
        )
        assert "Saved by colleague.lbn: 50.00%" in beside.inner_text()
        assert page.input_value(april) == "50.00%"  # not touched here: theirs
        assert page.input_value(may) == "60.00%"  # typed here: kept
        assert page.input_value(june) == "96.00%"  # typed here too: kept, theirs beside
        beside = page.locator(
            f"{june} >> xpath=ancestor::div[contains(@class, 'govuk-form-group')]"
        )
        assert "Saved by colleague.lbn: 97.00%" in beside.inner_text()
        assert (stored(world, 4), stored(world, 5), stored(world, 6)) == ("50.00", "99.99", "97.00")
        screenshot(page, "officer-return-conflict")
        assert_accessible(page)
        summary.locator("a").first.click()  # the summary leads to their figure
        assert page.evaluate("document.activeElement.id") == april[1:]

        page.click("button:has-text('Save') >> nth=0")
        assert "Return saved (2 changes)." in page.locator("main").inner_text()
        # their April kept; my May, and my June (saved having seen theirs)
        assert (stored(world, 4), stored(world, 5), stored(world, 6)) == (
            "50.00",
            "60.00",
            "96.00",
        )
        colleague.reload()
        assert colleague.input_value(april) == "50.00%"
        assert colleague.input_value(may) == "60.00%"
        assert colleague.input_value(june) == "96.00%"
        screenshot(page, "officer-return-conflict-saved")
    finally:
        context.close()
