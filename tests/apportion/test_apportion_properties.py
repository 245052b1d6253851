"""Whatever the lines, shares and partners, `goldenthread apportion` never loses
or invents money: each row's partners add up exactly to its total rounded to
the unit, the partners' totals add up to the grand total, and each partner's
amount is within one unit of its exact share."""

from __future__ import annotations

import csv
import io
import tempfile
from contextlib import redirect_stderr
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.apportion.run import Options, apportion_file

UNITS = [Decimal("0.01"), Decimal(1), Decimal(1000)]
amounts = st.decimals(
    min_value=Decimal("-999999999.99"), max_value=Decimal("999999999.99"), places=2
)
weights = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=7).filter(any)


def run(lines: list[Decimal], shares: list[Fraction], unit: Decimal) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        source, sheet, output = (Path(folder) / n for n in ("in.csv", "shares.csv", "out.csv"))
        source.write_text(
            "line,total\n" + "".join(f"L{n},{total}\n" for n, total in enumerate(lines)),
            encoding="utf-8",
        )
        sheet.write_text(
            "partner,share\n" + "".join(f"P{n},{s}\n" for n, s in enumerate(shares)),
            encoding="utf-8",
        )
        with redirect_stderr(io.StringIO()):
            outcome = apportion_file(
                source, sheet, Options(unit=unit), fmt="csv", output=output, stdout=None
            )
        assert outcome.ok, outcome.problems
        return list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))


def to_unit(amount: Fraction, unit: Decimal) -> Decimal:
    """The amount rounded to the unit, half away from zero."""
    units = (Decimal(amount.numerator) / Decimal(amount.denominator) / unit).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    return units * unit


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(amounts, min_size=1, max_size=8),
    weights=weights,
    unit=st.sampled_from(UNITS),
)
def test_rows_and_columns_add_up_and_each_part_is_within_a_unit(
    lines: list[Decimal], weights: list[int], unit: Decimal
) -> None:
    whole = sum(weights)
    shares = [Fraction(w, whole) for w in weights]
    rows = run(lines, shares, unit)
    partners = [f"P{n}" for n in range(len(weights))]
    *body, total_row = rows
    assert len(body) == len(lines)
    for row, total in zip(body, lines, strict=True):
        parts = [Decimal(row[p]) for p in partners]
        assert sum(parts) == to_unit(Fraction(total), unit)
        for part, share in zip(parts, shares, strict=True):
            assert abs(Fraction(part) - Fraction(total) * share) < Fraction(unit)
    column_totals = [sum(Decimal(row[p]) for row in body) for p in partners]
    assert [Decimal(total_row[p]) for p in partners] == column_totals
    assert Decimal(total_row["total"]) == sum(column_totals)
    assert Decimal(total_row["total"]) == sum(to_unit(Fraction(t), unit) for t in lines)
