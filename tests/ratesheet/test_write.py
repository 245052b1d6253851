"""The CSV writer writes every row byte for byte as csv.writer does."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.ratesheet.read import Cell, Formula, as_text
from goldenthread.ratesheet.write import CsvWriter

# Text with every character csv.writer treats specially, and some it does not.
fields = st.text(alphabet=st.sampled_from(list(',"\r\n \t;aZ9%£\u2014')), max_size=6)


def written(rows: list[list[Cell | Formula]], path: Path, *, cells_are_text: bool) -> bytes:
    writer = CsvWriter(path, ["a", "b"], frozenset(), cells_are_text=cells_are_text)
    for row in rows:
        writer.write(row)
    writer.close()
    return path.read_bytes()


def by_csv_module(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["a", "b"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@given(st.lists(st.lists(fields, max_size=5), max_size=5))
def test_text_rows_are_written_as_csv_writer_writes_them(rows: list[list[str]]) -> None:
    expected = by_csv_module(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.csv"
        cells: list[list[Cell | Formula]] = [list(row) for row in rows]
        assert written(cells, path, cells_are_text=True) == expected
        assert written(cells, path, cells_are_text=False) == expected


@pytest.mark.parametrize(
    "row",
    [
        pytest.param([""], id="one-empty-field"),
        pytest.param([], id="no-fields"),
        pytest.param(["", ""], id="two-empty-fields"),
        pytest.param(["£20,000", "x"], id="comma"),
        pytest.param(['say "hi"', "x"], id="quote"),
        pytest.param(["two\nlines", "x"], id="newline"),
        pytest.param(["carriage\rreturn", "x"], id="carriage-return"),
        pytest.param([" padded ", "\ttab"], id="spaces-not-quoted"),
    ],
)
def test_edge_rows(row: list[str], tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    cells: list[Cell | Formula] = list(row)
    assert written([cells], path, cells_are_text=True) == by_csv_module([row])


def test_typed_cells_are_written_as_text(tmp_path: Path) -> None:
    row: list[Cell | Formula] = [
        None,
        1,
        0.1,
        Decimal("1E+2"),
        datetime.datetime(2019, 6, 30, 10, 0),
        datetime.date(2019, 6, 30),
        "a,b",
    ]
    path = tmp_path / "out.csv"
    expected = by_csv_module([[as_text(cell) for cell in row]])
    assert written([row], path, cells_are_text=False) == expected
    assert b",100,2019-06-30T10:00:00," in expected
