"""Any unit in the register (issue 17): the register form and the register
spreadsheet take a known unit by any of its names or what is counted (tonnes,
days per FTE, £ per head), refuse what cannot be a unit with the field, sheet,
row and column named, and the pages show a counted figure as the papers do."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from tests.web.test_register import indicator_form
from tests.web.test_spreadsheet_register import column, edited, preview_of, row_of

from goldenthread.domain.values import Unit
from goldenthread.indicators.bulk import RegisterRefused, register_load
from goldenthread.indicators.forms import IndicatorEditForm
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.register_sheet import register_workbook


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("tonnes", "tonnes"),
        ("  Days  per FTE ", "Days per FTE"),
        ("£ per head", "£ per head"),
        ("working days", "days"),
        ("Percentage", "%"),
        ("number of cases", "number of cases"),
    ],
)
def test_the_register_form_takes_any_unit(client_for, world, typed: str, stored: str) -> None:
    client = client_for("performance")
    response = client.post(reverse("indicators:new"), indicator_form(world, unit=typed))
    assert response.status_code == 302
    assert Indicator.objects.get(reference="EX-99").unit == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ('=HYPERLINK("http://x")', "Unit '=HYPERLINK(\"http://x\")' has '\"' ':' '='"),
        ("ton\x1bnes", "has control characters"),
        ("12 tonnes", "starts with a digit"),
        ("t" * 41, "Unit must be 40 characters or fewer"),
        ("£m", "starts with £"),
        ("", "Enter a unit"),
    ],
    ids=repr,
)
def test_the_register_form_refuses_what_cannot_be_a_unit(
    client_for, world, typed: str, message: str
) -> None:
    client = client_for("performance")
    response = client.post(reverse("indicators:new"), indicator_form(world, unit=typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_unit"' in page  # the error summary links to the field
    form = IndicatorEditForm(indicator_form(world, unit=typed))
    assert not form.is_valid()
    assert any(message in error for error in form.errors["unit"])
    assert not Indicator.objects.filter(reference="EX-99").exists()


def test_the_unit_field_suggests_the_known_units(client_for, world) -> None:
    page = client_for("performance").get(reverse("indicators:new")).content.decode()
    assert 'list="id_unit-suggestions"' in page
    for unit in Unit.KNOWN:
        assert f'<option value="{unit.value}">' in page


def test_the_register_spreadsheet_takes_a_counted_unit_and_refuses_a_bad_one(world) -> None:
    def counted(sheet):
        sheet.cell(row_of(sheet, "EX-02"), column(sheet, "Unit")).value = "tonnes"

    plan = preview_of(edited(register_workbook(), counted))
    register_load(preview=plan, by=world.users["performance"])
    assert Indicator.objects.get(reference="EX-02").unit == "tonnes"
    again = register_workbook()  # and it is exported as written

    def hostile(sheet):
        sheet.cell(row_of(sheet, "EX-02"), column(sheet, "Unit")).value = "tonnes; @x"
        sheet.cell(row_of(sheet, "LG-01"), column(sheet, "Unit")).value = "x" * 500

    with pytest.raises(RegisterRefused) as refusal:
        preview_of(edited(again, hostile))
    text = "\n".join(refusal.value.problems)
    assert (
        "Register sheet, row 3, column" in text and "(Unit): Unit 'tonnes; @x' has ';' '@'" in text
    )
    assert "(Unit): Unit must be 40 characters or fewer" in text
    assert Indicator.objects.get(reference="EX-02").unit == "tonnes"


def test_the_choices_sheet_says_any_unit_is_taken(world) -> None:
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(register_workbook()))["Choices"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    units = [row[1] for row in rows if row[0] == "Unit"]
    assert units[:-1] == [u.value for u in sorted(Unit.KNOWN, key=lambda u: u)] or set(
        units[:-1]
    ) == {u.value for u in Unit.KNOWN}
    assert units[-1] == "tonnes"


def test_a_counted_figure_shows_as_the_papers_print_it() -> None:
    """The pages (`figure`, `difference`), the pack's snapshot and the downloads
    read a stored figure in the indicator's unit as stored: a counted label."""
    from types import SimpleNamespace

    from goldenthread.domain.values import Value
    from goldenthread.exports.table import figure_cell
    from goldenthread.reports.snapshot import shown_value
    from goldenthread.web.templatetags.goldenthread import difference, figure

    stored = Value.of(Decimal("15239"))  # as the returns' selectors read a figure back
    assert figure(stored, "tonnes") == "15,239 tonnes"
    assert difference(Decimal("-239"), SimpleNamespace(unit="tonnes", decimals=0)) == (
        "-239 tonnes"
    )
    shown = shown_value(stored, "tonnes")
    assert shown is not None and shown["text"] == "15,239 tonnes"
    cell = figure_cell(stored, "tonnes")
    assert getattr(cell, "unit", None) == "tonnes"
