"""The progress page (issue 16): each owed return with its responsible officers,
its due date and the days it is overdue, filtered by council, directorate and
state in the selector (`submissions.selectors`)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from tests.factories import ReturnFactory
from tests.web.conftest import make_user

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.people.models import Role
from goldenthread.reporting.models import QuarterDeadline
from goldenthread.returns.kind import RETURNS
from goldenthread.submissions import selectors
from goldenthread.submissions.selectors import ProgressFilters, progress_of_every_kind, standings

Q1 = Quarter(FinancialYear(2019), 1)
DUE = datetime.date(2019, 7, 20)  # 30 June and the default 20 days
PAGE = reverse("overview:progress")


@pytest.fixture
def started(world):
    """LBH: payroll submitted, benefits sent back; LBN: payroll approved."""
    ReturnFactory(organisation=world.lbh, service_area=world.payroll, status="submitted")
    ReturnFactory(organisation=world.lbh, service_area=world.benefits, status="sent-back")
    ReturnFactory(organisation=world.lbn, service_area=world.payroll, status="approved")


def table(world, today):
    rows = standings(RETURNS, [world.lbh, world.lbn], Q1, today=today)
    return [(r.organisation.code, r.service_area.name, r.state, r.days_overdue) for r in rows]


def test_what_is_not_submitted_after_the_due_date_is_overdue(world, started):
    assert table(world, datetime.date(2019, 7, 25)) == [
        ("LBH", "Housing Benefits", "Sent back", 5),
        ("LBH", "Payroll", "Submitted", 0),
        ("LBH", "Housing and Litigation", "Missing", 5),
        ("LBN", "Payroll", "Approved", 0),
        ("LBN", "Housing and Litigation", "Missing", 5),
    ]


def test_nothing_is_overdue_on_the_due_date(world, started):
    assert {days for *_, days in table(world, DUE)} == {0}
    assert {days for *_, days in table(world, DUE + datetime.timedelta(days=1))} == {0, 1}


def test_the_due_date_is_the_quarters_own_if_set(world, started):
    rows = standings(RETURNS, [world.lbh], Q1, today=DUE)
    assert {r.due_on for r in rows} == {DUE}
    QuarterDeadline.objects.create(year=2019, quarter=1, due_on=datetime.date(2019, 7, 10))
    rows = standings(RETURNS, [world.lbh], Q1, today=DUE)
    assert {(r.due_on, r.days_overdue) for r in rows if r.submission is None} == {
        (datetime.date(2019, 7, 10), 10)
    }


def test_the_responsible_officers_are_the_service_officers_of_the_area_and_council(world):
    lbh_payroll = world.users["officer.lbh"]
    lbh_payroll.first_name, lbh_payroll.last_name = "Ann", "Jones"
    lbh_payroll.save()
    make_user(
        "officer.all", Role.SERVICE_OFFICER, all_organisations=True, service_areas=[world.payroll]
    )
    gone = make_user(
        "officer.gone",
        Role.SERVICE_OFFICER,
        organisations=[world.lbh],
        service_areas=[world.payroll],
    )
    gone.is_active = False
    gone.save()
    make_user(
        "director.lbh", Role.DIRECTOR, organisations=[world.lbh], directorates=[world.exchequer]
    )
    rows = standings(RETURNS, [world.lbh, world.lbn], Q1, today=DUE)
    officers = {(r.organisation.code, r.service_area.name): r.officers for r in rows}
    assert officers == {
        ("LBH", "Housing Benefits"): ("Ann Jones",),
        ("LBH", "Payroll"): ("Ann Jones", "officer.all"),
        ("LBH", "Housing and Litigation"): (),
        ("LBN", "Payroll"): ("officer.all", "officer.lbn"),
        ("LBN", "Housing and Litigation"): (),
    }


def shown(sections):
    return [(r.organisation.code, r.service_area.name) for s in sections for r in s.rows]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"organisation": "lbn"},
            [("LBN", "Payroll"), ("LBN", "Housing and Litigation")],
        ),
        (
            {"directorate": "legal"},
            [("LBH", "Housing and Litigation"), ("LBN", "Housing and Litigation")],
        ),
        (
            {"state": "missing"},
            [("LBH", "Housing and Litigation"), ("LBN", "Housing and Litigation")],
        ),
        ({"state": "sent-back"}, [("LBH", "Housing Benefits")]),
        ({"state": "approved", "organisation": "lbh"}, []),
        ({"state": "missing", "directorate": "exchequer"}, []),
    ],
)
def test_the_filters_are_applied_in_the_selector(world, started, filters, expected):
    given = ProgressFilters(
        organisation=getattr(world, filters["organisation"]) if "organisation" in filters else None,
        directorate_id=getattr(world, filters["directorate"]).id
        if "directorate" in filters
        else None,
        state=filters.get("state", ""),
    )
    assert shown(progress_of_every_kind([world.lbh, world.lbn], Q1, given, today=DUE)) == expected


@pytest.fixture
def on_25_july(monkeypatch):
    monkeypatch.setattr(selectors.timezone, "localdate", lambda: datetime.date(2019, 7, 25))


def rows_of(response) -> int:
    return response.content.decode().count('<tr class="govuk-table__row">') - 1  # the heading


def test_the_page_shows_officers_due_date_and_days_overdue(client_for, world, started, on_25_july):
    text = client_for("performance").get(PAGE + "?period=2019/20+Q1").content.decode()
    for heading in ("Responsible officer", "Due", "Days overdue"):
        assert f'<th scope="col" class="govuk-table__header">{heading}</th>' in text
    assert "20 Jul 2019" in text
    assert text.count(">5 days</td>") == 3
    assert "Overdue: <strong>3</strong>" in text
    assert "officer.lbn" in text and "No officer named" in text
    assert 'class="gt-table-scroll" tabindex="0" role="region"' in text


def test_the_page_filters_by_council_directorate_and_state(client_for, world, started):
    client = client_for("performance")
    period = "?period=2019/20+Q1"
    assert rows_of(client.get(PAGE + period)) == 5
    assert rows_of(client.get(PAGE + period + "&organisation=LBN")) == 2
    assert rows_of(client.get(PAGE + period + f"&directorate={world.legal.id}")) == 2
    response = client.get(PAGE + period + "&state=submitted&organisation=LBH")
    assert rows_of(response) == 1
    assert '<option value="submitted" selected>Submitted</option>' in response.content.decode()
    none = client.get(PAGE + period + "&state=approved&organisation=LBH").content.decode()
    assert "No returns match these filters." in none


@pytest.mark.parametrize(
    "query",
    [
        "state=bogus",
        "state=%3Dcmd%7C",
        "directorate=%C2%B2",
        "directorate=-1",
        "directorate=" + "9" * 30,
        "state=" + "x" * 5000,
    ],
)
def test_a_filter_it_does_not_know_shows_everything(client_for, world, started, query):
    response = client_for("performance").get(PAGE + "?period=2019/20+Q1&" + query)
    assert response.status_code == 200
    assert rows_of(response) == 5


def test_another_councils_progress_is_not_found(client_for, world, started):
    response = client_for("councillor.lbh").get(PAGE + "?organisation=LBN")
    assert response.status_code == 404
    text = client_for("councillor.lbh").get(PAGE + "?period=2019/20+Q1").content.decode()
    assert "LBN" not in text.split("<table")[1]
