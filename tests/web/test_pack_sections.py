"""The pack's sections on the Django side: `goldenthread pack --section`, the two
registries naming the same sections, and the contract between the real snapshot
and the one the reports tests write by hand (tests/reports/conftest.py)."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.reports.conftest import make_snapshot

from goldenthread.domain.direction import Direction, Movement, Travel
from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.packs import selectors, services
from goldenthread.packs.models import Pack
from goldenthread.packs.sections import SNAPSHOT_PARTS
from goldenthread.reports.content import Direction as ShownDirection
from goldenthread.reports.content import ExceptionRule
from goldenthread.reports.sections import SECTIONS, section_kinds
from goldenthread.returns.models import Commentary
from goldenthread.web.templatetags.goldenthread import direction as page_direction

Q1 = Quarter(FinancialYear(2019), 1)
TAKEN = datetime.datetime(2019, 7, 20, 9, 0, tzinfo=datetime.UTC)


def shape(value: Any, path: str = "", found: dict[str, set[str]] | None = None):
    """Every path in `value` (`a.b[].c`) with the JSON types found there."""
    found = defaultdict(set) if found is None else found
    if isinstance(value, dict):
        found[path].add("object")
        for key, item in value.items():
            shape(item, f"{path}.{key}", found)
    elif isinstance(value, list):
        found[path].add("array")
        for item in value:
            shape(item, f"{path}[]", found)
    else:
        found[path].add({str: "string", int: "number", bool: "boolean"}.get(type(value), "null"))
    return found


def test_both_registries_name_the_same_sections():
    assert list(SNAPSHOT_PARTS) == list(SECTIONS)


def test_a_section_owns_the_snapshot_keys_it_says(world):
    snapshot = selectors.pack_snapshot(
        quarter=Q1, organisation=None, exception_rule=ExceptionRule.AMBER_AND_RED, taken_at=TAKEN
    )
    frame = {"schema", "publisher", "taken_at", "period", "council", "organisations", "since"}
    owned = {key for kind in section_kinds(snapshot) for key in kind.keys}
    assert set(snapshot) == frame | owned
    # The world has no plan or risk register: a section with nothing to show is left
    # out of a pack of every section, so this is a performance pack, as before sections
    assert "sections" not in snapshot
    assert set(SECTIONS["performance"].keys) <= set(snapshot)


def test_the_hand_written_snapshot_has_the_real_snapshots_shape(world):
    """The reports tests' snapshot is written by hand: it must keep the shape the
    application writes (every key, at every depth, with the same JSON types), or
    those tests would test a pack no one can build."""
    for hour in (1, 2):  # the second pack records what changed since the first
        if hour == 2:
            Commentary.objects.create(
                indicator=world.payroll_on_time,
                organisation=world.lbn,
                year=2019,
                quarter=1,
                reasons="BACS run failed on 28 June",
            )
        made = services.pack_build(
            quarter=Q1,
            organisation=None,
            exception_rule=ExceptionRule.AMBER_AND_RED,
            formats=["html"],
            by=None,
            taken_at=TAKEN + datetime.timedelta(hours=hour),
        )
    real = json.loads(made.pack.snapshot)
    assert real["since"]["changes"] and any(f["commentary"] for f in real["figures"])
    hand = make_snapshot()
    hand["since"] = {  # as the reports tests add it (test_what_changed_between_two_snapshots)
        "built_at": "2019-07-20T09:00:00+00:00",
        "hash": "0" * 64,
        "changes": [
            {"indicator": "EX-10", "organisation": "LBH", "what": "figure", "before": "1"}
            | {"after": "2"}
        ],
    }
    real_shape, hand_shape = shape(real), shape(hand)
    # every path the hand-written snapshot has, the real one has, and the other way round
    breakdowns = ".figures[].breakdowns[]"  # the world has no figure with breakdowns
    assert {
        path for path in set(hand_shape) - set(real_shape) if not path.startswith(breakdowns)
    } == set()
    assert set(real_shape) - set(hand_shape) == set()
    for path in set(hand_shape) & set(real_shape):
        hand_types, real_types = hand_shape[path] - {"null"}, real_shape[path] - {"null"}
        if hand_types and real_types:
            assert hand_types == real_types, path


def test_pack_command_builds_the_sections_named(world, tmp_path, capsys):
    call_command("pack", period="2019/20 Q1", section=["performance"], format="html", out=tmp_path)
    (pack,) = Pack.objects.all()
    assert "sections" not in json.loads(pack.snapshot)
    assert "exception report(s)" in capsys.readouterr().out
    assert "Exception reports" in (tmp_path / pack.file_name("html")).read_text()


def test_pack_command_refuses_an_unknown_section(world, tmp_path):
    with pytest.raises(CommandError, match=r"--section: no section 'budget'.*performance"):
        call_command("pack", period="2019/20 Q1", section=["budget"], out=tmp_path)
    assert not Pack.objects.exists()


@pytest.mark.parametrize("direction", list(Direction))
def test_a_direction_reads_the_same_on_the_pages_and_in_the_pack(direction):
    """A no-polarity indicator reads "Measured" everywhere (it used to read "Not
    measured" on the pages)."""
    travel = Travel(direction, Movement.UP)
    page = page_direction(travel)
    assert f"</span>{travel.label}</span>" in page
    assert ShownDirection(direction.value, Movement.UP.value).label == travel.label
