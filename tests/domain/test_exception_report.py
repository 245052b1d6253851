"""What an exception report must give: the parts of an off-target figure's
commentary, by its summary group (failed counts as red), as the team sets them."""

from __future__ import annotations

import pytest

from goldenthread.domain.exception_report import (
    DEFAULT_RULES,
    ExceptionReportRules,
    Part,
    missing_message,
)
from goldenthread.domain.rating import Status

R, D, A = Part.REASONS, Part.DIFFERENCE, Part.REMEDIAL_ACTIONS


@pytest.mark.parametrize(
    ("status", "required"),
    [
        (Status.AMBER, (R,)),
        (Status.RED, (R, A)),
        (Status.FAILED, (R, A)),  # counted as red
        (Status.GREEN, ()),
        (Status.ACHIEVED, ()),
        (Status.NO_TARGET, ()),
        (Status.NOT_APPLICABLE, ()),
        (Status.INCOMPLETE, ()),
    ],
)
def test_by_default_amber_needs_reasons_and_red_the_remedial_actions_too(status, required):
    assert DEFAULT_RULES.required(status) == required
    assert DEFAULT_RULES.required(status.value) == required


def test_the_parts_are_named_as_the_return_page_labels_them():
    assert [p.label for p in Part] == [
        "Reasons",
        "Difference between target and achievement",
        "Remedial actions",
    ]


def test_the_team_chooses_and_the_page_order_is_kept():
    rules = ExceptionReportRules.of(amber=[], red=["remedial_actions", "difference", "reasons"])
    assert rules.required(Status.AMBER) == ()
    assert rules.required(Status.RED) == (R, D, A)


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (None, (R, A)),
        ({}, (R, A)),
        ({"reasons": "Staff sickness"}, (A,)),
        ({"reasons": "Staff sickness", "remedial_actions": "   \n"}, (A,)),
        ({"reasons": "Staff sickness", "remedial_actions": "Agency cover"}, ()),
        ({"difference": "2pp", "remedial_actions": "Agency cover"}, (R,)),
    ],
)
def test_what_a_red_figure_still_misses(given, missing):
    assert DEFAULT_RULES.missing(Status.RED, given) == missing


def test_a_figure_on_target_misses_nothing_whatever_is_given():
    assert DEFAULT_RULES.missing(Status.GREEN, None) == ()


def test_an_unknown_part_is_refused():
    with pytest.raises(ValueError):
        ExceptionReportRules.of(amber=["excuses"], red=[])


def test_the_message_names_the_indicator_its_colour_and_the_part():
    message = missing_message("EX-11", "Sickness absence", Status.RED, A)
    assert message == "EX-11 Sickness absence is red: enter the remedial actions"
    # a scheme's own label: "Failed", "Off target"
    message = missing_message("EX-11", "Sickness absence", Status.FAILED, A)
    assert message == "EX-11 Sickness absence is failed: enter the remedial actions"
