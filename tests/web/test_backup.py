"""Durability: a save the server answered is in the database even when the server
is killed (SIGKILL) the moment after; SQLite runs with WAL and synchronous=FULL;
`goldenthread backup` and `goldenthread restore` bring back every row of every
table (the restore drill), on SQLite and on PostgreSQL (make test's second pass)."""

from __future__ import annotations

import html
import os
import re
import signal
import sqlite3
import subprocess
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from tests.security_figures import record
from tests.web.servers import (
    Browser,
    demo_passwords,
    environment,
    free_port,
    goldenthread,
    start,
)

from goldenthread.demo.load import load_dataset
from goldenthread.demo.users import create_demo_users
from goldenthread.organisations.models import Organisation
from goldenthread.returns.models import Measurement

# the server's own SQLite database, whatever the suite's: run once, in the SQLite pass
sqlite_pass_only = pytest.mark.skipif(
    bool(os.environ.get("GOLDENTHREAD_DATABASE_URL")), reason="SQLite's: the SQLite pass runs it"
)


@sqlite_pass_only
def test_sqlite_keeps_a_write_ahead_log_and_syncs_it_at_every_commit(tmp_path):
    show = (
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    done = subprocess.run(
        goldenthread("shell", "--no-imports", "-c", show),
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.stdout.split() == ["wal", "2"], done.stderr  # 2 is FULL
    record("durability", "SQLite journal and sync, as the server's connection reports", "WAL, FULL")


@sqlite_pass_only
def test_a_save_answered_is_kept_when_the_server_is_killed_at_once(tmp_path):
    """A real server (gunicorn, SQLite in its data folder): a service officer saves a
    figure on a return, the server answers (the redirect after saving), and at once
    every process of the server is killed with SIGKILL; the figure is there."""
    env = environment(tmp_path)
    loaded = subprocess.run(
        goldenthread("demo", "--no-serve"), env=env, capture_output=True, text=True, timeout=300
    )
    assert loaded.returncode == 0, loaded.stderr
    password = demo_passwords([loaded.stdout])["officer.lbh"]
    rounds, found = 3, 0
    for round_ in range(rounds):
        port = free_port()
        command = goldenthread("serve", "--bind", f"127.0.0.1:{port}", "--workers", "2")
        server = start(command, env, port)
        try:
            browser = Browser(server.url)
            browser.sign_in("officer.lbh", password)
            figure = f"73.{round_ + 1}7"
            indicator, month, answer = save_a_figure(browser, figure)
            assert answer.status == 302, answer.read().decode()[:3000]
        finally:
            server.kill_everything()  # SIGKILL to the master, its workers, everything
        assert server.process.returncode == -signal.SIGKILL
        database = sqlite3.connect(tmp_path / "goldenthread.sqlite3")
        try:
            saved = database.execute(
                "SELECT amount FROM returns_measurement WHERE indicator_id = ? AND start = ?",
                (indicator, month),
            ).fetchall()
        finally:
            database.close()
        assert [Decimal(str(amount)) for (amount,) in saved] == [Decimal(figure)]
        found += 1
    record("durability", "saves found after kill -9 (SQLite, gunicorn)", f"{found} of {rounds}")


def save_a_figure(browser: Browser, figure: str):
    """Type `figure` into the first month of the first Q2 return the officer may
    edit and save it, keeping everything else on the form as it was."""
    listing = browser.request("/returns/").read().decode()
    for path in dict.fromkeys(re.findall(r'href="(/returns/[^"]+/)q\d/"', listing)):
        page = browser.request(f"{path}q2/").read().decode()
        forms = [f for f in page.split("<form")[1:] if 'name="action" value="save"' in f]
        if not forms:
            continue
        form = forms[0].split("</form>")[0]
        months = re.findall(r'name="(i(\d+)-[^"]*-(\d{4})(\d{2})-\d+)"', form)
        if months:
            break
    else:
        raise AssertionError("no return to save a figure on")
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input[^>]*?name="([^"]+)"[^>]*?value="([^"]*)"', form)
    }
    fields |= {
        name: html.unescape(text)
        for name, text in re.findall(
            r'<textarea[^>]*?name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
        )
    }
    name, indicator, year, month = months[0]
    fields[name] = figure
    fields["action"] = "save"
    answer = browser.request(f"{path}q2/", fields)
    return int(indicator), f"{year}-{month}-01", answer


def every_row() -> dict[str, list[str]]:
    """Every row of every table, in an order that does not depend on storage."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def triggers() -> set[tuple[str, str]]:
    """The database's own triggers (e.g. the audit log's append-only guard)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal"
            )
        return set(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_restore_drill_brings_back_every_row_of_every_table(tmp_path):
    load_dataset()
    create_demo_users()
    before, guards = every_row(), triggers()
    backup = tmp_path / "backups" / "goldenthread.backup"
    call_command("backup", str(backup))
    assert backup.is_file()

    # a bad day: figures deleted, people renamed, an organisation added
    Measurement.objects.filter(
        pk__in=list(Measurement.objects.values_list("pk", flat=True)[:100])
    ).delete()
    get_user_model().objects.update(first_name="Changed")
    Organisation.objects.create(code="ZZZ", name="Added after the backup")
    changed = every_row()
    assert changed != before

    with pytest.raises(CommandError, match=r"holds data .* --yes"):
        call_command("restore", str(backup))
    assert every_row() == changed  # refused: nothing touched
    call_command("restore", str(backup), yes=True)
    assert every_row() == before
    assert triggers() == guards

    # an empty database (e.g. a new server) is restored without --yes
    call_command("flush", interactive=False)
    assert every_row() != before
    call_command("restore", str(backup))
    after = every_row()
    assert after == before
    assert triggers() == guards

    vendor = "SQLite" if connection.vendor == "sqlite" else "PostgreSQL"
    record("durability", f"tables compared in restore drill ({vendor})", len(after))
    record(
        "durability",
        f"rows compared in restore drill ({vendor})",
        sum(len(rows) for rows in after.values()),
    )
    assert len(after) > 30 and sum(len(rows) for rows in after.values()) > 1000


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(tmp_path):
    Organisation.objects.create(code="LBH", name="Havering")
    before = every_row()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("figures for the committee\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"is not a .* backup"):
        call_command("restore", str(not_a_backup), yes=True)
    with pytest.raises(CommandError, match="no backup at"):
        call_command("restore", str(tmp_path / "missing.backup"), yes=True)
    assert every_row() == before
