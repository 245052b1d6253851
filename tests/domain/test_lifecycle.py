"""The submission lifecycle's table: who may do what from which state, with what reason."""

from __future__ import annotations

import pytest

from goldenthread.domain.lifecycle import (
    DECISIONS,
    EDITABLE,
    TRANSITIONS,
    Action,
    Move,
    Party,
    ReasonNeeded,
    Refused,
    State,
    actions,
    allowed,
    decisions,
    editable,
    may,
    move,
)

D, S, B, A = State.DRAFT, State.SUBMITTED, State.SENT_BACK, State.APPROVED
CONTRIBUTOR, SIGNATORY = Party.CONTRIBUTOR, Party.SIGNATORY

# (action, state): where it leads, or None where it is refused
TABLE = {
    (Action.SAVE, D): D,
    (Action.SAVE, B): B,
    (Action.SAVE, S): None,
    (Action.SAVE, A): None,
    (Action.SUBMIT, D): S,
    (Action.SUBMIT, B): S,
    (Action.SUBMIT, S): None,
    (Action.SUBMIT, A): None,
    (Action.APPROVE, S): A,
    (Action.APPROVE, D): None,
    (Action.APPROVE, B): None,
    (Action.APPROVE, A): None,
    (Action.SEND_BACK, S): B,
    (Action.SEND_BACK, D): None,
    (Action.SEND_BACK, B): None,
    (Action.SEND_BACK, A): None,
    (Action.REOPEN, A): B,
    (Action.REOPEN, D): None,
    (Action.REOPEN, S): None,
    (Action.REOPEN, B): None,
    (Action.WITHDRAW, S): D,
    (Action.WITHDRAW, D): None,
    (Action.WITHDRAW, B): None,
    (Action.WITHDRAW, A): None,
}


def test_the_table_covers_every_action_once():
    assert [t.action for t in TRANSITIONS] == list(Action)
    assert set(TABLE) == {(a, s) for a in Action for s in State}


@pytest.mark.parametrize(("action", "state"), TABLE, ids=lambda x: str(x))
def test_each_action_from_each_state(action, state):
    leads_to = TABLE[(action, state)]
    assert allowed(action, state) is (leads_to is not None)
    if leads_to is None:
        with pytest.raises(Refused):
            move(action, state, noun="return", reason="a reason")
    else:
        assert move(action, state, noun="return", reason="a reason").state == leads_to


def test_only_draft_and_sent_back_are_editable():
    assert {D, B} == EDITABLE
    assert editable("draft") and editable("sent-back")
    assert not editable("submitted") and not editable("approved")


@pytest.mark.parametrize(
    ("action", "who"),
    [
        (Action.SAVE, CONTRIBUTOR),
        (Action.SUBMIT, CONTRIBUTOR),
        (Action.APPROVE, SIGNATORY),
        (Action.SEND_BACK, SIGNATORY),
        (Action.REOPEN, SIGNATORY),
        (Action.WITHDRAW, CONTRIBUTOR),
    ],
)
def test_who_may(action, who):
    other = SIGNATORY if who is CONTRIBUTOR else CONTRIBUTOR
    assert may(action, {who}) and may(action, {who, other})
    assert not may(action, {other}) and not may(action, set())


def test_the_buttons_a_person_sees_follow_the_state_and_who_they_are():
    def shown(state, parties):
        return [t.action for t in actions(state, parties)]

    assert shown(S, {SIGNATORY}) == [Action.APPROVE, Action.SEND_BACK]
    assert shown(A, {SIGNATORY}) == [Action.REOPEN]
    assert shown(D, {SIGNATORY}) == []
    assert shown(D, {CONTRIBUTOR}) == [Action.SAVE, Action.SUBMIT]
    assert shown(S, {CONTRIBUTOR}) == [Action.WITHDRAW]  # issue 16: withdraw before sign-off
    assert shown(S, {CONTRIBUTOR, SIGNATORY}) == [Action.APPROVE, Action.SEND_BACK, Action.WITHDRAW]


def test_the_sign_off_form_has_the_decisions_not_the_moves_made_with_the_content():
    assert [t.action for t in DECISIONS] == [
        Action.APPROVE,
        Action.SEND_BACK,
        Action.REOPEN,
        Action.WITHDRAW,
    ]
    assert [t.action for t in decisions(D, {CONTRIBUTOR})] == []  # save, submit: its own form
    assert [t.action for t in decisions(S, {CONTRIBUTOR})] == [Action.WITHDRAW]
    assert [t.action for t in decisions(A, {CONTRIBUTOR})] == []  # signed off: only reopen


def test_withdrawing_needs_no_reason_and_clears_the_one_kept():
    assert move(Action.WITHDRAW, S, noun="return") == Move(D, "")
    assert editable(move(Action.WITHDRAW, S, noun="return").state)


@pytest.mark.parametrize("action", [Action.SEND_BACK, Action.REOPEN])
@pytest.mark.parametrize("reason", [None, "", "   \n"])
def test_sending_back_and_reopening_need_a_reason(action, reason):
    state = S if action is Action.SEND_BACK else A
    with pytest.raises(ReasonNeeded, match="Enter a reason for the service"):
        move(action, state, noun="return", reason=reason)


def test_the_reason_is_kept_as_the_table_records_it():
    assert move(Action.SEND_BACK, S, noun="return", reason=" Wrong June ") == Move(B, "Wrong June")
    assert move(Action.REOPEN, A, noun="return", reason="BACS") == Move(B, "Reopened: BACS")


def test_a_move_without_a_reason_clears_it_and_a_save_keeps_it():
    assert move(Action.SUBMIT, B, noun="return") == Move(S, "")
    assert move(Action.APPROVE, S, noun="return") == Move(A, "")
    assert move(Action.SAVE, B, noun="return") == Move(B, None)


def test_the_state_is_checked_before_the_reason():
    with pytest.raises(Refused) as refused:
        move(Action.REOPEN, S, noun="return", reason="")
    assert not isinstance(refused.value, ReasonNeeded)


@pytest.mark.parametrize(
    ("action", "state", "message"),
    [
        (Action.SAVE, A, "This return is approved: it cannot be changed unless it is reopened."),
        (Action.SAVE, S, "This return is submitted: it cannot be changed unless it is reopened."),
        (Action.SUBMIT, S, "This return is already submitted."),
        (Action.APPROVE, D, "Only a submitted return can be approved."),
        (Action.SEND_BACK, A, "Only a submitted return can be sent back."),
        (Action.REOPEN, B, "Only an approved return can be reopened."),
        (
            Action.WITHDRAW,
            A,
            "Only a submitted return can be withdrawn: once signed off it is the "
            "signatory's to reopen.",
        ),
    ],
)
def test_refusals_name_the_state(action, state, message):
    with pytest.raises(Refused) as refused:
        move(action, state, noun="return")
    assert str(refused.value) == message


def test_refusals_name_the_kind_of_submission():
    with pytest.raises(Refused, match="Only a submitted risk review can be approved"):
        move(Action.APPROVE, D, noun="risk review")


def test_states_have_the_labels_people_read():
    assert [s.label for s in State] == ["Not submitted", "Submitted", "Sent back", "Approved"]
