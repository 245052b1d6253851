"""The risk register's part of the pack's snapshot from a factory world: only
signed-off reviews move a risk's score (up to the pack's quarter), a council's
pack shows its own risks and those for all partners (never another council's
own), closed risks are left out, a pack of every section leaves an empty
register out, `goldenthread pack --section risks` builds it, and a stored pack
rebuilds byte for byte while the next one says what changed."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from tests.factories import (
    OrganisationFactory,
    ReviewRoundFactory,
    RiskFactory,
    RiskReviewFactory,
)

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.organisations.models import Organisation
from goldenthread.packs import selectors, services
from goldenthread.packs.models import Pack
from goldenthread.packs.pack_request import PackRequest
from goldenthread.packs.risks import risks_part
from goldenthread.reports.content import ExceptionRule
from goldenthread.risks.models import Appetite, Control, Risk, RiskAction
from goldenthread.submissions.models import SubmissionStatus

Q1 = Quarter(FinancialYear(2019), 1)
Q2 = Quarter(FinancialYear(2019), 2)
TAKEN = datetime.datetime(2019, 10, 20, 9, 0, tzinfo=datetime.UTC)
FORMATS = ["html", "pdf", "docx", "xlsx"]
AFTER_Q2 = datetime.date(2019, 10, 20)


@pytest.fixture
def register(world):
    """oneSource's register: SR01 for all partners (reviewed Q1 and Q2, Q2 signed
    off), OR01 Havering's (Q2 review only submitted), OR02 Newham's own, OR03
    closed."""
    shared = OrganisationFactory(code="OS", name="oneSource", kind=Organisation.Kind.SHARED_SERVICE)
    strategic = RiskFactory(
        reference="SR01",
        title="Reserves unable to meet overspends",
        organisation=shared,
        service_area=world.payroll,
        current_likelihood=3,
        current_impact=4,
        escalation="Joint Committee",
    )
    Control.objects.create(risk=strategic, description="Monthly budget monitoring")
    RiskAction.objects.create(risk=strategic, description="Savings plan", owner="S151")
    Appetite.objects.create(category="strategic", level="Medium")
    havering = RiskFactory(
        reference="OR01",
        title="Recruitment to Property Services",
        category="operational",
        organisation=shared,
        service_area=world.benefits,
        partners=[world.lbh],
        current_likelihood=2,
        current_impact=2,
    )
    newham = RiskFactory(
        reference="OR02",
        title="Newham's own risk",
        category="operational",
        organisation=world.lbn,
        service_area=world.benefits,
        partners=[world.lbn],
    )
    RiskFactory(reference="OR03", organisation=shared, status=Risk.Status.CLOSED)
    q1 = ReviewRoundFactory(
        organisation=shared, service_area=world.payroll, quarter=1, status="approved"
    )
    RiskReviewFactory(
        round=q1, risk=strategic, likelihood=3, impact=4, reviewed_on=datetime.date(2019, 6, 20)
    )
    q2 = ReviewRoundFactory(
        organisation=shared,
        service_area=world.payroll,
        quarter=2,
        status=SubmissionStatus.APPROVED,
    )
    RiskReviewFactory(
        round=q2,
        risk=strategic,
        likelihood=4,
        impact=5,
        comment="Overspend forecast rose.",
        reviewed_on=datetime.date(2019, 9, 20),
    )
    waiting = ReviewRoundFactory(
        organisation=shared,
        service_area=world.benefits,
        quarter=2,
        status=SubmissionStatus.SUBMITTED,
    )
    RiskReviewFactory(round=waiting, risk=havering, likelihood=5, impact=5, comment="Draft.")
    return {"shared": shared, "strategic": strategic, "havering": havering, "newham": newham}


def part(quarter: Quarter, organisations: list[Organisation]):
    request = PackRequest(quarter, organisations, ExceptionRule.AMBER_AND_RED)
    return risks_part(request, today=AFTER_Q2)


def by_reference(made) -> dict[str, dict]:
    return {r["reference"]: r for r in made.data["risks"]["risks"]}


def test_only_signed_off_reviews_up_to_the_quarter_count(world, register):
    risks = by_reference(part(Q2, list(Organisation.objects.all())))
    assert list(risks) == ["SR01", "OR02", "OR01"]  # most serious first; OR03 closed
    sr01 = risks["SR01"]
    assert (sr01["current"], sr01["before"]) == (
        {"likelihood": 4, "impact": 5},
        {"likelihood": 3, "impact": 4},
    )
    assert (sr01["level"], sr01["trend"], sr01["above_appetite"]) == ("Very high", "up", True)
    assert sr01["comment"] == "Overspend forecast rose." and sr01["last_reviewed"] == "2019-09-20"
    assert sr01["controls"][0]["effectiveness"] == "Not yet assessed"
    assert sr01["actions"][0]["description"] == "Savings plan"
    # OR01's Q2 review is submitted, not signed off: the register's score, new
    or01 = risks["OR01"]
    assert (or01["current"], or01["trend"], or01["comment"]) == (
        {"likelihood": 2, "impact": 2},
        "new",
        "",
    )
    # the pack for Q1 shows SR01 as its Q1 review left it
    earlier = by_reference(part(Q1, list(Organisation.objects.all())))["SR01"]
    assert (earlier["current"], earlier["last_reviewed"]) == (
        {"likelihood": 3, "impact": 4},
        "2019-06-20",
    )


def test_a_councils_pack_shows_its_own_and_all_partners_risks_only(world, register):
    havering = part(Q2, [world.lbh])
    assert list(by_reference(havering)) == ["SR01", "OR01"]
    assert havering.organisations == {"LBH"}
    newham = part(Q2, [world.lbn])
    assert list(by_reference(newham)) == ["SR01", "OR02"]
    assert by_reference(newham)["OR02"]["partners"] == "LBN"


def test_another_councils_pack_with_no_risks_is_empty(world):
    made = part(Q2, [world.lbh])
    assert made.empty and made.data["risks"]["risks"] == []
    snapshot = selectors.pack_snapshot(
        quarter=Q2, organisation=None, exception_rule=ExceptionRule.AMBER_AND_RED, taken_at=TAKEN
    )
    assert "risks" not in snapshot and "risks" not in snapshot.get("sections", [])


def test_the_pack_command_builds_the_risks_section(world, register, tmp_path, capsys):
    call_command(
        "pack", period="2019/20 Q2", council="LBH", section=["risks"], format="html", out=tmp_path
    )
    pack = Pack.objects.get()
    snapshot = json.loads(pack.snapshot)
    assert snapshot["sections"] == ["risks"]
    assert [r["reference"] for r in snapshot["risks"]["risks"]] == ["SR01", "OR01"]
    assert "open risks" in capsys.readouterr().out
    html = (tmp_path / pack.file_name("html")).read_text()
    assert "Heat map: open risks by current likelihood and impact, 2019/20 Q2" in html
    assert "Reserves unable to meet overspends" in html and "Newham" not in html
    assert "Exception reports" not in html  # the performance section was not asked for


def test_a_stored_pack_rebuilds_identically_and_the_next_says_what_changed(world, register):
    first = services.pack_build(
        quarter=Q2,
        organisation=None,
        exception_rule=ExceptionRule.AMBER_AND_RED,
        formats=FORMATS,
        by=None,
        taken_at=TAKEN,
        sections=["risks"],
    ).pack
    register["strategic"].status = Risk.Status.CLOSED
    register["strategic"].save()
    rebuilt = services.pack_rebuild(pack=first, formats=FORMATS)
    for fmt in FORMATS:
        assert rebuilt.files[fmt] == first.path(fmt).read_bytes(), fmt
    second = services.pack_build(
        quarter=Q2,
        organisation=None,
        exception_rule=ExceptionRule.AMBER_AND_RED,
        formats=["html"],
        by=None,
        taken_at=TAKEN + datetime.timedelta(hours=1),
        sections=["risks"],
    ).pack
    changes = json.loads(second.snapshot)["since"]["changes"]
    assert changes == [
        {
            "indicator": "SR01",
            "organisation": "ALL",
            "what": "risk closed",
            "before": "20 Very high (4 x 5)",
            "after": "Closed",
        }
    ]


def test_a_pack_naming_an_empty_register_still_builds(world, tmp_path):
    call_command("pack", period="2019/20 Q2", section=["risks"], format="html", out=tmp_path)
    pack = Pack.objects.get()
    html = (tmp_path / pack.file_name("html")).read_text()
    assert "London Borough of Havering and London Borough of Newham" in html
    assert "0 open, 0 above appetite, 0 reviews overdue" in html
    assert "No open strategic risks." in html
