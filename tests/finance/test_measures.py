"""Indicators that read from budget monitoring: their figures worked out from the
finance selectors (so the indicator and the finance pages cannot disagree),
recorded outside any return from signed-off periods only, following a sign-off
and a reopening, and never typed on a return."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from tests.factories import (
    IndicatorFactory,
    OrganisationFactory,
    finance_world,
    forecast_period,
    make_user,
)
from tests.web.conftest import sign_in_with_second_factor

from goldenthread.domain.figure_standing import FigureStanding
from goldenthread.domain.finance_measures import Span, latest_in_spans, misfit
from goldenthread.domain.lifecycle import State
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.finance import measures
from goldenthread.finance.models import FinanceMeasure, Saving
from goldenthread.finance.selectors import position, savings, savings_totals
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.returns.models import Measurement, Return
from goldenthread.returns.selectors import figures_for
from goldenthread.returns.sheet_template import RETURN_SHEET, return_template
from goldenthread.returns.visibility import seen, viewer_of
from goldenthread.submissions.services import submission_move

pytestmark = pytest.mark.django_db
ALL = {
    "AM1": "1100000",
    "AM2": "190001",
    "LG1": "1000300",
    "NS-H": "510000",
    "NS-N": "400000",
    "NS-B": "90000",
}
Q2 = Quarter(FinancialYear(2019), 2)


def linked(world, measure, *, unit, frequency, organisations=None, reference="FIN-01"):
    """An indicator of the world's councils and shared service reading `measure`."""
    indicator = IndicatorFactory(
        reference=reference,
        title="Budget variance",
        unit=unit,
        frequency=frequency,
        aggregation="latest",
        decimals=1,
        organisations=organisations or [world.os, *world.councils.values()],
    )
    FinanceMeasure.objects.create(indicator=indicator, organisation=world.os, measure=measure)
    return indicator


def figures_of(indicator):
    return {
        (m.organisation.code, m.start, m.months): m
        for m in Measurement.objects.filter(indicator=indicator).select_related("organisation")
    }


def test_budget_variance_percent_is_the_positions_each_month_signed_off():
    world = finance_world()
    indicator = linked(world, "variance-percent", unit="%", frequency="monthly")
    forecast_period(world, 5, ALL)
    forecast_period(world, 6, ALL, status=State.SUBMITTED.value)  # not signed off: no figure
    measures.feed(year=2019)
    at = position(scope_of(world.team), world.os, 2019, 5)
    august = datetime.date(2019, 8, 1)
    found = figures_of(indicator)
    assert set(found) == {(code, august, 1) for code in ("OS", "LBB", "LBH", "LBN")}
    # shared: forecast 2,290,301 against 2,200,000, +4.1%; Bexley's non-shared -10.0%
    assert found["OS", august, 1].amount == at.shared.variance_percent == Decimal("4.1")
    for code, expected in (("LBB", "-10.0"), ("LBH", "2.0"), ("LBN", "0.0")):
        council = world.councils[code]
        assert found[code, august, 1].amount == at.non_shared(council).variance_percent
        assert found[code, august, 1].amount == Decimal(expected)
    assert found["OS", august, 1].decimals == 1
    assert found["OS", august, 1].source == (
        "From budget monitoring: Period 5 2019/20 (August 2019), signed off"
    )


def test_the_shared_variance_of_a_quarter_is_its_latest_signed_off_periods():
    world = finance_world()
    indicator = linked(world, "shared-variance", unit="£", frequency="quarterly")
    forecast_period(world, 4, {**ALL, "AM1": "1050000"})
    forecast_period(world, 5, ALL)
    forecast_period(world, 6, {**ALL, "AM1": "2000000"}, status=State.SUBMITTED.value)
    measures.feed()
    july = datetime.date(2019, 7, 1)
    found = figures_of(indicator)
    assert set(found) == {(code, july, 3) for code in ("OS", "LBB", "LBH", "LBN")}
    at = position(scope_of(world.team), world.os, 2019, 5)
    assert found["OS", july, 3].amount == at.shared.variance == Decimal(90301)
    # Bexley: 10% of AM1's +100,000 and 1/10 of LG1's +300 (AM2 is Havering's and Newham's)
    assert found["LBB", july, 3].amount == at.shared_parts["LBB"] == Decimal(10030)
    assert sum(found[c, july, 3].amount for c in ("LBB", "LBH", "LBN")) == Decimal(90301)
    assert "Period 5 2019/20" in found["LBN", july, 3].source


def test_savings_achieved_are_the_years_programme_whole_and_each_councils_own():
    world = finance_world(year=2017)
    indicator = linked(world, "savings-achieved", unit="£", frequency="annual")
    indicator.decimals = 0
    indicator.save()
    # seed 004 line 205: £12.853m since 2014/15, Bexley £0.741m, Havering £4.483m, Newham £7.629m
    for code, amount in (("LBB", "741000"), ("LBH", "4483000"), ("LBN", "7629000")):
        Saving.objects.create(
            organisation=world.os,
            year=2017,
            partner=world.councils[code],
            title=f"{code} savings",
            planned=Decimal(amount),
            achieved=Decimal(amount),
        )
    Saving.objects.create(  # not achieved yet: counts nothing
        organisation=world.os, year=2017, title="Not yet", planned=Decimal(5000)
    )
    measures.feed(year=2017)
    april = datetime.date(2017, 4, 1)
    found = figures_of(indicator)
    assert found["LBB", april, 12].amount == Decimal(741000)
    assert found["LBB", april, 12].decimals == 0
    assert found["OS", april, 12].amount == Decimal(12853000)
    assert found["OS", april, 12].amount == savings_totals(savings(world.os, 2017)).achieved
    assert found["LBH", april, 12].source == (
        "From budget monitoring: the savings programme 2017/18, savings achieved"
    )


def test_sign_off_records_the_figure_and_reopening_takes_it_back_to_the_period_before():
    world = finance_world()
    indicator = linked(world, "shared-variance", unit="£", frequency="quarterly")
    forecast_period(world, 4, {**ALL, "AM1": "1050000"})
    fp = forecast_period(world, 5, ALL, status=State.SUBMITTED.value)
    measures.feed()
    july = datetime.date(2019, 7, 1)
    assert figures_of(indicator)["OS", july, 3].amount == Decimal(40301)  # P4's
    submission_move(fp, "approve", expected_version=fp.version, by=world.director)
    stored = figures_of(indicator)["OS", july, 3]
    assert stored.amount == Decimal(90301) and "Period 5" in stored.source
    assert stored.history.first().history_user == world.director
    fp.refresh_from_db()
    submission_move(
        fp, "reopen", expected_version=fp.version, by=world.director, reason="A line was wrong"
    )
    assert figures_of(indicator)["OS", july, 3].amount == Decimal(40301)
    assert "Period 4" in figures_of(indicator)["OS", july, 3].source


def test_reopening_the_only_signed_off_period_takes_the_figure_out_and_keeps_others():
    world = finance_world()
    indicator = linked(world, "variance-percent", unit="%", frequency="monthly")
    typed = Measurement.objects.create(  # a figure typed before the link: the feed leaves it
        indicator=indicator,
        organisation=world.os,
        start=datetime.date(2019, 4, 1),
        months=1,
        kind="number",
        amount=Decimal("1.5"),
        decimals=1,
        source="data return",
    )
    fp = forecast_period(world, 5, ALL, status=State.SUBMITTED.value)
    submission_move(fp, "approve", expected_version=fp.version, by=world.director)
    assert len(figures_of(indicator)) == 5
    fp.refresh_from_db()
    submission_move(fp, "reopen", expected_version=fp.version, by=world.director, reason="Wrong")
    assert list(figures_of(indicator).values()) == [typed]


def test_a_reader_sees_the_figure_once_signed_off_whatever_the_return_says():
    world = finance_world()
    indicator = linked(world, "variance-percent", unit="%", frequency="monthly")
    reader = viewer_of(scope_of(world.readers["LBB"]))
    fp = forecast_period(world, 5, ALL, status=State.SUBMITTED.value)
    measures.feed()
    before = seen(
        reader,
        figures_for(quarter=Q2, indicators=[indicator], organisations=[world.councils["LBB"]]),
    )
    assert before[0].figures is not None
    assert before[0].figures.months[4].value.amount is None  # nothing recorded before sign-off
    # the service area's return for Bexley is a draft: the fed figure is approved all the same
    Return.objects.create(
        organisation=world.councils["LBB"],
        service_area=indicator.service_area,
        year=2019,
        quarter=2,
        status=State.DRAFT.value,
    )
    submission_move(fp, "approve", expected_version=fp.version, by=world.director)
    after = seen(
        reader,
        figures_for(quarter=Q2, indicators=[indicator], organisations=[world.councils["LBB"]]),
    )
    assert after[0].standing is FigureStanding.APPROVED and after[0].label == ""
    assert after[0].figures.months[4].value.amount == Decimal("-10.0")


def test_the_return_page_and_workbook_do_not_offer_a_figure_read_from_finance(client):
    world = finance_world()
    indicator = linked(world, "variance-percent", unit="%", frequency="monthly")
    typed_one = IndicatorFactory(
        service_area=indicator.service_area, organisations=[world.councils["LBB"]]
    )
    forecast_period(world, 5, ALL)
    measures.feed()
    officer = make_user(
        "officer.lbb",
        Role.SERVICE_OFFICER,
        organisations=[world.councils["LBB"]],
        service_areas=[indicator.service_area],
    )
    sign_in_with_second_factor(client, officer)
    url = reverse("returns:edit", args=["LBB", indicator.service_area.id, 2019, 2])
    page = client.get(url).content.decode()
    assert f'name="i{typed_one.id}-total-201907-1"' in page
    assert f'name="i{indicator.id}-total-' not in page
    assert "Not typed here" in page and "budget monitoring" in page
    # a hostile post of the fed figure's field is ignored: the figure stays the feed's
    august = datetime.date(2019, 8, 1)
    client.post(
        url,
        {
            "version": 0,
            f"i{indicator.id}-total-201908-1": '=HYPERLINK("x")\x07',
            f"i{typed_one.id}-total-201907-1": "5",
            "action": "save",
        },
    )
    fed = Measurement.objects.get(indicator=indicator, organisation__code="LBB", start=august)
    assert fed.amount == Decimal("-10.0") and fed.source.startswith("From budget monitoring")
    assert Measurement.objects.filter(indicator=typed_one).count() == 1
    template = return_template(
        organisation=world.councils["LBB"], service_areas=[indicator.service_area], quarter=Q2
    )
    sheet = openpyxl.load_workbook(io.BytesIO(template.content))[RETURN_SHEET]
    references = {row[0] for row in sheet.iter_rows(min_row=7, values_only=True)}
    assert indicator.reference not in references and typed_one.reference in references
    assert sheet["A5"].value.startswith(f"Not typed here: {indicator.reference}")


def test_a_measure_fits_only_an_indicator_of_its_unit_and_savings_an_annual_one():
    world = finance_world()
    monthly = IndicatorFactory(unit="£", frequency="monthly")
    with pytest.raises(ValidationError, match="only an annual indicator"):
        FinanceMeasure(
            indicator=monthly, organisation=world.os, measure="savings-achieved"
        ).full_clean()
    with pytest.raises(ValidationError, match="unit must be %"):
        FinanceMeasure(
            indicator=monthly, organisation=world.os, measure="variance-percent"
        ).full_clean()
    FinanceMeasure(indicator=monthly, organisation=world.os, measure="shared-variance").full_clean()
    assert misfit(measures.Measure.VARIANCE_PERCENT, "%", "quarterly") is None


def test_each_span_takes_its_latest_signed_off_period():
    assert latest_in_spans("quarterly", [5, 1, 4, 12]) == {
        Span(1, 3): 1,
        Span(4, 3): 5,
        Span(10, 3): 12,
    }
    assert latest_in_spans("annual", [3, 7]) == {Span(1, 12): 7}
    assert latest_in_spans("monthly", []) == {}


def test_a_council_that_is_no_partner_gets_no_figure():
    world = finance_world()
    other = OrganisationFactory(code="LBX", name="Elsewhere")
    indicator = linked(
        world,
        "variance-percent",
        unit="%",
        frequency="monthly",
        organisations=[world.councils["LBB"], other],
    )
    forecast_period(world, 5, ALL)
    measures.feed()
    assert {code for code, _, _ in figures_of(indicator)} == {"LBB"}


def test_the_command_feeds_a_year_and_refuses_a_year_it_cannot_read():
    world = finance_world()
    indicator = linked(world, "shared-variance", unit="£", frequency="monthly")
    forecast_period(world, 5, ALL)
    out = io.StringIO()
    call_command("finance_feed", "--year", "2019/20", stdout=out)
    assert "4 recorded or changed, 0 taken out" in out.getvalue()
    assert len(figures_of(indicator)) == 4
    call_command("finance_feed", stdout=out)
    assert "0 recorded or changed, 0 taken out" in out.getvalue()
    for bad in ("=1+1", "2019/21", "x" * 5000, "20\x0019"):
        with pytest.raises(CommandError, match="not a financial year"):
            call_command("finance_feed", "--year", bad)
