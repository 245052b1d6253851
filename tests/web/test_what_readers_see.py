"""Figures readers can trust: before a return is approved, the performance team,
the service's officers and its directors see its figures marked as drafts;
readers and other services see "Awaiting approval" (or, where the team turns it
on, the figures marked "Provisional"); summary counts say what they count; the
reason a return was sent back is for the service, its directors and the team.

Newham's payroll return for 2019/20 Q1 (EX-02: 99.99%, 99.99%, 95.63%, so 98.54%,
amber) has been sent back by the director."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from tests.factories import ReturnFactory, figure, make_user

from goldenthread.domain.periods import Month
from goldenthread.people.models import Role
from goldenthread.reporting.models import ReportingRules

Q1 = "?period=2019/20+Q1"
REASON = "Internal: June figure double-counts the BACS rerun"
SEES_DRAFTS = ["performance", "officer.lbn", "director"]
READERS = ["s151", "officer.legal", "director.legal"]  # a reader and two other services


@pytest.fixture
def sent_back(world):
    world.users["officer.legal"] = make_user(
        "officer.legal",
        Role.SERVICE_OFFICER,
        organisations=[world.lbn],
        service_areas=[world.litigation],
    )
    return ReturnFactory(
        organisation=world.lbn, service_area=world.payroll, status="sent-back", reason=REASON
    )


@pytest.fixture
def provisional_on(db):
    ReportingRules.objects.update_or_create(id=1, defaults={"provisional_to_readers": True})


def overview(client, query=""):
    return client.get(reverse("overview:home") + Q1 + "&organisation=LBN" + query)


@dataclass(frozen=True)
class Counts:
    """A council's summary counts by rag's columns."""

    amber: int
    total: int


def lbn_counts(response):
    (row,) = [r for r in response.context["view"].summary if r.organisation == "LBN"]
    return Counts(amber=row.counts[1], total=row.total)


@pytest.mark.parametrize("role", SEES_DRAFTS)
def test_the_team_the_service_and_its_director_see_the_draft_marked(client_for, sent_back, role):
    response = overview(client_for(role))
    text = response.content.decode()
    assert "98.54%" in text and "Sent back</strong>" in text
    assert "Awaiting approval" not in text
    assert "Counts approved figures and 1 draft figure, not yet approved." in text
    assert lbn_counts(response).amber == 1  # counted, as before


@pytest.mark.parametrize("role", READERS)
def test_readers_and_other_services_see_awaiting_approval(client_for, sent_back, role):
    response = overview(client_for(role))
    text = response.content.decode()
    assert "98.54%" not in text and "Sent back" not in text and "Amber</strong>" not in text
    assert "Awaiting approval" in text
    assert "Counts approved figures only. 1 figure awaiting approval is not counted." in text
    counts = lbn_counts(response)
    assert (counts.amber, counts.total) == (0, 1)  # possession claims only (no figure)
    rows = response.context["view"].rows
    assert [r.label for r in rows if r.indicator.reference == "EX-02"] == ["Awaiting approval"]
    assert all(f.indicator.reference != "EX-02" for f in response.context["view"].figures)


def test_the_status_filter_finds_no_withheld_figure(client_for, sent_back):
    response = overview(client_for("s151"), "&status=AMBER")
    assert "98.54%" not in response.content.decode()
    assert response.context["view"].rows == []
    team = overview(client_for("performance"), "&status=AMBER")
    assert "98.54%" in team.content.decode()


def test_readers_see_provisional_figures_marked_where_the_team_turns_it_on(
    client_for, sent_back, provisional_on
):
    client = client_for("s151")
    response = overview(client)
    text = response.content.decode()
    assert "98.54%" in text and "Provisional</strong>" in text and "Sent back" not in text
    assert "Counts approved figures and 1 provisional figure, not yet approved." in text
    assert lbn_counts(response).amber == 1
    assert "98.54%" in overview(client, "&status=AMBER").content.decode()


def test_approved_figures_are_shown_unmarked_and_counted(client_for, sent_back):
    sent_back.status = "approved"
    sent_back.save()
    response = overview(client_for("s151"))
    text = response.content.decode()
    assert "98.54%" in text and "Awaiting approval" not in text and "Provisional" not in text
    assert "Counts approved figures only." in text and "not counted" not in text
    assert lbn_counts(response).amber == 1


def test_a_return_not_yet_submitted_is_withheld_too(client_for, sent_back):
    sent_back.status = "submitted"
    sent_back.save()
    assert "98.54%" not in overview(client_for("s151")).content.decode()
    assert "Submitted</strong>" in overview(client_for("director")).content.decode()


def indicator_page(client, period="2019/20+Q1"):
    return client.get(reverse("indicators:detail", args=["EX-02"]) + f"?period={period}")


@pytest.mark.parametrize("role", READERS)
def test_the_indicator_page_withholds_figures_months_and_their_history(client_for, sent_back, role):
    text = indicator_page(client_for(role)).content.decode()
    for shown in ("98.54", "99.99", "95.63"):
        assert shown not in text
    assert "Awaiting approval: this council's 2019/20 Q1 figures are shown once" in text
    assert "Figure LBN" not in text  # the history of the figures
    assert "Changes to figures and commentary are shown only to the service" in text


@pytest.mark.parametrize("role", SEES_DRAFTS)
def test_the_indicator_page_shows_the_service_its_draft(client_for, sent_back, role):
    text = indicator_page(client_for(role)).content.decode()
    assert "98.54%" in text and "95.63%" in text and "Sent back</strong>" in text
    assert "Figure LBN" in text
    assert "Changes to figures and commentary are shown only" not in text


def test_the_indicator_page_shows_readers_provisional_figures_marked(
    client_for, sent_back, provisional_on
):
    text = indicator_page(client_for("s151")).content.decode()
    assert "98.54%" in text and "95.63%" in text and "Provisional</strong>" in text
    assert "Figure LBN" not in text  # the working record stays the service's


def test_a_later_approved_quarter_keeps_the_earlier_one_withheld(client_for, world, sent_back):
    """Q2 approved, Q1 sent back: a reader sees Q2's months, not Q1's; no direction
    of travel against a quarter they may not see."""
    for month in ((2019, 7), (2019, 8), (2019, 9)):
        figure(world.payroll_on_time, world.lbn, month, "97.50", decimals=2)
    ReturnFactory(organisation=world.lbn, service_area=world.payroll, quarter=2, status="approved")
    response = indicator_page(client_for("s151"), "2019/20+Q2")
    text = response.content.decode()
    assert "97.50%" in text and "95.63" not in text and "99.99" not in text
    (row,) = [r for r in response.context["figures"] if r.organisation == world.lbn]
    months = {m.figure.month: m.label for m in row.months}
    assert months[Month(2019, 6)] == "Awaiting approval" and months[Month(2019, 9)] == ""
    assert all(m.figure.value.amount is None for m in row.months if m.withheld)
    team = indicator_page(client_for("performance"), "2019/20+Q2").content.decode()
    assert "95.63%" in team


def return_page(client, world):
    return client.get(reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]))


@pytest.mark.parametrize("role", SEES_DRAFTS)
def test_the_send_back_reason_is_for_the_service_its_director_and_the_team(
    client_for, world, sent_back, role
):
    text = return_page(client_for(role), world).content.decode()
    assert REASON in text and "95.63" in text


@pytest.mark.parametrize("provisional", [False, True])
def test_a_reader_reads_no_reason_and_no_unapproved_figure_on_the_return(
    client_for, world, sent_back, provisional
):
    if provisional:
        ReportingRules.objects.update_or_create(id=1, defaults={"provisional_to_readers": True})
    response = return_page(client_for("s151"), world)
    text = response.content.decode()
    assert response.status_code == 200 and REASON not in text
    assert ("95.63" in text) is provisional
    assert ("Provisional</strong>" in text) is provisional
    assert ("Awaiting approval: the figures of this return" in text) is not provisional


def test_a_reader_cannot_download_the_figures_awaiting_approval(client_for, world, sent_back):
    url = reverse("returns:template", args=["LBN", world.payroll.id, 2019, 1])
    assert client_for("s151").get(url).status_code == 403
    assert client_for("officer.lbn").get(url).status_code == 200


def test_another_councils_reader_still_sees_nothing_of_it(client_for, world, sent_back):
    client = client_for("councillor.lbh")
    assert overview(client).status_code == 404  # organisation=LBN is not theirs
    assert return_page(client, world).status_code == 404
    text = indicator_page(client).content.decode()
    assert "LBN" not in text.split('<h2 class="govuk-heading-m">History</h2>')[0]


@pytest.mark.parametrize(
    "query",
    ["&status=%3DHYPERLINK(%22http://x%22)", "&status=" + "a" * 5000, "&period=%2B1%2B1"],
)
def test_hostile_filters_show_nothing_withheld(client_for, sent_back, query):
    response = client_for("s151").get(reverse("overview:home") + "?organisation=LBN" + query)
    assert response.status_code == 200
    assert "98.54" not in response.content.decode()
