"""`goldenthread rate` as a performance officer uses it: files in, files out."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pytest
from tests.security_figures import record

from goldenthread.cli import main

EXAMPLE = Path(__file__).parents[2] / "examples" / "onesource-q1-2019-20.csv"


def rate(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["rate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def example_rows(capsysbinary: pytest.CaptureFixture[bytes]) -> list[dict[str, str]]:
    assert main(["rate", str(EXAMPLE)]) == 0
    return rows_of(capsysbinary.readouterr().out.decode("utf-8"))


def find(rows: list[dict[str, str]], council: str, indicator: str) -> dict[str, str]:
    (row,) = [r for r in rows if r["council"] == council and r["indicator"].startswith(indicator)]
    return row


@pytest.mark.parametrize(
    ("council", "indicator", "status", "direction", "movement", "gap"),
    [
        ("LBH", "Compliance forecast", "RED", "NEW", "", "-6.83"),
        ("LBH", "% of Council Tax collected", "AMBER", "NEW", "", "-0.62"),
        ("LBH", "Average no. of days for Housing Benefit - new", "RED", "DECLINING", "UP", "2.3"),
        ("LBN", "% of National Non-Domestic", "AMBER", "NEW", "", "-0.25"),
        ("LBH", "% of National Non-Domestic", "GREEN", "NEW", "", "4.01"),
        ("LBB", "% of suppliers paid", "GREEN", "DECLINING", "DOWN", "0.54"),
        ("LBH", "% of calls resolved", "GREEN", "DECLINING", "DOWN", "0.10"),
        ("LBH", "Average time to obtain care orders", "RED", "DECLINING", "UP", "8.47"),
        ("LBH", "Average time to complete planning", "GREEN", "IMPROVING", "DOWN", "-3.6"),
        ("LBN", "% of BACS", "GREEN", "MAINTAINED", "SAME", "0"),
        ("LBH", "Mandatory e-learning", "NOT APPLICABLE", "", "", ""),
        ("LBN", "Capital receipt", "NO TARGET", "NEW", "", ""),
        ("LBH", "Number of incidents", "NO TARGET", "NOT MEASURED", "DOWN", ""),
    ],
)
def test_example_rates_as_the_q1_paper_rule_gives(
    example_rows: list[dict[str, str]],
    council: str,
    indicator: str,
    status: str,
    direction: str,
    movement: str,
    gap: str,
) -> None:
    row = find(example_rows, council, indicator)
    assert (row["status"], row["direction"], row["movement"], row["gap"]) == (
        status,
        direction,
        movement,
        gap,
    )


def test_input_columns_pass_through_untouched_in_order(
    example_rows: list[dict[str, str]],
) -> None:
    with EXAMPLE.open(encoding="utf-8") as handle:
        source = list(csv.DictReader(handle))
    assert list(example_rows[0])[: len(source[0])] == list(source[0])
    assert list(example_rows[0])[len(source[0]) :] == ["status", "direction", "movement", "gap"]
    for before, after in zip(source, example_rows, strict=True):
        assert {k: after[k] for k in before} == before


def test_summary_goes_to_stderr_per_council(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = rate([str(EXAMPLE), "--output", os.devnull, "--format", "csv"], capsys)
    assert code == 0
    assert "rated 47 rows" in err
    assert "LBB: 1 GREEN; 100% of rated met target" in err


def test_a_row_shorter_than_the_council_column_is_rated_without_a_council(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "short.csv"
    sheet.write_text("indicator,value,target,polarity,council\nA,5,4,up\nB,3,4,up,LBH\n")
    code, out, err = rate([str(sheet)], capsys)
    assert code == 0, err
    assert "LBH: 1 RED" in err
    assert len(rows_of(out)) == 2


def test_a_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    """Output to a device or pipe (/dev/null, /dev/stdout) must not replace it with a file."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    assert main(["rate", str(EXAMPLE), "--output", str(pipe), "--format", "csv"]) == 0
    reader.join(timeout=10)
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    assert received and received[0].startswith(b"council,")


def test_achieved_failed_scheme_has_no_amber(tmp_path: Path) -> None:
    out = tmp_path / "rated.csv"
    assert main(["rate", str(EXAMPLE), "--scheme", "achieved-failed", "-o", str(out)]) == 0
    rows = rows_of(out.read_text(encoding="utf-8"))
    statuses = {r["status"] for r in rows}
    assert statuses == {"ACHIEVED", "FAILED", "NO TARGET", "NOT APPLICABLE"}
    # Near misses that oneSource rates amber fail outright.
    assert find(rows, "LBH", "% accuracy of payroll")["status"] == "FAILED"
    assert find(rows, "LBN", "Compliance forecast")["status"] == "ACHIEVED"


def test_tolerance_option_and_per_row_tolerance(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "in.csv",
        "indicator,value,target,polarity,tolerance\n"
        "A,96%,100%,up,\n"
        "B,96%,100%,up,5pp\n"
        "C,99.5%,100%,up,\n",
    )
    out = tmp_path / "out.csv"
    assert main(["rate", str(sheet), "--tolerance", "0", "-o", str(out)]) == 0
    assert [r["status"] for r in rows_of(out.read_text())] == ["RED", "AMBER", "RED"]
    assert main(["rate", str(sheet), "--tolerance", "2pp", "-o", str(out)]) == 0
    assert [r["status"] for r in rows_of(out.read_text())] == ["RED", "AMBER", "AMBER"]


def test_pro_rata_comparison_of_summed_quantities(tmp_path: Path) -> None:
    # 30 complaints in a quarter against 100 in the whole of last year: 25 a quarter.
    sheet = write_csv(
        tmp_path / "in.csv",
        "indicator,value,target,polarity,aggregation,previous,value_months,previous_months\n"
        "Complaints,30,Reduction,down,sum,100,3,12\n"
        "Complaints (no pro rata),30,Reduction,down,mean,100,3,12\n",
    )
    out = tmp_path / "out.csv"
    assert main(["rate", str(sheet), "-o", str(out)]) == 0
    summed, averaged = rows_of(out.read_text())
    assert (summed["status"], summed["direction"], summed["gap"]) == ("RED", "DECLINING", "5")
    assert (averaged["status"], averaged["direction"]) == ("GREEN", "IMPROVING")


def test_headers_match_case_and_spacing_and_bom(tmp_path: Path) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_bytes(
        "\ufeffIndicator , VALUE,Target,Polarity,Value Months,PREVIOUS-MONTHS,Previous\n"
        "X,5,<10,,1,1,6\n".encode()
    )
    out = tmp_path / "out.csv"
    assert main(["rate", str(sheet), "-o", str(out)]) == 0
    (row,) = rows_of(out.read_text(encoding="utf-8"))
    assert (row["status"], row["direction"], row["movement"]) == ("GREEN", "IMPROVING", "DOWN")


def test_a_rated_sheet_rates_again_to_the_same_result(tmp_path: Path) -> None:
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    assert main(["rate", str(EXAMPLE), "-o", str(once)]) == 0
    assert main(["rate", str(once), "-o", str(twice)]) == 0
    assert once.read_bytes() == twice.read_bytes()


def test_json_output(tmp_path: Path) -> None:
    out = tmp_path / "rated.json"
    assert main(["rate", str(EXAMPLE), "-o", str(out)]) == 0
    records = json.loads(out.read_text(encoding="utf-8"))
    assert len(records) == 47
    assert records[0]["status"] == "RED" and records[0]["council"] == "LBH"


def make_workbook(path: Path, rows: list[list[object]], percent_cells: bool = False) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Q1 2019-20"
    for row in rows:
        sheet.append(row)
    if percent_cells:
        for cells in sheet.iter_rows(min_row=2, max_row=2, min_col=2, max_col=3):
            for cell in cells:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00%"
    book.save(path)
    return path


def test_xlsx_in_and_out_with_typed_cells(tmp_path: Path) -> None:
    source = make_workbook(
        tmp_path / "in.xlsx",
        [
            ["Indicator", "Value", "Target", "Polarity", "Previous", "Note"],
            ["Council tax collected", 0.3048, 0.311, "up", None, "profile point"],
            ["HB new claims (days)", 22.3, 20, "down", 18, datetime.date(2019, 7, 1)],
        ],
        percent_cells=True,
    )
    out = tmp_path / "out.xlsx"
    assert main(["rate", str(source), "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-4:] == ("status", "direction", "movement", "gap")
    assert values[1][1:3] == (0.3048, 0.311)  # percentages stay numbers
    assert sheet["B2"].number_format == "0.00%"
    assert values[1][6:] == ("AMBER", "NEW", None, -0.62)
    assert values[2][1] == 22.3 and isinstance(values[2][1], float)  # typed, not text
    assert values[2][6:] == ("RED", "DECLINING", "UP", 2.3)
    assert values[2][5] == datetime.datetime(2019, 7, 1)
    assert sheet.freeze_panes == "A2"


def test_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "in.csv", 'indicator,value,target,polarity,note\nA,5,5,up,"=1+1"\n'
    )
    out = tmp_path / "out.xlsx"
    assert main(["rate", str(sheet), "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    cell = book.active["E2"]  # type: ignore[index]
    assert cell.value == "=1+1" and cell.data_type == "s"


FORMULA_LIKE = ["=1+1", '=HYPERLINK("http://x","y")', "+44 rang", "-x", "@risk", "\tTab"]


def test_text_that_looks_like_a_formula_is_quote_prefixed_in_xlsx_and_rates_again(
    tmp_path: Path,
) -> None:
    """A string cell with Excel's quote prefix stays text when edited; the text
    itself has no apostrophe, and rating the output again accepts it."""
    rows = "".join(
        f'A{n},5,5,up,"{t.replace(chr(34), chr(34) * 2)}"\n' for n, t in enumerate(FORMULA_LIKE)
    )
    sheet = write_csv(tmp_path / "in.csv", "indicator,value,target,polarity,note\n" + rows)
    once, twice = tmp_path / "once.xlsx", tmp_path / "twice.xlsx"
    assert main(["rate", str(sheet), "-o", str(once)]) == 0
    assert main(["rate", str(once), "-o", str(twice)]) == 0  # not "holds a formula"
    for path in (once, twice):
        book = openpyxl.load_workbook(path)
        notes = [book.active[f"E{row}"] for row in range(2, 2 + len(FORMULA_LIKE))]  # type: ignore[index]
        assert [c.value for c in notes] == FORMULA_LIKE
        assert all(c.data_type == "s" and c.quotePrefix for c in notes)
        plain = book.active["B2"]  # type: ignore[index]
        assert plain.data_type == "n" and not plain.quotePrefix


def test_text_that_looks_like_a_formula_is_prefixed_in_csv_and_figures_are_not(
    tmp_path: Path,
) -> None:
    """OWASP's advice for CSV: a leading apostrophe, so a spreadsheet opening the
    file shows the text instead of running it; negative figures stay figures."""
    rows = "".join(
        f'A{n},-5,-5,up,"{t.replace(chr(34), chr(34) * 2)}"\n' for n, t in enumerate(FORMULA_LIKE)
    )
    sheet = write_csv(tmp_path / "in.csv", "indicator,value,target,polarity,=note\n" + rows)
    once, twice = tmp_path / "once.csv", tmp_path / "twice.csv"
    assert main(["rate", str(sheet), "-o", str(once)]) == 0
    written = list(csv.reader(io.StringIO(once.read_text(encoding="utf-8"), newline="")))
    assert written[0][4] == "'=note"
    assert [row[4] for row in written[1:]] == ["'" + t for t in FORMULA_LIKE]
    assert all(row[1] == "-5" and row[2] == "-5" for row in written[1:])
    assert {row[-1] for row in written[1:]} == {"0"}  # the gap, a figure
    assert main(["rate", str(once), "-o", str(twice)]) == 0
    assert once.read_bytes() == twice.read_bytes()  # prefixed once, never twice
    record(
        "input",
        "CSV output cells prefixed against formula injection (of 6 hostile)",
        sum(row[4].startswith("'") for row in written[1:]),
    )


# Bad input: a clear answer that names the place, and nothing written.


def test_every_problem_is_listed_with_row_and_column_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_csv(
        tmp_path / "in.csv",
        "indicator,value,target,polarity\n"
        "A,97%,95%,up\n"
        "B,lots,95%,up\n"
        "C,5,xyz,up\n"
        ",5,5,up\n"
        "D,5,5,sideways\n"
        "E,5,5,\n",
    )
    out = tmp_path / "out.csv"
    out.write_text("previous output\n")
    code, stdout, err = rate([str(sheet), "-o", str(out)], capsys)
    assert code == 1
    assert stdout == ""
    assert "row 3, column B (value): could not read 'lots' as a figure" in err
    assert "row 4, column C (target): could not read target 'xyz'" in err
    assert "row 5, column A (indicator): is blank" in err
    assert "row 6, column D (polarity): unknown polarity 'sideways'" in err
    assert "row 7, column D (polarity): is needed for target '5'" in err
    assert "5 problems: nothing was written" in err
    assert "Traceback" not in err
    assert out.read_text() == "previous output\n"  # left as it was
    assert set(tmp_path.iterdir()) == {out, sheet}  # no temporary file left behind


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"indicator,value\n", "there are no rows to rate"),
        (b"name,figure\nA,5\n", "missing required columns 'indicator', 'value'"),
        (b"indicator,value,Value\nA,5,6\n", "column C repeats 'value'"),
        (b"indicator,value\nA,\xff\xfe\n", "is not UTF-8 text"),
        (b"\xd0\xcf\x11\xe0rest of an old workbook", "old Excel (.xls)"),
        (b"PK\x03\x04not really a zip", "is not a readable .xlsx workbook"),
    ],
    ids=[
        "empty",
        "header only",
        "missing columns",
        "repeated",
        "not utf-8",
        "xls",
        "broken xlsx",
    ],
)
def test_unreadable_files_get_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    sheet = tmp_path / "in.csv"
    sheet.write_bytes(content)
    out = tmp_path / "out.csv"
    code, _stdout, err = rate([str(sheet), "-o", str(out)], capsys)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_unit_mismatch_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = write_csv(
        tmp_path / "in.csv", "indicator,value,target,polarity\nA,1 week,2 days,down\n"
    )
    code, _, err = rate([str(sheet)], capsys)
    assert code == 1
    assert "row 2, column C (target): is in days but the value in weeks" in err


def test_comparison_in_another_unit_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_csv(
        tmp_path / "in.csv", "indicator,value,previous,polarity\nA,22 days,3 weeks,down"
    )
    code, _, err = rate([str(sheet)], capsys)
    assert code == 1
    assert "row 2, column C (previous): is in weeks but the value in days" in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = rate([str(tmp_path / "nowhere.csv")], capsys)
    assert code == 1
    assert "cannot read" in err and "No such file" in err


def test_formula_and_date_cells_in_xlsx_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = make_workbook(
        tmp_path / "in.xlsx",
        [
            ["indicator", "value", "target", "polarity"],
            ["A", "=B3*2", "95%", "up"],
            ["B", datetime.datetime(2019, 4, 1), "95%", "up"],
        ],
    )
    code, _, err = rate([str(source), "-o", str(tmp_path / "out.csv")], capsys)
    assert code == 1
    assert "sheet 'Q1 2019-20': row 2, column B (value): holds a formula (=B3*2)" in err
    assert "row 3, column B (value): holds a date or time" in err
    assert not (tmp_path / "out.csv").exists()


def test_profile_target_needs_a_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = "1%;2%;3%;4%;5%;6%;7%;8%;9%;10%;11%;12%"
    sheet = write_csv(
        tmp_path / "in.csv",
        f"indicator,value,target,polarity,period\nA,3%,{profile},up,\nB,3%,{profile},up,Jun-19\n",
    )
    code, _out, err = rate([str(sheet)], capsys)
    assert code == 1
    assert "row 2, column E (period): is needed to pick the month" in err
    assert "row 3" not in err


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["rate", str(EXAMPLE), "--tolerance", "lots"])
    assert exit_info.value.code == 2
    assert "could not read tolerance 'lots'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["rate", str(EXAMPLE), "--format", "xlsx"])
    assert "needs --output FILE" in capsys.readouterr().err


def test_installed_console_command_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "goldenthread", "rate", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith(",status,direction,movement,gap")


def test_a_council_sheet_in_its_own_words_rates_achieved_failed(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    # KPI / Good is / Outturn / Last year: the headers a council's own sheet uses.
    sheet = EXAMPLE.with_name("achieved-failed-q1-2019-20.csv")
    assert main(["rate", str(sheet), "--scheme", "achieved-failed"]) == 0
    rows = rows_of(capsysbinary.readouterr().out.decode("utf-8"))
    by_ref = {(r["Ref"], r["Council"]): r["status"] for r in rows}
    assert by_ref[("ET01", "LBN")] == "FAILED"  # 94.8% vs 95%: amber under RAG
    assert by_ref[("ICT01", "LBH")] == "FAILED"  # 6.29 vs 6.3: a miss by any margin fails
    assert by_ref[("ET01", "LBB")] == "ACHIEVED"
    assert by_ref[("LG01", "LBH")] == "ACHIEVED"  # 2.4 months against <6 months
    assert {r["status"] for r in rows} == {"ACHIEVED", "FAILED"}


@pytest.mark.parametrize(
    ("header", "row", "status"),
    [
        ("indicator,value", "A,5", "NO TARGET"),  # no rule column at all
        ("indicator,value,target", "A,5,<10", "GREEN"),  # a single rule column
        ("indicator,target,value,polarity", "A,10,9,down", "GREEN"),
    ],
)
def test_any_set_of_rule_columns(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], header: str, row: str, status: str
) -> None:
    sheet = write_csv(tmp_path / "in.csv", f"{header}\n{row}\n")
    assert main(["rate", str(sheet)]) == 0
    (rated,) = rows_of(capsysbinary.readouterr().out.decode("utf-8"))
    assert rated["status"] == status


def test_a_workbook_damaged_past_its_header_is_refused_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import zipfile

    good = make_workbook(tmp_path / "good.xlsx", [["indicator", "value"], ["A", 5], ["B", 6]])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b'<row r="3"')] + b'<row r="3"><c r="A3" t="'
            target.writestr(item, data)
    code, _, err = rate([str(damaged), "-o", str(tmp_path / "out.csv")], capsys)
    assert code == 1
    assert "is damaged after row" in err and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()
