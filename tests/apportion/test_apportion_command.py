"""`goldenthread apportion` as a finance officer uses it: two sheets in, one out."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from goldenthread.cli import main

EXAMPLES = Path(__file__).parents[2] / "examples" / "apportion"
SHARES = "partner,share\nLBB,7.53%\nLBH,44.41%\nLBN,48.32%\n"  # seed 004 lines 130-132
EXACT = "partner,share\nLBB,1/10\nLBH,3/10\nLBN,6/10\n"


def apportion(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["apportion", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def sheets(tmp_path: Path, lines: str, shares: str = EXACT) -> list[str]:
    (tmp_path / "lines.csv").write_text(lines, encoding="utf-8")
    (tmp_path / "shares.csv").write_text(shares, encoding="utf-8")
    return [str(tmp_path / "lines.csv"), "--shares", str(tmp_path / "shares.csv")]


def amounts(row: dict[str, str], partners: tuple[str, ...] = ("LBB", "LBH", "LBN")) -> list[str]:
    return [row[p] for p in partners]


def test_the_seeds_printed_shares_are_refused_without_a_tolerance(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "out.csv"
    code, out, err = apportion(
        [
            str(EXAMPLES / "budget-2018-19.csv"),
            "--shares",
            str(EXAMPLES / "shares-2018-19.csv"),
            "--output",
            str(out_file),
        ],
        capsys,
    )
    assert code == 1
    assert out == ""
    assert not out_file.exists()
    assert (
        "shares-2018-19.csv: column B (share): rows 2-4: the shares for every line add up to "
        "100.26%, not 100%: if they are printed rounded, give --tolerance 0.26%"
    ) in err
    assert "1 problem: nothing was written" in err


def test_the_seeds_example_with_a_tolerance_reconciles_to_the_pound(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = apportion(
        [
            str(EXAMPLES / "budget-2018-19.csv"),
            "--shares",
            str(EXAMPLES / "shares-2018-19.csv"),
            "--tolerance",
            "0.3%",
        ],
        capsys,
    )
    assert code == 0, err
    rows = rows_of(out)
    assert list(rows[0]) == ["line", "total", "LBB", "LBH", "LBN", "source"]
    base, income, power_bi, offset, total = rows
    # £34.410m split 7.53 : 44.41 : 48.32, the 0.26% over distributed in proportion.
    assert amounts(base) == ["2584354", "15241852", "16583794"]
    assert sum(int(a) for a in amounts(base)) == 34_410_000
    # Specific allocations (seed 001 lines 290, 291, 293) are kept as given.
    assert amounts(income) == ["0", "50000", "50000"]
    assert amounts(power_bi) == ["5000", "25000", "25000"]
    assert amounts(offset) == ["71000", "138000", "223000"]
    assert offset["source"].startswith("seed 001 line 293")
    assert total["line"] == "Total"
    assert total["total"] == "34997000"
    assert amounts(total) == ["2660354", "15454852", "16881794"]
    assert "apportioned 4 lines (3 by specific allocation) between 3 partners" in err
    assert "LBB: 2,660,354 (7.60% of the total)" in err
    assert "total: 34,997,000" in err
    assert "rounding: each line's amounts are rounded to £1 by the largest remainder rule" in err


def test_per_line_shares_and_exact_fractions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = apportion(
        [
            str(EXAMPLES / "services-illustrative.csv"),
            "--shares",
            str(EXAMPLES / "shares-by-service.csv"),
            "--tolerance",
            "0.3%",
        ],
        capsys,
    )
    assert code == 0, err
    exchequer, legal, finance, payroll, total = rows_of(out)
    assert amounts(exchequer) == ["0", "443226", "525363"]  # the line's own fractions, exactly
    assert sum(int(a) for a in amounts(legal)) == 2_735_000
    assert amounts(finance) == ["-8562", "-50496", "-54942"]  # the shares for every other line
    assert sum(int(a) for a in amounts(payroll)) == 270_001
    assert int(total["total"]) == sum(int(a) for a in amounts(total)) == 3_859_590


def test_a_line_with_its_own_shares_of_two_partners_gives_the_third_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shares = "line,partner,share\nAM2,LBH,1/2\nAM2,LBN,1/2\n,LBB,1/10\n,LBH,3/10\n,LBN,6/10\n"
    code, out, err = apportion(sheets(tmp_path, "line,total\nAM1,1001\nam2,1001\n", shares), capsys)
    assert code == 0, err
    am1, am2, total = rows_of(out)
    assert list(am1)[2:] == ["LBH", "LBN", "LBB"]  # the partners in the order SHARES names them
    assert amounts(am1) == ["100", "300", "601"]
    assert amounts(am2) == ["0", "501", "500"]  # a line matches whatever its capitals
    assert amounts(total) == ["100", "801", "1101"]


def test_a_line_without_any_shares_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shares = "line,partner,share\nAM1,LBH,1/2\nAM1,LBN,1/2\n"
    code, out, err = apportion(sheets(tmp_path, "line,total\nAM1,10\nLG1,10\n", shares), capsys)
    assert code == 1
    assert out == ""
    assert (
        "lines.csv: row 3, column A (line): SHARES has no shares for line 'LG1' and none for "
        "every line (a row with a blank line): it has shares for 'AM1'"
    ) in err


@pytest.mark.parametrize(
    ("unit", "expected", "total"),
    [
        ("1", ["334", "333", "333"], "1000"),  # a tie: the earlier partner
        ("0.01", ["333.34", "333.33", "333.33"], "1000.00"),
        ("1000", ["2000", "1000", "1000"], "4000"),  # £4,100 is £4,000: each within £1,000
    ],
)
def test_units(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, unit: str, expected: list[str], total: str
) -> None:
    thirds = "partner,share\nLBB,1/3\nLBH,1/3\nLBN,1/3\n"
    lines = "line,total\nA,1000\n" if unit != "1000" else "line,total\nA,£4.1k\n"
    code, out, err = apportion([*sheets(tmp_path, lines, thirds), "--unit", unit], capsys)
    assert code == 0, err
    row, last = rows_of(out)
    assert amounts(row) == expected
    assert last["total"] == total


def test_an_underspend_in_millions_rounds_half_away_from_zero(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    halves = "partner,share\nLBH,1/2\nLBN,1/2\n"
    code, out, err = apportion(
        sheets(tmp_path, "line,total\nBexley non-shared,(0.001)\nX,£0.000003m\n", halves), capsys
    )
    assert code == 0, err
    row, three, last = rows_of(out)
    # (0.001) pounds rounds to 0 at £1; £3 splits 2 : 1, the odd pound to the earlier.
    assert amounts(row, ("LBH", "LBN")) == ["0", "0"]
    assert amounts(three, ("LBH", "LBN")) == ["2", "1"]
    assert last["total"] == "3"


def test_tolerance_distributes_and_a_tolerance_too_small_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = sheets(tmp_path, "line,total\nA,34410000\n", SHARES)
    code, _, err = apportion([*args, "--tolerance", "0.25%"], capsys)
    assert code == 1
    assert "add up to 100.26%, not 100% (nor within 0.25% of it)" in err
    code, out, err = apportion([*args, "--tolerance", "0.26%"], capsys)
    assert code == 0, err
    assert amounts(rows_of(out)[0]) == ["2584354", "15241852", "16583794"]


def test_shares_under_100_percent_within_tolerance_are_scaled_up(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shares = "partner,share\nLBH,49.9%\nLBN,49.9%\n"
    code, out, err = apportion(
        [*sheets(tmp_path, "line,total\nA,1000\n", shares), "--tolerance", "0.2%"], capsys
    )
    assert code == 0, err
    assert amounts(rows_of(out)[0], ("LBH", "LBN")) == ["500", "500"]


def test_headings_match_case_and_spacing_and_other_columns_pass_through(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = "\ufeffNote, LINE ,Total,lbh\nkept,A,10,\n"
    shares = "Partner,SHARE,Basis\nLBH,50%,population\nLBN,50%,\n"
    code, out, err = apportion(sheets(tmp_path, lines, shares), capsys)
    assert code == 0, err
    row, total = rows_of(out)
    assert list(row) == ["Note", " LINE ", "Total", "lbh", "LBN"]
    assert row == {"Note": "kept", " LINE ": "A", "Total": "10", "lbh": "5", "LBN": "5"}
    assert total == {"Note": "", " LINE ": "Total", "Total": "10", "lbh": "5", "LBN": "5"}


def test_an_apportioned_sheet_apportions_again_to_the_same_amounts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, first, _ = apportion(sheets(tmp_path, "line,total\nA,1001\nB,-7\n"), capsys)
    assert code == 0
    again = tmp_path / "again.csv"
    again.write_text(first, encoding="utf-8")
    code, second, err = apportion([str(again), "--shares", str(tmp_path / "shares.csv")], capsys)
    assert code == 0, err
    assert rows_of(second)[:3] == rows_of(first)  # every row now a specific allocation
    assert "3 by specific allocation" in err


def test_every_problem_is_listed_with_its_file_row_and_column_and_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = (
        "line,total,LBB,LBH,LBN\n"
        ",10,,,\n"  # 2: no line
        "B,,,,\n"  # 3: blank total
        "C,lots,,,\n"  # 4: not money
        "D,1.234,,,\n"  # 5: more precise than TOTAL_PLACES? no: fine; see row 6
        "E,100000000000000,,,\n"  # 6: too large
        "F,100,10,,90\n"  # 7: some partner cells blank
        "G,100,10,20,30\n"  # 8: does not add up
        "H,100,ten,20,70\n"  # 9: a partner's amount is not money
        "I,1.0000001,,,\n"  # 10: too precise
    )
    out_file = tmp_path / "out.xlsx"
    code, out, err = apportion([*sheets(tmp_path, lines), "--output", str(out_file)], capsys)
    assert code == 1
    assert out == ""
    assert not out_file.exists()
    assert not list(tmp_path.glob(".goldenthread-*"))
    where = f"{tmp_path / 'lines.csv'}: "
    expected = [
        "row 2, column A (line): is blank: name the line",
        "row 3, column B (total): is blank: give the line's total (0 for none)",
        "row 4, column B (total): 'lots' is not an amount of money, like £12,888 or (0.114)",
        "row 6, column B (total): '100000000000000' is too large: at most 13 digits",
        "row 7, column D (LBH): blank while C (LBB), E (LBN) hold a specific allocation: give "
        "every partner's amount (0 for none), or leave them all blank to split the line by its "
        "shares",
        "row 8, column B (total): the partners' amounts add up to 60, not the line's 100 (a "
        "difference of -40): a specific allocation (C (LBB), D (LBH), E (LBN)) must add up to "
        "the line's total",
        "row 9, column C (LBB): 'ten' is not an amount of money, like £12,888 or (0.114)",
        "row 10, column B (total): '1.0000001' is more precise than 6 decimal places",
    ]
    listed = [line.removeprefix(where) for line in err.splitlines() if line.startswith(where)]
    assert listed == expected
    assert "8 problems: nothing was written" in err


def test_every_problem_in_the_shares_is_listed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shares = (
        "line,partner,share\n"
        ",LBB,-5%\n"  # 2: negative
        ",LBH,1/0\n"  # 3: divides by nothing
        ",LBN,101%\n"  # 4: over the whole
        ",,10%\n"  # 5: no partner
        ",LBX,\n"  # 6: blank share
        ",Total,10%\n"  # 7: a reserved name
        ",=HYPERLINK(1),10%\n"  # 8: fine as a name (kept as text), its share counts
        ",lbx,half\n"  # 9: not a share
        "A,LBH,50%\n"
        "A,lbh,50%\n"  # 11: the same partner twice for line A
        "B,LBH,60%\n"
        "B,LBN,60%\n"  # 12-13: add up to 120%
        f",{'P' * 41},1%\n"  # 14: name too long
        ",LB\x07B,1%\n"  # 15: control character
    )
    code, out, err = apportion(sheets(tmp_path, "line,total\nA,10\n", shares), capsys)
    assert code == 1
    assert out == ""
    where = f"{tmp_path / 'shares.csv'}: "
    listed = [line.removeprefix(where) for line in err.splitlines() if line.startswith(where)]
    assert listed == [
        "row 2, column C (share): '-5%' is negative: a share is between 0% and 100%",
        "row 3, column C (share): '1/0' divides by nothing",
        "row 4, column C (share): '101%' is more than the whole (100%)",
        "row 5, column B (partner): is blank: name the partner",
        "row 6, column C (share): is blank: give the share (0% for none)",
        "row 7, column B (partner): 'Total' is a column of the lines' sheet, not a partner",
        "row 9, column C (share): 'half' is not a share: write 45.76%, 0.4576 or 443226/968589",
        "row 11, column B (partner): 'lbh' has a share for line 'A' already (row 10)",
        "row 14, column B (partner): is longer than 40 characters: a partner's name becomes "
        "a column",
        "row 15, column B (partner): holds control characters: a partner's name becomes a column",
        "column C (share): rows 12-13: the shares for line 'B' add up to 120%, not 100%: if "
        "they are printed rounded, give --tolerance 20%",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"line,total\xff\n", "is not UTF-8 text"),
        (b"\xd0\xcf\x11\xe0rest", "old Excel (.xls) file"),
        (b"name,amount\nA,1\n", "missing required columns 'line', 'total'"),
        (b"line,total,Line\nA,1,B\n", "column C repeats 'line' (already column A)"),
        (b"line,total,LBH,lbh\nA,1,,\n", "column D repeats partner 'lbh' (already column C)"),
        (b"line,total\n", "there are no lines to apportion"),
    ],
)
def test_unreadable_input_gets_a_clear_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / "lines.csv").write_bytes(content)
    (tmp_path / "shares.csv").write_text(EXACT, encoding="utf-8")
    code, out, err = apportion(
        [str(tmp_path / "lines.csv"), "--shares", str(tmp_path / "shares.csv")], capsys
    )
    assert code == 1, err
    assert out == ""
    assert message in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"partner,share\nLBH,50%\xfe\n", "is not UTF-8 text"),
        (b"partner,amount\nLBH,1\n", "missing required column 'share'"),
        (b"partner,share\n", "there are no shares: give one row per partner"),
    ],
)
def test_unreadable_shares_get_a_clear_message_and_the_lines_are_still_checked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, message: str
) -> None:
    (tmp_path / "lines.csv").write_text("line,total\nA,lots\n", encoding="utf-8")
    (tmp_path / "shares.csv").write_bytes(content)
    code, out, err = apportion(
        [str(tmp_path / "lines.csv"), "--shares", str(tmp_path / "shares.csv")], capsys
    )
    assert code == 1
    assert out == ""
    assert message in err
    assert "row 2, column B (total): 'lots' is not an amount of money" in err


def test_a_sheet_of_too_many_shares_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shares = "line,partner,share\n" + "".join(f"L{n},LBH,100%\n" for n in range(10_001))
    code, _, err = apportion(sheets(tmp_path, "line,total\nL1,1\n", shares), capsys)
    assert code == 1
    assert "row 10002: the sheet of shares has more than 10,000 rows" in err


def test_too_many_partners_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shares = "partner,share\n" + "".join(f"P{n},1/51\n" for n in range(51))
    code, _, err = apportion(sheets(tmp_path, "line,total\nA,1\n", shares), capsys)
    assert code == 1
    assert "51 partners: at most 50" in err


def test_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = apportion(
        [str(tmp_path / "nope.csv"), "--shares", str(tmp_path / "none.csv")], capsys
    )
    assert code == 1
    assert f"{tmp_path / 'none.csv'}: cannot read" in err
    assert f"{tmp_path / 'nope.csv'}: cannot read" in err


def test_formula_like_text_is_kept_as_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = "line,total,note\n=1+1,10,@SUM(A1)\n+cmd,-10,\x01bell\n"
    args = sheets(tmp_path, lines)
    code, out, err = apportion(args, capsys)
    assert code == 0, err
    first, second, _ = rows_of(out)
    assert (first["line"], first["note"]) == ("'=1+1", "'@SUM(A1)")
    assert (second["line"], second["total"], second["note"]) == ("'+cmd", "-10", "\x01bell")
    assert amounts(second) == ["-1", "-3", "-6"]  # an amount is a number, never prefixed
    book_path = tmp_path / "out.xlsx"
    code, _, err = apportion([*args, "--output", str(book_path)], capsys)
    assert code == 0, err
    sheet = openpyxl.load_workbook(book_path).active
    assert sheet is not None and sheet.title == "Apportioned"
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix
    assert sheet["D3"].value == -1  # LBB's amount, as a number


def test_json_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = apportion(
        [*sheets(tmp_path, "line,total\nA,1001\n"), "--format", "json"], capsys
    )
    assert code == 0, err
    assert json.loads(out) == [
        {"line": "A", "total": "1001", "LBB": "100", "LBH": "300", "LBN": "601"},
        {"line": "Total", "total": "1001", "LBB": "100", "LBH": "300", "LBN": "601"},
    ]


def test_xlsx_in_and_out(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["line", "total", "LBH", "LBN", "when"])
    sheet.append(["A", 1001, None, None, "P5"])
    sheet.append(["B", 968589.0, 443226, 525363, None])
    sheet.append(["C", "=1+2", None, None, None])  # a formula: refused
    path = tmp_path / "in.xlsx"
    book.save(path)
    (tmp_path / "shares.csv").write_text(EXACT, encoding="utf-8")
    out_file = tmp_path / "out.xlsx"
    args = [str(path), "--shares", str(tmp_path / "shares.csv"), "--output", str(out_file)]
    code, _, err = apportion(args, capsys)
    assert code == 1
    assert "row 4, column B (total): holds a formula (=1+2)" in err
    sheet.delete_rows(4)
    book.save(path)
    code, _, err = apportion(args, capsys)
    assert code == 0, err
    rows = list(openpyxl.load_workbook(out_file).active.iter_rows(values_only=True))
    assert rows[0] == ("line", "total", "LBH", "LBN", "when", "LBB")
    assert rows[1] == ("A", 1001, 300, 601, "P5", 100)
    assert rows[2] == ("B", 968589, 443226, 525363, None, 0)
    assert rows[3] == ("Total", 969590, 443526, 525964, None, 100)


def test_a_date_where_an_amount_belongs_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["line", "total"])
    sheet.append(["A", datetime.date(2019, 8, 31)])
    path = tmp_path / "in.xlsx"
    book.save(path)
    (tmp_path / "shares.csv").write_text(EXACT, encoding="utf-8")
    code, _, err = apportion([str(path), "--shares", str(tmp_path / "shares.csv")], capsys)
    assert code == 1
    assert "row 2, column B (total): holds a date or time" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--unit", "5"], "invalid choice: '5'"),
        (["--tolerance", "0.3"], "write a percentage, such as 0.3%"),
        (["--tolerance", "11%"], "is more than 10%"),
        (["--tolerance=-1%"], "is negative"),
        (["--format", "xlsx"], "--format xlsx needs --output FILE"),
        (["--output", "LINES"], "--output must not be the input or the shares file"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], message: str
) -> None:
    args = sheets(tmp_path, "line,total\nA,1\n")
    extra = [args[0] if e == "LINES" else e for e in extra]
    with pytest.raises(SystemExit) as exit_:
        main(["apportion", *args, *extra])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_shares_are_required(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["apportion", str(tmp_path / "lines.csv")])
    assert exit_.value.code == 2
    assert "--shares" in capsys.readouterr().err


def test_an_existing_output_is_replaced_only_when_all_is_well(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "out.csv"
    out_file.write_text("before", encoding="utf-8")
    code, _, _ = apportion(
        [*sheets(tmp_path, "line,total\nA,nope\n"), "--output", str(out_file)], capsys
    )
    assert code == 1
    assert out_file.read_text(encoding="utf-8") == "before"
    code, _, err = apportion(
        [*sheets(tmp_path, "line,total\nA,10\n"), "--output", str(out_file)], capsys
    )
    assert code == 0, err
    assert rows_of(out_file.read_text(encoding="utf-8"))[0]["LBN"] == "6"
    assert f"into {out_file}" in err


def test_amounts_are_decimal_text_never_floats(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = apportion(
        [*sheets(tmp_path, "line,total\nA,0.30\nB,0.10\n"), "--unit", "0.01"], capsys
    )
    assert code == 0
    rows = rows_of(out)
    assert [amounts(r) for r in rows] == [
        ["0.03", "0.09", "0.18"],
        ["0.01", "0.03", "0.06"],
        ["0.04", "0.12", "0.24"],
    ]
    assert sum(Decimal(a) for a in amounts(rows[-1])) == Decimal("0.40")


def test_shares_from_a_workbook_with_percentage_cells(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Shares"
    sheet.append(["Partner", "Share"])
    for partner, share in (("LBB", 0.0753), ("LBH", 0.4441), ("LBN", 0.4832)):
        sheet.append([partner, share])
        sheet.cell(sheet.max_row, 2).number_format = "0.00%"
    sheet.append(["LBX", "=1/3"])
    path = tmp_path / "shares.xlsx"
    book.save(path)
    (tmp_path / "lines.csv").write_text("line,total\nA,£34.410m\n", encoding="utf-8")
    args = [str(tmp_path / "lines.csv"), "--shares", str(path), "--tolerance", "0.3%"]
    code, _, err = apportion(args, capsys)
    assert code == 1
    assert f"{path}, sheet 'Shares': row 5, column B (Share): holds a formula (=1/3)" in err
    sheet.delete_rows(5)
    book.save(path)
    code, out, err = apportion(args, capsys)
    assert code == 0, err
    assert amounts(rows_of(out)[0]) == ["2584354", "15241852", "16583794"]
