"""The submission lifecycle as every module uses it: the registry of kinds, the
services that claim a version and move by the table, one progress page and one
sign-off form for every kind (data returns are the kind there is today)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from goldenthread.domain.lifecycle import Action, ReasonNeeded, Refused, State
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.returns.kind import RETURNS
from goldenthread.returns.models import Return, ReturnStatus
from goldenthread.returns.services import return_open
from goldenthread.submissions import kinds as registry
from goldenthread.submissions.models import Submission, SubmissionStatus
from goldenthread.submissions.selectors import counts, standings
from goldenthread.submissions.services import StaleSubmission, submission_move

Q1 = Quarter(FinancialYear(2019), 1)


def test_the_stored_states_are_the_lifecycles():
    assert SubmissionStatus.choices == [(s.value, s.label) for s in State]
    assert ReturnStatus is SubmissionStatus


def test_a_return_is_a_registered_submission():
    assert issubclass(Return, Submission)
    assert registry.kind_of(Return) is RETURNS
    assert registry.kind_named("returns") is RETURNS
    assert RETURNS in registry.kinds()


def test_the_returns_table_keeps_its_shape(db, capsys):
    """Moving the lifecycle's fields to the abstract base needs no migration."""
    call_command("makemigrations", "returns", "--check", "--dry-run", skip_checks=True)
    assert "No changes detected" in capsys.readouterr().out


def payroll_return(world):
    return return_open(organisation=world.lbn, service_area=world.payroll, year=2019, quarter=1)


def test_a_move_follows_the_table_and_records_who_and_why(world):
    return_ = payroll_return(world)
    officer, director = world.users["officer.lbn"], world.users["director"]
    submission_move(return_, Action.SUBMIT, expected_version=0, by=officer)
    assert (return_.status, return_.version, return_.updated_by) == ("submitted", 1, officer)
    submission_move(
        return_, Action.SEND_BACK, expected_version=1, by=director, reason=" Check June "
    )
    assert (return_.status, return_.reason, return_.updated_by) == (
        "sent-back",
        "Check June",
        director,
    )
    history = list(
        return_.history.order_by("history_date").values_list(
            "status", "reason", "history_user__username"
        )
    )
    assert history[-2:] == [
        ("submitted", "", "officer.lbn"),
        ("sent-back", "Check June", "director"),
    ]


def test_a_move_on_a_stale_copy_is_refused_with_the_kinds_message(world):
    return_ = payroll_return(world)
    other = Return.objects.get(pk=return_.pk)
    submission_move(return_, Action.SAVE, expected_version=0, by=world.users["officer.lbn"])
    with pytest.raises(StaleSubmission, match="Someone else saved this return while you were"):
        submission_move(other, Action.SUBMIT, expected_version=0, by=world.users["performance"])
    other.refresh_from_db()
    assert (other.status, other.version) == ("draft", 1)


def test_a_move_the_table_refuses_changes_nothing(world):
    return_ = payroll_return(world)
    with pytest.raises(Refused, match="Only a submitted return can be approved"):
        submission_move(return_, Action.APPROVE, expected_version=0, by=world.users["director"])
    submission_move(return_, Action.SUBMIT, expected_version=0, by=world.users["officer.lbn"])
    with pytest.raises(ReasonNeeded):
        submission_move(
            return_, Action.SEND_BACK, expected_version=1, by=world.users["director"], reason=""
        )
    return_.refresh_from_db()
    assert (return_.status, return_.version) == ("submitted", 1)


def test_standings_list_every_owed_submission_with_missing_ones(world):
    payroll_return(world)
    rows = standings(RETURNS, [world.lbh, world.lbn], Q1)
    shown = [(r.organisation.code, r.service_area.name, r.items, r.state) for r in rows]
    assert shown == [
        ("LBH", "Housing Benefits", 1, "Missing"),
        ("LBH", "Payroll", 1, "Missing"),
        ("LBH", "Housing and Litigation", 1, "Missing"),
        ("LBN", "Payroll", 1, "Not submitted"),
        ("LBN", "Housing and Litigation", 1, "Missing"),
    ]
    assert counts(rows) == {
        "Missing": 4,
        "Not submitted": 1,
        "Submitted": 0,
        "Sent back": 0,
        "Approved": 0,
    }
    assert rows[3].url == reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])


def test_the_progress_page_shows_every_kind(client_for, world, monkeypatch):
    """A second kind (here the returns again, under another name) gets its own
    section of the one progress page, headed by its label."""
    reviews = dataclasses.replace(RETURNS, name="reviews", label="Risk reviews", noun="review")
    monkeypatch.setitem(registry._KINDS, "reviews", reviews)
    text = client_for("performance").get(reverse("overview:progress") + "?period=2019/20+Q1")
    text = text.content.decode()
    assert '<h2 class="govuk-heading-m">Data returns</h2>' in text
    assert '<h2 class="govuk-heading-m">Risk reviews</h2>' in text
    assert "Each council and service area's review for 2019/20 Q1" in text


def test_the_progress_page_of_one_kind_has_no_kind_headings(client_for, world):
    text = client_for("performance").get(reverse("overview:progress") + "?period=2019/20+Q1")
    text = text.content.decode()
    assert "Data returns</h2>" not in text
    assert "Each council and service area's return for 2019/20 Q1" in text
    assert "Missing: <strong>5</strong>" in text


def sign_off_buttons(response):
    return re.findall(
        r'name="action" value="([a-z-]+)"', response.content.decode().split("Sign-off")[-1]
    )


def test_the_sign_off_buttons_follow_the_table(client_for, world):
    return_ = payroll_return(world)
    page = reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    director = client_for("director")
    assert sign_off_buttons(director.get(page)) == []
    assert (
        "Nothing to sign off until the return is submitted." in director.get(page).content.decode()
    )
    submission_move(return_, Action.SUBMIT, expected_version=0, by=world.users["officer.lbn"])
    assert sign_off_buttons(director.get(page)) == ["approve", "send-back"]
    submission_move(return_, Action.APPROVE, expected_version=1, by=world.users["director"])
    assert sign_off_buttons(director.get(page)) == ["reopen"]
    assert "Reason (needed to send back or reopen)" in director.get(page).content.decode()


def test_someone_who_signs_nothing_off_sees_no_sign_off(client_for, world):
    payroll_return(world)
    page = reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])
    assert "Sign-off" not in client_for("officer.lbn").get(page).content.decode()


def test_the_returns_list_has_only_the_returns_a_person_enters_or_signs_off(client_for, world):
    text = client_for("director.legal").get(reverse("returns:list") + "?period=2019/20+Q1")
    text = text.content.decode()
    assert text.count("Housing and Litigation") == 2  # LBH's and LBN's
    assert "Payroll" not in text and "Housing Benefits" not in text
