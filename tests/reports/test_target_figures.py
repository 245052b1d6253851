"""Targets in the Excel pack: a number with its comparator in a column of its
own, the target as written beside them; statuses coloured, their word kept."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from tests.reports.conftest import HOSTILE, make_snapshot

from goldenthread.reports.build import build_pack
from goldenthread.reports.content import NO_TARGET_FIGURE, STATUS_FILLS, Shown, TargetFigure
from goldenthread.reports.target_figures import target_figure


@pytest.mark.parametrize(
    ("written", "unit", "polarity", "comparator", "amount", "figure_unit"),
    [
        ("95%", "%", "up", ">=", "95", "%"),  # bare: as the polarity says
        ("20 days", "days", "down", "<=", "20", "days"),
        ("119", "number", "none", "=", "119", "number"),
        (">95.00%", "%", "up", ">", "95.00", "%"),  # as written, whatever the polarity
        ("<£20,000", "£", "down", "<", "20000", "£"),
        ("<26 weeks", "weeks", "down", "<", "26", "weeks"),
        ("360K", "£", "up", ">=", "360000", "£"),  # no unit written: the indicator's
        ("£4.4M", "£", "up", ">=", "4400000", "£"),
        ("03:30", "mm:ss", "down", "<=", "210", "mm:ss"),  # seconds, as figures are kept
        ("31.10% (profile, Jun-19)", "%", "up", "Profile", "31.10", "%"),
        ("95%", "%", "sideways", "", "95", "%"),  # an unknown polarity: only what is written
    ],
)
def test_a_target_naming_a_figure_gives_its_comparator_and_number(
    written, unit, polarity, comparator, amount, figure_unit
):
    target = target_figure(written, unit=unit, polarity=polarity)
    assert target == TargetFigure(comparator, Shown(written, Decimal(amount), figure_unit))


@pytest.mark.parametrize(
    ("written", "comparator"),
    [
        ("95%-100%", "Between"),
        ("Reduction", "Reduction"),
        ("Lower than 2015/16", "Lower than 2015/16"),
        ("12.75%; 21.98%; 31.10%; 40%", "Profile"),
    ],
)
def test_a_target_without_one_figure_gives_its_comparator_only(written, comparator):
    target = target_figure(written, unit="%", polarity="up")
    assert target.comparator == comparator and target.figure.amount is None


@pytest.mark.parametrize(
    "written",
    [
        "",
        "TBC",
        "As much as possible during the year",
        "lots",  # not a target at all
        HOSTILE,  # formula-like text
        "=1+1",
        "<",
        "9" * 5000,  # huge
        "1" + "0" * 400 + "%",
        "95% (profile, Jun-19",  # a broken profile point
    ],
)
def test_text_that_is_no_target_figure_gives_neither(written):
    assert target_figure(written, unit="%", polarity="up") == NO_TARGET_FIGURE


@pytest.fixture(scope="module")
def workbook():
    snapshot = make_snapshot()
    figure = snapshot["figures"][2]  # EX-11 LBH, red
    figure["target"] = HOSTILE  # a target as written that starts like a formula
    return load_workbook(io.BytesIO(build_pack(snapshot, ["xlsx"]).files["xlsx"]))


def rows(sheet):
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


def test_every_target_column_holds_the_comparator_the_number_and_the_words(workbook):
    for name in ("Met target", "Exceptions", "All figures"):
        header = [c.value for c in workbook[name][1]]
        start = header.index("Comparator")
        assert header[start : start + 3] == ["Comparator", "Target", "Target as written"], name
    figures = rows(workbook["All figures"])
    payroll = next(r for r in figures if r["Ref"].value == "EX-10")
    assert payroll["Comparator"].value == ">="
    assert payroll["Target"].data_type == "n" and payroll["Target"].value == pytest.approx(1.0)
    assert payroll["Target"].number_format == "0.00%"
    assert payroll["Target as written"].value == "100.00%"
    days = next(r for r in figures if r["Ref"].value == "EX-02")  # lower is better
    assert (days["Comparator"].value, days["Target"].value) == ("<=", 20)
    assert days["Target"].number_format == '0 "days"'
    met = rows(workbook["Met target"])
    assert {(r["Ref"].value, r["Comparator"].value, r["Target"].value) for r in met} >= {
        ("EX-10", ">=", 1),
        ("EX-11", ">=", 1),
    }
    exceptions = rows(workbook["Exceptions"])
    breakdown = next(r for r in exceptions if r["Breakdown"].value == "HAY")
    assert (breakdown["Comparator"].value, breakdown["Target"].value) == ("<=", 5)


def test_a_target_that_is_no_figure_keeps_its_words_and_leaves_the_number_empty(workbook):
    figures = rows(workbook["All figures"])
    hostile = next(r for r in figures if r["Ref"].value == "EX-11" and r["Council"].value == "LBH")
    assert hostile["Comparator"].value is None and hostile["Target"].value is None
    assert hostile["Target as written"].value == HOSTILE
    assert hostile["Target as written"].data_type == "s"
    assert hostile["Target as written"].quotePrefix  # never a formula, even after an edit
    volumetric = next(r for r in figures if r["Ref"].value == "HR-06")  # no target
    assert all(volumetric[h].value is None for h in ("Comparator", "Target", "Target as written"))


def test_statuses_are_coloured_with_their_word_in_the_cell(workbook):
    seen = set()
    for name in ("Exceptions", "Months", "All figures"):
        for row in rows(workbook[name]):
            status = row["Status"]
            if not status.value:
                continue
            colour = {"Green": "green", "Achieved": "green", "Amber": "amber", "Red": "red"}.get(
                status.value, "grey"
            )
            assert status.fill.fgColor.rgb == "FF" + STATUS_FILLS[colour], (name, status.value)
            seen.add(status.value)
    assert {"Green", "Amber", "Red", "Incomplete"} <= seen
