"""Issue 14, defect 1: a figure is checked against what its column holds
(digits and places) where figures are read, on the return page and in the
spreadsheet import; and no page falls over on a stored figure it cannot show."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook
from tests.security_figures import record
from tests.web.test_returns import key, page, payroll_form

from goldenthread.people.access import scope_of
from goldenthread.returns.models import Measurement
from goldenthread.returns.sheet_import import ImportRefused, read_return_workbook

TOO_LARGE = [
    "1000000000000000000000000000000",
    "9999999999999999",  # 16 digits: SQLite keeps 15
    "1,000,000,000,000,000%",
    "£9,999,999,999,999,999",
    "1000000000000000K",
    "0.123456789",  # 9 places: the column keeps 8
    "12345678901234.56",  # 16 digits in all
]


@pytest.mark.parametrize("typed", TOO_LARGE)
def test_a_figure_with_more_digits_than_stored_is_refused_with_its_field(client_for, world, typed):
    before = list(Measurement.objects.values_list("amount", flat=True))
    response = client_for("officer.lbn").post(page(world), payroll_form(world, june=typed))
    text = response.content.decode()
    assert response.status_code == 400
    assert f'href="#id_{key(world, 6)}"' in text
    assert "Jun-19" in text and "at most 15 digits" in text
    assert list(Measurement.objects.values_list("amount", flat=True)) == before


def test_the_largest_figure_that_stores_is_kept_exactly_and_every_page_shows_it(client_for, world):
    client = client_for("officer.lbn")
    response = client.post(page(world), payroll_form(world, june="999999999999999"), follow=True)
    assert response.status_code == 200
    june = Measurement.objects.get(
        indicator=world.payroll_on_time, organisation=world.lbn, start__month=6, months=1
    )
    assert june.amount == Decimal("999999999999999")
    for url in pages(world):
        assert client.get(url).status_code == 200, url
    admin = client_for("performance").get(reverse("admin:returns_measurement_changelist"))
    assert admin.status_code == 200


def test_numerators_and_denominators_are_bounded_too(client_for, world):
    world.payroll_on_time.aggregation = "ratio"
    world.payroll_on_time.save()
    form = payroll_form(world)
    for month in (4, 5, 6):
        form[f"{key(world, month)}-num"] = "30"
        form[f"{key(world, month)}-den"] = "31"
    form[f"{key(world, 6)}-den"] = "1" + "0" * 20
    response = client_for("officer.lbn").post(page(world), form)
    assert response.status_code == 400
    assert "denominator" in response.content.decode()
    assert "at most 15 digits" in response.content.decode()


def test_a_text_cell_with_too_many_digits_is_refused_with_sheet_and_cell(world):
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.returns.sheet_template import return_template

    made = return_template(
        organisation=world.lbh,
        service_areas=[world.payroll],
        quarter=Quarter(FinancialYear(2019), 1),
    )
    book = load_workbook(io.BytesIO(made.content))
    book["Return"]["J7"] = "100000000000000000000"
    out = io.BytesIO()
    book.save(out)
    officer = world.users["officer.lbh"]
    with pytest.raises(
        ImportRefused, match=r"Return sheet, row 7, column J.*at most 15 digits"
    ) as refused:
        read_return_workbook(out.getvalue(), filename="a.xlsx", scope=scope_of(officer))
    record("input", "figure refused above (digits)", 15)
    assert not Measurement.objects.filter(organisation=world.lbh, indicator=world.payroll_on_time)
    assert refused.value


def pages(world):
    return [
        page(world),
        reverse("overview:home") + "?period=2019/20+Q1",
        reverse("overview:home") + "?period=2019/20+Q1&organisation=LBN",
        reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1",
        reverse("returns:template", args=["LBN", world.payroll.id, 2019, 1]),
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses such a figure")
def test_pages_still_answer_with_a_figure_stored_before_the_limit(client_for, world):
    """A figure stored before figures were checked (SQLite keeps any number):
    every page that reads it still answers, for everyone."""
    june = Measurement.objects.get(
        indicator=world.payroll_on_time, organisation=world.lbn, start__month=6, months=1
    )
    with connection.cursor() as cursor:
        for table in ("returns_measurement", "returns_historicalmeasurement"):
            cursor.execute(f"UPDATE {table} SET amount = 1e30 WHERE id = %s", [june.id])
    client = client_for("performance")
    for url in [*pages(world), reverse("admin:returns_measurement_changelist")]:
        assert client.get(url).status_code == 200, url


def test_pages_answer_with_a_target_of_more_digits_than_a_figure_holds(client_for, world):
    """A target is kept as written (text); one far beyond any figure still rates and
    shows on every page, the pack included."""
    from goldenthread.indicators.models import Target

    Target.objects.filter(indicator=world.payroll_on_time, organisation=world.lbn).update(
        text="1" + "0" * 30 + "%"
    )
    client = client_for("performance")
    for url in [*pages(world), reverse("packs:list")]:
        assert client.get(url).status_code == 200, url
    from tests.web.test_access import built_packs

    every, newham = built_packs(world)  # the pack rates and shows it too
    for pack in (every, newham):
        assert client.get(reverse("packs:file", args=[pack.pk, "html"])).status_code == 200
