"""The issue's "Done when": an action owner (a service officer of the plan
service's area) signs in, opens the Q3 2019/20 update, updates one action's
status, progress and next steps and submits; the lead (the directorate's
director) signs it off. Axe on every page; screenshots at 1280 and 320 px."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ActionUpdateFactory, PlanUpdateFactory
from tests.web.test_plan_pages import plan_world

from goldenthread.plan.models import Action, PlanUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _both_widths(page, name: str) -> None:
    screenshot(page, f"plan-{name}")
    page.set_viewport_size({"width": 320, "height": 800})
    screenshot(page, f"320-plan-{name}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_owner_updates_an_action_for_q3_and_the_lead_signs_it_off(page, world):
    plans = plan_world(world)
    q2 = PlanUpdateFactory(
        organisation=world.lbh, service_area=world.payroll, quarter=2, status="approved"
    )
    for reference, status in (("IP01", "A"), ("IP02", "G")):
        ActionUpdateFactory(update=q2, action=Action.objects.get(reference=reference),
                            status=status, progress=f"{reference}: Q2 progress.")  # fmt: skip
    q3 = PlanUpdateFactory(
        organisation=world.lbh, service_area=world.payroll, quarter=3, version=1
    )  # another owner has updated IP02 already
    ActionUpdateFactory(update=q3, action=Action.objects.get(reference="IP02"), status="G",
                        progress="New payroll controls in place.")  # fmt: skip
    url = page.base_url + reverse("plan:update", args=[plans["LBH"].service_area_id, 2019, 3])

    sign_in(page, "officer.lbh")
    page.goto(page.base_url + reverse("plan:register") + "?period=2019/20+Q2")
    assert page.get_by_role("link", name="Improvement Plan").count() >= 1
    assert "37%" not in page.inner_text("main")  # 1 amber, 1 green: 50% each
    assert page.locator("text=50%").count() >= 2
    _both_widths(page, "register")
    page.goto(url)
    assert "IP01: Q2 progress." in page.inner_text("main")
    _both_widths(page, "update")
    page.select_option("#id_IP01-status", "G")
    page.fill("#id_IP01-progress", "Two payroll officers recruited; backlog cleared.")
    page.fill("#id_IP01-next_steps", "Train the new officers by December.")
    page.fill("#id_explain-G", "Actions are progressing well, and are on track to be delivered")
    page.click("button:has-text('Save and submit for sign-off')")
    page.wait_for_selector("text=Plan update submitted")
    _both_widths(page, "update-submitted")
    assert PlanUpdate.objects.get(pk=q3.pk).status == "submitted"

    page.context.clear_cookies()
    sign_in(page, "director")
    page.goto(url)
    assert "Two payroll officers recruited" in page.inner_text("main")
    _both_widths(page, "update-sign-off")
    page.click("button:has-text('Approve')")
    page.wait_for_selector("text=Plan update signed off")
    assert PlanUpdate.objects.get(pk=q3.pk).status == "approved"

    page.goto(page.base_url + reverse("plan:action", args=["IP01"]) + "?period=2019/20+Q3")
    main = page.inner_text("main")
    assert "Two payroll officers recruited" in main and "IP01: Q2 progress." in main
    _both_widths(page, "action")
