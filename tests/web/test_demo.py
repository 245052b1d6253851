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
    "LBH": (21, 6, 12, 7, 14, 0, 60),
    "LBN": (20, 4, 7, 7, 12, 1, 51),
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
        row.organisation: (
            row.green,
            row.amber,
            row.red,
            row.not_applicable,
            row.incomplete,
            row.no_target,
            row.total,
        )
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
def workers(monkeypatch):
    """The demo's `db_worker` processes, stood in for: each records its command and
    whether it was stopped."""
    from goldenthread.demo.management.commands import demo

    started = []

    class Worker:
        def __init__(self, command):
            self.command, self.stopped = command, False
            started.append(self)

        def terminate(self):
            self.stopped = True

        def wait(self, timeout):
            return 0

    monkeypatch.setattr(demo.subprocess, "Popen", Worker)
    return started


def serving(monkeypatch, while_serving):
    """The demo's server stood in for by `while_serving`; other commands run."""
    from goldenthread.demo.management.commands import demo

    def serve(name, *args, **options):
        if name != "runserver":
            return call_command(name, *args, **options)
        return while_serving()

    monkeypatch.setattr(demo, "call_command", serve)


@pytest.mark.django_db
def test_demo_serves_with_a_pack_builder_beside_it_and_stops_both(monkeypatch, capsys, workers):
    """The demo's server and its `db_worker` (which builds packs asked for on the web)
    run together; when the server stops, the worker is stopped too."""

    def stopped_by_ctrl_c():
        assert workers and not workers[0].stopped  # the worker runs while the server does
        raise KeyboardInterrupt

    serving(monkeypatch, stopped_by_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        call_command("demo", address="127.0.0.1:8123")
    (worker,) = workers
    assert worker.command[1:] == [
        "-m",
        "goldenthread",
        "db_worker",
        "--no-reload",
        "--interval",
        "0.5",
    ]
    assert worker.stopped


@pytest.mark.django_db
def test_the_demo_stopped_by_kill_stops_its_pack_builder_too(monkeypatch, workers):
    import os
    import signal

    before = signal.getsignal(signal.SIGTERM)
    serving(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGTERM))  # `kill PID`
    with pytest.raises(SystemExit):
        call_command("demo", address="127.0.0.1:8124")
    assert workers[0].stopped
    assert signal.getsignal(signal.SIGTERM) is before
