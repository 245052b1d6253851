"""Year-end forecasts on the return page and in the return spreadsheet (issue
17): the officer gives the forecast outturn beside the figure to date for an
indicator rated on its forecast, and the status compares it with the annual
target, saying so. Seed 001 line 667: Havering's annual commercial income,
£250K in Q1 against £3.15M for the year, green ("on track", line 623)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from tests.factories import IndicatorFactory, ServiceAreaFactory, make_user
from tests.web.conftest import sign_in_with_second_factor

from goldenthread.domain.lifecycle import Action
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.returns.models import Forecast, Return
from goldenthread.returns.selectors import figures_for
from goldenthread.returns.sheet_import import ImportRefused, read_return_workbook, returns_import
from goldenthread.returns.sheet_template import FORECAST, RETURN_COLUMNS, return_template
from goldenthread.submissions.services import submission_move

Q1 = Quarter(FinancialYear(2019), 1)
FORECAST_LETTER = "N"  # column 14


@pytest.fixture
def property_area(world):
    """Asset Management: Property, with seed 001's commercial income (rated on
    its forecast) and an indicator rated to date, for Havering and Newham."""
    area = ServiceAreaFactory(directorate=world.exchequer, name="Property")
    income = IndicatorFactory(
        reference="AM-16",
        title="Annual commercial income target forecast v actual",
        service_area=area,
        unit="£",
        polarity="up",
        aggregation="sum",
        frequency="quarterly",
        in_year="forecast",
        organisations=[world.lbh, world.lbn],
        targets={world.lbh: "£3.15M", world.lbn: "£6.8M"},
    )
    receipts = IndicatorFactory(
        reference="AM-15",
        title="Capital receipt forecast v actual",
        service_area=area,
        unit="£",
        polarity="up",
        aggregation="sum",
        frequency="quarterly",
        organisations=[world.lbh],
        targets={world.lbh: "£12.78M"},
    )
    officer = make_user(
        "officer.property",
        Role.SERVICE_OFFICER,
        organisations=[world.lbh],
        service_areas=[area],
    )
    return {"area": area, "income": income, "receipts": receipts, "officer": officer}


def page(property_area, org="LBH"):
    return reverse("returns:edit", args=[org, property_area["area"].id, 2019, 1])


def preview_url(property_area):
    return reverse("returns:preview", args=["LBH", property_area["area"].id, 2019, 1])


def figure_key(indicator):
    return f"i{indicator.id}-total-201904-3"


def forecast_key(indicator):
    return f"i{indicator.id}-forecast"


def typed(property_area, *, forecast="3150000", version=0, action="save", **more):
    income, receipts = property_area["income"], property_area["receipts"]
    data = {
        "version": version,
        figure_key(income): "250000",
        forecast_key(income): forecast,
        figure_key(receipts): "28000",
        "action": action,
    }
    for indicator in (income, receipts):
        for part in ("reasons", "difference", "remedial_actions"):
            data[f"i{indicator.id}-{part}"] = "Slow start to the year."
    return {**data, **more}


@pytest.fixture
def officer(client, property_area):
    return sign_in_with_second_factor(client, property_area["officer"])


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- the return page -----------------------------------------------------------------


def test_the_forecast_field_is_there_only_for_indicators_rated_on_a_forecast(
    officer, property_area
):
    response = officer.get(page(property_area))
    html = response.content.decode()
    income, receipts = property_area["income"], property_area["receipts"]
    assert f'name="{forecast_key(income)}"' in html
    assert f'name="{forecast_key(receipts)}"' not in html
    text = text_of(response)
    assert "Year-end forecast (£)" in text
    assert "Where you expect the year to end" in text
    assert "Annual target: £3.15M." in text


def test_a_forecast_saved_with_the_return_rates_the_quarter_on_it(officer, property_area):
    response = officer.post(page(property_area), typed(property_area))
    assert response.status_code == 302
    stored = Forecast.objects.get(indicator=property_area["income"])
    assert (stored.amount, stored.year, stored.quarter) == (Decimal("3150000"), 2019, 1)
    assert stored.organisation.code == "LBH"
    assert stored.history.first().history_user == property_area["officer"]
    text = text_of(officer.get(page(property_area)))
    assert "Forecast £3,150,000 against £3,150,000: Green (on the forecast)" in text
    assert Return.objects.get().version == 1
    income = next(
        f
        for f in figures_for(
            quarter=Q1,
            indicators=[property_area["income"]],
            organisations=[property_area["income"].organisations.get(code="LBH")],
        )
    )
    assert income.result.assessment.status.label == "Green"
    assert income.on_forecast


def test_without_a_forecast_the_figure_to_date_is_rated_and_the_page_says_so(
    officer, property_area
):
    officer.post(page(property_area), typed(property_area, forecast=""))
    assert not Forecast.objects.exists()
    text = text_of(officer.get(page(property_area)))
    assert "No forecast given: rated to date" in text


def test_the_preview_says_the_status_is_on_the_forecast(officer, property_area):
    response = officer.post(preview_url(property_area), typed(property_area, forecast="£3M"))
    text = text_of(response)
    assert "Forecast £3,000,000 against £3,150,000: Amber (on the forecast)" in text
    assert not Forecast.objects.exists()  # a preview keeps nothing


def test_a_blank_forecast_clears_a_saved_one(officer, property_area):
    officer.post(page(property_area), typed(property_area))
    response = officer.post(page(property_area), typed(property_area, forecast="", version=1))
    assert response.status_code == 302
    assert Forecast.objects.get().amount is None
    assert (
        officer.get(page(property_area))
        .context["form"]
        .initial.get(forecast_key(property_area["income"]), "")
        == ""
    )


@pytest.mark.parametrize(
    ("forecast", "message"),
    [
        pytest.param("n/a", "enter the forecast as a figure, or leave it blank", id="n/a"),
        pytest.param("lots", "Enter the forecast as a number", id="words"),
        pytest.param("=1+1", "Enter the forecast as a number", id="formula"),
        pytest.param('=HYPERLINK("x")', "Enter the forecast as a number", id="hyperlink"),
        pytest.param("12\x00", "Enter the forecast as a number", id="control-character"),
        pytest.param("9" * 16, "too many digits", id="too-many-digits"),
        pytest.param("1e400", "Enter the forecast as a number", id="huge-exponent"),
        pytest.param("12%", "enter a figure in £", id="another-unit"),
        pytest.param("1" * 51, "must be 50 characters or fewer", id="too-long"),
    ],
)
def test_a_forecast_that_cannot_be_taken_is_refused_and_nothing_is_saved(
    officer, property_area, forecast, message
):
    response = officer.post(page(property_area), typed(property_area, forecast=forecast))
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert not Forecast.objects.exists()
    assert not Return.objects.filter(version__gt=0).exists()
    preview = officer.post(preview_url(property_area), typed(property_area, forecast=forecast))
    field_id = f"id_{forecast_key(property_area['income'])}"
    assert f'<div id="{field_id}-mark" data-mark-for="{field_id}" hx-swap-oob="true">' in (
        preview.content.decode()
    )


def test_a_forecast_for_an_indicator_that_takes_none_is_ignored(officer, property_area):
    receipts = property_area["receipts"]
    response = officer.post(
        page(property_area), typed(property_area, **{forecast_key(receipts): "12780000"})
    )
    assert response.status_code == 302
    assert not Forecast.objects.filter(indicator=receipts).exists()


def test_another_councils_return_cannot_be_given_a_forecast(officer, property_area):
    """The officer enters data for Havering only: Newham's return is not theirs."""
    response = officer.post(page(property_area, org="LBN"), typed(property_area))
    assert response.status_code in (403, 404)
    assert not Forecast.objects.exists()


def test_a_stale_save_keeps_the_forecast_typed_and_saves_nothing(
    client, officer, property_area, world
):
    officer.post(page(property_area), typed(property_area, forecast="3000000"))
    response = officer.post(page(property_area), typed(property_area, forecast="3200000"))
    assert response.status_code == 400  # version 0 was saved over: shown, not saved
    assert Forecast.objects.get().amount == Decimal("3000000")
    assert 'value="3200000"' in response.content.decode()


def test_the_forecast_is_kept_on_send_back_and_shown_read_only_once_approved(
    client, officer, property_area, world
):
    officer.post(page(property_area), typed(property_area, action="submit"))
    return_ = Return.objects.get()
    assert return_.status == "submitted"
    director = world.users["director"]
    submission_move(
        return_, Action.SEND_BACK, expected_version=return_.version, reason="Check", by=director
    )
    return_.refresh_from_db()
    assert Forecast.objects.get().amount == Decimal("3150000")
    form = officer.get(page(property_area)).context["form"]
    assert form.initial[forecast_key(property_area["income"])] == "3150000"
    officer.post(
        page(property_area), typed(property_area, version=return_.version, action="submit")
    )
    return_.refresh_from_db()
    submission_move(return_, Action.APPROVE, expected_version=return_.version, by=director)
    text = text_of(officer.get(page(property_area)))
    assert "Year-end forecast 3150000" in text
    assert "Approved figures are locked" in text


def test_a_reader_sees_the_forecast_only_with_the_figure(client, officer, property_area, world):
    officer.post(page(property_area), typed(property_area, action="submit"))
    reader = sign_in_with_second_factor(client, world.users["councillor.lbh"])
    waiting = reader.get(page(property_area))
    assert "3150000" not in waiting.content.decode()
    assert "Forecast" not in text_of(waiting)
    return_ = Return.objects.get()
    submission_move(
        return_, Action.APPROVE, expected_version=return_.version, by=world.users["director"]
    )
    text = text_of(reader.get(page(property_area)))
    assert "Year-end forecast 3150000" in text
    assert "on the forecast" in text


# --- the spreadsheet ----------------------------------------------------------------------


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def with_cells(content: bytes, cells: dict[str, object]) -> bytes:
    book = workbook(content)
    for cell, value in cells.items():
        book["Return"][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(content: bytes) -> dict[str, int]:
    """The Return sheet's row for each indicator's first row."""
    sheet = workbook(content)["Return"]
    rows: dict[str, int] = {}
    for row in sheet.iter_rows(min_row=7):
        if row[0].value:
            rows.setdefault(str(row[0].value), row[0].row)
    return rows


def test_the_template_has_a_forecast_column_filled_for_forecast_indicators(
    officer, property_area, world
):
    officer.post(page(property_area), typed(property_area))
    content = return_template(
        organisation=world.lbh, service_areas=[property_area["area"]], quarter=Q1
    ).content
    assert RETURN_COLUMNS[FORECAST - 1][0] == "Year-end forecast"
    sheet = workbook(content)["Return"]
    assert sheet[f"{FORECAST_LETTER}6"].value == "Year-end forecast"
    rows = rows_of(content)
    assert sheet[f"{FORECAST_LETTER}{rows['AM-16']}"].value == 3150000
    assert sheet[f"{FORECAST_LETTER}{rows['AM-16']}"].protection.locked is False
    assert sheet[f"{FORECAST_LETTER}{rows['AM-15']}"].protection.locked is not False


def test_the_spreadsheet_round_trip_saves_the_forecast(property_area, world):
    scope = scope_of(property_area["officer"])
    content = return_template(
        organisation=world.lbh, service_areas=[property_area["area"]], quarter=Q1
    ).content
    rows = rows_of(content)
    filled = with_cells(
        content,
        {
            f"J{rows['AM-16']}": 250000,
            f"{FORECAST_LETTER}{rows['AM-16']}": 3100000,
            f"J{rows['AM-15']}": 28000,
        },
    )
    preview = read_return_workbook(filled, filename="return.xlsx", scope=scope)
    lines = [(c.what, c.after, c.kind) for c in preview.changes("new")]
    assert ("Year-end forecast", "£3,100,000", "new") in lines
    returns_import(preview=preview, by=property_area["officer"])
    assert Forecast.objects.get().amount == Decimal("3100000")
    again = read_return_workbook(filled, filename="return.xlsx", scope=scope)
    assert not again.has_changes  # the same file again changes nothing


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("lots", "could not read", id="words"),
        pytest.param("=1+1", "holds a formula", id="formula"),
        pytest.param("n/a", "enter the forecast as a figure", id="n/a"),
        pytest.param("5%", "enter a figure in £", id="another-unit"),
    ],
)
def test_a_forecast_cell_that_cannot_be_taken_is_refused_with_its_place(
    property_area, world, value, message
):
    scope = scope_of(property_area["officer"])
    content = return_template(
        organisation=world.lbh, service_areas=[property_area["area"]], quarter=Q1
    ).content
    row = rows_of(content)["AM-16"]
    filled = with_cells(content, {f"{FORECAST_LETTER}{row}": value})
    with pytest.raises(ImportRefused) as refused:
        read_return_workbook(filled, filename="return.xlsx", scope=scope)
    problems = [str(p) for p in refused.value.problems]
    assert any(
        "Return sheet" in p and f"row {row}" in p and FORECAST_LETTER in p and message in p.lower()
        for p in problems
    ), problems
    assert not Forecast.objects.exists()


def test_a_forecast_on_an_indicator_that_takes_none_is_refused_with_its_place(property_area, world):
    scope = scope_of(property_area["officer"])
    content = return_template(
        organisation=world.lbh, service_areas=[property_area["area"]], quarter=Q1
    ).content
    row = rows_of(content)["AM-15"]
    filled = with_cells(content, {f"{FORECAST_LETTER}{row}": 12780000})
    with pytest.raises(ImportRefused) as refused:
        read_return_workbook(filled, filename="return.xlsx", scope=scope)
    problems = [str(p) for p in refused.value.problems]
    assert any(
        f"row {row}" in p and "takes a year-end forecast only on indicators rated" in p
        for p in problems
    ), problems


# --- the overview and the indicator page ----------------------------------------------------


def test_the_overview_and_the_indicator_page_say_the_status_is_on_the_forecast(
    client, officer, property_area, world
):
    officer.post(page(property_area), typed(property_area, forecast="3200000"))
    team = sign_in_with_second_factor(client, world.users["performance"])
    overview = text_of(team.get(reverse("overview:home") + "?period=2019%2F20+Q1"))
    assert re.search(r"forecast v actual AM-16 LBH .*? Green on the forecast", overview), overview
    detail = text_of(
        team.get(
            reverse("indicators:detail", args=["AM-16"]) + "?period=2019%2F20+Q1&organisation=LBH"
        )
    )
    assert "Green (on the forecast)" in detail
    assert "Rated on Forecast £3,200,000 against £3,150,000: Green" in detail


def test_the_upload_preview_rates_the_files_forecast_and_applying_it_saves_it(
    officer, property_area, world
):
    content = officer.get(
        reverse("returns:template", args=["LBH", property_area["area"].id, 2019, 1])
    ).content
    rows = rows_of(content)
    filled = with_cells(
        content, {f"J{rows['AM-16']}": 250000, f"{FORECAST_LETTER}{rows['AM-16']}": 3200000}
    )
    handle = io.BytesIO(filled)
    handle.name = "return.xlsx"
    url = reverse("returns:import", args=["LBH", property_area["area"].id, 2019, 1])
    preview = officer.post(url, {"workbook": handle})
    text = text_of(preview)
    assert "Year-end forecast" in text and "£3,200,000" in text
    assert "Green on the forecast" in text
    assert not Forecast.objects.exists()  # a preview keeps nothing
    payload = re.search(r'name="payload" value="([^"]+)"', preview.content.decode()).group(1)
    officer.post(url, {"payload": payload})
    assert Forecast.objects.get().amount == Decimal("3200000")
