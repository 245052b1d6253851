"""A period's forecast as a workbook: the template per service, the upload's
preview, all-or-nothing saving, and each refusal named by sheet, row and
column; the `goldenthread finance` command."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import finance_world, forecast_period, make_user
from tests.web.conftest import sign_in_with_second_factor

from goldenthread.domain.lifecycle import State
from goldenthread.finance.models import FinancePeriod, LineForecast
from goldenthread.finance.selectors import open_lines
from goldenthread.finance.services import LineEntry, forecasts_save, period_open
from goldenthread.finance.sheet_forecast import ForecastImport, forecast_workbook
from goldenthread.imports.pipeline import ImportRefused, apply_preview
from goldenthread.people.access import scope_of
from goldenthread.people.models import Membership, Role

pytestmark = pytest.mark.django_db
IMPORT = reverse("finance:import", args=[2019, 5])
FIRST = 6  # the first line's row


@pytest.fixture
def world():
    world = finance_world()
    Membership.objects.get(user=world.partner).organisations.add(*world.councils.values())
    return world


def template(world, service="AM", period=5, user=None) -> bytes:
    scope = scope_of(user or world.partner)
    lines = [
        line for line in open_lines(scope, world.budget) if line.service == world.services[service]
    ]
    return forecast_workbook(world.budget, period, world.services[service], lines, scope)


def filled(content: bytes, values: dict[str, tuple[object, object]], cells=None) -> bytes:
    """The template with each line's (forecast, explanation) typed on its row."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Forecast"]
    rows = {sheet.cell(r, 1).value: r for r in range(FIRST, sheet.max_row + 1)}
    for code, (forecast, explanation) in values.items():
        row = rows.get(code)
        if row is None:
            row = sheet.max_row + 1
            sheet.cell(row, 1).value = code
        sheet.cell(row, 6).value = forecast
        sheet.cell(row, 7).value = explanation
        if isinstance(explanation, str) and explanation.startswith("="):
            sheet.cell(row, 7).data_type = "s"  # typed as text, not a formula
    for where, value in (cells or {}).items():
        sheet[where].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def importer(world, user=None, service=None) -> ForecastImport:
    return ForecastImport(scope_of(user or world.partner), world.budget, 5, service)


def problems(world, data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        importer(world, **kwargs).read(data, filename="f.xlsx")
    return [str(p) for p in refused.value.problems]


def test_the_template_lists_a_services_lines_locked_but_for_the_entries(world):
    forecast_period(world, 4, {"AM1": "1050000"})
    book = load_workbook(io.BytesIO(template(world)))
    sheet = book["Forecast"]
    assert [sheet.cell(r, 2).value for r in (1, 2, 3)] == [
        "oneSource",
        "Period 5 2019/20 (August 2019)",
        "Asset Management",
    ]
    headings = [c.value for c in sheet[5]]
    assert headings == [
        "Code", "Line", "Shared or council", "Budget", "Last period's forecast",
        "Forecast", "Explanation",
    ]  # fmt: skip
    codes = [sheet.cell(r, 1).value for r in range(FIRST, sheet.max_row + 1)]
    assert codes == ["AM1", "AM2", "NS-B", "NS-H", "NS-N"]  # no Legal line
    assert sheet.cell(FIRST, 4).value == 1000000 and sheet.cell(FIRST, 5).value == 1050000
    assert sheet.protection.sheet
    assert sheet.cell(FIRST, 1).protection.locked and sheet.cell(FIRST, 4).protection.locked
    assert not sheet.cell(FIRST, 6).protection.locked
    assert not sheet.cell(FIRST, 7).protection.locked
    kinds = {v.type for v in sheet.data_validations.dataValidation}
    assert "decimal" in kinds
    assert "in pounds" in sheet.cell(5, 6).comment.text


def test_a_readers_partner_sees_only_their_councils_lines_in_the_template(world):
    lbh = make_user(
        "fbp.lbh", Role.SERVICE_OFFICER,
        organisations=[world.os, world.councils["LBH"]], service_areas=[world.finance_area],
    )  # fmt: skip
    sheet = load_workbook(io.BytesIO(template(world, user=lbh)))["Forecast"]
    codes = [sheet.cell(r, 1).value for r in range(FIRST, sheet.max_row + 1)]
    assert codes == ["AM1", "AM2", "NS-H"]


def test_a_filled_template_previews_field_by_field_then_saves(client, world):
    period = period_open(world.budget, 5)
    forecasts_save(
        period, [LineEntry(world.lines["AM1"], Decimal(1000000), "")],
        expected_version=0, by=world.partner,
    )  # fmt: skip
    data = filled(
        template(world),
        {"AM1": (1100000, "Rent review"), "AM2": ("£190,001.50", "=SUM(A1)"), "NS-B": (None, None)},
    )
    sign_in_with_second_factor(client, world.partner)
    upload = SimpleUploadedFile("forecast.xlsx", data)
    response = client.post(IMPORT, {"workbook": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Check the forecast before it is saved" in page
    assert "1,000,000" in page and "1,100,000" in page and "190,001.50" in page
    assert "=SUM(A1)" in page
    token = response.context["payload"]
    assert not LineForecast.objects.filter(line=world.lines["AM2"]).exists()
    response = client.post(IMPORT, {"payload": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:forecast", args=[2019, 5])
    am2 = LineForecast.objects.get(line=world.lines["AM2"])
    assert am2.forecast == Decimal("190001.50") and am2.explanation == "=SUM(A1)"
    assert LineForecast.objects.get(line=world.lines["AM1"]).forecast == 1100000
    assert not LineForecast.objects.filter(line=world.lines["NS-B"]).exists()
    period.refresh_from_db()
    assert period.version == 2
    # the saved forecast, exported again, imports as no change; formula-like text stays text
    again = template(world)
    sheet = load_workbook(io.BytesIO(again))["Forecast"]
    assert sheet.cell(FIRST + 1, 7).value == "=SUM(A1)"
    assert sheet.cell(FIRST + 1, 7).data_type == "s"
    preview = importer(world).read(again, filename="again.xlsx")
    assert not preview.has_changes


def test_every_problem_is_named_and_nothing_is_saved(world):
    data = filled(
        template(world),
        {
            "AM1": ("12,34", "fine"),
            "AM2": (100, "bell_x0007_"),
            "NS-H": ("1.001", ""),
            "LG1": (5, "a Legal line"),
            "ZZ9": (5, "no such line"),
            "NS-B": (None, "an explanation and no forecast"),
            "NS-N": ("99999999999999", ""),
        },
    )
    found = problems(world, data)
    text = "\n".join(found)
    assert "Forecast sheet, row 6, column F (Forecast): '12,34' has its thousands commas" in text
    assert "row 7, column G (Explanation): has a control character" in text
    assert "more precise than a penny" in text
    assert "LG1 is a line of Legal, not Asset Management" in text
    assert "'ZZ9' is not an open budget line of Asset Management that you enter" in text
    assert "Enter the forecast, or remove the explanation" in text
    assert "too large" in text
    assert not FinancePeriod.objects.exists() and not LineForecast.objects.exists()


def test_another_councils_line_is_refused_as_unknown(world):
    lbh = make_user(
        "fbp.lbh", Role.SERVICE_OFFICER,
        organisations=[world.os, world.councils["LBH"]], service_areas=[world.finance_area],
    )  # fmt: skip
    data = filled(template(world), {"NS-N": (1, "not theirs")})  # the full template
    found = problems(world, data, user=lbh)
    assert sorted(p.split("'")[1] for p in found) == ["NS-B", "NS-N"]
    assert all("is not an open budget line of Asset Management that you enter" in p for p in found)
    assert len(found) == 2


def test_a_workbook_for_another_period_or_service_is_refused(world):
    assert (
        "this file is for 'Period 4 2019/20 (July 2019)', not Period 5"
        in problems(world, template(world, period=4))[0]
    )
    legal = template(world, service="LG")
    found = problems(world, legal, service=world.services["AM"])
    assert "row 3, column B: this file is for 'Legal', not Asset Management" in found[0]
    renamed = filled(legal, {}, {"B3": "Payroll"})
    assert "'Payroll' is not a service whose forecast you enter" in problems(world, renamed)[0]


def test_a_real_formula_and_a_file_that_is_not_a_workbook_are_refused(world):
    data = filled(template(world), {"AM1": ("=1000000*1.1", "")})
    assert "holds a formula" in problems(world, data)[0]
    assert problems(world, b"not a workbook at all")


def test_a_forecast_saved_since_the_preview_is_refused(world):
    data = filled(template(world), {"AM1": (1100000, "Rent review")})
    imports = importer(world)
    preview = imports.read(data, filename="f.xlsx")
    period = period_open(world.budget, 5)
    forecasts_save(
        period, [LineEntry(world.lines["AM2"], Decimal(1), "x")],
        expected_version=0, by=world.director,
    )  # fmt: skip
    with pytest.raises(ImportRefused, match="Someone else saved this forecast since your preview"):
        apply_preview(imports, imports.from_payload(imports.to_payload(preview)), by=world.partner)
    assert not LineForecast.objects.filter(line=world.lines["AM1"]).exists()


def test_a_locked_period_is_refused(world):
    forecast_period(world, 5, {"AM1": "1000000"}, status=State.SUBMITTED.value)
    data = filled(template(world), {"AM1": (1100000, "x")})
    assert problems(world, data) == [
        "This forecast is submitted: nothing can be changed until it is sent back or reopened."
    ]


def test_only_those_who_enter_the_forecast_import_it(client, world):
    for user, status in ((world.readers["LBH"], 404), (world.director, 403)):
        sign_in_with_second_factor(client, user)
        assert client.get(IMPORT).status_code == status
    sign_in_with_second_factor(client, world.partner)
    assert client.get(IMPORT).status_code == 200
    template_url = reverse("finance:template", args=[2019, 5, world.services["AM"].pk])
    response = client.get(template_url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd")
    sign_in_with_second_factor(client, world.readers["LBN"])
    assert client.get(template_url).status_code == 404


def test_the_command_writes_a_template_then_shows_and_applies_a_change(world, tmp_path):
    out = tmp_path / "am.xlsx"
    call_command(
        "finance", "template", "--year", "2019", "--period", "5",
        "--service", "Asset Management", "--out", str(out), "--as", "fbp",
        stdout=io.StringIO(),
    )  # fmt: skip
    path = tmp_path / "filled.xlsx"
    path.write_bytes(filled(out.read_bytes(), {"AM1": ("£1.1m", "Rent review")}))
    said = io.StringIO()
    args = ["finance", "import", str(path), "--year", "2019", "--period", "5", "--as", "fbp"]
    call_command(*args, stdout=said)
    assert "new      line AM1" in said.getvalue()
    assert not LineForecast.objects.exists()
    call_command(*args, "--apply", stdout=said)
    assert "Saved: 1 line changed." in said.getvalue()
    assert LineForecast.objects.get().forecast == Decimal(1100000)
    with pytest.raises(CommandError, match="does not enter"):
        call_command(*args[:-1], "reader.lbh", "--apply")
    with pytest.raises(CommandError, match="is not a period"):
        call_command("finance", "import", str(path), "--year", "2019", "--period", "13",
                     "--as", "fbp")  # fmt: skip
