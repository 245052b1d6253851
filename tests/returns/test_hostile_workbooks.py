"""Issue 14, defects 2-4: workbooks made to hurt the server. A number too large
or too small for a figure is refused with its sheet and cell, never a
traceback; a small file that would cost seconds and gigabytes to read (a row
of millions of cells, millions of shared strings) is refused before openpyxl
sees it, with the sheet and the reason; and entity declarations are refused in
every part, whatever its name or encoding, before any XML parser sees them.
The hostile files are made on demand (tests/returns/hostile.py), not kept."""

from __future__ import annotations

import io
import re
import resource
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook
from tests.returns.hostile import (
    HOSTILE_ENTITY_FILES,
    MAIN,
    XXE,
    at_the_limits,
    encoded,
    many_strings,
    sheet_of,
    small_register,
    strings_part,
    strings_renamed,
    wide_row,
    with_part,
)
from tests.security_figures import record
from tests.web.conftest import world  # noqa: F401 - the web tests' small council

from goldenthread.workbooks import parts
from goldenthread.workbooks.cells import CellError, number_text
from goldenthread.workbooks.safety import WorkbookRefused, inspect_xlsx

# --- defect 2: numbers no figure can hold --------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (1e30, "General", "1" + "0" * 30),
        (10**30, "General", "1" + "0" * 30),
        (-(10**30), "0.00", "-1" + "0" * 30 + ".00"),
        (1e30, "0%", "1" + "0" * 32 + "%"),
        (1.25e-30, "General", "0." + "0" * 29 + "125"),
    ],
)
def test_a_large_or_small_number_is_written_out_in_full_for_the_form_to_judge(
    value, number_format, text
):
    assert number_text(value, number_format) == text


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1e300, "General", "1E+300, a number of 301 digits"),
        (10**40, "General", "1E+40, a number of 41 digits"),
        (1e-300, "General", "1E-300, a number of 301 digits"),
        (5e-324, "0.00", "5E-324, a number of 325 digits"),
        (1.7976931348623157e308, "0%", "1.798E+310, a number of 311 digits"),
        (10**4000, "General", "1E+4000, a number of 4,001 digits"),
        (1.5, "0." + "0" * 5000, "1.5, a number of 5,001 digits"),
    ],
    ids=["1e300", "10**40", "1e-300", "5e-324", "largest float %", "10**4000", "5000 places"],
)
def test_a_number_longer_than_any_figure_is_refused_without_writing_it_out(
    value, number_format, shown
):
    with pytest.raises(CellError, match=re.escape(shown) + ": too many digits for a figure"):
        number_text(value, number_format)


def _filled_template(world, cell: str, value: object) -> bytes:  # noqa: F811
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.returns.sheet_template import return_template

    made = return_template(
        organisation=world.lbh,
        service_areas=[world.payroll],
        quarter=Quarter(FinancialYear(2019), 1),
    )
    book = load_workbook(io.BytesIO(made.content))
    book["Return"][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("value", [1e30, 1e300, 10**40, 1e-300])
def test_an_upload_with_a_huge_number_names_the_sheet_and_cell(world, value):  # noqa: F811
    from goldenthread.people.access import scope_of
    from goldenthread.returns.sheet_import import ImportRefused, read_return_workbook

    data = _filled_template(world, "J7", value)
    with pytest.raises(ImportRefused) as refused:
        read_return_workbook(data, filename="huge.xlsx", scope=scope_of(world.users["officer.lbh"]))
    message = str(refused.value)
    assert re.search(r"Return sheet, row 7, column J \(Figure\): .*too many digits", message)


def test_the_rate_tool_reads_a_huge_percentage_without_a_traceback(tmp_path: Path):
    from goldenthread.ratesheet.read import as_text, open_sheet

    book = OpenpyxlWorkbook()
    sheet = book.active
    sheet.append(["Reference", "Actual"])
    sheet.append(["EX-01", 1e300])
    sheet["B2"].number_format = "0%"
    path = tmp_path / "huge.xlsx"
    book.save(path)
    with open_sheet(path) as opened:
        rows = list(opened.rows)
    assert as_text(rows[0][1][1]) == "1" + "0" * 302 + "%"


@pytest.fixture
def no_parser(monkeypatch):
    """Fails the test if openpyxl or the standard library's XML parser is used."""
    from xml.etree import ElementTree

    import openpyxl

    import goldenthread.workbooks.cells

    reached: list[str] = []

    def spy(what: str):  # type: ignore[no-untyped-def]
        def called(*args, **kwargs):  # type: ignore[no-untyped-def]
            reached.append(what)
            raise AssertionError(f"{what} was reached")

        return called

    monkeypatch.setattr(goldenthread.workbooks.cells, "load_workbook", spy("openpyxl"))
    monkeypatch.setattr(openpyxl, "load_workbook", spy("openpyxl"))
    monkeypatch.setattr(ElementTree, "XMLParser", spy("ElementTree.XMLParser"))
    monkeypatch.setattr(ElementTree, "XMLPullParser", spy("ElementTree.XMLPullParser"))
    return reached


@pytest.mark.parametrize("what", list(HOSTILE_ENTITY_FILES))
def test_entities_are_refused_in_any_part_and_encoding_before_any_parser(what, no_parser):
    from goldenthread.indicators.register_sheet import RegisterSheetRefused, read_register_workbook

    make, message = HOSTILE_ENTITY_FILES[what]
    data = make()
    with pytest.raises(RegisterSheetRefused) as refused:
        read_register_workbook(data, filename="register.xlsx")
    text = str(refused.value)
    assert text.startswith("'register.xlsx'") and message in text
    assert "It has not been opened" in text
    assert no_parser == []


def test_the_hostile_entity_files_are_what_openpyxl_would_read():
    """Unchecked, openpyxl follows the relationships to the renamed part and
    parses it: the files above do reach a parser when nothing stops them."""
    from openpyxl.reader.excel import ExcelReader

    reader = ExcelReader(io.BytesIO(strings_renamed(small_register(), encoded(XXE, "utf-8"))))
    reader.read_manifest()
    assert (
        reader.package.find(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
        ).PartName
        == "/xl/strings.bin"
    )
    plain = strings_renamed(small_register(), encoded(strings_part("", "EX-01"), "utf-8"))
    book = load_workbook(io.BytesIO(plain), read_only=True)
    assert [c.value for c in next(book["Register"].iter_rows())] == ["EX-01", "KPI"]
    book.close()


def test_a_plain_workbook_in_utf8_with_a_renamed_part_is_still_read():
    from goldenthread.workbooks.cells import Workbook

    data = strings_renamed(small_register(), encoded(strings_part("", "EX-01"), "utf-8"))
    inspect_xlsx(data)
    book = Workbook(data)
    assert [c.value for c in next(book.rows("Register", max_row=1, max_column=2))] == [
        "EX-01",
        "KPI",
    ]
    book.close()


# --- defect 3: small files that cost seconds and gigabytes ----------------------

SECONDS = 0.5  # of CPU for a refusal: it stops at the first row or string over a limit
PEAK_BYTES = 16 * 1024 * 1024  # Python's allocations while refusing, beyond the file


def refused(data: bytes) -> str:
    try:
        inspect_xlsx(data, name="'return.xlsx'")
    except WorkbookRefused as refusal:
        return str(refusal)
    return ""


def refusal_of(data: bytes) -> tuple[str, float, int]:
    """The message, the seconds of CPU it took (not elapsed: the machine may be
    busy) and the peak of Python's allocations (traced in a second run: tracing
    slows every allocation down)."""
    started = time.process_time()
    message = refused(data)
    elapsed = time.process_time() - started
    tracemalloc.start()
    refused(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return message, elapsed, peak


def test_a_row_of_millions_of_cells_in_a_small_file_is_refused_at_once():
    data = wide_row()  # 2.6 million cells: 17 s and 1.2 GB for openpyxl
    assert len(data) < 500 * 1024
    message, elapsed, peak = refusal_of(data)
    assert message.startswith(
        "'return.xlsx': the sheet 'Register' has more than 1,000 cells in row 1"
    )
    assert "It has not been opened" in message
    assert elapsed < SECONDS and peak < PEAK_BYTES, (elapsed, peak)
    record("hostile-files", "2.6 million cells in one row (KB)", round(len(data) / 1024))
    record("hostile-files", "2.6 million cells in one row: refused in (CPU s)", round(elapsed, 3))
    record("hostile-files", "2.6 million cells in one row: peak (MB)", round(peak / 2**20, 1))


def test_millions_of_shared_strings_are_refused_at_once():
    data = many_strings()  # 1.75 million strings: 28-36 s for openpyxl
    message, elapsed, peak = refusal_of(data)
    assert message.startswith(
        "'return.xlsx': its part xl/sharedStrings.xml holds more than 20,000 different texts"
    )
    assert elapsed < SECONDS and peak < PEAK_BYTES, (elapsed, peak)
    record("hostile-files", "1.75 million shared strings: refused in (CPU s)", round(elapsed, 3))
    record("hostile-files", "1.75 million shared strings: peak (MB)", round(peak / 2**20, 1))


def rows_of(cells: bytes, count: int, *, numbered: bool = True) -> bytes:
    return b"".join(
        (b'<row r="%d">' % (n + 1) if numbered else b"<row>") + cells + b"</row>"
        for n in range(count)
    )


def styles_with(extra_formats: int) -> bytes:
    styles = zipfile.ZipFile(io.BytesIO(small_register())).read("xl/styles.xml")
    formats = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * extra_formats
    return with_part(
        small_register(),
        "xl/styles.xml",
        styles.replace(b"</cellXfs>", formats + b"</cellXfs>"),
        STORED,
    )


CELL = b"<c><v>1</v></c>"
STORED = zipfile.ZIP_STORED
OVER_THE_LIMITS = {
    "cells in a row": (
        lambda: with_part(
            small_register(),
            "xl/worksheets/sheet1.xml",
            sheet_of(rows_of(b"<c/>" * 5 + CELL * 996, 3)),
            STORED,
        ),
        "the sheet 'Register' has more than 1,000 cells in row 1,",
    ),
    "cells in a row split across reading chunks": (
        lambda: with_part(
            small_register(),
            "xl/worksheets/sheet1.xml",
            sheet_of(b" " * (parts.CHUNK - 20) + rows_of(CELL * 1001, 1, numbered=False)),
            STORED,
        ),
        "has more than 1,000 cells in row 1 (counting from the top)",
    ),
    "cells with a namespace prefix": (
        lambda: with_part(
            small_register(),
            "xl/worksheets/sheet1.xml",
            sheet_of(rows_of(b"<x:c><x:v>1</x:v></x:c>" * 1001, 1)).replace(
                b"<worksheet ", b'<worksheet xmlns:x="urn:x" '
            ),
            STORED,
        ),
        "has more than 1,000 cells in row 1,",
    ),
    "rows": (
        lambda: with_part(
            small_register(), "xl/worksheets/sheet1.xml", sheet_of(rows_of(b"", 30_001)), STORED
        ),
        "the sheet 'Register' takes the workbook past 30,000 rows",
    ),
    "cells": (
        lambda: with_part(
            small_register(),
            "xl/worksheets/sheet1.xml",
            sheet_of(rows_of(CELL * 1000, 101)),
            STORED,
        ),
        "the sheet 'Register' takes the workbook past 100,000 cells",
    ),
    "elements": (
        lambda: with_part(
            small_register(),
            "xl/worksheets/sheet1.xml",
            sheet_of(rows_of(b"<c>" + b"<v/>" * 400_001 + b"</c>", 1)),
            STORED,
        ),
        "takes the workbook past 400,000 XML elements",
    ),
    "styles": (
        lambda: styles_with(10_001),
        "its part xl/styles.xml takes the workbook past 10,000 XML elements other than cells",
    ),
}


@pytest.mark.parametrize("what", list(OVER_THE_LIMITS))
def test_a_workbook_over_a_limit_is_refused_naming_the_sheet_or_part(what):
    make, expected = OVER_THE_LIMITS[what]
    message, elapsed, _ = refusal_of(make())
    assert expected in message, message
    assert elapsed < SECONDS


def test_a_workbook_just_within_every_limit_is_read_quickly_in_little_memory():
    """The costliest workbook the limits accept: the sheet read holds 99,000
    cells in rows of 1,000, every one a shared string of 19,900."""
    from goldenthread.workbooks.cells import Workbook

    data = at_the_limits(99, 1000, 19_900)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    inspect_xlsx(data)
    book = Workbook(data)
    rows = list(book.rows("Register", max_row=20_000, max_column=200))
    book.close()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert len(rows) == 99 and rows[0][199].value == "text 199"
    assert cpu < 2.0 and grown < 150, (cpu, grown)
    record("hostile-files", "costliest accepted workbook: CPU time to read (s)", round(cpu, 2))
    record("hostile-files", "costliest accepted workbook: elapsed (s)", round(elapsed, 2))


def test_a_register_of_a_thousand_indicators_is_within_the_limits():
    """A thousand indicators, each with six texts of its own (reference, title,
    definition, owner, source, breakdowns) and 34 columns of choices and targets."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Register")
    for row in range(1001):
        own = [f"EX-{row:04d}", f"title {row}", f"definition {row}", f"owner {row}"]
        own += [f"source {row}", f"part {row}"]
        sheet.write_row(row, 0, own + [f"{90 + (row + c) % 10}.00%" for c in range(34)])
    book.close()
    assert refused(out.getvalue()) == ""


def test_every_hostile_file_made_here_is_refused_before_openpyxl():
    """The figures for docs/security.md: how many hostile files, the slowest refusal."""
    makers = [make for make, _ in (*HOSTILE_ENTITY_FILES.values(), *OVER_THE_LIMITS.values())]
    makers += [wide_row, many_strings]
    slowest = 0.0
    for make in makers:
        data = make()
        started = time.process_time()
        assert refused(data), make
        slowest = max(slowest, time.process_time() - started)
    record("hostile-files", "hostile files made by the tests, all refused unopened", len(makers))
    record("hostile-files", "slowest refusal of a hostile file (CPU s)", round(slowest, 3))


@pytest.mark.parametrize("value", [1e30, 1e300, 10**40])
def test_a_register_with_a_huge_target_or_decimals_is_refused_without_a_traceback(
    world,  # noqa: F811
    value,
):
    from goldenthread.indicators.bulk import RegisterRefused, register_preview
    from goldenthread.indicators.register_sheet import (
        RegisterSheetRefused,
        read_register_workbook,
        register_workbook,
    )

    book = load_workbook(io.BytesIO(register_workbook()))
    sheet = book["Register"]
    headings = [c.value for c in sheet[1]]
    target, decimals = headings.index("2019/20 target LBH") + 1, headings.index("Decimals") + 1
    sheet.cell(2, target).value = value
    sheet.cell(3, decimals).value = float(value)
    out = io.BytesIO()
    book.save(out)
    with pytest.raises((RegisterSheetRefused, RegisterRefused)) as refused:
        rows = read_register_workbook(out.getvalue(), filename="register.xlsx")
        register_preview(rows.indicators, rows.targets)
    message = str(refused.value)
    assert re.search(r"Register sheet, row [23], column [DJ] \((Decimals|2019/20 target)", message)
    if value > 1e40:  # longer than any figure: refused as the cell is read
        assert "Register sheet, row 2, column D (2019/20 target LBH): holds 1E+" in message


def test_an_image_is_not_counted_as_markup():
    """Random bytes hold a "<" in every 256: a 4 MB picture is no 16,000 elements."""
    import random

    picture = b"\x89PNG\r\n\x1a\n" + random.Random(14).randbytes(4 * 1024 * 1024)
    buffer = io.BytesIO(small_register())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/media/image1.png", picture)
    assert refused(buffer.getvalue()) == ""


@pytest.mark.parametrize(
    ("what", "reason"),
    [
        ("XXE to /etc/passwd in a .bin part", "its part xl/strings.bin declares a document type"),
        ("billion laughs in UTF-16", "its part xl/sharedStrings.xml is written in UTF-16"),
    ],
)
def test_the_rate_tool_refuses_entities_in_any_part_too(tmp_path: Path, what, reason, no_parser):
    """`goldenthread rate` reads a person's own file of any size (no limits), but
    no part of it reaches a parser with entities either."""
    from goldenthread.ratesheet.read import SheetError, open_sheet

    path = tmp_path / "indicators.xlsx"
    path.write_bytes(HOSTILE_ENTITY_FILES[what][0]())
    with pytest.raises(SheetError) as refused:
        open_sheet(path)
    assert str(refused.value).startswith(f"{path}: {reason}")
    assert str(refused.value).endswith("it has not been opened")
    assert no_parser == []


def test_a_calculation_chain_of_many_formulas_is_not_one_long_row():
    """Excel lists every formula's cell in xl/calcChain.xml, outside any row."""
    chain = f'<calcChain xmlns="{MAIN}">'.encode()
    chain += b"".join(b'<c r="A%d" i="1"/>' % n for n in range(1, 5001)) + b"</calcChain>"
    buffer = io.BytesIO(small_register())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/calcChain.xml", chain)
    assert refused(buffer.getvalue()) == ""
