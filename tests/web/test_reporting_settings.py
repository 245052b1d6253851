"""The performance team's reporting rules page: the provisional switch, what an
exception report must give, the due days and each quarter's own due date; only
the team; every change in the audit log with who made it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from goldenthread.audit.models import AuditEvent
from goldenthread.domain.exception_report import Part
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.reporting.models import QuarterDeadline, ReportingRules
from goldenthread.reporting.selectors import due_date, exception_report_rules

URL = "/settings/reporting/"
Q1 = Quarter(FinancialYear(2019), 1)


def rules_form(**changes):
    form = {
        "form": "rules",
        "amber_needs_reasons": "on",
        "red_needs_reasons": "on",
        "red_needs_remedial_actions": "on",
        "due_days": "20",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def test_the_address_and_the_navigation_link(client_for, world):
    assert reverse("reporting:settings") == URL
    text = client_for("performance").get(URL).content.decode()
    assert f'href="{URL}"' in text and "Reporting rules" in text
    assert f'href="{URL}"' not in client_for("officer.lbn").get("/").content.decode()


@pytest.mark.parametrize("who", ["officer.lbn", "director", "councillor.lbh", "s151", "nobody"])
def test_only_the_performance_team(client_for, world, who):
    client = client_for(who)
    assert client.get(URL).status_code == 403
    assert client.post(URL, rules_form(provisional_to_readers="on")).status_code == 403
    assert not ReportingRules.objects.exists()


def test_the_team_sets_the_rules_and_they_are_enforced_and_audited(client_for, world):
    client = client_for("performance")
    response = client.post(
        URL, rules_form(amber_needs_difference="on", provisional_to_readers="on", due_days="15")
    )
    assert response.status_code == 302
    rules = ReportingRules.objects.get()
    assert rules.provisional_to_readers and rules.due_days == 15
    assert exception_report_rules().amber == {Part.REASONS, Part.DIFFERENCE}
    assert due_date(Q1) == datetime.date(2019, 7, 15)
    event = AuditEvent.objects.filter(object_type="reporting.reportingrules").get()
    assert event.actor_name and "performance" in event.actor_name
    # unticking a box is a change too
    client.post(URL, rules_form(red_needs_remedial_actions=None, due_days="15"))
    assert exception_report_rules().red == {Part.REASONS}
    assert AuditEvent.objects.filter(object_type="reporting.reportingrules").count() == 2


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("", "Enter"),
        ("-1", "must be 0 or more"),
        ("366", "365 or fewer"),
        ("9" * 400, "must be"),
        ("=1+1", "must be a whole number"),
    ],
)
def test_bad_due_days_are_refused_in_plain_words(client_for, world, days, message):
    response = client_for("performance").post(URL, rules_form(due_days=days))
    assert response.status_code == 400
    text = response.content.decode()
    assert message in text and 'href="#id_due_days"' in text
    assert "This field is required" not in text and "Ensure this value" not in text
    assert not ReportingRules.objects.exists()


def test_a_quarter_gets_its_own_due_date_and_loses_it(client_for, world):
    client = client_for("performance")
    response = client.post(URL, {"form": "deadline", "period": "2019/20 Q1", "due_on": "31/7/2019"})
    assert response.status_code == 302
    assert due_date(Q1) == datetime.date(2019, 7, 31)
    text = client.get(URL).content.decode()
    assert "2019/20 Q1" in text and "31 July 2019" in text
    assert 'class="gt-table-scroll" tabindex="0" role="region"' in text
    client.post(URL, {"form": "deadline", "period": "2019/20 Q1", "due_on": ""})
    assert not QuarterDeadline.objects.exists()
    assert due_date(Q1) == datetime.date(2019, 7, 20)  # 20 days after 30 June
    assert AuditEvent.objects.filter(object_type="reporting.quarterdeadline").count() == 2


@pytest.mark.parametrize(
    ("period", "due_on"),
    [
        ("2019/20", "31/7/2019"),  # a year, not a quarter
        ("Q9 2019/20", "31/7/2019"),
        ('=HYPERLINK("x")', "31/7/2019"),
        ("2019/20 Q1", "31/2/2019"),  # no such date
        ("2019/20 Q1", "31/7/2090"),  # far from the quarter
        ("x" * 5000, "31/7/2019"),
        ("3019/20 Q1", "31/7/3019"),
    ],
)
def test_bad_deadlines_are_refused(client_for, world, period, due_on):
    response = client_for("performance").post(
        URL, {"form": "deadline", "period": period, "due_on": due_on}
    )
    assert response.status_code == 400
    assert not QuarterDeadline.objects.exists()
    assert "There is a problem" in response.content.decode()
