"""A return page in Chromium with an indicator whose figures are read from
budget monitoring (issue 19): its figure shown with where it comes from, no
field to type it, the other indicators' fields as before. Axe finds nothing,
and it fits a 320 px screen."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import OrganisationFactory

from goldenthread.finance.models import FinanceMeasure
from goldenthread.organisations.models import Organisation
from goldenthread.returns.models import Measurement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_figure_read_from_finance_is_shown_not_typed_on_the_return_page(page, world):
    payroll = world.payroll_on_time  # % of payroll payments on time, LBH and LBN
    shared = OrganisationFactory(code="OS", name="oneSource", kind=Organisation.Kind.SHARED_SERVICE)
    fed = type(payroll).objects.create(
        reference="EX-03",
        title="Budget variance (illustrative)",
        service_area=world.payroll,
        unit="%",
        decimals=1,
        polarity="down",
        aggregation="latest",
        frequency="monthly",
        scheme="monitor-only",
    )
    fed.organisations.set([world.lbn])
    FinanceMeasure.objects.create(indicator=fed, organisation=shared, measure="variance-percent")
    for month, amount in ((4, "-1.0"), (5, "-1.5"), (6, "-2.5")):  # illustrative
        name = datetime.date(2019, month, 1).strftime("%B")
        Measurement.objects.create(
            indicator=fed,
            organisation=world.lbn,
            start=datetime.date(2019, month, 1),
            months=1,
            kind="number",
            amount=Decimal(amount),
            decimals=1,
            source=f"From budget monitoring: Period {month - 3} 2019/20 ({name} 2019), signed off",
        )
    sign_in(page, "officer.lbn")
    page.goto(page.base_url + reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))
    note = page.locator(f"#fed-{fed.id}")
    assert "oneSource's budget monitoring" in note.inner_text()
    assert page.locator(f"[name^='i{fed.id}-total-']").count() == 0
    assert page.locator(f"[name^='i{payroll.id}-total-']").count() == 3
    assert (
        "-2.5%" in page.locator("#indicator-EX-03 + dl, #indicator-EX-03 ~ dl").first.inner_text()
    )
    assert_accessible(page)
    screenshot(page, "finance-measure-return-page")
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    screenshot(page, "finance-measure-return-page-320")
