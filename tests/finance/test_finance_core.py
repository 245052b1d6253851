"""Budget monitoring's core on the factories' small world: who sees which lines,
a period's position, the cost share adding up, the forecast's lifecycle."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.factories import finance_world, forecast_period

from goldenthread.domain.lifecycle import State
from goldenthread.finance.selectors import position, reserve_table
from goldenthread.finance.services import (
    ForecastRefused,
    LineEntry,
    forecast_submit,
    forecasts_save,
    missing_for_submit,
    period_open,
)
from goldenthread.people.access import scope_of
from goldenthread.submissions.selectors import awaiting_sign_off
from goldenthread.submissions.services import StaleSubmission, submission_move

pytestmark = pytest.mark.django_db
ALL = {
    "AM1": "1100000",
    "AM2": "190001",
    "LG1": "1000300",
    "NS-H": "510000",
    "NS-N": "400000",
    "NS-B": "90000",
}


def test_a_reader_sees_the_shared_lines_and_their_own_councils_never_anothers():
    world = finance_world()
    forecast_period(world, 5, ALL)
    at = position(scope_of(world.readers["LBH"]), world.os, 2019, 5)
    assert [r.line.code for r in at.rows] == ["AM1", "AM2", "LG1", "NS-H"]
    everything = position(scope_of(world.team), world.os, 2019, 5)
    assert len(everything.rows) == 6


def test_the_partners_parts_add_up_to_each_line_and_to_the_shared_total():
    world = finance_world()
    forecast_period(world, 5, ALL)
    at = position(scope_of(world.team), world.os, 2019, 5)
    rows = {r.line.code: r for r in at.shared_rows}
    # AM1 +100,000 by 10/40/50
    assert rows["AM1"].parts == {"LBB": 10000, "LBH": 40000, "LBN": 50000}
    # AM2 -9,999 between LBH and LBN only (4:5): exact -4,444 and -5,555 (4/9, 5/9 of 9,999)
    assert rows["AM2"].parts == {"LBH": Decimal(-4444), "LBN": Decimal(-5555)}
    # LG1 +300 by the fixed amounts 1:3:6
    assert rows["LG1"].parts == {"LBB": 30, "LBH": 90, "LBN": 180}
    assert sum(at.shared_parts.values()) == at.shared.variance == Decimal(100000 - 9999 + 300)
    councils = world.councils
    assert at.non_shared(councils["LBB"]).variance == Decimal(-10000)


def test_a_reader_does_not_see_a_forecast_before_sign_off_the_partner_does():
    world = finance_world()
    forecast_period(world, 5, ALL, status=State.SUBMITTED.value)
    reader = position(scope_of(world.readers["LBN"]), world.os, 2019, 5)
    assert not reader.shown and reader.shared.variance == 0
    partner = position(scope_of(world.partner), world.os, 2019, 5)
    assert partner.shown and partner.shared.variance == Decimal(90301)


def test_the_forecast_is_saved_submitted_when_complete_and_signed_off_by_the_director():
    world = finance_world()
    fp = period_open(world.budget, 5)
    entries = [LineEntry(world.lines["AM1"], Decimal("1100000"), "")]
    forecasts_save(fp, entries, expected_version=0, by=world.partner)
    fp.refresh_from_db()
    with pytest.raises(ForecastRefused, match=r"AM1: explain its variance.*AM2: give its forecast"):
        forecast_submit(fp, expected_version=fp.version, by=world.partner)
    with pytest.raises(StaleSubmission):
        forecasts_save(fp, entries, expected_version=0, by=world.partner)
    entries = [
        LineEntry(world.lines[code], Decimal(amount), "Explained") for code, amount in ALL.items()
    ]
    forecasts_save(fp, entries, expected_version=fp.version, by=world.partner)
    fp.refresh_from_db()
    forecast_submit(fp, expected_version=fp.version, by=world.partner)
    fp.refresh_from_db()
    waiting = awaiting_sign_off(scope_of(world.director))
    assert [w.name for w in waiting] == [
        "OS Strategic and Operational Finance budget forecast, Period 5 2019/20 (August 2019)"
    ]
    submission_move(fp, "approve", expected_version=fp.version, by=world.director)
    fp.refresh_from_db()
    assert fp.status == State.APPROVED.value and fp.quarter == 2


def test_the_reserve_table_follows_from_its_inputs():
    world = finance_world()
    table, items = reserve_table(world.os, 2019, {"LBB": Decimal(71000)})
    assert items == [] and table.partners == ["LBB", "LBH", "LBN"]
    assert table.after_cost_share == {"LBB": Decimal(71000), "LBH": 0, "LBN": 0}


def test_a_caseload_basis_is_re_split_at_year_end_on_the_actual_activity():
    from goldenthread.finance.models import ShareBasis

    world = finance_world()
    basis = ShareBasis.objects.get(service=world.services["AM"], year=2019)
    basis.activity_driven, basis.tolerance, basis.basis = True, Decimal(2), "Caseloads"
    basis.save()
    for share, actual in zip(basis.shares.order_by("partner__code"), (20, 40, 40), strict=True):
        share.actual_numerator, share.actual_denominator = actual, 100
        share.save()
    forecast_period(world, 11, ALL)
    forecast_period(world, 12, ALL)
    team = scope_of(world.team)
    p11 = {r.line.code: r for r in position(team, world.os, 2019, 11).shared_rows}
    p12 = {r.line.code: r for r in position(team, world.os, 2019, 12).shared_rows}
    assert p11["AM1"].parts == {"LBB": 10000, "LBH": 40000, "LBN": 50000}  # the estimate
    assert p12["AM1"].parts == {"LBB": 20000, "LBH": 40000, "LBN": 40000}  # 10 points off: re-split
    assert (
        "re-split at year end on the actual activity beyond 2 percentage points" in p12["AM1"].basis
    )


def test_a_line_that_is_not_controllable_is_not_monitored():
    world = finance_world()
    world.lines["NS-B"].controllable = False
    world.lines["NS-B"].save()
    forecast_period(world, 5, ALL)
    at = position(scope_of(world.team), world.os, 2019, 5)
    assert "NS-B" not in {r.line.code for r in at.rows}
    fp = period_open(world.budget, 6)
    assert "NS-B" not in {m.line.code for m in missing_for_submit(fp)}
