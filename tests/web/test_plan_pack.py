"""The Improvement Plan's part of the pack's snapshot from a factory world: only
signed-off updates count, a council's pack shows its own actions and those for
all partners (never another council's own), a pack without a plan leaves the
section out, `goldenthread pack --section plan` builds it, and a stored pack
rebuilds byte for byte while the next one says what changed."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    OrganisationFactory,
    PlanServiceFactory,
    PlanUpdateFactory,
)

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.packs import selectors, services
from goldenthread.packs.models import Pack
from goldenthread.packs.pack_request import PackRequest
from goldenthread.packs.plan import plan_part
from goldenthread.plan.models import ActionUpdate
from goldenthread.reports.build import build_pack
from goldenthread.reports.content import ExceptionRule
from goldenthread.submissions.models import SubmissionStatus

Q2 = Quarter(FinancialYear(2019), 2)
TAKEN = datetime.datetime(2019, 10, 20, 9, 0, tzinfo=datetime.UTC)
FORMATS = ["html", "pdf", "docx", "xlsx"]


@pytest.fixture
def plan(world):
    """Finance (signed off: 2 green, 1 amber) and ICT (submitted only: a red)."""
    shared = OrganisationFactory(code="OS", name="oneSource", kind=Organisation.Kind.SHARED_SERVICE)
    finance = PlanServiceFactory(
        organisation=shared, service_area=world.payroll, number=3, name="Finance"
    )
    ict = PlanServiceFactory(organisation=shared, service_area=world.benefits, number=5, name="ICT")
    signed = PlanUpdateFactory(
        organisation=shared,
        service_area=world.payroll,
        quarter=2,
        status=SubmissionStatus.APPROVED,
        explanations={"A": "Restructure on a revised timetable."},
    )
    waiting = PlanUpdateFactory(
        organisation=shared,
        service_area=world.benefits,
        quarter=2,
        status=SubmissionStatus.SUBMITTED,
        explanations={"R": "Draft line."},
    )
    actions = {
        "IP14": ActionFactory(reference="IP14", service=finance),
        "IP15": ActionFactory(reference="IP15", service=finance, partners=[world.lbh]),
        "IP16": ActionFactory(reference="IP16", service=finance, partners=[world.lbh, world.lbn]),
        "IP17": ActionFactory(reference="IP17", service=finance, partners=[world.lbn]),
        "IP29": ActionFactory(reference="IP29", service=ict, target="to be agreed"),
    }
    for reference, status in (("IP14", "G"), ("IP15", "G"), ("IP16", "A"), ("IP17", "G")):
        ActionUpdateFactory(update=signed, action=actions[reference], status=status)
    ActionUpdateFactory(update=waiting, action=actions["IP29"], status="R", progress="Draft.")
    return actions


def request_for(*councils: Organisation) -> PackRequest:
    chosen = list(councils) or list(Organisation.objects.all())
    return PackRequest(Q2, chosen, ExceptionRule.AMBER_AND_RED)


def test_only_signed_off_updates_count(world, plan):
    part = plan_part(request_for()).data["plan"]
    finance, ict = part["services"]
    assert (finance["name"], finance["signed_off"], finance["total"]) == ("Finance", True, 4)
    counts = {row["code"]: (row["count"], row["percent"]) for row in finance["summary"]}
    assert counts["G"] == (3, 75) and counts["A"] == (1, 25) and counts["R"] == (0, 0)
    assert finance["summary"][1]["explanation"] == "Restructure on a revised timetable."
    assert [a["status"] for a in finance["actions"]] == ["G", "G", "A", "G"]
    assert (ict["signed_off"], ict["state"], ict["total"]) == (False, "Submitted", 0)
    (draft,) = ict["actions"]
    assert (draft["status"], draft["progress"], draft["flags"]) == ("", "", [])
    assert all(row["explanation"] == "" for row in ict["summary"])  # the draft line unseen
    overall = {row["code"]: row["count"] for row in part["overall"]["summary"]}
    assert overall["R"] == 0 and part["overall"]["total"] == 4


def test_a_councils_pack_shows_its_own_and_all_partners_actions_not_the_others(world, plan):
    made = plan_part(request_for(world.lbh))
    shown = [a["reference"] for s in made.data["plan"]["services"] for a in s["actions"]]
    assert shown == ["IP14", "IP15", "IP16", "IP29"]  # not Newham's own IP17
    assert made.organisations == {"LBH"}
    partners = {a["reference"]: a["partners"] for a in made.data["plan"]["services"][0]["actions"]}
    assert partners == {"IP14": "ALL", "IP15": "LBH", "IP16": "LBH/LBN"}
    finance = made.data["plan"]["services"][0]
    assert finance["total"] == 3  # counted over the actions this pack shows
    newham = plan_part(request_for(world.lbn)).data["plan"]["services"][0]["actions"]
    assert [a["reference"] for a in newham] == ["IP14", "IP16", "IP17"]


def test_a_closed_action_not_updated_is_left_out(world, plan):
    plan["IP29"].closed = True
    plan["IP29"].save()
    ActionUpdate.objects.filter(action=plan["IP29"]).delete()
    services_shown = [s["name"] for s in plan_part(request_for()).data["plan"]["services"]]
    assert services_shown == ["Finance"]


def test_a_pack_of_every_section_leaves_the_plan_out_when_there_is_none(world):
    every = selectors.pack_snapshot(
        quarter=Q2, organisation=None, exception_rule=ExceptionRule.RED_ONLY, taken_at=TAKEN
    )
    assert "plan" not in every and "sections" not in every
    named = selectors.pack_snapshot(
        quarter=Q2,
        organisation=None,
        exception_rule=ExceptionRule.RED_ONLY,
        taken_at=TAKEN,
        sections=["plan"],
    )
    assert named["sections"] == ["plan"] and named["plan"]["services"] == []
    assert [o["code"] for o in named["organisations"]] == ["LBH", "LBN"]  # whom it covers
    html = build_pack(named, ["html"]).files["html"].decode()
    assert "There are no Improvement Plan actions for the councils this pack covers." in html


def test_a_pack_of_every_section_has_the_plan_when_there_is_one(world, plan):
    every = selectors.pack_snapshot(
        quarter=Q2, organisation=None, exception_rule=ExceptionRule.RED_ONLY, taken_at=TAKEN
    )
    assert every["sections"] == ["performance", "plan"]


def test_the_pack_command_builds_the_plan_section(world, plan, tmp_path, capsys):
    call_command("pack", period="2019/20 Q2", section=["plan"], format="html,xlsx", out=tmp_path)
    pack = Pack.objects.get()
    assert json.loads(pack.snapshot)["sections"] == ["plan"]
    assert "5 plan action(s), 1 service update(s) not signed off" in capsys.readouterr().out
    html = (tmp_path / pack.file_name("html")).read_text()
    assert "3. Finance" in html and "Restructure on a revised timetable." in html
    assert "Exception reports" not in html


def test_a_stored_plan_pack_rebuilds_identically_and_the_next_says_what_changed(world, plan):
    def build(hour: int) -> Pack:
        return services.pack_build(
            quarter=Q2,
            organisation=world.lbh,
            exception_rule=ExceptionRule.AMBER_AND_RED,
            formats=FORMATS,
            by=None,
            taken_at=TAKEN + datetime.timedelta(hours=hour),
            sections=["plan"],
        ).pack

    first = build(0)
    ActionUpdate.objects.filter(action=plan["IP15"]).update(status="R")
    rebuilt = services.pack_rebuild(pack=first, formats=FORMATS)
    for fmt in FORMATS:
        assert rebuilt.files[fmt] == first.path(fmt).read_bytes(), fmt
    second = build(1)
    changes = json.loads(second.snapshot)["since"]["changes"]
    assert changes == [
        {"indicator": "IP15", "organisation": "LBH", "what": "plan status"}
        | {"before": "Green", "after": "Red"}
    ]
    assert second.changes == 1
