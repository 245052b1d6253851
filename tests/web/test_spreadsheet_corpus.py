"""Every file of the broken and hostile corpus (tests/returns/corpus/, made by
make_corpus.py) gets its own clear message, quickly and in bounded memory, and
leaves the database as it was; the control file imports."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from tests.returns.corpus.make_corpus import CASES, OVER_LARGE_MESSAGE, build, over_large

from goldenthread.demo.load import load_dataset
from goldenthread.demo.users import create_demo_users
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.organisations.models import Organisation, ServiceArea
from goldenthread.people.access import scope_of
from goldenthread.returns.models import Commentary, Measurement, Return
from goldenthread.returns.sheet_import import Expected, ImportRefused, read_return_workbook

CORPUS = Path(__file__).parents[1] / "returns" / "corpus"
SECONDS = 3.0
PEAK_BYTES = 64 * 1024 * 1024


def database_state() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            Measurement,
            Measurement.history.model,
            Commentary,
            Commentary.history.model,
            Return,
            Return.history.model,
        )
    )


@pytest.fixture
def demo(db):
    load_dataset()
    Return.objects.all().delete()  # the demo's Q1 returns are approved: imported into, open
    create_demo_users()
    return Expected(
        Organisation.objects.get(code="LBH"),
        ServiceArea.objects.get(name="Payroll"),
        Quarter(FinancialYear(2019), 1),
    )


def refusal_of(data: bytes, name: str, expect: Expected) -> tuple[str, float, int]:
    officer = get_user_model().objects.get(username="officer.lbh")
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_return_workbook(data, filename=name, scope=scope_of(officer), expect=expect)
        message = ""
    except ImportRefused as refusal:
        message = "\n".join(str(p) for p in refusal.problems)
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return message, elapsed, peak


def outcome_of(data: bytes, name: str, expect: Expected) -> tuple[str, ...]:
    """What importing a file yields: its refusal, problem by problem, or the
    preview's notes and every line of it (figure or commentary, before and after)."""
    officer = get_user_model().objects.get(username="officer.lbh")
    try:
        preview = read_return_workbook(data, filename=name, scope=scope_of(officer), expect=expect)
    except ImportRefused as refusal:
        return ("refused", *(str(p) for p in refusal.problems))
    lines = [
        f"{c.service_area} {c.indicator.reference} {c.what}: {c.before!r} -> {c.after!r} {c.kind}"
        for part in preview.parts
        for c in part.changes
    ]
    return ("imports", preview.title, *preview.notes, *lines)


def test_the_corpus_is_what_the_generator_makes(demo, tmp_path):
    """The files kept are the generator's: the same names, and each yields what the
    generator's file made now yields (the same refusal word for word; for the control
    file, the same changes), so a change to the template or the checks that leaves
    the corpus stale fails here (run make_corpus.py again)."""
    build(tmp_path)
    assert {p.name for p in CORPUS.glob("*.xlsx")} == set(CASES)
    assert {p.name for p in tmp_path.glob("*.xlsx")} == set(CASES)
    stale = []
    for name in sorted(CASES):
        kept = outcome_of((CORPUS / name).read_bytes(), name, demo)
        made = outcome_of((tmp_path / name).read_bytes(), name, demo)
        assert kept[0] == ("imports" if name == "valid-filled.xlsx" else "refused"), kept
        if kept != made:
            stale.append(f"{name}: the kept file yields {kept}, a fresh one {made}")
    assert not stale, "\n".join(stale)


def test_every_corpus_file_gets_its_message_quickly_and_changes_nothing(demo):
    before = database_state()
    failures = []
    for name, (what, expected) in sorted(CASES.items()):
        message, elapsed, peak = refusal_of((CORPUS / name).read_bytes(), name, demo)
        if expected not in message or (expected == "" and message):
            failures.append(f"{name} ({what}): expected {expected!r}, got {message!r}")
        if expected and f"'{name}'" not in message and "sheet" not in message:
            failures.append(f"{name}: the message names neither the file nor a sheet: {message}")
        if elapsed > SECONDS or peak > PEAK_BYTES:
            failures.append(f"{name}: {elapsed:.2f} s, {peak / 1e6:.0f} MB")
        assert database_state() == before, name
    assert not failures, "\n".join(failures)


def test_an_over_large_file_is_refused_by_its_size(demo, tmp_path):
    path = tmp_path / "over-large.xlsx"
    over_large(path)
    message, elapsed, _ = refusal_of(path.read_bytes(), path.name, demo)
    assert OVER_LARGE_MESSAGE in message and elapsed < SECONDS


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("macro-enabled.xlsx", "macro-enabled workbook (.xlsm)"),
        ("text-in-number.xlsx", "Return sheet, row 8, column J (Figure)"),
        ("wrong-period.xlsx", "is for 2019/20 Q2, not 2019/20 Q1"),
    ],
)
def test_the_upload_page_shows_the_problem_in_an_error_summary(client, demo, name, shown):
    client.force_login(get_user_model().objects.get(username="officer.lbh"))
    url = reverse("returns:import", args=["LBH", demo.service_area.id, 2019, 1])
    before = database_state()
    with (CORPUS / name).open("rb") as handle:
        response = client.post(url, {"workbook": handle})
    assert response.status_code == 400
    text = response.content.decode()
    assert "govuk-error-summary" in text and shown in text
    assert database_state() == before
