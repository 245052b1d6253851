"""An off-target figure's commentary gives what the team's reporting rules ask
(by default: amber the reasons; red the reasons and the remedial actions): a
submit without it is refused, each missing part named and linked to its field,
and the return page marks the parts required."""

from __future__ import annotations

import re

from django.urls import reverse

from goldenthread.reporting.models import ReportingRules
from goldenthread.returns.models import Return


def page(world):
    return reverse("returns:edit", args=["LBN", world.payroll.id, 2019, 1])


def form(world, *, june="95.63%", reasons="", difference="", remedial="", version=0):
    i = world.payroll_on_time.id
    return {
        "version": version,
        f"i{i}-total-201904-1": "99.99%",
        f"i{i}-total-201905-1": "99.99",
        f"i{i}-total-201906-1": june,
        f"i{i}-reasons": reasons,
        f"i{i}-difference": difference,
        f"i{i}-remedial_actions": remedial,
        "action": "submit",
    }


def summary_links(text):
    """The error summary's entries: (link target, message)."""
    box = text.split('govuk-error-summary__list"')[1].split("</ul>")[0]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box)


def test_a_red_figure_with_only_reasons_is_refused_naming_the_remedial_actions(client_for, world):
    officer = client_for("officer.lbn")
    response = officer.post(page(world), form(world, june="50%", reasons="BACS run failed"))
    assert response.status_code == 400
    text = response.content.decode()
    i = world.payroll_on_time.id
    assert summary_links(text) == [
        (
            f"id_i{i}-remedial_actions",
            "EX-02 % of payroll payments made on time is red: enter the remedial actions",
        )
    ]
    assert "Add commentary for every indicator off target before submitting" in text
    assert Return.objects.get().status == "draft"
    # the figures and reasons were saved; the remedial actions complete it
    version = Return.objects.get().version
    response = officer.post(
        page(world),
        form(world, june="50%", reasons="BACS", remedial="Second run", version=version),
        follow=True,
    )
    assert "Return submitted for sign-off." in response.content.decode()
    assert Return.objects.get().status == "submitted"


def test_an_amber_figure_needs_only_the_reasons_by_default(client_for, world):
    response = client_for("officer.lbn").post(page(world), form(world, reasons="BACS"), follow=True)
    assert "Return submitted for sign-off." in response.content.decode()


def test_every_missing_part_is_named_when_nothing_is_given(client_for, world):
    response = client_for("officer.lbn").post(page(world), form(world, june="50%"))
    i = world.payroll_on_time.id
    assert [target for target, _ in summary_links(response.content.decode())] == [
        f"id_i{i}-reasons",
        f"id_i{i}-remedial_actions",
    ]


def test_the_teams_rules_are_what_is_enforced(client_for, world):
    ReportingRules.objects.create(
        id=1,
        amber_needs_reasons=True,
        amber_needs_difference=True,
        amber_needs_remedial_actions=True,
    )
    response = client_for("officer.lbn").post(page(world), form(world, reasons="BACS"))
    i = world.payroll_on_time.id
    assert [target for target, _ in summary_links(response.content.decode())] == [
        f"id_i{i}-difference",
        f"id_i{i}-remedial_actions",
    ]
    assert Return.objects.get().status == "draft"


def test_a_team_that_asks_nothing_of_amber_lets_it_through_without_commentary(client_for, world):
    ReportingRules.objects.create(id=1, amber_needs_reasons=False)
    response = client_for("officer.lbn").post(page(world), form(world), follow=True)
    assert "Return submitted for sign-off." in response.content.decode()


def test_the_page_marks_the_parts_required(client_for, world):
    text = client_for("officer.lbn").get(page(world)).content.decode()
    assert text.count("(required)</label>") == 1  # amber: the reasons
    assert "Reasons (required)</label>" in text
    assert "Needed before you submit: this figure is amber." in text
    i = world.payroll_on_time.id
    assert f'aria-describedby="id_i{i}-reasons-hint ' in text
    ReportingRules.objects.create(id=1, amber_needs_remedial_actions=True)
    text = client_for("officer.lbn").get(page(world)).content.decode()
    assert "Remedial actions (required)</label>" in text
    assert "Difference between target and achievement (required)" not in text


def test_a_figure_not_rated_marks_nothing(client_for, world):
    text = client_for("performance").get(  # LG-01 has no figures: incomplete
        reverse("returns:edit", args=["LBN", world.litigation.id, 2019, 1])
    )
    assert "Commentary" in text.content.decode()
    assert "(required)</label>" not in text.content.decode()
