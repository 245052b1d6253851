"""An approved quarter stays approved, in the browser (issue 16): the team adds
an indicator after Q1's Payroll return for LBH was approved; the form offers the
first day after Q1, a date inside Q1 is refused with the reason, and Q1's
overview and return keep the indicators they were approved with."""

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ReturnFactory

from goldenthread.submissions.models import SubmissionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Q1_OVERVIEW = reverse("overview:home") + "?period=2019/20+Q1"


def _rows(page) -> list[str]:
    """The overview's indicator links, as a reader sees them."""
    page.goto(page.base_url + Q1_OVERVIEW)
    return sorted(page.locator("main table a.govuk-link").all_inner_texts())


def test_an_indicator_added_after_q1_is_approved_leaves_q1_as_it_was(page, world):
    ReturnFactory(
        organisation=world.lbh,
        service_area=world.payroll,
        year=2019,
        quarter=1,
        status=SubmissionStatus.APPROVED,
    )
    sign_in(page, "performance")
    before = _rows(page)
    return_url = page.base_url + reverse("returns:edit", args=["LBH", world.payroll.id, 2019, 1])
    page.goto(return_url)
    return_before = page.locator("main h2, main h3").all_inner_texts()

    page.goto(page.base_url + reverse("indicators:new"))
    assert page.input_value("#id_effective_from") == "2019-07-01"  # the first open quarter
    page.fill("#id_reference", "EX-99")
    page.fill("#id_title", "Payroll queries answered within 5 days")
    page.select_option("#id_service_area", str(world.payroll.id))
    page.fill("#id_unit", "%")
    page.select_option("#id_polarity", "up")
    page.select_option("#id_aggregation", "mean")
    page.select_option("#id_frequency", "monthly")
    page.select_option("#id_scheme", "rag")
    page.check(f"input[name=organisations][value='{world.lbh.id}']")
    page.fill("#id_effective_from", "2019-04-01")  # inside the approved quarter
    page.click("main button[type=submit]")
    summary = page.locator(".govuk-error-summary")
    assert "2019/20 Q1 Payroll for LBH is approved" in summary.inner_text()
    screenshot(page, "performance-indicator-refused-approved-quarter")
    assert_accessible(page)

    page.fill("#id_effective_from", "2019-07-01")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/new/" not in url)
    assert _rows(page) == before  # Q1's overview: the same indicators
    assert "Payroll queries answered" not in " ".join(before)
    page.goto(return_url)
    assert page.locator("main h2, main h3").all_inner_texts() == return_before
    assert "EX-99" not in page.locator("main").inner_text()
    page.goto(page.base_url + reverse("overview:home") + "?period=2019/20+Q2")
    assert "Payroll queries answered" in page.locator("main").inner_text()  # from Q2
    assert_accessible(page)
