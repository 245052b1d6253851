"""The list of submissions awaiting a person's sign-off (issue 16): every kind's
submitted ones this person signs off, across quarters, the oldest first, with
approval of several at once: each approved on its own on the version listed, a
changed one refused and named, someone else's refusing the whole request."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from tests.factories import ReturnFactory
from tests.web.conftest import make_user, sign_in_with_second_factor

from goldenthread.domain.lifecycle import Action
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.returns.models import Return
from goldenthread.submissions.bulk import MOST_AT_ONCE
from goldenthread.submissions.selectors import awaiting_sign_off
from goldenthread.submissions.services import submission_move

URL = "/sign-off/"


def submitted(organisation, area, *, year=2019, quarter=1, days_ago=1) -> Return:
    return_ = ReturnFactory(
        organisation=organisation, service_area=area, year=year, quarter=quarter, status="submitted"
    )
    when = timezone.now() - datetime.timedelta(days=days_ago)
    Return.objects.filter(pk=return_.pk).update(updated_at=when)  # auto_now on save
    return_.refresh_from_db()
    return return_


def key(return_: Return) -> str:
    return f"returns:{return_.pk}:{return_.version}"


@pytest.fixture
def waiting(world):
    """Exchequer's submitted returns (the director's) and one of Legal's."""
    return {
        "lbn-payroll": submitted(world.lbn, world.payroll, days_ago=2),
        "lbh-payroll": submitted(world.lbh, world.payroll, days_ago=5),
        "lbh-benefits-q2": submitted(world.lbh, world.benefits, quarter=2, days_ago=9),
        "lbn-litigation": submitted(world.lbn, world.litigation),
        "lbh-draft": ReturnFactory(organisation=world.lbh, service_area=world.benefits),
    }


def statuses(*returns: Return) -> list[str]:
    return [Return.objects.get(pk=r.pk).status for r in returns]


def told(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_list_has_what_this_person_signs_off_oldest_first(world, waiting):
    rows = awaiting_sign_off(scope_of(world.users["director"]))
    assert [(r.organisation.code, r.service_area.name, r.quarter.label) for r in rows] == [
        ("LBH", "Payroll", "2019/20 Q1"),  # submitted 5 days ago
        ("LBN", "Payroll", "2019/20 Q1"),  # 2 days ago
        ("LBH", "Housing Benefits", "2019/20 Q2"),  # a later quarter, though older
    ]
    legal = awaiting_sign_off(scope_of(world.users["director.legal"]))
    assert [r.submission for r in legal] == [waiting["lbn-litigation"]]
    assert len(awaiting_sign_off(scope_of(world.users["performance"]))) == 4


def test_the_page_shows_council_area_quarter_when_and_by_whom_with_links(
    client_for, world, waiting
):
    Return.objects.filter(pk=waiting["lbn-payroll"].pk).update(
        updated_by=world.users["officer.lbn"]
    )
    text = client_for("director").get(URL).content.decode()
    assert "Awaiting your sign-off" in text
    assert text.count('name="chosen"') == 3
    assert "Housing and Litigation" not in text  # Legal's
    assert reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1]) in text
    assert reverse("returns:edit", args=["LBH", world.benefits.id, 2019, 2]) in text
    assert "officer.lbn" in text and "2019/20 Q2" in text
    assert "Approve selected" in text


def test_several_are_approved_each_on_its_own(client_for, world, waiting):
    chosen = [waiting["lbn-payroll"], waiting["lbh-payroll"]]
    response = client_for("director").post(URL, {"chosen": [key(r) for r in chosen]})
    assert response.status_code == 302 and response["Location"] == URL
    assert statuses(*chosen) == ["approved", "approved"]
    assert statuses(waiting["lbh-benefits-q2"]) == ["submitted"]  # not chosen
    assert told(response) == ["2 returns approved."]
    for return_ in chosen:  # each recorded as its own move, by the director
        last = Return.objects.get(pk=return_.pk).history.order_by("-history_date").first()
        assert (last.status, last.history_user.username, last.version) == (
            "approved",
            "director",
            return_.version + 1,
        )


def test_one_changed_since_the_list_was_shown_is_refused_and_named(client_for, world, waiting):
    shown = [key(waiting["lbn-payroll"]), key(waiting["lbh-payroll"])]
    stale = waiting["lbn-payroll"]  # meanwhile sent back and submitted again
    submission_move(
        stale, Action.SEND_BACK, expected_version=0, by=world.users["performance"], reason="June"
    )
    submission_move(stale, Action.SUBMIT, expected_version=1, by=world.users["officer.lbn"])
    response = client_for("director").post(URL, {"chosen": shown})
    assert statuses(waiting["lbn-payroll"], waiting["lbh-payroll"]) == ["submitted", "approved"]
    assert told(response) == [
        "1 return approved.",
        "LBN Payroll return, 2019/20 Q1 was changed after this list was shown, so it was "
        "not approved. Open it to check it.",
    ]
    assert Return.objects.get(pk=stale.pk).version == 2  # untouched by the refusal


def test_one_approved_by_someone_else_meanwhile_is_named(client_for, world, waiting):
    shown = key(waiting["lbh-payroll"])
    submission_move(
        waiting["lbh-payroll"], Action.APPROVE, expected_version=0, by=world.users["performance"]
    )
    response = client_for("director").post(URL, {"chosen": [shown]})
    assert told(response) == [
        "LBH Payroll return, 2019/20 Q1 was changed after this list was shown, so it was "
        "not approved. Open it to check it."
    ]
    last = Return.objects.get(pk=waiting["lbh-payroll"].pk)
    assert (last.updated_by.username, last.version) == ("performance", 1)


def test_a_return_not_submitted_is_refused_by_the_lifecycle(client_for, world, waiting):
    draft = waiting["lbh-draft"]
    response = client_for("director").post(URL, {"chosen": [key(draft)]})
    assert statuses(draft) == ["draft"]
    assert told(response) == [
        "LBH Housing Benefits return, 2019/20 Q1: Only a submitted return can be approved. "
        "Open it to check it."
    ]


def test_another_directorates_return_refuses_the_whole_request(client_for, world, waiting):
    mine, theirs = waiting["lbn-payroll"], waiting["lbn-litigation"]
    response = client_for("director").post(URL, {"chosen": [key(mine), key(theirs)]})
    assert response.status_code == 403
    assert statuses(mine, theirs) == ["submitted", "submitted"]  # not even mine


def test_another_councils_return_is_refused(client, world, waiting):
    director_lbh = make_user(
        "director.lbh", Role.DIRECTOR, organisations=[world.lbh], directorates=[world.exchequer]
    )
    sign_in_with_second_factor(client, director_lbh)
    page = client.get(URL).content.decode()
    assert page.count('name="chosen"') == 2  # Havering's payroll and benefits
    response = client.post(URL, {"chosen": [key(waiting["lbn-payroll"])]})
    assert response.status_code == 403
    assert statuses(waiting["lbn-payroll"]) == ["submitted"]


@pytest.mark.parametrize("username", ["councillor.lbh", "s151", "officer.lbn", "nobody"])
def test_someone_who_signs_nothing_off_is_refused(client_for, world, waiting, username):
    client = client_for(username)
    assert client.get(URL).status_code == 403
    response = client.post(URL, {"chosen": [key(waiting["lbn-payroll"])]})
    assert response.status_code == 403
    assert statuses(waiting["lbn-payroll"]) == ["submitted"]


@pytest.mark.parametrize(
    "posted",
    [
        ["returns:1"],
        ["returns:x:0"],
        ['=HYPERLINK("http://x")'],
        ["reviews:1:0"],  # no such kind
        ["returns:" + "9" * 40 + ":0"],  # more digits than an id has
        ["returns:1:0;DROP TABLE returns_return"],
    ],
)
def test_a_choice_the_page_does_not_make_is_a_bad_request(client_for, world, waiting, posted):
    response = client_for("director").post(URL, {"chosen": posted})
    assert response.status_code == 400
    assert statuses(waiting["lbn-payroll"]) == ["submitted"]


def test_an_id_that_does_not_exist_is_refused(client_for, world, waiting):
    response = client_for("director").post(URL, {"chosen": ["returns:999999:0"]})
    assert response.status_code == 403


def test_too_many_at_once_is_a_bad_request(client_for, world, waiting):
    posted = [f"returns:{n}:0" for n in range(MOST_AT_ONCE + 1)]
    assert client_for("performance").post(URL, {"chosen": posted}).status_code == 400


def test_nothing_selected_says_so(client_for, world, waiting):
    response = client_for("director").post(URL, {})
    assert response.status_code == 400
    text = response.content.decode()
    assert '<a href="#chosen-1">Select the returns you want to approve</a>' in text
    assert statuses(waiting["lbn-payroll"]) == ["submitted"]


def test_the_same_return_posted_twice_is_approved_once(client_for, world, waiting):
    return_ = waiting["lbh-payroll"]
    response = client_for("director").post(URL, {"chosen": [key(return_), key(return_)]})
    assert told(response) == ["1 return approved."]
    assert Return.objects.get(pk=return_.pk).version == 1


def test_the_navigation_counts_what_waits(client_for, world, waiting):
    director = client_for("director")
    assert "Awaiting sign-off (3)</a>" in director.get(reverse("overview:home")).content.decode()
    director.post(URL, {"chosen": [key(waiting["lbh-payroll"])]})
    assert "Awaiting sign-off (2)</a>" in director.get(reverse("overview:home")).content.decode()


def test_the_team_sees_every_council_and_directorate_in_the_count(client_for, world, waiting):
    text = client_for("performance").get(reverse("returns:list")).content.decode()
    assert "Awaiting sign-off (4)</a>" in text


@pytest.mark.parametrize("username", ["councillor.lbh", "officer.lbh", "s151"])
def test_people_who_sign_nothing_off_have_no_link(client_for, world, waiting, username):
    text = client_for(username).get(reverse("overview:home")).content.decode()
    assert "Awaiting sign-off" not in text


def test_nothing_waiting_says_so(client_for, world):
    text = client_for("director").get(URL).content.decode()
    assert "Nothing is waiting for your sign-off." in text
    assert "Awaiting sign-off (0)</a>" in text
