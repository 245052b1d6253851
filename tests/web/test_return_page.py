"""The return page as people use it (issue 16): a figure that cannot be taken is
marked on its own field as it is typed and after a refused save; the preview's
ask for commentary leads to the field; the previous quarter beside last year;
a return that cannot be changed is shown as text; the decision address answers
a page; the returns list says when returns are due."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from tests.factories import figure
from tests.web.conftest import indicator

from goldenthread.domain.lifecycle import Action
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.indicators.models import Indicator
from goldenthread.reporting.models import QuarterDeadline
from goldenthread.returns.figure_marks import NOT_A_NUMBER
from goldenthread.returns.models import Return
from goldenthread.returns.selectors import figures_for
from goldenthread.submissions.services import submission_move

Q1 = Quarter(FinancialYear(2019), 1)


def page(world, organisation=None, area=None):
    organisation = organisation or world.lbn
    return reverse("returns:edit", args=[organisation.code, (area or world.payroll).id, 2019, 1])


def preview_url(world):
    return reverse("returns:preview", args=["LBN", world.payroll.id, 2019, 1])


def decision_url(world):
    return reverse("returns:decide", args=["LBN", world.payroll.id, 2019, 1])


def key(world, month):
    return f"i{world.payroll_on_time.id}-total-2019{month:02d}-1"


def typed(world, *, june="95.63%", reasons="", action="save", version=0):
    pay = world.payroll_on_time.id
    return {
        "version": version,
        key(world, 4): "99.99%",
        key(world, 5): "99.99",
        key(world, 6): june,
        f"i{pay}-reasons": reasons,
        f"i{pay}-difference": "",
        f"i{pay}-remedial_actions": "",
        "action": action,
    }


def mark_of(text: str, field_id: str) -> str:
    """The text of a field's mark (`{id}-mark`), tags removed."""
    match = re.search(rf'<div id="{re.escape(field_id)}-mark"[^>]*>(.*?)</div>', text, re.S)
    assert match, f"no mark for {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).replace("Error:", "").strip()


# --- the mark on a figure as it is typed ----------------------------------------------


def test_a_figure_that_is_no_number_is_marked_on_its_field_as_it_is_typed(client_for, world):
    response = client_for("officer.lbn").post(preview_url(world), typed(world, june="lots"))
    text = response.content.decode()
    june, may = f"id_{key(world, 6)}", f"id_{key(world, 5)}"
    assert response.status_code == 200
    assert mark_of(text, june) == NOT_A_NUMBER == "Enter a number, like 12 or 12.5, or n/a"
    assert f'<div id="{june}-mark" data-mark-for="{june}" hx-swap-oob="true">' in text
    assert mark_of(text, may) == ""  # a good figure is sent unmarked, so a fixed one clears


@pytest.mark.parametrize(
    ("june", "mark"),
    [
        ("=1+1", NOT_A_NUMBER),  # formula-like text is no figure
        ("@SUM(A1)", NOT_A_NUMBER),
        ("22 days", "Enter a figure in %, not in days"),
        ("1" * 49, "has too many digits"),
        ("9" * 60, "50 characters"),  # longer than the field takes
    ],
)
def test_a_figure_that_cannot_be_taken_says_why_on_its_field(client_for, world, june, mark):
    text = client_for("officer.lbn").post(preview_url(world), typed(world, june=june))
    assert mark in mark_of(text.content.decode(), f"id_{key(world, 6)}")


def test_typed_markup_comes_back_escaped(client_for, world):
    text = client_for("officer.lbn").post(
        preview_url(world), typed(world, june='<script>alert("x")</script>')
    )
    text = text.content.decode()
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert mark_of(text, f"id_{key(world, 6)}") == NOT_A_NUMBER


def test_huge_typed_text_gets_a_plain_answer(client_for, world):
    response = client_for("officer.lbn").post(preview_url(world), typed(world, june="7" * 100_000))
    assert response.status_code == 200
    assert "50 characters" in mark_of(response.content.decode(), f"id_{key(world, 6)}")


def test_a_refused_save_marks_the_field_and_the_summary_links_to_it(client_for, world):
    response = client_for("officer.lbn").post(page(world), typed(world, june="lots"))
    text = response.content.decode()
    june = f"id_{key(world, 6)}"
    assert response.status_code == 400
    assert mark_of(text, june) == NOT_A_NUMBER
    assert re.search(rf'<input class="[^"]*govuk-input--error[^"]*" id="{june}"', text)
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', text, re.S)
    assert summary is not None
    assert (
        f'<a href="#{june}">% of payroll payments made on time, Jun-19: '
        "enter a number, like 12 or 12.5, or n/a</a>"
    ) in summary.group(1)
    assert 'value="lots"' in text  # what was typed is kept


def test_the_ask_for_commentary_links_to_the_field_and_names_its_indicator(client_for, world):
    text = client_for("officer.lbn").post(preview_url(world), typed(world)).content.decode()
    pay = world.payroll_on_time.id
    assert "Off target: give the reasons below before submitting." in text  # amber: reasons
    assert f'href="#id_i{pay}-reasons"' in text
    assert f'data-commentary="commentary-{pay}"' in text  # the page opens this commentary
    edit = client_for("officer.lbn").get(page(world)).content.decode()
    assert f'<details class="govuk-details" id="commentary-{pay}"' in edit
    assert f'id="id_i{pay}-reasons"' in edit


def test_the_return_page_loads_its_script_with_the_nonce(client_for, world):
    text = client_for("officer.lbn").get(page(world)).content.decode()
    script = re.search(r'<script type="module" src="([^"]+return-page\.js)" nonce="([^"]+)">', text)
    assert script and script.group(2)
    assert client_for("officer.lbn").get(script.group(1)).status_code == 200


# --- the previous quarter --------------------------------------------------------------


def test_the_previous_quarter_is_shown_beside_last_year(client_for, world):
    for month, rate in (((2019, 1), "97.50"), ((2019, 2), "98.50"), ((2019, 3), "99.50")):
        figure(world.payroll_on_time, world.lbn, month, rate, decimals=2)
    text = client_for("officer.lbn").get(page(world)).content.decode()
    assert "Previous quarter (2018/19 Q4)" in text
    row = re.search(r"Previous quarter \(2018/19 Q4\)</dt><dd[^>]*>([^<]*)<", text)
    assert row and row.group(1) == "98.50%"
    other = client_for("officer.lbh").get(page(world, world.lbh)).content.decode()
    assert re.search(r"Previous quarter \(2018/19 Q4\)</dt><dd[^>]*>Not recorded<", other)


def test_the_previous_quarter_costs_no_query_per_indicator(world):
    many = [
        indicator(
            f"EX-9{n}",
            f"Indicator {n}",
            world.payroll,
            unit="%",
            polarity="up",
            aggregation="mean",
            decimals=2,
            organisations=[world.lbn],
            targets={world.lbn: "95%"},
        )
        for n in range(6)
    ]

    def queries(indicators):
        with CaptureQueriesContext(connection) as captured:
            figures_for(quarter=Q1, indicators=indicators, organisations=[world.lbn])
        return len(captured)

    every = list(
        Indicator.objects.filter(service_area=world.payroll).prefetch_related("breakdowns")
    )
    assert len(every) == 7 and len(many) == 6
    assert queries(every) == queries(every[:1])


# --- a return that cannot be changed, as text ---------------------------------------------


def submitted(client_for, world):
    client_for("officer.lbn").post(
        page(world), typed(world, reasons="BACS run failed on 28 June", action="submit")
    )
    return Return.objects.get()


@pytest.mark.parametrize("username", ["director", "officer.lbn", "performance"])
def test_a_return_that_cannot_be_changed_is_shown_as_text(client_for, world, username):
    return_ = submitted(client_for, world)
    if username == "performance":
        submission_move(
            return_, Action.APPROVE, expected_version=return_.version, by=world.users["director"]
        )
    text = client_for(username).get(page(world)).content.decode()
    assert "disabled" not in text
    assert f'name="{key(world, 6)}"' not in text  # no figure field
    assert "<textarea" not in text.split("Sign-off")[0]  # no commentary box (sign-off has one)
    assert re.search(r"Jun-19</dt>\s*<dd[^>]*>95.63%", text)
    assert re.search(r"Reasons</dt>\s*<dd[^>]*>BACS run failed on 28 June", text)
    assert re.search(r"Remedial actions</dt>\s*<dd[^>]*>None given", text)


def test_an_officer_with_a_draft_still_gets_the_fields(client_for, world):
    text = client_for("officer.lbn").get(page(world)).content.decode()
    assert f'name="{key(world, 6)}"' in text and 'value="95.63%"' in text


# --- the decision address -----------------------------------------------------------------


def test_the_decision_address_opened_leads_to_the_return(client_for, world):
    return_ = submitted(client_for, world)
    director = client_for("director")
    refused = director.post(
        decision_url(world), {"version": return_.version, "action": "send-back", "reason": ""}
    )
    assert refused.status_code == 400
    assert "Enter a reason for the service" in refused.content.decode()
    reopened = director.get(decision_url(world))  # the address bar after the refusal
    assert reopened.status_code == 302 and reopened["Location"] == page(world)
    assert director.get(decision_url(world), follow=True).status_code == 200


def test_the_decision_address_of_a_return_not_started_says_so(client_for, world):
    response = client_for("director").post(decision_url(world), {"version": 0, "action": "approve"})
    assert response.status_code == 400
    assert "nothing to sign off: this return has not been started" in response.content.decode()
    assert not Return.objects.exists()


def test_a_refused_page_posts_its_form_to_the_return_not_the_decision(client_for, world):
    return_ = submitted(client_for, world)
    submission_move(
        return_,
        Action.SEND_BACK,
        expected_version=return_.version,
        reason="Check June",
        by=world.users["director"],
    )
    text = client_for("officer.lbn").get(page(world)).content.decode()
    assert f'<form method="post" action="{page(world)}" novalidate' in text


def test_another_councils_decision_address_is_not_found(client_for, world):
    response = client_for("officer.lbh").get(decision_url(world))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# --- the returns list ---------------------------------------------------------------------


def listed(client, world):
    return client.get(reverse("returns:list") + "?period=2019/20+Q1").content.decode()


def status_cell(text: str, area: str) -> str:
    row = re.search(rf": {area}</a></td>(.*?)</tr>", text, re.S)
    assert row, area
    return row.group(1)


def test_before_the_due_date_a_return_not_started_is_not_started(client_for, world):
    due = timezone.localdate() + datetime.timedelta(days=10)
    QuarterDeadline.objects.create(year=2019, quarter=1, due_on=due)
    text = listed(client_for("officer.lbh"), world)
    assert f"are due by {due:%-d %B %Y}" in text
    cell = status_cell(text, "Housing Benefits")
    assert "govuk-tag--grey" in cell and ">Not started<" in cell and "overdue" not in cell
    assert "Missing" not in text


def test_after_the_due_date_a_return_not_submitted_is_overdue_by_days(client_for, world):
    due = timezone.localdate() - datetime.timedelta(days=3)
    QuarterDeadline.objects.create(year=2019, quarter=1, due_on=due)
    client_for("officer.lbh").post(page(world, world.lbh), typed(world))  # a draft
    text = listed(client_for("officer.lbh"), world)
    benefits = status_cell(text, "Housing Benefits")
    assert "govuk-tag--red" in benefits and ">Overdue<" in benefits
    assert "3 days overdue" in benefits
    payroll = status_cell(text, "Payroll")
    assert "govuk-tag--yellow" in payroll and "3 days overdue" in payroll  # a draft
    submitted_ = Return.objects.get()
    submission_move(
        submitted_,
        Action.SUBMIT,
        expected_version=submitted_.version,
        by=world.users["officer.lbh"],
    )
    payroll = status_cell(listed(client_for("officer.lbh"), world), "Payroll")
    assert ">Submitted<" in payroll and "overdue" not in payroll


def test_without_a_date_of_its_own_a_quarter_is_due_days_after_it_ends(client_for, world):
    text = listed(client_for("officer.lbn"), world)
    assert "are due by 20 July 2019" in text  # 30 June and the default 20 days
    assert "days overdue" in status_cell(text, "Payroll")


def test_a_refused_submit_links_each_message_to_its_field(client_for, world):
    response = client_for("officer.lbn").post(page(world), typed(world, action="submit"))
    text = response.content.decode()
    pay = world.payroll_on_time.id
    assert response.status_code == 400
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', text, re.S)
    assert summary is not None
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(1))
    assert (
        f"id_i{pay}-reasons",
        "EX-02 % of payroll payments made on time is amber: enter the reasons",
    ) in links
    assert f'id="id_i{pay}-reasons"' in text  # the field the link leads to is on the page
