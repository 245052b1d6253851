"""The audit log: every change, whichever face made it (return page, spreadsheet
import, command line, admin, people page, signing in), leaves an event naming
who, which council, what it was and became, and the request or command; the
database refuses to change or delete events (SQLite and PostgreSQL); only the
performance team reads them; `goldenthread purge` anonymises leavers and
deletes old history and events, recorded, and its dry run changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from tests.security_figures import record
from tests.web.conftest import PASSWORD
from tests.web.test_access import ROLES
from tests.web.test_returns import page, payroll_form
from tests.web.test_spreadsheet_returns import filled, import_url, payload_of, template_for, upload

from goldenthread.audit.models import Action, AuditEvent
from goldenthread.audit.views import EVENTS_PER_PAGE
from goldenthread.organisations.models import Organisation
from goldenthread.people.models import Membership
from goldenthread.returns.models import Measurement

VENDOR = connection.vendor


def events_since(mark: int, **filters):
    return AuditEvent.objects.filter(id__gt=mark, **filters).order_by("id")


def last_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_save_on_the_return_page_records_who_which_council_what_and_the_request(
    client_for, world
):
    mark = last_id()
    response = client_for("officer.lbn").post(page(world), payroll_form(world, june="96.10%"))
    assert response.status_code == 302
    request_id = response["X-Request-Id"]
    assert len(request_id) == 32
    june = Measurement.objects.get(
        organisation=world.lbn, indicator=world.payroll_on_time, start=datetime.date(2019, 6, 1)
    )
    (event,) = events_since(mark, object_type="returns.measurement", object_id=str(june.pk))
    assert event.action == Action.CHANGED
    assert event.actor_name == "officer.lbn"
    assert event.actor_id == world.users["officer.lbn"].pk
    assert event.organisation == world.lbn
    assert event.before["amount"] == "95.63" and event.after["amount"] == "96.1"
    assert event.trail == request_id
    assert "EX-02 LBN 2019-06" in event.object_text
    # the return itself: opened (created) and moved on a version, same request
    kinds = {(e.object_type, e.action) for e in events_since(mark, trail=request_id)}
    assert ("returns.return", Action.CREATED) in kinds
    assert ("returns.return", Action.CHANGED) in kinds


def test_a_spreadsheet_import_applied_on_the_web_is_recorded(client_for, world):
    client = client_for("officer.lbh")
    content = filled(template_for(world, world.payroll), {("Return", "J7"): 98})
    preview = upload(client, import_url(world, world.payroll), content)
    mark = last_id()
    applied = client.post(import_url(world, world.payroll), {"payload": payload_of(preview)})
    assert applied.status_code == 302
    (event,) = events_since(mark, object_type="returns.measurement")
    assert event.action == Action.CREATED
    assert event.actor_name == "officer.lbh"
    assert event.organisation == world.lbh
    assert event.before == {} and event.after["amount"] == "98"
    assert event.trail == applied["X-Request-Id"]


def test_a_command_line_import_is_recorded_with_the_command(world, tmp_path):
    out = tmp_path / "payroll.xlsx"
    call_command(
        "returns",
        *("template", "--council", "LBH", "--service-area", "Payroll"),
        *("--period", "2019/20 Q1", "--out", str(out)),
    )
    path = tmp_path / "filled.xlsx"
    path.write_bytes(filled(out.read_bytes(), {("Return", "J7"): 98.5}))
    mark = last_id()
    call_command("returns", "import", str(path), "--as", "officer.lbh", "--apply")
    (event,) = events_since(mark, object_type="returns.measurement")
    assert event.actor_name == "officer.lbh" and event.organisation == world.lbh
    assert event.after["amount"] == "98.5"
    assert event.trail.startswith("command:returns:")
    assert {e.trail for e in events_since(mark)} == {event.trail}  # one run, one label


def test_a_change_in_the_admin_is_recorded(client_for, world):
    mark = last_id()
    url = reverse("admin:organisations_organisation_change", args=[world.lbn.id])
    response = client_for("performance").post(
        url, {"code": "LBN", "name": "Newham Council", "kind": "council"}
    )
    assert response.status_code == 302
    (event,) = events_since(mark, object_type="organisations.organisation")
    assert event.action == Action.CHANGED and event.actor_name == "performance"
    assert event.organisation == world.lbn
    assert event.before == {"name": "London Borough of Newham"}
    assert event.after == {"name": "Newham Council"}
    assert event.trail == response["X-Request-Id"]


def test_account_changes_are_recorded_without_personal_details(client_for, world):
    client = client_for("performance")
    mark = last_id()
    officer = world.users["officer.lbn"]
    response = client.post(
        reverse("people:edit", args=[officer.id]),
        {
            "username": "officer.lbn",
            "first_name": "Olu",
            "last_name": "Adeyemi",
            "email": "olu@example.org",
            "is_active": "",
            "password": "",
            "role": "service-officer",
            "organisations": [world.lbn.id],
            "service_areas": [world.payroll.id],
        },
    )
    assert response.status_code == 302
    account = events_since(mark, object_type="auth.user", action=Action.CHANGED).get()
    assert account.actor_name == "performance" and account.organisation == world.lbn
    assert account.before["is_active"] is True and account.after["is_active"] is False
    assert account.after["email"] == "(changed)"
    assert "olu@example.org" not in str(account.before) + str(account.after)
    membership = events_since(mark, object_type="people.membership")
    assert membership.filter(action=Action.CHANGED).exists()  # its service areas changed
    changed_areas = [e for e in membership if "service_areas" in e.after]
    assert changed_areas[-1].after["service_areas"] == [world.payroll.id]


def test_signing_in_out_and_failed_sign_ins_are_recorded(client, world):
    mark = last_id()
    client.post(reverse("login"), {"username": "officer.lbn", "password": "wrong"})
    client.post(reverse("login"), {"username": "nobody-by-this-name", "password": "x"})
    client.post(reverse("login"), {"username": "officer.lbn", "password": PASSWORD})
    client.post(reverse("logout"))
    actions = [(e.action, e.actor_name) for e in events_since(mark)]
    assert actions == [
        (Action.SIGN_IN_REFUSED, "officer.lbn"),
        (Action.SIGN_IN_REFUSED, "nobody-by-this-name"),
        (Action.SIGNED_IN, "officer.lbn"),
        (Action.SIGNED_OUT, "officer.lbn"),
    ]
    assert all(e.trail for e in events_since(mark))
    record(
        "audit",
        "mutation paths recorded (tested)",
        "return page, spreadsheet import (web), command line, admin, people page, "
        "sign-in/out and refused sign-ins, packs, purge",
    )


def test_a_pack_built_at_the_command_line_is_recorded(world, tmp_path):
    mark = last_id()
    call_command(
        "pack", "--period", "2019/20 Q1", "--format", "html", "--council", "LBN", "--out", tmp_path
    )
    (event,) = events_since(mark, object_type="packs.pack")
    assert event.action == Action.CREATED and event.organisation == world.lbn
    assert event.trail.startswith("command:pack:") and event.after["state"] == "built"


def test_every_response_carries_its_request_id(client):
    first, second = client.get(reverse("login")), client.get(reverse("login"))
    assert first["X-Request-Id"] != second["X-Request-Id"]


# -- append-only, in the database ------------------------------------------------


def refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        assert "append-only" in str(error)
        return True
    return False


def test_the_database_refuses_to_change_or_delete_an_event(world):
    event = AuditEvent.objects.create(object_type="test.thing", action=Action.CREATED)
    attempts = {
        "UPDATE": "UPDATE audit_auditevent SET actor_name = 'someone else'",
        "DELETE one": f"DELETE FROM audit_auditevent WHERE id = {event.pk}",
        "DELETE all": "DELETE FROM audit_auditevent",
    }
    if VENDOR == "postgresql":
        attempts["TRUNCATE"] = "TRUNCATE audit_auditevent"
    outcome = {name: refused(sql) for name, sql in attempts.items()}
    assert all(outcome.values()), outcome
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(actor_name="x"),
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: event.delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    event.refresh_from_db()
    assert event.actor_name == "" and AuditEvent.objects.filter(pk=event.pk).exists()
    record("audit", f"statements refused on {VENDOR} (SQL)", ", ".join(attempts))
    record("audit", f"ORM update/delete refused on {VENDOR}", 3)


def test_a_purge_event_lets_only_older_events_go(world):
    now = timezone.now()
    old = AuditEvent.objects.create(
        object_type="test.thing",
        action=Action.CREATED,
        happened_at=now - datetime.timedelta(days=800),
    )
    recent = AuditEvent.objects.create(object_type="test.thing", action=Action.CREATED)
    # a cutoff less than a year ago permits nothing
    AuditEvent.objects.create(
        object_type="audit.retention",
        action=Action.PURGED,
        purges_before=now - datetime.timedelta(days=30),
    )
    assert refused(f"DELETE FROM audit_auditevent WHERE id = {old.pk}")
    AuditEvent.objects.create(
        object_type="audit.retention",
        action=Action.PURGED,
        purges_before=now - datetime.timedelta(days=700),
    )
    assert not refused(f"DELETE FROM audit_auditevent WHERE id = {old.pk}")
    assert refused(f"DELETE FROM audit_auditevent WHERE id = {recent.pk}")


@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_and_the_guard_comes_back():
    AuditEvent.objects.create(object_type="test.thing", action=Action.CREATED)
    call_command("flush", "--no-input")
    assert not AuditEvent.objects.exists()
    event = AuditEvent.objects.create(object_type="test.thing", action=Action.CREATED)
    assert refused(f"DELETE FROM audit_auditevent WHERE id = {event.pk}")


# -- the page --------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in ROLES if r != "performance"])
def test_only_the_performance_team_reads_the_log(client_for, world, role):
    assert client_for(role).get(reverse("audit:events")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, world):
    response = client.get(reverse("audit:events"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_the_performance_team_sees_events_and_the_link(client_for, world):
    client = client_for("performance")
    client.post(
        reverse("admin:organisations_organisation_change", args=[world.lbn.id]),
        {"code": "LBN", "name": "Newham Council", "kind": "council"},
    )
    response = client.get(reverse("audit:events"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Newham Council" in text and "London Borough of Newham" in text
    assert f'href="{reverse("audit:events")}"' in text  # in the navigation
    other = client_for("officer.lbh").get(reverse("overview:home")).content.decode()
    assert f'href="{reverse("audit:events")}"' not in other


def test_the_council_filter_shows_only_that_councils_events(client_for, world):
    url = reverse("audit:events")
    client = client_for("performance")
    havering = client.get(url, {"council": "LBH", "object_type": "returns.measurement"})
    text = havering.content.decode()
    assert "EX-01 LBH" in text and "EX-02 LBN" not in text
    newham = client.get(url, {"council": "LBN", "object_type": "returns.measurement"})
    assert "EX-02 LBN" in newham.content.decode()
    assert '<option value="LBN" selected>' in newham.content.decode()  # the filter stays chosen
    assert "EX-01 LBH" not in newham.content.decode()
    shown = havering.context["page"].paginator.count
    assert (
        shown
        == AuditEvent.objects.filter(
            organisation=world.lbh, object_type="returns.measurement"
        ).count()
    )
    assert shown == Measurement.objects.filter(organisation=world.lbh).count()


def test_filters_by_person_kind_and_date_and_pages(client_for, world):
    url = reverse("audit:events")
    client = client_for("performance")
    client.post(page(world), payroll_form(world, june="96.10%"))  # as performance
    mine = client.get(url, {"actor": "perform"}).context["page"]
    assert mine.paginator.count and all(e.actor_name == "performance" for e in mine)
    kind = client.get(url, {"object_type": "organisations.organisation"}).context["page"]
    assert {e.object_type for e in kind} == {"organisations.organisation"}
    today = timezone.localdate()
    assert client.get(url, {"since": today.isoformat()}).context["page"].paginator.count
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    assert client.get(url, {"since": tomorrow}).context["page"].paginator.count == 0
    bad = client.get(url, {"since": "yesterday"})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    total = AuditEvent.objects.count()
    assert total > EVENTS_PER_PAGE  # the world alone makes more than a page
    first = client.get(url, {"object_type": ""}).context["page"]
    second = client.get(url, {"page": 2}).context["page"]
    assert len(first) == EVENTS_PER_PAGE and first.paginator.num_pages >= 2
    assert not {e.pk for e in first} & {e.pk for e in second}
    text = client.get(url, {"since": today.isoformat(), "page": 2}).content.decode()
    assert f"since={today.isoformat()}&amp;page=1" in text  # the pages keep the filters


def test_the_admin_shows_events_but_changes_none(client_for, world):
    client = client_for("performance")
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditevent_delete", args=[event.pk])).status_code == 403


# -- retention --------------------------------------------------------------------


def left_long_ago(world):
    person = world.users["councillor.lbh"]
    person.is_active = False
    person.email = "councillor@example.org"
    person.first_name = "Cllr"
    person.last_login = timezone.now() - datetime.timedelta(days=400)
    person.save()
    return person


def aged(world):
    """An event and history rows eight years old."""
    long_ago = timezone.now() - datetime.timedelta(days=8 * 366)
    AuditEvent.objects.create(object_type="test.thing", action=Action.CREATED, happened_at=long_ago)
    Measurement.history.filter(organisation=world.lbh).update(history_date=long_ago)
    return long_ago


def test_the_dry_run_lists_what_would_change_and_changes_nothing(world, capsys):
    person = left_long_ago(world)
    aged(world)
    lately = world.users["officer.lbh"]
    lately.is_active = False  # left, but lately: kept
    lately.save()
    corrected = Measurement.objects.filter(organisation=world.lbh).first()
    corrected.source = "corrected"
    corrected.save()  # its eight-year-old history row is no longer its newest
    counts = (AuditEvent.objects.count(), Measurement.history.count(), Membership.objects.count())
    call_command("purge", "--dry-run")
    out = capsys.readouterr().out
    assert "Would anonymise 1 people who left" in out and "councillor.lbh" in out
    assert "Would delete 1 audit events older than" in out
    assert "Would delete 1 history rows older than" in out and "returns.measurement: 1" in out
    assert "Dry run: nothing changed." in out
    person.refresh_from_db()
    assert person.username == "councillor.lbh" and person.email == "councillor@example.org"
    assert counts == (
        AuditEvent.objects.count(),
        Measurement.history.count(),
        Membership.objects.count(),
    )


def test_the_purge_anonymises_leavers_deletes_old_rows_and_records_it(world, capsys):
    person = left_long_ago(world)
    from axes.models import AccessLog

    AccessLog.objects.create(username="councillor.lbh", ip_address="192.0.2.7", user_agent="x")
    AccessLog.objects.create(username="s151", ip_address="192.0.2.8", user_agent="x")
    aged(world)
    havering_figures = Measurement.objects.filter(organisation=world.lbh).count()
    first = Measurement.objects.filter(organisation=world.lbh).first()
    first.source = "corrected again"
    first.save()  # a second history row: the older one goes, the newest stays
    before = Measurement.history.filter(organisation=world.lbh).count()
    mark = last_id()
    call_command("purge")
    out = capsys.readouterr().out
    assert "Done; recorded in the audit log as event" in out
    person.refresh_from_db()
    assert person.username == f"former-{person.pk}" and person.email == person.first_name == ""
    assert not person.has_usable_password() and not Membership.objects.filter(user=person)
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["s151"]
    assert Measurement.history.filter(organisation=world.lbh).count() == before - 1
    assert Measurement.history.filter(organisation=world.lbh).count() == havering_figures
    assert not AuditEvent.objects.filter(object_type="test.thing").exists()
    purge = events_since(mark, action=Action.PURGED).get()
    assert purge.after["people anonymised"] == 1
    assert purge.after["audit events deleted"] == 1
    assert purge.after["history rows deleted"] == 1
    assert purge.trail.startswith("command:purge:")
    assert purge.object_text == (
        "purged: 1 people anonymised, 1 history rows deleted, 1 audit events deleted"
    )
    anonymised = events_since(mark, object_type="auth.user").get()
    assert anonymised.before["username"] == "councillor.lbh"
    assert "councillor@example.org" not in str(anonymised.before)
    assert events_since(mark, object_type="people.membership", action=Action.DELETED).exists()
    call_command("purge")
    assert "Nothing to purge." in capsys.readouterr().out
    record("audit", f"purge on {VENDOR}: events deleted only under a recorded cutoff", "yes")


def test_the_purge_refuses_to_keep_audit_events_less_than_a_year(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="at least 1 year"):
        call_command("purge", "--audit-years", "0")
    assert Organisation.objects.exists()
    assert get_user_model().objects.filter(username="councillor.lbh").exists()


def test_an_account_changed_in_the_admin_is_recorded(client_for, world):
    client = client_for("performance")
    person = world.users["s151"]
    url = reverse("admin:auth_user_change", args=[person.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    joined = timezone.localtime(person.date_joined)
    data.update(
        is_active="",
        date_joined_0=joined.strftime("%Y-%m-%d"),
        date_joined_1=joined.strftime("%H:%M:%S"),
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    mark = last_id()
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = events_since(mark, object_type="auth.user", action=Action.CHANGED).get()
    assert event.actor_name == "performance" and event.object_text == "s151"
    assert event.before == {"is_active": True} and event.after == {"is_active": False}
    assert event.trail == response["X-Request-Id"]
