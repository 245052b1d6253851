"""The Improvement Plan's pages: the plan with its summary table (seed 001's
layout, shares adding up to 100), an action's page, a priority's page, the
quarterly update with its sign-off, the team's changes, the settings, and the
indicator page's actions; who sees what, and bad input."""

from __future__ import annotations

import pytest
from django.urls import reverse
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    PlanServiceFactory,
    PlanUpdateFactory,
    PriorityFactory,
)

from goldenthread.plan.models import (
    Action,
    ActionUpdate,
    Milestone,
    PlanService,
    PlanSettings,
    PlanUpdate,
)

pytestmark = pytest.mark.django_db
Q2, Q3 = "2019/20 Q2", "2019/20 Q3"


def plan_world(world) -> dict[str, PlanService]:
    """Havering's plan on Payroll (IP01 for LBH, IP02 for all partners, serving
    EX-02) and Newham's on Housing Benefits (IP03 for LBN only), under priority 1.
    Made once; the access matrix and the reflow test use it too."""
    found = PlanService.objects.filter(service_area=world.payroll).first()
    if found is not None:
        return {"LBH": found, "LBN": PlanService.objects.get(service_area=world.benefits)}
    priority = PriorityFactory(number=1, name="Customer focus")
    lbh = PlanServiceFactory(
        organisation=world.lbh, service_area=world.payroll, number=3,
        name="Finance and Procurement", lead="Director of Finance and Procurement",
    )  # fmt: skip
    lbn = PlanServiceFactory(
        organisation=world.lbn, service_area=world.benefits, number=5, name="Benefits",
        lead="Director of Exchequer",
    )  # fmt: skip
    ActionFactory(
        reference="IP01", service=lbh, priority=priority, partners=[world.lbh],
        target="1st September 2019", owner="Payroll manager",
    )  # fmt: skip
    every = ActionFactory(reference="IP02", service=lbh, priority=priority, target="ongoing")
    every.indicators.set([world.payroll_on_time])
    ActionFactory(reference="IP03", service=lbn, priority=priority, partners=[world.lbn])
    return {"LBH": lbh, "LBN": lbn}


def update_url(service: PlanService, quarter: int = 3) -> str:
    return reverse("plan:update", args=[service.service_area_id, 2019, quarter])


def approved(service: PlanService, quarter: int = 2, **statuses: str) -> PlanUpdate:
    update = PlanUpdateFactory(
        organisation=service.organisation, service_area=service.service_area, quarter=quarter,
        status="approved",
    )  # fmt: skip
    for reference, status in statuses.items():
        ActionUpdateFactory(
            update=update, action=Action.objects.get(reference=reference), status=status,
            progress=f"{reference} progress in Q{quarter}",
        )  # fmt: skip
    return update


def test_the_summary_is_laid_out_per_service_with_shares_adding_up_to_100(world, client_for):
    plans = plan_world(world)
    for n in range(6):  # Finance and Procurement in seed 001: 3 green, 5 amber of 8
        ActionFactory(reference=f"IP1{n}", service=plans["LBH"], partners=[world.lbh])
    codes = {"IP01": "G", "IP02": "G", "IP10": "G"} | {f"IP1{n}": "A" for n in range(1, 6)}
    update = approved(plans["LBH"], **codes)
    update.explanations = {"A": "Procurement review progressing to the revised timetable."}
    update.save()
    page = client_for("councillor.lbh").get(reverse("plan:register") + "?period=2019/20+Q2")
    text = page.content.decode()
    assert page.status_code == 200
    assert "3. Finance and Procurement" in text and "Lead: Director of Finance" in text
    # 3/8 = 37.5%, 5/8 = 62.5%: by largest remainder 37% + 63% = 100% (the seed prints 38% + 63%)
    assert ">37%<" in text and ">63%<" in text and ">38%<" not in text
    assert "Procurement review progressing to the revised timetable." in text
    assert "Shares are rounded so that they add up to 100%" in text
    assert "Total, All services" in text


def test_havering_sees_its_own_and_all_partners_actions_not_newhams(world, client_for):
    plan_world(world)
    client = client_for("councillor.lbh")
    text = client.get(reverse("plan:register") + "?period=2019/20+Q2").content.decode()
    assert "IP01" in text and "IP02" in text and "IP03" not in text
    assert client.get(reverse("plan:action", args=["IP03"])).status_code == 404
    assert client.get(reverse("plan:action", args=["IP01"])).status_code == 200
    assert client.get(reverse("plan:action", args=["NO-SUCH"])).status_code == 404
    assert client.get(reverse("plan:register") + "?council=LBN").status_code == 404
    assert client.get(reverse("plan:update", args=[world.benefits.id, 2019, 3])).status_code == 404


def test_readers_see_a_quarter_only_once_signed_off(world, client_for):
    plans = plan_world(world)
    draft = PlanUpdateFactory(
        organisation=world.lbh, service_area=world.payroll, quarter=3, status="submitted"
    )
    ActionUpdateFactory(update=draft, action=Action.objects.get(reference="IP01"), status="R",
                        progress="Secret draft words")  # fmt: skip
    register = reverse("plan:register") + "?period=2019/20+Q3"
    reader = client_for("councillor.lbh").get(register).content.decode()
    assert "Awaiting sign-off" in reader and "Secret draft words" not in reader
    action = client_for("councillor.lbh").get(reverse("plan:action", args=["IP01"]))
    assert "Secret draft words" not in action.content.decode()
    page = client_for("councillor.lbh").get(update_url(plans["LBH"])).content.decode()
    assert "Secret draft words" not in page and "shown once the service lead signs it off" in page
    officer = client_for("officer.lbh").get(register).content.decode()
    assert "Secret draft words" in officer and "Submitted" in officer


def test_an_owner_updates_submits_and_the_director_signs_off(world, client_for):
    plans = plan_world(world)
    approved(plans["LBH"], IP01="A", IP02="G")
    url = update_url(plans["LBH"])
    client = client_for("officer.lbh")
    page = client.get(url)
    assert page.status_code == 200 and "IP01 progress in Q2" in page.content.decode()
    data = {
        "version": "0",
        "IP01-status": "G", "IP01-progress": "Recruited two officers.", "IP01-next_steps": "Train.",
        "IP02-status": "C", "IP02-progress": "Delivered.", "IP02-percent_complete": "100",
        "explain-G": "Actions are progressing well", "action": "submit",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    update = PlanUpdate.objects.get(service_area=world.payroll, quarter=3)
    assert update.status == "submitted" and update.explanations == {
        "G": "Actions are progressing well"
    }
    assert update.actions.get(action__reference="IP01").next_steps == "Train."
    assert client.post(url, data | {"version": str(update.version)}).status_code == 400
    director = client_for("director")
    decide = reverse("plan:decide", args=[world.payroll.id, 2019, 3])
    assert "Approve" in director.get(url).content.decode()
    answer = director.post(decide, {"version": update.version, "action": "approve"})
    assert answer.status_code == 302
    update.refresh_from_db()
    assert update.status == "approved"
    assert "Recruited two officers." in client_for("councillor.lbh").get(url).content.decode()


def test_only_the_areas_officers_save_and_only_its_director_decides(world, client_for):
    plans = plan_world(world)
    url = update_url(plans["LBH"])
    assert client_for("director").post(url, {"version": "0"}).status_code == 403
    assert client_for("councillor.lbh").post(url, {"version": "0"}).status_code == 403
    assert client_for("officer.lbn").post(url, {"version": "0"}).status_code == 404
    decide = reverse("plan:decide", args=[world.payroll.id, 2019, 3])
    assert client_for("director.legal").post(decide, {"action": "approve"}).status_code == 403
    assert not PlanUpdate.objects.exists()
    assert client_for("director").get(decide).status_code == 302
    for bad in ([world.payroll.id, 2019, 5], [999999, 2019, 3], [world.payroll.id, 1999, 3]):
        assert client_for("performance").get(reverse("plan:update", args=bad)).status_code == 404


def test_bad_entries_are_named_by_action_and_field_and_nothing_is_saved(world, client_for):
    plans = plan_world(world)
    client = client_for("officer.lbh")
    data = {
        "version": "0", "IP01-status": "=HYPERLINK(\"x\")", "IP01-percent_complete": "150",
        "IP02-progress": "x" * 5000, "action": "save",
    }  # fmt: skip
    answer = client.post(update_url(plans["LBH"]), data)
    text = answer.content.decode()
    assert answer.status_code == 400
    assert "IP01: Status: Select a status from the list" in text
    assert "IP01: % complete: % complete must be 100 or less" in text
    assert "IP02: Progress comments: Progress comments must be 4000 characters or fewer" in text
    assert not ActionUpdate.objects.exists()


def test_formula_like_and_control_text_is_kept_as_text(world, client_for):
    plans = plan_world(world)
    client = client_for("officer.lbh")
    words = '=HYPERLINK("http://x","y")\x07<script>'
    data = {"version": "0", "IP01-status": "A", "IP01-progress": words, "action": "save"}
    assert client.post(update_url(plans["LBH"]), data).status_code == 302
    assert ActionUpdate.objects.get(action__reference="IP01").progress == words.strip()
    text = client.get(update_url(plans["LBH"])).content.decode()
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_a_stale_save_keeps_the_entries_and_says_who_saved(world, client_for):
    plans = plan_world(world)
    url = update_url(plans["LBH"])
    first = client_for("performance")
    first.post(url, {"version": "0", "IP01-status": "G", "IP01-progress": "Theirs."})
    second = client_for("officer.lbh")
    answer = second.post(url, {"version": "0", "IP01-status": "R", "IP01-progress": "Mine."})
    text = answer.content.decode()
    assert answer.status_code == 400
    assert "saved this plan update on" in text and "performance" in text
    assert "Mine." in text and "Saved meanwhile: Theirs." in text
    assert ActionUpdate.objects.get(action__reference="IP01").progress == "Theirs."


def test_the_team_adds_and_changes_an_action_with_its_history(world, client_for):
    plans = plan_world(world)
    team = client_for("performance")
    data = {
        "reference": "IP44", "service": plans["LBH"].pk, "partners": [world.lbh.pk],
        "delivery": "=1+1 new payroll system", "target": "to be agreed with partner boroughs",
    }  # fmt: skip
    assert team.post(reverse("plan:new"), data).status_code == 302
    assert (
        team.post(reverse("plan:edit", args=["IP44"]), data | {"owner": "Ann"}).status_code == 302
    )
    page = team.get(reverse("plan:action", args=["IP44"])).content.decode()
    assert "=1+1 new payroll system" in page and "to be agreed with partner boroughs" in page
    assert "Owner: (blank) → Ann" in page and "performance" in page
    assert team.post(reverse("plan:new"), data).status_code == 400  # the reference is taken
    assert team.post(reverse("plan:new"), data | {"reference": "1<x>"}).status_code == 400
    assert client_for("officer.lbh").get(reverse("plan:edit", args=["IP01"])).status_code == 403


def test_the_action_page_reads_like_the_papers(world, client_for):
    plans = plan_world(world)
    approved(plans["LBH"], IP01="A")
    page = client_for("councillor.lbh").get(
        reverse("plan:action", args=["IP01"]) + "?period=Q3+2019/20"
    )
    text = page.content.decode()
    assert "Due 1 September 2019" in text
    assert "2019/20 Q2" in text and "IP01 progress in Q2" in text
    assert "Target date passed, not complete" in text  # not complete by the end of Q3


def test_the_priority_and_indicator_pages_show_the_thread(world, client_for):
    plans = plan_world(world)
    approved(plans["LBH"], IP02="G")
    text = client_for("councillor.lbh").get(reverse("plan:priority", args=[1])).content.decode()
    assert "IP01" in text and "IP02" in text and "IP03" not in text and "EX-02" in text
    indicator = reverse("indicators:detail", args=["EX-02"]) + "?period=2019/20+Q1"
    text = client_for("councillor.lbh").get(indicator).content.decode()
    assert "Improvement Plan actions" in text and "IP02" in text and "Green" in text
    assert client_for("performance").get(reverse("plan:priority", args=[9])).status_code == 404


def test_the_filters_choose_actions_and_ignore_nonsense(world, client_for):
    plans = plan_world(world)
    approved(plans["LBH"], IP01="A", IP02="G")
    client = client_for("performance")
    text = client.get(reverse("plan:register") + "?period=2019/20+Q2&status=A").content.decode()
    assert 'href="/plan/actions/IP01/"' in text and 'href="/plan/actions/IP02/"' not in text
    text = client.get(reverse("plan:register") + "?period=2019/20+Q2&council=LBN").content.decode()
    assert "/plan/actions/IP03/" in text and "/plan/actions/IP01/" not in text
    odd = "?period=%00Q9&service=99999999999999999999&priority=-1&status=%3Cb%3E"
    assert client.get(reverse("plan:register") + odd).status_code == 200


def test_settings_refuse_a_scale_that_strands_stored_codes(world, client_for):
    plans = plan_world(world)
    approved(plans["LBH"], IP01="A")
    team = client_for("performance")
    assert team.get(reverse("plan:settings")).status_code == 200
    rows = {
        "progress-0-code": "G", "progress-0-label": "Green", "progress-0-colour": "green",
        "progress-0-stand": "on-track", "progress-1-code": "R", "progress-1-label": "Red",
        "progress-1-colour": "red", "progress-1-stand": "behind",
        "confidence-0-code": "H", "confidence-0-label": "High", "confidence-0-colour": "green",
        "confidence-0-stand": "on-track",
    }  # fmt: skip
    answer = team.post(reverse("plan:settings"), rows)
    assert answer.status_code == 400 and "progress codes A" in answer.content.decode()
    bad = rows | {"progress-1-colour": "tartan"}
    assert "Select a colour" in team.post(reverse("plan:settings"), bad).content.decode()
    dup = rows | {"progress-1-code": "g", "progress-2-code": "A", "progress-2-label": "Amber",
                  "progress-2-colour": "amber", "progress-2-stand": "variance"}  # fmt: skip
    assert "used twice" in team.post(reverse("plan:settings"), dup).content.decode()
    fine = rows | {"progress-2-code": "A", "progress-2-label": "Amber",
                   "progress-2-colour": "amber", "progress-2-stand": "variance",
                   "confidence_on": "on"}  # fmt: skip
    assert team.post(reverse("plan:settings"), fine).status_code == 302
    assert PlanSettings.objects.get().confidence_on
    assert "IP01-confidence" in team.get(update_url(plans["LBH"])).content.decode()
    assert client_for("officer.lbh").post(reverse("plan:settings"), fine).status_code == 403


def test_the_actions_officer_adds_changes_and_removes_a_milestone(world, client_for):
    plan_world(world)
    officer = client_for("officer.lbh")  # enters Havering's Payroll figures: IP01's owner
    add = reverse("plan:milestone_add", args=["IP01"])
    refused = officer.post(add, {"new-milestone-title": "", "new-milestone-due": "31/2/2019"})
    page = refused.content.decode()
    assert refused.status_code == 400 and "Error:" in page and "Enter a milestone" in page
    assert not Milestone.objects.exists()  # nothing half-saved
    made = officer.post(
        add, {"new-milestone-title": "=Strategy to Cabinet", "new-milestone-due": "31/12/2019"}
    )
    assert made.status_code == 302
    milestone = Milestone.objects.get()
    assert milestone.title == "=Strategy to Cabinet" and milestone.history.first().history_user
    change = reverse("plan:milestone_change", args=["IP01", milestone.pk])
    prefix = f"milestone-{milestone.pk}"
    done = {f"{prefix}-title": "Strategy to Cabinet", f"{prefix}-due": "31/12/2019"}
    assert officer.post(change, done | {f"{prefix}-done": "5/11/2019"}).status_code == 302
    page = officer.get(reverse("plan:action", args=["IP01"])).content.decode()
    assert "5 November 2019" in page and "Done: (blank) → 5 Nov 2019" in page
    assert officer.post(change, {"action": "delete"}).status_code == 302
    assert not Milestone.objects.exists()


def test_only_the_team_and_the_actions_service_change_its_milestones(world, client_for):
    plan_world(world)
    add = reverse("plan:milestone_add", args=["IP01"])
    data = {"new-milestone-title": "Go live", "new-milestone-due": "1/4/2020"}
    assert client_for("councillor.lbh").post(add, data).status_code == 403
    assert client_for("officer.lbn").post(add, data).status_code == 404  # Havering's own
    lbn_action = reverse("plan:milestone_add", args=["IP03"])
    assert client_for("officer.lbh").post(lbn_action, data).status_code == 404
    assert client_for("performance").post(add, data).status_code == 302
    assert client_for("officer.lbh").get(add).status_code == 405
    page = client_for("councillor.lbh").get(reverse("plan:action", args=["IP01"]))
    assert "Go live" in page.content.decode() and "Add a milestone" not in page.content.decode()


def test_a_second_person_editing_the_same_action_is_told_and_loses_nothing(world, client_for):
    plans = plan_world(world)
    team = client_for("performance")
    edit = reverse("plan:edit", args=["IP01"])
    seen = team.get(edit).context["form"].initial["seen"]
    data = {
        "reference": "IP01", "service": plans["LBH"].pk, "partners": [world.lbh.pk],
        "delivery": "Deliver the thing", "target": "1st September 2019", "seen": seen,
    }  # fmt: skip
    assert team.post(edit, data | {"owner": "Bo"}).status_code == 302
    refused = team.post(edit, data | {"outcome": "Mine"})
    assert refused.status_code == 400 and "changed this action" in refused.content.decode()
    assert Action.objects.get(reference="IP01").owner == "Bo"
    again = refused.context["form"].data["seen"]
    assert team.post(edit, data | {"outcome": "Mine", "seen": again}).status_code == 302
    assert Action.objects.get(reference="IP01").outcome == "Mine"
