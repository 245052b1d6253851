"""The register in bulk: exported laid out like Appendix 1 of the framework,
loaded back with a preview, all or nothing, idempotent, for the performance
team only."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from goldenthread.demo.load import load_dataset
from goldenthread.indicators.bulk import RegisterRefused, register_load, register_preview
from goldenthread.indicators.models import Indicator, Target
from goldenthread.indicators.register_sheet import read_register_workbook, register_workbook
from goldenthread.organisations.models import ServiceArea


def edited(content: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(content))
    edit(book["Register"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def column(sheet, heading: str) -> int:
    for cell in sheet[1]:
        if cell.value == heading:
            return cell.column
    raise KeyError(heading)


def row_of(sheet, reference: str) -> int:
    ref = column(sheet, "Reference")
    for row in range(2, sheet.max_row + 1):
        if sheet.cell(row, ref).value == reference:
            return row
    raise KeyError(reference)


def preview_of(content: bytes):
    rows = read_register_workbook(content, filename="register.xlsx")
    return register_preview(rows.indicators, rows.targets)


def test_the_export_is_laid_out_like_appendix_1(world):
    sheet = load_workbook(io.BytesIO(register_workbook()))["Register"]
    headings = [c.value for c in sheet[1]]
    assert headings[:5] == [
        "Service",
        "Service area",
        "KPI",
        "2019/20 target LBH",
        "2019/20 target LBN",
    ]
    assert "Reference" in headings and "Good is" in headings and "Councils" in headings
    row = row_of(sheet, "LG-01")
    assert [sheet.cell(row, c).value for c in (1, 2, 3, 4, 5)] == [
        "Legal and Governance",
        "Housing and Litigation",
        "Success in Routine Possession claims",
        ">90%",
        ">90%",
    ]


def test_exporting_then_loading_changes_nothing(world):
    plan = preview_of(register_workbook())
    assert not plan.has_changes
    assert plan.indicator_count("unchanged") == 3 and plan.target_count("unchanged") == 5


def test_the_demonstration_register_round_trips(db):
    load_dataset()
    plan = preview_of(register_workbook())
    assert not plan.has_changes and plan.indicator_count("unchanged") == 70


def test_a_changed_target_and_a_new_indicator_are_previewed_then_loaded(world):
    def edit(sheet):
        sheet.cell(row_of(sheet, "EX-02"), column(sheet, "2019/20 target LBN")).value = "99.50%"
        new = sheet.max_row + 1
        values = {
            "Service": "Exchequer and Transactional",
            "Service area": "Accounts Payable",
            "KPI": "% of suppliers paid within 30 days",
            "2019/20 target LBH": "95.00%",
            "Reference": "EX-20",
            "Unit": "%",
            "Decimals": 2,
            "Good is": "Higher is better",
            "Aggregation": "mean",
            "Frequency": "monthly",
            "Scheme": "rag",
            "Councils": "LBH",
        }
        for heading, value in values.items():
            sheet.cell(new, column(sheet, heading)).value = value

    plan = preview_of(edited(register_workbook(), edit))
    assert plan.indicator_count("new") == 1 and plan.indicator_count("unchanged") == 3
    assert plan.target_count("new") == 1 and plan.target_count("changed") == 1
    assert plan.new_service_areas == ["Exchequer and Transactional: Accounts Payable"]
    assert Indicator.objects.count() == 3  # a plan saves nothing
    loaded = register_load(preview=plan, by=world.users["performance"])
    assert (loaded.created, loaded.changed) == (3, 1)  # area, indicator, target; a target
    new = Indicator.objects.get(reference="EX-20")
    assert (new.polarity, new.decimals, str(new.service_area)) == (
        "up",
        2,
        "Exchequer and Transactional: Accounts Payable",
    )
    assert Target.objects.get(indicator__reference="EX-02", organisation=world.lbn).text == "99.50%"
    assert {h.history_user for h in new.history.all()} == {world.users["performance"]}


def test_every_problem_is_named_and_nothing_is_saved(world):
    def edit(sheet):
        ex02 = row_of(sheet, "EX-02")
        sheet.cell(ex02, column(sheet, "Unit")).value = "kilograms; =1+1"  # any unit but this
        sheet.cell(ex02, column(sheet, "2019/20 target LBH")).value = "ninety-ish"
        lg01 = row_of(sheet, "LG-01")
        sheet.cell(lg01, column(sheet, "Councils")).value = "LBH XYZ"
        sheet.cell(lg01, column(sheet, "Tolerance")).value = "lots"

    before = [(t.id, t.text) for t in Target.objects.all()]
    with pytest.raises(RegisterRefused) as refusal:
        preview_of(edited(register_workbook(), edit))
    text = "\n".join(refusal.value.problems)
    assert "Register sheet, row 3, column" in text
    assert "(Unit): Unit 'kilograms; =1+1' has '+' ';' '='" in text
    assert "(Councils): unknown council XYZ" in text
    assert "(Tolerance): could not read tolerance 'lots'" in text
    assert "(2019/20 target LBH): could not read" in text
    assert [(t.id, t.text) for t in Target.objects.all()] == before


def test_a_reference_twice_is_refused(world):
    def edit(sheet):
        sheet.cell(row_of(sheet, "LG-01"), column(sheet, "Reference")).value = "EX-01"

    with pytest.raises(RegisterRefused) as refusal:
        preview_of(edited(register_workbook(), edit))
    assert refusal.value.problems == [
        "Register sheet, row 4, column F (Reference): EX-01 appears twice (also at "
        "Register sheet, row 2)"
    ]


def test_a_target_for_a_council_the_indicator_does_not_serve_is_refused(world):
    def edit(sheet):
        sheet.cell(row_of(sheet, "EX-01"), column(sheet, "2019/20 target LBN")).value = "20 days"

    with pytest.raises(RegisterRefused, match="EX-01 does not apply to LBN"):
        preview_of(edited(register_workbook(), edit))


def test_an_unknown_heading_is_refused(world):
    with pytest.raises(Exception, match="unknown heading 'Unti'"):
        preview_of(edited(register_workbook(), lambda s: setattr(s["K1"], "value", "Unti")))


def test_the_page_is_for_the_performance_team(client_for, world):
    for role in ("officer.lbh", "director", "s151"):
        client = client_for(role)
        assert client.get(reverse("register_sheet:load")).status_code == 403
        assert client.get(reverse("register_sheet:export")).status_code == 403


def test_upload_preview_apply_on_the_page(client_for, world):
    client = client_for("performance")
    exported = client.get(reverse("register_sheet:export"))
    assert exported.status_code == 200 and "register-" in exported["Content-Disposition"]

    def edit(sheet):
        sheet.cell(
            row_of(sheet, "LG-01"), column(sheet, "KPI")
        ).value = "Success in possession claims"

    upload = io.BytesIO(edited(exported.content, edit))
    upload.name = "register.xlsx"
    preview = client.post(reverse("register_sheet:load"), {"workbook": upload})
    text = preview.content.decode()
    assert preview.status_code == 200 and "Changed indicators: 1" in text
    assert "Success in possession claims" in text
    payload = re.search(r'name="payload" value="([^"]+)"', text).group(1)
    done = client.post(reverse("register_sheet:load"), {"payload": payload})
    assert done.status_code == 302
    assert Indicator.objects.get(reference="LG-01").title == "Success in possession claims"
    assert (
        Indicator.objects.get(reference="LG-01").history.first().history_user
        == world.users["performance"]
    )


def test_a_broken_file_on_the_page_gets_an_error_summary(client_for, world):
    upload = io.BytesIO(b"reference,title\nEX-01,x\n")
    upload.name = "register.xlsx"
    response = client_for("performance").post(reverse("register_sheet:load"), {"workbook": upload})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert "is a text file" in response.content.decode()


def test_the_command_line_exports_and_loads(world, tmp_path, capsys):
    path = tmp_path / "register.xlsx"
    call_command("register", "export", "--out", str(path))
    path.write_bytes(
        edited(
            path.read_bytes(),
            lambda s: setattr(s.cell(row_of(s, "EX-02"), column(s, "Tolerance")), "value", "2pp"),
        )
    )
    call_command("register", "import", str(path))
    out = capsys.readouterr().out
    assert "changed  EX-02 tolerance: '' -> '2pp'" in out and "Nothing saved" in out
    assert Indicator.objects.get(reference="EX-02").tolerance == ""  # unchanged: the scheme's own
    call_command("register", "import", str(path), "--apply", "--as", "performance")
    assert Indicator.objects.get(reference="EX-02").tolerance == "2pp"
    call_command("register", "import", str(path), "--apply")
    assert "Nothing to change" in capsys.readouterr().out
    with pytest.raises(CommandError, match="not in the performance team"):
        call_command("register", "import", str(path), "--as", "officer.lbh")


def test_moving_an_indicator_to_another_service_area(world):
    def edit(sheet):
        sheet.cell(row_of(sheet, "EX-01"), column(sheet, "Service area")).value = "Payroll"

    register_load(preview=preview_of(edited(register_workbook(), edit)), by=None)
    assert Indicator.objects.get(reference="EX-01").service_area == ServiceArea.objects.get(
        name="Payroll"
    )
