"""Make the corpus of broken and hostile data return files in this folder.

    .venv/bin/python tests/returns/corpus/make_corpus.py

Each file is what `CASES` names, made from the demonstration data's
Havering Payroll return for 2019/20 Q1 (a fresh SQLite database, the test
settings' secret key) or from nothing at all; tests/web/test_spreadsheet_corpus.py
imports every one and checks the message it gets and that the database is
unchanged. Run this again after changing the template's layout. The over-large
file (10 MB and more) is not kept: `over_large` makes it where a test needs it.
"""

from __future__ import annotations

import datetime
import io
import os
import struct
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]

# file name -> (what it is, a fragment of the message it must get; "" = imports)
CASES: dict[str, tuple[str, str]] = {
    "valid-filled.xlsx": ("the template, filled in with openpyxl (the control case)", ""),
    "csv-renamed.xlsx": ("a CSV file renamed .xlsx", "is a text file (perhaps CSV or HTML)"),
    "pdf-renamed.xlsx": ("a PDF renamed .xlsx", "is a PDF document"),
    "old-excel.xlsx": ("an Excel 97-2003 (.xls) file renamed", "Excel 97-2003 workbook (.xls)"),
    "word-document.xlsx": ("a Word document renamed .xlsx", "is a Word document"),
    "truncated.xlsx": ("the first half of a template", "is damaged"),
    "macro-enabled.xlsx": (
        "the template with a vbaProject.bin and the macro-enabled content type",
        "macro-enabled workbook (.xlsm)",
    ),
    "zip-bomb.xlsx": ("a 100 MB part of zeros in 100 KB", "would expand to far more"),
    "zip-bomb-ratio.xlsx": ("a 30 MB part compressed 1000 times", "would expand to far more"),
    "zip-bomb-lying-size.xlsx": (
        "a part that says it is 1 KB and expands to 50 MB",
        "is damaged",
    ),
    "billion-laughs.xlsx": (
        "the template with entity expansion in its sheet XML",
        "document type or entities",
    ),
    "many-parts.xlsx": ("a zip of 300 parts", "holds 300 parts"),
    "not-a-template.xlsx": ("an ordinary workbook", "is not a goldenthread data return template"),
    "missing-sheet.xlsx": (
        "the template without its Commentary sheet",
        "no sheet named 'Commentary'",
    ),
    "altered-manifest.xlsx": (
        "the template with its hidden sheet edited to say LBN",
        "it was altered",
    ),
    "wrong-period.xlsx": ("the Q2 template, uploaded to Q1", "is for 2019/20 Q2, not 2019/20 Q1"),
    "wrong-council.xlsx": (
        "Newham's template, uploaded to Havering's",
        "is the LBN Exchequer and Transactional: Payroll return",
    ),
    "text-in-number.xlsx": ("'about ninety' as a figure", "could not read 'about ninety'"),
    "unit-mismatch.xlsx": ("'97 days' for a percentage", "enter a figure in %, not in days"),
    "date-in-number.xlsx": ("a date where a figure belongs", "holds a date (30 Apr 2019)"),
    "formula-in-input.xlsx": ("a formula in a figure cell", "holds a formula (=99.5+0.4)"),
    "figure-and-not-applicable.xlsx": (
        "a figure and n/a in the same row",
        "is marked not applicable: clear one of them",
    ),
    "merged-cells.xlsx": ("two figure cells merged", "cells J7:J8 are merged"),
    "moved-rows.xlsx": ("two rows swapped", "should hold EX-10 May-19 but holds EX-10 Jun-19"),
    "duplicate-indicator.xlsx": ("a row copied over the next", "(it repeats row 7)"),
    "extra-rows.xlsx": (
        "an indicator added below the template's rows",
        "is not part of the template",
    ),
    "columns-deleted.xlsx": (
        "the Not applicable column deleted",
        "columns were moved, added or deleted",
    ),
    "commentary-too-long.xlsx": ("5,001 characters of reasons", "5000 characters or fewer"),
}
OVER_LARGE = "over-large.xlsx"
OVER_LARGE_MESSAGE = "the largest file accepted is 10.0 MB"


def over_large(path: Path) -> None:
    """A workbook-shaped zip of 11 MB that does not compress."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/media/noise.bin", os.urandom(11 * 1024 * 1024))


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("GOLDENTHREAD_DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from goldenthread.demo.load import load_dataset

    load_dataset()


def _template(code: str = "LBH", quarter: int = 1) -> bytes:
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.organisations.models import Organisation, ServiceArea
    from goldenthread.returns.sheet_template import return_template

    made = return_template(
        organisation=Organisation.objects.get(code=code),
        service_areas=[ServiceArea.objects.get(name="Payroll")],
        quarter=Quarter(FinancialYear(2019), quarter),
    )
    return made.content


def _edited(content: bytes, edit) -> bytes:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rezipped(content: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The archive with `change(name, data) -> data | None` applied to each part
    (None drops it); `change("", b"")` may return extra parts as a dict."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info.filename, data)
        for name, data in (change("", b"") or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _set(sheet: str, cell: str, value: object):  # type: ignore[no-untyped-def]
    def edit(book) -> None:  # type: ignore[no-untyped-def]
        book[sheet][cell] = value

    return edit


def build(folder: Path) -> None:
    base = _template()
    files: dict[str, bytes] = {}

    def filled(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Return"]
        sheet["J7"] = 99.97
        sheet["J12"] = 96.5
        book["Commentary"]["F8"] = "BACS run failed on 28 June"

    files["valid-filled.xlsx"] = _edited(base, filled)
    files["csv-renamed.xlsx"] = b"reference,month,figure\nEX-10,Apr-19,99.94%\n"
    files["pdf-renamed.xlsx"] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
    files["old-excel.xlsx"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088)
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    files["word-document.xlsx"] = word.getvalue()
    files["truncated.xlsx"] = base[: len(base) // 2]

    def macros(name: str, data: bytes):  # type: ignore[no-untyped-def]
        if name == "":
            return {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project"}
        if name == "[Content_Types].xml":
            return data.replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            )
        return data

    files["macro-enabled.xlsx"] = _rezipped(base, macros)
    files["zip-bomb.xlsx"] = _rezipped(
        base, lambda n, d: {"xl/worksheets/sheet9.xml": bytes(100 * 1024 * 1024)} if n == "" else d
    )
    files["zip-bomb-ratio.xlsx"] = _rezipped(
        base, lambda n, d: {"xl/worksheets/sheet9.xml": b" " * (30 * 1024 * 1024)} if n == "" else d
    )
    files["zip-bomb-lying-size.xlsx"] = _lying(
        _rezipped(
            base,
            lambda n, d: (
                {"xl/worksheets/sheet9.xml": b"<a>" + b" " * (50 * 1024 * 1024)} if n == "" else d
            ),
        ),
        "xl/worksheets/sheet9.xml",
    )
    laughs = (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
            for i in range(1, 10)
        )
        + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    files["billion-laughs.xlsx"] = _rezipped(
        base, lambda n, d: laughs if n == "xl/worksheets/sheet1.xml" else d
    )
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as archive:
        for i in range(300):
            archive.writestr(f"xl/part{i}.xml", "<a/>")
    files["many-parts.xlsx"] = many.getvalue()
    import xlsxwriter

    plain = io.BytesIO()
    book = xlsxwriter.Workbook(plain)
    book.add_worksheet("Return").write("A1", "My figures")
    book.close()
    files["not-a-template.xlsx"] = plain.getvalue()
    files["missing-sheet.xlsx"] = _edited(base, lambda b: b.remove(b["Commentary"]))

    def alter(book) -> None:  # type: ignore[no-untyped-def]
        for row in book["goldenthread"].iter_rows():
            if row[0].value == "organisation":
                row[1].value = "LBN"

    files["altered-manifest.xlsx"] = _edited(base, alter)
    files["wrong-period.xlsx"] = _template("LBH", 2)
    files["wrong-council.xlsx"] = _template("LBN", 1)
    files["text-in-number.xlsx"] = _edited(base, _set("Return", "J8", "about ninety"))
    files["unit-mismatch.xlsx"] = _edited(base, _set("Return", "J7", "97 days"))
    files["date-in-number.xlsx"] = _edited(
        base, _set("Return", "J7", datetime.datetime(2019, 4, 30))
    )
    files["formula-in-input.xlsx"] = _edited(base, _set("Return", "J7", "=99.5+0.4"))
    files["figure-and-not-applicable.xlsx"] = _edited(base, _set("Return", "K7", "n/a"))
    files["merged-cells.xlsx"] = _edited(base, lambda b: b["Return"].merge_cells("J7:J8"))

    def swap(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Return"]
        for column in range(1, 14):
            upper, lower = sheet.cell(8, column), sheet.cell(9, column)
            upper.value, lower.value = lower.value, upper.value

    files["moved-rows.xlsx"] = _edited(base, swap)

    def duplicate(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Return"]
        for column in range(1, 14):
            sheet.cell(8, column).value = sheet.cell(7, column).value

    files["duplicate-indicator.xlsx"] = _edited(base, duplicate)

    def extra(book) -> None:  # type: ignore[no-untyped-def]
        sheet = book["Return"]
        row = sheet.max_row + 2
        for column, value in enumerate(("EX-99", "My own indicator", "Payroll"), start=1):
            sheet.cell(row, column).value = value
        sheet.cell(row, 10).value = 42

    files["extra-rows.xlsx"] = _edited(base, extra)
    files["columns-deleted.xlsx"] = _edited(base, lambda b: b["Return"].delete_cols(11))
    files["commentary-too-long.xlsx"] = _edited(base, _set("Commentary", "F7", "x" * 5001))
    assert set(files) == set(CASES), set(CASES) ^ set(files)
    for name, data in files.items():
        (folder / name).write_bytes(data)


def _lying(content: bytes, member: str) -> bytes:
    """The archive with `member`'s uncompressed size written as 1,024 bytes."""
    data = bytearray(content)
    name = member.encode()
    local = data.find(b"PK\x03\x04" + bytes(0), 0)
    while local != -1:
        length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + length] == name:
            struct.pack_into("<I", data, local + 22, 1024)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + length] == name:
            struct.pack_into("<I", data, central + 24, 1024)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


if __name__ == "__main__":
    _setup_django()
    build(HERE)
    print(f"wrote {len(CASES)} files to {HERE}")
