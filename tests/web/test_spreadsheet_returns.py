"""Data returns as spreadsheets: the template a person downloads, and the
import (upload, preview, apply) that validates every cell with the web form's
rules, saves all or nothing, attributes the history, and changes nothing the
second time."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.indicators.models import Breakdown, Indicator
from goldenthread.people.access import scope_of
from goldenthread.returns.models import Commentary, Measurement, Return
from goldenthread.returns.sheet_import import (
    Expected,
    ImportRefused,
    read_return_workbook,
    returns_import,
)
from goldenthread.returns.sheet_template import return_template

Q1 = Quarter(FinancialYear(2019), 1)


def template_url(world, area, org="LBH"):
    return reverse("returns:template", args=[org, area.id, 2019, 1])


def import_url(world, area, org="LBH"):
    return reverse("returns:import", args=[org, area.id, 2019, 1])


def template_for(world, area, org=None):
    made = return_template(organisation=org or world.lbh, service_areas=[area], quarter=Q1)
    return made.content


def filled(content: bytes, cells: dict[tuple[str, str], object]) -> bytes:
    """The workbook with cells set as openpyxl sets them (as a person would type)."""
    book = load_workbook(io.BytesIO(content))
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, url, content: bytes, name="return.xlsx"):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(url, {"workbook": handle})


def payload_of(response) -> str:
    match = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert match, "the preview has no apply form"
    return match.group(1)


def stored(indicator, organisation):
    return {
        (m.start.month, m.breakdown): (m.kind, m.amount, m.decimals)
        for m in Measurement.objects.filter(indicator=indicator, organisation=organisation)
        if m.months == 1 and m.start.year == 2019
    }


def test_the_template_is_locked_except_its_inputs_validated_and_identified(client_for, world):
    response = client_for("officer.lbh").get(template_url(world, world.payroll))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Return", "Commentary", "goldenthread"]
    assert book["goldenthread"].sheet_state == "veryHidden"
    sheet = book["Return"]
    assert sheet.protection.sheet
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=7, max_row=9)]
    # the indicator's details on its first row; reference and month on every row
    assert [(r[0], r[6], r[7]) for r in rows] == [
        ("EX-02", "Apr-19", "100.00%"),
        ("EX-02", "May-19", None),
        ("EX-02", "Jun-19", None),
    ]
    assert rows[0][1] == "% of payroll payments made on time" and rows[0][4] == "%"
    assert sheet["A7"].protection.locked and sheet["H7"].protection.locked
    # empty cells take their column's format: figures and n/a open, the rest locked
    columns = sheet.column_dimensions
    assert not columns["J"].protection.locked and not columns["K"].protection.locked
    assert columns["H"].protection.locked and columns["L"].protection.locked
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    figure = rules["J7:J9"]
    # between is the default operator; out of 0-100 is a warning (some percentages are)
    assert (figure.type, figure.formula1, figure.formula2, figure.errorStyle) == (
        "decimal",
        "0",
        "100",
        "warning",
    )
    assert rules["K7:K9"].type == "list" and rules["K7:K9"].formula1 == '"n/a"'
    commentary = book["Commentary"]
    assert commentary["A7"].value == "EX-02" and not commentary["F7"].protection.locked
    assert commentary.protection.sheet


def test_the_template_holds_what_is_saved(client_for, world):
    content = client_for("officer.lbn").get(template_url(world, world.payroll, "LBN")).content
    sheet = load_workbook(io.BytesIO(content))["Return"]
    assert [sheet[f"J{r}"].value for r in (7, 8, 9)] == [99.99, 99.99, 95.63]
    assert sheet["J9"].number_format == "0.00"


def test_a_count_must_be_a_whole_number_and_days_not_negative(world):
    world.hb_new_claims.unit, world.hb_new_claims.aggregation = "number", "sum"
    world.hb_new_claims.decimals = 0
    world.hb_new_claims.save()
    book = load_workbook(io.BytesIO(template_for(world, world.benefits)))
    (rule,) = [v for v in book["Return"].data_validations.dataValidation if "J7" in str(v.sqref)]
    assert (rule.type, rule.operator, rule.formula1) == ("whole", "greaterThanOrEqual", "0")


def test_upload_preview_apply_saves_the_figures_attributed_to_the_importer(client_for, world):
    client = client_for("officer.lbh")
    content = filled(
        client.get(template_url(world, world.payroll)).content,
        {
            ("Return", "J7"): 100,
            ("Return", "J8"): 99.5,
            ("Return", "K9"): "n/a",
            ("Commentary", "F7"): "One late BACS run in May",
        },
    )
    preview = upload(client, import_url(world, world.payroll), content)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "Check the changes before they are saved" in text
    assert "New: 4" in text and "One late BACS run in May" in text
    assert Measurement.objects.filter(organisation=world.lbh).count() == 4  # nothing yet
    applied = client.post(import_url(world, world.payroll), {"payload": payload_of(preview)})
    assert applied.status_code == 302
    assert stored(world.payroll_on_time, world.lbh) == {
        (4, ""): ("number", Decimal("100"), 0),
        (5, ""): ("number", Decimal("99.5"), 1),
        (6, ""): ("n/a", None, None),
    }
    officer = world.users["officer.lbh"]
    history = Measurement.history.filter(indicator=world.payroll_on_time, organisation=world.lbh)
    assert {h.history_user for h in history} == {officer}
    assert Commentary.history.get().history_user == officer
    page = client.get(applied["Location"]).content.decode()
    assert "Imported return.xlsx: 4 changes saved." in page


def test_the_same_file_twice_says_nothing_to_change(client_for, world):
    client = client_for("officer.lbh")
    content = filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    url = import_url(world, world.payroll)
    client.post(url, {"payload": payload_of(upload(client, url, content))})
    version = Return.objects.get().version
    again = upload(client, url, content).content.decode()
    assert "Nothing to change: the file matches what is saved." in again
    assert 'name="payload"' not in again
    assert Return.objects.get().version == version


FIGURES = st.one_of(
    st.none(),
    st.just("n/a"),
    st.decimals(min_value=0, max_value=100, places=2).map(float),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(months=st.lists(FIGURES, min_size=3, max_size=3), changed=st.integers(0, 2), data=st.data())
def test_importing_twice_changes_nothing_and_one_cell_changes_one_value(
    world, months, changed, data
):
    officer = world.users["officer.lbh"]
    scope = scope_of(officer)
    cells = {}
    for row, value in zip((7, 8, 9), months, strict=True):
        cells[("Return", f"J{row}")] = None if value == "n/a" else value
        cells[("Return", f"K{row}")] = "n/a" if value == "n/a" else None
    content = filled(template_for(world, world.payroll), cells)
    plan = read_return_workbook(content, filename="a.xlsx", scope=scope)
    returns_import(preview=plan, by=officer)
    history = Measurement.history.count()
    version = Return.objects.get().version if Return.objects.exists() else 0
    again = read_return_workbook(content, filename="a.xlsx", scope=scope)
    assert not again.has_changes
    assert returns_import(preview=again, by=officer) == 0
    assert Measurement.history.count() == history
    assert (Return.objects.get().version if Return.objects.exists() else 0) == version

    other = data.draw(
        st.decimals(min_value=0, max_value=100, places=1)
        .map(float)
        .filter(lambda v: v != months[changed])
    )
    one = dict(cells)
    one[("Return", f"J{7 + changed}")] = other
    one[("Return", f"K{7 + changed}")] = None
    plan = read_return_workbook(
        filled(template_for(world, world.payroll), one), filename="b.xlsx", scope=scope
    )
    moved = [c for c in plan.changes("new") + plan.changes("changed")]
    assert len(moved) == 1 and not plan.changes("cleared")
    assert returns_import(preview=plan, by=officer) == 1
    assert Measurement.history.count() == history + 1


def test_a_file_for_a_return_the_person_may_not_enter_is_refused_whole(world):
    content = filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    for username in ("officer.lbn", "director", "councillor.lbh"):
        with pytest.raises(ImportRefused, match="You do not enter data for LBH"):
            read_return_workbook(content, filename="a.xlsx", scope=scope_of(world.users[username]))
    assert not Measurement.objects.filter(organisation=world.lbh, indicator=world.payroll_on_time)


def test_only_those_who_enter_the_return_see_the_upload_page(client_for, world):
    url = import_url(world, world.payroll)
    assert client_for("director").get(url).status_code == 403
    assert client_for("officer.lbn").get(url).status_code == 404
    assert client_for("officer.lbh").get(url).status_code == 200


def test_an_approved_return_refuses_an_import(client_for, world):
    Return.objects.create(
        organisation=world.lbh, service_area=world.payroll, year=2019, quarter=1, status="approved"
    )
    content = filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    response = upload(client_for("officer.lbh"), import_url(world, world.payroll), content)
    assert response.status_code == 400
    assert "is approved: its figures are locked" in response.content.decode()


def test_a_save_between_preview_and_apply_refuses_the_import(client_for, world):
    client = client_for("officer.lbh")
    url = import_url(world, world.payroll)
    preview = upload(
        client, url, filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    )
    edit = reverse("returns:edit", args=["LBH", world.payroll.id, 2019, 1])
    key = f"i{world.payroll_on_time.id}-total-201905-1"
    client.post(edit, {"version": 0, "action": "save", key: "97%"})
    response = client.post(url, {"payload": payload_of(preview)})
    assert response.status_code == 400
    assert "Someone saved this return after your preview" in response.content.decode()
    assert stored(world.payroll_on_time, world.lbh) == {(5, ""): ("number", Decimal("97"), 0)}


def test_an_altered_preview_is_refused(client_for, world):
    client = client_for("officer.lbh")
    url = import_url(world, world.payroll)
    preview = upload(
        client, url, filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    )
    response = client.post(url, {"payload": payload_of(preview)[:-3] + "abc"})
    assert "The preview was altered" in response.content.decode()
    assert not Measurement.objects.filter(organisation=world.lbh, indicator=world.payroll_on_time)


def test_a_template_made_before_the_register_changed_is_refused(world):
    content = filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    Breakdown.objects.create(indicator=world.payroll_on_time, name="Agency staff")
    with pytest.raises(ImportRefused, match="register has changed since this file was made"):
        read_return_workbook(content, filename="a.xlsx", scope=scope_of(world.users["performance"]))


def test_a_return_saved_since_the_template_was_made_is_pointed_out(client_for, world):
    content = filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    client = client_for("officer.lbh")
    edit = reverse("returns:edit", args=["LBH", world.payroll.id, 2019, 1])
    key = f"i{world.payroll_on_time.id}-total-201905-1"
    client.post(edit, {"version": 0, "action": "save", key: "97%"})
    text = upload(client, import_url(world, world.payroll), content).content.decode()
    assert "has been saved since this file was made" in text
    assert "Cleared (the cell is blank): 1" in text


def test_ratio_indicators_take_numerator_and_denominator(world):
    ratio = Indicator.objects.create(
        reference="EX-03",
        title="% of BACS runs on time",
        service_area=world.payroll,
        unit="%",
        polarity="up",
        aggregation="ratio",
        frequency="monthly",
        scheme="rag",
        decimals=2,
    )
    ratio.organisations.set([world.lbh])
    content = template_for(world, world.payroll)
    sheet = load_workbook(io.BytesIO(content))["Return"]
    assert sheet["A10"].value == "EX-03" and not sheet["L10"].protection.locked
    officer = world.users["officer.lbh"]
    missing = filled(content, {("Return", "J10"): 96.77})
    with pytest.raises(ImportRefused, match=r"column L .Numerator.: .* enter the numerator"):
        read_return_workbook(missing, filename="a.xlsx", scope=scope_of(officer))
    complete = filled(
        content, {("Return", "J10"): 96.77, ("Return", "L10"): 30, ("Return", "M10"): 31}
    )
    plan = read_return_workbook(complete, filename="a.xlsx", scope=scope_of(officer))
    returns_import(preview=plan, by=officer)
    row = Measurement.objects.get(indicator=ratio)
    assert (row.amount, row.numerator, row.denominator) == (Decimal("96.77"), 30, 31)


def test_a_percentage_typed_as_excel_stores_it_is_read_as_shown(world):
    """Typing 97.5% into a cell makes Excel store 0.975 in a percentage format."""
    content = template_for(world, world.payroll)
    book = load_workbook(io.BytesIO(content))
    book["Return"]["J7"] = 0.975
    book["Return"]["J7"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    officer = world.users["officer.lbh"]
    plan = read_return_workbook(out.getvalue(), filename="a.xlsx", scope=scope_of(officer))
    (new,) = plan.changes("new")
    assert new.after == "97.5%"


def test_a_whole_directorate_in_one_workbook(client_for, world):
    client = client_for("officer.lbh")
    content = client.get(template_url(world, world.payroll) + "?whole=directorate").content
    sheet = load_workbook(io.BytesIO(content))["Return"]
    assert [sheet[f"A{r}"].value for r in range(7, 13)] == ["EX-01"] * 3 + ["EX-02"] * 3
    content = filled(content, {("Return", "J7"): 23, ("Return", "J10"): 99})
    preview = upload(client, import_url(world, world.payroll), content)
    assert preview.status_code == 200
    client.post(import_url(world, world.payroll), {"payload": payload_of(preview)})
    assert Return.objects.count() == 2
    assert stored(world.hb_new_claims, world.lbh)[(4, "")][1] == 23


def test_the_command_line_makes_a_template_and_imports_it(world, tmp_path, capsys):
    out = tmp_path / "payroll.xlsx"
    call_command(
        "returns",
        "template",
        "--council",
        "LBH",
        "--service-area",
        "Payroll",
        "--period",
        "2019/20 Q1",
        "--out",
        str(out),
    )
    path = tmp_path / "filled.xlsx"
    path.write_bytes(filled(out.read_bytes(), {("Return", "J7"): 98.5}))
    call_command("returns", "import", str(path), "--as", "officer.lbh")
    assert "new      EX-02 Apr-19: 98.5%" in capsys.readouterr().out
    assert not Measurement.objects.filter(organisation=world.lbh, indicator=world.payroll_on_time)
    call_command("returns", "import", str(path), "--as", "officer.lbh", "--apply")
    assert "Saved 1 change." in capsys.readouterr().out
    user = get_user_model().objects.get(username="officer.lbh")
    saved = Measurement.history.filter(indicator=world.payroll_on_time, organisation=world.lbh)
    assert saved.get().history_user == user
    call_command("returns", "import", str(path), "--as", "officer.lbh", "--apply")
    assert "Nothing to save" in capsys.readouterr().out


def test_the_command_line_refuses_with_every_problem(world, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.xlsx"
    path.write_bytes(
        filled(
            template_for(world, world.payroll), {("Return", "J7"): "lots", ("Return", "J8"): "=1+1"}
        )
    )
    with pytest.raises(CommandError) as error:
        call_command("returns", "import", str(path), "--as", "officer.lbh", "--apply")
    message = str(error.value)
    assert (
        "row 7, column J (Figure)" in message
        and "row 8, column J (Figure): holds a formula" in message
    )


def test_the_upload_page_for_an_expected_return_refuses_another(world):
    content = template_for(world, world.payroll, world.lbn)
    expect = Expected(world.lbh, world.payroll, Q1)
    with pytest.raises(ImportRefused, match=r"is the LBN .* but you are importing into the LBH"):
        read_return_workbook(
            content, filename="a.xlsx", scope=scope_of(world.users["performance"]), expect=expect
        )
