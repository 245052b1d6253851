"""Hostile workbooks made on demand (not kept: some are megabytes), for the
tests in test_hostile_workbooks.py and for bench/bench_hostile.py. Standard
library and XlsxWriter only: no Django."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def small_register() -> bytes:
    """A workbook like a register export: a Register sheet of shared strings."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Register")
    for row, values in enumerate([["Reference", "KPI"], ["EX-01", "Days to pay"]]):
        sheet.write_row(row, 0, values)
    book.close()
    return out.getvalue()


def rezipped(data: bytes, change, method: int = zipfile.ZIP_DEFLATED) -> bytes:  # type: ignore[no-untyped-def]
    """The archive with `change(name, part) -> (name, part)` applied to each part."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", method) as target,
    ):
        for info in source.infolist():
            target.writestr(*change(info.filename, source.read(info)))
    return out.getvalue()


def with_part(
    data: bytes, member: str, content: bytes, method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """The archive with one part's content replaced (stored unpacked, a part of
    a few repeated tags passes the archive's packing-ratio check)."""
    return rezipped(data, lambda n, d: (n, content if n == member else d), method)


def strings_renamed(data: bytes, content: bytes, new_name: str = "xl/strings.bin") -> bytes:
    """The shared strings moved to another name, the content types and the
    workbook's relationships pointing at it, as a reader follows them."""
    short = new_name.removeprefix("xl/")

    def change(name: str, part: bytes) -> tuple[str, bytes]:
        if name == "xl/sharedStrings.xml":
            return new_name, content
        if name == "[Content_Types].xml":
            return name, part.replace(b"/xl/sharedStrings.xml", f"/{new_name}".encode())
        if name == "xl/_rels/workbook.xml.rels":
            return name, part.replace(b'"sharedStrings.xml"', f'"{short}"'.encode())
        return name, part

    return rezipped(data, change)


def strings_part(doctype: str, text: str) -> str:
    return (
        f'<?xml version="1.0" encoding="{{encoding}}"?>\n{doctype}\n'
        f'<sst xmlns="{MAIN}" count="2" uniqueCount="2"><si><t>{text}</t></si>'
        "<si><t>KPI</t></si></sst>"
    )


LAUGHS = strings_part(
    '<!DOCTYPE sst [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>",
    "&lol9;",
)
XXE = strings_part('<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;")


def encoded(template: str, encoding: str, *, bom: bool = True) -> bytes:
    text = template.replace("{encoding}", encoding.upper().removesuffix("-LE"))
    data = text.encode(encoding)
    marks = {"utf-16-le": b"\xff\xfe", "utf-32-le": b"\xff\xfe\x00\x00", "utf-8": b""}
    return (marks[encoding] if bom else b"") + data


HOSTILE_ENTITY_FILES = {
    "billion laughs in a .bin part": (
        lambda: strings_renamed(small_register(), encoded(LAUGHS, "utf-8")),
        "document type or entities, as used to attack servers, in its part xl/strings.bin",
    ),
    "XXE to /etc/passwd in a .bin part": (
        lambda: strings_renamed(small_register(), encoded(XXE, "utf-8")),
        "document type or entities, as used to attack servers, in its part xl/strings.bin",
    ),
    "billion laughs in a part without an extension": (
        lambda: strings_renamed(small_register(), encoded(LAUGHS, "utf-8"), "xl/strings"),
        "in its part xl/strings)",
    ),
    "billion laughs in UTF-16": (
        lambda: with_part(small_register(), "xl/sharedStrings.xml", encoded(LAUGHS, "utf-16-le")),
        "its part xl/sharedStrings.xml is written in UTF-16, not in UTF-8",
    ),
    "XXE in UTF-16": (
        lambda: with_part(small_register(), "xl/sharedStrings.xml", encoded(XXE, "utf-16-le")),
        "its part xl/sharedStrings.xml is written in UTF-16, not in UTF-8",
    ),
    "XXE in UTF-16 without a byte order mark, in a .bin part": (
        lambda: strings_renamed(small_register(), encoded(XXE, "utf-16-le", bom=False)),
        "its part xl/strings.bin is written in UTF-16 or UTF-32, not in UTF-8",
    ),
    "billion laughs in UTF-32": (
        lambda: with_part(small_register(), "xl/sharedStrings.xml", encoded(LAUGHS, "utf-32-le")),
        "its part xl/sharedStrings.xml is written in UTF-32, not in UTF-8",
    ),
    "XXE in UTF-16 after leading spaces (no byte order mark to see)": (
        lambda: with_part(
            small_register(),
            "xl/sharedStrings.xml",
            "  ".encode("utf-16-le") + encoded(XXE, "utf-16-le", bom=False),
        ),
        "document type or entities, as used to attack servers, in its part xl/sharedStrings.xml",
    ),
    "an XML declaration of another encoding": (
        lambda: with_part(
            small_register(),
            "xl/sharedStrings.xml",
            strings_part("", "EX-01").replace("{encoding}", "UTF-7").encode(),
        ),
        "its part xl/sharedStrings.xml is written in UTF-7, not in UTF-8",
    ),
}


def sheet_of(rows: bytes) -> bytes:
    return (
        (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>').encode()
        + rows
        + b"</sheetData></worksheet>"
    )


def wide_row(cells: int = 2_600_000, seed: int = 14) -> bytes:
    """The issue's file: one row of 2.6 million cells in about 300 KB, within
    every archive limit (one part under 40 MB that packs less than 150 times)."""
    rng = random.Random(seed)
    plain = b"<c><v>1</v></c>" * 7
    row = b"".join(plain + b"<c><v>%d</v></c>" % rng.randrange(10) for _ in range(cells // 8))
    return with_part(
        small_register(), "xl/worksheets/sheet1.xml", sheet_of(b"<row>" + row + b"</row>")
    )


def many_strings(count: int = 1_750_000) -> bytes:
    """The issue's other file: 1.75 million different shared strings."""
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(count))
    part = (
        (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}" count="{count}" '
            f'uniqueCount="{count}">'
        ).encode()
        + strings
        + b"</sst>"
    )
    return with_part(small_register(), "xl/sharedStrings.xml", part)


def at_the_limits(rows: int, cells_in_row: int, strings: int, *, other_rows: int = 0) -> bytes:
    """A register whose sheet holds `rows` rows of `cells_in_row` cells, each a
    shared string (of `strings`), and `other_rows` rows of one cell below:
    what costs openpyxl most within the limits."""
    row = b"".join(b'<c t="s"><v>%d</v></c>' % (n % strings) for n in range(cells_in_row))
    body = b"".join(b'<row r="%d">' % (r + 1) + row + b"</row>" for r in range(rows))
    body += b"".join(
        b'<row r="%d"><c t="s"><v>0</v></c></row>' % (rows + r + 1) for r in range(other_rows)
    )
    texts = b"".join(b"<si><t>text %d</t></si>" % n for n in range(strings))
    part = f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN}">'.encode()
    return rezipped(
        small_register(),
        lambda n, d: (
            n,
            sheet_of(body)
            if n == "xl/worksheets/sheet1.xml"
            else part + texts + b"</sst>"
            if n == "xl/sharedStrings.xml"
            else d,
        ),
    )


Maker = Callable[[], bytes]
