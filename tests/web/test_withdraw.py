"""An officer withdraws a submitted return before it is signed off: a draft again,
its figures kept, recorded with who and when; a director's approve of the copy
they opened before is refused, saying why."""

from __future__ import annotations

import re

from django.urls import reverse

from goldenthread.returns.models import Measurement, Return
from goldenthread.returns.services import return_open, return_submit, return_withdraw


def page(world):
    return reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])


def decision(world):
    return reverse("returns:decide", args=["LBN", world.payroll.id, 2019, 1])


def submitted(world):
    return_ = return_open(organisation=world.lbn, service_area=world.payroll, year=2019, quarter=1)
    from goldenthread.returns.models import Commentary

    Commentary.objects.create(
        indicator=world.payroll_on_time,
        organisation=world.lbn,
        year=2019,
        quarter=1,
        reasons="BACS run failed",
    )
    return_submit(return_=return_, expected_version=0, by=world.users["officer.lbn"])
    return_.refresh_from_db()
    return return_


def buttons(text):
    return re.findall(r'name="action" value="([a-z-]+)"', text)


def test_the_officer_sees_withdraw_on_a_submitted_return_only(client_for, world):
    officer = client_for("officer.lbn")
    text = officer.get(page(world)).content.decode()
    assert "Withdraw" not in text  # a draft: nothing to withdraw
    submitted(world)
    text = officer.get(page(world)).content.decode()
    assert "Withdraw from sign-off" in text and buttons(text) == ["withdraw"]
    assert "Sign-off</h2>" not in text and 'name="reason"' not in text


def test_the_officer_withdraws_and_the_return_is_a_draft_with_its_figures(client_for, world):
    return_ = submitted(world)
    figures = Measurement.objects.count()
    response = client_for("officer.lbn").post(
        decision(world), {"version": return_.version, "action": "withdraw"}, follow=True
    )
    text = response.content.decode()
    assert "Return withdrawn: it is not submitted now, so you can change it." in text
    return_.refresh_from_db()
    assert return_.status == "draft" and return_.updated_by == world.users["officer.lbn"]
    assert Measurement.objects.count() == figures
    moves = list(
        return_.history.order_by("history_date").values_list("status", "history_user__username")
    )
    assert moves[-2:] == [("submitted", "officer.lbn"), ("draft", "officer.lbn")]
    assert 'name="action" value="submit"' in text  # editable again


def test_the_directors_approve_after_a_withdraw_is_refused_saying_why(client_for, world):
    return_ = submitted(world)
    opened = return_.version  # the director opens the page
    return_withdraw(return_=return_, expected_version=opened, by=world.users["officer.lbn"])
    response = client_for("director").post(
        decision(world), {"version": opened, "action": "approve"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Only a submitted return can be approved." in text
    assert "officer.lbn changed it on" in text and "it is not submitted now." in text
    assert Return.objects.get().status == "draft"


def test_a_director_cannot_withdraw_and_an_officer_cannot_approve(client_for, world):
    return_ = submitted(world)
    response = client_for("director").post(
        decision(world), {"version": return_.version, "action": "withdraw"}
    )
    assert response.status_code == 403
    response = client_for("officer.lbn").post(
        decision(world), {"version": return_.version, "action": "approve"}
    )
    assert response.status_code == 403
    assert Return.objects.get().status == "submitted"


def test_another_councils_officer_cannot_withdraw(client_for, world):
    return_ = submitted(world)
    response = client_for("officer.lbh").post(
        decision(world), {"version": return_.version, "action": "withdraw"}
    )
    assert response.status_code == 404
    assert Return.objects.get().status == "submitted"


def test_an_approved_return_cannot_be_withdrawn(client_for, world):
    return_ = submitted(world)
    client_for("director").post(decision(world), {"version": return_.version, "action": "approve"})
    return_.refresh_from_db()
    officer = client_for("officer.lbn")
    assert "Withdraw" not in officer.get(page(world)).content.decode()
    response = officer.post(decision(world), {"version": return_.version, "action": "withdraw"})
    assert response.status_code == 400
    assert "Only a submitted return can be withdrawn" in response.content.decode()
    assert Return.objects.get().status == "approved"


def test_garbage_posted_as_a_decision_is_refused(client_for, world):
    return_ = submitted(world)
    officer = client_for("officer.lbn")
    for action in ("", "WITHDRAW", "withdraw" * 1000, "=cmd|' /C calc'!A0"):
        response = officer.post(decision(world), {"version": return_.version, "action": action})
        assert response.status_code == 403
    response = officer.post(decision(world), {"version": "x" * 500, "action": "withdraw"})
    assert response.status_code == 400
    assert Return.objects.get().status == "submitted"
