"""`goldenthread rate` on a council's own units and targets in words (issue 17):
any unit is a counted quantity with its label, targets as the papers print
them ("A maximum of 30 weeks.", "95%*"), and the comparator in the words gives
the polarity when the polarity column is blank. The rows are illustrative,
written in the forms councils' published KPI tables use."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from goldenthread.cli import main
from goldenthread.ratesheet.columns import Columns


def rate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, str]], str]:
    code = main(["rate", str(path)])
    out, err = capsys.readouterr()
    return code, list(csv.DictReader(io.StringIO(out))), err


def sheet(
    tmp_path: Path, rows: list[list[str]], header: str = "indicator,value,target,polarity,unit"
) -> Path:
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(header.split(","))
        out.writerows(rows)
    return path


# (indicator, value, target, polarity, unit) -> status, gap; polarity blank: the words say
WORDS = [
    (
        ["Residual waste", "412 kg per household", "A maximum of 450 kg per household.", "", ""],
        "GREEN",
        "-38",
    ),
    (
        ["Waste collected", "15,239 tonnes", "no more than 15,000 tonnes", "", "tonnes"],
        "AMBER",
        "239",
    ),
    (["Home visits", "12 visits", "A minimum of 10 visits.", "", ""], "GREEN", "2"),
    (
        ["Sickness", "9.1 days per FTE", "at most 8.5 days per FTE", "", "days per FTE"],
        "RED",
        "0.6",
    ),
    (["Satisfaction", "71%*", "A minimum of 70%.", "", ""], "GREEN", "1"),
    (["Cost", "£2.60 per head", "up to £2.50 per head", "", ""], "AMBER", "0.10"),
    (["Appeals", "31 weeks", "A maximum of 30 weeks.", "", ""], "AMBER", "1"),
    (["Calls answered", "88%", "not less than 95%†", "", "%"], "RED", "-7"),
    (["Cases", "1,204", "greater than 1,000", "", "number of cases"], "GREEN", "204"),
    (["Bins", "97", "95% (1)", "up", "%"], "GREEN", "2"),
    (["Bed days", "120 Bed Days", "not more than 100 bed days", "", "bed days"], "RED", "20"),
    (["Band", "75%", "70% to 80%", "", ""], "GREEN", "0"),
]


def test_council_units_and_targets_in_words_are_rated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, rows, err = rate(sheet(tmp_path, [row for row, _, _ in WORDS]), capsys)
    assert code == 0, err
    for row, (cells, status, gap) in zip(rows, WORDS, strict=True):
        assert (row["indicator"], row["status"], row["gap"]) == (cells[0], status, gap), row


def test_a_blank_polarity_with_a_bare_target_is_still_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = rate(
        sheet(tmp_path, [["Waste", "12 tonnes", "15 tonnes", "", "tonnes"]]), capsys
    )
    assert code == 1
    assert "row 2, column D (polarity): is needed for target '15 tonnes'" in err


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        (
            ["Waste", "12 visits", "15 tonnes", "down", "tonnes"],
            "column B (value): is in visits but the unit is tonnes",
        ),
        (
            ["Waste", "12%", "15 tonnes", "down", ""],
            "column C (target): is in tonnes but the value in %",
        ),
        (["Waste", "12 tonnes", "15", "down", "=1+1"], "column E (unit): unit '=1+1' has '+' '='"),
        (["Waste", "12 tonnes", "15", "down", "x" * 200], "is longer than 40 characters"),
        (["Waste", "12 ton\x1bnes", "15", "down", ""], "column B (value): could not read"),
        (
            ["Waste", "12 tonnes", "at most 15 visits", "", ""],
            "column C (target): is in visits but the value in tonnes",
        ),
    ],
    ids=[
        "value in another unit",
        "target in another unit",
        "formula-like unit",
        "huge unit",
        "control character",
        "words, another unit",
    ],
)
def test_a_figure_in_another_unit_or_a_bad_unit_names_its_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cells: list[str], problem: str
) -> None:
    good = ["Visits", "12 visits", "A minimum of 10 visits.", "", ""]
    code, _, err = rate(sheet(tmp_path, [good, cells]), capsys)
    assert code == 1
    assert f"row 3, {problem}" in err or (problem in err and "row 3" in err), err
    assert "row 2" not in err  # the good row is not blamed
    assert "Traceback" not in err


def test_counted_units_match_ignoring_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [["Waste", f"{n} Tonnes", "at most 15 tonnes", "", "TONNES"] for n in (12, 13, 16)]
    code, rated, err = rate(sheet(tmp_path, rows), capsys)
    assert code == 0, err
    assert [r["status"] for r in rated] == ["GREEN", "GREEN", "RED"]


def test_units_is_another_name_for_the_unit_column() -> None:
    assert Columns(["indicator", "value", "Units"]).position["unit"] == 2
