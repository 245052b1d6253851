"""The CSV writer writes every row byte for byte as csv.writer does, once text a
spreadsheet would run as a formula has its leading apostrophe."""

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

from goldenthread.domain.spreadsheet_text import csv_field
from goldenthread.ratesheet.read import Cell, Formula, as_text
from goldenthread.ratesheet.write import CsvWriter

# Text with every character csv.writer treats specially, and some it does not.
fields = st.text(alphabet=st.sampled_from(list(",\"\r\n \t;aZ9%£\u2014=+-@.'")), max_size=6)


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
    writer.writerows([[csv_field(field) for field in row] for row in rows])
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


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-", "'-"),
        ("'=1+1", "'=1+1"),  # already safe: never prefixed twice
        ("-6.83", "-6.83"),  # figures stay figures
        ("+5", "+5"),
        ("-41%", "-41%"),
        ("-1,234.5", "-1,234.5"),
        ("-1e-05", "-1e-05"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text: str, field: str) -> None:
    assert csv_field(text) == field


def test_written_csv_fields_are_prefixed(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    row: list[Cell | Formula] = ["=1+1", "-5", Decimal("-2.5"), "@x"]
    content = written([row], path, cells_are_text=False).decode("utf-8")
    assert content.splitlines()[1] == "'=1+1,-5,-2.5,'@x"
