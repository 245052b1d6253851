"""`goldenthread rate --scheme`: built-in schemes, scheme files, and the files
and tolerances it refuses."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from goldenthread.cli import main

ROOT = Path(__file__).parents[2]
SCHEMES = ROOT / "examples" / "schemes"
SHEET = (
    "council,indicator,value,target,polarity,tolerance\n"
    "LBH,met,100,100,up,\n"
    "LBH,short by 4%,96,100,up,\n"
    "LBH,short by 8%,92,100,up,\n"
    "LBH,short by 8% with its own 10%,92,100,up,10%\n"
    "LBN,beaten by 20%,120,100,up,\n"
    "LBN,no target,5,TBC,up,\n"
)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def rate(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["rate", *args])
    out, err = capsys.readouterr()
    return code, [row["status"] for row in csv.DictReader(io.StringIO(out))], err


def scheme_file(tmp_path: Path, text: str, name: str = "scheme.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scheme_file_gives_its_labels_in_capitals_and_its_summary(
    sheet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, statuses, err = rate([str(sheet), "--scheme", str(SCHEMES / "brag.toml")], capsys)
    assert code == 0, err
    assert statuses == ["GREEN", "AMBER", "RED", "AMBER", "BLUE", "NO TARGET"]
    assert "LBH: 1 GREEN, 2 AMBER, 1 RED; 25% of rated met target" in err
    assert "LBN: 1 BLUE, 1 NO TARGET; 100% of rated met target" in err


def test_the_summary_follows_the_schemes_order_not_the_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = scheme_file(tmp_path, "indicator,value,target,polarity\nA,1,100,up\nB,100,100,up\n")
    code, _, err = rate([str(sheet), "--scheme", str(SCHEMES / "on-target.toml")], capsys)
    assert code == 0
    assert "1 ON TARGET, 1 OFF TARGET; 50% of rated met target" in err


def test_built_in_schemes(sheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rate([str(sheet)], capsys)[1] == ["GREEN", "AMBER", "RED", "AMBER", "GREEN", "NO TARGET"]
    assert rate([str(sheet), "--scheme", "achieved-failed"], capsys)[1][:3] == [
        "ACHIEVED",
        "FAILED",
        "FAILED",
    ]
    code, statuses, err = rate([str(sheet), "--scheme", "monitor-only"], capsys)
    assert code == 0
    assert set(statuses) == {"MONITOR ONLY"}
    assert "met target" not in err  # nothing was rated


def test_tolerance_sets_the_outermost_near_miss_band_and_a_rows_own_wins(
    sheet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    on_target = str(SCHEMES / "on-target.toml")
    assert rate([str(sheet), "--scheme", on_target], capsys)[1][:4] == [
        "ON TARGET",
        "WITHIN TOLERANCE",
        "OFF TARGET",
        "WITHIN TOLERANCE",  # its own 10%
    ]
    assert rate([str(sheet), "--scheme", on_target, "--tolerance", "10%"], capsys)[1][:4] == [
        "ON TARGET",
        "WITHIN TOLERANCE",
        "WITHIN TOLERANCE",
        "WITHIN TOLERANCE",
    ]
    assert rate([str(sheet), "--scheme", on_target, "--tolerance", "0"], capsys)[1][:4] == [
        "ON TARGET",
        "OFF TARGET",
        "OFF TARGET",
        "WITHIN TOLERANCE",  # its own 10% still wins
    ]


@pytest.mark.parametrize(
    ("tolerance", "message"),
    [
        ("3%", "3% does not reach beyond 'Green' (within 5%)"),
        ("5%", "5% does not reach beyond 'Green' (within 5%)"),
        ("2pp", "2pp does not fit scheme 'Green within 5%': its bands are in % of the target"),
    ],
)
def test_a_tolerance_that_does_not_fit_the_scheme_is_refused(
    sheet: Path, tolerance: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "rate",
                str(sheet),
                "--scheme",
                str(SCHEMES / "green-within-5.toml"),
                "--tolerance",
                tolerance,
            ]
        )
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err


def test_a_rows_tolerance_that_does_not_fit_is_a_problem_of_that_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = scheme_file(
        tmp_path, "indicator,value,target,polarity,tolerance\nA,1,100,up,4%\n", "s.csv"
    )
    out = tmp_path / "out.csv"
    code, _, err = rate(
        [str(sheet), "--scheme", str(SCHEMES / "green-within-5.toml"), "-o", str(out)], capsys
    )
    assert code == 1
    assert "row 2, column E (tolerance): 4% does not reach beyond 'Green'" in err
    assert not out.exists()


def test_rag_takes_any_tolerance(sheet: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert rate([str(sheet), "--tolerance", "2pp"], capsys)[0] == 0
    assert rate([str(sheet), "--tolerance", "0.01%"], capsys)[0] == 0


def test_an_unknown_scheme_name_is_a_usage_error(
    sheet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["rate", str(sheet), "--scheme", "purple"])
    assert exit_.value.code == 2
    assert "unknown scheme 'purple': use one of rag, achieved-failed, monitor-only" in (
        capsys.readouterr().err
    )


BAD_FILES = [
    ("", "has no [[status]] tables"),
    ("name = 'x'\n[[status]\nlabel = 'A'\n", "is not valid TOML"),
    (
        "name = 'Gap'\n[[status]]\nlabel = 'Green'\nwithin = '0'\n"
        "[[status]]\nlabel = 'Amber'\n[[status]]\nlabel = 'Red'\n",
        "only the last status may leave out within",
    ),
    (
        "name = 'Overlap'\n[[status]]\nlabel = 'Green'\nwithin = '10%'\n"
        "[[status]]\nlabel = 'Amber'\nwithin = '5%'\n[[status]]\nlabel = 'Red'\n",
        "within 5% overlaps the status before it",
    ),
    (
        "name = 'No last'\n[[status]]\nlabel = 'Green'\nwithin = '0'\n"
        "[[status]]\nlabel = 'Amber'\nwithin = '5%'\n",
        "has no last status",
    ),
    (
        "name = 'Mixed'\n[[status]]\nlabel = 'Green'\nwithin = '5%'\n"
        "[[status]]\nlabel = 'Amber'\nwithin = '10pp'\n[[status]]\nlabel = 'Red'\n",
        "mixes shares of the target (%) and points (pp)",
    ),
    (
        "name = 'Twice'\n[[status]]\nlabel = 'Met'\nwithin = '0'\n[[status]]\nlabel = 'met'\n",
        "the label is used twice",
    ),
    (
        "name = 'Bell'\n[[status]]\nlabel = \"Met\\u0007\"\nwithin = '0'\n"
        "[[status]]\nlabel = 'Not met'\n",
        "remove the control characters",
    ),
    (
        "name = 'Long'\n[[status]]\nlabel = '" + "M" * 41 + "'\nwithin = '0'\n"
        "[[status]]\nlabel = 'Not met'\n",
        "at most 40 characters",
    ),
    ("name = 'x'\ncolour = 'red'\n", "unknown field 'colour'"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_FILES)
def test_a_bad_scheme_file_is_refused_naming_the_file_and_nothing_is_written(
    sheet: Path, tmp_path: Path, text: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = scheme_file(tmp_path, text, "bad.toml")
    out = tmp_path / "out.csv"
    out.write_text("kept", encoding="utf-8")
    code, _, err = rate([str(sheet), "--scheme", str(bad), "-o", str(out)], capsys)
    assert code == 1
    assert f"{bad}: " in err and reason in err, err
    assert "nothing was written" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "kept"


def test_files_that_cannot_be_read_are_refused(
    sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.toml"
    code, _, err = rate([str(sheet), "--scheme", str(missing)], capsys)
    assert (code, f"{missing}: there is no such scheme file") == (1, err.splitlines()[0])

    folder = tmp_path / "folder.toml"
    folder.mkdir()
    code, _, err = rate([str(sheet), "--scheme", str(folder)], capsys)
    assert code == 1 and "is a folder, not a scheme file" in err

    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)  # reading it would wait for ever
    code, _, err = rate([str(sheet), "--scheme", str(pipe)], capsys)
    assert code == 1 and "is not a file" in err

    huge = scheme_file(tmp_path, "# padding\n" * 7000 + (SCHEMES / "brag.toml").read_text())
    code, _, err = rate([str(sheet), "--scheme", str(huge)], capsys)
    assert code == 1 and "is larger than 64 KB" in err

    latin = tmp_path / "latin.toml"
    latin.write_bytes("name = 'Réussi'\n".encode("latin-1"))
    code, _, err = rate([str(sheet), "--scheme", str(latin)], capsys)
    assert code == 1 and "is not UTF-8 text" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_refused(
    sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = scheme_file(tmp_path, (SCHEMES / "brag.toml").read_text())
    locked.chmod(0)
    code, _, err = rate([str(sheet), "--scheme", str(locked)], capsys)
    assert code == 1 and "cannot be read: Permission denied" in err


def test_a_formula_like_label_is_written_as_text(
    sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    formula = scheme_file(
        tmp_path,
        "name = 'Sly'\n[[status]]\nlabel = '=HYPERLINK(\"http://x\")'\nwithin = '0'\n"
        "[[status]]\nlabel = '@Missed'\n",
    )
    out = tmp_path / "out.csv"
    code, _, err = rate([str(sheet), "--scheme", str(formula), "-o", str(out)], capsys)
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@MISSED" in text
    assert "\n=" not in text and ",=" not in text and ",@" not in text


def test_a_scheme_file_with_a_byte_order_mark_is_read(
    sheet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marked = tmp_path / "marked.toml"
    marked.write_bytes(b"\xef\xbb\xbf" + (SCHEMES / "met-not-met.toml").read_bytes())
    code, statuses, _ = rate([str(sheet), "--scheme", str(marked)], capsys)
    assert code == 0 and statuses[:2] == ["MET", "NOT MET"]
