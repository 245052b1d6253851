"""Seed 001's reserve table (lines 283-294) comes out exactly from its inputs."""

from __future__ import annotations

from decimal import Decimal

from goldenthread.domain.reserves import Drawdown, ReserveTable, Stage, total

D = Decimal
SEED_001 = ReserveTable(
    ["LBB", "LBH", "LBN"],
    {"LBB": D(-63112), "LBH": D(-867880), "LBN": D(-995042)},
    [
        Drawdown("Bolstering Legal Support", Stage.DRAWN, {"LBN": D(362000)}, in_base=True),
        Drawdown("Bolstering Finance Support", Stage.DRAWN, {"LBN": D(166000)}, in_base=True),
        Drawdown("Bolstering H&S Funding", Stage.PROJECTED, {"LBN": D(142000)}, in_base=True),
        Drawdown("Income system", Stage.PROJECTED, {"LBH": D(50000), "LBN": D(50000)}),
        Drawdown("Power BI", Stage.PROJECTED, {"LBB": D(5000), "LBH": D(25000), "LBN": D(25000)}),
    ],
    {"LBB": D(71000), "LBH": D(138000), "LBN": D(223000)},
)


def test_seed_001_reserve_table_to_the_pound():
    assert total(SEED_001.opening_row) == D(-1926034)
    assert SEED_001.closing == {"LBB": D(-58112), "LBH": D(-792880), "LBN": D(-250042)}
    assert total(SEED_001.closing) == D(-1101034)
    assert total(SEED_001.offset_row) == D(432000)
    assert SEED_001.after_cost_share == {"LBB": D(12888), "LBH": D(-654880), "LBN": D(-27042)}
    assert total(SEED_001.after_cost_share) == D(-669034)
    assert [d.total for d in SEED_001.drawdowns] == [362000, 166000, 142000, 100000, 55000]


def test_a_partner_whose_reserve_cannot_meet_its_share_is_named():
    assert SEED_001.short() == ["LBB"]
    assert sum(SEED_001.drawn(Stage.PROJECTED).values()) == D(297000)
