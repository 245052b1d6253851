"""The demo's budget monitoring against the seeds: seed 001's Period 5 2019/20
summary table (lines 270-273) and reserve table (lines 283-294) to the pound,
its contradiction (Bexley's (£0.144m) at line 221 against the table's
(0.114)), seed 004's 2017/18 outturn (lines 305-308), reserve (318-323) and
savings (203-205); who sees which lines; and a second load changing nothing.
See data/README.md and docs/demo.md ("Budget monitoring")."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from tests.factories import make_user

from goldenthread.demo.load import DATA, DatasetError, load_dataset
from goldenthread.demo.users import create_demo_users
from goldenthread.domain.lifecycle import Party
from goldenthread.domain.money import millions, pounds
from goldenthread.domain.reserves import Stage, total
from goldenthread.finance.kind import FORECASTS
from goldenthread.finance.models import FinancePeriod, LineForecast, ReserveAmount
from goldenthread.finance.selectors import (
    contradictions,
    position,
    reserve_table,
    savings,
    savings_totals,
    shares_of,
)
from goldenthread.organisations.models import Organisation
from goldenthread.people.access import Scope, scope_of
from goldenthread.people.models import Role

pytestmark = pytest.mark.django_db
TEAM = Scope("performance-team", True, frozenset(), frozenset(), frozenset())
CODES = ("LBH", "LBN", "LBB")  # the summary table's order


def _os() -> Organisation:
    return Organisation.objects.get(code="OS")


def _summary(year: int, period: int) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    """The summary table: shared, non-shared and total per council, and in all."""
    at = position(TEAM, _os(), year, period)
    councils = {c.code: c for c in at.partners}
    table = {}
    for code in CODES:
        shared = at.shared_parts[code]
        non_shared = at.non_shared(councils[code]).variance
        table[code] = (shared, non_shared, shared + non_shared)
    table["Total"] = tuple(sum(column) for column in zip(*table.values(), strict=True))  # type: ignore[assignment]
    assert table["Total"][0] == at.shared.variance
    return table


def test_period_5_is_seed_001s_summary_table_to_the_pound():
    load_dataset()
    table = _summary(2019, 5)
    assert table == {
        "LBH": (138_000, 177_000, 315_000),
        "LBN": (223_000, 172_000, 395_000),
        "LBB": (71_000, -114_000, -43_000),
        "Total": (432_000, 235_000, 667_000),
    }
    # as the table prints it, £m to three places (seed 001 lines 271-273)
    printed = {code: [millions(x) for x in row] for code, row in table.items()}
    assert printed == {
        "LBH": ["0.138", "0.177", "0.315"],
        "LBN": ["0.223", "0.172", "0.395"],
        "LBB": ["0.071", "(0.114)", "(0.043)"],
        "Total": ["0.432", "0.235", "0.667"],
    }


def test_the_narratives_pressures_come_out_per_line_and_partner():
    """Seed 001 lines 240-244: each pressure's parts, to the pound."""
    load_dataset()
    at = position(TEAM, _os(), 2019, 5)
    parts = {row.line.code: row.parts for row in at.shared_rows}
    assert parts["AM-CP"] == {"LBH": 135_000, "LBN": 171_000}
    assert parts["HR"] == {"LBH": 68_000, "LBN": 145_000}
    assert parts["ET-VM"] == {"LBH": -84_000, "LBN": -124_000}
    assert parts["EN-B"] == {"LBB": 60_000}
    smaller = [parts["FIN"], parts["LG"]]
    assert {c: sum(p.get(c, 0) for p in smaller) for c in CODES} == {
        "LBH": 19_000,
        "LBN": 31_000,
        "LBB": 11_000,
    }
    assert not [row for row in at.rows if row.problem]
    # each row's parts add up to its variance: nothing lost to rounding
    for row in at.shared_rows:
        assert sum(row.parts.values()) == row.position.variance, row.line.code
    # the shares are kept exactly as agreed: a fraction, not a rounded percentage
    hr = next(row.line for row in at.shared_rows if row.line.code == "HR")
    assert str(shares_of(hr, 2019).parts["LBH"]) == "68/213"
    # the caseload basis is activity-driven
    enforcement = next(row for row in at.shared_rows if row.line.code == "EN-B")
    assert "Caseloads" in enforcement.basis and "LBB only" in enforcement.basis


def test_period_4_gives_movement_and_both_periods_are_signed_off():
    load_dataset()
    assert set(FinancePeriod.objects.filter(year=2019).values_list("period", "status")) == {
        (4, "approved"),
        (5, "approved"),
    }
    at = position(TEAM, _os(), 2019, 5)
    moved = {r.line.code: r.position.movement for r in at.rows if r.position.movement}
    assert moved["AM-CP"] == 16_000 and moved["H-CP"] == -302_000
    assert at.missing == []
    explained = [r for r in at.rows if r.position.variance]
    assert all(r.explanation for r in explained)


def test_the_reserve_table_is_seed_001s_to_the_pound():
    load_dataset()
    at = position(TEAM, _os(), 2019, 5)
    table, items = reserve_table(_os(), 2019, at.shared_parts)

    def printed(row: dict[str, Decimal]) -> list[str]:
        return [pounds(row[c]) for c in ("LBB", "LBH", "LBN")] + [pounds(total(row))]

    assert printed(table.opening_row) == ["(63,112)", "(867,880)", "(995,042)", "(1,926,034)"]
    drawdowns = {
        d.purpose: ([pounds(d.amounts.get(c, 0)) for c in ("LBB", "LBH", "LBN")], pounds(d.total))
        for d in table.drawdowns
    }
    assert drawdowns == {
        "Bolstering Legal Support": (["0", "0", "362,000"], "362,000"),
        "Bolstering Finance Support": (["0", "0", "166,000"], "166,000"),
        "Bolstering H&S Funding": (["0", "0", "142,000"], "142,000"),
        "Income system": (["0", "50,000", "50,000"], "100,000"),
        "Power BI": (["5,000", "25,000", "25,000"], "55,000"),
    }
    assert printed(table.closing) == ["(58,112)", "(792,880)", "(250,042)", "(1,101,034)"]
    assert printed(table.offset_row) == ["71,000", "138,000", "223,000", "432,000"]
    assert printed(table.after_cost_share) == ["12,888", "(654,880)", "(27,042)", "(669,034)"]
    assert table.short() == ["LBB"]  # "the reserve will not be able to meet ... in all cases"
    starred = [i.purpose for i in items if i.in_base]
    assert starred == [
        "Bolstering Legal Support",
        "Bolstering Finance Support",
        "Bolstering H&S Funding",
    ]
    assert [d.purpose for d in table.drawdowns if d.stage is Stage.PROJECTED] == [
        "Bolstering H&S Funding",
        "Income system",
        "Power BI",
    ]


def test_the_check_shows_bexleys_0_144_against_the_tables_0_114():
    load_dataset()
    found = contradictions(position(TEAM, _os(), 2019, 5))
    assert [(c.stated, c.computed, c.difference) for c in found] == [(-144_000, -114_000, -30_000)]
    assert "line 221" in found[0].where
    assert millions(found[0].stated) == "(0.144)" and millions(found[0].computed) == "(0.114)"


def test_2017_18_outturn_is_seed_004s_summary_table():
    load_dataset()
    assert _summary(2017, 12) == {
        "LBH": (-630_000, -817_000, -1_447_000),
        "LBN": (-649_000, 7_065_000, 6_416_000),
        "LBB": (-63_000, -353_000, -416_000),
        "Total": (-1_342_000, 5_895_000, 4_553_000),
    }
    at = position(TEAM, _os(), 2017, 12)
    by_service = {r.line.code: r.position.variance for r in at.shared_rows}
    # the services seed 004 names (lines 223, 227, 231, 235)
    assert (by_service["LG"], by_service["AM"], by_service["ET"], by_service["FIN"]) == (
        -222_000,
        -176_000,
        -516_000,
        -217_000,
    )
    # seed 004's slips: Havering (0.812) and Bexley (0.407) at line 191 against the table
    found = {(c.label, c.stated, c.difference) for c in contradictions(at)}
    assert found == {
        ("London Borough of Havering: non-shared variance", -812_000, 5_000),
        ("London Borough of Bexley: non-shared variance", -407_000, -54_000),
    }


def test_2017_18_reserve_and_savings():
    load_dataset()
    at = position(TEAM, _os(), 2017, 12)
    table, _ = reserve_table(_os(), 2017, at.shared_parts)
    assert table.opening_row == {"LBB": 0, "LBH": -1_058_000, "LBN": 0}
    assert table.offset_row == {"LBB": -63_000, "LBH": -630_000, "LBN": -649_000}
    # seed 004 line 323: opening balance 2018-19 (0.633) (0.649) (0.063) = (1.345)
    assert table.after_cost_share == {"LBB": -63_000, "LBH": -633_000, "LBN": -649_000}
    assert total(table.after_cost_share) == -1_345_000
    items = savings(_os(), 2017)
    assert {s.partner.code: s.achieved for s in items if s.partner} == {
        "LBH": 4_483_000,
        "LBN": 7_629_000,
        "LBB": 741_000,
    }
    sums = savings_totals(items)
    assert (sums.planned, sums.achieved) == (14_880_000, 12_853_000)


def test_a_havering_reader_never_sees_newhams_or_bexleys_non_shared_lines():
    load_dataset()
    lbh = Organisation.objects.get(code="LBH")
    reader = make_user("reader.h", Role.READER, organisations=[lbh])
    for year, period in ((2019, 5), (2019, 4), (2017, 12)):
        at = position(scope_of(reader), _os(), year, period)
        councils = {r.line.council.code for r in at.rows if r.line.council}
        assert councils == {"LBH"}, (year, period)
        assert at.shared_rows  # the shared position is theirs too
        # nothing about another council's lines, not even a difference from a total
        labels = [c.label for c in contradictions(at)]
        assert labels == (
            ["London Borough of Havering: non-shared variance"] if year == 2017 else []
        ), (year, period)


def test_loading_twice_changes_nothing():
    first = load_dataset()
    assert first.counts["budget lines"] == 34
    forecasts = LineForecast.history.count()
    amounts = ReserveAmount.history.count()
    second = load_dataset()
    assert (second.created, second.changed) == (0, 0)
    assert (LineForecast.history.count(), ReserveAmount.history.count()) == (forecasts, amounts)


def test_a_bad_finance_row_refuses_the_whole_load(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    shares = folder / "finance_shares.csv"
    shares.write_text(
        shares.read_text(encoding="utf-8").replace(",LBH,7/13,", ",LBH,8/13,"), encoding="utf-8"
    )
    forecasts = folder / "finance_forecasts.csv"
    forecasts.write_text(
        forecasts.read_text(encoding="utf-8").replace('"(844,000)"', "=1+2"), encoding="utf-8"
    )
    with pytest.raises(DatasetError) as error:
        load_dataset(folder)
    text = str(error.value)
    assert "finance_shares.csv, Legal and Governance: Legal 2019: the shares add up to" in text
    assert "column forecast: '=1+2' is not an amount of money" in text
    assert not FinancePeriod.objects.exists()


def test_the_finance_demo_users_enter_and_sign_off_the_forecast():
    """`fbp.finance` enters every line's forecast (shared and each council's);
    `director.finance` signs the period off (docs/demo.md, "Budget monitoring")."""
    load_dataset()
    create_demo_users()
    people = {u.username: scope_of(u) for u in get_user_model().objects.all()}
    period = FinancePeriod.objects.get(year=2019, period=5)
    where = (period.organisation, period.service_area)
    assert FORECASTS.parties(people["fbp.finance"], *where) == {Party.CONTRIBUTOR}
    assert FORECASTS.parties(people["director.finance"], *where) == {Party.SIGNATORY}
    assert FORECASTS.parties(people["councillor.lbh"], *where) == set()
    every = len(position(TEAM, _os(), 2019, 5).rows)
    assert len(position(people["fbp.finance"], _os(), 2019, 5).rows) == every


def test_savings_achieved_str_02_reads_the_savings_programme_as_the_finance_pages_do():
    """Seed 000's strategic indicator "Savings achieved" (line 154) is not typed: its
    2017/18 figure per council is the savings programme's (seed 004 line 205)."""
    from goldenthread.returns.models import Measurement

    load_dataset()
    items = savings(_os(), 2017)
    fed = {
        m.organisation.code: m
        for m in Measurement.objects.filter(indicator__reference="STR-02").select_related(
            "organisation"
        )
    }
    assert (
        {code: m.amount for code, m in fed.items()}
        == {s.partner.code: s.achieved for s in items}
        == {"LBH": Decimal(4483000), "LBN": Decimal(7629000), "LBB": Decimal(741000)}
    )
    assert all(m.source.startswith("From budget monitoring") for m in fed.values())
