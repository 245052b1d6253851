"""The plan's and the risk register's spreadsheet previews in the browser: each
upload's preview (new and changed, field by field) passes axe and fits a
320 px screen, and saving it from the page saves it."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.browser.test_reflow import _misfits
from tests.factories import RiskFactory
from tests.web.test_plan_pages import plan_world

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.domain.risk_matrix import DEFAULT
from goldenthread.plan.models import Action, ActionUpdate
from goldenthread.plan.sheet import plan_workbook
from goldenthread.plan.sheet_update import update_workbook
from goldenthread.risks.models import Risk
from goldenthread.risks.sheet import risk_workbook

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _edited(content: bytes, sheet: str, cells: dict[str, object]) -> bytes:
    book = load_workbook(io.BytesIO(content))
    for where, value in cells.items():
        book[sheet][where].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(page, url: str, data: bytes, name: str) -> None:
    page.goto(url)
    page.set_input_files(
        "#id_workbook",
        files=[{"name": "edited.xlsx", "mimeType": "application/octet-stream", "buffer": data}],
    )
    page.click("button:has-text('Check the file')")
    page.wait_for_selector("button:has-text('Save these changes')")
    for width in (1024, 320):
        page.set_viewport_size({"width": width, "height": 800})
        screenshot(page, f"{width}-{name}-preview")
    assert not _misfits(page, name)
    assert_accessible(page)
    page.click("button:has-text('Save these changes')")
    page.wait_for_load_state()


def test_the_plan_previews_fit_and_save(page, world):
    services = plan_world(world)
    sign_in(page, "performance")
    data = _edited(
        plan_workbook(Action.objects.all()),
        "Actions",
        {"E2": "A longer delivery " * 20, "A5": "IP46", "B5": "Finance and Procurement",
         "D5": "LBH/LBN", "E5": "Collect the debt", "G5": "31st March 2020"},
    )  # fmt: skip
    _upload(page, page.base_url + reverse("plan_sheets:load"), data, "plan-sheet")
    assert Action.objects.filter(reference="IP46").exists()

    page.context.clear_cookies()
    sign_in(page, "officer.lbh")
    q3 = Quarter(FinancialYear(2019), 3)
    template = update_workbook(services["LBH"], q3)
    data = _edited(template, "Update", {"E5": "G", "F5": 60, "G5": "On track: contract signed."})
    url = reverse("plan_sheets:update", args=[world.payroll.id, 2019, 3])
    _upload(page, page.base_url + url, data, "plan-update-sheet")
    assert ActionUpdate.objects.get().percent_complete == 60


def test_the_risk_register_preview_fits_and_saves(page, world):
    RiskFactory(reference="SR01", organisation=world.lbh, service_area=world.payroll,
                title="Recruitment to Property Services")  # fmt: skip
    sign_in(page, "performance")
    data = _edited(risk_workbook(Risk.objects.all(), DEFAULT), "Risks", {"M2": 2, "J2": "Jo"})
    _upload(page, page.base_url + reverse("risks_sheets:load"), data, "risk-sheet")
    assert Risk.objects.get().current_likelihood == 2
