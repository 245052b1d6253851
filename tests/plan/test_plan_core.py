"""The plan's core: what a person sees, an update saved, submitted and refused,
the flags and the summary, on the factories' small world."""

from __future__ import annotations

import datetime

import pytest
from tests.factories import (
    ActionFactory,
    ActionUpdateFactory,
    OrganisationFactory,
    PlanServiceFactory,
    make_user,
)

from goldenthread.domain.lifecycle import Refused
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.people.access import scope_of
from goldenthread.people.models import Role
from goldenthread.plan.selectors import action_quarters, summary, visible_actions
from goldenthread.plan.services import ActionEntry, update_open, update_save, update_submit
from goldenthread.submissions.services import StaleSubmission

pytestmark = pytest.mark.django_db
Q2 = Quarter(FinancialYear(2019), 2)


def test_havering_reads_its_own_and_all_partners_actions_not_newhams():
    shared, lbh, lbn = (OrganisationFactory(code=c) for c in ("OS", "LBH", "LBN"))
    service = PlanServiceFactory(organisation=shared)
    every = ActionFactory(reference="IP01", service=service)
    ours = ActionFactory(reference="IP23", service=service, partners=[lbh])
    both = ActionFactory(reference="IP25", service=service, partners=[lbh, lbn])
    ActionFactory(reference="IP24", service=service, partners=[lbn])
    reader = make_user("cllr", Role.READER, organisations=[lbh])
    seen = set(visible_actions(scope_of(reader)))
    assert seen == {every, ours, both}
    team = make_user("team", Role.PERFORMANCE_TEAM)
    assert visible_actions(scope_of(team)).count() == 4
    assert not visible_actions(scope_of(make_user("nobody", Role.READER))).filter(
        all_partners=False
    )


def test_an_update_is_saved_refused_when_stale_and_submitted_once_complete():
    service = PlanServiceFactory()
    first, second = ActionFactory(service=service), ActionFactory(service=service)
    officer = make_user("owner", Role.SERVICE_OFFICER)
    update = update_open(service, Q2)
    entry = ActionEntry(first, "G", "", 50, "Going well.", "Keep going.")
    assert update_save(update, [entry], expected_version=0, by=officer) == 1
    with pytest.raises(StaleSubmission):
        update_save(update, [entry], expected_version=0, by=officer)
    with pytest.raises(Refused, match=f"{second.reference}: give its status"):
        update_submit(update, expected_version=1, by=officer)
    update_save(
        update,
        [ActionEntry(second, "A", "", None, "Slipped.", "Catch up.")],
        expected_version=1,
        by=officer,
    )
    update_submit(update, expected_version=2, by=officer)
    update.refresh_from_db()
    assert update.status == "submitted"
    assert update.actions.get(action=first).percent_complete == 50


def test_a_late_change_is_marked_late():
    service = PlanServiceFactory()
    action = ActionFactory(service=service)
    update = update_open(service, Q2)
    entry = ActionEntry(action, "G", "", None, "Done.", "")
    update_save(
        update, [entry], expected_version=0, by=make_user("o", Role.SERVICE_OFFICER),
        today=datetime.date(2020, 1, 31),
    )  # fmt: skip
    assert update.actions.get().late


def test_flags_and_summary_of_a_quarter():
    service = PlanServiceFactory(name="ICT")
    overdue = ActionFactory(service=service, target="1st September 2019")
    quiet = ActionFactory(service=service, target="to be agreed with partner boroughs")
    q1 = ActionUpdateFactory(action=quiet, update__quarter=1, progress="Same words.")
    ActionUpdateFactory(
        action=quiet,
        progress="Same  words.",
        update__quarter=2,
        update__organisation=q1.update.organisation,
        update__service_area=q1.update.service_area,
    )
    ActionUpdateFactory(action=overdue, status="A", update__quarter=2)
    rows = {r.action: r for r in action_quarters([overdue, quiet], Q2)}
    assert rows[overdue].overdue and not rows[overdue].nothing_new
    assert rows[quiet].nothing_new and not rows[quiet].overdue
    parts, overall = summary(list(rows.values()), Q2, [service])
    assert [(t.judgement.code, t.count, t.percent) for t in overall.tallies[:3]] == [
        ("G", 1, 50),
        ("A", 1, 50),
        ("R", 0, 0),
    ]
    assert parts[0].name == "ICT" and parts[0].total == 2


@pytest.mark.parametrize("reference", ["new", "IP 01", "IP/01", "=1+1", "IP" + "0" * 30])
def test_a_reference_that_cannot_be_an_actions_address_is_refused(reference):
    from goldenthread.plan.forms import ActionForm

    service = PlanServiceFactory()
    form = ActionForm(
        {"reference": reference, "service": service.pk, "delivery": "x", "all_partners": "on"}
    )
    assert not form.is_valid()
    assert "reference" in form.errors
