"""An import preview is bound to the return whose page made it: posted to any
other return's import URL it is refused (400, a clear message) and nothing is
saved, neither the return it was made for nor the one it was posted to
(issue 14, defect 7)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.security_figures import record

from goldenthread.returns.models import Commentary, Measurement, Return


def import_url(area_id: int, org: str = "LBH", year: int = 2019, number: int = 1) -> str:
    return reverse("returns:import", args=[org, area_id, year, number])


def preview_of(client, world) -> str:
    """Upload a filled-in LBH Payroll 2019/20 Q1 template on its own page; the signed payload."""
    template = client.get(reverse("returns:template", args=["LBH", world.payroll.id, 2019, 1]))
    book = load_workbook(io.BytesIO(template.content))
    book["Return"]["J7"] = 98
    out = io.BytesIO()
    book.save(out)
    handle = io.BytesIO(out.getvalue())
    handle.name = "payroll.xlsx"
    preview = client.post(import_url(world.payroll.id), {"workbook": handle})
    assert preview.status_code == 200
    match = re.search(r'name="payload" value="([^"]+)"', preview.content.decode())
    assert match, "the preview has no apply form"
    return match.group(1)


@pytest.mark.parametrize(
    ("elsewhere", "named"),
    [
        (lambda w: import_url(w.benefits.id), "the LBH Exchequer and Transactional: Housing"),
        (lambda w: import_url(w.payroll.id, number=2), "2019/20 Q2"),
    ],
    ids=["another-service-area", "another-quarter"],
)
def test_a_preview_posted_to_another_returns_url_is_refused_and_saves_nothing(
    client_for, world, elsewhere, named
):
    client = client_for("officer.lbh")
    payload = preview_of(client, world)
    response = client.post(elsewhere(world), {"payload": payload})
    page = response.content.decode()
    assert response.status_code == 400, page
    assert "This preview was made for the LBH" in page and "Payroll return for 2019/20 Q1" in page
    assert named in page
    assert "Nothing was imported" in page
    assert not Measurement.objects.filter(organisation=world.lbh, indicator=world.payroll_on_time)
    assert not Return.objects.exists() and not Commentary.objects.exists()
    record("input", "previews refused when posted to another return's URL", "yes (400)")


def test_the_preview_still_applies_on_its_own_page(client_for, world):
    client = client_for("officer.lbh")
    payload = preview_of(client, world)
    applied = client.post(import_url(world.payroll.id), {"payload": payload})
    assert applied.status_code == 302
    assert applied["Location"] == reverse("returns:edit", args=["LBH", world.payroll.id, 2019, 1])
    assert Return.objects.get().service_area == world.payroll
