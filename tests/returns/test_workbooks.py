"""The spreadsheet reading core, with no database: a cell as the text a person
wrote, the signed manifest, and the archive checks."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import replace
from types import SimpleNamespace

import pytest

from goldenthread.workbooks.cells import Cell, CellError, number_text, written_text
from goldenthread.workbooks.manifest import (
    Manifest,
    ManifestError,
    RowRef,
    layout_digest,
    read_manifest,
)
from goldenthread.workbooks.safety import MAX_FILE_BYTES, WorkbookRefused, inspect_xlsx

KEY = b"test key"


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (97.5, "General", "97.5"),
        (97.5, "0.00", "97.50"),
        (97.567, "0.00", "97.567"),  # every digit kept, at least the places shown
        (0.975, "0.0%", "97.5%"),
        (0.975, "0%", "97.5%"),
        (1, "0%", "100%"),
        (8861000, '"£"#,##0', "8861000"),
        (-41, "General", "-41"),
        (22, "0.0", "22.0"),
        (0.1, "General", "0.1"),  # the decimal written, not the binary float
        (1e20, "General", "100000000000000000000"),
        (12.5, "0.00;[Red]-0.00", "12.50"),
    ],
)
def test_a_number_is_read_as_its_cell_shows_it(value, number_format, text):
    assert number_text(value, number_format) == text


def cell(value, data_type="n", number_format="General"):
    raw = SimpleNamespace(value=value, data_type=data_type, number_format=number_format)
    return Cell(7, 10, raw)


@pytest.mark.parametrize(
    ("made", "message"),
    [
        (cell("=A1*2", "f"), "holds a formula (=A1*2); type the figure itself"),
        (cell("#DIV/0!", "e"), "holds an error value (#DIV/0!)"),
        (cell(True, "b"), "holds TRUE, not a figure"),
        (cell(datetime.datetime(2019, 4, 30), "d"), "holds a date (30 Apr 2019)"),
        (cell(datetime.time(7, 27), "d"), "holds a time (07:27:00)"),
        (cell(float("nan")), "not a figure"),
    ],
)
def test_what_a_person_does_not_type_is_refused(made, message):
    with pytest.raises(CellError, match=re.escape(message)):
        written_text(made)


def test_text_and_blanks_pass_through():
    assert written_text(cell("n/a", "s")) == "n/a"
    assert written_text(cell(None)) == ""
    assert written_text(cell(0.5, number_format="0%")) == "50%"
    assert cell(None).letter == "J"


MANIFEST = Manifest(
    organisation="LBH",
    period="2019/20 Q1",
    made="2026-11-22T10:00:00+00:00",
    service_areas=(("Strategic", "", 0), ("Exchequer and Transactional", "Payroll", 3)),
    indicators=((0, "STR-01"), (1, "EX-10")),
    layout=layout_digest([RowRef("Return", 7, 1, "EX-10", "", "2019-04", 1)]),
)


def test_a_manifest_reads_back_as_written():
    assert read_manifest(MANIFEST.signed_lines(KEY), KEY) == MANIFEST


def test_an_altered_manifest_or_another_key_is_recognised():
    lines = MANIFEST.signed_lines(KEY)
    lines[2] = ["organisation", "LBN"]
    with pytest.raises(ManifestError, match="it was altered"):
        read_manifest(lines, KEY)
    with pytest.raises(ManifestError, match="made by another goldenthread installation"):
        read_manifest(MANIFEST.signed_lines(b"another key"), KEY)
    with pytest.raises(ManifestError, match="incomplete"):
        read_manifest(MANIFEST.signed_lines(KEY)[:-1], KEY)


def test_another_template_version_is_named():
    with pytest.raises(ManifestError, match="template version 0"):
        read_manifest(replace(MANIFEST, version=0).signed_lines(KEY), KEY)


def test_a_layout_digest_changes_with_any_row():
    row = RowRef("Return", 7, 0, "EX-10", "", "2019-04", 1)
    assert layout_digest([row]) != layout_digest([replace(row, breakdown="HAY")])
    assert layout_digest([row]) != layout_digest([replace(row, row=8)])


def archive(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as made:
        for name, data in parts.items():
            made.writestr(name, data)
    return out.getvalue()


TYPES = (
    b'<Types><Override ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.sheet.main+xml"/></Types>'
)
WORKBOOK = {"[Content_Types].xml": TYPES, "xl/workbook.xml": b"<workbook/>"}


def test_a_plain_workbook_passes():
    found = inspect_xlsx(archive(WORKBOOK))
    assert found.members == ("[Content_Types].xml", "xl/workbook.xml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"x" * (MAX_FILE_BYTES + 1), "the largest file accepted is 10.0 MB"),
        (b"<html><body>figures</body></html>", "is a text file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(20), "is an image"),
        (bytes(range(256)) * 4, "not a spreadsheet"),
        (archive({"notes.txt": b"hello"}), "is a zip archive, not an Excel workbook"),
        (archive({**WORKBOOK, "xl/vbaProject.bin": b"x"}), "macro-enabled"),
        (
            archive({**WORKBOOK, "xl/worksheets/sheet1.xml": bytes(41 * 1024 * 1024)}),
            "would expand to far more",
        ),
        (
            archive({**WORKBOOK, "xl/worksheets/sheet1.xml": b"<!DOCTYPE x [<!ENTITY a 'b'>]>"}),
            "document type or entities",
        ),
        (
            archive({**WORKBOOK, "xl/worksheets/sheet1.xml": b" " * 1_048_500 + b"<!DOCTYPE x>"}),
            "document type or entities",  # across the 1 MB scanning boundary
        ),
        (archive({**WORKBOOK, "../evil.xml": b"<a/>"}), "is not a well-formed workbook"),
        (archive({"[Content_Types].xml": b"<Types/>", "content.xml": b"<a/>"}), "OpenDocument"),
    ],
)
def test_files_that_are_not_safe_workbooks_are_refused(data, message):
    with pytest.raises(WorkbookRefused, match=message):
        inspect_xlsx(data, name="'upload.xlsx'")


def test_the_reading_core_needs_no_django():
    import ast
    from pathlib import Path

    import goldenthread.workbooks as package

    for path in Path(package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = (
                    [a.name for a in node.names]
                    if isinstance(node, ast.Import)
                    else [node.module or ""]
                )
                assert not any(n.startswith("django") for n in names), path.name
