"""`goldenthread demo`: the oneSource 2019/20 data load, all or nothing and
idempotent, and its Q1 summary as docs/demo.md reports it against seed 001."""

import shutil

import pytest
from django.core.management import call_command

from goldenthread.demo.load import DATA, DatasetError, load_dataset
from goldenthread.demo.users import DEMO_USERS
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.indicators.models import Indicator
from goldenthread.overview.selectors import Filters, overview, progress
from goldenthread.people.access import Scope
from goldenthread.returns.models import Measurement, Return

EVERYTHING = Scope("performance-team", True, frozenset(), frozenset(), frozenset())

# (green, amber, red, not applicable, incomplete, no target, total); seed 001's
# table says LBB 0/0/0/2/6 (8), LBH 26/8/7/9/10 (60), LBN 26/4/6/7/8 (51):
# docs/demo.md explains each difference.
Q1_SUMMARY = {
    "LBB": (0, 1, 0, 2, 6, 0, 9),
    "LBH": (25, 6, 8, 7, 14, 0, 60),
    "LBN": (22, 4, 5, 7, 12, 1, 51),
}


@pytest.mark.django_db
def test_demo_loads_and_a_second_load_changes_nothing():
    first = load_dataset()
    assert first.created > 500 and first.changed == 0
    history = Measurement.history.count()
    second = load_dataset()
    assert (second.created, second.changed) == (0, 0)
    assert Measurement.history.count() == history


@pytest.mark.django_db
def test_every_q1_return_is_approved_as_when_the_committee_read_them():
    load_dataset()
    rows = progress(EVERYTHING, Quarter(FinancialYear(2019), 1))
    assert len(rows) == 49 and {row.state for row in rows} == {"Approved"}
    assert {row.state for row in progress(EVERYTHING, Quarter(FinancialYear(2019), 2))} == {
        "Missing"
    }


@pytest.mark.django_db
def test_q1_summary_counts():
    load_dataset()
    view = overview(EVERYTHING, Quarter(FinancialYear(2019), 1), Filters())
    counts = {
        row.organisation: (*row.counts, row.total)  # rag's columns: green, amber, red, ...
        for row in view.summary
        if row.total
    }
    assert counts == Q1_SUMMARY


@pytest.mark.django_db
def test_council_tax_in_june_is_not_called_declining_against_last_march():
    """Year-to-date collection (30.48% by June) has no like-for-like figure in
    the demo (seed 001 gives last year's outturn only), so no direction."""
    load_dataset()
    view = overview(EVERYTHING, Quarter(FinancialYear(2019), 1), Filters())
    (havering,) = [
        f for f in view.figures if f.indicator.reference == "EX-01" and f.organisation.code == "LBH"
    ]
    assert str(havering.result.value) == "30.48%"
    assert havering.last_year is not None  # the outturn is still shown beside it
    assert havering.result.travel.direction == "NEW"


@pytest.mark.django_db
def test_a_broken_file_is_refused_whole_naming_file_row_and_column(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "targets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[3], "ninety-ish", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        load_dataset(folder)
    assert "targets.csv row 4" in str(error.value)
    assert Indicator.objects.count() == 0


@pytest.mark.django_db
def test_a_bad_return_row_names_its_row_and_column_and_nothing_is_saved(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    path = folder / "returns.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",approved,", ",signed-off,", 1)
    lines[5] = lines[5].replace(",2019/20 Q1,", ",2019-04,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as error:
        load_dataset(folder)
    assert "returns.csv row 3, column status: 'signed-off' is not one of" in str(error.value)
    assert "returns.csv row 6, column period: a return is per quarter" in str(error.value)
    assert Indicator.objects.count() == 0 and not Return.objects.exists()


@pytest.mark.django_db
def test_demo_command_creates_one_user_per_role(capsys):
    call_command("demo", no_serve=True)
    out = capsys.readouterr().out
    for user in DEMO_USERS:
        assert user.username in out
    assert "70 indicators" in out


@pytest.fixture
def processes(monkeypatch):
    """The demo's processes (its server, `goldenthread serve`, and its `db_worker`),
    stood in for: each records its command and whether it was stopped; waiting for
    the server runs what the test says happens while it serves."""
    from goldenthread.demo.management.commands import demo

    started = []

    class Process:
        while_serving = staticmethod(lambda: 0)

        def __init__(self, command):
            self.command, self.stopped = command, False
            started.append(self)

        def terminate(self):
            self.stopped = True

        def wait(self, timeout=None):
            if timeout is None and "serve" in self.command:
                return Process.while_serving()
            return 0

    monkeypatch.setattr(demo.subprocess, "Popen", Process)
    return started, Process


def serving(processes, while_serving):
    """The demo's server stood in for by `while_serving`."""
    processes[1].while_serving = staticmethod(while_serving)


def worker_and_server(processes):
    started = processes[0]
    (worker,) = [p for p in started if "db_worker" in p.command]
    (server,) = [p for p in started if "serve" in p.command]
    return worker, server


@pytest.mark.django_db
def test_demo_serves_with_gunicorn_and_a_pack_builder_beside_it_and_stops_both(capsys, processes):
    """The demo's server (`goldenthread serve`: gunicorn) and its `db_worker` (which
    builds packs asked for on the web) run together; when the demo stops (Ctrl+C),
    both are stopped."""

    def stopped_by_ctrl_c():
        worker, server = worker_and_server(processes)
        assert not worker.stopped and not server.stopped  # both run while serving
        raise KeyboardInterrupt

    serving(processes, stopped_by_ctrl_c)
    call_command("demo", address="127.0.0.1:8123")  # stops quietly, without a traceback
    assert capsys.readouterr().out.endswith("Stopped.\n")
    worker, server = worker_and_server(processes)
    assert worker.command[1:] == [
        "-m",
        "goldenthread",
        "db_worker",
        "--no-reload",
        "--interval",
        "0.5",
    ]
    assert server.command[1:] == [
        "-m",
        "goldenthread",
        "serve",
        "--bind",
        "127.0.0.1:8123",
        "--workers",
        "2",
    ]
    assert worker.stopped and server.stopped


@pytest.mark.django_db
def test_the_demo_stopped_by_kill_stops_its_pack_builder_too(processes):
    import os
    import signal

    before = signal.getsignal(signal.SIGTERM)
    serving(processes, lambda: os.kill(os.getpid(), signal.SIGTERM))  # `kill PID`
    with pytest.raises(SystemExit):
        call_command("demo", address="127.0.0.1:8124")
    worker, server = worker_and_server(processes)
    assert worker.stopped and server.stopped
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.django_db
def test_the_demo_says_when_its_server_fails_and_stops_the_pack_builder(processes):
    from django.core.management.base import CommandError

    serving(processes, lambda: 1)  # e.g. the address is taken
    with pytest.raises(CommandError, match="exit status 1"):
        call_command("demo", address="127.0.0.1:8125")
    worker, _ = worker_and_server(processes)
    assert worker.stopped
