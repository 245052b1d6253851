"""Budget monitoring's part of the pack's snapshot from the factories' finance
world: the latest period of the quarter signed off by the Director of Finance
(never a draft), a council's pack shows the shared position and that council's
non-shared lines only (never another council's), the reserve is offset by the
partners' shares, money is kept as exact strings, an unsigned quarter leaves
the section out of a pack of every section, and `goldenthread pack --section
finance` builds it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from tests.factories import finance_world, forecast_period

from goldenthread.domain.periods import FinancialYear, Quarter
from goldenthread.finance.models import ReserveAmount, ReserveItem
from goldenthread.organisations.models import Organisation
from goldenthread.packs import selectors
from goldenthread.packs.finance import finance_part
from goldenthread.packs.models import Pack
from goldenthread.packs.pack_request import PackRequest
from goldenthread.reports.content import ExceptionRule

pytestmark = pytest.mark.django_db
Q2 = Quarter(FinancialYear(2019), 2)
TAKEN = datetime.datetime(2019, 10, 20, 9, 0, tzinfo=datetime.UTC)
P4 = {"AM1": "1050000", "AM2": "200000", "LG1": "1000000"}
P4 |= {"NS-H": "500000", "NS-N": "400000", "NS-B": "100000"}
P5 = {"AM1": "1100000", "AM2": "190001", "LG1": "1000300"}
P5 |= {"NS-H": "510000", "NS-N": "437654", "NS-B": "90000"}


def part_for(organisations: list[Organisation]):
    return finance_part(PackRequest(Q2, organisations, ExceptionRule.AMBER_AND_RED))


def with_reserve(world) -> None:
    opening = ReserveItem.objects.create(
        organisation=world.os, year=2019, kind="opening", purpose="Balance"
    )
    power = ReserveItem.objects.create(
        organisation=world.os, year=2019, kind="projected", purpose="Power BI", position=1
    )
    for code, start, drawn in (("LBB", "-63112", "5000"), ("LBH", "-867880", "25000")):
        council = world.councils[code]
        ReserveAmount.objects.create(item=opening, partner=council, amount=Decimal(start))
        ReserveAmount.objects.create(item=power, partner=council, amount=Decimal(drawn))


def floats(value: Any) -> list[Any]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in floats(v)]
    return []


def test_the_latest_signed_off_period_of_the_quarter_with_every_line():
    world = finance_world()
    forecast_period(world, 4, P4)
    forecast_period(world, 5, P5)
    forecast_period(world, 6, {"AM1": "9999999"}, status="submitted")  # a draft: never shown
    with_reserve(world)
    made = part_for(list(Organisation.objects.all()))
    data = made.data["finance"]
    assert not made.empty and made.organisations == {"OS", "LBB", "LBH", "LBN"}
    assert (data["period"], data["label"]) == (5, "Period 5 2019/20 (August 2019)")
    assert data["previous"] == "Period 4 2019/20 (July 2019)"
    assert data["councils"] == ["LBB", "LBH", "LBN"]
    am1 = next(line for line in data["lines"] if line["code"] == "AM1")
    assert (am1["budget"], am1["forecast"], am1["previous"]) == (
        "1000000.00",
        "1100000.00",
        "1050000.00",
    )
    assert am1["parts"] == {"LBB": "10000", "LBH": "40000", "LBN": "50000"}
    assert am1["explanation"] == "Why AM1 moved"
    # the reserve is offset by each partner's share of the shared variance
    offsets = data["reserves"]["offsets"]
    shared = sum(
        (Decimal(line["forecast"]) - Decimal(line["budget"]))
        for line in data["lines"]
        if line["council"] is None
    )
    assert sum(Decimal(v) for v in offsets.values()) == shared
    assert data["reserves"]["opening"]["LBB"] == "-63112.00"
    assert data["reserves"]["drawdowns"][0]["purpose"] == "Power BI"
    assert floats(data) == []  # money as exact strings, never floats


def test_a_havering_pack_never_shows_another_councils_non_shared_lines():
    world = finance_world()
    forecast_period(world, 5, P5)
    made = part_for([world.councils["LBH"]])
    data = made.data["finance"]
    assert made.organisations == {"LBH"} and data["councils"] == ["LBH"]
    assert [line["code"] for line in data["lines"]] == ["AM1", "AM2", "LG1", "NS-H"]
    text = json.dumps(made.data)
    assert "Newham non-shared" not in text and "437654" not in text and "NS-B" not in text


def test_an_unsigned_quarter_is_left_out_and_a_draft_never_counts():
    world = finance_world()
    forecast_period(world, 5, P5, status="submitted")
    assert part_for(list(Organisation.objects.all())).empty
    snapshot = selectors.pack_snapshot(
        quarter=Q2, organisation=None, exception_rule=ExceptionRule.AMBER_AND_RED, taken_at=TAKEN
    )
    assert "finance" not in snapshot and "finance" not in snapshot.get("sections", [])
    forecast_period(world, 4, P4)  # P4 signed off: the latest signed off of the quarter
    assert part_for(list(Organisation.objects.all())).data["finance"]["period"] == 4
    q1 = finance_part(PackRequest(Quarter(FinancialYear(2019), 1), [], ExceptionRule.AMBER_AND_RED))
    assert q1.empty  # P4 is not in Q1


def test_the_pack_command_builds_a_councils_finance_section(tmp_path, capsys):
    world = finance_world()
    forecast_period(world, 4, P4)
    forecast_period(world, 5, P5)
    call_command(
        "pack",
        period="2019/20 Q2",
        council="LBH",
        section=["finance"],
        format="html,xlsx",
        out=tmp_path,
    )
    pack = Pack.objects.get()
    assert json.loads(pack.snapshot)["sections"] == ["finance"]
    assert "Period 5 2019/20 (August 2019): shared" in capsys.readouterr().out
    html = (tmp_path / pack.file_name("html")).read_text()
    assert "Financial forecast at Period 5 2019/20 (August 2019)" in html
    assert "Havering non-shared" in html
    assert "Newham non-shared" not in html and "437,654" not in html and "0.038" not in html
    assert "Exception reports" not in html


def test_a_pack_naming_the_section_with_nothing_signed_off_still_builds(tmp_path):
    finance_world()
    call_command("pack", period="2019/20 Q2", section=["finance"], format="html", out=tmp_path)
    html = (tmp_path / Pack.objects.get().file_name("html")).read_text()
    assert "No finance period of 2019/20 Q2 has been signed off" in html
