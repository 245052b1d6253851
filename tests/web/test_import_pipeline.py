"""The one import pipeline: the register import applies the register form's
rules (a reference every register page can be addressed by, breakdowns named
once whatever their case), and neither a second import nor an edit in the
form is lost to an import previewed before it (issue 15)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from goldenthread.indicators.bulk import RegisterRefused, register_load, register_preview
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.register_sheet import read_register_workbook, register_workbook


def edited(content: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    """The register export with the cells of (reference, heading) set."""
    book = load_workbook(io.BytesIO(content))
    sheet = book["Register"]
    headings = {c.value: c.column for c in sheet[1]}
    rows = {sheet.cell(r, headings["Reference"]).value: r for r in range(2, sheet.max_row + 1)}
    for (reference, heading), value in edits.items():
        sheet.cell(rows[reference], headings[heading]).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def preview_of(content: bytes):
    rows = read_register_workbook(content, filename="register.xlsx")
    return register_preview(rows.indicators, rows.targets)


def upload(client, content: bytes):
    handle = io.BytesIO(content)
    handle.name = "register.xlsx"
    return client.post(reverse("register_sheet:load"), {"workbook": handle})


def payload_of(response) -> str:
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        ("LG/01", "use letters, digits and dashes, with no spaces or /"),
        ("new", "'new' is the address of another register page (/register/new/)"),
        ("spreadsheet", "'spreadsheet' is the address of another register page"),
    ],
)
def test_a_reference_no_page_can_be_addressed_by_is_refused_by_the_import(
    client_for, world, reference, reason
):
    content = edited(register_workbook(), {("LG-01", "Reference"): reference})
    with pytest.raises(RegisterRefused) as refusal:
        preview_of(content)
    (problem,) = refusal.value.problems
    assert problem.startswith(f"Register sheet, row 4, column F (Reference): {reason}")
    page = upload(client_for("performance"), content)
    assert page.status_code == 400 and reason.replace("'", "&#x27;") in page.content.decode()
    assert not Indicator.objects.filter(reference=reference).exists()
    assert client_for("performance").get(reverse("indicators:list")).status_code == 200


@pytest.mark.parametrize("reference", ["LG/01", "new", "spreadsheet"])
def test_the_register_form_refuses_the_same_references(client_for, world, reference):
    client = client_for("performance")
    url = reverse("indicators:edit", args=["LG-01"])
    form = client.get(url).context["form"]
    data = {n: form[n].value() for n in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["reference"] = reference
    response = client.post(url, data)
    assert response.status_code == 400 and 'href="#id_reference"' in response.content.decode()
    assert Indicator.objects.filter(reference="LG-01").exists()


def test_breakdowns_named_twice_in_another_case_are_refused_as_the_form_refuses_them(world):
    content = edited(register_workbook(), {("EX-02", "Breakdowns"): "HAY; hay"})
    with pytest.raises(RegisterRefused) as refusal:
        preview_of(content)
    assert refusal.value.problems == [
        "Register sheet, row 3, column S (Breakdowns): name each breakdown once"
    ]


def test_a_second_import_previewed_before_the_first_was_saved_is_refused(client_for, world):
    first, second = client_for("performance"), client_for("performance")
    export = register_workbook()
    mine = upload(first, edited(export, {("EX-02", "Tolerance"): "2pp"}))
    theirs = upload(second, edited(export, {("EX-02", "Owner"): "Head of Payroll"}))
    applied = first.post(reverse("register_sheet:load"), {"payload": payload_of(mine)})
    assert applied.status_code == 302
    refused = second.post(reverse("register_sheet:load"), {"payload": payload_of(theirs)})
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Someone changed EX-02 in the register since your preview" in text
    assert "Upload the file again" in text
    saved = Indicator.objects.get(reference="EX-02")
    assert (saved.tolerance, saved.owner) == ("2pp", "")  # the first import is kept


def test_an_import_previewed_before_an_edit_in_the_form_is_refused(client_for, world):
    client = client_for("performance")
    preview = upload(client, edited(register_workbook(), {("EX-02", "Tolerance"): "2pp"}))
    url = reverse("indicators:edit", args=["EX-02"])
    form = client.get(url).context["form"]
    data = {n: form[n].value() for n in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["title"] = "Edited in the form"
    assert client.post(url, data).status_code == 302
    refused = client.post(reverse("register_sheet:load"), {"payload": payload_of(preview)})
    assert refused.status_code == 400
    assert "Someone changed EX-02" in refused.content.decode()
    saved = Indicator.objects.get(reference="EX-02")
    assert (saved.title, saved.tolerance) == ("Edited in the form", "")


def test_an_edit_in_the_form_opened_before_an_import_is_refused_and_keeps_what_was_typed(
    client_for, world
):
    client = client_for("performance")
    url = reverse("indicators:edit", args=["EX-02"])
    form = client.get(url).context["form"]
    data = {n: form[n].value() for n in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    register_load(
        preview=preview_of(edited(register_workbook(), {("EX-02", "Tolerance"): "2pp"})),
        by=None,
    )
    data["title"] = "Edited in the form"
    refused = client.post(url, data)
    text = refused.content.decode()
    assert refused.status_code == 400
    assert "Someone else changed this indicator after you opened it" in text
    assert 'value="Edited in the form"' in text  # what they typed is still there
    saved = Indicator.objects.get(reference="EX-02")
    assert (saved.title, saved.tolerance) != ("Edited in the form", "")
    assert saved.tolerance == "2pp"
    again = client.post(url, {**data, "seen": refused.context["form"].data["seen"]})
    assert again.status_code == 302  # having been told, saving again replaces theirs
    assert Indicator.objects.get(reference="EX-02").title == "Edited in the form"


def test_a_command_line_import_checks_what_it_read_in_the_transaction_that_saves(world):
    preview = preview_of(edited(register_workbook(), {("EX-02", "Tolerance"): "2pp"}))
    Indicator.objects.filter(reference="EX-02").update(owner="Someone")
    with pytest.raises(RegisterRefused, match="Someone changed EX-02"):
        register_load(preview=preview, by=None)
    assert Indicator.objects.get(reference="EX-02").tolerance == ""


def test_an_edit_saved_by_someone_between_the_forms_check_and_its_save_is_refused(
    client_for, world, monkeypatch
):
    """The form's own check passes; the import saves before the form's transaction
    starts: the save re-checks under the row lock, is refused, and keeps what was typed."""
    from goldenthread.indicators import forms as indicator_forms

    client = client_for("performance")
    url = reverse("indicators:edit", args=["EX-02"])
    form = client.get(url).context["form"]
    data = {n: ("" if form[n].value() is None else form[n].value()) for n in form.fields}
    data["title"] = "Edited in the form"
    checked = indicator_forms.indicator_check_unchanged

    def check_then_import(indicator_id, seen, **kwargs):
        checked(indicator_id, seen, **kwargs)  # passes: nobody has changed it yet
        register_load(
            preview=preview_of(edited(register_workbook(), {("EX-02", "Tolerance"): "2pp"})),
            by=None,
        )

    monkeypatch.setattr(indicator_forms, "indicator_check_unchanged", check_then_import)
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Someone else changed this indicator after you opened it" in refused.content.decode()
    assert 'value="Edited in the form"' in refused.content.decode()
    saved = Indicator.objects.get(reference="EX-02")
    assert saved.title != "Edited in the form"  # the import's change is kept, not overwritten
    assert saved.tolerance == "2pp"
